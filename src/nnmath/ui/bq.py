"""bqplot building blocks of the live panels: send data, not pixels.

A live panel's figure is a bqplot `Figure` (or a box of them), made once. A slider move changes
the marks' data (`Lines.y`, `Scatter.y`, `Label.text`, a scale's `min`/`max`) and the browser
redraws the SVG from those arrays: the kernel neither renders nor encodes images. `LivePanel`
holds every widget of the figure in `hold_sync` while `draw` runs, so each widget that changed
sends exactly one message per move.

What a log axis needs here (found in the browser, see benchmarks/panel_latency.py):
- a 0, a negative value or inf on a log scale breaks the whole line (or the axis): `for_log`
  sends NaN instead (a gap); scales always get explicit `min`/`max` (`log_limits`);
- bqplot's default log ticks label every 1..9 of each decade and overlap: `log_ticks` gives
  1-2-5 per decade, thinned to every k-th power of ten when a diverging run spans 250 decades;
- integer axes (epochs) get integer `tick_values` (`nice_ticks`), or a padded domain gives "199".

The shared views: `LossView` (loss per epoch or iteration on a log scale, several lines, an
optional floor, a red "diverged at epoch N" note) and `FitView` (prediction against target).
Static notebooks get a PNG of a panel from `nnmath.ui.static` (drawn from these same marks).
"""
from __future__ import annotations

import contextlib
import math

import bqplot as bq
import ipywidgets as widgets
import numpy as np

from ..core.checks import MAX_DRAWN_POINTS
from .style import DIVERGED_COLOR, GREY, LINE_COLORS, LOG_LIMITS, POINT_COLOR

MARGIN = {"top": 32, "bottom": 46, "left": 64, "right": 14}
"""Pixels around a figure's plot area: room for the title, tick labels and axis labels."""
WIDTH, HEIGHT = 475, 340
"""A half-width figure: two side by side fill a JupyterLab output area beside an open sidebar."""


# ----------------------------------------------------------------------------------
# Figures, scales, ticks
# ----------------------------------------------------------------------------------

def figure(marks, axes=(), title: str = "", width: int = WIDTH, height: int = HEIGHT,
           margin: dict | None = None) -> bq.Figure:
    """A fixed-size bqplot Figure (so the layout never jumps), no animation, no toolbar."""
    return bq.Figure(marks=list(marks), axes=list(axes), title=title, fig_margin=dict(margin or MARGIN),
                     layout=widgets.Layout(width=f"{width}px", height=f"{height}px", flex="0 0 auto"),
                     min_aspect_ratio=0.01, max_aspect_ratio=100, animation_duration=0, padding_x=0.0,
                     padding_y=0.0, display_toolbar=False, title_style={"font-size": "14px"})


def row(*figures) -> widgets.HBox:
    """Figures side by side, the box the panel shows (class nnmath-panel-figure: the browser test screenshots it)."""
    box = widgets.HBox(list(figures), layout=widgets.Layout(flex_flow="row wrap"))
    box.add_class("nnmath-panel-figure")
    return box


def fraction_scales():
    """Two 0..1 scales: marks on them sit at "axes fraction" positions (notes, a floor's label)."""
    return bq.LinearScale(min=0.0, max=1.0, allow_padding=False), bq.LinearScale(min=0.0, max=1.0, allow_padding=False)


def log_ticks(low: float, high: float, max_ticks: int = 9) -> list[float]:
    """Ticks for a log axis from low to high: 1, 2 and 5 times each power of ten, while that gives at
    most `max_ticks`; else every power of ten, else every k-th one (a diverged run spans ~250 decades)."""
    lo, hi = math.floor(math.log10(low)), math.ceil(math.log10(high))
    ticks = [sub * 10.0 ** d for d in range(lo, hi + 1) for sub in (1.0, 2.0, 5.0) if low <= sub * 10.0 ** d <= high]
    if len(ticks) <= max_ticks:
        return ticks
    every = max(1, math.ceil((hi - lo + 1) / max_ticks))
    first = math.ceil(math.log10(low) / every) * every
    return [10.0 ** d for d in range(first, hi + 1, every) if low <= 10.0 ** d <= high]


def nice_ticks(low: float, high: float, count: int = 5, integer: bool = False) -> list[float]:
    """About `count` round-number ticks from low to high (steps 1, 2, 2.5 or 5 times a power of ten)."""
    if not high > low:
        return [float(low)]
    rough = (high - low) / count
    magnitude = 10.0 ** math.floor(math.log10(rough))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= rough)
    if integer:
        step = max(1.0, float(round(step)))
    first = math.ceil(low / step) * step
    return [round(first + i * step, 10) for i in range(int((high - first) / step + 1e-9) + 1)]


def for_log(values) -> np.ndarray:
    """Values for a log scale: NaN (a gap) where a value is 0, negative, NaN or infinite."""
    values = np.asarray(values, dtype=np.float64)
    return np.where(np.isfinite(values) & (values > 0), values, np.nan)


def log_limits(values, extra=()) -> tuple[float, float]:
    """The y range of a log loss axis: the finite positive values (and `extra`, e.g. a floor) with 1.5x
    margins, at least one decade tall, inside LOG_LIMITS (the rule of plots.LossCurvePlot)."""
    values = np.concatenate([np.ravel(np.asarray(values, dtype=np.float64)), np.asarray(extra, dtype=np.float64)])
    values = values[np.isfinite(values) & (values > 0)]
    if not values.size:
        return 0.1, 10.0
    low = max(float(values.min()), LOG_LIMITS[0]) / 1.5
    high = min(float(values.max()), LOG_LIMITS[1]) * 1.5
    if high < 10 * low:  # at least one decade, so some 1-2-5 tick is always labelled
        grow = math.sqrt(10 * low / high)
        low, high = low / grow, high * grow
    return max(low, LOG_LIMITS[0]), min(high, LOG_LIMITS[1])


def set_range(scale, axis, low: float, high: float, count: int = 5) -> None:
    """Move a linear scale to [low, high] and give its axis round-number ticks (bqplot's own `num_ticks`
    splits the range evenly: 1.85, 8.175, 14.5)."""
    set_if_changed(scale, min=float(low), max=float(high))
    if axis is not None:
        set_if_changed(axis, tick_values=np.array(nice_ticks(float(low), float(high), count)))


def key(labels_and_colors, x=0.03, y=0.95, align="start", step=0.075):
    """A legend as coloured words at axes-fraction places (bqplot's own legend box is large and
    its line glyphs odd): one Label mark, one entry per label, each in its colour. Returns the mark."""
    fx, fy = fraction_scales()
    labels = [label for label, _ in labels_and_colors]
    return bq.Label(x=[x] * len(labels), y=[y - k * step for k in range(len(labels))], scales={"x": fx, "y": fy},
                    text=labels, colors=[color for _, color in labels_and_colors], align=align, default_size=12,
                    font_weight="normal", enable_hover=False)


def set_if_changed(widget, **values) -> None:
    """Assign traits whose value differs (arrays compared by content): an unchanged trait sends nothing."""
    for name, value in values.items():
        old = getattr(widget, name)
        if isinstance(value, np.ndarray) or isinstance(old, np.ndarray):
            old_array, new_array = np.asarray(old), np.asarray(value)
            if old_array.shape == new_array.shape and old_array.dtype.kind == new_array.dtype.kind and \
                    np.array_equal(old_array, new_array, equal_nan=old_array.dtype.kind == "f"):
                continue
        elif old == value:
            continue
        setattr(widget, name, value)


def descendants(widget):
    """The widget and every widget it holds (children, marks, axes, scales, ...), each once."""
    seen, stack, found = set(), [widget], []
    while stack:
        current = stack.pop()
        if not isinstance(current, widgets.Widget) or id(current) in seen:
            continue
        seen.add(id(current))
        found.append(current)
        for name in current.keys:
            value = getattr(current, name, None)
            if isinstance(value, widgets.Widget):
                stack.append(value)
            elif isinstance(value, (list, tuple)):
                stack.extend(v for v in value if isinstance(v, widgets.Widget))
            elif isinstance(value, dict):
                stack.extend(v for v in value.values() if isinstance(v, widgets.Widget))
    return found


@contextlib.contextmanager
def hold(widget_list):
    """hold_sync on every widget at once: each sends one message (its changed traits) when the block ends."""
    with contextlib.ExitStack() as stack:
        for widget in widget_list:
            stack.enter_context(widget.hold_sync())
        yield


# ----------------------------------------------------------------------------------
# The loss curve
# ----------------------------------------------------------------------------------

class LossView:
    """Loss against epoch (or iteration) on a log scale: one or more lines, an optional floor, a note.

    `update(losses, diverged_at)` moves the lines (one array, or a list of arrays, one per line);
    `set_floor(value)` moves the floor (None hides it); `note` shows "diverged at epoch N" in red.
    Epoch k (from `first`, 1 for epochs) is drawn at x = k. Non-positive or infinite losses are
    gaps. Used by every training panel (04-08), the data panels (08), the encoder (09) and 10.
    """

    def __init__(self, labels=("loss",), colors=None, styles=None, floor=None, floor_label="noise floor",
                 title="Loss per epoch", xlabel="epoch", ylabel="mean squared error", width=WIDTH, height=HEIGHT,
                 show_key: bool = False, unit="epoch", first: int = 1, margin: dict | None = None):
        colors = list(colors or LINE_COLORS)
        styles = list(styles or ["solid"] * len(labels))
        self.unit, self.first = unit, first
        self.x = bq.LinearScale(min=0.0, max=2.0, allow_padding=False)
        self.y = bq.LogScale(min=0.1, max=10.0, allow_padding=False)
        self.fx, self.fy = fraction_scales()
        self.lines = [bq.Lines(x=np.zeros(0), y=np.zeros(0), scales={"x": self.x, "y": self.y},
                               colors=[colors[k % len(colors)]], stroke_width=1.6, line_style=styles[k],
                               labels=[str(label)])
                      for k, label in enumerate(labels)]
        extra = [key([(str(label), colors[k % len(colors)]) for k, label in enumerate(labels)], x=0.97, y=0.8,
                     align="end")] if show_key else []
        self.floor_label = floor_label
        self.floor_line = bq.Lines(x=[0.0, 1.0], y=[1.0, 1.0], scales={"x": self.fx, "y": self.y}, colors=[GREY],
                                   line_style="dashed", stroke_width=1.0, visible=floor is not None)
        self.floor_text = bq.Label(x=[0.99], y=[1.0], scales={"x": self.fx, "y": self.y}, text=[""], colors=[GREY],
                                   align="end", default_size=11, font_weight="normal", y_offset=-5,
                                   visible=floor is not None)
        self.note = bq.Label(x=[0.98], y=[0.92], scales={"x": self.fx, "y": self.fy}, text=[""],
                             colors=[DIVERGED_COLOR], align="end", default_size=13, font_weight="bold")
        self.x_axis = bq.Axis(scale=self.x, label=xlabel, grid_lines="none", tick_format="~g", label_offset="32px",
                              tick_values=np.array([0.0, 1.0, 2.0]))
        self.y_axis = bq.Axis(scale=self.y, side="left", label=ylabel, tick_format="~g",
                              tick_values=np.array(log_ticks(0.1, 10.0)), grid_lines="solid", grid_color="#e6e6e6",
                              label_offset="48px")
        self.figure = figure([self.floor_line, *self.lines, self.floor_text, self.note, *extra],
                             [self.x_axis, self.y_axis], title, width, height, margin)
        self._floor = None
        self._length = None
        if floor is not None:
            self.set_floor(floor)

    # -- the parts a panel moves
    def set_floor(self, value: float | None):
        """Move the floor line (None hides it); its value enters the y range while shown."""
        if value is None:
            self._floor = None
            set_if_changed(self.floor_line, visible=False)
            set_if_changed(self.floor_text, visible=False)
            return
        self._floor = float(value)
        set_if_changed(self.floor_line, y=np.array([self._floor, self._floor]), visible=True)
        set_if_changed(self.floor_text, y=np.array([self._floor]), text=np.array([f"{self.floor_label} ({value:.4g})"]),
                       visible=True)

    def update(self, losses, diverged_at=None, length: int | None = None):
        """losses: one array or a list of arrays (one per line); diverged_at: None, an int, or one per line.

        length: the x axis's extent in epochs (default: the longest series), so a run that stopped early
        shows where it stopped within the epochs asked for.
        """
        series = [losses] if np.ndim(losses[0] if len(losses) else 0) == 0 else list(losses)
        if len(series) > len(self.lines):
            raise ValueError(f"this plot has {len(self.lines)} line(s), got {len(series)} loss series")
        series = [np.asarray(s, dtype=np.float64) for s in series]
        notes = (list(diverged_at) if isinstance(diverged_at, (list, tuple, np.ndarray))
                 else [diverged_at] * len(series))
        longest = max((len(s) for s in series), default=0)
        extent = max(length if length is not None else longest, longest, 2)
        shown = [for_log(s) for s in series]
        low, high = log_limits(np.concatenate(shown) if shown else [], [] if self._floor is None else [self._floor])
        text = "; ".join(dict.fromkeys(f"diverged at {self.unit} {int(d)}" for d in notes if d))
        for line, values in zip(self.lines, shown):
            if len(line.x) != len(values):
                line.x = np.arange(self.first, self.first + len(values), dtype=np.float64)
            set_if_changed(line, y=values)
        for line in self.lines[len(shown):]:
            set_if_changed(line, x=np.zeros(0), y=np.zeros(0))
        self.set_x_extent(extent)
        self.set_y_range(low, high)
        set_if_changed(self.note, text=np.array([text]))

    def set_x_extent(self, extent: float):
        """x from 0 to the last epoch (plus half an epoch of room when counting from 1)."""
        high = float(extent) + (0.5 if self.first == 1 else 0.0)
        if (self.x.min, self.x.max) != (0.0, high):
            set_if_changed(self.x, min=0.0, max=high)
            set_if_changed(self.x_axis, tick_values=np.array(nice_ticks(0.0, float(extent), integer=True)))

    def set_y_range(self, low: float, high: float):
        set_if_changed(self.y, min=float(low), max=float(high))
        set_if_changed(self.y_axis, tick_values=np.array(log_ticks(low, high)))

    # -- what tests and notebooks read back
    def drawn(self, index: int = 0) -> np.ndarray:
        """The y values of line `index` as sent to the browser."""
        return np.asarray(self.lines[index].y, dtype=np.float64)


# ----------------------------------------------------------------------------------
# Prediction against target
# ----------------------------------------------------------------------------------

def _wide(span, factor=10.0):
    """Clip predictions far outside the targets so one wild run cannot squash the plot to a line."""
    middle, half = (span[0] + span[1]) / 2, (span[1] - span[0]) / 2
    return middle - factor * half, middle + factor * half


class FitView:
    """Predicted against true target for every sample, one scatter per group, and the dashed line of perfect
    predictions. A horizontal band means one constant prediction (dead hidden nodes). (04-08)

    groups: (label, colour) per group of samples (e.g. training and held-out samples); `set_targets`
    takes one array per group, `update` one array of predictions per group.
    """

    def __init__(self, y=None, title="Prediction vs target (dashed: perfect)", width=WIDTH, height=HEIGHT,
                 groups=(("samples", POINT_COLOR),)):
        self.x = bq.LinearScale(min=0.0, max=1.0, allow_padding=False)
        self.y = bq.LinearScale(min=0.0, max=1.0, allow_padding=False)
        self.points = [bq.Scatter(x=np.zeros(0), y=np.zeros(0), scales={"x": self.x, "y": self.y}, colors=[color],
                                  default_size=16, opacities=[0.6], labels=[label], enable_hover=False)
                       for label, color in groups]
        self.diagonal = bq.Lines(x=[0.0, 1.0], y=[0.0, 1.0], scales={"x": self.x, "y": self.y}, colors=[GREY],
                                 line_style="dashed", stroke_width=1.0)
        self.x_axis = bq.Axis(scale=self.x, label="target y", grid_lines="none", label_offset="32px",
                              tick_format="~g")
        self.y_axis = bq.Axis(scale=self.y, side="left", label="prediction", grid_lines="none",
                              label_offset="48px", tick_format="~g")
        extra = [key(groups)] if len(groups) > 1 else []
        self.figure = figure([self.diagonal, *self.points, *extra], [self.x_axis, self.y_axis], title, width, height)
        self.targets = [np.zeros(0) for _ in groups]
        self.keep = [None for _ in groups]   # per group: the indices drawn (an even sample), or None for all
        self.span = (0.0, 1.0)
        if y is not None:
            self.set_targets(y if len(groups) > 1 else [y])

    def set_targets(self, groups):
        """New targets, one array per group: x positions, the diagonal and the x range follow."""
        targets = [np.asarray(t, dtype=np.float64) for t in groups]
        if len(targets) != len(self.points):
            raise ValueError(f"this plot has {len(self.points)} group(s) of points, got {len(targets)}")
        every = np.concatenate(targets)
        low, high = (float(every.min()), float(every.max())) if every.size else (0.0, 1.0)
        pad = 0.05 * (high - low or 1.0)
        self.span = (low - pad, high + pad)
        self.keep = thinned(targets)
        for points, t, keep in zip(self.points, targets, self.keep):
            set_if_changed(points, x=t if keep is None else t[keep])
        self.targets = targets
        set_if_changed(self.diagonal, x=np.array(self.span), y=np.array(self.span))
        set_range(self.x, self.x_axis, *self.span)

    def update(self, predictions):
        """Move the points to (y, prediction); NaN and far-off predictions are pinned inside the view.

        predictions: one array per group (or one array when there is one group).
        """
        groups = [predictions] if len(self.points) == 1 and np.ndim(predictions) == 1 else list(predictions)
        shown_all = []
        for points, t, pred, keep in zip(self.points, self.targets, groups, self.keep):
            pred = np.asarray(pred, dtype=np.float64)
            if pred.shape != t.shape:
                raise ValueError(f"predictions must have the targets' shape {t.shape}, got {pred.shape}")
            shown = np.clip(np.nan_to_num(pred if keep is None else pred[keep], nan=self.span[0]), *_wide(self.span))
            shown_all.append(shown)
        for points, shown in zip(self.points, shown_all):
            points.y = shown
        every = np.concatenate(shown_all) if shown_all else np.zeros(0)
        low = min(self.span[0], float(every.min())) if every.size else self.span[0]
        high = max(self.span[1], float(every.max())) if every.size else self.span[1]
        set_range(self.y, self.y_axis, low, high)

    def drawn(self, group: int = 0) -> np.ndarray:
        return np.asarray(self.points[group].y, dtype=np.float64)

    def drawn_points(self) -> int:
        """How many points the plot shows (all of them, or MAX_DRAWN_POINTS of a larger set)."""
        return sum(len(t) if keep is None else len(keep) for t, keep in zip(self.targets, self.keep))


def thinned(groups, most: int = MAX_DRAWN_POINTS) -> list:
    """Per group, the indices of an even sample when all groups together hold more than `most` points (else None):
    each group keeps its share, spread evenly through it, the same every time (the browser draws a few thousand
    points quickly, a million slowly)."""
    total = sum(len(g) for g in groups)
    if total <= most:
        return [None] * len(groups)
    keep = []
    for g in groups:
        share = max(1, round(most * len(g) / total)) if len(g) else 0
        keep.append(np.unique(np.linspace(0, len(g) - 1, share).round().astype(np.int64)) if share else
                    np.zeros(0, dtype=np.int64))
    return keep


__all__ = ["MARGIN", "WIDTH", "HEIGHT", "figure", "row", "fraction_scales", "log_ticks", "nice_ticks", "for_log",
           "log_limits", "set_range", "key", "set_if_changed", "descendants", "hold", "LossView", "FitView", "thinned"]
