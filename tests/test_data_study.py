"""08_data's helpers: the lecture's one-min-one-max scaling, epochs_to, learned_nothing."""
import numpy as np
import pytest

from nnmath import Params
from nnmath.core.data import lecture_data
from nnmath.core.data_study import epochs_to, learned_nothing, scale_like_the_lecture


def test_the_lecture_data_is_divided_by_26_as_in_the_lecture_notebook():
    # The lecture's scaled notebook: all values are whole numbers 0..26, so it divides by 26;
    # its row 99 prints as (0.1154, 0.1923, 0.6538) = (3, 5, 17) / 26.
    X, y = lecture_data()
    scaled = scale_like_the_lecture(X, y)
    assert (scaled.low, scaled.high) == (0.0, 26.0)
    assert np.array_equal(scaled.X, X / 26) and np.array_equal(scaled.y, y / 26)
    assert np.allclose([*scaled.X[99], scaled.y[99]], [3 / 26, 5 / 26, 17 / 26])


def test_one_min_and_one_max_for_every_column():
    X = np.array([[-1.0, 0.0], [1.0, 2.0]])
    y = np.array([3.0, 1.0])                      # table min -1 (an x1), max 3 (a y): scale 4
    scaled = scale_like_the_lecture(X, y)
    assert scaled.scale == 4.0
    assert np.array_equal(scaled.X, [[0.0, 0.25], [0.5, 0.75]]) and np.array_equal(scaled.y, [1.0, 0.5])
    assert np.array_equal(scaled.scale_inputs([[3.0, -1.0]]), [[1.0, 0.0]])
    assert np.array_equal(scaled.scale_target([1.0]), [0.5])
    assert scaled.unscale_mse(0.5) == 8.0          # 0.5 * 4**2


def test_constant_data_is_refused():
    with pytest.raises(ValueError):
        scale_like_the_lecture(np.ones((3, 2)), np.ones(3))


def test_epochs_to_counts_from_one():
    assert epochs_to([5.0, 3.0, 1.0], 2.0) == 3
    assert epochs_to([1.0], 2.0) == 1
    assert epochs_to([5.0, 3.0], 2.0) is None


def test_learned_nothing_is_the_loss_of_the_mean():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]])
    y = np.array([1.0, 2.0, 6.0])                  # mean 3, var (4 + 1 + 9) / 3
    mean_only = Params.from_lists((0, 0, 0, 0, 0, 0), (0, 0, 3))
    assert learned_nothing(mean_only, X, y)
    fit = Params.from_lists((1, 0, 0, 0, 2.5, 0), (0, 0, 1))   # out = 2.5 x1 + 1: 1, 3.5, 6
    assert not learned_nothing(fit, X, y)
