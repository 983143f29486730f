"""How fast is the 8-3-8 encoder, and do the students' figures reproduce? (nnmath.mlp, 09_encoder)

    python benchmarks/encoder_speed.py [--repeats 5] [--experiments [--seeds 10]]

Timings (median in-process time over `repeats`):
  - one run of 5000 full-batch iterations (target: well under 1 s);
  - an lr sweep of 20 rates x 5000 iterations, stacked in one computation, against
    20 separate runs (target: a couple of seconds at most).
Experiments, with --experiments (about a minute; xavier init, seeds 0..seeds-1, one-hot X = Y,
losses averaged like np.mean):
  iterations until every output is within 0.5 of its target ("rounded") and until every
  row's largest output is in the right place ("argmax"); lr 10 / 100 / 0.01; weight decay;
  how many seeds end with 8 distinct hidden codes.
"""
from __future__ import annotations

import argparse

import numpy as np

from nnmath.core.mlp import MLP, hidden_code, one_hot, predict, sweep, train_reference as train
from timing import median_seconds  # benchmarks/timing.py (this script's folder is on sys.path)

X = one_hot(8)
ITERATIONS = 5000
LRS = list(np.geomspace(0.01, 100, 20))


def timings(repeats):
    net = MLP(seed=0)
    one = median_seconds(lambda: train(net, X, X, 10, ITERATIONS), repeats)
    print(f"one run, {ITERATIONS} iterations:             {one * 1e3:7.1f} ms  ({one / ITERATIONS * 1e6:.0f} us per iteration)")
    stacked = median_seconds(lambda: sweep(net, X, X, LRS, ITERATIONS), repeats)
    print(f"lr sweep 20 x {ITERATIONS}, stacked:            {stacked * 1e3:7.1f} ms")
    separate = median_seconds(lambda: [train(net, X, X, lr, ITERATIONS) for lr in LRS], max(1, repeats // 2))
    print(f"lr sweep 20 x {ITERATIONS}, 20 separate runs:   {separate * 1e3:7.1f} ms  (stacked is {separate / stacked:.1f}x faster)")


def spread(values):
    """median [min-max] of the finite values, and how many are finite."""
    v = np.asarray(values, dtype=float)
    ok = v[np.isfinite(v)]
    if not len(ok):
        return f"never (0/{len(v)})"
    return f"median {np.median(ok):6.0f} [{ok.min():.0f}-{ok.max():.0f}] ({len(ok)}/{len(v)})"


def experiments(seeds):
    nets = [MLP(seed=s) for s in range(seeds)]
    print(f"\nIterations to converge, {seeds} seeds, 20000 iterations at most:")
    for kind in ("mse", "cross_entropy"):
        for criterion in ("rounded", "argmax"):
            s = sweep(nets, X, X, [0.01, 1, 10, 100], 20000, loss=kind, criterion=criterion,
                      stop_when_converged=criterion == "argmax")
            for i, lr in enumerate(s.lrs):
                line = f"  {kind:13s} {criterion:7s} lr {lr:6g}: {spread(s.converged_at[i, 0])}"
                if criterion == "rounded":
                    rises = (np.diff(s.losses[i, 0], axis=-1) > 0).sum(axis=-1)
                    finals = [s.net_at(i, 0, k) for k in range(seeds)]
                    right = sum(bool((np.abs(predict(n, X) - X) < 0.5).all()) for n in finals)
                    distinct = sum(hidden_code(n, X).distinct for n in finals)
                    line += (f"; loss rose in {np.median(rises):.0f} iterations (median); at the end "
                             f"{right}/{seeds} reproduce, {distinct}/{seeds} distinct codes")
                print(line)
    mse = sweep(nets, X, X, 10, 20000, loss="mse", stop_when_converged=True).converged_at[0, 0]
    ce = sweep(nets, X, X, 10, 20000, loss="cross_entropy", stop_when_converged=True).converged_at[0, 0]
    print(f"  lr 10, rounded: mse / cross-entropy iterations per seed: {np.round(mse / ce, 1).tolist()}")

    print("\nWeight decay (lambda * sum W**2), 20000 iterations; final loss median (7/64 = 0.1094 mse and "
          "0.3768 cross-entropy = every output stuck at 1/8):")
    decays = [0, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 1e-2, 0.1]
    for kind in ("mse", "cross_entropy"):
        for lr in (1, 10):
            s = sweep(nets, X, X, lr, 20000, loss=kind, weight_decay=decays)
            for j, wd in enumerate(decays):
                div = np.isfinite(s.diverged_at[0, j]).sum()
                print(f"  {kind:13s} lr {lr:3g} lambda {wd:7g}: converged {spread(s.converged_at[0, j])}, "
                      f"final loss {np.median(s.final_loss[0, j]):.4g}" + (f", diverged {div}/{seeds}" if div else ""))
    run = train(MLP(seed=0), X, X, 100, 5000, weight_decay=0.1)
    print(f"  lr 100, lambda 0.1, seed 0: {run.describe()}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--experiments", action="store_true", help="also print the students' experiments")
    args = parser.parse_args()
    timings(args.repeats)
    if args.experiments:
        experiments(args.seeds)


if __name__ == "__main__":
    main()
