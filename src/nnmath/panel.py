"""Live panels: widgets that retrain and redraw in place, shared by every notebook.

A `LivePanel` ties controls to a `compute(**values)` and a `draw(result)`:
- changes coalesce: while a slider is dragged, the handler only notes that work
  is due and schedules one refresh on the kernel's event loop a few ms later;
  messages that arrive meanwhile are absorbed, so the refresh always uses the
  latest values and stale work is dropped, never queued;
- figures are ipympl canvases made once; `draw` updates artists in place;
- an exception in compute or draw is shown in the panel (class
  `nnmath-panel-error`) and the figure keeps its last good state;
- the panel computes and draws once when built, so a notebook executed without
  a browser (nbval, nbconvert) still shows the default run.
Taught first in 04_training_loop; reused by 01 and 05-10.
"""
from __future__ import annotations

import asyncio
import html
import time
import warnings
from dataclasses import dataclass
from typing import Callable

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from . import init
from .analysis import dead_nodes
from .data import scale_dataset
from .params import NAMES, Params
from .plots import FitPlot, LossCurvePlot, format_number, params_table_html
from .reference import predict
from .training import train
from .validate import check_data


# ----------------------------------------------------------------------------------
# Figures
# ----------------------------------------------------------------------------------

def live_figure(width=9.0, height=3.4, ncols=1, nrows=1, **subplot_kw):
    """A matplotlib Figure drawn by an ipympl canvas widget, without touching pyplot's figure list.

    Returns (figure, axes). Static cells keep the inline backend; only panels use this.
    """
    from ipympl.backend_nbagg import Canvas, FigureManager

    # Fixed margins, not constrained layout: re-solving the layout on every redraw
    # would cost more than everything else in an update.
    figure = Figure(figsize=(width, height), dpi=100)
    canvas = Canvas(figure)
    with warnings.catch_warnings():
        # ipympl's own Toolbar trips a traitlets DeprecationWarning; nothing a student can act on.
        warnings.simplefilter("ignore", DeprecationWarning)
        FigureManager(canvas, 0)
    canvas.header_visible = False
    canvas.footer_visible = False
    canvas.toolbar_visible = False
    canvas.resizable = False
    canvas.layout.width = f"{width * 100:.0f}px"
    canvas.layout.height = f"{height * 100:.0f}px"
    axes = figure.subplots(nrows, ncols, squeeze=True, subplot_kw=subplot_kw or None)
    figure.subplots_adjust(left=0.08 / ncols * 1.6, right=0.98, bottom=0.15, top=0.9, wspace=0.3, hspace=0.35)
    return figure, axes


def _running_loop():
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


# ----------------------------------------------------------------------------------
# The panel
# ----------------------------------------------------------------------------------

class LivePanel:
    """Controls -> compute(**values) -> draw(result), refreshed on every change, latest value wins.

    draw updates the figure's artists in place; if it returns a string, that HTML
    becomes the panel's status line.
    """

    def __init__(self, controls: dict, compute: Callable, draw: Callable, figure: Figure | None = None,
                 debounce: float | None = 0.02, layout_columns: int = 3, extra: tuple = ()):
        self.controls = dict(controls)
        self.compute = compute
        self.draw = draw
        self.figure = figure
        self.debounce = debounce
        self.result = None
        self.refreshes = 0
        self.last_update_seconds = None
        self._due = False
        self.error = widgets.HTML(value="")
        self.error.add_class("nnmath-panel-error")
        self.status = widgets.HTML(value="")
        self.status.add_class("nnmath-panel-status")
        grid = widgets.GridBox(list(self.controls.values()),
                               layout=widgets.Layout(grid_template_columns=f"repeat({layout_columns}, auto)"))
        parts = [grid]
        if figure is not None:
            parts.append(figure.canvas)
        parts += [*extra, self.status, self.error]
        self.widget = widgets.VBox(parts)
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.refresh()

    def values(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, _change):
        loop = _running_loop() if self.debounce is not None else None
        if loop is None:
            self.refresh()
            return
        if not self._due:  # one refresh is already scheduled: it will read the newest values
            self._due = True
            loop.call_later(self.debounce, self._scheduled_refresh)

    def _scheduled_refresh(self):
        self._due = False
        self.refresh()

    def refresh(self):
        """Compute with the current values and redraw; any error goes into the panel, not a log."""
        start = time.perf_counter()
        try:
            result = self.compute(**self.values())
            status = self.draw(result)
            if status is not None:
                self.status.value = status
            if self.figure is not None:
                self.figure.canvas.draw()
            self.result = result
            self.error.value = ""
        except Exception as error:  # shown to the student, who can move the slider back
            self.error.value = (f'<div style="color:#c0392b"><b>Could not update:</b> '
                                f"{html.escape(type(error).__name__)}: {html.escape(str(error))}</div>")
        self.refreshes += 1
        self.last_update_seconds = time.perf_counter() - start

    def set(self, **values):
        """Change several controls at once and refresh once (for scripts, tests and benchmarks)."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(f"unknown control(s) {sorted(unknown)}; this panel has {sorted(self.controls)}")
        saved, self.debounce = self.debounce, None
        try:
            with _hold(self.controls.values(), self._on_change):
                for name, value in values.items():
                    self.controls[name].value = value
        finally:
            self.debounce = saved
        self.refresh()

    def _repr_mimebundle_(self, **kwargs):
        """The widget for a live frontend, and a PNG of the current figure for static viewers."""
        bundle = self.widget._repr_mimebundle_(**kwargs) or {}
        bundle = dict(bundle)
        bundle["text/plain"] = "Live panel (move the controls in JupyterLab to retrain)"
        return bundle

    def show(self):
        from IPython.display import display

        display(self)


class _hold:
    """Detach a handler while several controls change, so they trigger one refresh, not many."""

    def __init__(self, controls, handler):
        self.controls, self.handler = list(controls), handler

    def __enter__(self):
        for control in self.controls:
            control.unobserve(self.handler, names="value")

    def __exit__(self, *exc):
        for control in self.controls:
            control.observe(self.handler, names="value")


# ----------------------------------------------------------------------------------
# Controls
# ----------------------------------------------------------------------------------

STYLE = {"description_width": "initial"}


def lr_slider(value=1e-3, min_exp=-7, max_exp=0, description="lr"):
    """Learning rate on a log scale: one notch is a factor of 10**0.1."""
    return widgets.FloatLogSlider(value=value, base=10, min=min_exp, max=max_exp, step=0.1,
                                  description=description, readout_format=".2e", style=STYLE,
                                  continuous_update=True)


def epochs_slider(value=1000, maximum=5000, step=50, description="epochs"):
    return widgets.IntSlider(value=value, min=0, max=maximum, step=step, description=description, style=STYLE)


def param_sliders(params: Params, limit: float = 5.0, step: float = 0.05) -> dict:
    """Nine sliders, w1..b3, starting at `params`."""
    return {name: widgets.FloatSlider(value=getattr(params, name), min=-limit, max=limit, step=step,
                                      description=name, readout_format=".2f", style=STYLE)
            for name in NAMES}


def start_dropdown(value="lecture 2", presets=None, description="start"):
    presets = presets or init.PRESETS
    return widgets.Dropdown(options=list(presets), value=value, description=description, style=STYLE)


def mode_toggle(value="online"):
    return widgets.ToggleButtons(options=["online", "batch", "minibatch"], value=value, description="mode",
                                 style={"button_width": "80px"})


def output_toggle(value="linear"):
    return widgets.ToggleButtons(options=["linear", "relu"], value=value, description="output",
                                 style={"button_width": "70px"})


def scaling_toggle(value=False):
    return widgets.Checkbox(value=value, description="scale data (z-score)", style=STYLE, indent=False)


# ----------------------------------------------------------------------------------
# The course's training panel
# ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class TrainingResult:
    run: object
    predictions: np.ndarray       # in the data's original units
    dead: tuple
    scaled: bool
    mse_original: float           # final loss in original units (mapped back when scaled)


def train_for_panel(X, y, start: Params, lr, epochs, mode="online", output="linear", scaled=False,
                    batch_size=32, shuffle_seed=0):
    """Train as the panel does: optionally on z-scored data, reporting the loss in both units."""
    data = scale_dataset(X, y, "zscore" if scaled else None)
    kwargs = {}
    if mode == "minibatch":
        kwargs = dict(batch_size=min(batch_size, len(data.y)), shuffle_seed=shuffle_seed)
    run = train(start, data.X, data.y, lr, int(epochs), mode=mode, output=output, **kwargs)
    predictions = data.unscale_predictions(predict(run.params, data.X, output))
    mse = float(np.mean((predictions - np.asarray(y)) ** 2)) if np.all(np.isfinite(predictions)) else float("nan")
    return TrainingResult(run, predictions, dead_nodes(run.params, data.X), scaled, mse)


def training_status_html(result: TrainingResult) -> str:
    run = result.run
    if run.diverged:
        head = f'<b style="color:#c0392b">diverged at epoch {run.diverged_at}</b> (showing the last finite epoch)'
    elif run.epochs_run == 0:
        head = "no epochs run yet"
    else:
        units = " (scaled units)" if result.scaled else ""
        head = f"<b>final loss {format_number(run.final_loss)}</b>{units} after {run.epochs_run} epochs"
        if result.scaled:
            head += f"; in original units {format_number(result.mse_original)}"
    dead = ", ".join(result.dead) if result.dead else "none"
    return (f"<div>{head}<br>dead hidden nodes (off for every sample): <b>{dead}</b></div>"
            f"<details><summary>parameters before and after</summary>"
            f"{params_table_html(run.start, run.params)}</details>")


def training_panel(X, y, start="lecture 2", lr=4e-4, epochs=1000, mode="online", output="linear",
                   scaled=False, presets=None, floor=None, controls=("lr", "epochs", "start", "mode", "scaled"),
                   max_epochs=5000):
    """The course's main panel: retrain on every change; loss curve, fit, status (04-08).

    start: a preset name (see nnmath.init.PRESETS) or a Params. `controls` picks which
    of lr, epochs, start, mode, output, scaled get a widget; the rest stay fixed.
    """
    X, y = check_data(X, y)
    presets = dict(presets or init.PRESETS)
    if isinstance(start, Params):
        presets = {"custom": start, **presets}
        start = "custom"
    if start not in presets:
        raise ValueError(f"start must be a Params or one of {sorted(presets)}, got {start!r}")
    allowed = {"lr", "epochs", "start", "mode", "output", "scaled"}
    if not set(controls) <= allowed:
        raise ValueError(f"controls must be chosen from {sorted(allowed)}, got {controls!r}")
    makers = {
        "lr": lambda: lr_slider(lr),
        "epochs": lambda: epochs_slider(epochs, maximum=max_epochs),
        "start": lambda: start_dropdown(start, presets),
        "mode": lambda: mode_toggle(mode),
        "output": lambda: output_toggle(output),
        "scaled": lambda: scaling_toggle(scaled),
    }
    fixed = dict(lr=lr, epochs=epochs, start=start, mode=mode, output=output, scaled=scaled)
    widgets_ = {name: makers[name]() for name in controls}

    figure, draw = training_view(y, floor)

    def compute(**values):
        v = {**fixed, **values}
        return train_for_panel(X, y, presets[v["start"]], v["lr"], v["epochs"], v["mode"], v["output"], v["scaled"])

    return LivePanel(widgets_, compute, draw, figure)


def training_view(y, floor=None):
    """The figure every training panel shows (loss curve, fit) and the draw function that updates it."""
    figure, (loss_ax, fit_ax) = live_figure(9.5, 3.4, ncols=2)
    loss_plot = LossCurvePlot(loss_ax, floor=floor)
    fit_plot = FitPlot(fit_ax, y)

    def draw(result: TrainingResult):
        loss_plot.update(result.run.losses, result.run.diverged_at)
        fit_plot.update(result.predictions)
        return training_status_html(result)

    return figure, draw


def start_panel(X, y, start="lecture 2", lr=4e-4, epochs=1000, limit=10.0, presets=None, floor=None):
    """A slider per starting parameter plus a preset menu; retrains from the chosen start (06_initialisation).

    Presets with any value outside +-limit (biases 100, weights in millions) are left out
    of the menu, since a slider cannot show them; the notebook trains those in cells.
    """
    X, y = check_data(X, y)
    presets = {name: p for name, p in (presets or init.PRESETS).items() if np.all(np.abs(p.to_array()) <= limit)}
    if isinstance(start, str):
        if start not in presets:
            raise ValueError(f"start must be a Params or one of {sorted(presets)}, got {start!r}")
        start = presets[start]
    controls = param_sliders(start, limit=limit, step=0.01)
    controls["lr"] = lr_slider(lr)
    controls["epochs"] = epochs_slider(epochs)
    menu = widgets.Dropdown(options=["(sliders)"] + list(presets), value="(sliders)", description="preset",
                            style=STYLE)
    figure, draw = training_view(y, floor)

    def compute(lr, epochs, **values):
        return train_for_panel(X, y, Params(**values), lr, epochs)

    panel = LivePanel(controls, compute, draw, figure, extra=(menu,), layout_columns=4)

    def choose(change):
        if change["new"] in presets:
            panel.set(**presets[change["new"]].as_dict())

    menu.observe(choose, names="value")
    return panel


# ----------------------------------------------------------------------------------
# The forward-pass panel (01_forward_pass)
# ----------------------------------------------------------------------------------

def forward_panel(params: Params | None = None, x1=1.0, x2=0.0, y=2.0, output="linear", limit=5.0):
    """Eleven sliders (nine parameters and two inputs) and the network diagram, recomputed live."""
    from .diagram import NetworkDiagram
    from .reference import forward

    params = init.LECTURE_START if params is None else params
    controls = param_sliders(params, limit=limit)
    controls["x1"] = widgets.FloatSlider(value=x1, min=-limit, max=limit, step=0.1, description="x1", style=STYLE)
    controls["x2"] = widgets.FloatSlider(value=x2, min=-limit, max=limit, step=0.1, description="x2", style=STYLE)
    figure, ax = live_figure(6.4, 3.6)
    figure.subplots_adjust(left=0, right=1, bottom=0, top=1)
    diagram = NetworkDiagram(ax)

    def compute(x1, x2, **values):
        p = Params(**values)
        return p, x1, x2, forward(p, x1, x2, output)

    def draw(result):
        p, x1, x2, f = result
        diagram.update(p, x1, x2, output)
        error = f.out - y
        return (f"prediction <b>{format_number(f.out)}</b>, target {format_number(y)}, "
                f"loss (out - y)² = <b>{format_number(error * error)}</b>")

    return LivePanel(controls, compute, draw, figure, layout_columns=4)


# ----------------------------------------------------------------------------------
# Data panel: size, noise and target (07_random_target, 08_data)
# ----------------------------------------------------------------------------------

def data_panel(target="random", n=300, noise=99, lr=1e-4, epochs=1000, start=None, seed=0, scaled=False):
    """Regenerate the data from sliders (size, noise level, target kind) and retrain on every change.

    target "random": y a whole number from 0..noise, no pattern (floor: its variance);
    target "quadratic": y = x1**2 + x2 + a whole number from 0..noise (floor: the noise variance).
    """
    from .data import noise_variance, quadratic_data, random_target_data

    start = init.LECTURE_START if start is None else start
    controls = {
        "target": widgets.ToggleButtons(options=["random", "quadratic"], value=target, description="target",
                                        style={"button_width": "90px"}),
        "n": widgets.IntSlider(value=n, min=10, max=3000, step=10, description="samples", style=STYLE),
        "noise": widgets.IntSlider(value=noise, min=0, max=200, step=1, description="noise 0..", style=STYLE),
        "lr": lr_slider(lr, min_exp=-6, max_exp=-1),
        "epochs": epochs_slider(epochs, maximum=3000),
        "scaled": scaling_toggle(scaled),
    }
    figure, (loss_ax, fit_ax) = live_figure(9.5, 3.4, ncols=2)
    loss_plot = LossCurvePlot(loss_ax, floor=1.0, floor_label="floor")
    first_X, first_y = random_target_data(n=20, seed=seed)
    fit_plot = FitPlot(fit_ax, first_y)

    def compute(target, n, noise, lr, epochs, scaled):
        if target == "random":
            X, y = random_target_data(n=n, seed=seed, low=0, high=max(noise, 1))
            floor = float(np.var(y))
        else:
            X, y = quadratic_data(n=n, seed=seed, noise_max=noise)
            floor = noise_variance(noise)
        result = train_for_panel(X, y, start, lr, epochs, scaled=scaled)
        return result, y, floor

    def draw(computed):
        result, y, floor = computed
        scale = 1.0
        if result.scaled:  # the curve is in scaled units: put the floor there too
            scale = float(np.var(y)) or 1.0
        loss_plot.set_floor(max(floor / scale, 1e-12))
        loss_plot.update(result.run.losses, result.run.diverged_at)
        fit_plot.set_targets(y)
        fit_plot.update(result.predictions)
        spread = float(np.std(result.predictions)) if np.all(np.isfinite(result.predictions)) else float("nan")
        return (training_status_html(result) +
                f"<div>mean prediction {format_number(float(np.mean(result.predictions)))} "
                f"(mean of y {format_number(float(np.mean(y)))}), spread of predictions "
                f"{format_number(spread)}; floor {format_number(floor)}</div>")

    return LivePanel(controls, compute, draw, figure)
