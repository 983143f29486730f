"""Dead nodes, frozen parameters, the best constant and symmetry."""
import numpy as np
import pytest

from nnmath import Params, train
from nnmath.core.analysis import best_constant, dead_nodes, hidden_activity, is_symmetric, unchanged_parameters, FROZEN_BY
from nnmath.core.init import LECTURE_START, identical

X = np.array([[1.0, 0.0], [2.0, 1.0], [-1.0, 3.0], [0.5, -2.0]])
Y = np.array([2.0, 5.0, 4.0, -1.0])


def test_a_node_with_negative_pre_activation_everywhere_is_dead_and_its_parameters_freeze():
    p = LECTURE_START.replace(w1=0.0, w3=0.0, b1=-1.0)      # z1 = -1 on every sample
    assert hidden_activity(p, X)[0] == 0.0
    assert dead_nodes(p, X) == ("h1",)
    end = train(p, X, Y, 1e-2, 50).params
    assert set(FROZEN_BY["h1"]) <= set(unchanged_parameters(p, end))
    assert "w2" not in unchanged_parameters(p, end)


def test_lecture_start_has_both_nodes_alive_on_this_data():
    on1, on2 = hidden_activity(LECTURE_START, X)
    # z1 = x1 + x2 + 0.5: 1.5, 3.5, 2.5, -1.0; z2 = 0.5 x1 - 0.5 x2: 0.5, 0.5, -2.0, 1.25
    assert (on1, on2) == (0.75, 0.75)
    assert dead_nodes(LECTURE_START, X) == ()


def test_best_constant_is_the_mean_and_leaves_the_variance():
    c, left = best_constant(Y)
    assert c == 2.5
    assert left == pytest.approx(np.mean((Y - 2.5) ** 2))
    with pytest.raises(ValueError):
        best_constant([])


def test_symmetry_check():
    assert is_symmetric(identical(0.3))
    assert not is_symmetric(LECTURE_START)
