"""The static figure of 03_backprop (its live panels, the backward-pass diagram and the one-step panel, are in
`nnmath.ui.backward_panel` and `nnmath.ui.small_panels`).

`dead_output_slopes` takes numbers the notebook computed and printed and returns a matplotlib Figure.
"""
from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ...core.checks import MAX_MAGNITUDE, OrNone, Real, check, curve
from ..plots import same_length

NUMBER = Real(low=-MAX_MAGNITUDE, high=MAX_MAGNITUDE)


def dead_output_slopes(b3_values, loss_relu, loss_linear, here, loss_here, true_slope, buggy_slope,
                       kink=None) -> Figure:
    """The loss over b3 alone with a ReLU output (flat where z3 <= 0) and with a linear output, and two slopes
    drawn at b3 = here: the true one and the one code without relu'(z3) reports (03_backprop).

    kink: the b3 where z3 = 0, drawn as a thin vertical line.
    """
    b3_values = curve("b3_values", b3_values, finite=True, min_rows=2)
    loss_relu, loss_linear = (same_length(name, curve(name, value, finite=True), "b3_values", len(b3_values))
                              for name, value in (("loss_relu", loss_relu), ("loss_linear", loss_linear)))
    here, loss_here, true_slope, buggy_slope = (check(name, value, NUMBER) for name, value in (
        ("here", here), ("loss_here", loss_here), ("true_slope", true_slope), ("buggy_slope", buggy_slope)))
    kink = OrNone(NUMBER, "no kink drawn")("kink", kink)
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


__all__ = ["dead_output_slopes"]
