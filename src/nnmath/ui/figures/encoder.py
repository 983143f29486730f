"""The static figures of 09_encoder, one call each; every function returns a matplotlib Figure.

    loss_curves        the loss after each update for a few runs, with where each converged
    hidden_codes       the hidden activations per input as heat maps, each input's 3-bit code beside its row
    weight_maps        W[0] (input -> hidden) and W[1] (hidden -> output) as heat maps
    sweep_curves       one panel per loss: the loss after each update at several learning rates
    sharpness_path     the largest Hessian eigenvalue along a run, with the stability bound 2 / lr

The heat maps are `nnmath.ui.encoder_panel.heat_map`, the live panel's own.
"""
from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from ...core import mlp
from ...core.checks import CAPTION, LABEL, MAX_ITERATIONS, OrNone, Real, Whole, check, curve, items, mapping, refuse
from ...core.mlp import check_net
from ..encoder_panel import code_text, heat_map
from ..plots import check_losses, same_length, log_scale

RATE = Real(low=1e-100, high=1e100)
"""A learning rate drawn (as 2 / lr, or a label): 1e-100 to 1e100."""

INPUTS = [f"input {i + 1}" for i in range(8)]
HIDDEN = ["h1", "h2", "h3"]
OUTPUTS = [f"out {k + 1}" for k in range(8)]
LOSS_NAMES = {"mse": "MSE", "cross_entropy": "cross-entropy"}


def _plain_log_axis(axis) -> None:
    """Log ticks at 1, 2, 5 x 10^k, written as plain numbers (0.02, not 2 x 10^-2)."""
    axis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    axis.set_minor_formatter(NullFormatter())


def loss_curves(runs, title: str = "") -> Figure:
    """The loss after each update (log axis) for each run: (label, losses, converged_at or None) (09_encoder).

    A dotted vertical line in the run's colour marks the update after which it converged.
    """
    runs = items("runs", runs, _run_row, what="(label, losses, converged_at or None)")
    title = CAPTION("title", title)
    fig = Figure(figsize=(7, 3.6))
    ax = fig.subplots()
    for label, losses, converged_at in runs:
        line, = ax.plot(np.arange(len(losses)), losses,
                        label=label + (f" (converged at {converged_at})" if converged_at is not None else ""))
        if converged_at is not None:
            ax.axvline(converged_at, color=line.get_color(), ls=":", lw=1)
    log_scale(ax, y=True)
    ax.set(xlabel="iteration (updates)", ylabel="loss (each in its own units)", title=title)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def _run_row(argument, row):
    """(label, losses after each update, the iteration it converged at or None) of one run."""
    if not isinstance(row, (tuple, list)) or len(row) != 3:
        raise refuse(argument, row, "a tuple (label, losses after each update, converged_at or None)")
    label, losses, converged_at = row
    return (LABEL(f"{argument}'s label", label), check_losses(f"{argument}'s losses", losses),
            OrNone(Whole(0, MAX_ITERATIONS), "never")(f"{argument}'s converged_at", converged_at))


def _code(argument, value):
    if not isinstance(value, mlp.HiddenCode):
        raise refuse(argument, value, "a HiddenCode (what nnmath.mlp.hidden_code returns)")
    if not 1 <= value.activations.shape[0] <= len(INPUTS) or not 1 <= value.activations.shape[1] <= len(HIDDEN):
        raise ValueError(f"{argument} must be the code of at most {len(INPUTS)} inputs on at most {len(HIDDEN)} hidden "
                         f"nodes, got activations of shape {value.activations.shape}")
    return value


def hidden_codes(panels) -> Figure:
    """Hidden activations per input, one heat map per (title, HiddenCode) in panels, codes beside the rows (09)."""
    def panel(argument, value):
        if not isinstance(value, (tuple, list)) or len(value) != 2:
            raise refuse(argument, value, "a pair (title, HiddenCode)")
        return LABEL(f"{argument}'s title", value[0]), _code(f"{argument}'s code", value[1])

    panels = items("panels", panels, panel, most=4, what="(title, HiddenCode) pairs")
    fig = Figure(figsize=(4.5 * len(panels), 4.2))
    axes = np.atleast_1d(fig.subplots(1, len(panels)))
    for ax, (title, code) in zip(axes, panels):
        plot = heat_map(ax, code.activations, INPUTS[:len(code.activations)], HIDDEN[:code.activations.shape[1]],
                        title=f"Hidden activations, {title}", row_notes=True, notes_title="code")
        plot.set_row_notes([code_text(bits) for bits in code.bits])
    fig.tight_layout()
    return fig


def weight_maps(net) -> Figure:
    """An 8-3-8 network's W[0] (input -> hidden) and W[1] (hidden -> output), colours centred on 0 (09_encoder)."""
    net = check_net(net)
    if net.sizes != (8, 3, 8):
        raise ValueError(f"net must be an 8-3-8 encoder (sizes (8, 3, 8)), got sizes {net.sizes}")
    if not all(np.isfinite(W).all() for W in net.W):
        raise ValueError("net must have finite weights (a diverged run's last finite network), got NaN or infinity")
    fig = Figure(figsize=(10, 3.8))
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 2.2]})
    heat_map(left, net.W[0], INPUTS, HIDDEN, symmetric=True, fmt="{:.1f}", title="W[0]: input -> hidden")
    heat_map(right, net.W[1], HIDDEN, OUTPUTS, symmetric=True, fmt="{:.1f}", title="W[1]: hidden -> output")
    fig.tight_layout()
    return fig


def sweep_curves(curves: dict, title_suffix: str = "") -> Figure:
    """One panel per loss: {loss name: {lr: losses after each update}} on log axes (09_encoder's lr sweep)."""
    rate = lambda argument, value: check(argument, value, RATE)
    curves = mapping("curves", curves, lambda name, by_rate: mapping(name, by_rate, check_losses, check_key=rate,
                                                                     what="lr -> losses after each update"),
                     most=4, what="loss name -> {lr: losses}")
    title_suffix = CAPTION("title_suffix", title_suffix)
    fig = Figure(figsize=(11, 3.8))
    axes = np.atleast_1d(fig.subplots(1, len(curves)))
    for ax, (kind, by_rate) in zip(axes, curves.items()):
        for lr, losses in by_rate.items():
            ax.plot(np.arange(len(losses)), losses, lw=1.2, label=f"lr {lr:g}")
        name = LOSS_NAMES.get(kind, kind)
        log_scale(ax, y=True)
        ax.set(xlabel="iteration (updates)", ylabel=name, title=f"{name}{title_suffix}")
        ax.legend(fontsize=8, ncol=2)
    fig.tight_layout()
    return fig


def sharpness_path(iterations, sharpness: dict, lr: float, zoom: int | None = None, title: str = "") -> Figure:
    """The largest Hessian eigenvalue at each checkpoint, one line per label, with 2 / lr dashed (09_encoder).

    Above the dashed line a gradient step overshoots along the sharpest direction and the error there grows.
    zoom: also draw the first `zoom` iterations on their own panel (left), where the checkpoints are dense.
    """
    iterations = curve("iterations", iterations, finite=True, low=0.0)
    sharpness = mapping("sharpness", sharpness, lambda name, v: same_length(name, curve(name, v), "iterations",
                                                                            len(iterations)),
                        most=3, what="label -> the largest eigenvalue at each checkpoint")
    lr = check("lr", lr, RATE)
    zoom = OrNone(Whole(1, MAX_ITERATIONS), "no zoomed panel")("zoom", zoom)
    title = CAPTION("title", title)
    fig = Figure(figsize=(11 if zoom else 7, 3.6))
    axes = np.atleast_1d(fig.subplots(1, 2 if zoom else 1))
    for ax, limit in zip(axes, ([zoom, None] if zoom else [None])):
        keep = iterations <= limit if limit else np.ones(len(iterations), dtype=bool)
        for (label, values), marker in zip(sharpness.items(), (".-", "s-", "^-")):
            ax.plot(iterations[keep], np.asarray(values)[keep], marker, ms=3, lw=1, label=label)
        ax.axhline(2 / lr, color="grey", ls="--", lw=1, label=f"2 / lr = {2 / lr:g}: above it, steps overshoot")
        log_scale(ax, y=True)
        ax.set(xlabel="iteration (updates)", ylabel="largest Hessian eigenvalue",
               title=f"{title}, first {limit} updates" if limit else title)
        _plain_log_axis(ax.yaxis)
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    return fig


__all__ = ["loss_curves", "hidden_codes", "weight_maps", "sweep_curves", "sharpness_path"]
