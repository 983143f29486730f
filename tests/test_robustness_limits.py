"""Hostile input (issue 15): crashes, hangs and Ctrl-C.

- The compiled entry points get mismatched shapes in a subprocess, so a segfault (an out-of-bounds
  read in a compiled loop) fails the test by its return code instead of killing pytest.
- Every documented limit (epochs, iterations, samples x epochs, grid size, recorded numbers, the
  readable loops) refuses a hopeless request at once, with a ValueError naming the argument.
- Ctrl-C during a long run returns what the run had, marked `interrupted`: by a KeyboardInterrupt
  raised from a patched inner function (every long loop), and by a real SIGINT in a subprocess.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import nnmath
from nnmath.core import checks, landscape, mlp, reference, schedules
from nnmath.core.data import lecture_data
from nnmath.core.faults import faulty_train_reference
from nnmath.core.holdout import mse_per_row_reference
from nnmath.core.init import LECTURE_START
from nnmath.fast import encoder, engine, faulty, training
from test_robustness import attempt, refusal_problem

pytestmark = pytest.mark.filterwarnings("error")

P = LECTURE_START
X, y = lecture_data(12)
NET = mlp.MLP(seed=0)
X8 = mlp.one_hot(8)
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_python(code: str, timeout: float) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.path.join(REPO, "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-W", "error", "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=REPO)


# ----------------------------------------------------------------------------------
# Compiled entry points and mismatched shapes: in a subprocess, checked by its return code
# ----------------------------------------------------------------------------------

SHAPE_PROBES = {
    # name: (call, the argument a refusal must name)
    "mse_per_row(T, X[:1], 10**7 ones)": ("evaluate.mse_per_row(T, X[:1], np.ones(10**7))", "y"),
    "mse_per_row(T, X_test, y_train)": ("evaluate.mse_per_row(T, X[:4], y)", "y"),
    "mse_per_row(T, X[:, :1], y)": ("evaluate.mse_per_row(T, X[:, :1], y)", "X"),
    "mse_per_row(T[:, :8], X, y)": ("evaluate.mse_per_row(T[:, :8], X, y)", "trajectory"),
    "mse_per_row(T, X.T, y)": ("evaluate.mse_per_row(T, X.T, y)", "X"),
    "train(X (3, 4))": ("nnmath.train(P, np.ones((3, 4)), y[:3], 1e-3, 2)", "X"),
    "train(X[:1], y)": ("nnmath.train(P, X[:1], y, 1e-3, 2)", "y"),
    "train(minibatch, batch_size > n)": ("nnmath.train(P, X, y, 1e-3, 2, mode='minibatch', batch_size=13)", "batch_size"),
    "sweep(X, y[:-1])": ("nnmath.sweep([P, P], X, y[:-1], [1e-3, 1e-2], 2)", "y"),
    "sweep(X ravel)": ("nnmath.sweep(P, X.ravel(), y, 1e-3, 2)", "X"),
    "faulty_train(X[:, :1])": ("nnmath.faulty_train(P, X[:, :1], y, 1e-3, 2, 'sign flip')", "X"),
    "faulty_train(y 2-D)": ("nnmath.faulty_train(P, X, y[:, None], 1e-3, 2)", "y"),
    "train_mlp(X 7 columns)": ("nnmath.train_mlp(NET, X8[:, :7], X8, 1.0, 3)", "X"),
    "train_mlp(Y 5 rows)": ("nnmath.train_mlp(NET, X8, X8[:5], 1.0, 3)", "Y"),
    "train_mlp(Y 9 columns)": ("nnmath.train_mlp(NET, X8, np.ones((8, 9)), 1.0, 3)", "Y"),
    "train_and_test(X_test (3, 4))": ("holdout.train_and_test(X, y, np.ones((3, 4)), y[:3], P, 1e-3, 2)", "X"),
    "train_and_test(X_test, y_train)": ("holdout.train_and_test(X, y, X[:4], y, P, 1e-3, 2)", "y"),
    "train_scaled(X[:, :1])": ("scaled.train_scaled(X[:, :1], y, P, 1e-3, 2)", "X"),
}
VALID_ODD_ARRAYS = {
    # arrays that are fine though not C-contiguous float64: they must give the same numbers
    "Fortran-ordered X": "np.asfortranarray(X)",
    "every other row": "np.repeat(X, 2, axis=0)[::2]",
    "integers": "X.astype(np.int64)",
    "read-only": "read_only(X)",
    "float32": "X.astype(np.float32).astype(np.float64)",
}


def test_compiled_entry_points_refuse_mismatched_shapes_without_crashing():
    code = """
        import numpy as np
        import nnmath
        from nnmath.core import mlp
        from nnmath.core.data import lecture_data
        from nnmath.core.init import LECTURE_START as P
        from nnmath.fast import evaluate, holdout, scaled
        X, y = lecture_data(12)
        T = np.tile(P.to_array(), (3, 1))
        NET, X8 = mlp.MLP(seed=0), mlp.one_hot(8)

        def read_only(a):
            a = a.copy(); a.flags.writeable = False; return a

        for name, call in PROBES.items():
            try:
                eval(call)
                print(f"{name}|accepted|")
            except ValueError as error:
                print(f"{name}|ValueError|{str(error)[:300]}")
            except Exception as error:
                print(f"{name}|{type(error).__name__}|{str(error)[:300]}")
        reference = nnmath.train(P, X, y, 1e-3, 20).params
        for name, make in ODD.items():
            same = nnmath.train(P, eval(make), y, 1e-3, 20).params == reference
            print(f"{name}|{'same' if same else 'different'}|")
    """.replace("PROBES", repr({name: call for name, (call, _) in SHAPE_PROBES.items()})).replace(
        "ODD.items()", repr(VALID_ODD_ARRAYS) + ".items()")
    done = run_python(code, timeout=120)
    assert done.returncode == 0, f"the subprocess ended with {done.returncode} (a crash?):\n{done.stderr[-2000:]}"
    outcomes = {line.split("|")[0]: line.split("|", 2)[1:] for line in done.stdout.splitlines() if "|" in line}
    problems = []
    for name, (_, argument) in SHAPE_PROBES.items():
        kind, message = outcomes.get(name, ("missing", ""))
        problem = refusal_problem(ValueError(message) if kind == "ValueError" else None if kind == "accepted" else
                                  RuntimeError(f"{kind}: {message}"), (argument,), [name])
        if problem:
            problems.append(f"{name}: {problem}")
    problems += [f"{name}: {outcomes.get(name)}" for name in VALID_ODD_ARRAYS if outcomes.get(name, [""])[0] != "same"]
    assert not problems, "\n".join(problems)


# ----------------------------------------------------------------------------------
# Documented limits: a hopeless request fails at once
# ----------------------------------------------------------------------------------

BIG_X, BIG_Y = np.zeros((1000, 2)), np.zeros(1000)
LIMITS = [
    ("epochs beyond MAX_EPOCHS", lambda: nnmath.train(P, X, y, 1e-3, checks.MAX_EPOCHS + 1), "epochs"),
    ("samples x epochs", lambda: nnmath.train(P, BIG_X, BIG_Y, 1e-3, 3_000_000), "epochs"),
    ("sweep configurations x samples x epochs", lambda: nnmath.sweep(P, BIG_X, BIG_Y, [1e-3] * 100, 30_000), "epochs"),
    ("a recorded run of 10**7 epochs", lambda: nnmath.train(P, X[:1], y[:1], 1e-3, 10**7, record=True), "record"),
    ("a sweep's stored losses", lambda: nnmath.sweep(P, X[:1], y[:1], [1e-3] * 100, 1_000_000), "sweep"),
    ("ReduceOnPlateau epochs", lambda: nnmath.train(P, X, y, 1e-3, 5_000_000, schedule=schedules.ReduceOnPlateau()),
     "epochs"),
    ("minibatch 10**9 epochs", lambda: nnmath.train(P, X, y, 1e-3, 10**9, mode="minibatch", batch_size=2), "epochs"),
    ("faulty_train's recorded trajectory", lambda: nnmath.faulty_train(P, X[:1], y[:1], 1e-3, 5_000_000), "faulty"),
    ("faulty_train_reference (plain Python)", lambda: faulty_train_reference(P, BIG_X, BIG_Y, 1e-3, 3000), "epochs"),
    ("train_reference (plain Python)", lambda: reference.train_reference(
        P, BIG_X, BIG_Y, [1e-3] * 3000, 3000, lambda e: [list(range(1000))]), "epochs"),
    ("mse_per_row_reference (plain Python)", lambda: mse_per_row_reference(np.zeros((3000, 9)), BIG_X, BIG_Y),
     "trajectory"),
    ("iterations beyond MAX_ITERATIONS", lambda: nnmath.train_mlp(NET, X8, X8, 1.0, checks.MAX_ITERATIONS + 1),
     "iterations"),
    ("MLP work", lambda: nnmath.train_mlp(mlp.MLP((8, 1000, 8)), np.eye(8)[np.arange(20_000) % 8],
                                          np.eye(8)[np.arange(20_000) % 8], 1.0, 1000), "iterations"),
    ("readable MLP iterations", lambda: mlp.train_reference(NET, X8, X8, 1.0, checks.MAX_READABLE_ITERATIONS + 1),
     "iterations"),
    ("an MLP sweep's configurations", lambda: mlp.sweep([NET] * 10, X8, X8, [1.0] * 10, 10_000), "iterations"),
    ("descent_path steps", lambda: landscape.descent_path(P, X, y, 1e-3, checks.MAX_STEPS + 1), "steps"),
    ("descent_path steps x samples", lambda: landscape.descent_path(P, np.zeros((10**6, 2)), np.zeros(10**6), 1e-3, 100),
     "steps"),
    ("grid resolution", lambda: landscape.loss_grid(P, X, y, resolution=checks.MAX_GRID + 1), "resolution"),
    ("grid resolution**2 x samples", lambda: landscape.loss_grid(P, BIG_X, BIG_Y, resolution=300), "resolution"),
    ("10**7 samples", lambda: nnmath.loss(P, np.zeros((10**7, 2)), np.zeros(10**7)), "X"),
    ("a 10**7-row trajectory", lambda: nnmath.fast.evaluate.mse_per_row(np.zeros((10**7, 9)), X, y), "trajectory"),
    ("StepDecay rates for 10**9 epochs", lambda: schedules.StepDecay().rates(1e-3, 10**9), "epochs"),
    ("one_hot of 10**6", lambda: mlp.one_hot(10**6), "n"),
    ("an MLP of 10**6 nodes", lambda: mlp.MLP((8, 10**6, 8)), "sizes"),
]


@pytest.mark.parametrize("label, call, argument", LIMITS, ids=[c[0] for c in LIMITS])
def test_limits_refuse_at_once(label, call, argument):
    outcome = attempt(call, 2.0)
    assert refusal_problem(outcome.error, (argument,), [label]) is None, (label, outcome)
    assert outcome.seconds < 1.0, f"{label}: refused only after {outcome.seconds:.1f} s"


# ----------------------------------------------------------------------------------
# Ctrl-C: a KeyboardInterrupt from inside a long run returns what it had, marked interrupted
# ----------------------------------------------------------------------------------

def interrupt_on_call(monkeypatch, owner, name, call_number):
    """Replace owner.name with a wrapper that raises KeyboardInterrupt on its `call_number`-th call."""
    original = getattr(owner, name)
    calls = []

    def wrapper(*args, **kwargs):
        calls.append(1)
        if len(calls) == call_number:
            raise KeyboardInterrupt
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, wrapper)
    return calls


def test_train_returns_the_chunks_done_when_interrupted(monkeypatch):
    monkeypatch.setattr(training, "CHUNK_SAMPLE_STEPS", 10 * len(y))  # ten epochs per compiled call
    interrupt_on_call(monkeypatch, engine, "train_online", 3)
    run = nnmath.train(P, X, y, 1e-4, 1000, record=True)
    assert run.interrupted and run.epochs_run == 20 and "interrupted" in run.describe()
    assert run.params == nnmath.train(P, X, y, 1e-4, 20).params and len(run.trajectory) == 21


def test_train_with_a_plateau_schedule_returns_the_epochs_done_when_interrupted(monkeypatch):
    interrupt_on_call(monkeypatch, engine, "train_online", 7)
    run = nnmath.train(P, X, y, 1e-4, 1000, schedule=schedules.ReduceOnPlateau())
    assert run.interrupted and run.epochs_run == 6 and "interrupted" in run.describe()


def test_sweep_returns_the_chunks_done_when_interrupted(monkeypatch):
    monkeypatch.setattr(training, "CHUNK_SAMPLE_STEPS", 10 * len(y) * 2)
    interrupt_on_call(monkeypatch, engine, "sweep_online", 2)
    result = nnmath.sweep(P, X, y, [1e-4, 2e-4], 1000)
    assert result.interrupted and np.isfinite(result.losses[:, :10]).all() and np.isnan(result.losses[:, 10:]).all()


def test_faulty_train_returns_the_chunks_done_when_interrupted(monkeypatch):
    monkeypatch.setattr(faulty, "CHUNK_SAMPLE_STEPS", 10 * len(y))
    interrupt_on_call(monkeypatch, faulty, "_faulty_epochs", 4)
    run = nnmath.faulty_train(P, X, y, 1e-4, 1000, "the lecture's loop")
    assert run.interrupted and run.epochs_run == 30 and "interrupted" in run.describe()
    assert run.params == nnmath.faulty_train(P, X, y, 1e-4, 30, "the lecture's loop").params


def test_train_mlp_returns_the_updates_done_when_interrupted(monkeypatch):
    monkeypatch.setattr(encoder, "CHUNK_WORK", len(X8) * sum(w.size for w in NET.W) * 50)  # 50 updates per call
    interrupt_on_call(monkeypatch, encoder, "_descend", 3)
    run = nnmath.train_mlp(NET, X8, X8, 1.0, 100_000)
    assert run.interrupted and run.iterations_run == 99 and "interrupted" in run.describe()
    whole = nnmath.train_mlp(NET, X8, X8, 1.0, 99)
    np.testing.assert_array_equal(run.losses, whole.losses)
    np.testing.assert_array_equal(run.net.W[0], whole.net.W[0])


@pytest.mark.parametrize("sweeping", [False, True], ids=["train_reference", "sweep"])
def test_the_numpy_mlp_loop_returns_the_updates_done_when_interrupted(monkeypatch, sweeping):
    interrupt_on_call(monkeypatch, mlp, "_backward", 6)
    if sweeping:
        result = mlp.sweep([NET, NET.copy()], X8, X8, [1.0, 2.0], 10_000)
        assert result.interrupted and result.losses.shape[-1] == 6 and np.isfinite(result.losses).all()
    else:
        run = mlp.train_reference(NET, X8, X8, 1.0, 10_000)
        assert run.interrupted and run.iterations_run == 5 and "interrupted" in run.describe()
        monkeypatch.undo()
        np.testing.assert_array_equal(run.losses, mlp.train_reference(NET, X8, X8, 1.0, 5).losses)


def test_descent_path_returns_the_steps_done_when_interrupted(monkeypatch):
    interrupt_on_call(monkeypatch, landscape, "_mean_gradients", 8)
    path = landscape.descent_path(P, X, y, 1e-4, 10_000)
    assert path.interrupted and len(path.points) == 8 and "interrupted" in path.describe()


def test_a_real_ctrl_c_stops_long_compiled_runs_within_a_second():
    """SIGINT to the process, as Jupyter's interrupt button sends it, during three runs of about a minute each."""
    code = """
        import os, signal, threading, time
        import numpy as np
        import nnmath
        from nnmath.core import mlp
        X = np.random.default_rng(0).uniform(-1, 1, (1000, 2)); y = X[:, 0]
        P = nnmath.core.init.LECTURE_START
        nnmath.warm_up()  # load the compiled loops first: the interrupt must land in the run
        runs = {
            "train": lambda: nnmath.train(P, X, y, 1e-6, 1_900_000),
            "faulty_train": lambda: nnmath.faulty_train(P, X, y, 1e-6, 1_000_000, "no update"),
            "train_mlp": lambda: nnmath.train_mlp(mlp.MLP((8, 50, 8)), np.eye(8), np.eye(8), 1e-3, 300_000),
        }
        for name, run in runs.items():
            threading.Timer(1.0, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
            began = time.perf_counter()
            result = run()
            print(name, result.interrupted, round(time.perf_counter() - began, 2), result.describe(), flush=True)
    """
    done = run_python(code, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert len(lines) == 3, done.stdout
    for line in lines:
        name, interrupted, seconds = line.split()[:3]
        assert interrupted == "True" and float(seconds) < 3.0 and "interrupted" in line, line
