"""The loss landscape drawn: a filled contour with gradient descent's path on it (02, 05, 06, 07).

The numbers come from `nnmath.core.landscape` (loss_grid, descent_path); this module only draws.
"""
from __future__ import annotations

import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.ticker import FuncFormatter, NullFormatter

from ..core.checks import RULES, TITLE, OrNone, check_data, validate
from ..core.landscape import auto_range, descent_path, loss_grid
from ..core.params import Params, check_params
from .plots import check_axes


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
        # A dot per step reads as a band once steps crowd: about 30 dots along a long path, the line joins them.
        self.path.set_markevery(max(1, len(path) // 30))
        self.start.set_data(path[:1, 0], path[:1, 1])
        self.end.set_data(path[-1:, 0], path[-1:, 1])


def plot_landscape(params: Params, X, y, p="w5", q="w6", lr=1e-3, steps=100, ax=None, resolution=81,
                   p_range=None, q_range=None, title=None, output="linear"):
    """Static: descend on (p, q) from params and draw the path on the loss surface around it.

    ax: the Axes to draw on, or None for a new figure. Every argument is checked before anything is computed."""
    check_params(params)
    X, y = check_data(X, y)
    lr, steps, p, q, output, resolution = validate(lr=lr, steps=steps, p=p, q=q, output=output, resolution=resolution)
    p_range, q_range = (OrNone(RULES[name], "around the path")(name, value)
                        for name, value in (("p_range", p_range), ("q_range", q_range)))
    title = OrNone(TITLE, "the rate and where the path ends")("title", title)
    ax = check_axes(ax, none_ok=True)
    if p == q:
        raise ValueError(f"p and q must be two different parameters, got {p!r} twice")
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(5.5, 4.5))
    path = descent_path(params, X, y, lr, steps, p, q, output)
    centre = (getattr(params, p), getattr(params, q))
    auto_p, auto_q = auto_range(path.points, centre)
    grid = loss_grid(params, X, y, p, q, p_range or auto_p, q_range or auto_q, resolution, output)
    plot = LandscapePlot(ax, p, q, title or f"lr {lr:g}: {path.describe()}")
    plot.update(grid, path.points)
    bar = ax.figure.colorbar(plot.contour, ax=ax, label="mean squared error")
    bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _position: f"{value:g}"))  # 5, 50, 500: readable
    bar.ax.yaxis.set_minor_formatter(NullFormatter())
    return plot, path
