"""The loss over two parameters, the rest held fixed, with gradient descent's path drawn on it.

Overshoot and oscillation at a large learning rate become visible as a zig-zag
across the valley (02_loss, 05_learning_rate, 06_initialisation, 07_random_target).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .checks import (MAX_GRID_WORK, MAX_MAGNITUDE, MAX_PATH_WORK, NAMES, check_data, real_array, refuse, validate)
from .params import Params, check_params
from .reference import _mean_gradients, backward, network, within_limits


class Grid(NamedTuple):
    """The loss surface: P, Q (the grid's parameter values) and L (the loss), each (resolution, resolution).

    Unpacks like a tuple: `P, Q, L = loss_grid(...)`. L is inf where the loss overflows the float range;
    `overflowed` marks those points (and any beyond 1e100), so a picture can say why it has a hole.
    """

    P: np.ndarray
    Q: np.ndarray
    L: np.ndarray

    @property
    def overflowed(self) -> np.ndarray:
        return ~(self.L <= MAX_MAGNITUDE)


ROWS_PER_BLOCK_NUMBERS = 1_000_000
"""Grid points x samples evaluated at once: the memory of one block's temporaries (8 MB each)."""


def loss_grid(params: Params, X, y, p="w5", q="w6", p_range=(-2, 3), q_range=(-2, 3), resolution=81,
              output="linear") -> Grid:
    """Mean squared error on a resolution x resolution grid of (p, q), all other parameters fixed.

    Vectorised: the reference's `network` evaluates a block of grid rows at once by broadcasting
    (rows, grid, samples), so memory stays small at any size. Returns Grid(P, Q, L), each of shape
    (resolution, resolution); L is inf where the loss overflows (`Grid.overflowed`).
    At most MAX_GRID_WORK = resolution**2 x samples (about two seconds).
    """
    check_params(params)
    X, y = check_data(X, y)
    output, p, q, resolution, p_range, q_range = validate(
        output=output, p=p, q=q, resolution=resolution, p_range=p_range, q_range=q_range)
    if p == q:
        raise ValueError(f"p and q must be two different parameters, got {p!r} twice")
    if resolution * resolution * len(y) > MAX_GRID_WORK:
        raise ValueError(f"resolution**2 x samples must be at most {MAX_GRID_WORK:,} (about two seconds), got "
                         f"{resolution}**2 x {len(y):,}; use a lower resolution")
    P, Q = np.meshgrid(np.linspace(*p_range, resolution), np.linspace(*q_range, resolution))
    L = np.empty((resolution, resolution))
    block = max(1, ROWS_PER_BLOCK_NUMBERS // (resolution * len(y)))
    values = {name: getattr(params, name) for name in NAMES}
    for first in range(0, resolution, block):
        rows = slice(first, first + block)
        values[p], values[q] = P[rows, :, None], Q[rows, :, None]
        out = network(*(values[name] for name in NAMES), X[:, 0], X[:, 1], output).out
        with np.errstate(over="ignore", invalid="ignore"):
            error = out - y
            L[rows] = np.mean(error * error, axis=-1)
    return Grid(P, Q, np.where(np.isnan(L), np.inf, L))


@dataclass(frozen=True)
class Path:
    """Where batch gradient descent on two parameters went; the others stay fixed."""

    points: np.ndarray          # (steps_taken + 1, 2): start first
    diverged_at: int | None     # 1-based step where a number stopped being finite
    interrupted: bool = False   # stopped by Ctrl-C: the points so far

    def describe(self) -> str:
        if self.diverged_at:
            return f"diverged at step {self.diverged_at}"
        return f"{len(self.points) - 1} steps" + (" (interrupted)" if self.interrupted else "")


def descent_path(params: Params, X, y, lr, steps, p="w5", q="w6", output="linear") -> Path:
    """Batch gradient descent that moves only p and q, on exactly the surface loss_grid draws.

    Training all nine would move the surface under the path; freezing the other
    seven keeps the picture honest. (p, q) <- (p, q) - lr * (dL/dp, dL/dq).
    The path counts as diverged once its loss is a million times the starting
    loss (or not finite): by then it has left any picture for good. At most MAX_STEPS steps
    and MAX_PATH_WORK = steps x samples; Ctrl-C returns the path so far, marked interrupted.
    """
    check_params(params)
    X, y = check_data(X, y)
    lr, steps, p, q, output = validate(lr=lr, steps=steps, p=p, q=q, output=output)
    if p == q:
        raise ValueError(f"p and q must be two different parameters, got {p!r} twice")
    if steps * len(y) > MAX_PATH_WORK:
        raise ValueError(f"steps x samples must be at most {MAX_PATH_WORK:,} (about a minute), got "
                         f"{steps:,} x {len(y):,}; use fewer steps")
    values = dict(params.as_dict())
    points = [(values[p], values[q])]
    x1, x2 = X[:, 0], X[:, 1]
    limit = 1e6 * max(_mean_loss(values, x1, x2, y, output), 1e-12)
    try:
        for k in range(1, steps + 1):
            f = network(*values.values(), x1, x2, output)
            try:
                g = _mean_gradients(*backward(values["w5"], values["w6"], x1, x2, f, y, output)[1:])
            except ValueError:  # the gradient itself overflowed
                return Path(np.array(points), k)
            new_p = values[p] - lr * getattr(g, p)
            new_q = values[q] - lr * getattr(g, q)
            if not within_limits([new_p, new_q]):
                return Path(np.array(points), k)
            values[p], values[q] = new_p, new_q
            if not _mean_loss(values, x1, x2, y, output) <= limit:
                return Path(np.array(points), k)
            points.append((new_p, new_q))
    except KeyboardInterrupt:  # Ctrl-C: the steps taken so far
        return Path(np.array(points), None, interrupted=True)
    return Path(np.array(points), None)


def _mean_loss(values, x1, x2, y, output):
    out = network(*values.values(), x1, x2, output).out
    with np.errstate(over="ignore", invalid="ignore"):
        error = out - y
        return float(np.mean(error * error))


def auto_range(path, centre, pad=0.5, clip=50.0):
    """A square-ish extent that holds the path (and centre), with absurd divergent points clipped.

    path: points (k, 2) (a diverged path's NaN or inf points are left out); centre: one point (p, q).
    """
    path = real_array("path", path, 2, 2, min_rows=0, finite=False)
    centre = real_array("centre", centre, 1)
    if centre.shape != (2,):
        raise refuse("centre", centre, "one point (p, q): two finite numbers")
    pad, clip = validate(pad=pad, clip=clip)
    points = np.vstack([path, centre[None]])
    points = points[np.all(np.isfinite(points), axis=1)]
    points = np.clip(points, centre - clip, centre + clip)
    low, high = points.min(axis=0), points.max(axis=0)
    span = np.maximum(high - low, 1.0)
    return (low[0] - pad * span[0], high[0] + pad * span[0]), (low[1] - pad * span[1], high[1] + pad * span[1])
