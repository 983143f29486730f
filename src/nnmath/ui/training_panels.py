"""The course's training panels (04-08) and the forward-pass panel (01): controls, figure, status.

Each is a `LivePanel`: the controls feed a computation in `nnmath.fast` (`train_scaled`),
and the bqplot figure (`bq.LossView`, `bq.FitView`, `network_view.NetworkView`) is
updated in place.
"""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import ipywidgets as widgets

from ..core import init
from ..core.checks import MAX_MAGNITUDE, NAMES, Real, check, check_data, validate
from ..core.data import noise_variance, quadratic_data, random_target_data
from ..core.params import Params, check_params
from ..core.reference import forward
from .diagram import EDGES

EDGE_NAMES = tuple(EDGES)
from ..fast.scaled import TrainingResult, train_scaled
from .bq import FitView, LossView, row
from .network_view import NetworkView
from .panel import (FLAG_RULE, LR_EXPONENTS, MODE_RULE, OUTPUT_RULE, STYLE, LivePanel, check_controls, check_presets,
                    check_start, check_values, check_within, choice_rule, epochs_slider, log_slider_rule, lr_slider,
                    mode_toggle, output_toggle, param_sliders, preset_menu, scaling_toggle, slider_rule, start_dropdown,
                    wire_presets)
from .plots import format_number, params_table_html
from .style import FLOOR

TRAINING_CONTROLS = ("lr", "epochs", "start", "mode", "output", "scaled")


# ----------------------------------------------------------------------------------
# The course's training panel
# ----------------------------------------------------------------------------------

def training_status_html(result: TrainingResult) -> str:
    """Final loss (or where it diverged), dead hidden nodes, and the parameters before and after."""
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
    floor: draw the loss floor (e.g. the noise variance) as a dashed line.
    """
    X, y = check_data(X, y)
    max_epochs = validate(max_epochs=max_epochs)
    controls = check_controls(controls, TRAINING_CONTROLS)
    start, presets = check_start(start, check_presets(presets))
    lr, epochs, mode, output, scaled = check_values(
        {"lr": log_slider_rule(*LR_EXPONENTS), "epochs": slider_rule(0, max_epochs, "epochs", whole=True),
         "mode": MODE_RULE, "output": OUTPUT_RULE, "scaled": FLAG_RULE},
        lr=lr, epochs=epochs, mode=mode, output=output, scaled=scaled).values()
    floor = FLOOR("floor", floor)
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

    view = TrainingView(y, floor)

    def compute(**values):
        v = {**fixed, **values}
        return train_scaled(X, y, presets[v["start"]], v["lr"], v["epochs"], v["mode"], v["output"], v["scaled"])

    return _with_view(LivePanel(widgets_, compute, view.draw, view.figure), view)


class TrainingView:
    """What every training panel shows: the loss per epoch (log scale) beside prediction against target."""

    def __init__(self, y, floor=None):
        self.loss = LossView(floor=floor)
        self.fit = FitView(y)
        self.figure = row(self.loss.figure, self.fit.figure)

    def draw(self, result: TrainingResult) -> str:
        self.loss.update(result.run.losses, result.run.diverged_at)
        self.fit.update(result.predictions)
        return training_status_html(result)


def training_view(y, floor=None):
    """The figure every training panel shows (loss curve, fit) and the draw function that updates it."""
    view = TrainingView(y, floor)
    return view.figure, view.draw


def _with_view(panel: LivePanel, view) -> LivePanel:
    panel.view = view
    return panel


def start_panel(X, y, start="lecture 2", lr=4e-4, epochs=1000, limit=10.0, presets=None, floor=None):
    """A slider per starting parameter plus a preset menu; retrains from the chosen start (06_initialisation).

    Presets with any value outside +-limit (biases 100, weights in millions) are left out
    of the menu, since a slider cannot show them; the notebook trains those in cells.
    The menu shows "(sliders)" again once a slider moves, so any preset can be re-chosen.
    """
    X, y = check_data(X, y)
    raw_limit, limit = limit, validate(limit=limit)
    every = check_presets(presets)
    name, known = check_start(start, every, raw_limit)
    start = known[name]
    lr, epochs = check_values({"lr": log_slider_rule(*LR_EXPONENTS), "epochs": slider_rule(0, 5000, "epochs", whole=True)},
                              lr=lr, epochs=epochs).values()
    floor = FLOOR("floor", floor)
    presets = {name: p for name, p in every.items() if np.all(np.abs(p.to_array()) <= limit)}
    controls = param_sliders(start, limit=limit, step=0.01)
    controls["lr"] = lr_slider(lr)
    controls["epochs"] = epochs_slider(epochs)
    menu = preset_menu(presets)
    view = TrainingView(y, floor)

    def compute(lr, epochs, **values):
        return train_scaled(X, y, Params(**values), lr, epochs)

    panel = _with_view(LivePanel(controls, compute, view.draw, view.figure, extra=(menu,), layout_columns=3), view)
    wire_presets(panel, menu, presets)
    return panel


# ----------------------------------------------------------------------------------
# The forward-pass panel (01_forward_pass)
# ----------------------------------------------------------------------------------

def forward_panel(params: Params | None = None, x1=1.0, x2=0.0, y=2.0, output="linear", limit=5.0):
    """Eleven sliders (nine parameters and two inputs) and the network diagram, recomputed live."""
    raw_limit, limit = limit, validate(limit=limit)
    params = check_within("params", check_params(init.LECTURE_START if params is None else params), raw_limit)
    x1, x2 = check_values({"x1": slider_rule(-limit, limit, "x1"), "x2": slider_rule(-limit, limit, "x2")},
                          x1=x1, x2=x2).values()
    y = check("y", y, Real(low=-MAX_MAGNITUDE, high=MAX_MAGNITUDE))
    output = validate(output=output)
    controls = param_sliders(params, limit=limit)
    controls["x1"] = widgets.FloatSlider(value=x1, min=-limit, max=limit, step=0.1, description="x1", style=STYLE)
    controls["x2"] = widgets.FloatSlider(value=x2, min=-limit, max=limit, step=0.1, description="x2", style=STYLE)
    diagram = NetworkView()

    def compute(x1, x2, **values):
        p = Params(**values)
        return p, x1, x2, forward(p, x1, x2, output)

    def draw(result):
        p, x1, x2, f = result
        show_forward(diagram, p, x1, x2, f, output)
        error = f.out - y
        return (f"prediction <b>{format_number(f.out)}</b>, target {format_number(y)}, "
                f"loss (out - y)² = <b>{format_number(error * error)}</b>")

    diagram.figure.add_class("nnmath-panel-figure")
    return _with_view(LivePanel(controls, compute, draw, diagram.figure, layout_columns=3), diagram)


def _short(value: float) -> str:
    return f"{value + 0.0:.3g}"


def show_forward(diagram: NetworkView, p: Params, x1, x2, f, output="linear"):
    """The forward pass on the diagram: every node's value, every edge's weight (01_forward_pass)."""
    diagram.set_nodes(
        {"x1": ["x1", _short(x1)], "x2": ["x2", _short(x2)],
         "h1": [f"h1 = {_short(f.h1)}", f"z1 = {_short(f.z1)}", f"b1 = {_short(p.b1)}"],
         "h2": [f"h2 = {_short(f.h2)}", f"z2 = {_short(f.z2)}", f"b2 = {_short(p.b2)}"],
         "out": [f"out = {_short(f.out)}", f"b3 = {_short(p.b3)}"]},
        on={"h1": f.z1 > 0, "h2": f.z2 > 0, "out": output == "linear" or f.z3 > 0})
    diagram.set_edges({name: getattr(p, name) for name in EDGE_NAMES},
                      {name: [f"{name} = {_short(getattr(p, name))}"] for name in EDGE_NAMES})


# ----------------------------------------------------------------------------------
# Data panel: size, noise and target (07_random_target, 08_data)
# ----------------------------------------------------------------------------------

DATA_PANEL_RULES = {"target": choice_rule(("random", "quadratic"), "target"),
                    "n": slider_rule(10, 3000, "samples", whole=True), "noise": slider_rule(0, 200, "noise 0..", whole=True),
                    "lr": log_slider_rule(-6, -1), "epochs": slider_rule(0, 3000, "epochs", whole=True),
                    "scaled": FLAG_RULE}
"""What data_panel's controls can show (its arguments are checked with these before any widget is made)."""


def data_panel(target="random", n=300, noise=99, lr=1e-4, epochs=1000, start=None, seed=0, scaled=False):
    """Regenerate the data from sliders (size, noise level, target kind) and retrain on every change.

    target "random": y a whole number from 0..noise, no pattern (floor: its variance);
    target "quadratic": y = x1**2 + x2 + a whole number from 0..noise (floor: the noise variance).
    """
    start = check_params(init.LECTURE_START if start is None else start, "start")
    seed = validate(seed=seed)
    target, n, noise, lr, epochs, scaled = check_values(DATA_PANEL_RULES, target=target, n=n, noise=noise, lr=lr,
                                                        epochs=epochs, scaled=scaled).values()
    controls = {
        "target": widgets.ToggleButtons(options=["random", "quadratic"], value=target, description="target",
                                        style={"button_width": "90px"}),
        "n": widgets.IntSlider(value=n, min=10, max=3000, step=10, description="samples", style=STYLE),
        "noise": widgets.IntSlider(value=noise, min=0, max=200, step=1, description="noise 0..", style=STYLE),
        "lr": lr_slider(lr, min_exp=-6, max_exp=-1),
        "epochs": epochs_slider(epochs, maximum=3000),
        "scaled": scaling_toggle(scaled),
    }
    loss_plot = LossView(floor=1.0, floor_label="floor")
    _, first_y = random_target_data(n=20, seed=seed)
    fit_plot = FitView(first_y)
    figure = row(loss_plot.figure, fit_plot.figure)

    def compute(target, n, noise, lr, epochs, scaled):
        if target == "random":
            X, y = random_target_data(n=n, seed=seed, low=0, high=max(noise, 1))
            floor = float(np.var(y))
        else:
            X, y = quadratic_data(n=n, seed=seed, noise_max=noise)
            floor = noise_variance(noise)
        result = train_scaled(X, y, start, lr, epochs, scaled=scaled)
        return result, y, floor

    def draw(computed):
        result, y, floor = computed
        scale = 1.0
        if result.scaled:  # the curve is in scaled units: put the floor there too
            scale = float(np.var(y)) or 1.0
        loss_plot.set_floor(max(floor / scale, 1e-12))
        loss_plot.update(result.run.losses, result.run.diverged_at)
        fit_plot.set_targets([y])
        fit_plot.update(result.predictions)
        with np.errstate(over="ignore", invalid="ignore"):  # a diverged run's predictions may be huge
            spread = float(np.std(result.predictions))
            mean = float(np.mean(result.predictions))
        return (training_status_html(result) +
                f"<div>mean prediction {format_number(mean)} "
                f"(mean of y {format_number(float(np.mean(y)))}), spread of predictions "
                f"{format_number(spread)}; floor {format_number(floor)}</div>")

    view = SimpleNamespace(loss=loss_plot, fit=fit_plot, figure=figure)
    return _with_view(LivePanel(controls, compute, draw, figure), view)
