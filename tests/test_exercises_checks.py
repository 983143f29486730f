"""Every ready-made check: its right answer is correct, each typical wrong answer gets its own hint, an empty one is not yet.

The expected numbers are worked out by hand in the comments (the lecture start
w = (1, 0.5, 1, -0.5, 1, 1), b = (0.5, 0, 0.5) and the lecture sample x = (1, 0), y = 2:
z1 = h1 = 1.5, z2 = h2 = 0.5, out = 2.5, dloss/dout = 2 (out - y) = 1), so the checks are tested
against numbers that do not come from the code under test. Each `*_CASES` table must cover every
mistake its module knows (the `..._covers_every_mistake` tests).
"""
import numpy as np
import pytest

import nnmath
from nnmath import NAMES, Params
from nnmath.core.init import LECTURE_START, UNIQUE_START, zeros
from nnmath.core.mlp import sigmoid
from nnmath.exercises import (check_batch_gradient, check_batch_update, check_diverging_lr, check_encoder_forward,
                              check_gradient, check_gradients, check_loss, check_loss_from_zeros, check_lr_bound,
                              check_prediction, check_update, check_update_function, sharpness)
from nnmath.exercises.encoder import ENCODER_MISTAKES
from nnmath.exercises.forward import prediction_mistakes
from nnmath.exercises.gradients import GRADIENT_MISTAKES, per_sample
from nnmath.exercises.losses import loss_mistakes
from nnmath.exercises.updates import UPDATE_FUNCTION_MISTAKES, step_mistakes


def assert_hint(verdict, mistake):
    assert verdict.status == "wrong", verdict.text
    assert mistake in verdict.mistakes, verdict.text
    assert "hint: " in verdict.text


def assert_not_yet(verdict):
    assert verdict.status == "not yet", verdict.text


# ---------------------------------------------------------------- 01: the prediction


def test_prediction_right_and_empty():
    # x = (2, 1): z1 = 2 + 1 + 0.5 = 3.5, z2 = 1 - 0.5 + 0 = 0.5, out = 3.5 + 0.5 + 0.5 = 4.5
    assert check_prediction(4.5, x1=2, x2=1).correct
    assert check_prediction(4.5).correct  # (2, 1) is the default
    assert_not_yet(check_prediction(None, x1=2, x2=1))


PREDICTION_CASES = [
    # (params, x1, x2, output, answer, mistake)
    (LECTURE_START, 2, 1, "linear", 4.0, "b3 missing"),            # 3.5 + 0.5 + 0
    (LECTURE_START, 2, 1, "linear", 4.0, "b1, b2 missing"),        # z1 = 3, z2 = 0.5: 3 + 0.5 + 0.5
    (LECTURE_START, 2, 1, "linear", 4.0, "x1 and x2 swapped"),     # x = (1, 2): z1 = 3.5, z2 = -0.5 -> 0: 4
    (LECTURE_START, 2, 1, "linear", 5.0, "w2 and w3 swapped"),     # z1 = 2 + 0.5 + 0.5 = 3, z2 = 2 - 0.5 = 1.5: 5
    (LECTURE_START, 1, 2, "linear", 3.5, "relu missing"),          # z2 = -0.5 kept: 3.5 - 0.5 + 0.5 (true 4)
    (LECTURE_START.replace(b3=-10), 2, 1, "linear", 0.0, "output relu"),   # z3 = -6, relu'd to 0
    (LECTURE_START.replace(b3=-10), 2, 1, "relu", -6.0, "output relu"),    # out = relu(-6) = 0, not -6
]


@pytest.mark.parametrize("params, x1, x2, output, answer, mistake", PREDICTION_CASES)
def test_prediction_typical_mistakes_get_their_hint(params, x1, x2, output, answer, mistake):
    assert_hint(check_prediction(answer, x1, x2, params, output), mistake)


def test_prediction_cases_cover_every_mistake():
    assert {m.name for m in prediction_mistakes(LECTURE_START, 2, 1)} == {case[-1] for case in PREDICTION_CASES}


# ---------------------------------------------------------------- 02, 07: losses


def test_loss_right_and_empty():
    assert check_loss(0.25).correct  # (2.5 - 2)**2 at the lecture sample
    assert check_loss(1.25, X=[[1, 0], [2, 1]], y=[2, 6]).correct
    assert_not_yet(check_loss(None))


LOSS_CASES = [
    # X = [[1, 0], [2, 1]], y = [2, 6]: out = 2.5, 4.5; errors 0.5, -1.5; squares 0.25, 2.25: loss 1.25
    (2.5, "summed"), (-0.5, "not squared"), (1.0, "absolute"), (1.118034, "root"), (0.625, "halved"),
]


@pytest.mark.parametrize("answer, mistake", LOSS_CASES)
def test_loss_typical_mistakes_get_their_hint(answer, mistake):
    assert_hint(check_loss(answer, LECTURE_START, [[1, 0], [2, 1]], [2, 6]), mistake)


def test_loss_cases_cover_every_mistake():
    assert {m.name for m in loss_mistakes(LECTURE_START, np.array([[1.0, 0.0]]), [2.0])} == \
        {mistake for _, mistake in LOSS_CASES}


Y4 = [1.0, 2.0, 3.0, 6.0]  # mean 3, variance (4 + 1 + 0 + 9) / 4 = 3.5


def test_loss_from_zeros_right_and_empty():
    assert check_loss_from_zeros(3.5, Y4).correct
    assert_not_yet(check_loss_from_zeros(None, Y4))


@pytest.mark.parametrize("answer, mistake", [
    (3.0, "the mean"), (3.5 ** 0.5, "standard deviation"), (14 / 3, "n - 1"), (12.5, "start loss"), (0.0, "zero"),
])
def test_loss_from_zeros_typical_mistakes_get_their_hint(answer, mistake):
    assert_hint(check_loss_from_zeros(answer, Y4), mistake)


def test_loss_from_zeros_is_where_training_from_zeros_ends():
    X, y = nnmath.data.lecture_data()
    run = nnmath.train(zeros(), X, y, lr=0.5, epochs=200, mode="batch")
    assert check_loss_from_zeros(nnmath.loss(run.params, X, y), y).correct
    assert nnmath.analysis.unchanged_parameters(zeros(), run.params) == NAMES[:-1]  # only b3 learned


# ---------------------------------------------------------------- 03: gradients


def test_per_sample_without_a_mistake_is_the_reference():
    X, y = nnmath.data.quadratic_data(n=20)
    for params, output in ((UNIQUE_START, "linear"), (LECTURE_START.replace(b3=-3), "relu")):
        assert np.allclose(per_sample(params, X, y, output).mean(axis=1),
                           nnmath.gradients(params, X, y, output).to_array(), rtol=1e-12, atol=1e-14)


def test_gradient_right_and_empty():
    # dloss/dw1 = 2 (out - y) * w5 * relu'(z1) * x1 = 1 * 1 * 1 * 1; dloss/dw5 = 1 * h1 = 1.5
    assert check_gradient(1.0, "w1").correct
    assert check_gradient(1.5, "w5").correct
    assert check_gradient(0.0, "w3").correct
    assert_not_yet(check_gradient(None, "w1"))


GRADIENT_CASES = [
    # (params, (x1, x2, y), output, name, answer, mistake)
    (LECTURE_START, (1, 0, 2), "linear", "w5", 0.75, "factor 2 missing"),          # (out - y) h1 = 0.5 * 1.5
    (LECTURE_START, (1, 0, 2), "linear", "w5", -1.5, "sign flipped"),
    (LECTURE_START, (1, 0, 2), "linear", "w1", 0.0, "x1 and x2 swapped"),           # read x2 = 0
    # b1 = -2: z1 = -1, h1 = 0, out = 1, dloss/dout = -2; true dloss/dw1 = 0, without relu'(z1): -2 * 1 * 1
    (LECTURE_START.replace(b1=-2), (1, 0, 2), "linear", "w1", -2.0, "relu'(z1) missing"),
    (LECTURE_START.replace(b1=-2), (1, 0, 2), "linear", "w1", -2.0, "other node's relu'"),   # relu'(z2) = 1
    # b2 = -1, y = 3: z2 = -0.5, out = 2, dloss/dout = -2; true dloss/dw2 = 0, without relu'(z2): -2
    (LECTURE_START.replace(b2=-1), (1, 0, 3), "linear", "w2", -2.0, "relu'(z2) missing"),
    # w5 = 2: out = 4, dloss/dout = 4; dloss/dw1 = 4 * 2 = 8, without w5: 4
    (LECTURE_START.replace(w5=2), (1, 0, 2), "linear", "w1", 4.0, "w5, w6 missing"),
    # output relu, b3 = -5: z3 = -3, out = 0, dloss/dout = -4; true dloss/dw5 = 0 (relu'(z3) = 0)
    (LECTURE_START.replace(b3=-5), (1, 0, 2), "relu", "w5", -6.0, "output relu' missing"),   # -4 * 1.5
    (LECTURE_START.replace(b3=-5), (1, 0, 2), "relu", "w5", -15.0, "z3 in place of out"),   # 2 (-3 - 2) * 1.5
]


@pytest.mark.parametrize("params, sample, output, name, answer, mistake", GRADIENT_CASES)
def test_gradient_typical_mistakes_get_their_hint(params, sample, output, name, answer, mistake):
    assert_hint(check_gradient(answer, name, params, *sample, output), mistake)


def test_gradient_cases_cover_every_mistake():
    assert {case[-1] for case in GRADIENT_CASES} | {"summed"} == set(GRADIENT_MISTAKES) | {"summed"}


X2, Y2 = [[1, 0], [2, 1]], [2, 3]  # dloss/db3 = 2 (out - y): 1 and 2 (4.5 - 3) = 3, mean 2


def test_batch_gradient_right_summed_and_empty():
    assert check_batch_gradient(2.0, "b3", LECTURE_START, X2, Y2).correct
    assert_hint(check_batch_gradient(4.0, "b3", LECTURE_START, X2, Y2), "summed")
    assert_hint(check_batch_gradient(1.0, "b3", LECTURE_START, X2, Y2), "factor 2 missing")
    assert_not_yet(check_batch_gradient(None, "b3", LECTURE_START, X2, Y2))


def test_all_nine_gradients_right_wrong_and_empty():
    true = Params(1, 1, 0, 0, 1.5, 0.5, 1, 1, 1)
    assert check_gradients(true).correct
    assert check_gradients({f"d_{n}": v for n, v in true.as_dict().items()}).correct
    assert_hint(check_gradients(Params(*(true.to_array() / 2).tolist())), "factor 2 missing")
    v = check_gradients(true.replace(w1=0.0))
    assert_hint(v, "x1 and x2 swapped")
    assert "w1: " in v.text and "8 of 9 right" in v.text
    assert_not_yet(check_gradients(None))
    assert_not_yet(check_gradients({n: None for n in NAMES}))


def test_an_unknown_parameter_name_is_refused():
    with pytest.raises(ValueError, match="name must be one of"):
        check_gradient(1.0, "w7")


# ---------------------------------------------------------------- 03, 04: one update step


def test_update_right_and_empty():
    assert check_update(0.85, "w5", lr=0.1).correct  # 1 - 0.1 * 1.5
    assert check_update(0.9, "w1", lr=0.1).correct   # 1 - 0.1 * 1
    assert_not_yet(check_update(None, "w5", lr=0.1))


UPDATE_CASES = [
    ("w5", 1.15, "update sign flipped"),     # 1 + 0.1 * 1.5
    ("w5", 1.15, "sign flipped"),            # a flipped gradient gives the same number
    ("w5", -0.15, "step only"),
    ("w5", -0.5, "lr missing"),              # 1 - 1.5
    ("w5", 0.925, "factor 2 missing"),       # lr where 2 lr belongs: 1 - 0.1 * 0.75
    ("w1", 0.915, "new w5 used"),            # w5 first: 0.85, then dloss/dw1 = 1 * 0.85: 1 - 0.085
    ("w1", 1.0, "x1 and x2 swapped"),        # the gradient read with x2 = 0: no change
]


@pytest.mark.parametrize("name, answer, mistake", UPDATE_CASES)
def test_update_typical_mistakes_get_their_hint(name, answer, mistake):
    v = check_update(answer, name, lr=0.1)
    assert_hint(v, mistake)
    if mistake == "factor 2 missing":
        assert "you used lr where 2*lr belongs" in v.text


def test_update_cases_cover_every_step_mistake():
    X, y = np.array([[1.0, 0.0]]), np.array([2.0])
    own = {m.name for m in step_mistakes("w1", 0.1, LECTURE_START, X, y)} - set(GRADIENT_MISTAKES)
    assert own <= {case[-1] for case in UPDATE_CASES}


def test_batch_update_right_summed_and_empty():
    # b3: 0.5 - 0.1 * 2 = 0.3; with the summed gradient 4: 0.1
    assert check_batch_update(0.3, "b3", 0.1, LECTURE_START, X2, Y2).correct
    assert_hint(check_batch_update(0.1, "b3", 0.1, LECTURE_START, X2, Y2), "summed")
    assert_not_yet(check_batch_update(None, "b3", 0.1, LECTURE_START, X2, Y2))


# ---------------------------------------------------------------- 04: the update line, as a function


def update_right(params, grads, lr):
    return Params(*(getattr(params, n) - lr * getattr(grads, n) for n in NAMES))


def update_as_list(params, grads, lr):
    return list(params.to_array() - lr * grads.to_array())


def update_flipped(params, grads, lr):
    return Params(*(params.to_array() + lr * grads.to_array()).tolist())


def update_without_lr(params, grads, lr):
    return Params(*(params.to_array() - grads.to_array()).tolist())


def update_step_only(params, grads, lr):
    return {n: -lr * getattr(grads, n) for n in NAMES}


def update_missing(params, grads, lr):
    return params


def update_frozen_b1(params, grads, lr):
    return update_right(params, grads, lr).replace(b1=params.b1)


def update_stub(params, grads, lr):
    new = None  # your code: the new Params
    return new


def update_not_implemented(params, grads, lr):
    raise NotImplementedError


@pytest.mark.parametrize("update", [update_right, update_as_list])
def test_update_function_right(update):
    assert check_update_function(update).correct


@pytest.mark.parametrize("update, mistake", [
    (update_flipped, "update sign flipped"), (update_without_lr, "lr missing"), (update_step_only, "step only"),
    (update_missing, "no update"), (update_frozen_b1, "b1 left out"),
])
def test_update_function_typical_mistakes_get_their_hint(update, mistake):
    assert_hint(check_update_function(update), mistake)


@pytest.mark.parametrize("name", NAMES)
def test_update_function_names_the_parameter_left_out(name):
    def frozen(params, grads, lr):
        return update_right(params, grads, lr).replace(**{name: getattr(params, name)})

    assert_hint(check_update_function(frozen), f"{name} left out")


def test_update_function_mistakes_are_all_tested():
    tested = {"update sign flipped", "lr missing", "step only", "no update"} | {f"{n} left out" for n in NAMES}
    assert {m.name for m in UPDATE_FUNCTION_MISTAKES} == tested


@pytest.mark.parametrize("update", [None, update_stub, update_not_implemented])
def test_update_function_empty(update):
    assert_not_yet(check_update_function(update))


# ---------------------------------------------------------------- 05: the lr that diverges first


def test_sharpness_along_b3_is_exactly_2():
    X, y = nnmath.data.lecture_data()
    for params in (zeros(), UNIQUE_START):
        assert sharpness(params, X, y, names=("b3",)) == pytest.approx(2.0, abs=1e-6)


def test_sharpness_is_the_largest_eigenvalue_of_the_exact_hessian_in_the_output_layer():
    # With the hidden layer fixed, the loss is quadratic in (w5, w6, b3): Hessian 2/n A^T A, A = [h1, h2, 1]
    X, y = nnmath.data.quadratic_data(n=50)
    f = nnmath.forward_all(UNIQUE_START, X)
    A = np.column_stack([f.h1, f.h2, np.ones(len(y))])
    exact = np.linalg.eigvalsh(2.0 / len(y) * A.T @ A)[-1]
    assert sharpness(UNIQUE_START, X, y, names=("w5", "w6", "b3")) == pytest.approx(exact, rel=1e-6)


def test_sharpness_is_refused_at_a_relu_kink():
    X, y = nnmath.data.lecture_data()
    with pytest.raises(ValueError, match="kink"):
        sharpness(zeros(), X, y)  # z1 = z2 = 0 for every sample


def test_diverging_lr_from_zeros_is_exact_along_b3_and_training_agrees():
    X, y = nnmath.data.lecture_data()
    candidates = [0.5, 0.9, 1.5, 3.0]  # 2/s = 2/2 = 1
    assert check_diverging_lr(1.5, candidates, zeros(), X, y, names=("b3",)).correct
    v = check_diverging_lr(0.9, candidates, zeros(), X, y, names=("b3",))
    assert v.status == "wrong" and "predicted not to diverge" in v.text
    v = check_diverging_lr(3.0, candidates, zeros(), X, y, names=("b3",))
    assert v.status == "wrong" and "predicted to diverge too" in v.text
    assert_not_yet(check_diverging_lr(None, candidates, zeros(), X, y, names=("b3",)))
    assert nnmath.train(zeros(), X, y, lr=0.9, epochs=500, mode="batch").diverged_at is None
    assert nnmath.train(zeros(), X, y, lr=1.5, epochs=500, mode="batch").diverged_at is not None


def test_diverging_lr_on_all_nine_and_training_agrees():
    X, y = nnmath.data.quadratic_data()
    candidates = [0.01, 0.02, 0.05, 0.1]  # s = 69.9 at UNIQUE_START: 2/s = 0.0286
    v = check_diverging_lr(0.05, candidates, UNIQUE_START, X, y)
    assert v.correct and "why: s = 69.93" in v.text
    assert check_diverging_lr(0.02, candidates, UNIQUE_START, X, y).status == "wrong"
    assert "choose one of" in check_diverging_lr(0.03, candidates, UNIQUE_START, X, y).text
    assert nnmath.train(UNIQUE_START, X, y, lr=0.02, epochs=1000, mode="batch").diverged_at is None
    assert nnmath.train(UNIQUE_START, X, y, lr=0.05, epochs=1000, mode="batch").diverged_at is not None


def test_diverging_lr_refuses_candidates_that_cannot_decide():
    X, y = nnmath.data.lecture_data()
    with pytest.raises(ValueError, match="none of them diverges"):
        check_diverging_lr(0.5, [0.1, 0.5], zeros(), X, y, names=("b3",))
    with pytest.raises(ValueError, match="too close to call"):
        check_diverging_lr(1.005, [0.5, 1.005], zeros(), X, y, names=("b3",))


def test_lr_bound_right_typical_mistakes_and_empty():
    X, y = nnmath.data.quadratic_data()
    s = sharpness(UNIQUE_START, X, y)
    assert check_lr_bound(2 / s, UNIQUE_START, X, y).correct
    assert_hint(check_lr_bound(1 / s, UNIQUE_START, X, y), "1/s")
    assert_hint(check_lr_bound(s, UNIQUE_START, X, y), "s")
    assert_hint(check_lr_bound(1.0, UNIQUE_START, X, y), "b3 only")
    assert_not_yet(check_lr_bound(None, UNIQUE_START, X, y))


# ---------------------------------------------------------------- 09: the encoder's forward pass


def forward_right(W0, b0, W1, b1, X):
    return sigmoid(sigmoid(X @ W0 + b0) @ W1 + b1)


ENCODER_CASES = [
    (lambda W0, b0, W1, b1, X: sigmoid(sigmoid(X @ W0) @ W1), "both biases missing"),
    (lambda W0, b0, W1, b1, X: sigmoid(sigmoid(X @ W0) @ W1 + b1), "b0 missing"),
    (lambda W0, b0, W1, b1, X: sigmoid(sigmoid(X @ W0 + b0) @ W1), "b1 missing"),
    (lambda W0, b0, W1, b1, X: sigmoid(X @ W0 + b0) @ W1 + b1, "output sigmoid missing"),
    (lambda W0, b0, W1, b1, X: sigmoid((X @ W0 + b0) @ W1 + b1), "hidden sigmoid missing"),
    (lambda W0, b0, W1, b1, X: sigmoid(np.maximum(X @ W0 + b0, 0) @ W1 + b1), "relu in the hidden layer"),
    (lambda W0, b0, W1, b1, X: sigmoid(X @ W0 + b0), "hidden layer returned"),
    (lambda W0, b0, W1, b1, X: sigmoid(W1.T @ sigmoid(W0.T @ X.T + b0[:, None]) + b1[:, None]),
     "output transposed"),
]


def test_encoder_forward_right_and_empty():
    assert check_encoder_forward(forward_right).correct

    def stub(W0, b0, W1, b1, X):
        out = None  # your code
        return out

    assert_not_yet(check_encoder_forward(stub))
    assert_not_yet(check_encoder_forward(None))


@pytest.mark.parametrize("forward, mistake", ENCODER_CASES, ids=[case[1] for case in ENCODER_CASES])
def test_encoder_forward_typical_mistakes_get_their_hint(forward, mistake):
    assert_hint(check_encoder_forward(forward), mistake)


def test_encoder_cases_cover_every_mistake():
    assert {m.name for m in ENCODER_MISTAKES} == {case[1] for case in ENCODER_CASES}


def test_encoder_forward_with_a_transposed_weight_gets_the_shape_hint():
    v = check_encoder_forward(lambda W0, b0, W1, b1, X: sigmoid(sigmoid(X @ W0.T + b0) @ W1 + b1))
    assert v.status == "wrong" and "your function raised ValueError" in v.text
    assert "the shapes do not fit" in v.text
