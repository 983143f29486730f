"""Static figures of 04_training_loop: online, batch and minibatch side by side; the epoch loss against the loss of
the parameters at the end of each epoch; the fitted function against the data. Each returns a matplotlib Figure.
"""
from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ...core.checks import (CAPTION, MAX_EPOCHS, MAX_MAGNITUDE, MAX_SAMPLES, MODES, OneOf, Real, Whole, check,
                            check_data, curve, mapping, shown, validate)
from ...core.checks import labels as check_labels
from ...core.params import Params, check_params
from ...core.reference import predict
from ..plots import LossCurvePlot, check_losses, plot_loss_curves, log_scale
from ..style import FLOOR

MODE_STYLE = {"online": "-", "minibatch": ":", "batch": "--"}
"""Line style per mode, so curves that run close together stay apart: online solid, minibatch dotted, batch dashed."""


def _mode_of(label: str) -> str:
    for mode in MODE_STYLE:
        if label.startswith(mode):
            return mode
    raise ValueError(f"losses' label {shown(label)} must start with the mode: online, minibatch or batch")


def mode_comparison(losses: dict, updates_per_epoch: dict, floor: float | None = None, change_of=None,
                    from_epoch: int = 10, title: str = "") -> Figure:
    """Three panels for runs of different modes (04_training_loop).

    losses: label -> epoch losses, each label starting with its mode ("online, lr 4e-4", ...);
    updates_per_epoch: mode -> parameter updates per epoch. Left: the epoch loss against epochs; middle: against
    the number of updates made; right: the change of the epoch loss from one epoch to the next, in percent of it,
    from epoch `from_epoch` on, for the runs named in `change_of` (default: all); a smooth curve stays near 0, a
    wiggling one jumps up and down. Line style by mode (MODE_STYLE).
    """
    losses = mapping("losses", losses, check_losses, what="label (starting with its mode) -> epoch losses")
    for label in losses:
        _mode_of(label)
    updates_per_epoch = mapping("updates_per_epoch", updates_per_epoch, lambda name, v: Whole(1, MAX_SAMPLES)(name, v),
                                check_key=lambda argument, key: OneOf(MODES)(argument, key), what="mode -> updates")
    needed = [m for m in dict.fromkeys(map(_mode_of, losses)) if m not in updates_per_epoch]
    if needed:
        raise ValueError(f"updates_per_epoch must give the updates per epoch of every mode drawn, got none for "
                         f"{needed[0]!r}")
    if change_of is not None:
        change_of = check_labels("change_of", change_of)
    from_epoch, title = Whole(1, MAX_EPOCHS)("from_epoch", from_epoch), CAPTION("title", title)
    fig = Figure(figsize=(15, 4.6), layout="constrained")
    ax_epochs, ax_updates, ax_change = fig.subplots(1, 3)
    labels = list(losses)
    plot_loss_curves(ax_epochs, [losses[k] for k in labels], labels, floor=floor, log_epochs=True,
                     title="Epoch loss against epochs")
    for line, label in zip(ax_epochs.get_lines(), labels):
        line.set_linestyle(MODE_STYLE[_mode_of(label)])
        line.set_linewidth(2.2 if _mode_of(label) == "online" else 1.6)
    ax_epochs.legend(fontsize=8, loc="upper right")
    colours = [line.get_color() for line in ax_epochs.get_lines()[:len(labels)]]
    for label, colour in zip(labels, colours):
        values = losses[label]
        mode = _mode_of(label)
        updates = updates_per_epoch[mode] * np.arange(1, len(values) + 1)
        ax_updates.plot(updates, values, color=colour, ls=MODE_STYLE[mode], lw=1.6, label=label)
        if change_of is None or label in change_of:
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):   # a loss of 0 or inf: no change drawn
                change = 100.0 * np.diff(values) / values[:-1]   # change[k]: epoch k + 2 against epoch k + 1
            change[~np.isfinite(change)] = np.nan
            epochs = np.arange(2, len(values) + 1)
            keep = epochs >= from_epoch
            ax_change.plot(epochs[keep], change[keep], color=colour, ls="-" if mode == "online" else MODE_STYLE[mode],
                           lw=2.2 if mode == "online" else 1.0, zorder=3 if mode == "online" else 2, label=label)
    if floor is not None:
        ax_updates.axhline(floor, color="grey", ls="--", lw=1)
    log_scale(ax_updates, x=True, y=True)
    ax_updates.set(xlabel="number of updates made", ylabel="mean squared error (epoch loss)",
                   title="The same runs against updates")
    ax_updates.grid(True, which="major", alpha=0.3)
    ax_change.axhline(0.0, color="black", lw=0.8)
    log_scale(ax_change, x=True)
    ax_change.set(xlabel="epoch", ylabel="change of the epoch loss from the epoch before (%)",
                  title=f"Change from one epoch to the next (from epoch {from_epoch})")
    ax_change.grid(True, which="major", alpha=0.3)
    ax_change.legend(fontsize=7, loc="lower right")
    if title:
        fig.suptitle(title)
    return fig


def epoch_loss_and_end_loss(epoch_losses, end_losses, floor: float | None = None,
                            title: str = "Online SGD: one run, two ways to measure it") -> Figure:
    """The epoch loss (mean during the epoch) beside the loss of the parameters at each epoch's end (04_training_loop)."""
    epoch_losses, end_losses = check_losses("epoch_losses", epoch_losses), check_losses("end_losses", end_losses)
    floor, title = FLOOR("floor", floor), CAPTION("title", title)
    fig = Figure(figsize=(7.5, 4), layout="constrained")
    ax = fig.subplots()
    plot = LossCurvePlot(ax, labels=("epoch loss (mean during the epoch)", "loss of the end-of-epoch parameters"),
                         floor=floor, title=title, log_epochs=True)
    plot.update([epoch_losses, end_losses])
    plot.lines[1].set_linestyle("--")
    ax.legend(loc="upper right", fontsize=8)
    return fig


def fit_slices(params: Params, X, y, x2_values=(-8, -4, 0, 4, 8), width: float = 1.0, output: str = "linear") -> Figure:
    """The trained network against the data along slices x2 = const (04_training_loop).

    Lines: the prediction against x1 at each x2 value; dots (same colour): the samples whose x2 lies within
    `width` of it; dashed: the best possible prediction x1**2 + x2 + 2 (the rule plus the noise's mean).
    """
    check_params(params)
    X, y = check_data(X, y)
    x2_values = curve("x2_values", x2_values, finite=True, max_rows=10)
    width, output = check("width", width, Real(low=0, low_open=True, high=MAX_MAGNITUDE)), validate(output=output)
    fig = Figure(figsize=(8, 5), layout="constrained")
    ax = fig.subplots()
    grid = np.linspace(X[:, 0].min(), X[:, 0].max(), 201)
    for k, x2 in enumerate(x2_values):
        colour = f"C{k}"
        near = np.abs(X[:, 1] - x2) <= width
        ax.scatter(X[near, 0], y[near], color=colour, s=14, alpha=0.6)
        ax.plot(grid, predict(params, np.c_[grid, np.full_like(grid, x2)], output), color=colour, lw=2,
                label=f"x2 = {x2:g}")
        ax.plot(grid, grid ** 2 + x2 + 2, color=colour, ls="--", lw=0.9)
    ax.set_xlabel("x1")
    ax.set_ylabel("y (dots) and prediction (lines)")
    ax.set_title("Trained network (lines) against data (dots) and x1² + x2 + 2 (dashed)")
    ax.legend(title="slice", fontsize=8)
    return fig


__all__ = ["MODE_STYLE", "mode_comparison", "epoch_loss_and_end_loss", "fit_slices"]
