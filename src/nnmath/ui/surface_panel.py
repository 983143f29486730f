"""The function the network computes, out(x1, x2), with its two hinges, live and at any epoch (04, 06, 08).

Left: a heat map of out over the data's range (light: low, dark: high), the samples coloured by
their error (red: predicted too high, blue: too low, white: right), and the hinge lines z1 = 0
(orange) and z2 = 0 (purple, dashed), each with a short arrow and "h1 on" on the side where its
node is on. A node that is off for every sample (dead) or on for every sample has its line outside
the data: the view widens to show it when it lies near, and the figure says so in words
("h2 dead: off for every sample"). Coinciding lines (h1 and h2 copies of each other) are said too.
Right: the loss per epoch, with the epoch shown marked.

The "epoch" slider scrubs through the run: the run is trained once with its trajectory
(`record=True`), and a move of the scrubber only evaluates the surface at that epoch's parameters
(`core.surface`, the reference's arithmetic): a few hundred microseconds.

`surface_panel` is the live panel; `surface_figure` the same picture as a static matplotlib Figure.
"""
from __future__ import annotations

import contextlib
import html
from dataclasses import dataclass

import bqplot as bq
import ipywidgets as widgets
import numpy as np

from ..core.checks import NAMES, TITLE, OrNone, Whole, check, check_data, validate
from ..core.params import Params, check_params
from ..core.reference import predict
from ..core.runs import Run
from ..core.scaling import ScaledData, check_scaled, scale_dataset
from ..core.surface import Hinge, coincide, hinges, side_marker, surface_grid, view_box
from ..fast.training import train
from .bq import LossView, figure, fraction_scales, nice_ticks, row, set_if_changed, set_range
from .panel import (FLAG_RULE, LR_EXPONENTS, MODE_RULE, OUTPUT_RULE, STYLE, LivePanel, check_controls, check_presets,
                    check_start, check_values, epochs_slider, log_slider_rule, lr_slider, mode_toggle, output_toggle,
                    param_sliders, preset_menu, scaling_toggle, slider_rule, start_dropdown, wire_presets)
from .plots import format_number
from .style import GREY

HINGE_COLORS = {"h1": "#e66101", "h2": "#5e3c99"}
HINGE_STYLES = {"h1": "solid", "h2": "dashed"}
MARKER_AT = {"h1": 0.3, "h2": 0.7}
"""Where along each line its on-side arrow starts: apart, so the two never sit on the lines' crossing."""
TOP = 100
"""Pixels above the surface's plot area: the title, then up to three lines of words about the hinges."""
SURFACE_COLORS = ["#ffffff", "#8a8a8a"]
ERROR_COLORS = ["#2166ac", "#ffffff", "#b2182b"]


@dataclass(frozen=True)
class SurfaceState:
    """What the view shows: one epoch of one run."""

    run: Run
    epoch: int                      # the epoch shown (0: the start); at most run.epochs_run
    params: Params                  # the parameters after that epoch
    box: tuple                      # (x1 range, x2 range) of the view
    grid: object                    # core.surface.Surface
    errors: np.ndarray              # prediction - y for every sample, at that epoch, original units
    hinges: tuple                   # (Hinge for h1, Hinge for h2)
    same_line: bool                 # z1 = 0 and z2 = 0 coincide
    scaled: bool


def train_for_surface(X, y, start: Params, lr, epochs, mode="online", output="linear", scaled=False,
                      batch_size=32, shuffle_seed=0):
    """One run with its trajectory, as the panels train (optionally on z-scored data): (Run, ScaledData)."""
    scaled = validate(scaled=scaled)
    data = scale_dataset(X, y, "zscore" if scaled else None)
    kwargs = dict(batch_size=min(batch_size, len(data.y)), shuffle_seed=shuffle_seed) if mode == "minibatch" else {}
    run = train(start, data.X, data.y, lr, int(epochs), mode=mode, output=output, record=True, **kwargs)
    return run, data


def surface_at(run: Run, data: ScaledData, X, y, epoch: int, box, resolution: int = 41, output: str = "linear",
               scaled: bool = False) -> SurfaceState:
    """The surface, the samples' errors and the hinges after `epoch` (clamped to the epochs the run completed)."""
    epoch = int(min(max(epoch, 0), run.epochs_run))
    params = Params.from_array(run.trajectory[epoch])
    scaler = data if scaled else None
    grid = surface_grid(params, box[0], box[1], resolution, output, scaled=scaler)
    with np.errstate(over="ignore", invalid="ignore"):
        pred = predict(params, data.X, output)
        if scaled:
            pred = data.unscale_predictions(pred)
        errors = pred - y
    found = hinges(params, X, box, scaled=scaler)
    return SurfaceState(run, epoch, params, box, grid, errors, found, coincide(*found), scaled)


class SurfaceView:
    """The surface figure (heat map, samples, hinges) and the loss curve beside it, updated in place."""

    def __init__(self, X, width=520, height=440, loss_width=420):
        self.X = np.asarray(X, dtype=np.float64)
        self.x = bq.LinearScale(min=0.0, max=1.0, allow_padding=False)
        self.y = bq.LinearScale(min=0.0, max=1.0, allow_padding=False)
        self.out_scale = bq.ColorScale(colors=SURFACE_COLORS, min=0.0, max=1.0)
        self.error_scale = bq.ColorScale(colors=ERROR_COLORS, min=-1.0, max=1.0, mid=0.0)
        scales = {"x": self.x, "y": self.y}
        self.heat = bq.HeatMap(x=np.linspace(0, 1, 3), y=np.linspace(0, 1, 3), color=np.zeros((3, 3)),
                               scales={**scales, "color": self.out_scale}, enable_hover=False)
        self.points = bq.Scatter(x=self.X[:, 0], y=self.X[:, 1], color=np.zeros(len(self.X)),
                                 scales={**scales, "color": self.error_scale}, default_size=22, stroke="#333333",
                                 stroke_width=0.6, enable_hover=False)
        self.lines, self.arrows, self.tips = {}, {}, {}
        for node in ("h1", "h2"):
            color = HINGE_COLORS[node]
            self.lines[node] = bq.Lines(x=np.zeros(0), y=np.zeros(0), scales=scales, colors=[color], stroke_width=2.5,
                                        line_style=HINGE_STYLES[node], enable_hover=False)
            self.arrows[node] = bq.Lines(x=np.zeros(0), y=np.zeros(0), scales=scales, colors=[color],
                                         stroke_width=2.0, enable_hover=False)
        self.tips = {node: bq.Label(x=[0.0], y=[0.0], scales=scales, text=[""], colors=[HINGE_COLORS[node]],
                                    align="start", default_size=12, font_weight="bold", y_offset=4, enable_hover=False)
                     for node in ("h1", "h2")}
        fx, fy = fraction_scales()
        # what the lines mean, in words, in the strip between the title and the plot (never over the data)
        plot_height = height - TOP - 46
        self.notes = bq.Label(x=[0.0] * 3, y=[1 + (6 + 14 * k) / plot_height for k in (0, 1, 2)],
                              scales={"x": fx, "y": fy},
                              text=["", "", ""], colors=["#222222"] * 3, align="start", default_size=12,
                              font_weight="bold", apply_clip=False, enable_hover=False)
        self.x_axis = bq.Axis(scale=self.x, label="x1", grid_lines="none", label_offset="32px", tick_format="~g")
        self.y_axis = bq.Axis(scale=self.y, side="left", label="x2", grid_lines="none", label_offset="40px",
                              tick_format="~g")
        self.color_axis = bq.ColorAxis(scale=self.out_scale, side="right", label="out", tick_format="~g",
                                       visible=True)
        self.surface = figure([self.heat, *self.lines.values(), *self.arrows.values(), self.points,
                               *self.tips.values(), self.notes], [self.x_axis, self.y_axis, self.color_axis],
                              "out(x1, x2) at epoch 0", width, height,
                              margin={"top": TOP, "bottom": 46, "left": 56, "right": 72})
        self.loss = LossView(width=loss_width, height=height, margin={"top": TOP, "bottom": 46, "left": 64, "right": 14})
        self.marker = bq.Lines(x=[0.0, 0.0], y=[0.0, 1.0], scales={"x": self.loss.x, "y": self.loss.fy},
                               colors=["#e66101"], stroke_width=1.5, line_style="dotted", enable_hover=False)
        self.loss.figure.marks = [*self.loss.figure.marks, self.marker]
        self.figure = row(self.surface, self.loss.figure)
        self._run = None
        self._box = None

    def show(self, state: SurfaceState):
        run = state.run
        if run is not self._run:
            self.loss.update(run.losses, run.diverged_at)
            set_if_changed(self.loss.y_axis, label="mean squared error" + (" (scaled units)" if state.scaled else ""))
            self._run = run
        set_if_changed(self.marker, x=np.array([float(state.epoch)] * 2))
        if state.box != self._box:
            (x_low, x_high), (y_low, y_high) = state.box
            set_range(self.x, self.x_axis, x_low, x_high)
            set_range(self.y, self.y_axis, y_low, y_high)
            self._box = state.box
        grid = state.grid
        set_if_changed(self.heat, x=grid.x1, y=grid.x2)
        out = np.where(np.isfinite(grid.out), grid.out, np.nan)
        finite = out[np.isfinite(out)]
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        if high <= low:
            low, high = low - 0.5, high + 0.5
        self.heat.color = out
        set_if_changed(self.out_scale, min=low, max=high)
        set_if_changed(self.color_axis, tick_values=np.array(nice_ticks(low, high, 4)))
        errors = np.where(np.isfinite(state.errors), state.errors, np.nan)
        spread = float(np.nanmax(np.abs(errors))) if np.isfinite(errors).any() else 1.0
        self.points.color = errors
        set_if_changed(self.error_scale, min=-max(spread, 1e-12), max=max(spread, 1e-12))
        notes = []
        for hinge in state.hinges:
            node = hinge.node
            if hinge.segment is None:
                set_if_changed(self.lines[node], x=np.zeros(0), y=np.zeros(0))
                set_if_changed(self.arrows[node], x=np.zeros(0), y=np.zeros(0))
                set_if_changed(self.tips[node], text=np.array([""]))
            else:
                (p, q) = hinge.segment
                set_if_changed(self.lines[node], x=np.array([p[0], q[0]]), y=np.array([p[1], q[1]]))
                start, end = side_marker(hinge, state.box, at=MARKER_AT[node])
                set_if_changed(self.arrows[node], x=np.array([start[0], end[0]]), y=np.array([start[1], end[1]]))
                # the words just beyond the arrow's tip, on its side: left of a tip pointing left
                set_if_changed(self.tips[node], x=np.array([end[0]]), y=np.array([end[1]]),
                               text=np.array([f"{node} on"]), align="start" if end[0] >= start[0] else "end")
            note = hinge_note(hinge)
            if note:
                notes.append((note, HINGE_COLORS[node]))
        if state.same_line:
            notes.append(("z1 = 0 and z2 = 0 coincide: h1 and h2 are copies", "#222222"))
        notes += [("", "#222222")] * (3 - len(notes))
        set_if_changed(self.notes, text=np.array([n for n, _ in notes]), colors=[c for _, c in notes])
        stopped = (f" (the run diverged at epoch {run.diverged_at}: last finite epoch)"
                   if run.diverged and state.epoch == run.epochs_run else "")
        set_if_changed(self.surface, title=f"out(x1, x2) at epoch {state.epoch}{stopped}")


def hinge_note(hinge: Hinge) -> str:
    """The words on the figure for one hinge: only when its line tells something (dead, always on, off-view)."""
    if hinge.state == "dead":
        where = "" if hinge.segment is not None else " (its line z" + hinge.node[1] + " = 0 is outside the view)"
        return f"{hinge.node} dead: off for every sample{where}"
    if hinge.state == "always on":
        return f"{hinge.node} on for every sample: no bend inside the data"
    if hinge.segment is None:
        return f"z{hinge.node[1]} = 0 lies outside the view"
    return ""


def surface_status_html(state: SurfaceState, y) -> str:
    run = state.run
    head = (f'<b style="color:#c0392b">diverged at epoch {run.diverged_at}</b>; ' if run.diverged else "")
    with np.errstate(over="ignore", invalid="ignore"):
        mse = float(np.mean(state.errors ** 2))
    shares = ", ".join(f"{h.node} on for {h.on_fraction:.0%} of the samples" for h in state.hinges)
    units = " (original units)" if state.scaled else ""
    return (f"<div>{head}epoch <b>{state.epoch}</b> of {run.epochs_run}: mean squared error "
            f"<b>{format_number(mse)}</b>{units}; {html.escape(shares)}</div>"
            f"<div style='color:#555'>colours: the surface out(x1, x2) light (low) to dark (high); samples red where "
            f"the prediction is too high, blue where too low; orange line z1 = 0, purple dashed z2 = 0, "
            f"arrows to the side where the node is on</div>")


SURFACE_CONTROLS = ("start", "lr", "epochs", "mode", "output", "scaled")
SURFACE_RESOLUTION = Whole(2, 401)
"""Grid points per side of the surface (41 live, 81 static): 401 x 401 is about a second of NumPy and 1.3 MB sent."""


PLANE = 1e6
"""Largest |input| of the data whose plane the surface is drawn over (core.checks.INPUT_RANGE's bound)."""


def check_plane(X):
    """Inputs within +-PLANE: the surface is drawn over the box the data spans."""
    largest = float(np.abs(X).max())
    if largest > PLANE:
        where = tuple(int(i) for i in np.unravel_index(np.argmax(np.abs(X)), X.shape))
        raise ValueError(f"X holds {X[where]:g} at index {where}; allowed: inputs with |value| <= {PLANE:g} (the "
                         "plane the surface is drawn over; scale the data)")


def surface_panel(X, y, start="lecture 2", lr=4e-4, epochs=1000, mode="online", output="linear", scaled=False,
                  presets=None, controls=("start", "lr", "epochs"), sliders=False, limit=10.0, resolution=41,
                  max_epochs=5000):
    """out(x1, x2) with its hinge lines over the data, retrained on every change; an epoch scrubber (04, 06, 08).

    start: a preset name (nnmath.init.PRESETS) or a Params. controls: which of start, lr, epochs, mode,
    output, scaled get a widget. sliders=True adds a slider per starting parameter (within +-limit) and a
    preset menu, as start_panel (06). The "epoch" slider shows the surface after any epoch of the run.
    """
    X, y = check_data(X, y)
    raw_limit = limit
    max_epochs, sliders, limit = validate(max_epochs=max_epochs, sliders=sliders, limit=limit)
    check_plane(X)
    controls = check_controls(controls, SURFACE_CONTROLS)
    start, presets = check_start(start, check_presets(presets), raw_limit if sliders else None)
    resolution = check("resolution", resolution, SURFACE_RESOLUTION)
    lr, epochs, mode, output, scaled = check_values(
        {"lr": log_slider_rule(*LR_EXPONENTS), "epochs": slider_rule(0, max_epochs, "epochs", whole=True),
         "mode": MODE_RULE, "output": OUTPUT_RULE, "scaled": FLAG_RULE},
        lr=lr, epochs=epochs, mode=mode, output=output, scaled=scaled).values()
    makers = {
        "start": lambda: start_dropdown(start, presets),
        "lr": lambda: lr_slider(lr),
        "epochs": lambda: epochs_slider(epochs, maximum=max_epochs),
        "mode": lambda: mode_toggle(mode),
        "output": lambda: output_toggle(output),
        "scaled": lambda: scaling_toggle(scaled),
    }
    fixed = dict(start=start, lr=lr, epochs=epochs, mode=mode, output=output, scaled=scaled)
    widgets_ = {"epoch": widgets.IntSlider(value=int(epochs), min=0, max=int(epochs), step=1, description="show epoch",
                                           style=STYLE, continuous_update=True)}
    widgets_.update({name: makers[name]() for name in controls if not (sliders and name == "start")})
    extra = ()
    if sliders:
        widgets_.update(param_sliders(presets[start], limit=limit, step=0.01))
    view = SurfaceView(X)
    cache = {}
    ends = {"epochs": int(epochs)}   # the scrubber follows the end of the run while it sits there

    def compute(epoch, **values):
        v = {**fixed, **values}
        first = Params(**{n: v[n] for n in NAMES}) if sliders else presets[v["start"]]
        key = (first, v["lr"], v["epochs"], v["mode"], v["output"], v["scaled"])
        if cache.get("key") != key:
            run, data = train_for_surface(X, y, first, v["lr"], v["epochs"], v["mode"], v["output"], v["scaled"])
            box = view_box([first, run.params], X, scaled=data if v["scaled"] else None)
            cache.update(key=key, run=run, data=data, box=box)
        run = cache["run"]
        at_end = epoch >= ends["epochs"]
        shown = run.epochs_run if at_end else min(epoch, run.epochs_run)
        state = surface_at(run, cache["data"], X, y, shown, cache["box"], resolution, v["output"], v["scaled"])
        return state, int(v["epochs"]), at_end

    def draw(computed):
        state, epochs_asked, at_end = computed
        view.show(state)
        scrubber = widgets_["epoch"]
        with holder[0].without_refresh() if holder else contextlib.nullcontext():
            if scrubber.max != epochs_asked:
                scrubber.max = epochs_asked
            if at_end and scrubber.value != epochs_asked:
                scrubber.value = epochs_asked
        ends["epochs"] = epochs_asked
        return surface_status_html(state, y)

    holder = []
    shown = {name: p for name, p in presets.items() if np.all(np.abs(p.to_array()) <= limit)}
    menu = preset_menu(shown)
    panel = LivePanel(widgets_, compute, draw, view.figure, extra=(menu,) if sliders else (), layout_columns=3)
    holder.append(panel)
    panel.view = view
    if sliders:
        wire_presets(panel, menu, shown)
    return panel


def surface_figure(X, y, params: Params, scaled=None, output: str = "linear", resolution: int = 81,
                   title: str | None = None):
    """A static picture of out(x1, x2) with its hinge lines and the samples coloured by error (04, 06, 08).

    params: the network (e.g. a Run's params); scaled: the ScaledData it was trained on, or None.
    Returns a matplotlib Figure (drawn from the live view's marks, so the two always agree).
    """
    from .static import to_matplotlib

    X, y = check_data(X, y)
    check_plane(X)
    check_params(params)
    scaled = check_scaled(scaled)
    if scaled is not None and len(scaled.y) != len(y):
        raise ValueError(f"scaled must be the ScaledData of these X and y ({len(y)} rows), got one of "
                         f"{len(scaled.y)} rows")
    output = validate(output=output)
    title = OrNone(TITLE, "out(x1, x2)")("title", title)
    resolution = check("resolution", resolution, SURFACE_RESOLUTION)
    box = view_box([params], X, scaled=scaled)
    data = scaled if scaled is not None else scale_dataset(X, y, None)
    run = Run.from_trajectory(params, [params.to_array()], [], None, 1.0)
    state = surface_at(run, data, X, y, 0, box, check("resolution", resolution, SURFACE_RESOLUTION), output,
                       scaled is not None)
    view = SurfaceView(X)
    view.show(state)
    view.surface.title = title if title is not None else "out(x1, x2)"
    return to_matplotlib(view.surface)


__all__ = ["surface_panel", "surface_figure", "SurfaceView", "SurfaceState", "surface_at", "train_for_surface",
           "hinge_note"]
