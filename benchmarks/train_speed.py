"""How fast is training? Reference against engine, measured side by side in one run.

    python benchmarks/train_speed.py [--repeats 7]

Prints the median in-process time of 1000 epochs on 300 samples for the
plain-Python reference and for the numba engine, and their ratio, for online
and batch mode; the time of a 100-configuration sweep against 100 single runs;
and how long the first call takes in a fresh process (compile or cache load),
which is what the first slider move in a notebook waits for.
Targets (issue 2): online < 6 ms and >= 30x the reference, batch < 1 ms,
100-configuration online sweep < 80 ms, sweeps bit-identical to single runs;
the engine equal to the reference to 1e-12 (online: bit for bit).
"""
from __future__ import annotations

import argparse
import subprocess
import sys

import numpy as np

import nnmath
from nnmath import reference, sweep, train
from nnmath.core.data import quadratic_data
from nnmath.core.init import LECTURE_START_2
from timing import median_seconds  # benchmarks/timing.py (this script's folder is on sys.path)

EPOCHS, SAMPLES = 1000, 300


def reference_run(X, y, lr, epochs, mode):
    n = len(y)
    batches = (lambda e: [[i] for i in range(n)]) if mode == "online" else (lambda e: [list(range(n))])
    return reference.train_reference(LECTURE_START_2, X, y, [lr] * epochs, epochs, batches)


def first_call_seconds():
    """A fresh interpreter: import nnmath and train once (compiled code loads from numba's cache)."""
    code = ("import time; t = time.perf_counter(); import nnmath, numpy as np; "
            "from nnmath.core.init import LECTURE_START_2 as p; "
            "X = np.zeros((300, 2)); y = np.zeros(300); "
            "nnmath.train(p, X, y, 1e-3, 1000); print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()

    X, y = quadratic_data(n=SAMPLES, seed=0)
    lr = 4e-4
    train(LECTURE_START_2, X, y, lr, 2)                       # make sure the engine is loaded
    train(LECTURE_START_2, X, y, lr, 2, mode="batch")
    print(f"1000 epochs, {SAMPLES} samples, lr {lr}, median of {args.repeats} runs (reference: 1 run)")
    print(f"{'mode':8} {'reference':>12} {'engine':>12} {'ratio':>9}")
    targets = {"online": 6e-3, "batch": 1e-3}
    for mode in ("online", "batch"):
        ref = median_seconds(lambda: reference_run(X, y, lr, EPOCHS, mode), 1)
        eng = median_seconds(lambda: train(LECTURE_START_2, X, y, lr, EPOCHS, mode=mode), args.repeats)
        ref_params, *_ = reference_run(X, y, lr, 5, mode)
        got = train(LECTURE_START_2, X, y, lr, 5, mode=mode).params.to_array()
        gap = float(np.max(np.abs(got - ref_params.to_array()) / np.abs(ref_params.to_array())))
        # Online is bit for bit; batch sums in eight interleaved partial sums (engine.LANES).
        agree = "bit for bit" if gap == 0 else f"to {gap:.0e} relative"
        print(f"{mode:8} {ref * 1e3:10.1f} ms {eng * 1e3:10.2f} ms {ref / eng:8.0f}x"
              f"   engine vs reference (5 epochs): {agree:22}  target < {targets[mode] * 1e3:.0f} ms: "
              f"{'met' if eng < targets[mode] else 'NOT met'}")

    rates = list(np.geomspace(1e-6, 1e-3, 100))
    sweep(LECTURE_START_2, X, y, rates[:2], 2)
    swept = median_seconds(lambda: sweep(LECTURE_START_2, X, y, rates, EPOCHS), args.repeats)
    singles = median_seconds(lambda: [train(LECTURE_START_2, X, y, r, EPOCHS) for r in rates], 1)
    result = sweep(LECTURE_START_2, X, y, rates, EPOCHS)
    identical = all(
        np.array_equal(result.params[k], train(LECTURE_START_2, X, y, rates[k], EPOCHS).params.to_array())
        for k in range(0, len(rates), 10)
    )
    print(f"sweep of 100 learning rates (online): {swept * 1e3:.1f} ms; 100 single runs: "
          f"{singles * 1e3:.0f} ms ({singles / swept:.1f}x); bit-identical to single runs: {identical}; "
          f"target < 80 ms: {'met' if swept < 0.08 else 'NOT met'}")
    print(f"first train() in a fresh process (import + cached compile load): {first_call_seconds():.2f} s")
    print(f"numba {__import__('numba').__version__}, numpy {np.__version__}, nnmath {nnmath.__file__}")


if __name__ == "__main__":
    main()
