"""Figures the notebooks and panels share: each made once, then updated in place.

Updating artists (set_data, set_offsets, set_text) and redrawing costs a few tens of
milliseconds; rebuilding a figure costs several times that, so live panels keep
one figure and call `update`. Static helpers for sweeps draw through the same code.
Used by 04-08 (loss curves, fits) and every live panel.
"""
from __future__ import annotations

import html

import numpy as np
from matplotlib.ticker import NullFormatter

from .params import NAMES, Params

DIVERGED_COLOR = "#c0392b"


def _finite_positive(values):
    values = np.asarray(values, dtype=np.float64)
    return values[np.isfinite(values) & (values > 0)]


class LossCurvePlot:
    """Loss per epoch on a log scale, one line per run, with an optional floor and a divergence note."""

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
            self.floor_text = ax.annotate(f"{floor_label} ({floor:.4g})", (1, floor),
                                          xycoords=("axes fraction", "data"), xytext=(-4, 3),
                                          textcoords="offset points", ha="right", va="bottom",
                                          color="grey", fontsize=8)
        self.note = ax.text(0.98, 0.95, "", transform=ax.transAxes, ha="right", va="top",
                            color=DIVERGED_COLOR, fontsize=10, fontweight="bold")
        ax.set_yscale("log")
        if log_epochs:
            ax.set_xscale("log")
        # Labelled minor ticks on a log axis are dozens of text renders per redraw; decades suffice.
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel("epoch")
        ax.set_ylabel("mean squared error")
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.25)
        if len(labels) > 1:
            ax.legend(loc="upper right", fontsize=8)

    def update(self, losses, diverged_at=None):
        """losses: one array (one line) or a list of arrays; diverged_at: None, an int or a list."""
        series = [losses] if np.ndim(losses[0] if len(losses) else 0) == 0 else list(losses)
        notes = diverged_at if isinstance(diverged_at, (list, tuple)) else [diverged_at] * len(series)
        every = []
        for line, values in zip(self.lines, series):
            values = np.asarray(values, dtype=np.float64)
            line.set_data(np.arange(1, len(values) + 1), values)
            every.append(_finite_positive(values))
        text = [f"diverged at epoch {d}" for d in notes if d]
        self.note.set_text("\n".join(sorted(set(text))))
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
            low, high = values.min(), values.max()
            self.ax.set_ylim(low / 1.5, high * 1.5)
        self.ax.set_xlim(1 if self.log_epochs else 0, max(epochs, 2) + 0.5)


class FitPlot:
    """Predicted against true target for every sample, with the line of perfect predictions."""

    def __init__(self, ax, y, title="Prediction vs target"):
        self.ax = ax
        self.points = ax.scatter([], [], s=10, alpha=0.6, color="#2c7fb8")
        (self.diagonal,) = ax.plot([], [], color="grey", lw=1, ls="--")
        self.set_targets(y)
        ax.set_xlabel("target y")
        ax.set_ylabel("prediction")
        ax.set_title(f"{title} (dashed: perfect)")

    def set_targets(self, y):
        """New targets (for panels whose data changes): x positions and the diagonal follow."""
        self.y = np.asarray(y, dtype=np.float64)
        low, high = float(self.y.min()), float(self.y.max())
        pad = 0.05 * (high - low or 1.0)
        self.span = (low - pad, high + pad)
        self.diagonal.set_data(self.span, self.span)
        self.ax.set_xlim(*self.span)

    def update(self, predictions):
        pred = np.asarray(predictions, dtype=np.float64)
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
    """Static figure for a sweep: rows of `losses` (NaN after divergence) as lines on a log scale."""
    if not isinstance(losses, np.ndarray):
        losses = list(losses)
    plot = LossCurvePlot(ax, labels=[str(label) for label in labels], floor=floor, title=title, log_epochs=log_epochs)
    diverged = None if diverged_at is None else [int(d) or None for d in np.ravel(diverged_at)]
    plot.update([np.asarray(row, dtype=np.float64)[np.isfinite(row)] for row in losses], diverged)
    if diverged:
        for line, d in zip(plot.lines, diverged):
            if d:
                line.set_label(f"{line.get_label()} (diverged at epoch {d})")
        plot.note.set_text("")
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


def escape(text: str) -> str:
    return html.escape(str(text))
