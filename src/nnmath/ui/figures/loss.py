"""The static figures of 02_loss (its live panel, the best constant, is `nnmath.ui.constant_prediction_panel`).

Each figure function takes what the notebook computed (and printed) and returns a matplotlib Figure,
shown when it is a cell's last value. The landscape reuses `nnmath.ui.plot_landscape` and draws the
descent path as a plain white line (a dense row of outlined markers would read as a black band).
"""
from __future__ import annotations

import numpy as np
from matplotlib import patheffects
from matplotlib.figure import Figure

from ...core.params import Params
from ..landscape import plot_landscape


def error_costs(errors=None) -> Figure:
    """The squared and the absolute error of one sample, and their slopes d cost / d out (02_loss, "Why square")."""
    e = np.linspace(-3, 3, 601) if errors is None else np.asarray(errors, dtype=np.float64)
    figure = Figure(figsize=(10, 3.5))
    cost_ax, slope_ax = figure.subplots(1, 2)
    cost_ax.plot(e, e ** 2, label="squared error (out - y)²")
    cost_ax.plot(e, np.abs(e), label="absolute error |out - y|")
    cost_ax.set_xlabel("error out - y")
    cost_ax.set_ylabel("cost of one sample")
    cost_ax.set_title("The cost")
    cost_ax.legend()
    slope_ax.plot(e, 2 * e, label="2 (out - y)")
    slope_ax.plot(e, np.sign(e), label="sign(out - y)")
    slope_ax.axhline(0, color="grey", lw=0.8)
    slope_ax.set_xlabel("error out - y")
    slope_ax.set_ylabel("d cost / d out")
    slope_ax.set_title("Its slope: what backpropagation starts from")
    slope_ax.legend()
    figure.tight_layout()
    return figure


def loss_over_one_parameter(values, curves: dict, start: Params, start_losses: dict) -> Figure:
    """A grid of loss curves over one parameter, the others fixed (02_loss, "The loss over one parameter").

    curves: (where, name) -> the loss at each of `values` (rows: the `where`s in order, columns: the names);
    start_losses: (where, name) -> the loss at the start, drawn as a red dot at the start's value of `name`.
    """
    wheres = list(dict.fromkeys(where for where, _ in curves))
    names = list(dict.fromkeys(name for _, name in curves))
    figure = Figure(figsize=(4 * len(names), 3.1 * len(wheres)))
    axes = np.atleast_2d(figure.subplots(len(wheres), len(names)))
    for row, where in enumerate(wheres):
        for ax, name in zip(axes[row], names):
            ax.plot(values, curves[where, name])
            ax.plot(getattr(start, name), start_losses[where, name], "o", color="#d62728", label="lecture start")
            ax.set_xlabel(name)
            ax.set_ylabel(f"loss, {where}")
            ax.set_title(f"loss over {name}: {where}")
            ax.legend(loc="upper center", fontsize=8)
    figure.tight_layout()
    return figure


def landscape_with_lowest_point(params: Params, X, y, p, q, lr, steps, p_range, q_range, lowest,
                                ticks=(10, 20, 50, 100, 200, 400)):
    """The loss over (p, q), the other seven fixed at params, with batch descent's path as a white line (white dots
    at steps 0-3 and every 50th) and the exact lowest point as a gold star (02_loss, "The loss over two parameters").

    Returns (Figure, path), path being `nnmath.core.landscape.descent_path`'s Path that was drawn.
    """
    figure = Figure(figsize=(6.5, 5))
    ax = figure.subplots()
    plot, path = plot_landscape(params, X, y, p, q, lr=lr, steps=steps, ax=ax, p_range=p_range, q_range=q_range)
    # One white line with a white dot at steps 0, 1, 2, 3 and every 50th: 300 outlined markers side by side
    # would draw a black band.
    plot.path.set_linewidth(2.2)
    plot.path.set_markevery([k for k in range(len(path.points)) if k <= 3 or k % 50 == 0])
    plot.path.set_markerfacecolor("white")
    plot.path.set_markeredgecolor("#333333")
    plot.path.set_markeredgewidth(0.6)
    plot.path.set_markersize(4)
    plot.path.set_path_effects([patheffects.withStroke(linewidth=3.4, foreground="#333333"), patheffects.Normal()])
    plot.path.set_label("descent path")
    ax.plot(*lowest, "*", color="gold", mec="black", ms=16, label="lowest point")
    ax.legend(loc="upper right", fontsize=8)
    plot.contour.colorbar.set_ticks(list(ticks), labels=[str(t) for t in ticks])  # log colour scale, round labels
    figure.tight_layout()
    return figure, path


__all__ = ["error_costs", "loss_over_one_parameter", "landscape_with_lowest_point"]
