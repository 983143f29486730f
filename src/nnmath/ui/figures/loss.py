"""The static figures of 02_loss (its live panel, the best constant, is `nnmath.ui.constant_prediction_panel`).

Each figure function takes what the notebook computed (and printed) and returns a matplotlib Figure,
shown when it is a cell's last value. The landscape reuses `nnmath.ui.plot_landscape` and draws the
descent path as a plain white line (a dense row of outlined markers would read as a black band).
"""
from __future__ import annotations

import numpy as np
from matplotlib import patheffects
from matplotlib.figure import Figure

from ...core.checks import (LABEL, MAX_MAGNITUDE, NAMES, OneOf, Real, check, check_data, curve, mapping, real_array,
                            refuse, shown, validate)
from ...core.params import Params, check_params
from ..landscape import plot_landscape
from ..plots import same_length


def error_costs(errors=None) -> Figure:
    """The squared and the absolute error of one sample, and their slopes d cost / d out (02_loss, "Why square")."""
    e = np.linspace(-3, 3, 601) if errors is None else curve("errors", errors, finite=True)
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
    values = curve("values", values, finite=True)
    start = check_params(start, "start")
    curves = mapping("curves", curves, lambda key, v: same_length(key, curve(key, v), "values", len(values)),
                     check_key=_where_and_name, most=54, what="(where, parameter name) -> the loss at each value")
    start_losses = mapping("start_losses", start_losses, lambda key, v: check(key, v, NUMBER), check_key=_where_and_name,
                           most=54, what="(where, parameter name) -> the loss at the start")
    missing = [key for key in curves if key not in start_losses]
    if missing:
        raise ValueError(f"start_losses must have an entry for every curve, got none for {shown(missing[0])}")
    wheres = list(dict.fromkeys(where for where, _ in curves))
    names = list(dict.fromkeys(name for _, name in curves))
    absent = [(w, n) for w in wheres for n in names if (w, n) not in curves]
    if absent:
        raise ValueError(f"curves must have a curve for every (where, name) pair of the grid, got none for "
                         f"{shown(absent[0])}")
    if len(wheres) > 6:
        raise ValueError(f"curves must have at most 6 wheres (rows of the grid), got {len(wheres)}")
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


NUMBER = Real(low=-MAX_MAGNITUDE, high=MAX_MAGNITUDE)


def _where_and_name(argument, key):
    """A key (where, name): a label and one of the nine parameter names."""
    if not isinstance(key, tuple) or len(key) != 2:
        raise refuse(argument, key, "keys (where, parameter name), such as ('lecture start', 'w5')")
    return LABEL(argument, key[0]), OneOf(NAMES)(argument, key[1])


def landscape_with_lowest_point(params: Params, X, y, p, q, lr, steps, p_range, q_range, lowest,
                                ticks=(10, 20, 50, 100, 200, 400)):
    """The loss over (p, q), the other seven fixed at params, with batch descent's path as a white line (white dots
    at steps 0-3 and every 50th) and the exact lowest point as a gold star (02_loss, "The loss over two parameters").

    Returns (Figure, path), path being `nnmath.core.landscape.descent_path`'s Path that was drawn.
    """
    lowest = tuple(real_array("lowest", lowest, 1, min_rows=2, max_rows=2))
    ticks = curve("ticks", ticks, finite=True, low=1e-300, max_rows=20)
    check_params(params)
    check_data(X, y)
    validate(lr=lr, steps=steps, p=p, q=q, p_range=p_range, q_range=q_range)
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
    plot.contour.colorbar.set_ticks(list(ticks), labels=[f"{t:g}" for t in ticks])  # log colour scale, round labels
    figure.tight_layout()
    return figure, path


__all__ = ["error_costs", "loss_over_one_parameter", "landscape_with_lowest_point"]
