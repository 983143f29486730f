"""Static figures of 05_learning_rate: loss curves of many rates, equal lr x epochs, final loss against the rate,
the overshoot test's outcomes, scaling, schedules and descent paths on a quadratic bowl. Each returns a Figure.
"""
from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ...core.checks import (CAPTION, LABEL, RULES, OrNone, check, check_data, curve, items, mapping, refuse, shown,
                            validate)
from ...core.checks import labels as check_labels
from ...core.params import Params, check_params
from ..landscape import plot_landscape
from ..plots import (DIVERGED_COLOR, EPOCH_OR_NONE, LEVEL, LossCurvePlot, check_levels, check_losses, check_runs,
                     log_scale, plot_loss_curves, same_length, show_levels)
from ..style import LOG_LIMITS

LEVEL_OR_NONE = OrNone(LEVEL, "no floor")


def _levels(ax, levels: dict, x_text: float = 1.0):
    """Dotted horizontal lines with a label at the right end: name -> value (the y axis widened to show them)."""
    show_levels(ax, levels.values())
    for k, (name, value) in enumerate(levels.items()):
        ax.axhline(value, color="black", ls=":", lw=1)
        ax.annotate(f"{name} ({value:.4g})", (x_text, value), xycoords=("axes fraction", "data"), xytext=(-4, 3),
                    textcoords="offset points", ha="right", va="bottom", fontsize=8)


def rate_curves(losses: dict, floor: float | None = None, levels: dict | None = None, dashed=(),
                diverged_at: dict | None = None, title: str = "Epoch loss for each learning rate") -> Figure:
    """One loss curve per learning rate, epochs on a log axis (05_learning_rate).

    losses: label -> epoch losses; dashed: labels drawn dashed and on top, so a curve lying on another stays
    visible; levels: name -> value drawn as dotted lines (e.g. a bound); diverged_at: label -> epoch or 0.
    """
    losses = mapping("losses", losses, check_losses, what="label -> epoch losses")
    labels = list(losses)
    dashed = _labels_or_none("dashed", dashed)
    levels_ = check_levels("levels", levels)
    if diverged_at is not None:
        diverged_at = mapping("diverged_at", diverged_at, lambda name, v: EPOCH_OR_NONE(name, v), least=0,
                              what="label -> the epoch it diverged at (0 or None: did not)")
        unknown = [k for k in diverged_at if k not in losses]
        if unknown:
            raise ValueError(f"diverged_at must name curves of losses, got {shown(unknown[0])}; allowed: "
                             f"{shown(labels)}")
    fig = Figure(figsize=(9, 5), layout="constrained")
    ax = fig.subplots()
    plot_loss_curves(ax, [losses[k] for k in labels], labels, floor=floor, log_epochs=True, title=title,
                     diverged_at=None if diverged_at is None else [diverged_at.get(k) or 0 for k in labels])
    for line, label in zip(ax.get_lines(), labels):
        if label in dashed:
            line.set_linestyle((0, (4, 3)))
            line.set_zorder(3)
    _levels(ax, levels_)
    ax.legend(fontsize=8, loc="lower left")
    return fig


def _labels_or_none(argument, value) -> tuple:
    """() or a list of labels."""
    if isinstance(value, (list, tuple)) and len(value) == 0:
        return ()
    return check_labels(argument, value)


def equal_budget(curves: list, levels: dict | None = None, floor: float | None = None,
                 title: str = "Equal lr × epochs, equal place") -> Figure:
    """Epoch losses against lr x epochs (05_learning_rate).

    curves: (label, lr, epochs, losses) with epochs the epoch numbers (from 1) of the losses given, so a long
    run kept at checkpoints draws as well as a full one.
    """
    def row(argument, value):
        if not isinstance(value, (tuple, list)) or len(value) != 4:
            raise refuse(argument, value, "a tuple (label, lr, epoch numbers, losses)")
        label, lr, epochs, values = value
        epochs = curve(f"{argument}'s epochs", epochs, finite=True, low=1.0)
        return (LABEL(f"{argument}'s label", label), check(f"{argument}'s lr", lr, RULES["lr"]), epochs,
                same_length(f"{argument}'s losses", check_losses(f"{argument}'s losses", values), "epochs", len(epochs)))

    curves = items("curves", curves, row, what="(label, lr, epochs, losses)")
    levels_, floor, title = check_levels("levels", levels), LEVEL_OR_NONE("floor", floor), CAPTION("title", title)
    fig = Figure(figsize=(8.5, 4.6), layout="constrained")
    ax = fig.subplots()
    for label, lr, epochs, values in curves:
        if len(epochs) > 2000:  # on a log axis 2000 log-spaced points draw the same line, much faster
            keep = np.unique(np.geomspace(1, len(epochs), 2000).astype(np.int64) - 1)
            epochs, values = epochs[keep], values[keep]
        ax.plot(lr * epochs, values, lw=1.6, label=label)
    if floor is not None:
        ax.axhline(floor, color="grey", ls="--", lw=1)
    _levels(ax, levels_)
    log_scale(ax, x=True, y=True)
    ax.set(xlabel="lr × epochs", ylabel="epoch loss (mean squared error)", title=title)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=8, loc="lower left")
    return fig


def final_loss_against_rate(series: list, levels: dict | None = None,
                            title: str = "Loss of the final parameters against the learning rate") -> Figure:
    """Final loss against the rate, diverged runs as crosses in a band above (05_learning_rate).

    series: (label, rates, final losses, diverged mask[, marked mask, marked label]); the marked runs (e.g. a hidden
    node died) are drawn as open squares. Never a NaN or an infinity on the axis.
    """
    series = items("series", series, _series_row, most=10, what="(label, rates, final losses, diverged[, marked, label])")
    levels_, title = check_levels("levels", levels), CAPTION("title", title)
    fig = Figure(figsize=(9.5, 4.4), layout="constrained")
    ax = fig.subplots()
    finite = np.concatenate([s[2][~s[3]] for s in series])
    finite = finite[np.isfinite(finite) & (finite > 0)]
    band = min(2.0 * float(finite.max()), LOG_LIMITS[1]) if finite.size else 1.0
    for k, (label, rates, finals, diverged, *marked) in enumerate(series):
        colour = f"C{k}"
        plain = ~diverged
        if marked:
            mask, mark_label = marked
            plain &= ~mask
            ax.plot(rates[mask & ~diverged], finals[mask & ~diverged], "s", mfc="none", color=colour,
                    label=f"{label}: {mark_label}")
        ax.plot(rates[plain], finals[plain], ".", color=colour, label=f"{label}: loss of the final parameters")
        if diverged.any():
            ax.plot(rates[diverged], np.full(diverged.sum(), band), "x", color=colour if len(series) > 1 else
                    DIVERGED_COLOR, label=f"{label}: diverged (no final loss)")
    _levels(ax, levels_, x_text=0.62)
    log_scale(ax, x=True, y=True)
    ax.set(xlabel="learning rate", ylabel="mean squared error", title=title)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5))
    return fig


def _series_row(argument, value):
    """(label, rates, final losses, diverged[, marked, marked label]): rates > 0, one loss and one flag per rate."""
    if not isinstance(value, (tuple, list)) or len(value) not in (4, 6):
        raise refuse(argument, value, "a tuple (label, rates, final losses, diverged) or (..., marked, marked label)")
    label, rates, finals, diverged, *marked = value
    rates = curve(f"{argument}'s rates", rates, finite=True, low=1e-300)
    finals = same_length(f"{argument}'s final losses", check_losses(f"{argument}'s final losses", finals), "rates",
                         len(rates))
    diverged = _flags(f"{argument}'s diverged", diverged, len(rates))
    row = [LABEL(f"{argument}'s label", label), rates, finals, diverged]
    if marked:
        row += [_flags(f"{argument}'s marked", marked[0], len(rates)), LABEL(f"{argument}'s marked label", marked[1])]
    return tuple(row)


def _flags(argument, value, count):
    """count True/False values (a list or a bool array)."""
    array = value if isinstance(value, np.ndarray) else None
    if array is None and isinstance(value, (list, tuple)) and all(isinstance(v, (bool, np.bool_)) for v in value):
        array = np.array(value, dtype=bool)
    if array is None or array.dtype != bool or array.shape != (count,):
        raise refuse(argument, value, f"{count} True/False values, one per rate")
    return array


OUTCOME_COLOURS = {"best valley": "#1a9850", "a lower poor valley": "#91cf60", "same valley": "#bdbdbd",
                   "a higher valley": "#fc8d59", "diverged": DIVERGED_COLOR}


def overshoot_outcomes(rates, counts: dict, title: str = "Where each poor valley's run went") -> Figure:
    """Stacked bars: for each rate, how many runs ended in each outcome (05_learning_rate).

    counts: outcome -> one count per rate (outcomes as in OUTCOME_COLOURS, in that order).
    """
    rates = curve("rates", rates, finite=True, max_rows=100)
    counts = mapping("counts", counts, lambda name, v: same_length(name, curve(name, v, finite=True, low=0.0), "rates",
                                                                   len(rates)),
                     most=len(OUTCOME_COLOURS), what="outcome -> a count per rate")
    title = CAPTION("title", title)
    fig = Figure(figsize=(8.5, 4.2), layout="constrained")
    ax = fig.subplots()
    positions = np.arange(len(rates))
    bottom = np.zeros(len(rates))
    for outcome, values in counts.items():
        ax.bar(positions, values, bottom=bottom, color=OUTCOME_COLOURS.get(outcome), label=outcome,
               edgecolor="white")
        bottom += values
    ax.set_xticks(positions, [f"{r:g}" for r in rates])
    ax.set(xlabel="learning rate of the continued run", ylabel="number of runs", title=title)
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5))
    return fig


def schedule_runs(runs: dict, floor: float | None = None, levels: dict | None = None,
                  title: str = "Epoch loss per schedule") -> Figure:
    """Left: the epoch loss of each run; right: the learning rate each epoch used (05_learning_rate).

    runs: label -> Run (its `lrs` hold the rate of every epoch).
    """
    runs = check_runs("runs", runs)
    levels_ = check_levels("levels", levels)
    fig = Figure(figsize=(12, 4), layout="constrained")
    ax_loss, ax_lr = fig.subplots(1, 2)
    plot_loss_curves(ax_loss, list(runs.values()), list(runs), floor=floor, title=title)
    _levels(ax_loss, levels_)
    for label, run in runs.items():
        ax_lr.plot(np.arange(1, len(run.lrs) + 1), run.lrs, label=label)
    log_scale(ax_lr, y=True)
    ax_lr.set(xlabel="epoch", ylabel="learning rate", title="The rate each schedule used")
    ax_lr.grid(True, which="major", alpha=0.3)
    ax_lr.legend(fontsize=8)
    return fig


def landscape_paths(params: Params, X, y, p: str, q: str, rates, labels, steps: int = 30, p_range=None,
                    q_range=None, resolution: int = 61) -> Figure:
    """Batch descent on (p, q) at each rate, on one frame, so the paths compare (05_learning_rate).

    Two panels per row; each title gives the rate and its label. A path that diverges leaves the frame.
    """
    check_params(params)
    check_data(X, y)
    rates = items("rates", rates, lambda name, v: check(name, v, RULES["lr"]), most=8, what="learning rates")
    labels = check_labels("labels", labels, count=len(rates))
    steps, p, q, resolution = validate(steps=steps, p=p, q=q, resolution=resolution)
    if p == q:
        raise ValueError(f"p and q must be two different parameters, got {p!r} twice")
    p_range, q_range = (OrNone(RULES[name], "around each path")(name, value)
                        for name, value in (("p_range", p_range), ("q_range", q_range)))
    rows = int(np.ceil(len(rates) / 2))
    fig = Figure(figsize=(11.5, 4.5 * rows), layout="constrained")
    axes = np.atleast_1d(fig.subplots(rows, 2)).ravel()
    for ax, lr, label in zip(axes, rates, labels):
        plot_landscape(params, X, y, p, q, lr=lr, steps=steps, ax=ax, resolution=resolution, p_range=p_range,
                       q_range=q_range, title=f"lr {lr:g}: {label}")
    for ax in axes[len(rates):]:
        ax.set_visible(False)
    return fig


def loss_curve(losses, floor: float | None = None, title: str = "Epoch loss", log_epochs: bool = True) -> Figure:
    """One run's epoch loss (05_learning_rate)."""
    losses = check_losses("losses", losses)
    fig = Figure(figsize=(7.5, 4), layout="constrained")
    ax = fig.subplots()
    plot = LossCurvePlot(ax, floor=floor, title=title, log_epochs=log_epochs)
    plot.update(losses)
    return fig


__all__ = ["rate_curves", "equal_budget", "final_loss_against_rate", "OUTCOME_COLOURS", "overshoot_outcomes",
           "schedule_runs", "landscape_paths", "loss_curve"]
