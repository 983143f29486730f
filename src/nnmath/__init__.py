"""NN Math Lab: the helper package behind the course.

Three layers, each importing only the ones before it:

- `nnmath.core`: the lecture's arithmetic in NumPy and plain Python, for reading and as the
  test oracle (reference, faults, mlp, data, init, analysis, landscape, checks, ...);
- `nnmath.fast`: the same arithmetic compiled with numba, for live panels and sweeps
  (train, sweep, train_mlp, the faulty loops, held-out curves);
- `nnmath.ui`: ipywidgets panels and matplotlib figures, loaded only when a notebook asks
  for them (`nnmath.ui` on first use), so `import nnmath; nnmath.warm_up()` loads no widgets.

Beside them, `nnmath.exercises` (loaded on first use too): the checks of the notebooks' exercises,
built on core; nothing in the package imports it.

Non-goals: a general deep-learning library. Everything here serves one tiny network (and,
in `mlp`, the 8-3-8 encoder) so that every number can be seen. The reference is for
reading; the fast layer is for speed; tests prove they agree.

Calling convention: one sample is numbers `x1, x2, y`; a data set is `X` (n, 2) and `y` (n,).
"""
from __future__ import annotations

import importlib

from .core import (analysis, cases, checks, csvfiles, curvature, data, faults, gradcheck, holdout, init, landscape,
                   mlp, reference, runs, scaling, schedules)
from .core.checks import NAMES
from .core.params import Params
from .core.reference import (Forward, forward, forward_all, gradients, loss, loss_and_gradients_one, predict, relu,
                             relu_prime, sample_gradients, sample_loss, sgd_step)
from .core.runs import Run, SweepResult
from .core.schedules import ReduceOnPlateau, StepDecay
from .fast.encoder import train_mlp
from .fast.faulty import faulty_train
from .fast.training import sweep, train
from .fast.warmup import warm_up

__all__ = [
    "NAMES", "Params", "Forward", "forward", "forward_all", "predict", "loss", "gradients", "sample_loss",
    "sample_gradients",
    "loss_and_gradients_one", "relu", "relu_prime", "sgd_step", "train", "sweep", "train_mlp", "faulty_train",
    "warm_up", "Run", "SweepResult", "StepDecay", "ReduceOnPlateau",
    "analysis", "cases", "checks", "csvfiles", "curvature", "data", "faults", "gradcheck", "holdout", "init",
    "landscape", "mlp", "reference", "runs", "scaling", "schedules", "fast", "ui", "exercises",
]


def __getattr__(name):
    """`nnmath.ui`, `nnmath.fast` and `nnmath.exercises` are imported on first use: the widget stack only when a
    panel is wanted, the checks only in a notebook that has exercises."""
    if name in ("ui", "fast", "exercises"):
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'nnmath' has no attribute {name!r}")
