"""Static figures of 10_find_the_bug: a case's loss curve beside the correct loop's, h1 against h2.

Each function returns a matplotlib Figure; the notebook shows it with one call.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter

from ...core.checks import MAX_SAMPLES, TITLE, curve
from ..plots import FIGSIZE, check_runs, same_length, log_scale

CASE_COLOR, CORRECT_COLOR, OTHER_COLORS = "#c0392b", "#555555", ("#2c7fb8", "#e69f00", "#009e73")


def loss_curves(runs: dict, title: str, figsize=(6.4, 3.4)):
    """Epoch loss of several runs (label -> nnmath Run) on a log scale (10_find_the_bug).

    The first run is drawn solid red (the case's loop), a run labelled with "correct" dashed grey, others
    in colour. A run that diverged ends with an x at its last finite epoch and says so in the legend.
    """
    runs = check_runs("runs", runs)
    title, figsize = TITLE("title", title), FIGSIZE("figsize", figsize)
    fig, ax = plt.subplots(figsize=figsize)
    others = iter(OTHER_COLORS * (len(runs) // len(OTHER_COLORS) + 1))
    for k, (label, run) in enumerate(runs.items()):
        losses = np.asarray(run.losses, dtype=float)
        epochs = np.arange(1, len(losses) + 1)
        if k == 0:
            style = dict(color=CASE_COLOR, lw=2.0)
        elif "correct" in label:
            style = dict(color=CORRECT_COLOR, lw=1.6, ls="--")
        else:
            style = dict(color=next(others), lw=1.4, ls=":")
        if run.diverged_at:
            label = f"{label} (diverged at epoch {run.diverged_at})"
        ax.plot(epochs, losses, label=label, **style)
        if run.diverged_at and len(losses):
            ax.plot(epochs[-1:], losses[-1:], marker="x", ms=9, mew=2, color=style["color"], ls="none")
    log_scale(ax, y=True)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))  # 10, not 10^1
    ax.yaxis.set_minor_formatter(FuncFormatter(_some_minor))
    ax.set_xlabel("epoch")
    ax.set_ylabel("epoch loss (mean over the epoch's samples)")
    ax.set_title(title)
    ax.grid(True, which="both", alpha=0.25)
    ax.legend(frameon=False, fontsize=9, loc="best")
    fig.tight_layout()
    return fig


def _some_minor(value, _):
    """Label the minor ticks 2, 3 and 5 of each decade (20, 30, 50, ...), leave the others blank."""
    if value <= 0:
        return ""
    leading = round(value / 10.0 ** np.floor(np.log10(value)))
    return f"{value:g}" if leading in (2, 3, 5) else ""


def hidden_pairs(h1, h2, title: str, figsize=(3.6, 3.4)):
    """h1 against h2, one point per sample, with the diagonal h2 = h1 (10_find_the_bug).

    Points on the diagonal: the two hidden nodes compute the same number for that sample.
    """
    h1 = curve("h1", h1, finite=True, max_rows=MAX_SAMPLES)
    h2 = same_length("h2", curve("h2", h2, finite=True, max_rows=MAX_SAMPLES), "h1", len(h1))
    title, figsize = TITLE("title", title), FIGSIZE("figsize", figsize)
    fig, ax = plt.subplots(figsize=figsize)
    high = max(float(np.max(h1, initial=0.0)), float(np.max(h2, initial=0.0)), 1.0) * 1.05
    ax.plot([0, high], [0, high], color=CORRECT_COLOR, ls="--", lw=1, label="h2 = h1")
    ax.scatter(h1, h2, s=14, alpha=0.6, color=OTHER_COLORS[0], label="one sample")
    ax.set_xlim(-0.05 * high, high)
    ax.set_ylim(-0.05 * high, high)
    ax.set_xlabel("h1")
    ax.set_ylabel("h2")
    ax.set_title(title)
    ax.legend(frameon=False, fontsize=8, loc="upper left")
    fig.tight_layout()
    return fig
