"""The figures of 02_loss, and its one small live panel (a constant prediction and its slope).

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
from ..panel import LivePanel, live_figure


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


def constant_prediction_panel(y, c: float = 5.0, c_range=(0.0, 25.0)) -> LivePanel:
    """Live: the MSE of a constant prediction c on targets y, and its slope 2 (c - mean(y)) at c (02_loss).

    The curve is drawn once; moving c moves the dot and the tangent.
    """
    import ipywidgets as widgets

    y = np.asarray(y, dtype=np.float64)
    mean_y, var_y = float(y.mean()), float(y.var())
    figure, ax = live_figure(6.5, 3.4)
    grid = np.linspace(*c_range, 251)
    ax.plot(grid, np.mean((grid[:, None] - y) ** 2, axis=1), color="#2c7fb8")
    ax.axhline(var_y, color="grey", ls="--", lw=1)
    ax.annotate(f"Var(y) = {var_y:.2f}", (c_range[1], var_y), xytext=(0, 4), textcoords="offset points", ha="right",
                color="grey", fontsize=8)
    ax.set_xlabel("constant prediction c")
    ax.set_ylabel("MSE of the constant")
    (tangent,) = ax.plot([], [], color="#d62728", lw=1.5)
    (dot,) = ax.plot([], [], "o", color="#d62728", ms=9)

    def compute(c):
        return c, float(np.mean((c - y) ** 2)), 2 * (c - mean_y)

    def draw(result):
        c, value, slope = result
        dot.set_data([c], [value])
        tangent.set_data([c - 2, c + 2], [value - 2 * slope, value + 2 * slope])
        return (f"c = {c:.2f}: loss <b>{value:.3f}</b>, slope 2(c - mean) = {slope:.3f} "
                f"(the slope is 0 at c = mean = {mean_y:.2f}, where the loss is Var(y) = {var_y:.3f})")

    slider = widgets.FloatSlider(value=c, min=c_range[0], max=c_range[1], step=0.1, description="c")
    return LivePanel({"c": slider}, compute, draw, figure)


__all__ = ["error_costs", "loss_over_one_parameter", "landscape_with_lowest_point", "constant_prediction_panel"]
