"""Argument checks shared by train, sweep and the panels: a clear ValueError, never a traceback deep inside."""
from __future__ import annotations

import math
import numbers

import numpy as np

MODES = ("online", "batch", "minibatch")


def check_lr(lr, argument: str = "lr") -> float:
    """A learning rate must be a finite number > 0."""
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real) or not math.isfinite(lr) or lr <= 0:
        raise ValueError(f"{argument} must be a finite number > 0, got {lr!r}")
    return float(lr)


def check_epochs(epochs) -> int:
    """Epochs must be a whole number >= 0."""
    if isinstance(epochs, bool) or not isinstance(epochs, numbers.Integral) or epochs < 0:
        raise ValueError(f"epochs must be a whole number >= 0, got {epochs!r}")
    return int(epochs)


def check_data(X, y, columns: int | None = 2):
    """X of shape (n, 2) and y of shape (n,), finite, n >= 1; returned as float64 arrays.

    columns=None accepts any number k >= 1 of input columns (data sets and scalers in data.py).
    """
    try:
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"X and y must be numeric arrays: {error}") from None
    if columns is None and (X.ndim != 2 or X.shape[1] < 1):
        raise ValueError(f"X must have shape (n, k) with k >= 1 input columns, got shape {X.shape}")
    if columns is not None and (X.ndim != 2 or X.shape[1] != columns):
        raise ValueError(f"X must have shape (n, 2) with columns x1, x2, got shape {X.shape}")
    if y.ndim != 1:
        raise ValueError(f"y must have shape (n,), got shape {y.shape}")
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"X has {X.shape[0]} rows but y has {y.shape[0]} values; they must match")
    if X.shape[0] == 0:
        raise ValueError("X and y are empty; need at least one sample")
    for name, a in (("X", X), ("y", y)):
        bad = ~np.isfinite(a)
        if bad.any():
            row = int(np.argwhere(bad)[0][0])
            raise ValueError(f"{name} contains NaN or infinity (first at row {row}); allowed: finite numbers only")
    return np.ascontiguousarray(X), np.ascontiguousarray(y)


def check_mode(mode, batch_size, n):
    """Return the batch size the mode implies: online 1, batch n, minibatch as given (1..n)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    if mode == "online":
        return 1
    if mode == "batch":
        return n
    if isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral) or not 1 <= batch_size <= n:
        raise ValueError(f"mode='minibatch' needs batch_size, a whole number from 1 to {n} (the number of samples), got {batch_size!r}")
    return int(batch_size)


def check_seed(seed, argument: str = "seed"):
    if seed is None:
        return None
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"{argument} must be None or a whole number >= 0, got {seed!r}")
    return int(seed)
