"""The static figures of 01-03 (nnmath.ui.figures.forward, .loss, .backprop): each draws what it is given.
(The live panels of 02 and 03 are bqplot, tested in test_panel.py and test_views.py.)

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


def test_dead_output_figure():
    fig = backprop.dead_output_slopes(np.linspace(-5, 1, 7), np.ones(7), np.ones(7), -3.0, 4.0, 0.0, -4.0, kink=-2.0)
    assert labelled(fig)
