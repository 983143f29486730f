"""The loss of many parameter sets on some samples, compiled: held-out loss curves (08_data).

`mse_per_row(P, X, y, output)` is the compiled twin of `core.holdout.mse_per_row_reference`
(the reference's `network` row by row), built from the shared forward kernel.
"""
from __future__ import annotations

import numpy as np
from numba import njit

from ..core.checks import MAX_TRAJECTORY, check_data, real_array, validate
from .kernels import forward


@njit(cache=True)
def _mse_rows(P, X, y, relu_out):
    """One pass per parameter row: the forward kernel on every sample, then the mean of (out - y)**2.

    A NumPy version would build (rows, n) temporaries: 18 MB each for 1000 epochs of 2250 samples.
    """
    result = np.empty(P.shape[0])
    n = y.shape[0]
    for k in range(P.shape[0]):
        total = 0.0
        for i in range(n):
            out = forward(P[k, 0], P[k, 1], P[k, 2], P[k, 3], P[k, 4], P[k, 5], P[k, 6], P[k, 7], P[k, 8],
                          X[i, 0], X[i, 1], relu_out)[5]
            error = out - y[i]
            total += error * error
        result[k] = total / n
    return result


def mse_per_row(trajectory, X, y, output: str = "linear") -> np.ndarray:
    """Mean squared error of each row of `trajectory` (shape (k, 9), w1..b3) on samples X, y (08_data).

    Row j of a Run's trajectory holds the parameters at the end of epoch j (row 0: the
    start), so `mse_per_row(run.trajectory[1:], X_test, y_test)` is the held-out loss curve.
    Overflow in a run about to diverge gives inf, never a warning.
    """
    P = real_array("trajectory", trajectory, 2, 9, min_rows=0, max_rows=MAX_TRAJECTORY)
    X, y = check_data(X, y)
    output = validate(output=output)
    if P.shape[0] * len(y) > 2_000_000_000:
        raise ValueError(f"trajectory rows x samples must be at most 2,000,000,000, got {P.shape[0]} x {len(y)}")
    return _mse_rows(P, X, y, output == "relu")
