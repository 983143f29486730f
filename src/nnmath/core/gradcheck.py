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

from .checks import real_array, refuse, shown, validate

FLOOR = 1e-4
"""Below this size a gradient is compared absolutely (see the module docstring)."""


def central_differences(f, theta, eps: float = 1e-6) -> np.ndarray:
    """d f / d theta_k by central differences, for every k; f may return a number or an array.

    Returns an array of shape (len(theta), *shape of f(theta)). f must give finite real numbers of one
    shape at every probe point; anything else is refused, naming the probe.
    """
    f, eps = validate(f=f, eps=eps)
    theta = real_array("theta", theta, 1, max_rows=100_000)
    rows = []
    for k in range(theta.size):
        up, down = theta.copy(), theta.copy()
        up[k] += eps
        down[k] -= eps
        with np.errstate(over="ignore", invalid="ignore"):
            rows.append((_value_of(f, up, k, "+") - _value_of(f, down, k, "-")) / (2.0 * eps))
    if len({row.shape for row in rows}) > 1:
        raise refuse("f", f, "a function whose value has the same shape at every theta")
    return np.array(rows)


def _value_of(f, theta, k, sign):
    """f(theta) as finite real numbers, or the course's ValueError naming f and the probe point."""
    where = f"f(theta {sign} eps e_{k})"
    try:
        value = f(theta)
    except Exception as error:
        raise ValueError(f"f must be a function of theta giving numbers; {where} raised {type(error).__name__}: "
                         f"{shown(str(error))}") from error
    try:
        return real_array("f", value, None, finite=True, max_rows=10**7)
    except ValueError as error:
        raise ValueError(f"f must give finite real numbers at every probe point; {where} gave {shown(value)} "
                         f"({error})") from None


def relative_error(analytic, numeric, floor: float = FLOOR):
    """|analytic - numeric| / max(|analytic|, |numeric|, floor), element by element."""
    floor = validate(floor=floor)
    a = real_array("analytic", analytic, None, max_rows=10**7)
    b = real_array("numeric", numeric, None, max_rows=10**7)
    if a.shape != b.shape:
        raise ValueError(f"analytic and numeric must have the same shape, got {shown(analytic)} (shape {a.shape}) "
                         f"and {shown(numeric)} (shape {b.shape})")
    analytic, numeric = a, b
    scale = np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), floor)
    error = np.abs(analytic - numeric) / scale
    return float(error) if error.ndim == 0 else error
