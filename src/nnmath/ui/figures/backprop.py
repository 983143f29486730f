"""The figures of 03_backprop, and its one-step panel (the nine gradients and one update, live).

`dead_output_slopes` takes numbers the notebook computed and printed and returns a matplotlib Figure.
`one_step_panel` is the live panel of the section "The backward pass on the diagram": until the
backward-pass diagram view exists, it shows the same numbers as bars and a table.
"""
from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ...core.checks import NAMES
from ...core.init import LECTURE_START
from ...core.params import Params
from ...core.reference import forward, sample_gradients, sgd_step
from ..panel import LivePanel, live_figure, lr_slider, output_toggle
from ..plots import params_table_html


def dead_output_slopes(b3_values, loss_relu, loss_linear, here, loss_here, true_slope, buggy_slope,
                       kink=None) -> Figure:
    """The loss over b3 alone with a ReLU output (flat where z3 <= 0) and with a linear output, and two slopes
    drawn at b3 = here: the true one and the one code without relu'(z3) reports (03_backprop).

    kink: the b3 where z3 = 0, drawn as a thin vertical line.
    """
    figure = Figure(figsize=(7, 4))
    ax = figure.subplots()
    ax.plot(b3_values, loss_relu, color="C0", lw=2, label="loss, ReLU output")
    ax.plot(b3_values, loss_linear, color="grey", ls=":", label="loss, linear output")
    span = np.array([here - 0.8, here + 0.8])
    ax.plot(span, loss_here + true_slope * (span - here), color="C2", lw=2, label=f"true slope {true_slope + 0.0:g}")
    ax.plot(span, loss_here + buggy_slope * (span - here), color="C3", lw=2, ls="--",
            label=f"slope without relu'(z3): {buggy_slope:g}")
    ax.plot([here], [loss_here], "ko")
    if kink is not None:
        ax.axvline(kink, color="black", lw=0.6)
        ax.annotate("z3 = 0", (kink, 12), xytext=(4, 0), textcoords="offset points", fontsize=9)
    ax.set_xlabel("b3 (all other parameters at the lecture start)")
    ax.set_ylabel("loss (out - y)² at x = (1, 0), y = 2")
    ax.set_ylim(-0.5, 14)
    ax.set_title("A dead ReLU output: the loss is flat, the true gradient is 0")
    ax.legend(fontsize=8, loc="upper right")
    figure.tight_layout()
    return figure


def one_step_panel(start: Params = LECTURE_START, lr=0.01, x1=1.0, x2=0.0, y=2.0, output="linear",
                   lr_range=(0.001, 100)) -> LivePanel:
    """Live: the nine gradients of one sample and one gradient step, for any lr, sample, target, starting b3 and
    output (03_backprop). Left: dL/dparam as bars; right: each parameter before (grey) and after (orange);
    below: the table of old and new values. lr_range: the lr slider's ends (a log scale, powers of 10).
    """
    import ipywidgets as widgets

    figure, (grad_ax, step_ax) = live_figure(9.5, 3.2, ncols=2)
    positions = np.arange(9)
    grad_bars = grad_ax.bar(positions, np.zeros(9), color="#2c7fb8")
    old_bars = step_ax.bar(positions - 0.2, start.to_array(), width=0.4, color="#bbbbbb", label="before")
    new_bars = step_ax.bar(positions + 0.2, start.to_array(), width=0.4, color="#e6550d", label="after one step")
    for ax, title in [(grad_ax, "gradient dL/dparam"), (step_ax, "parameters")]:
        ax.set_xticks(positions, NAMES)
        ax.axhline(0, color="black", lw=0.8)
        ax.set_title(title)
    step_ax.legend(fontsize=8, loc="lower left")

    def compute(lr, x1, x2, y, b3, output):
        begin = start.replace(b3=b3)
        return (begin, sample_gradients(begin, x1, x2, y, output), sgd_step(begin, [[x1, x2]], [y], lr, output),
                forward(begin, x1, x2, output), y)

    def draw(result):
        begin, grads, new, f, target = result
        for bar, value in zip(grad_bars, grads.to_array()):
            bar.set_height(value)
        for bars, params in [(old_bars, begin), (new_bars, new)]:
            for bar, value in zip(bars, params.to_array()):
                bar.set_height(value)
        limit = max(1.0, np.abs(grads.to_array()).max()) * 1.1
        grad_ax.set_ylim(-limit, limit)
        both = np.r_[begin.to_array(), new.to_array()]
        step_ax.set_ylim(min(both.min(), 0) - 0.2, max(both.max(), 0) + 0.2)
        return (f"z3 = {f.z3:.4g}, prediction {f.out:.4g}, dL/dout = 2(out - y) = {2 * (f.out - target):.4g}"
                + params_table_html(begin, new))

    controls = {
        "lr": lr_slider(lr, min_exp=round(float(np.log10(lr_range[0]))), max_exp=round(float(np.log10(lr_range[1])))),
        "x1": widgets.FloatSlider(value=x1, min=-3, max=3, step=0.1, description="x1"),
        "x2": widgets.FloatSlider(value=x2, min=-3, max=3, step=0.1, description="x2"),
        "y": widgets.FloatSlider(value=y, min=-5, max=5, step=0.1, description="y"),
        "b3": widgets.FloatSlider(value=start.b3, min=-5, max=5, step=0.1, description="b3 (start)"),
        "output": output_toggle(output),
    }
    return LivePanel(controls, compute, draw, figure)


__all__ = ["dead_output_slopes", "one_step_panel"]
