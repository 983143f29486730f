"""Figures of 06_initialisation (and the landscape helper 07_random_target shares), one call each.

Every function returns a matplotlib Figure with labelled axes; losses are drawn on log axes where
they span decades. The numbers come from the notebook's runs; these functions only draw.
"""
from __future__ import annotations

import math

import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from ...core.checks import (CAPTION, LABEL, MAX_CURVES, RULES, TITLE, OneOf, OrNone, Whole, check, check_data, curve,
                            items, mapping, real_array, refuse, validate)
from ...core.checks import labels as check_labels
from ...core.landscape import auto_range, descent_path, loss_grid
from ...core.params import Params, check_params
from ..landscape import LandscapePlot
from ..plots import (FIGSIZE, check_axes, check_levels, log_scale, plot_loss_curves, same_length,
                     show_levels)
from ..style import LOG_LIMITS


def _figure(size):
    """A Figure not registered with pyplot (nothing piles up), shown inline as the cell's value."""
    return Figure(figsize=size, layout="constrained")


def _plain(value, _position=None) -> str:
    return f"{value:g}"


def _reference_lines(ax, lines, side="left"):
    """Dotted horizontal lines with their labels written on them: {label: value} (the y axis widened to show them)."""
    show_levels(ax, (lines or {}).values())
    for label, value in (lines or {}).items():
        ax.axhline(value, color="black", ls=":", lw=1)
        x, ha = (0.01, "left") if side == "left" else (0.99, "right")
        ax.annotate(label, (x, value), xycoords=("axes fraction", "data"), xytext=(0, 3), textcoords="offset points",
                    ha=ha, va="bottom", fontsize=8)


def loss_curves(losses, labels, title, lines=None, diverged_at=None, log_epochs=True, size=(8.5, 4.4),
                lines_side="left") -> Figure:
    """Loss per epoch, one line per run (log loss axis), with labelled reference levels (06_initialisation).

    lines: {label: value}, e.g. {"variance of y (33.39)": 33.39}, drawn dotted across the plot.
    """
    lines, size = check_levels("lines", lines), FIGSIZE("size", size)
    lines_side = OneOf(("left", "right"))("lines_side", lines_side)
    title = TITLE("title", title)
    check_labels("labels", labels)
    fig = _figure(size)
    ax = fig.add_subplot()
    plot_loss_curves(ax, losses, labels, title=title, diverged_at=diverged_at, log_epochs=log_epochs)
    _reference_lines(ax, lines, lines_side)
    return fig


def final_loss_histogram(groups, title, xlabel="final loss after 1000 epochs", lines=None, bins=40,
                         size=(8.5, 4.3)) -> Figure:
    """Where many runs of one recipe end: a histogram per group on a log loss axis (06_initialisation).

    groups: {label: final losses} (NaN, diverged, left out); lines: {label: value} marked by dotted verticals.
    """
    groups = mapping("groups", groups, lambda name, v: curve(name, v, low=0.0), most=10,
                     what="label -> final losses (NaN: diverged)")
    title, xlabel = TITLE("title", title), CAPTION("xlabel", xlabel)
    lines, size = check_levels("lines", lines), FIGSIZE("size", size)
    bins = Whole(1, 1000)("bins", bins)
    finite = [v[np.isfinite(v) & (v > 0)] for v in groups.values()]
    values = np.concatenate(finite + [np.array(list(lines.values()), dtype=float)])
    if not values.size:
        raise ValueError("groups must hold at least one finite loss > 0 (the histogram's axis is logarithmic), got "
                         "none")
    low, high = max(values.min() / 1.1, LOG_LIMITS[0]), min(values.max() * 1.1, LOG_LIMITS[1])
    if high <= low * 1.01:
        low, high = low / 2, high * 2
    fig = _figure(size)
    ax = fig.add_subplot()
    edges = np.geomspace(low, high, bins + 1)
    for (label, _), data in zip(groups.items(), finite):
        ax.hist(data, bins=edges, alpha=0.55, label=label)
    for label, value in (lines or {}).items():
        ax.axvline(value, color="black", ls=":", lw=1)
        ax.annotate(label, (value, 0.97), xycoords=("data", "axes fraction"), xytext=(-3, 0), textcoords="offset points",
                    rotation=90, ha="right", va="top", fontsize=8)
    ax.set_xscale("log")
    ax.xaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    ax.xaxis.set_major_formatter(FuncFormatter(_plain))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set(xlabel=xlabel, ylabel="runs", title=title)
    ax.legend(loc="upper center", fontsize=8)
    return fig


def slices_along_x1(x1, rule, rule_label, fits, title, size=(7, 3.8)) -> Figure:
    """Fitted networks sliced along one input line, beside the rule that made the data (06_initialisation).

    fits: {label: predictions along x1}.
    """
    x1 = curve("x1", x1, finite=True)
    rule = same_length("rule", curve("rule", rule, finite=True), "x1", len(x1))
    fits = mapping("fits", fits, lambda name, v: same_length(name, curve(name, v), "x1", len(x1)),
                   what="label -> predictions along x1")
    rule_label, title, size = LABEL("rule_label", rule_label), TITLE("title", title), FIGSIZE("size", size)
    fig = _figure(size)
    ax = fig.add_subplot()
    ax.plot(x1, rule, color="grey", ls="--", label=rule_label)
    for label, values in fits.items():
        ax.plot(x1, values, lw=2, label=label)
    ax.set(xlabel="x1 (with x2 = 0)", ylabel="prediction", title=title)
    ax.legend(fontsize=8)
    return fig


def stable_rates(lr_grid, final_loss, diverged, names, limits, lines=None, size=(8.5, 4.4)) -> Figure:
    """Final loss against learning rate for several starts; dotted: each start's predicted limit (06).

    final_loss, diverged: (rates, starts); limits: the predicted largest stable rate of each start.
    """
    lr_grid = curve("lr_grid", lr_grid, finite=True, low=1e-300)
    final_loss = real_array("final_loss", final_loss, 2, finite=False)
    if final_loss.shape[0] != len(lr_grid) or not 1 <= final_loss.shape[1] <= MAX_CURVES:
        raise ValueError(f"final_loss must have one row per rate of lr_grid ({len(lr_grid)}) and 1 to {MAX_CURVES} "
                         f"columns (starts), got shape {final_loss.shape}")
    diverged = _mask("diverged", diverged, final_loss.shape)
    names = check_labels("names", names, count=final_loss.shape[1], of="column of final_loss")
    limits = same_length("limits", curve("limits", limits, low=0.0), "names", len(names))
    lines, size = check_levels("lines", lines), FIGSIZE("size", size)
    fig = _figure(size)
    ax = fig.add_subplot()
    for j, name in enumerate(names):
        ok = ~diverged[:, j]
        (line,) = ax.plot(lr_grid[ok], final_loss[ok, j], lw=1.8, label=name)
        if math.isfinite(limits[j]) and limits[j] > 0:
            ax.axvline(limits[j], color=line.get_color(), ls=":", lw=1)
    _reference_lines(ax, lines)
    log_scale(ax, x=True, y=True)
    ax.set(xlabel="learning rate (dotted: predicted limit 1/max s)",
           ylabel="final loss after 1000 epochs", title="Huge starts: each needs its own rate (no line = diverged)")
    ax.legend(fontsize=8, loc="upper left")
    return fig


def _mask(argument, value, shape):
    """True/False values of the given shape (which runs diverged)."""
    array = value if isinstance(value, np.ndarray) else None
    if array is None and isinstance(value, (list, tuple)):
        try:
            array = np.array(value)
        except Exception:  # ragged lists
            array = None
    if array is None or array.dtype != bool or array.shape != tuple(shape):
        raise refuse(argument, value, f"an array of True/False values of shape {tuple(shape)} (final_loss's)")
    return array


def _colourbar_ticks(low: float, high: float, log: bool) -> list[float]:
    """Tick values a student can read: 1-2-5 steps on a log bar, at least three of them."""
    if not log:
        return []
    ticks = [m * 10.0 ** e for e in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)
             for m in (1, 2, 5) if low <= m * 10.0 ** e <= high]
    if len(ticks) < 3:
        ticks = sorted({float(f"{v:.2g}") for v in np.geomspace(low, high, 4)})
        ticks = [t for t in ticks if low <= t <= high] or [float(f"{low:.3g}"), float(f"{high:.3g}")]
    return ticks


def add_colourbar(fig, contour, ax, label="mean squared error"):
    """A colour bar whose every label is a plain number (no lone 1.41085e3 on a log bar)."""
    from matplotlib.contour import ContourSet
    from matplotlib.figure import FigureBase

    if not isinstance(fig, FigureBase):
        raise refuse("fig", fig, "a matplotlib Figure")
    if not isinstance(contour, ContourSet):
        raise refuse("contour", contour, "a filled contour (what ax.contourf returns)")
    ax, label = check_axes(ax), CAPTION("label", label)
    bar = fig.colorbar(contour, ax=ax, label=label)
    log = isinstance(contour.norm, LogNorm)
    ticks = _colourbar_ticks(float(min(contour.levels)), float(max(contour.levels)), log)
    if ticks:
        bar.set_ticks(ticks)
        bar.set_ticklabels([_plain(t) for t in ticks])
        bar.ax.minorticks_off()
    return bar


def draw_landscape(ax, params: Params, X, y, p, q, lr, steps, title=None, p_range=None, q_range=None,
                   resolution=81):
    """Gradient descent on (p, q) from params, drawn on the loss over (p, q); returns (plot, path)."""
    ax = check_axes(ax)
    p, q = _check_landscape(params, X, y, p, q, lr, steps, resolution)
    p_range, q_range = (OrNone(RULES[name], "around the path")(name, value)
                        for name, value in (("p_range", p_range), ("q_range", q_range)))
    title = OrNone(TITLE, "the rate and where the path ends")("title", title)
    path = descent_path(params, X, y, lr, steps, p, q)
    auto_p, auto_q = auto_range(path.points, (getattr(params, p), getattr(params, q)))
    grid = loss_grid(params, X, y, p, q, p_range or auto_p, q_range or auto_q, resolution)
    plot = LandscapePlot(ax, p, q, title or f"lr {lr:g}: {path.describe()}")
    plot.update(grid, path.points)
    add_colourbar(ax.figure, plot.contour, ax)
    return plot, path


def landscape(params: Params, X, y, p="w5", q="w6", lr=1e-3, steps=100, title=None, size=(5.8, 4.5)):
    """One loss landscape with gradient descent's path; returns (Figure, path) (06_initialisation)."""
    p, q = _check_landscape(params, X, y, p, q, lr, steps)
    title, size = OrNone(TITLE, "the rate and where the path ends")("title", title), FIGSIZE("size", size)
    fig = _figure(size)
    _, path = draw_landscape(fig.add_subplot(), params, X, y, p, q, lr, steps, title)
    return fig, path


def landscapes_side_by_side(params: Params, X, y, p, q, rates, steps, titles, size=(12, 4.6)):
    """Descent at several rates, one landscape each, every colour bar labelled in plain numbers (06).

    Returns (Figure, {rate: path}).
    """
    rates = items("rates", rates, lambda name, v: check(name, v, RULES["lr"]), most=6, what="learning rates")
    steps = same_length("steps", items("steps", steps, lambda name, v: check(name, v, RULES["steps"]), most=6,
                                       what="step counts"), "rates", len(rates))
    titles = check_labels("titles", titles, count=len(rates))
    size = FIGSIZE("size", size)
    for lr, n in zip(rates, steps):
        p, q = _check_landscape(params, X, y, p, q, lr, n)
    fig = _figure(size)
    axes = fig.subplots(1, len(rates))
    paths = {}
    for ax, lr, n, title in zip(np.atleast_1d(axes), rates, steps, titles):
        _, paths[lr] = draw_landscape(ax, params, X, y, p, q, lr, n, title)
    return fig, paths


def _check_landscape(params, X, y, p, q, lr, steps, resolution=81):
    """Every argument of a landscape, before any descent runs (p and q two different parameters)."""
    check_params(params)
    check_data(X, y)
    p, q = validate(lr=lr, steps=steps, p=p, q=q, resolution=resolution)[2:4]
    if p == q:
        raise ValueError(f"p and q must be two different parameters, got {p!r} twice")
    return p, q


__all__ = ["loss_curves", "final_loss_histogram", "slices_along_x1", "stable_rates", "add_colourbar",
           "draw_landscape", "landscape", "landscapes_side_by_side"]
