"""Each fault in the find-the-bug loop shows the symptom students saw, and 'none' is the real loop."""
import numpy as np
import pytest

from nnmath import NAMES, Params, gradients, train
from nnmath.faults import FAULTS, faulty_loss_and_gradients, faulty_train, gradient_check
from nnmath.init import LECTURE_START

rng = np.random.default_rng(5)
X = np.c_[rng.uniform(-2, 2, 20), rng.uniform(-2, 2, 20)]
Y = X[:, 0] ** 2 + X[:, 1] + rng.integers(0, 5, 20)


def test_no_fault_is_exactly_the_real_training_loop():
    params, losses, _ = faulty_train(LECTURE_START, X, Y, 1e-3, 5)
    run = train(LECTURE_START, X, Y, 1e-3, 5)
    assert params == run.params
    assert np.array_equal(losses, run.losses)


def test_forgotten_update_leaves_the_loss_flat():
    params, losses, _ = faulty_train(LECTURE_START, X, Y, 1e-3, 5, fault="no update")
    assert params == LECTURE_START
    assert np.all(losses == losses[0])


def test_frozen_bias_never_learns_but_the_rest_does():
    _, _, path = faulty_train(LECTURE_START, X, Y, 1e-3, 5, fault="frozen bias")
    b1 = NAMES.index("b1")
    assert np.all(path[:, b1] == LECTURE_START.b1)
    assert not np.array_equal(path[0], path[-1])


def test_equal_start_keeps_hidden_nodes_identical():
    _, _, path = faulty_train(LECTURE_START, X, Y, 1e-3, 5, fault="equal start")
    assert np.array_equal(path[:, 0], path[:, 1]) and np.array_equal(path[:, 4], path[:, 5])


@pytest.mark.parametrize("fault,output", [("swapped relu index", "linear"), ("output relu ignored", "relu")])
def test_gradient_check_reveals_wrong_derivatives(fault, output):
    # a start where z1 > 0 but z2 <= 0 on some samples, and z3 < 0 on some samples
    p = LECTURE_START.replace(b3=-3.0)
    clean = gradient_check(p, X, Y, "none", output)
    broken = gradient_check(p, X, Y, fault, output)
    assert max(abs(a - b) for a, b in clean.values()) < 1e-5
    assert max(abs(a - b) for a, b in broken.values()) > 1e-2


def test_unknown_fault_is_a_value_error():
    with pytest.raises(ValueError, match="fault must be one of"):
        faulty_train(LECTURE_START, X, Y, 1e-3, 1, fault="typo")
    assert "none" in FAULTS
