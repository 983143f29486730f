"""Figures the notebooks and panels share: each made once, then updated in place.

Updating artists (set_data, set_offsets, set_text) and redrawing costs a few tens of
milliseconds; rebuilding a figure costs several times that, so live panels keep
one figure and call `update`. Static helpers for sweeps draw through the same classes.
Used by 04-08 (loss curves, fits) and every live panel.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter
from matplotlib.transforms import ScaledTranslation

from ..core.checks import CAPTION, MAX_CURVES, MAX_EPOCHS, Flag, OrNone, Real, Whole, curve, mapping, refuse, shown
from ..core.checks import labels as check_labels
from ..core.params import NAMES, Params
from ..core.runs import Run
from .style import DIVERGED_COLOR, FLOOR, LEVEL_LIMITS, LOG_LIMITS  # noqa: F401  (shared with the live panels)


# ----------------------------------------------------------------------------------
# What a static figure takes: the rules its arguments follow (checked before anything is drawn)
# ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class FigureSize:
    """A figure's size in inches, (width, height): two finite numbers above 0 and at most 50."""

    @property
    def allowed(self) -> str:
        return "a pair (width, height) of inches, each a finite number > 0 and <= 50"

    def __call__(self, argument, value):
        side = Real(low=0, low_open=True, high=50)
        if not isinstance(value, (tuple, list)) or len(value) != 2:
            raise refuse(argument, value, self.allowed)
        try:
            return side(argument, value[0]), side(argument, value[1])
        except ValueError:
            raise refuse(argument, value, self.allowed) from None


FIGSIZE = FigureSize()
LEVEL = Real(low=LEVEL_LIMITS[0], high=LEVEL_LIMITS[1])
"""A level drawn across a log axis (a floor, a bound): a number from 1e-100 to 1e100."""
EPOCH_OR_NONE = OrNone(Whole(0, MAX_EPOCHS), "did not diverge")
"""Where a run diverged: None or 0 for "did not diverge", else its epoch."""


def check_axes(ax, argument: str = "ax", none_ok: bool = False):
    """A matplotlib Axes to draw on (or None for a new figure, where allowed)."""
    if ax is None and none_ok:
        return None
    if not isinstance(ax, Axes):
        raise refuse(argument, ax, "a matplotlib Axes (such as fig.subplots() gives)" + (" or None (a new figure)"
                                                                                            if none_ok else ""))
    return ax


def check_losses(argument: str, value) -> np.ndarray:
    """One run's losses: numbers >= 0; NaN and infinity allowed, and none at all (a run that diverged at once)."""
    return curve(argument, value, low=0.0, min_rows=0)


def same_length(argument: str, values, other: str, count: int):
    """values must have one item per item of `other` (count of them)."""
    if len(values) != count:
        raise ValueError(f"{argument} must have one value per value of {other} ({count}), got {len(values)}")
    return values


def check_levels(argument: str, value) -> dict:
    """None or {label: value} of levels drawn across a log axis (each from 1e-100 to 1e100)."""
    if value is None:
        return {}
    return mapping(argument, value, lambda name, v: LEVEL(name, v), what="label -> a level")


def check_runs(argument: str, value) -> dict:
    """{label: Run}: the runs a figure compares."""
    def one(name, run):
        if not isinstance(run, Run):
            raise refuse(name, run, "a nnmath Run (what nnmath.train returns)")
        return run
    return mapping(argument, value, one, what="label -> a nnmath Run")


def log_scale(ax, x: bool = False, y: bool = False) -> None:
    """Put the x and/or y axis on a log scale; one with no positive finite data drawn yet gets limits 0.1 to 10
    first (matplotlib would warn that the data cannot be log-scaled, and guess)."""
    for name, wanted in (("x", x), ("y", y)):
        if not wanted:
            continue
        points = [np.column_stack([np.asarray(line.get_xdata(), dtype=np.float64).ravel(),
                                   np.asarray(line.get_ydata(), dtype=np.float64).ravel()])
                  for line in ax.get_lines()   # data lines only (an axhline's x runs in axes coordinates)
                  if line.get_transform() is ax.transData and np.size(line.get_xdata()) == np.size(line.get_ydata())]
        for collection in ax.collections:
            offsets = np.asarray(collection.get_offsets(), dtype=np.float64)
            if offsets.ndim == 2 and offsets.shape[1] == 2:
                points.append(offsets)
        every = np.concatenate(points) if points else np.zeros((0, 2))
        drawn = np.isfinite(every).all(axis=1)   # a point with a NaN coordinate is not drawn
        values = every[drawn, 0 if name == "x" else 1]
        if not (values > 0).any():
            getattr(ax, f"set_{name}lim")(0.1, 10.0)
        getattr(ax, f"set_{name}scale")("log")


def fixed_layout(ax, title: str, xlabel: str, ylabel: str, ylabel_offset: float = 42.0) -> None:
    """Title and axis labels at fixed places, so a redraw does not measure tick labels to place them.

    Matplotlib otherwise re-measures every tick label on every draw to move the title and
    the axis labels out of their way: about a quarter of a live panel's redraw. The y label
    sits `ylabel_offset` points left of the axes (room for tick labels up to five digits).
    """
    ax.set_title(title, y=1.0)  # an explicit y switches off automatic title placement
    points = ax.figure.dpi_scale_trans
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.xaxis.set_label_coords(0.5, 0.0, transform=ax.transAxes + ScaledTranslation(0, -22 / 72, points))
    ax.yaxis.set_label_coords(0.0, 0.5, transform=ax.transAxes + ScaledTranslation(-ylabel_offset / 72, 0, points))


def _plain_number(value, _position=None) -> str:
    """Tick text a student reads at a glance: 0.5, 2, 50, 1e+06."""
    return f"{value:g}"


def _finite_positive(values) -> np.ndarray:
    values = np.asarray(values, dtype=np.float64)
    return values[np.isfinite(values) & (values > 0)]


class LossCurvePlot:
    """Loss per epoch on a log scale, one line per run, with an optional floor and a divergence note.

    `update(losses, diverged_at)` moves the lines; `set_floor(value)` moves the floor.
    Taught in 04_training_loop, used by every training panel and by `plot_loss_curves`.
    """

    def __init__(self, ax, labels=("loss",), floor=None, floor_label="noise floor", title="Loss per epoch",
                 log_epochs=False):
        ax = check_axes(ax)
        labels = check_labels("labels", labels)
        floor, floor_label, title = FLOOR("floor", floor), CAPTION("floor_label", floor_label), CAPTION("title", title)
        log_epochs = Flag()("log_epochs", log_epochs)
        self.ax = ax
        self.log_epochs = log_epochs
        ax.set_yscale("log")   # first, with limits of its own: a floor line alone would be autoscaled to nothing
        ax.set_ylim(0.1, 10.0)  # (update sets the limits from the losses)
        self.lines = [ax.plot([], [], lw=1.6, label=label)[0] for label in labels]
        self.floor_line = self.floor_text = None
        self.floor_label = floor_label
        if floor is not None:
            self.floor_line = ax.axhline(floor, color="grey", ls="--", lw=1)
            # A text label, not a legend entry: legends are costly to redraw in a live panel.
            self.floor_text = ax.annotate("", (1, floor), xycoords=("axes fraction", "data"), xytext=(-4, 3),
                                          textcoords="offset points", ha="right", va="bottom",
                                          color="grey", fontsize=8)
            self.set_floor(floor)
        self.note = ax.text(0.98, 0.95, "", transform=ax.transAxes, ha="right", va="top",
                            color=DIVERGED_COLOR, fontsize=10, fontweight="bold")
        # Labels at 1, 2 and 5 times each power of ten, as plain numbers: a loss of 4.35
        # can be read off the axis. Minor ticks stay unlabelled (each label costs a redraw).
        ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(FuncFormatter(_plain_number))
        ax.yaxis.set_minor_formatter(NullFormatter())
        if log_epochs:
            ax.set_xscale("log")
        fixed_layout(ax, title, "epoch", "mean squared error")
        ax.grid(True, which="major", alpha=0.3)
        if len(labels) > 1:
            ax.legend(loc="upper right", fontsize=8)

    def update(self, losses, diverged_at=None):
        """losses: one array (one line) or a list of arrays; diverged_at: None, an int or a list of them.

        Epoch k (from 1) is drawn at x = k. A diverged run's losses stop before the epoch
        that overflowed; the note names that epoch in red.
        """
        series = _series("losses", losses)
        if len(series) > len(self.lines):
            raise ValueError(f"losses must have at most {len(self.lines)} curve(s) (this plot's lines), got {len(series)}")
        notes = _diverged("diverged_at", diverged_at, len(series))
        every = []
        for line, values in zip(self.lines, series):
            line.set_data(np.arange(1, len(values) + 1), values)
            every.append(_finite_positive(values))
        text = [f"diverged at epoch {int(d)}" for d in notes if d]
        self.note.set_text("\n".join(dict.fromkeys(text)))  # each epoch once, in run order
        self._rescale(np.concatenate(every) if every else np.array([]), max((len(s) for s in series), default=1))

    def set_floor(self, value: float):
        """Move the floor line (for panels whose data, and so whose floor, changes)."""
        if self.floor_line is None:
            raise ValueError("this plot was made without a floor; pass floor=... when creating it")
        value = LEVEL("value", value)
        self.floor_line.set_ydata([value, value])
        self.floor_text.xy = (1, value)
        self.floor_text.set_text(f"{self.floor_label} ({value:.4g})")

    def _rescale(self, values, epochs):
        if self.floor_line is not None:
            values = np.append(values, self.floor_line.get_ydata()[0])
        values = values[values > 0]
        if values.size:
            # Clamp before the margins: a finite 1e308 times 1.5 would overflow.
            low = max(values.min(), LOG_LIMITS[0]) / 1.5
            high = min(values.max(), LOG_LIMITS[1]) * 1.5
            if high < 10 * low:  # at least one decade, so some 1-2-5 tick is always labelled
                grow = np.sqrt(10 * low / high)
                low, high = low / grow, high * grow
            self.ax.set_ylim(max(low, LOG_LIMITS[0]), min(high, LOG_LIMITS[1]))
        else:  # nothing positive to show (losses of exactly 0, or none): a fixed decade, never matplotlib's guess
            self.ax.set_ylim(0.1, 10.0)
        self.ax.set_xlim(1 if self.log_epochs else 0, max(epochs, 2) + 0.5)


class FitPlot:
    """Predicted against true target for every sample, with the dashed line of perfect predictions.

    Points on the dashed line are predicted exactly; a horizontal band means the network
    predicts one constant (dead hidden nodes). Used by the training panels (04-08).
    """

    def __init__(self, ax, y, title="Prediction vs target"):
        ax, title = check_axes(ax), CAPTION("title", title)
        self.ax = ax
        self.points = ax.scatter([], [], s=10, alpha=0.6, color="#2c7fb8")
        (self.diagonal,) = ax.plot([], [], color="grey", lw=1, ls="--")
        self.set_targets(y)
        fixed_layout(ax, f"{title} (dashed: perfect)", "target y", "prediction")

    def set_targets(self, y):
        """New targets (for panels whose data changes): x positions and the diagonal follow."""
        self.y = curve("y", y, finite=True)
        low, high = float(self.y.min()), float(self.y.max())
        pad = 0.05 * (high - low or 1.0)
        self.span = (low - pad, high + pad)
        self.diagonal.set_data(self.span, self.span)
        self.ax.set_xlim(*self.span)

    def update(self, predictions):
        """Move the points to (y, prediction); NaN and far-off predictions are pinned inside the view."""
        pred = curve("predictions", predictions)
        if pred.shape != self.y.shape:
            raise ValueError(f"predictions must have the targets' shape {self.y.shape}, got {pred.shape}")
        shown = np.clip(np.nan_to_num(pred, nan=self.span[0]), *_wide(self.span))
        self.points.set_offsets(np.column_stack([self.y, shown]))
        low = min(self.span[0], float(shown.min()))
        high = max(self.span[1], float(shown.max()))
        self.ax.set_ylim(low, high)


def _wide(span, factor=10.0):
    """Clip predictions far outside the targets so one wild run cannot squash the plot to a line."""
    middle, half = (span[0] + span[1]) / 2, (span[1] - span[0]) / 2
    return middle - factor * half, middle + factor * half


def plot_loss_curves(ax, losses, labels, floor=None, title="Loss per epoch", diverged_at=None, log_epochs=False):
    """Static figure for a sweep or a comparison: one line per run on a log loss axis (04-07).

    losses: rows of a sweep's `losses` (NaN after divergence), a list of arrays, or a
    list of `Run`s (their `diverged_at` is then used). diverged_at: per row, 0 or None
    for "did not diverge". A diverged line's legend entry says at which epoch.
    Every argument is checked before anything is drawn (losses: numbers >= 0, NaN and infinity allowed).
    """
    ax = check_axes(ax)
    runs = isinstance(losses, (list, tuple)) and len(losses) > 0 and all(isinstance(run, Run) for run in losses)
    if runs:
        if diverged_at is not None:
            raise ValueError(f"diverged_at must be None when losses are Runs (it is read from them), got "
                             f"{shown(diverged_at)}")
        diverged_at = [run.diverged_at or 0 for run in losses]
        losses = [run.losses for run in losses]
    rows = _series("losses", losses, several=True)
    labels = check_labels("labels", labels, count=len(rows), of="curve of losses")
    floor, title, log_epochs = FLOOR("floor", floor), CAPTION("title", title), Flag()("log_epochs", log_epochs)
    notes = None if diverged_at is None else _diverged("diverged_at", diverged_at, len(rows), one_per_curve=True)
    plot = LossCurvePlot(ax, labels=labels, floor=floor, title=title, log_epochs=log_epochs)
    plot.update([row[np.isfinite(row)] for row in rows], notes)
    if notes and any(notes):
        for line, d in zip(plot.lines, notes):
            if d:
                line.set_label(f"{line.get_label()} (diverged at epoch {d})")
        plot.note.set_text("")  # the legend says it, per line
        ax.legend(loc="upper right", fontsize=8)
    return plot


def _series(argument: str, losses, several: bool = False) -> list[np.ndarray]:
    """One loss curve, or several (a list of them, or the rows of a 2-D array): each numbers >= 0, NaN and inf allowed.

    several: a list (or 2-D array) is required, and one curve alone is refused."""
    words = (f"a list of 1 to {MAX_CURVES} loss curves (arrays of numbers >= 0; NaN and infinity allowed), a list of "
             "Runs, or a 2-D array (a sweep's losses)")
    if isinstance(losses, np.ndarray) and losses.ndim == 2:
        if not 1 <= len(losses) <= MAX_CURVES:
            raise refuse(argument, losses, words)
        return [check_losses(f"{argument}[{k}]", row) for k, row in enumerate(losses)]
    if isinstance(losses, (list, tuple)) and losses and all(
            isinstance(item, (list, tuple, np.ndarray)) for item in losses):
        if len(losses) > MAX_CURVES:
            raise refuse(argument, losses, words)
        return [check_losses(f"{argument}[{k}]", row) for k, row in enumerate(losses)]
    if several:
        raise refuse(argument, losses, words)
    return [check_losses(argument, losses)]


def _diverged(argument: str, value, count: int, one_per_curve: bool = False) -> list:
    """None, 0 or an epoch (for every curve), or one of them per curve: a list of None or epochs (0 is None)."""
    if isinstance(value, np.ndarray):
        value = value.tolist() if value.ndim == 1 else value
    if isinstance(value, (list, tuple)):
        if len(value) != count:
            raise ValueError(f"{argument} must have one entry per curve ({count}), got {len(value)}: {shown(value)}")
        return [EPOCH_OR_NONE(argument, d) or None for d in value]
    if one_per_curve:
        raise refuse(argument, value, f"None, or a list of {count} entries (None or 0: did not diverge; else the epoch)")
    return [EPOCH_OR_NONE(argument, value) or None] * count


def format_number(value: float) -> str:
    """Short, stable text for a table cell: 6 significant digits."""
    return f"{value:.6g}"


def params_table_html(before: Params, after: Params) -> str:
    """Start and end of every parameter side by side; unchanged ones greyed (they did not learn)."""
    rows = []
    for name in NAMES:
        a, b = getattr(before, name), getattr(after, name)
        style = ' style="color:#999"' if a == b else ""
        rows.append(f"<tr{style}><td>{name}</td><td>{format_number(a)}</td><td>{format_number(b)}</td></tr>")
    return ('<table class="nnmath-params"><tr><th>param</th><th>start</th><th>end</th></tr>'
            + "".join(rows) + "</table>")


def show_levels(ax, values) -> None:
    """Widen a log y axis so that levels drawn across it (and their labels) are inside it.

    The axis is made logarithmic first: widened while still linear, its lower margin reaches below 0, and the
    log axis it then becomes squeezes every line into its top pixels (05's and 06's figures once did)."""
    values = [v for v in values if math.isfinite(v) and v > 0]
    if values:
        if ax.get_yscale() != "log":
            log_scale(ax, y=True)
        low, high = ax.get_ylim()
        ax.set_ylim(min(low, min(values) / 1.5), max(high, max(values) * 1.5))
