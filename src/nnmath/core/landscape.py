"""The loss over two parameters, the rest held fixed, with gradient descent's path drawn on it.

Overshoot and oscillation at a large learning rate become visible as a zig-zag
across the valley (02_loss, 05_learning_rate, 06_initialisation, 07_random_target).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .checks import MAX_GRID, NAMES, check_data, validate
from .params import Params, check_params
from .reference import gradients, network, within_limits


def loss_grid(params: Params, X, y, p="w5", q="w6", p_range=(-2, 3), q_range=(-2, 3), resolution=81,
              output="linear"):
    """Mean squared error on a resolution x resolution grid of (p, q), all other parameters fixed.

    Vectorised: the reference's `network` evaluates every grid point's network at once by
    broadcasting (grid, grid, samples). Returns (P, Q, L), each of shape (resolution, resolution);
    L is inf where the loss overflows. At most MAX_GRID**2 x samples <= 50 million numbers.
    """
    check_params(params)
    X, y = check_data(X, y)
    output, p, q, resolution, p_range, q_range = validate(
        output=output, p=p, q=q, resolution=resolution, p_range=p_range, q_range=q_range)
    if p == q:
        raise ValueError(f"p and q must be two different parameters, got {p!r} twice")
    if resolution * resolution * len(y) > 50_000_000:
        raise ValueError(f"resolution**2 x samples must be at most 50,000,000 (memory), got "
                         f"{resolution}**2 x {len(y)}; use a lower resolution")
    P, Q = np.meshgrid(np.linspace(*p_range, resolution), np.linspace(*q_range, resolution))
    values = {name: getattr(params, name) for name in NAMES}
    values[p], values[q] = P[..., None], Q[..., None]
    with np.errstate(over="ignore", invalid="ignore"):
        out = network(*(values[name] for name in NAMES), X[:, 0], X[:, 1], output).out
        error = out - y
        L = np.mean(error * error, axis=-1)
    return P, Q, np.where(np.isnan(L), np.inf, L)


@dataclass(frozen=True)
class Path:
    """Where batch gradient descent on two parameters went; the others stay fixed."""

    points: np.ndarray          # (steps_taken + 1, 2): start first
    diverged_at: int | None     # 1-based step where a number stopped being finite

    def describe(self) -> str:
        if self.diverged_at:
            return f"diverged at step {self.diverged_at}"
        return f"{len(self.points) - 1} steps"


def descent_path(params: Params, X, y, lr, steps, p="w5", q="w6", output="linear") -> Path:
    """Batch gradient descent that moves only p and q, on exactly the surface loss_grid draws.

    Training all nine would move the surface under the path; freezing the other
    seven keeps the picture honest. (p, q) <- (p, q) - lr * (dL/dp, dL/dq).
    The path counts as diverged once its loss is a million times the starting
    loss (or not finite): by then it has left any picture for good.
    """
    check_params(params)
    X, y = check_data(X, y)
    lr, steps, p, q, output = validate(lr=lr, steps=steps, p=p, q=q, output=output)
    if p == q:
        raise ValueError(f"p and q must be two different parameters, got {p!r} twice")
    if steps * len(y) > 50_000_000:
        raise ValueError(f"steps x samples must be at most 50,000,000 (about a minute), got {steps} x {len(y)}")
    current = params
    points = [(getattr(params, p), getattr(params, q))]
    limit = 1e6 * max(_mean_loss(params, X, y, output), 1e-12)
    for k in range(1, steps + 1):
        try:
            g = gradients(current, X, y, output)
        except ValueError:  # the gradient itself overflowed
            return Path(np.array(points), k)
        new_p = getattr(current, p) - lr * getattr(g, p)
        new_q = getattr(current, q) - lr * getattr(g, q)
        if not within_limits((new_p, new_q)):
            return Path(np.array(points), k)
        current = current.replace(**{p: new_p, q: new_q})
        if not _mean_loss(current, X, y, output) <= limit:
            return Path(np.array(points), k)
        points.append((new_p, new_q))
    return Path(np.array(points), None)


def _mean_loss(params, X, y, output):
    with np.errstate(over="ignore", invalid="ignore"):
        error = network(*params.values, X[:, 0], X[:, 1], output).out - y
        return float(np.mean(error * error))


def auto_range(path, centre, pad=0.5, clip=50.0):
    """A square-ish extent that holds the path (and centre), with absurd divergent points clipped."""
    path = np.asarray(path, dtype=np.float64)
    points = np.vstack([path, np.atleast_2d(centre)])
    points = points[np.all(np.isfinite(points), axis=1)]
    points = np.clip(points, np.asarray(centre) - clip, np.asarray(centre) + clip)
    low, high = points.min(axis=0), points.max(axis=0)
    span = np.maximum(high - low, 1.0)
    return (low[0] - pad * span[0], high[0] + pad * span[0]), (low[1] - pad * span[1], high[1] + pad * span[1])


