"""The static figures of 08_data, one call each; every function returns a matplotlib Figure.

    loss_by_epoch_and_update   the same runs against epochs and against parameter updates (the 3000-sample curve)
    mse_by_size                training, held-out and fresh MSE against the data set size
    fits_along_x1              the trained networks' predictions along x1 at x2 = 0, with the training inputs
    final_loss_by_rate         final loss against the learning rate, one curve per input range
"""
from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from ...core.checks import (CAPTION, LABEL, MAX_MAGNITUDE, MAX_SAMPLES, Interval, OrNone, Real, Whole, curve, items,
                            mapping, refuse, shown)
from ..plots import LEVEL, check_losses, same_length, log_scale

LEVEL_OR_NONE = OrNone(LEVEL, "no floor")


def _plain_log_axis(axis) -> None:
    """Log ticks at 1, 2, 5 x 10^k, written as plain numbers (0.05, not 5 x 10^-2)."""
    axis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    axis.set_minor_formatter(NullFormatter())


def loss_by_epoch_and_update(runs, floor: float | None = None, floor_label: str = "", title: str = "") -> Figure:
    """Left: each run's printed epoch loss against the epoch; right: the same against parameter updates (08_data).

    runs: (label, losses, updates_per_epoch) for each run; losses[k] is epoch k + 1's loss.
    floor: a horizontal dashed line (e.g. var(y), the loss of predicting the mean), labelled floor_label.
    """
    runs = items("runs", runs, _run_row, what="(label, losses, updates per epoch)")
    floor, floor_label, title = LEVEL_OR_NONE("floor", floor), CAPTION("floor_label", floor_label), CAPTION("title", title)
    fig = Figure(figsize=(11, 3.8))
    by_epoch, by_update = fig.subplots(1, 2)
    for label, losses, per_epoch in runs:
        epochs = np.arange(1, len(losses) + 1)
        by_epoch.plot(epochs, losses, label=label)
        by_update.plot(epochs * per_epoch, losses, label=f"{label} ({per_epoch} updates per epoch)")
    log_scale(by_epoch, y=True)
    log_scale(by_update, x=True, y=True)
    by_epoch.set(xlabel="epoch", ylabel="epoch loss (as printed)", title=title or "Against epochs")
    by_update.set(xlabel="parameter updates (epochs x samples)",
                  ylabel="epoch loss (as printed)", title="Against updates")
    for ax in (by_epoch, by_update):
        if floor is not None:
            ax.axhline(floor, color="grey", ls="--", lw=1, label=floor_label or None)
        _plain_log_axis(ax.yaxis)
        ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def _run_row(argument, row):
    """(label, losses, updates per epoch) of one run."""
    if not isinstance(row, (tuple, list)) or len(row) != 3:
        raise refuse(argument, row, "a tuple (label, epoch losses, updates per epoch)")
    label, losses, per_epoch = row
    return (LABEL(f"{argument}'s label", label), check_losses(f"{argument}'s losses", losses),
            Whole(1, MAX_SAMPLES)(f"{argument}'s updates per epoch", per_epoch))


def mse_by_size(sizes, curves: dict, floor: float | None = None, floor_label: str = "noise floor") -> Figure:
    """MSE against the data set size n (log axis), one line per curve: label -> MSE for each size (08_data)."""
    sizes = curve("sizes", sizes, finite=True, max_rows=100)
    if not all(v >= 1 and float(v).is_integer() for v in sizes):
        raise ValueError(f"sizes must be whole numbers >= 1 (data set sizes), got {shown(sizes.tolist())}")
    curves = mapping("curves", curves, lambda name, v: same_length(name, curve(name, v, low=0.0), "sizes", len(sizes)),
                     most=4, what="label -> an MSE for each size")
    floor, floor_label = OrNone(Real(low=0, high=MAX_MAGNITUDE), "no floor")("floor", floor), CAPTION("floor_label", floor_label)
    fig = Figure(figsize=(7, 3.8))
    ax = fig.subplots()
    for (label, values), marker in zip(curves.items(), ("o-", "s-", "^--", "d:")):
        ax.plot(sizes, values, marker, label=label)
    if floor is not None:
        ax.axhline(floor, color="grey", ls="--", lw=1, label=floor_label)
    ax.set(xscale="log", xlabel="data set size n (before holding out a quarter)", ylabel="MSE (mean over data sets)",
           title="Fitting (training MSE) against generalising (held-out and fresh MSE)")
    ax.set_xticks(list(sizes), [f"{n:g}" for n in sizes])
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def fits_along_x1(grid, truth, fits: dict, truth_label: str = "true mean at x2 = 0", ylim=(-7, 32)) -> Figure:
    """Predictions along x1 at x2 = 0 (08_data's skewed inputs).

    grid: x1 values; truth: the true mean there; fits: label -> (predictions on the grid, the training
    samples' x1), drawn as a line and as ticks under it, so a reader sees where each fit had data.
    """
    grid = curve("grid", grid, finite=True)
    truth = same_length("truth", curve("truth", truth, finite=True), "grid", len(grid))

    def fit(name, value):
        if not isinstance(value, (tuple, list)) or len(value) != 2:
            raise refuse(name, value, "a pair (predictions on the grid, the training samples' x1)")
        return (same_length(f"{name}'s predictions", curve(f"{name}'s predictions", value[0]), "grid", len(grid)),
                curve(f"{name}'s x1", value[1], finite=True, min_rows=0, max_rows=MAX_SAMPLES))

    fits = mapping("fits", fits, fit, most=10, what="label -> (predictions, training x1)")
    truth_label, ylim = LABEL("truth_label", truth_label), Interval()("ylim", ylim)
    fig = Figure(figsize=(7, 3.8))
    ax = fig.subplots()
    ax.plot(grid, truth, color="black", ls="--", lw=1, label=truth_label)
    for k, (label, (prediction, x1_seen)) in enumerate(fits.items()):
        ax.plot(grid, prediction, color=f"C{k}", label=label)
        ax.plot(x1_seen, np.full(len(x1_seen), ylim[0] + 4 - 2.5 * k), "|", color=f"C{k}", ms=8, alpha=0.5)
    ax.set(xlabel="x1 (ticks at the bottom: the training samples' x1)", ylabel="prediction at x2 = 0", ylim=ylim,
           title="Where the data is sparse, the fit is a guess")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def final_loss_by_rate(rates, curves: dict, ylabel: str = "final epoch loss / var(y)", ylim=(0.02, 2),
                       title: str = "") -> Figure:
    """Final loss against the learning rate (both log axes), one curve per label (08_data's input ranges).

    A rate whose run diverged has no point (NaN), so a curve stops where training broke.
    """
    rates = curve("rates", rates, finite=True)
    if not (rates > 0).all():
        raise ValueError(f"rates must be learning rates > 0 (a log axis), got {shown(rates.tolist())}")
    curves = mapping("curves", curves, lambda name, v: same_length(name, curve(name, v, low=0.0), "rates", len(rates)),
                     what="label -> a final loss per rate (NaN: diverged)")
    ylabel, title = LABEL("ylabel", ylabel), CAPTION("title", title)
    ylim = Interval()("ylim", ylim)
    if ylim[0] <= 0:
        raise ValueError(f"ylim must be above 0 (a log axis), got {shown(ylim)}")
    fig = Figure(figsize=(7, 3.8))
    ax = fig.subplots()
    for label, values in curves.items():
        ax.plot(rates, values, "-", label=label)
    log_scale(ax, x=True, y=True)
    ax.set(xlabel="learning rate", ylabel=ylabel, ylim=ylim, title=title)
    _plain_log_axis(ax.yaxis)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


__all__ = ["loss_by_epoch_and_update", "mse_by_size", "fits_along_x1", "final_loss_by_rate"]
