"""Finite differences: the independent check of every gradient in the course (03_backprop, 09, 10).

One central-difference loop and one rule for "how far apart", shared by the 2-2-1
network's check (`faults.gradient_check`), the MLP's (`mlp.gradient_check`) and the
curvature estimate (`curvature.hessian`).

    numeric_k = (f(theta + eps e_k) - f(theta - eps e_k)) / (2 eps)

is off by about eps**2/6 f''' (truncation) plus about 1e-16 |f| / eps (rounding in f),
so gradients much smaller than FLOOR cannot be checked relatively; they are compared
against FLOOR instead:

    relative_error = |analytic - numeric| / max(|analytic|, |numeric|, FLOOR)
"""
from __future__ import annotations

import numpy as np

from .checks import validate

FLOOR = 1e-4
"""Below this size a gradient is compared absolutely (see the module docstring)."""


def central_differences(f, theta, eps: float = 1e-6) -> np.ndarray:
    """d f / d theta_k by central differences, for every k; f may return a number or an array.

    Returns an array of shape (len(theta), *shape of f(theta)).
    """
    eps = validate(eps=eps)
    theta = np.array(theta, dtype=np.float64)
    rows = []
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(theta.size):
            up, down = theta.copy(), theta.copy()
            up[k] += eps
            down[k] -= eps
            rows.append((np.asarray(f(up), dtype=np.float64) - np.asarray(f(down), dtype=np.float64)) / (2.0 * eps))
    return np.array(rows)


def relative_error(analytic, numeric, floor: float = FLOOR):
    """|analytic - numeric| / max(|analytic|, |numeric|, floor), element by element."""
    floor = validate(floor=floor)
    analytic = np.asarray(analytic, dtype=np.float64)
    numeric = np.asarray(numeric, dtype=np.float64)
    scale = np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), floor)
    error = np.abs(analytic - numeric) / scale
    return float(error) if error.ndim == 0 else error
