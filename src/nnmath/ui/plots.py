"""Figures the notebooks and panels share: each made once, then updated in place.

Updating artists (set_data, set_offsets, set_text) and redrawing costs a few tens of
milliseconds; rebuilding a figure costs several times that, so live panels keep
one figure and call `update`. Static helpers for sweeps draw through the same classes.
Used by 04-08 (loss curves, fits) and every live panel.
"""
from __future__ import annotations

import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter
from matplotlib.transforms import ScaledTranslation

from ..core.params import NAMES, Params
from .style import DIVERGED_COLOR, LOG_LIMITS  # noqa: F401  (shared with the live panels)


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
        self.ax = ax
        self.log_epochs = log_epochs
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
        ax.set_yscale("log")
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
        series = [losses] if np.ndim(losses[0] if len(losses) else 0) == 0 else list(losses)
        if len(series) > len(self.lines):
            raise ValueError(f"this plot has {len(self.lines)} line(s), got {len(series)} loss series")
        notes = list(diverged_at) if isinstance(diverged_at, (list, tuple, np.ndarray)) else [diverged_at] * len(series)
        every = []
        for line, values in zip(self.lines, series):
            values = np.asarray(values, dtype=np.float64)
            line.set_data(np.arange(1, len(values) + 1), values)
            every.append(_finite_positive(values))
        text = [f"diverged at epoch {int(d)}" for d in notes if d]
        self.note.set_text("\n".join(dict.fromkeys(text)))  # each epoch once, in run order
        self._rescale(np.concatenate(every) if every else np.array([]), max((len(s) for s in series), default=1))

    def set_floor(self, value: float):
        """Move the floor line (for panels whose data, and so whose floor, changes)."""
        if self.floor_line is None:
            raise ValueError("this plot was made without a floor; pass floor=... when creating it")
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
        self.ax.set_xlim(1 if self.log_epochs else 0, max(epochs, 2) + 0.5)


class FitPlot:
    """Predicted against true target for every sample, with the dashed line of perfect predictions.

    Points on the dashed line are predicted exactly; a horizontal band means the network
    predicts one constant (dead hidden nodes). Used by the training panels (04-08).
    """

    def __init__(self, ax, y, title="Prediction vs target"):
        self.ax = ax
        self.points = ax.scatter([], [], s=10, alpha=0.6, color="#2c7fb8")
        (self.diagonal,) = ax.plot([], [], color="grey", lw=1, ls="--")
        self.set_targets(y)
        fixed_layout(ax, f"{title} (dashed: perfect)", "target y", "prediction")

    def set_targets(self, y):
        """New targets (for panels whose data changes): x positions and the diagonal follow."""
        self.y = np.asarray(y, dtype=np.float64)
        low, high = float(self.y.min()), float(self.y.max())
        pad = 0.05 * (high - low or 1.0)
        self.span = (low - pad, high + pad)
        self.diagonal.set_data(self.span, self.span)
        self.ax.set_xlim(*self.span)

    def update(self, predictions):
        """Move the points to (y, prediction); NaN and far-off predictions are pinned inside the view."""
        pred = np.asarray(predictions, dtype=np.float64)
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
    """
    losses = list(losses)
    if losses and all(hasattr(run, "losses") for run in losses):
        if diverged_at is not None:
            raise ValueError("diverged_at is read from the Runs; leave it None when passing Runs")
        diverged_at = [run.diverged_at or 0 for run in losses]
        losses = [run.losses for run in losses]
    labels = [str(label) for label in labels]
    if len(labels) != len(losses):
        raise ValueError(f"labels must name every curve: got {len(labels)} labels for {len(losses)} curves")
    plot = LossCurvePlot(ax, labels=labels, floor=floor, title=title, log_epochs=log_epochs)
    diverged = None if diverged_at is None else [int(d) or None for d in np.ravel(diverged_at)]
    rows = [np.asarray(row, dtype=np.float64) for row in losses]
    plot.update([row[np.isfinite(row)] for row in rows], diverged)
    if diverged:
        for line, d in zip(plot.lines, diverged):
            if d:
                line.set_label(f"{line.get_label()} (diverged at epoch {d})")
        plot.note.set_text("")  # the legend says it, per line
        ax.legend(loc="upper right", fontsize=8)
    return plot


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
