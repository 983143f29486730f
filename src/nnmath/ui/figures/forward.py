"""The static figures of 01_forward_pass: where report C's starts end, and how a small change of a start ends far away.

Each function takes numbers the notebook computed and printed, draws them, and returns a matplotlib
Figure (shown when it is a cell's last value); nothing here trains or computes the network.
"""
from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ...core.checks import LABEL, MAX_MAGNITUDE, OneOf, OrNone, Real, check, curve, items
from ...core.checks import labels as check_labels
from ..plots import same_length, log_scale

NUMBER = Real(low=-MAX_MAGNITUDE, high=MAX_MAGNITUDE)


def first_loss_against_end(labels, first_losses, final_losses, highlight=(), best_possible=None) -> Figure:
    """Each start as a point: its loss on the lecture sample before training (x, log scale) and the loss
    its final parameters leave on the lecture data (y) (01_forward_pass, "What a first prediction misses").

    highlight: labels to name on the plot; best_possible: a reference level drawn as a dashed line.
    """
    labels = check_labels("labels", labels)
    first = same_length("first_losses", curve("first_losses", first_losses, finite=True, low=0.0), "labels", len(labels))
    final = same_length("final_losses", curve("final_losses", final_losses, finite=True), "labels", len(labels))
    empty = isinstance(highlight, (list, tuple)) and len(highlight) == 0
    highlight = () if empty else check_labels("highlight", highlight)
    best_possible = OrNone(NUMBER, "no line")("best_possible", best_possible)
    figure = Figure(figsize=(7.5, 4.2))
    ax = figure.subplots()
    shown_first = np.where(first > 0, first, np.nan)
    ax.scatter(shown_first, final, s=40, color="#2c7fb8", zorder=3)
    zero = first == 0
    if zero.any():  # a first loss of exactly 0 has no place on a log axis: draw it at the left edge
        left = np.nanmin(shown_first) / 10 if not zero.all() else 0.1
        ax.scatter(np.full(zero.sum(), left), final[zero], s=40, marker="<", color="#d62728", zorder=3,
                   label="first loss exactly 0 (drawn at the left edge)")
        shown_first = np.where(zero, left, shown_first)
    for label, x, y in zip(labels, shown_first, final):
        if label in highlight:
            ax.annotate(label, (x, y), xytext=(6, 6), textcoords="offset points", fontsize=8)
    if best_possible is not None:
        ax.axhline(best_possible, color="grey", ls="--", lw=1, label=f"best plane: {best_possible:.3f}")
    log_scale(ax, x=True)
    ax.set_xlabel("loss on the lecture sample x = (1, 0), y = 2, before training (log scale)")
    ax.set_ylabel("MSE on the lecture data after training")
    ax.set_title("A first prediction does not tell where training ends")
    if ax.get_legend_handles_labels()[0]:   # a best line or a first loss of 0: say what they are
        ax.legend(fontsize=8, loc="center right")
    figure.tight_layout()
    return figure


def small_change(values, final_losses, name, pair, smallest_z, node="z2") -> Figure:
    """Left: the loss each start ends at against one starting value (a step, not a slope). Right: for the two
    neighbouring starts in `pair`, the smallest z over the data set at the end of each epoch; below 0 the
    hidden node is off for at least one sample (01_forward_pass, "A small change, a drastic change").

    values, final_losses: the scanned starting values of `name` and each run's final loss;
    pair: the two starting values compared on the right; smallest_z: two sequences, one per start,
    element k = the smallest z after epoch k (element 0 = the start).
    """
    values = curve("values", values, finite=True)
    final_losses = same_length("final_losses", curve("final_losses", final_losses), "values", len(values))
    name, node = LABEL("name", name), OneOf(("z1", "z2"))("node", node)

    def point(argument, value):
        return check(argument, value, NUMBER)

    pair = items("pair", pair, point, least=2, most=2, what="starting values")
    smallest_z = items("smallest_z", smallest_z, lambda argument, z: curve(argument, z), least=2, most=2,
                       what="sequences of the smallest z, one per start in pair")
    figure = Figure(figsize=(10, 3.8))
    left, right = figure.subplots(1, 2)
    left.plot(values, final_losses, "-o", ms=3, lw=1, color="#2c7fb8")
    colours = ("#e6550d", "#31a354")
    for value, colour in zip(pair, colours):
        k = int(np.argmin(np.abs(values - value)))
        left.plot([values[k]], [final_losses[k]], "o", ms=9, mfc="none", mec=colour, mew=2)
    left.set_xlabel(f"starting {name}")
    left.set_ylabel("MSE on the lecture data after training")
    left.set_title(f"Where training ends, for each starting {name}")
    for value, colour, z in zip(pair, colours, smallest_z):
        right.plot(np.arange(len(z)), z, "-o", ms=3, color=colour, label=f"starting {name} = {value:g}")
    right.axhline(0, color="black", lw=0.8)
    right.text(0.99, 0.02, f"below 0: {node} <= 0 for a sample, so h{node[1:]} is off there", transform=right.transAxes,
               ha="right", va="bottom", fontsize=8)
    right.set_ylim(-0.3, 0.3)
    right.set_xlabel("epoch (0 = the start)")
    right.set_ylabel(f"smallest {node} over the 100 samples")
    right.set_title(f"The smallest {node}, zoomed in around 0")
    right.legend(fontsize=8, loc="upper right")
    figure.tight_layout()
    return figure


__all__ = ["first_loss_against_end", "small_change"]
