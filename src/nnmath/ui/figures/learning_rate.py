"""Static figures of 05_learning_rate: loss curves of many rates, equal lr x epochs, final loss against the rate,
the overshoot test's outcomes, scaling, schedules and descent paths on a quadratic bowl. Each returns a Figure.
"""
from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ...core.params import Params
from ..landscape import plot_landscape
from ..plots import DIVERGED_COLOR, LossCurvePlot, plot_loss_curves


def _levels(ax, levels: dict, x_text: float = 1.0):
    """Dotted horizontal lines with a label at the right end: name -> value."""
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
    fig = Figure(figsize=(9, 5), layout="constrained")
    ax = fig.subplots()
    labels = list(losses)
    plot_loss_curves(ax, [losses[k] for k in labels], labels, floor=floor, log_epochs=True, title=title,
                     diverged_at=None if diverged_at is None else [diverged_at.get(k, 0) for k in labels])
    for line, label in zip(ax.get_lines(), labels):
        if label in dashed:
            line.set_linestyle((0, (4, 3)))
            line.set_zorder(3)
    _levels(ax, levels or {})
    ax.legend(fontsize=8, loc="lower left")
    return fig


def equal_budget(curves: list, levels: dict | None = None, floor: float | None = None,
                 title: str = "Equal lr × epochs, equal place") -> Figure:
    """Epoch losses against lr x epochs (05_learning_rate).

    curves: (label, lr, epochs, losses) with epochs the epoch numbers (from 1) of the losses given, so a long
    run kept at checkpoints draws as well as a full one.
    """
    fig = Figure(figsize=(8.5, 4.6), layout="constrained")
    ax = fig.subplots()
    for label, lr, epochs, values in curves:
        epochs, values = np.asarray(epochs, dtype=np.float64), np.asarray(values, dtype=np.float64)
        if len(epochs) > 2000:  # on a log axis 2000 log-spaced points draw the same line, much faster
            keep = np.unique(np.geomspace(1, len(epochs), 2000).astype(np.int64) - 1)
            epochs, values = epochs[keep], values[keep]
        ax.plot(lr * epochs, values, lw=1.6, label=label)
    if floor is not None:
        ax.axhline(floor, color="grey", ls="--", lw=1)
    _levels(ax, levels or {})
    ax.set(xscale="log", yscale="log", xlabel="lr × epochs", ylabel="epoch loss (mean squared error)", title=title)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=8, loc="lower left")
    return fig


def final_loss_against_rate(series: list, levels: dict | None = None,
                            title: str = "Loss of the final parameters against the learning rate") -> Figure:
    """Final loss against the rate, diverged runs as crosses in a band above (05_learning_rate).

    series: (label, rates, final losses, diverged mask[, marked mask, marked label]); the marked runs (e.g. a hidden
    node died) are drawn as open squares. Never a NaN or an infinity on the axis.
    """
    fig = Figure(figsize=(9.5, 4.4), layout="constrained")
    ax = fig.subplots()
    finite = np.concatenate([np.asarray(s[2], dtype=np.float64)[~np.asarray(s[3])] for s in series])
    band = 2.0 * np.nanmax(finite) if finite.size else 1.0
    for k, (label, rates, finals, diverged, *marked) in enumerate(series):
        rates, finals, diverged = np.asarray(rates), np.asarray(finals, dtype=np.float64), np.asarray(diverged)
        colour = f"C{k}"
        plain = ~diverged
        if marked:
            mask, mark_label = np.asarray(marked[0]), marked[1]
            plain &= ~mask
            ax.plot(rates[mask & ~diverged], finals[mask & ~diverged], "s", mfc="none", color=colour,
                    label=f"{label}: {mark_label}")
        ax.plot(rates[plain], finals[plain], ".", color=colour, label=f"{label}: loss of the final parameters")
        if diverged.any():
            ax.plot(rates[diverged], np.full(diverged.sum(), band), "x", color=colour if len(series) > 1 else
                    DIVERGED_COLOR, label=f"{label}: diverged (no final loss)")
    _levels(ax, levels or {}, x_text=0.62)
    ax.set(xscale="log", yscale="log", xlabel="learning rate", ylabel="mean squared error", title=title)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5))
    return fig


OUTCOME_COLOURS = {"best valley": "#1a9850", "a lower poor valley": "#91cf60", "same valley": "#bdbdbd",
                   "a higher valley": "#fc8d59", "diverged": DIVERGED_COLOR}


def overshoot_outcomes(rates, counts: dict, title: str = "Where each poor valley's run went") -> Figure:
    """Stacked bars: for each rate, how many runs ended in each outcome (05_learning_rate).

    counts: outcome -> one count per rate (outcomes as in OUTCOME_COLOURS, in that order).
    """
    fig = Figure(figsize=(8.5, 4.2), layout="constrained")
    ax = fig.subplots()
    positions = np.arange(len(rates))
    bottom = np.zeros(len(rates))
    for outcome, values in counts.items():
        values = np.asarray(values, dtype=np.float64)
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
    fig = Figure(figsize=(12, 4), layout="constrained")
    ax_loss, ax_lr = fig.subplots(1, 2)
    plot_loss_curves(ax_loss, list(runs.values()), list(runs), floor=floor, title=title)
    _levels(ax_loss, levels or {})
    for label, run in runs.items():
        ax_lr.plot(np.arange(1, len(run.lrs) + 1), run.lrs, label=label)
    ax_lr.set(yscale="log", xlabel="epoch", ylabel="learning rate", title="The rate each schedule used")
    ax_lr.grid(True, which="major", alpha=0.3)
    ax_lr.legend(fontsize=8)
    return fig


def landscape_paths(params: Params, X, y, p: str, q: str, rates, labels, steps: int = 30, p_range=None,
                    q_range=None, resolution: int = 61) -> Figure:
    """Batch descent on (p, q) at each rate, on one frame, so the paths compare (05_learning_rate).

    Two panels per row; each title gives the rate and its label. A path that diverges leaves the frame.
    """
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
    fig = Figure(figsize=(7.5, 4), layout="constrained")
    ax = fig.subplots()
    plot = LossCurvePlot(ax, floor=floor, title=title, log_epochs=log_epochs)
    plot.update(np.asarray(losses, dtype=np.float64))
    return fig


__all__ = ["rate_curves", "equal_budget", "final_loss_against_rate", "OUTCOME_COLOURS", "overshoot_outcomes",
           "schedule_runs", "landscape_paths", "loss_curve"]
