"""Each fault in the find-the-bug loop shows the symptom students saw; 'none' is the real loop; compiled = readable."""
import numpy as np
import pytest

from nnmath import NAMES, faulty_train, train
from nnmath.core.data import lecture_data
from nnmath.core.faults import FAULTS, faulty_train_reference, gradient_check
from nnmath.core.init import LECTURE_START, LECTURE_START_2

rng = np.random.default_rng(5)
X = np.c_[rng.uniform(-2, 2, 20), rng.uniform(-2, 2, 20)]
Y = X[:, 0] ** 2 + X[:, 1] + rng.integers(0, 5, 20)


@pytest.mark.parametrize("output", ["linear", "relu"])
def test_no_fault_is_exactly_the_real_training_loop(output):
    for trainer in (faulty_train, faulty_train_reference):
        run = trainer(LECTURE_START, X, Y, 1e-3, 5, output=output)
        real = train(LECTURE_START, X, Y, 1e-3, 5, output=output)
        assert run.params == real.params
        assert np.array_equal(run.losses, real.losses)


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("output", ["linear", "relu"])
def test_compiled_faulty_loop_equals_the_readable_one_bit_for_bit(fault, output):
    X_lecture, y_lecture = lecture_data()
    start = LECTURE_START_2.replace(b3=-3.0) if output == "relu" else LECTURE_START_2
    fast = faulty_train(start, X_lecture, y_lecture, 1e-3, 4, fault, output)
    slow = faulty_train_reference(start, X_lecture, y_lecture, 1e-3, 4, fault, output)
    assert np.array_equal(fast.trajectory, slow.trajectory)
    assert np.array_equal(fast.losses, slow.losses)
    assert fast.diverged_at == slow.diverged_at and fast.start == slow.start


def test_a_diverging_faulty_loop_stops_at_the_same_epoch_in_both():
    fast = faulty_train(LECTURE_START, X, Y, 0.5, 20, "sign flip")
    slow = faulty_train_reference(LECTURE_START, X, Y, 0.5, 20, "sign flip")
    assert fast.diverged_at is not None and fast.diverged_at == slow.diverged_at
    assert np.array_equal(fast.trajectory, slow.trajectory)
    assert np.all(np.abs(fast.trajectory) <= 1e100)


def test_forgotten_update_leaves_the_loss_flat():
    run = faulty_train(LECTURE_START, X, Y, 1e-3, 5, fault="no update")
    assert run.params == LECTURE_START
    assert np.all(run.losses == run.losses[0])


def test_frozen_bias_never_learns_but_the_rest_does():
    path = faulty_train(LECTURE_START, X, Y, 1e-3, 5, fault="frozen bias").trajectory
    b1 = NAMES.index("b1")
    assert np.all(path[:, b1] == LECTURE_START.b1)
    assert not np.array_equal(path[0], path[-1])


def test_equal_start_keeps_hidden_nodes_identical():
    path = faulty_train(LECTURE_START, X, Y, 1e-3, 5, fault="equal start").trajectory
    assert np.array_equal(path[:, 0], path[:, 1]) and np.array_equal(path[:, 4], path[:, 5])


def test_sign_flip_climbs_the_loss():
    run = faulty_train(LECTURE_START, X, Y, 1e-3, 5, fault="sign flip")
    assert np.all(np.diff(run.losses) > 0)


def test_w5_updated_first_differs_from_the_real_loop_only_in_the_hidden_gradients():
    faulty = faulty_train(LECTURE_START, X, Y, 1e-2, 1, fault="w5 updated first").trajectory
    real = train(LECTURE_START, X, Y, 1e-2, 1, record=True).trajectory
    assert not np.array_equal(faulty[1], real[1])


@pytest.mark.parametrize("fault,output", [("swapped relu index", "linear"), ("node 2 gated by relu'(z1)", "linear"),
                                          ("output relu ignored", "relu"), ("the lecture's loop", "relu")])
def test_gradient_check_reveals_wrong_derivatives(fault, output):
    # a start where z1 > 0 but z2 <= 0 on some samples, and z3 < 0 on some samples
    p = LECTURE_START.replace(b3=-3.0)
    clean = gradient_check(p, X, Y, "none", output)
    broken = gradient_check(p, X, Y, fault, output)
    assert max(error for _, _, error in clean.values()) < 1e-6
    assert max(error for _, _, error in broken.values()) > 1e-2


def test_unknown_fault_is_a_value_error():
    with pytest.raises(ValueError, match="fault must be one of"):
        faulty_train(LECTURE_START, X, Y, 1e-3, 1, fault="typo")


# ----------------------------------------------------------------------------------
# The lecture's own loop (tuomasvaltanenLUAS/DeepLearning2025), reproduced bit for bit
# ----------------------------------------------------------------------------------
# The final parameters below are the ones the lecture's notebooks printed (their saved outputs):
# nn_math_tool_1.ipynb on the lecture data from the lecture start, lr 0.001, 1000 epochs, in the
# published version (node 2 gated by relu'(z1)) and the fixed one; nn_math_tool_2.ipynb from the
# second start at lr 0.025. Both versions put a ReLU on the output and differentiate 2 (z3 - y).

LECTURE_TOOL_1_PUBLISHED = (1.9745745043749072, 1.5954037453790957, 0.36455679957598336, 0.28349079054111503,
                            1.1393290934180376, 0.91732926944733, -1.1121701201811454, -0.954870595006538,
                            3.7281899463832677)
LECTURE_TOOL_1_FIXED = (1.461340266381178, 3.2544962799815083, 0.7307692512199653, -0.3325376066080558,
                        1.2643695731746016, 1.2660634598232627, -0.14579422490309718, -5.087623329949896,
                        2.24990098382874)
LECTURE_TOOL_2 = (-4.572127779972796, -3.3341779233861617, -19.622444971941107, -12.550907376368736,
                  -50.00537224725678, -46.492627142827395, -3.631701772385501, -3.1435992676123634,
                  12.282967287497813)


def test_the_lecture_loop_reproduces_the_lecture_notebooks_printed_parameters_bit_for_bit():
    X_lecture, y_lecture = lecture_data()
    published = faulty_train(LECTURE_START, X_lecture, y_lecture, 0.001, 1000, "the lecture's loop", "relu")
    fixed = faulty_train(LECTURE_START, X_lecture, y_lecture, 0.001, 1000, "the lecture's fixed loop", "relu")
    tool_2 = faulty_train(LECTURE_START_2, X_lecture, y_lecture, 0.025, 1000, "the lecture's loop", "relu")
    assert published.params.values == LECTURE_TOOL_1_PUBLISHED
    assert fixed.params.values == LECTURE_TOOL_1_FIXED
    assert tool_2.params.values == LECTURE_TOOL_2
    # tool_2 printed its epoch losses (mean over the epoch, of relu(z3)): 84.04477548500036, 34.67887701638463
    assert tool_2.losses[:2] == pytest.approx([84.04477548500036, 34.67887701638463], rel=1e-14)


def test_the_fixed_lecture_loop_trains_the_linear_network_exactly():
    # differentiating 2 (z3 - y) is the gradient of the network without the output ReLU
    X_lecture, y_lecture = lecture_data()
    fixed = faulty_train(LECTURE_START, X_lecture, y_lecture, 0.001, 200, "output relu ignored", "relu")
    linear = train(LECTURE_START, X_lecture, y_lecture, 0.001, 200, record=True)
    assert np.array_equal(fixed.trajectory, linear.trajectory)
    # it prints the loss of relu(z3): where some z3 < 0 the two printouts part
    start = LECTURE_START.replace(b3=-8.0)  # z3 < 0 on 67 of the 100 samples
    fixed = faulty_train(start, X_lecture, y_lecture, 0.001, 3, "output relu ignored", "relu")
    linear = train(start, X_lecture, y_lecture, 0.001, 3, record=True)
    # y >= 0 here, so clipping z3 < 0 up to 0 can only bring it nearer: the printed loss is smaller
    assert np.array_equal(fixed.trajectory, linear.trajectory) and fixed.losses[0] < linear.losses[0]
