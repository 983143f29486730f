"""ui.figures.random_target (07_random_target): the figures draw what the notebook says they draw."""
import numpy as np
from matplotlib.figure import Figure

from nnmath.core import start_study
from nnmath.core.init import LECTURE_START_2
from nnmath.ui.figures import random_target as figures

X, Y = start_study.lecture_random_target()


def test_learning_curves_and_split_spread_are_labelled_figures():
    fig = figures.learning_curves([1, 10, 100], [900, 870, 860], [760, 750, 745], 865, 752, "t")
    assert isinstance(fig, Figure) and fig.axes[0].get_xlabel() and fig.axes[0].get_ylabel()
    fig = figures.held_out_against_baseline(np.array([-3.0, 2.0, 5.0]), "t")
    assert isinstance(fig, Figure) and len(fig.axes[0].patches) == 3


def test_valley_descent_returns_the_short_and_long_paths_and_marks_the_lowest_point():
    valley = start_study.linear_valley(LECTURE_START_2, X, Y, "b3", "w5")
    fig, short, longer = figures.valley_descent(LECTURE_START_2, X, Y, valley, 0.5, 5, 50)
    assert len(short.points) == 6 and len(longer.points) == 51
    assert np.array_equal(short.points, longer.points[:6])
    labels = [line.get_label() for line in fig.axes[0].get_lines()]
    assert "lowest point" in labels and "valley floor (gentle direction)" in labels
