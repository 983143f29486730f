"""The loss landscape equals nnmath.loss point by point; the path is the training trajectory."""
import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure

from nnmath import gradients, loss
from nnmath.core.data import lecture_data
from nnmath.core.init import LECTURE_START, LECTURE_START_2
from nnmath.core.landscape import descent_path, loss_grid
from nnmath.ui.landscape import LandscapePlot

matplotlib.use("agg")
X, Y = lecture_data(40)


@pytest.mark.parametrize("output", ["linear", "relu"])
def test_every_grid_value_is_the_loss_with_those_two_parameters(output):
    P, Q, L = loss_grid(LECTURE_START_2, X, Y, "w1", "b3", (-1, 2), (-3, 4), resolution=21, output=output)
    rng = np.random.default_rng(0)
    for i, j in rng.integers(0, 21, size=(6, 2)):
        expected = loss(LECTURE_START_2.replace(w1=P[i, j], b3=Q[i, j]), X, Y, output)
        assert L[i, j] == pytest.approx(expected, rel=1e-12)


def test_path_is_gradient_descent_on_those_two_parameters_only():
    path = descent_path(LECTURE_START_2, X, Y, 1e-3, 3, "w5", "b3")
    assert tuple(path.points[0]) == (LECTURE_START_2.w5, LECTURE_START_2.b3)
    current = LECTURE_START_2
    for k in range(3):  # the same steps by hand, the other seven frozen
        g = gradients(current, X, Y)
        current = current.replace(w5=current.w5 - 1e-3 * g.w5, b3=current.b3 - 1e-3 * g.b3)
        assert tuple(path.points[k + 1]) == (current.w5, current.b3)
    # and each step lowers the loss on the drawn surface at this small rate
    losses = [loss(LECTURE_START_2.replace(w5=a, b3=b), X, Y) for a, b in path.points]
    assert all(later < earlier for earlier, later in zip(losses, losses[1:]))


def test_a_diverged_path_ends_at_its_last_finite_point():
    path = descent_path(LECTURE_START, X, Y, 0.05, 200, "w5", "b3")  # curvature in w5 ~ 2 mean(h1**2) ~ 100
    assert path.diverged_at and np.all(np.isfinite(path.points)) and len(path.points) == path.diverged_at


def test_update_moves_the_path_without_new_artists():
    ax = Figure().subplots()
    plot = LandscapePlot(ax)
    grid = loss_grid(LECTURE_START_2, X, Y, resolution=11)
    plot.update(grid, np.array([[0, 0], [1, 1]]))
    count = len(ax.get_children())
    plot.update(grid, np.array([[0, 0], [1, 1], [2, 0]]))
    assert len(ax.get_children()) == count
    assert list(plot.path.get_xdata()) == [0, 1, 2]


def test_invalid_names_and_ranges_are_value_errors():
    with pytest.raises(ValueError, match="p must be one of"):
        loss_grid(LECTURE_START_2, X, Y, p="w9")
    with pytest.raises(ValueError, match="two different"):
        loss_grid(LECTURE_START_2, X, Y, p="w1", q="w1")
    with pytest.raises(ValueError, match="p_range must be a pair"):
        loss_grid(LECTURE_START_2, X, Y, p_range=(2, 1))
