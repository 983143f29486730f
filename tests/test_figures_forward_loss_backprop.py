"""The figures and panels of 01-03 (nnmath.ui.figures.forward, .loss, .backprop): each draws what it is given.

Expected numbers are worked out by hand (the lecture start w = (1, 0.5, 1, -0.5, 1, 1), b = (0.5, 0, 0.5),
the lecture sample x = (1, 0), y = 2: out = 2.5, dloss/dout = 1).
"""
import matplotlib
import numpy as np
from matplotlib.figure import Figure

import nnmath
from nnmath.core.init import LECTURE_START
from nnmath.ui.figures import backprop, forward, loss

matplotlib.use("agg")


def labelled(figure):
    return all(ax.get_xlabel() and ax.get_ylabel() for ax in figure.axes if ax.get_label() != "<colorbar>")


def test_forward_figures():
    fig = forward.first_loss_against_end(["a", "b", "c"], [0.0, 0.16, 8.0], [3.86, 3.85, 1.74], highlight=("a",))
    assert isinstance(fig, Figure) and labelled(fig) and fig.axes[0].get_xscale() == "log"
    fig = forward.small_change([-1.15, -1.14], [1.74, 3.86], "b2", (-1.15, -1.14), [[1.25, -0.1], [1.26, 0.01]])
    assert isinstance(fig, Figure) and labelled(fig) and len(fig.axes) == 2


def test_loss_figures_and_the_white_path():
    assert labelled(loss.error_costs())
    values = np.linspace(-1, 1, 5)
    curves = {("s", "b3"): values ** 2}
    assert labelled(loss.loss_over_one_parameter(values, curves, LECTURE_START, {("s", "b3"): 0.25}))
    X, y = nnmath.data.lecture_data()
    fig, path = loss.landscape_with_lowest_point(LECTURE_START, X, y, "w5", "b3", lr=0.01, steps=10,
                                                 p_range=(0, 3.5), q_range=(-9, 3), lowest=(2.66, -6.24))
    line = next(line for line in fig.axes[0].lines if line.get_label() == "descent path")
    assert line.get_color() == "white" and len(path.points) == 11
    assert line.get_markevery() == [0, 1, 2, 3]  # steps 0-3 and every 50th (none more within 10 steps)


def test_constant_panel_shows_the_mean_and_the_variance():
    panel = loss.constant_prediction_panel([1.0, 2.0, 6.0], c=3.0)
    c, value, slope = panel.result
    assert (c, slope) == (3.0, 0.0) and abs(value - 14 / 3) < 1e-12  # mean 3, variance 14/3
    panel.close()


def test_dead_output_figure():
    fig = backprop.dead_output_slopes(np.linspace(-5, 1, 7), np.ones(7), np.ones(7), -3.0, 4.0, 0.0, -4.0, kink=-2.0)
    assert labelled(fig)


def test_one_step_panel_shows_the_reference_step():
    panel = backprop.one_step_panel(LECTURE_START, lr_range=(0.001, 100))
    assert panel.controls["lr"].min == -3 and panel.controls["lr"].max == 2
    start, grads, new, f, y = panel.result
    assert grads == nnmath.sample_gradients(LECTURE_START, 1.0, 0.0, 2.0)  # w5 1.5, w6 0.5, w3 = w4 = 0, others 1
    assert new.w5 == 1 - 0.01 * 1.5 and new.w3 == 1.0
    panel.set(y=2.5)  # y = out: every gradient 0
    assert not np.any(panel.result[1].to_array())
    panel.close()
