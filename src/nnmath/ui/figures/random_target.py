"""Figures of 07_random_target, one call each: learning curves against their baselines, the spread of
held-out results over many splits, and descent in the exact quadratic valley over (b3, w5).
"""
from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullFormatter

from ...core.checks import RULES, TITLE, check, check_data, curve, refuse, validate
from ...core.landscape import descent_path, loss_grid
from ...core.params import Params, check_params
from ...core.start_study import Valley
from ..landscape import LandscapePlot
from ..plots import FIGSIZE, LEVEL, check_losses, same_length, log_scale
from .initialisation import add_colourbar


def _plain(value, _position=None) -> str:
    return f"{value:g}"


def _fixed(value: float, digits: int) -> str:
    """A number with `digits` decimals, or in 3 significant digits when it is too large for that to be short."""
    return f"{value:.{digits}f}" if abs(value) < 1e6 else f"{value:.3g}"


def learning_curves(epochs, train_loss, test_loss, train_baseline, test_baseline, title, size=(7.5, 4.2)) -> Figure:
    """Training and held-out loss of the final parameters after each number of epochs, with each set's
    baseline (the loss of the training mean on it) as a line of the same colour (07_random_target)."""
    epochs = curve("epochs", epochs, finite=True, low=1.0)
    train_loss, test_loss = (same_length(name, check_losses(name, value), "epochs", len(epochs))
                             for name, value in (("train_loss", train_loss), ("test_loss", test_loss)))
    train_baseline, test_baseline = (check(name, value, LEVEL) for name, value in (("train_baseline", train_baseline),
                                                                                  ("test_baseline", test_baseline)))
    title, size = TITLE("title", title), FIGSIZE("size", size)
    fig = Figure(figsize=size, layout="constrained")
    ax = fig.add_subplot()
    (a,) = ax.plot(epochs, train_loss, "o-", label="training samples")
    (b,) = ax.plot(epochs, test_loss, "s-", label="held-out samples")
    ax.axhline(train_baseline, color=a.get_color(), ls="--", lw=1,
               label=f"training mean, on the training samples ({_fixed(train_baseline, 1)})")
    ax.axhline(test_baseline, color=b.get_color(), ls=":", lw=1.2,
               label=f"training mean, on the held-out samples ({_fixed(test_baseline, 1)})")
    log_scale(ax, x=True, y=True)
    ax.set(xlabel="epochs", ylabel="mean squared error", title=title)
    ax.yaxis.set_major_formatter(FuncFormatter(_plain))
    ax.yaxis.set_minor_formatter(FuncFormatter(_plain))
    ax.legend(fontsize=8)
    return fig


def held_out_against_baseline(differences, title, size=(8, 3.6)) -> Figure:
    """Held-out loss minus its baseline for every split (07_random_target): below 0, the network beat
    the training mean on that split's held-out samples; above 0, it did worse."""
    differences = curve("differences", differences, finite=True, max_rows=10_000)
    title, size = TITLE("title", title), FIGSIZE("size", size)
    fig = Figure(figsize=size, layout="constrained")
    ax = fig.add_subplot()
    colours = ["#2c7fb8" if d < 0 else "#d95f02" for d in differences]
    ax.bar(np.arange(len(differences)), differences, color=colours)
    ax.axhline(0, color="black", lw=1)
    ax.axhline(differences.mean(), color="grey", ls="--", lw=1, label=f"mean over the splits ({_fixed(differences.mean(), 2)})")
    ax.set(xlabel="split (seed of train_test_split)", ylabel="held-out loss - baseline", title=title)
    ax.set_xticks(np.arange(0, len(differences), 1 if len(differences) <= 25 else 10))
    ax.legend(fontsize=8)
    return fig


def valley_descent(params: Params, X, y, valley: Valley, lr, steps, long_steps, size=(7.2, 5.2)):
    """Batch descent on (p, q) = (valley.p, valley.q) over the exact quadratic loss (07_random_target).

    Draws the first `steps` steps as dots, the path on to `long_steps` as a thin line, the bottom of the
    bowl, and the valley's floor: the gentle direction through the bottom. Returns (Figure, short path,
    long path).
    """
    if not isinstance(valley, Valley):
        raise refuse("valley", valley, "a Valley (what nnmath.core.start_study.linear_valley returns)")
    check_params(params)
    check_data(X, y)
    lr, steps = validate(lr=lr, steps=steps)
    long_steps = check("long_steps", long_steps, RULES["steps"])
    size = FIGSIZE("size", size)
    fig = Figure(figsize=size, layout="constrained")
    ax = fig.add_subplot()
    p, q = valley.p, valley.q
    short = descent_path(params, X, y, lr, steps, p, q)
    longer = descent_path(params, X, y, lr, long_steps, p, q)
    points = np.vstack([longer.points, valley.lowest[None, :]])
    low, high = points.min(axis=0), points.max(axis=0)
    pad = 0.15 * np.maximum(high - low, 1.0)
    p_range, q_range = (low[0] - pad[0], high[0] + pad[0]), (low[1] - pad[1], high[1] + pad[1])
    plot = LandscapePlot(ax, p, q, f"lr {lr:g}: {steps} steps (dots), then on to {long_steps} (line)")
    plot.update(loss_grid(params, X, y, p, q, p_range, q_range, 81), short.points)
    add_colourbar(fig, plot.contour, ax)
    ax.plot(longer.points[:, 0], longer.points[:, 1], color="white", lw=0.8, zorder=2)
    gentle = valley.directions[:, 0]
    reach = np.linspace(-3, 3, 2) * np.hypot(*(high - low))
    ax.plot(valley.lowest[0] + reach * gentle[0], valley.lowest[1] + reach * gentle[1], color="#fdae61", ls="--",
            lw=1.2, label="valley floor (gentle direction)")
    ax.plot(*valley.lowest, "*", color="#fdae61", ms=14, mec="black", zorder=5, label="lowest point")
    ax.set_xlim(*p_range)
    ax.set_ylim(*q_range)
    ax.legend(loc="center left", fontsize=8)
    return fig, short, longer


__all__ = ["learning_curves", "held_out_against_baseline", "valley_descent"]
