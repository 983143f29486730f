"""ui.figures.initialisation (06_initialisation): every figure is a Figure with labelled axes, and every label on a
landscape's colour bar is a plain number (06's last figure once showed a lone 1.41085e3 on a log bar)."""
import re

import numpy as np
from matplotlib.figure import Figure

import nnmath
from nnmath.core.init import LECTURE_START
from nnmath.ui.figures import initialisation as figures
from nnmath.ui.figures.initialisation import _colourbar_ticks

X, Y = nnmath.data.quadratic_data(n=60, seed=0)


def labelled(fig):
    axes = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    return all(ax.get_xlabel() and ax.get_ylabel() for ax in axes)


def test_static_figures_are_figures_with_labelled_axes():
    run = nnmath.train(LECTURE_START, X, Y, 1e-4, 20)
    figs = [
        figures.loss_curves([run.losses, run.losses * 2], ["a", "b"], "t", lines={"floor (2)": 2.0}),
        figures.final_loss_histogram({"a": np.array([0.04, 0.05, 0.05, np.nan])}, "t", lines={"v": 0.051}),
        figures.slices_along_x1(np.linspace(-1, 1, 5), np.zeros(5), "rule", {"fit": np.ones(5)}, "t"),
        figures.stable_rates([1e-5, 1e-4], np.array([[5.0], [4.0]]), np.array([[False], [True]]), ["s"], [3e-4]),
    ]
    for fig in figs:
        assert isinstance(fig, Figure) and labelled(fig)


def test_landscape_colour_bars_carry_only_plain_numbers():
    fig, paths = figures.landscapes_side_by_side(LECTURE_START, X, Y, "w5", "w6", [0.01, 0.05], [10, 10], ["a", "b"])
    bars = [ax for ax in fig.axes if ax.get_label() == "<colorbar>"]
    assert len(bars) == 2 and len(paths) == 2
    fig.canvas.draw()
    for bar in bars:
        texts = [t.get_text() for t in bar.get_yticklabels() if t.get_text()]
        assert len(texts) >= 3, texts
        assert all(re.fullmatch(r"-?\d+(\.\d+)?", t) for t in texts), texts


def test_log_colour_bar_ticks_are_1_2_5_steps_or_at_least_three_rounded_values():
    assert _colourbar_ticks(88, 5800, True) == [100, 200, 500, 1000, 2000, 5000]
    narrow = _colourbar_ticks(1300, 1500, True)
    assert len(narrow) >= 2 and all(1300 <= t <= 1500 for t in narrow)


def test_the_stable_rates_figure_shows_every_loss_from_1_to_1e18_beside_its_level_line():
    """06's figure once squeezed its whole y range into the top pixels: the level line widened the axis while it
    was still linear (its lower margin below 0), then the axis became logarithmic."""
    rates = np.geomspace(1e-17, 1e-3, 15)
    final = np.column_stack([np.geomspace(1e18, 1.0, 15), np.full(15, 86.4)])
    fig = figures.stable_rates(rates, final, np.zeros((15, 2), bool), ["millions", "flat"], [1e-15, 1e-4],
                               lines={"variance of y (86.4)": 86.4})
    low, high = fig.axes[0].get_ylim()
    assert 0 < low <= 1.0 and high >= 1e18
