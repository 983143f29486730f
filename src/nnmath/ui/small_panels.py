"""Two small live panels, in bqplot: the best constant (02_loss) and one gradient step (03_backprop).

They replaced matplotlib (ipympl) versions that re-rendered the whole figure with Agg on every move
(30-50 ms of kernel CPU); these draw in the browser from data, as every other panel, so a move costs
a few milliseconds.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import bqplot as bq
import ipywidgets as widgets
import numpy as np

from ..core.checks import NAMES, Interval, check, real_array, refuse, validate
from ..core.init import LECTURE_START
from ..core.params import Params, check_params
from ..core.reference import forward, sample_gradients, sgd_step
from .bq import figure, fraction_scales, key, nice_ticks, row, set_range
from .panel import OUTPUT_RULE, LivePanel, check_values, log_slider_rule, lr_slider, output_toggle, slider_rule
from .plots import params_table_html
from .style import GREY, POINT_COLOR

TANGENT = "#d62728"
BEFORE, AFTER = "#bbbbbb", "#e6550d"


def constant_prediction_panel(y, c: float = 5.0, c_range=(0.0, 25.0)) -> LivePanel:
    """Live: the MSE of a constant prediction c on targets y, and its slope 2 (c - mean(y)) at c (02_loss).

    The curve is drawn once; moving c moves the dot and the tangent.
    """
    y = real_array("y", y, 1, magnitude=1e6)
    c_range = validate(c_range=c_range)
    c = slider_rule(*c_range, "c")("c", c)
    mean_y, var_y = float(y.mean()), float(y.var())
    grid = np.linspace(*c_range, 251)
    curve = (grid - mean_y) ** 2 + var_y     # mean((c - y)**2) = (c - mean)**2 + Var(y), without an (n, 251) table
    sx = bq.LinearScale(min=float(c_range[0]), max=float(c_range[1]), allow_padding=False)
    low, high = 0.0, float(curve.max()) * 1.05
    sy = bq.LinearScale(min=low, max=high, allow_padding=False)
    fx, _ = fraction_scales()
    line = bq.Lines(x=grid, y=curve, scales={"x": sx, "y": sy}, colors=[POINT_COLOR], stroke_width=2)
    floor = bq.Lines(x=[0.0, 1.0], y=[var_y, var_y], scales={"x": fx, "y": sy}, colors=[GREY], line_style="dashed",
                     stroke_width=1)
    floor_text = bq.Label(x=[0.99], y=[var_y], scales={"x": fx, "y": sy}, text=[f"Var(y) = {var_y:.2f}"],
                          colors=[GREY], align="end", default_size=11, font_weight="normal", y_offset=-8)
    tangent = bq.Lines(x=[0.0, 0.0], y=[0.0, 0.0], scales={"x": sx, "y": sy}, colors=[TANGENT], stroke_width=1.8)
    dot = bq.Scatter(x=[float(c)], y=[0.0], scales={"x": sx, "y": sy}, colors=[TANGENT], default_size=90)
    axes = [bq.Axis(scale=sx, label="constant prediction c", grid_lines="none", label_offset="32px", tick_format="~g",
                    tick_values=np.array(nice_ticks(*c_range))),
            bq.Axis(scale=sy, side="left", label="MSE of the constant", grid_lines="none", label_offset="48px",
                    tick_format="~g", tick_values=np.array(nice_ticks(low, high)))]
    view = figure([line, floor, floor_text, tangent, dot], axes, "", width=650, height=340)
    box = row(view)

    def compute(c):
        return c, float(np.mean((c - y) ** 2)), 2 * (c - mean_y)

    def draw(result):
        c, value, slope = result
        dot.x, dot.y = np.array([c]), np.array([value])
        tangent.x = np.array([c - 2, c + 2])
        tangent.y = np.array([value - 2 * slope, value + 2 * slope])
        return (f"c = {c:.2f}: loss <b>{value:.3f}</b>, slope 2(c - mean) = {slope:.3f} "
                f"(the slope is 0 at c = mean = {mean_y:.2f}, where the loss is Var(y) = {var_y:.3f})")

    slider = widgets.FloatSlider(value=c, min=c_range[0], max=c_range[1], step=0.1, description="c")
    panel = LivePanel({"c": slider}, compute, draw, box)
    panel.view = view
    return panel


class OneStepView:
    """The nine gradients as bars, and each parameter before (grey) and after one step (orange)."""

    def __init__(self, start: Params):
        names = list(NAMES)
        gx, px = bq.OrdinalScale(domain=names), bq.OrdinalScale(domain=names)
        self.gy = bq.LinearScale(min=-1.0, max=1.0, allow_padding=False)
        self.py = bq.LinearScale(min=-1.0, max=1.0, allow_padding=False)
        fx, _ = fraction_scales()
        self.gradients = bq.Bars(x=names, y=np.zeros(9), scales={"x": gx, "y": self.gy}, colors=[POINT_COLOR],
                                 padding=0.2, base=0.0, enable_hover=False)
        self.params = bq.Bars(x=names, y=np.vstack([start.to_array(), start.to_array()]), scales={"x": px, "y": self.py},
                              type="grouped", colors=[BEFORE, AFTER], padding=0.2, base=0.0, enable_hover=False)
        zero_g = bq.Lines(x=[0.0, 1.0], y=[0.0, 0.0], scales={"x": fx, "y": self.gy}, colors=["black"],
                          stroke_width=0.8)
        fx2, _ = fraction_scales()
        zero_p = bq.Lines(x=[0.0, 1.0], y=[0.0, 0.0], scales={"x": fx2, "y": self.py}, colors=["black"],
                          stroke_width=0.8)
        self.g_axis = bq.Axis(scale=self.gy, side="left", grid_lines="none", tick_format="~g")
        self.p_axis = bq.Axis(scale=self.py, side="left", grid_lines="none", tick_format="~g")
        left = figure([self.gradients, zero_g], [bq.Axis(scale=gx, grid_lines="none"), self.g_axis],
                      "gradient dL/dparam")
        right = figure([self.params, zero_p, key([("before", "#888888"), ("after one step", AFTER)], y=0.1,
                                                 step=0.07)],
                       [bq.Axis(scale=px, grid_lines="none"), self.p_axis], "parameters")
        self.figure = row(left, right)

    def show(self, begin: Params, grads: Params, new: Params):
        g = grads.to_array()
        self.gradients.y = g
        limit = max(1.0, float(np.abs(g).max())) * 1.1
        set_range(self.gy, self.g_axis, -limit, limit)
        both = np.vstack([begin.to_array(), new.to_array()])
        self.params.y = both
        set_range(self.py, self.p_axis, min(float(both.min()), 0.0) - 0.2, max(float(both.max()), 0.0) + 0.2)


@dataclass(frozen=True)
class PowersOfTen:
    """A pair (low, high) of powers of ten from 1e-7 to 1e3 with low < high: a log slider's ends."""

    @property
    def allowed(self) -> str:
        return "a pair (low, high) of powers of ten from 1e-07 to 1000 with low < high, such as (0.001, 100)"

    def __call__(self, argument, value):
        try:
            low, high = Interval(magnitude=1e3)(argument, value)
        except ValueError:
            raise refuse(argument, value, self.allowed) from None
        exact = all(v > 0 and math.isclose(10.0 ** round(math.log10(v)), v, rel_tol=1e-9) for v in (low, high))
        if not exact or not 1e-7 <= low or not high <= 1e3:
            raise refuse(argument, value, self.allowed)
        return low, high


LR_RANGE = PowersOfTen()


def one_step_panel(start: Params = LECTURE_START, lr=0.01, x1=1.0, x2=0.0, y=2.0, output="linear",
                   lr_range=(0.001, 100)) -> LivePanel:
    """Live: the nine gradients of one sample and one gradient step, for any lr, sample, target, starting b3 and
    output (03_backprop). Left: dL/dparam as bars; right: each parameter before (grey) and after (orange);
    below: the table of old and new values. lr_range: the lr slider's ends (a log scale, powers of 10).
    The backward-pass diagram (`backward_panel`) shows the same numbers on the network, step by step.
    """
    start = check_params(start, "start")
    low, high = check("lr_range", lr_range, LR_RANGE)
    min_exp, max_exp = round(math.log10(low)), round(math.log10(high))
    lr, x1, x2, y, output = check_values(
        {"lr": log_slider_rule(min_exp, max_exp), "x1": slider_rule(-3, 3, "x1"), "x2": slider_rule(-3, 3, "x2"),
         "y": slider_rule(-5, 5, "y"), "output": OUTPUT_RULE}, lr=lr, x1=x1, x2=x2, y=y, output=output).values()
    slider_rule(-5, 5, "b3 (start)")("start.b3", start.b3)
    view = OneStepView(start)

    def compute(lr, x1, x2, y, b3, output):
        begin = start.replace(b3=b3)
        return (begin, sample_gradients(begin, x1, x2, y, output), sgd_step(begin, [[x1, x2]], [y], lr, output),
                forward(begin, x1, x2, output), y)

    def draw(result):
        begin, grads, new, f, target = result
        view.show(begin, grads, new)
        return (f"z3 = {f.z3:.4g}, prediction {f.out:.4g}, dL/dout = 2(out - y) = {2 * (f.out - target):.4g}"
                + params_table_html(begin, new))

    controls = {
        "lr": lr_slider(lr, min_exp=min_exp, max_exp=max_exp),
        "x1": widgets.FloatSlider(value=x1, min=-3, max=3, step=0.1, description="x1"),
        "x2": widgets.FloatSlider(value=x2, min=-3, max=3, step=0.1, description="x2"),
        "y": widgets.FloatSlider(value=y, min=-5, max=5, step=0.1, description="y"),
        "b3": widgets.FloatSlider(value=start.b3, min=-5, max=5, step=0.1, description="b3 (start)"),
        "output": output_toggle(output),
    }
    panel = LivePanel(controls, compute, draw, view.figure)
    panel.view = view
    return panel


__all__ = ["constant_prediction_panel", "one_step_panel", "OneStepView"]
