"""Compile (or load from numba's on-disk cache) every compiled loop before a student needs it."""
from __future__ import annotations

import time

import numpy as np


def warm_up() -> float:
    """Compile or load every compiled loop of `nnmath.fast`; returns the seconds it took.

    `./course` and the Binder build call this once after installing, so a notebook's first
    slider move never waits for the compiler. It loads no widget or plotting library.
    """
    from ..core.init import identical
    from ..core.mlp import MLP, one_hot
    from .encoder import train_mlp
    from .evaluate import mse_per_row
    from .faulty import faulty_train
    from .training import sweep, train

    begin = time.perf_counter()
    X, y = np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([2.0, 1.0])
    start = identical(0.5)
    for output in ("linear", "relu"):
        train(start, X, y, 1e-3, 2, output=output, record=True)
        train(start, X, y, 1e-3, 2, mode="batch", output=output)
        sweep(start, X, y, [1e-3, 2e-3], 2, output=output, record=True)
        sweep(start, X, y, [1e-3, 2e-3], 2, mode="minibatch", batch_size=1, seed=0, output=output)
        mse_per_row(np.zeros((2, 9)), X, y, output)
        faulty_train(start, X, y, 1e-3, 2, "the lecture's loop", output)
    for loss in ("mse", "cross_entropy"):
        train_mlp(MLP(seed=0), one_hot(8), one_hot(8), 1.0, 2, loss=loss)
    return time.perf_counter() - begin
