"""A live panel's picture for viewers without a kernel: its bqplot figures drawn once with matplotlib (Agg).

A bqplot figure exists only as widget state: GitHub, nbviewer, or a notebook opened without its
kernel would show nothing where the panel was. `LivePanel._repr_mimebundle_` therefore adds an
`image/png`, drawn by `png(widget)` from the very marks and scales the browser draws: one generic
converter, not a second hand-written figure per panel. It reads what a panel sets on bqplot
objects and draws each in axes-fraction coordinates (so marks on different scales share one
matplotlib Axes):

- `Figure` (size from its layout, `fig_margin`, title, legend) and boxes of figures (HBox side by
  side, VBox stacked);
- scales: `LinearScale`, `LogScale` (explicit min/max or the data's range, `reverse`),
  `OrdinalScale` (bands), `ColorScale` (colors or a scheme, min/mid/max);
- `Axis` (tick values or automatic ticks, d3 tick formats such as "~g", ".2f", label, grid lines),
  `ColorAxis` (a colour bar in the right margin);
  (a `Label` is centred on its y, as bqplot draws it)
- marks: `Lines` (several lines, colours, opacities, dash styles, fill inside), `Scatter`
  (colours, a colour scale, size, opacity, marker, stroke), `Label` (text, colour, size,
  alignment, offsets, weight), `Bars` (per-bar colours, base, log scales), `GridHeatMap` (cells with
  their numbers written in), `HeatMap`.

Anything else is skipped (the picture is a fallback, the live widget is the panel).
"""
from __future__ import annotations

import io
import math
import re

import numpy as np

from ..core.checks import ANY_NUMBER, OrNone, Text, refuse, shown

CSS_PX_IN_PT = 0.75
"""A CSS pixel is 1/96 inch; the picture is drawn at 96 dpi so its pixels are the browser's."""
DPI = 96

LINE_STYLES = {"solid": "-", "dashed": "--", "dotted": ":", "dash_dotted": "-."}
MARKERS = {"circle": "o", "square": "s", "rectangle": "s", "diamond": "D", "cross": "P", "triangle-up": "^",
           "triangle-down": "v", "arrow": ">", "ellipse": "o", "plus": "+", "crosshair": "+", "point": "."}
LEGEND_PLACES = {"top-right": "upper right", "top": "upper center", "top-left": "upper left", "left": "center left",
                 "bottom-left": "lower left", "bottom": "lower center", "bottom-right": "lower right",
                 "right": "center right"}


FORMAT = Text("a d3 format such as '~g' or '.2f'", longest=40, empty_ok=True)
MAX_PIXELS = 10_000
"""Largest width or height of a drawn panel, in CSS pixels."""


def _check_widget(widget):
    """An ipywidgets widget (a bqplot Figure or a box holding some) no wider or taller than MAX_PIXELS."""
    import ipywidgets as widgets

    if not isinstance(widget, widgets.Widget):
        raise refuse("widget", widget, "an ipywidgets widget: a bqplot Figure or a box of them (a panel's figure)")
    width, height = _size(widget)
    if not (width <= MAX_PIXELS and height <= MAX_PIXELS):
        raise ValueError(f"widget must be at most {MAX_PIXELS:,} pixels wide and tall to be drawn, got "
                         f"{width:g} x {height:g}: {shown(widget)}")
    return widget


def png(widget) -> bytes | None:
    """PNG bytes of every bqplot Figure inside `widget` (a Figure or a box of them), or None if it holds none."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = to_matplotlib(widget)
    if fig is None:
        return None
    buffer = io.BytesIO()
    FigureCanvasAgg(fig).print_png(buffer)
    return buffer.getvalue()


def to_matplotlib(widget):
    """A matplotlib Figure (not registered with pyplot) drawing the bqplot figures inside `widget`."""
    from matplotlib.figure import Figure

    _check_widget(widget)
    width, height = _size(widget)
    placed = _place(widget, 0.0, 0.0)
    if not placed or width <= 0 or height <= 0:
        return None
    fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI)
    fig.patch.set_facecolor("white")
    for bqfig, left, top, w, h in placed:
        _draw_figure(fig, bqfig, left, top, w, h, width, height)
    return fig


# ----------------------------------------------------------------------------------
# Layout: where each bqplot Figure sits in the picture
# ----------------------------------------------------------------------------------

def _is_bq(widget, name):
    return type(widget).__module__.split(".")[0] in ("bqplot", "bqscales") and any(
        cls.__name__ == name for cls in type(widget).__mro__)


def _px(text, default):
    match = re.fullmatch(r"\s*([0-9.]+)\s*px\s*", str(text or ""))
    return float(match.group(1)) if match else default


def _size(widget) -> tuple[float, float]:
    if _is_bq(widget, "Figure"):
        return _px(widget.layout.width, 480.0), _px(widget.layout.height, 360.0)
    children = [c for c in getattr(widget, "children", ()) if getattr(c, "layout", None) is None
                or c.layout.display != "none"]
    sizes = [_size(c) for c in children]
    if not sizes:
        return 0.0, 0.0
    if type(widget).__name__ == "HBox":
        return sum(w for w, _ in sizes), max(h for _, h in sizes)
    return max(w for w, _ in sizes), sum(h for _, h in sizes)


def _place(widget, left, top):
    if _is_bq(widget, "Figure"):
        w, h = _size(widget)
        return [(widget, left, top, w, h)]
    found = []
    for child in getattr(widget, "children", ()):
        if getattr(child, "layout", None) is not None and child.layout.display == "none":
            continue
        w, h = _size(child)
        found += _place(child, left, top)
        if type(widget).__name__ == "HBox":
            left += w
        else:
            top += h
    return found


# ----------------------------------------------------------------------------------
# Scales
# ----------------------------------------------------------------------------------

def _values(array) -> np.ndarray:
    if array is None:
        return np.zeros(0)
    try:
        values = np.asarray(array, dtype=np.float64)
    except (TypeError, ValueError):
        return np.zeros(0)
    return values[np.isfinite(values)].ravel()


class _Mapper:
    """Data -> fraction of the plot area for one bqplot scale."""

    def __init__(self, scale, data):
        self.scale = scale
        self.kind = "ordinal" if _is_bq(scale, "OrdinalScale") else "log" if _is_bq(scale, "LogScale") else "linear"
        self.reverse = bool(getattr(scale, "reverse", False))
        if self.kind == "ordinal":
            domain = list(scale.domain) if scale.domain else []
            for values in data:
                for v in np.ravel(np.asarray(values, dtype=object)):
                    if v not in domain:
                        domain.append(v)
            self.domain = domain
            return
        finite = np.concatenate([_values(v) for v in data]) if data else np.zeros(0)
        if self.kind == "log":
            finite = finite[finite > 0]
        low = scale.min if scale.min is not None else (float(finite.min()) if finite.size else (1.0 if self.kind == "log" else 0.0))
        high = scale.max if scale.max is not None else (float(finite.max()) if finite.size else (10.0 if self.kind == "log" else 1.0))
        if high == low:
            low, high = (low / 2, high * 2) if self.kind == "log" else (low - 0.5, high + 0.5)
        self.low, self.high = float(low), float(high)

    def __call__(self, values):
        if self.kind == "ordinal":
            n = max(len(self.domain), 1)
            index = {v: i for i, v in enumerate(self.domain)}
            out = np.array([(index.get(v, np.nan) + 0.5) / n for v in np.ravel(np.asarray(values, dtype=object))])
            out = out.reshape(np.shape(values))
        else:
            values = np.asarray(values, dtype=np.float64)
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                if self.kind == "log":
                    low, high = math.log10(self.low), math.log10(self.high)
                    out = (np.log10(np.where(values > 0, values, np.nan)) - low) / (high - low)
                else:
                    out = (values - self.low) / (self.high - self.low)
        return 1.0 - out if self.reverse else out

    @property
    def band(self) -> float:
        """Width of one band of an ordinal scale, as a fraction."""
        return 1.0 / max(len(self.domain), 1) if self.kind == "ordinal" else 0.0

    def ticks(self, axis):
        """(positions, labels) of an axis on this scale."""
        if self.kind == "ordinal":
            values = list(self.domain)
            labels = [str(v) for v in values]
            if axis.tick_values is not None and len(axis.tick_values):
                values = list(axis.tick_values)
                labels = [str(v) for v in values]
            return self(np.array(values, dtype=object)), labels
        if axis.tick_values is not None and len(np.ravel(axis.tick_values)):
            values = np.asarray(axis.tick_values, dtype=np.float64).ravel()
        else:
            from matplotlib.ticker import LogLocator, MaxNLocator

            locator = LogLocator() if self.kind == "log" else MaxNLocator(axis.num_ticks or 6)
            values = np.asarray(locator.tick_values(self.low, self.high))
        low, high = min(self.low, self.high), max(self.low, self.high)
        values = values[(values >= low - 1e-12 * abs(low)) & (values <= high + 1e-12 * abs(high))]
        return self(values), [d3_format(axis.tick_format, v) for v in values]


def _colormap(scale, data):
    """(function values -> RGBA, matplotlib norm, colormap) for a bqplot ColorScale."""
    import matplotlib
    from matplotlib.colors import LinearSegmentedColormap, Normalize, TwoSlopeNorm

    finite = np.concatenate([_values(v) for v in data]) if data else np.zeros(0)
    low = scale.min if scale.min is not None else (float(finite.min()) if finite.size else 0.0)
    high = scale.max if scale.max is not None else (float(finite.max()) if finite.size else 1.0)
    if high <= low:
        high = low + 1.0
    colors = [c for c in (scale.colors or []) if c]
    mid = scale.mid
    if colors:
        if len(colors) == 3 and mid is not None and low < mid < high:
            cmap = LinearSegmentedColormap.from_list("bq", colors)
            norm = TwoSlopeNorm(vcenter=mid, vmin=low, vmax=high)
        else:
            cmap = LinearSegmentedColormap.from_list("bq", colors)
            norm = Normalize(low, high)
    else:
        name = scale.scheme or "RdYlGn"
        try:
            cmap = matplotlib.colormaps[name]
        except KeyError:
            cmap = matplotlib.colormaps["viridis"]
        norm = TwoSlopeNorm(vcenter=mid, vmin=low, vmax=high) if mid is not None and low < mid < high \
            else Normalize(low, high)

    def to_rgba(values):
        values = np.asarray(values, dtype=np.float64)
        rgba = cmap(norm(np.clip(values, low, high)))
        rgba[~np.isfinite(values)] = (0, 0, 0, 0)
        return rgba

    return to_rgba, norm, cmap


def d3_format(fmt, value) -> str:
    """A number as bqplot's d3 tick format would write it (the formats the course uses: "~g", ".2f", "d", ".0%").

    fmt: None, "" or a d3 format of at most 40 characters (precision at most 50); value: any real number."""
    value = ANY_NUMBER("value", value)
    fmt = OrNone(FORMAT, "plain")("fmt", fmt)
    if not fmt:
        return f"{value:g}"
    match = re.fullmatch(r"[^0-9.~]*?(~)?(,)?(?:\.(\d+))?([a-z%]?)", fmt)
    if not match:
        return f"{value:g}"
    if match.group(3) is not None and int(match.group(3)) > 50:
        raise refuse("fmt", fmt, "a d3 format with a precision of at most 50 digits, such as '.2f'")
    trim, comma, precision, kind = match.groups()
    digits = int(precision) if precision is not None else None
    if not math.isfinite(value):
        return f"{value:g}"
    group = "," if comma else ""
    if kind in ("g", ""):
        text = f"{value:{group}.{digits or 6}g}"
    elif kind == "f":
        text = f"{value:{group}.{6 if digits is None else digits}f}"
        if trim and "." in text:
            text = text.rstrip("0").rstrip(".")
    elif kind == "e":
        text = f"{value:.{6 if digits is None else digits}e}"
    elif kind == "d":
        text = f"{round(value):{group}d}"
    elif kind == "%":
        text = f"{value * 100:.{0 if digits is None else digits}f}%"
    elif kind == "s":
        text = f"{value:.{digits or 3}g}"
    else:
        text = f"{value:g}"
    return text.replace("-", "−") if text.startswith("-") else text


# ----------------------------------------------------------------------------------
# One bqplot Figure
# ----------------------------------------------------------------------------------

def _pt(px) -> float:
    return float(px) * CSS_PX_IN_PT


def _scaled_traits(mark):
    """(trait, scale) pairs of a mark: x, y, color, row, column, ..."""
    return [(name, scale) for name, scale in (mark.scales or {}).items() if scale is not None]


def _draw_figure(fig, bqfig, left, top, width, height, total_w, total_h):
    margin = dict(top=60, bottom=60, left=60, right=60)
    margin.update(bqfig.fig_margin or {})
    plot_w = max(width - margin["left"] - margin["right"], 1.0)
    plot_h = max(height - margin["top"] - margin["bottom"], 1.0)
    rect = [(left + margin["left"]) / total_w, 1.0 - (top + margin["top"] + plot_h) / total_h,
            plot_w / total_w, plot_h / total_h]
    ax = fig.add_axes(rect)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_autoscale_on(False)
    ax.set_facecolor("none")
    marks = [m for m in bqfig.marks if getattr(m, "visible", True)]

    # every scale's data, so scales without min/max take the data's range (as bqplot does)
    data = {}
    for mark in bqfig.marks:
        for name, scale in _scaled_traits(mark):
            value = getattr(mark, name, None)
            if value is not None:
                data.setdefault(id(scale), []).append(value)
    mappers, colormaps = {}, {}

    def mapper(scale):
        if id(scale) not in mappers:
            mappers[id(scale)] = _Mapper(scale, data.get(id(scale), []))
        return mappers[id(scale)]

    def colormap(scale):
        if id(scale) not in colormaps:
            colormaps[id(scale)] = _colormap(scale, data.get(id(scale), []))
        return colormaps[id(scale)]

    handles = []
    for index, mark in enumerate(marks):  # in the figure's order: later marks on top, as in the SVG
        draw = _MARKS.get(type(mark).__name__)
        if draw is not None:
            before = set(map(id, ax.get_children()))
            handles += draw(ax, mark, mapper, colormap) or []
            for artist in ax.get_children():
                if id(artist) not in before:
                    artist.set_zorder(2 + 0.01 * index)

    # axes
    axes = [a for a in bqfig.axes if getattr(a, "visible", True)]
    has = {"horizontal": False, "vertical": False}
    for axis in axes:
        if _is_bq(axis, "ColorAxis"):
            _color_bar(fig, axis, colormap(axis.scale), rect, margin, total_w)
            continue
        orientation = axis.orientation or "horizontal"
        has[orientation] = True
        positions, labels = mapper(axis.scale).ticks(axis)
        keep = [(p, l) for p, l in zip(np.ravel(positions), labels) if np.isfinite(p) and -1e-9 <= p <= 1 + 1e-9]
        positions, labels = [p for p, _ in keep], [l for _, l in keep]
        grid = axis.grid_lines != "none"
        if orientation == "horizontal":
            ax.set_xticks(positions, labels, fontsize=8)
            ax.set_xlabel(axis.label or "", fontsize=9)
            if axis.side == "top":
                ax.xaxis.tick_top()
                ax.xaxis.set_label_position("top")
            if grid:
                ax.grid(True, axis="x", color=axis.grid_color or "#e6e6e6", lw=0.6,
                        ls="--" if axis.grid_lines == "dashed" else "-")
        else:
            ax.set_yticks(positions, labels, fontsize=8)
            ax.set_ylabel(axis.label or "", fontsize=9)
            if axis.side == "right":
                ax.yaxis.tick_right()
                ax.yaxis.set_label_position("right")
            if grid:
                ax.grid(True, axis="y", color=axis.grid_color or "#e6e6e6", lw=0.6,
                        ls="--" if axis.grid_lines == "dashed" else "-")
    ax.set_axisbelow(True)
    if not has["horizontal"]:
        ax.set_xticks([])
    if not has["vertical"]:
        ax.set_yticks([])
    if not axes:
        for spine in ax.spines.values():
            spine.set_visible(False)
    if bqfig.title:
        # bqplot centres the title in the top margin
        fig.text((left + margin["left"] + plot_w / 2) / total_w, 1.0 - (top + margin["top"] / 2) / total_h,
                 bqfig.title, ha="center", va="center", fontsize=10.5)
    if handles:
        ax.legend(handles=handles, loc=LEGEND_PLACES.get(bqfig.legend_location, "upper right"), fontsize=7.5,
                  framealpha=0.85)


def _color_bar(fig, axis, colormap, rect, margin, total_w):
    from matplotlib.cm import ScalarMappable

    _, norm, cmap = colormap
    right = rect[0] + rect[2]
    cax = fig.add_axes([right + 8 / total_w, rect[1], 10 / total_w, rect[3]])
    bar = fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), cax=cax)
    bar.ax.tick_params(labelsize=7)
    if axis.label:
        bar.set_label(axis.label, fontsize=8)


def _cycle(items, index, default):
    items = [i for i in (items or []) if i is not None]
    return items[index % len(items)] if items else default


def _lines(ax, mark, mapper, colormap):
    x, y = np.asarray(mark.x, dtype=np.float64), np.asarray(mark.y, dtype=np.float64)
    if y.size == 0:
        return []
    fx, fy = mapper(mark.scales["x"]), mapper(mark.scales["y"])
    ys = y if y.ndim == 2 else y[None, :]
    xs = x if x.ndim == 2 else np.broadcast_to(x, ys.shape) if x.size == ys.shape[-1] else None
    if xs is None:
        return []
    handles = []
    for k, (xk, yk) in enumerate(zip(xs, ys)):
        color = _cycle(mark.colors, k, "#1f77b4")
        alpha = float(_cycle(mark.opacities, k, 1.0))
        u, v = fx(xk), fy(yk)
        if mark.fill == "inside":
            ax.fill(u, v, color=_cycle(mark.fill_colors, k, color), alpha=float(_cycle(mark.fill_opacities, k, 1.0)),
                    lw=0, clip_on=mark.apply_clip)
        (line,) = ax.plot(u, v, color=color, alpha=alpha, lw=_pt(mark.stroke_width),
                          ls=LINE_STYLES.get(mark.line_style, "-"), clip_on=mark.apply_clip)
        if mark.display_legend and k < len(mark.labels or []):
            line.set_label(mark.labels[k])
            handles.append(line)
    return handles


def _scatter(ax, mark, mapper, colormap):
    x, y = np.asarray(mark.x, dtype=np.float64), np.asarray(mark.y, dtype=np.float64)
    if x.size == 0 or y.size == 0:
        return []
    u, v = mapper(mark.scales["x"])(x), mapper(mark.scales["y"])(y)
    if mark.color is not None and "color" in mark.scales:
        face = colormap(mark.scales["color"])[0](mark.color)
    else:
        colors = [c for c in (mark.colors or []) if c] or ["#1f77b4"]
        face = colors[0] if len(colors) == 1 else [colors[i % len(colors)] for i in range(len(u))]
    alpha = float(np.ravel(mark.opacities)[0]) if len(np.ravel(mark.opacities)) else 1.0
    size = mark.default_size * CSS_PX_IN_PT ** 2
    stroke = mark.stroke or "none"
    handle = ax.scatter(u, v, s=size, c=face if mark.fill else "none", alpha=alpha,
                        marker=MARKERS.get(mark.marker, "o"), edgecolors=stroke if mark.fill else face,
                        linewidths=_pt(mark.stroke_width) if mark.stroke else 0.8 * (not mark.fill),
                        clip_on=mark.apply_clip)
    if mark.display_legend and mark.labels:
        handle.set_label(mark.labels[0])
        return [handle]
    return []


def _label(ax, mark, mapper, colormap):
    if mark.text is None or mark.x is None or mark.y is None:
        return []
    texts = [str(t) for t in np.ravel(mark.text)]
    xs, ys = np.ravel(mark.x), np.ravel(mark.y)
    u = mapper(mark.scales["x"])(xs.astype(object) if mapper(mark.scales["x"]).kind == "ordinal" else xs)
    v = mapper(mark.scales["y"])(ys.astype(object) if mapper(mark.scales["y"]).kind == "ordinal" else ys)
    size = mark.default_size * (CSS_PX_IN_PT if mark.font_unit == "px" else 1.0)
    ha = {"start": "left", "middle": "center", "end": "right"}[mark.align]
    weight = "bold" if mark.font_weight in ("bold", "bolder") else "normal"
    for k, text in enumerate(texts):
        if not text or k >= len(u) or not (np.isfinite(u[k]) and np.isfinite(v[k])):
            continue
        ax.annotate(text, (u[k], v[k]), xytext=(_pt(mark.x_offset), -_pt(mark.y_offset)), textcoords="offset points",
                    ha=ha, va="center", fontsize=size, fontweight=weight, color=_cycle(mark.colors, k, "black"),
                    rotation=-mark.rotate_angle, annotation_clip=False, clip_on=mark.apply_clip)
    return []


def _bars(ax, mark, mapper, colormap):
    y = np.asarray(mark.y, dtype=np.float64)
    if y.size == 0:
        return []
    fx, fy = mapper(mark.scales["x"]), mapper(mark.scales["y"])
    x = np.ravel(mark.x)
    u = fx(x.astype(object) if fx.kind == "ordinal" else x.astype(np.float64))
    if fx.kind == "ordinal":
        width = fx.band * (1 - mark.padding)
    else:
        gaps = np.diff(np.sort(u))
        width = (float(gaps.min()) if gaps.size else 0.5) * (1 - mark.padding)
    base = fy(np.array([mark.base if mark.base is not None else 0.0]))[0]
    base = 0.0 if not np.isfinite(base) else base
    series = y if y.ndim == 2 else y[None, :]
    grouped = mark.type == "grouped" and len(series) > 1
    below = np.zeros(series.shape[1])                     # stacked: each series starts where the last ended
    for k, values in enumerate(series):
        step = width / len(series) if grouped else width
        offset = (k - (len(series) - 1) / 2) * step if grouped else 0.0
        for j, (position, value) in enumerate(zip(u, values)):
            if len(series) == 1 and mark.color_mode in ("element", "auto"):
                color = _cycle(mark.colors, j, "#1f77b4")
            else:
                color = _cycle(mark.colors, k, "#1f77b4")
            start = base if grouped or k == 0 else fy(np.array([below[j]]))[0]
            top = fy(np.array([value + (0.0 if grouped else below[j])]))[0]
            if np.isfinite(top) and np.isfinite(start):
                ax.add_patch(_rectangle((position + offset - step / 2, min(start, top)), step, abs(top - start), color,
                                        float(_cycle(mark.opacities, k, 1.0))))
        if not grouped:
            below = below + values
    return []


def _rectangle(xy, width, height, color, alpha):
    from matplotlib.patches import Rectangle

    return Rectangle(xy, width, height, facecolor=color, edgecolor="none", alpha=alpha)


def _edges(centres):
    centres = np.asarray(centres, dtype=np.float64)
    if centres.size == 1:
        return np.array([centres[0] - 0.5, centres[0] + 0.5])
    middle = (centres[1:] + centres[:-1]) / 2
    return np.concatenate([[2 * centres[0] - middle[0]], middle, [2 * centres[-1] - middle[-1]]])


def _grid_heat_map(ax, mark, mapper, colormap):
    color = np.asarray(mark.color, dtype=np.float64)
    if color.ndim != 2 or color.size == 0:
        return []
    rows, cols = color.shape
    to_rgba = colormap(mark.scales["color"])[0]
    fr, fc = mapper(mark.scales["row"]), mapper(mark.scales["column"])
    row_values = np.arange(rows) if mark.row is None else np.ravel(mark.row)
    col_values = np.arange(cols) if mark.column is None else np.ravel(mark.column)
    if fr.kind == "ordinal":
        if not fr.domain:
            fr.domain = list(row_values)
        centres_r, half_r = fr(np.asarray(row_values, dtype=object)), np.full(rows, fr.band / 2)
    else:
        edges = fr(_edges(row_values))
        centres_r, half_r = (edges[1:] + edges[:-1]) / 2, np.abs(np.diff(edges)) / 2
    if fc.kind == "ordinal":
        if not fc.domain:
            fc.domain = list(col_values)
        centres_c, half_c = fc(np.asarray(col_values, dtype=object)), np.full(cols, fc.band / 2)
    else:
        edges = fc(_edges(col_values))
        centres_c, half_c = (edges[1:] + edges[:-1]) / 2, np.abs(np.diff(edges)) / 2
    rgba = to_rgba(color)
    style = mark.font_style or {}
    text_color = style.get("fill", "black")
    size = _pt(float(str(style.get("font-size", "12px")).rstrip("px") or 12))
    for r in range(rows):
        for c in range(cols):
            ax.add_patch(_rectangle((centres_c[c] - half_c[c], centres_r[r] - half_r[r]), 2 * half_c[c],
                                    2 * half_r[r], rgba[r, c], float(mark.opacity)))
            if mark.display_format and np.isfinite(color[r, c]):
                ax.text(centres_c[c], centres_r[r], d3_format(mark.display_format, color[r, c]), ha="center",
                        va="center", fontsize=size, color=text_color)
    return []


def _heat_map(ax, mark, mapper, colormap):
    color = np.asarray(mark.color, dtype=np.float64)
    if color.ndim != 2 or color.size == 0:
        return []
    fx, fy = mapper(mark.scales["x"]), mapper(mark.scales["y"])
    x_edges, y_edges = fx(_edges(np.ravel(mark.x))), fy(_edges(np.ravel(mark.y)))
    rgba = colormap(mark.scales["color"])[0](color)
    if y_edges[0] > y_edges[-1]:
        rgba, y_edges = rgba[::-1], y_edges[::-1]
    if x_edges[0] > x_edges[-1]:
        rgba, x_edges = rgba[:, ::-1], x_edges[::-1]
    ax.imshow(rgba, extent=(x_edges[0], x_edges[-1], y_edges[0], y_edges[-1]), origin="lower", aspect="auto",
              interpolation="nearest", zorder=0)
    return []


_MARKS = {"Lines": _lines, "Scatter": _scatter, "Label": _label, "Bars": _bars, "GridHeatMap": _grid_heat_map,
          "HeatMap": _heat_map}

__all__ = ["png", "to_matplotlib", "d3_format"]
