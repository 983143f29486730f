"""The loss over two parameters, the rest held fixed, with gradient descent's path drawn on it.

Overshoot and oscillation at a large learning rate become visible as a zig-zag
across the valley (02_loss, 05_learning_rate, 06_initialisation, 07_random_target).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.colors import LogNorm

from .params import NAMES, Params, check_params
from .reference import check_output
from .reference import forward, gradients
from .validate import check_data, check_epochs, check_lr


def _check_name(name, argument):
    if name not in NAMES:
        raise ValueError(f"{argument} must be one of {', '.join(NAMES)}, got {name!r}")
    return NAMES.index(name)


def _check_range(values, argument):
    try:
        low, high = (float(v) for v in values)
    except (TypeError, ValueError):
        raise ValueError(f"{argument} must be a pair (low, high), got {values!r}") from None
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise ValueError(f"{argument} must be finite with low < high, got {values!r}")
    return low, high


def loss_grid(params: Params, X, y, p="w5", q="w6", p_range=(-2, 3), q_range=(-2, 3), resolution=81,
              output="linear"):
    """Mean squared error on a resolution x resolution grid of (p, q), all other parameters fixed.

    Vectorised: every grid point's network is evaluated at once by broadcasting
    (grid, grid, samples). Returns (P, Q, L), each of shape (resolution, resolution).
    """
    check_params(params)
    X, y = check_data(X, y)
    check_output(output)
    i, j = _check_name(p, "p"), _check_name(q, "q")
    if i == j:
        raise ValueError(f"p and q must be two different parameters, got {p!r} twice")
    if isinstance(resolution, bool) or not isinstance(resolution, int) or not 2 <= resolution <= 1000:
        raise ValueError(f"resolution must be a whole number from 2 to 1000, got {resolution!r}")
    P, Q = np.meshgrid(np.linspace(*_check_range(p_range, "p_range"), resolution),
                       np.linspace(*_check_range(q_range, "q_range"), resolution))
    values = {name: np.full(P.shape, getattr(params, name))[..., None] for name in NAMES}
    values[p], values[q] = P[..., None], Q[..., None]
    x1, x2 = X[:, 0], X[:, 1]
    v = values
    with np.errstate(over="ignore", invalid="ignore"):
        z1 = x1 * v["w1"] + x2 * v["w3"] + v["b1"]
        h1 = np.where(z1 > 0.0, z1, 0.0)
        z2 = x1 * v["w2"] + x2 * v["w4"] + v["b2"]
        h2 = np.where(z2 > 0.0, z2, 0.0)
        z3 = h1 * v["w5"] + h2 * v["w6"] + v["b3"]
        out = np.where(z3 > 0.0, z3, 0.0) if output == "relu" else z3
        L = np.mean((out - y) ** 2, axis=-1)
    return P, Q, L


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
    lr, steps = check_lr(lr), check_epochs(steps)
    i, j = _check_name(p, "p"), _check_name(q, "q")
    current = params
    points = [(getattr(params, p), getattr(params, q))]
    limit = 1e6 * max(_mean_loss(params, X, y, output), 1e-12)
    for k in range(1, steps + 1):
        g = gradients(current, X[:, 0], X[:, 1], y, output)
        new_p = getattr(current, p) - lr * getattr(g, p)
        new_q = getattr(current, q) - lr * getattr(g, q)
        if not (math.isfinite(new_p) and math.isfinite(new_q)):
            return Path(np.array(points), k)
        current = current.replace(**{p: new_p, q: new_q})
        if not _mean_loss(current, X, y, output) <= limit:
            return Path(np.array(points), k)
        points.append((new_p, new_q))
    return Path(np.array(points), None)


def _mean_loss(params, X, y, output):
    with np.errstate(over="ignore", invalid="ignore"):
        out = forward(params, X[:, 0], X[:, 1], output).out
        return float(np.mean((out - y) ** 2))


class LandscapePlot:
    """A filled contour of the loss with a descent path on top; `update` moves the path in place."""

    def __init__(self, ax, p="w5", q="w6", title="Loss landscape"):
        self.ax = ax
        self.contour = None
        self.grid_key = None
        (self.path,) = ax.plot([], [], "-o", color="white", mec="black", ms=2.5, lw=1.2, zorder=3)
        (self.start,) = ax.plot([], [], "o", color="#2ca02c", ms=8, mec="black", zorder=4, label="start")
        (self.end,) = ax.plot([], [], "X", color="#d62728", ms=9, mec="black", zorder=4, label="end")
        ax.set_xlabel(p)
        ax.set_ylabel(q)
        ax.set_title(title)
        ax.legend(loc="upper right", fontsize=8)

    def update(self, grid, path):
        P, Q, L = grid
        key = (P[0, 0], P[0, -1], Q[0, 0], Q[-1, 0], P.shape, float(np.nansum(L)))
        if key != self.grid_key:  # a new grid: redraw the contour; otherwise reuse it
            if self.contour is not None:
                self.contour.remove()
            finite = L[np.isfinite(L) & (L > 0)]
            low, high = (finite.min(), finite.max()) if finite.size else (1e-3, 1.0)
            if high / max(low, 1e-300) > 30:
                levels = np.geomspace(max(low, high * 1e-8), high, 25)
                self.contour = self.ax.contourf(P, Q, np.clip(L, levels[0], None), levels=levels, norm=LogNorm(),
                                                cmap="viridis")
            else:
                self.contour = self.ax.contourf(P, Q, L, levels=25, cmap="viridis")
            self.grid_key = key
            self.ax.set_xlim(P.min(), P.max())
            self.ax.set_ylim(Q.min(), Q.max())
        path = np.asarray(path, dtype=np.float64)
        self.path.set_data(path[:, 0], path[:, 1])
        self.start.set_data(path[:1, 0], path[:1, 1])
        self.end.set_data(path[-1:, 0], path[-1:, 1])


def auto_range(path, centre, pad=0.5, clip=50.0):
    """A square-ish extent that holds the path (and centre), with absurd divergent points clipped."""
    path = np.asarray(path, dtype=np.float64)
    points = np.vstack([path, np.atleast_2d(centre)])
    points = points[np.all(np.isfinite(points), axis=1)]
    points = np.clip(points, np.asarray(centre) - clip, np.asarray(centre) + clip)
    low, high = points.min(axis=0), points.max(axis=0)
    span = np.maximum(high - low, 1.0)
    return (low[0] - pad * span[0], high[0] + pad * span[0]), (low[1] - pad * span[1], high[1] + pad * span[1])


def plot_landscape(params: Params, X, y, p="w5", q="w6", lr=1e-3, steps=100, ax=None, resolution=81,
                   p_range=None, q_range=None, title=None, output="linear"):
    """Static: descend on (p, q) from params and draw the path on the loss surface around it."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(5.5, 4.5))
    path = descent_path(params, X, y, lr, steps, p, q, output)
    centre = (getattr(params, p), getattr(params, q))
    auto_p, auto_q = auto_range(path.points, centre)
    grid = loss_grid(params, X, y, p, q, p_range or auto_p, q_range or auto_q, resolution, output)
    plot = LandscapePlot(ax, p, q, title or f"lr {lr:g}: {path.describe()}")
    plot.update(grid, path.points)
    ax.figure.colorbar(plot.contour, ax=ax, label="mean squared error")
    return plot, path
