"""The lecture network: worked example, gradients, engine against reference, failure modes."""
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import nnmath
from nnmath import (NAMES, Params, ReduceOnPlateau, StepDecay, forward, forward_all, gradients, loss, predict,
                    sample_gradients, sgd_step, sweep, train)
from nnmath.core import reference
from nnmath.fast import engine
from nnmath.core.init import LECTURE_START, LECTURE_START_2, PERFECT_START, identical, zeros


def small_data(n=24, seed=1):
    rng = np.random.default_rng(seed)
    X = np.c_[rng.uniform(-5, 5, n), rng.uniform(-10, 10, n)]
    y = X[:, 0] ** 2 + X[:, 1] + rng.integers(0, 5, n)
    return X, y


def random_params(rng, scale=1.0):
    return Params.from_array(rng.normal(0, scale, 9))


# ---------------------------------------------------------------- the lecture's worked example

def test_lecture_forward_pass_gives_prediction_2_5_and_loss_0_25():
    f = forward(LECTURE_START, 1.0, 0.0)
    assert (f.z1, f.h1, f.z2, f.h2, f.out) == (1.5, 1.5, 0.5, 0.5, 2.5)
    assert loss(LECTURE_START, [[1.0, 0.0]], [2.0]) == 0.25


def test_one_sample_takes_numbers_and_a_data_set_takes_X_and_y():
    with pytest.raises(ValueError, match="x1 must be one number"):
        forward(LECTURE_START, np.array([1.0, 2.0]), 0.0)
    with pytest.raises(ValueError, match=r"X must be an array of shape \(n, 2\)"):
        gradients(LECTURE_START, 1.0, 0.0, 2.0)
    with pytest.raises(ValueError, match="output must be one of 'linear', 'relu', got 'RELU'"):
        loss(LECTURE_START, [[1.0, 0.0]], [2.0], "RELU")
    X, y = small_data(5)
    assert gradients(LECTURE_START, X, y) == Params(*np.mean(
        [sample_gradients(LECTURE_START, a, b, t).to_array() for (a, b), t in zip(X, y)], axis=0))
    assert np.array_equal(forward_all(LECTURE_START, X).out, predict(LECTURE_START, X))
    assert forward_all(LECTURE_START, X).out[2] == forward(LECTURE_START, X[2, 0], X[2, 1]).out


def test_lecture_one_step_update_at_lr_0_01_matches_hand_derivation():
    # dloss/dout = 2*(2.5-2) = 1. Output layer: dw5 = h1 = 1.5, dw6 = h2 = 0.5, db3 = 1.
    # Hidden: dz1 = 1*w5 = 1, dz2 = 1*w6 = 1, so dw1 = dw2 = x1 = 1, dw3 = dw4 = x2 = 0, db1 = db2 = 1.
    new = sgd_step(LECTURE_START, [[1.0, 0.0]], [2.0], lr=0.01)
    expected = dict(w1=0.99, w2=0.49, w3=1.0, w4=-0.5, w5=0.985, w6=0.995, b1=0.49, b2=-0.01, b3=0.49)
    for name, value in expected.items():
        assert getattr(new, name) == pytest.approx(value, abs=1e-15), name


def test_perfect_start_has_zero_gradient_so_it_never_moves():
    assert forward(PERFECT_START, 1.0, 0.0).out == 2.0
    assert gradients(PERFECT_START, [[1.0, 0.0]], [2.0]) == Params(*[0.0] * 9)
    assert sgd_step(PERFECT_START, [[1.0, 0.0]], [2.0], lr=100.0) == PERFECT_START


def test_params_value_semantics_and_flat_order():
    p = Params.from_array(np.arange(9.0))
    assert p == Params(0, 1, 2, 3, 4, 5, 6, 7, 8)
    assert p.to_array().tolist() == list(range(9))
    assert p.replace(b3=-1).b3 == -1.0 and p.b3 == 8.0
    assert "w1=0" in repr(p) and "b3=8" in repr(p)
    with pytest.raises(Exception):
        p.w1 = 3.0


# ---------------------------------------------------------------- gradients against finite differences

def finite_difference(p, X, y, output, eps=1e-6):
    base = p.to_array()
    grads = []
    for k in range(9):
        up, down = base.copy(), base.copy()
        up[k] += eps
        down[k] -= eps
        grads.append((loss(Params.from_array(up), X, y, output)
                      - loss(Params.from_array(down), X, y, output)) / (2 * eps))
    return np.array(grads)


def away_from_kinks(p, X, output, margin=1e-3):
    f = forward_all(p, X, output)
    zs = [f.z1, f.z2] + ([f.z3] if output == "relu" else [])
    return all(np.all(np.abs(z) > margin) for z in zs)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), output=st.sampled_from(["linear", "relu"]))
def test_gradients_match_central_finite_differences(seed, output):
    rng = np.random.default_rng(seed)
    p = random_params(rng)
    X = np.c_[rng.uniform(-3, 3, 5), rng.uniform(-3, 3, 5)]
    y = rng.uniform(-3, 3, 5)
    if not away_from_kinks(p, X, output):
        return  # a finite difference straddling relu's kink measures neither side
    analytic = gradients(p, X, y, output).to_array()
    numeric = finite_difference(p, X, y, output)
    assert np.allclose(analytic, numeric, rtol=1e-5, atol=1e-6)


def test_relu_output_applies_relu_prime_of_z3():
    p = LECTURE_START.replace(b3=-10.0)          # z3 = 2 - 10 < 0: relu output is 0 and flat
    g = sample_gradients(p, 1.0, 0.0, 2.0, output="relu")
    assert forward(p, 1.0, 0.0, "relu").out == 0.0
    assert g == Params(*[0.0] * 9)
    assert sample_gradients(p, 1.0, 0.0, 2.0, output="linear").b3 == 2 * (-8.0 - 2.0)


# ---------------------------------------------------------------- engine against reference

def reference_run(p, X, y, lr, epochs, mode="online", output="linear", batch_size=None, shuffle_seed=None):
    n = len(y)
    size = {"online": 1, "batch": n}.get(mode, batch_size)
    rng = np.random.default_rng(shuffle_seed) if shuffle_seed is not None else None
    orders = [rng.permutation(n) if rng is not None and size < n else np.arange(n) for _ in range(epochs)]

    def batches(epoch):
        order = orders[epoch]
        return [order[k:k + size] for k in range(0, n, size)]

    return reference.train_reference(p, X, y, [lr] * epochs, epochs, batches, output, record=True)


CASES = [
    dict(mode="online"),
    dict(mode="batch"),
    dict(mode="minibatch", batch_size=5),
    dict(mode="minibatch", batch_size=7, shuffle_seed=3),
    dict(mode="online", shuffle_seed=11),
    dict(mode="online", output="relu"),
    dict(mode="batch", output="relu"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(str(v) for v in c.values()))
@pytest.mark.parametrize("seed", range(4))
def test_engine_equals_reference(case, seed):
    """Online: bit for bit. Batch and minibatch: to 1e-12, since the engine sums a batch in
    eight interleaved partial sums (engine.LANES) where the reference adds one sample at a time."""
    rng = np.random.default_rng(seed)
    X, y = small_data(seed=seed)
    p = random_params(rng, 0.7)
    lr = float(rng.choice([1e-4, 1e-3, 5e-3]))
    ref_params, ref_losses, ref_div, ref_path = reference_run(p, X, y, lr, 6, **case)
    run = train(p, X, y, lr, 6, record=True, **case)
    ref_trajectory = np.array([q.to_array() for q in ref_path])
    assert run.diverged_at == ref_div
    if case["mode"] == "online":
        assert run.params == ref_params
        assert np.array_equal(run.losses, ref_losses)
        assert np.array_equal(run.trajectory, ref_trajectory)
    else:
        np.testing.assert_allclose(run.params.to_array(), ref_params.to_array(), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(run.losses, ref_losses, rtol=1e-12)
        np.testing.assert_allclose(run.trajectory, ref_trajectory, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("mode,batch_size", [("batch", None), ("minibatch", 37)])
def test_batch_engine_stays_within_1e_12_of_the_reference_over_many_epochs(mode, batch_size):
    X, y = nnmath.data.lecture_data()
    extra = {} if batch_size is None else {"batch_size": batch_size}
    ref_params, ref_losses, _, _ = reference_run(LECTURE_START_2, X, y, 1e-3, 200, mode=mode, **extra)
    run = train(LECTURE_START_2, X, y, 1e-3, 200, mode=mode, **extra)
    np.testing.assert_allclose(run.params.to_array(), ref_params.to_array(), rtol=1e-12)
    np.testing.assert_allclose(run.losses, ref_losses, rtol=1e-12)


def test_a_batch_is_summed_in_eight_interleaved_partial_sums_then_the_tail():
    row = np.array([1e16, 1.0, -1e16, 1.0, 3.0, 5.0, 7.0, 11.0, 13.0, 1e-3, 2e-3])
    lanes = [row[k] for k in range(8)]  # one sample per lane for the first eight
    expected = ((lanes[0] + lanes[4]) + (lanes[1] + lanes[5])) + ((lanes[2] + lanes[6]) + (lanes[3] + lanes[7]))
    expected = (expected + row[8]) + row[9] + row[10]
    assert engine._lane_sum(row, len(row)) == expected
    assert engine._lane_sum(row, len(row)) != sum(row)  # the one-by-one order differs here (1e16 cancels)
    assert engine._lane_sum(row[:3], 3) == (row[0] + row[1]) + row[2]


def test_engine_and_reference_agree_on_divergence():
    X, y = small_data()
    ref_params, ref_losses, ref_div, _ = reference_run(LECTURE_START_2, X, y, 0.2, 50)
    run = train(LECTURE_START_2, X, y, 0.2, 50)
    assert ref_div is not None and run.diverged_at == ref_div
    assert run.params == ref_params and np.array_equal(run.losses, ref_losses)


@pytest.mark.parametrize("mode,extra", [("online", {}), ("batch", {}), ("minibatch", {"batch_size": 4}),
                                        ("minibatch", {"batch_size": 13})])  # 13: eight lanes and a tail
def test_sweep_is_bit_identical_to_one_run_at_a_time(mode, extra):
    X, y = small_data(30)
    lrs = [1e-4, 3e-3, 0.2]                  # the last one diverges
    starts = [LECTURE_START, LECTURE_START_2, nnmath.init.uniform(seed=4)]
    res = sweep(starts, X, y, lr=lrs, epochs=40, mode=mode, **extra)
    assert res.losses.shape == (3, 3, 40) and res.axes == ("lr", "start")
    assert res.diverged[2].any()
    for i, lr in enumerate(lrs):
        for j, p in enumerate(starts):
            run = train(p, X, y, lr, 40, mode=mode, **extra)
            assert res.diverged_at[i, j] == (run.diverged_at or 0)
            assert np.array_equal(res.params[i, j], run.params.to_array())
            assert np.array_equal(res.losses[i, j, : run.epochs_run], run.losses)
            assert np.isnan(res.losses[i, j, run.epochs_run:]).all()


def test_sweep_over_shuffle_seeds_matches_train_with_that_seed():
    X, y = small_data(30)
    res = sweep(LECTURE_START, X, y, lr=1e-3, epochs=10, mode="minibatch", batch_size=6, seed=[0, 1, 2])
    assert res.losses.shape == (3, 10) and res.axes == ("seed",)
    for k in range(3):
        run = train(LECTURE_START, X, y, 1e-3, 10, mode="minibatch", batch_size=6, shuffle_seed=k)
        assert np.array_equal(res.losses[k], run.losses)
    assert not np.array_equal(res.losses[0], res.losses[1])


# ---------------------------------------------------------------- what the students saw

def test_all_zero_start_keeps_every_weight_zero_and_b3_learns_the_mean():
    X, y = small_data(40)
    run = train(zeros(), X, y, lr=0.05, epochs=400, mode="batch")
    final = run.params
    assert final.weights == (0.0,) * 6 and final.b1 == 0.0 and final.b2 == 0.0
    assert final.b3 == pytest.approx(y.mean(), rel=1e-9)
    assert run.final_loss == pytest.approx(y.var(), rel=1e-9)


def test_identical_start_stays_symmetric_for_ever():
    X, y = small_data(40)
    run = train(identical(0.5), X, y, lr=1e-3, epochs=200, record=True)
    path = run.trajectory
    for a, b in (("w1", "w2"), ("w3", "w4"), ("w5", "w6"), ("b1", "b2")):
        assert np.array_equal(path[:, NAMES.index(a)], path[:, NAMES.index(b)]), (a, b)
    assert not np.array_equal(path[0], path[-1])  # it did train, just as one node


def test_divergence_is_a_state_not_a_warning():
    X, y = small_data(300)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = train(LECTURE_START_2, X, y, lr=0.2, epochs=1000)
    assert run.diverged and run.diverged_at >= 1
    assert run.params.is_finite() and np.all(np.isfinite(run.losses))
    assert len(run.losses) == run.diverged_at - 1
    assert "diverged at epoch" in run.describe()


def test_reference_never_raises_on_overflow():
    loss_value, *grads = reference.backward(1e100, 1e100, 1e100, 1e100,
                                            reference.network(*[1e100] * 9, 1e100, 1e100), 0.0)
    assert math.isinf(loss_value)


def test_a_parameter_beyond_1e100_is_divergence_even_when_finite():
    X, y = np.array([[1e50, 0.0]]), np.array([0.0])
    ref = reference_run(LECTURE_START, X, y, 1e-3, 3)
    run = train(LECTURE_START, X, y, 1e-3, 3)
    assert run.diverged_at == ref[2] == 1 and run.params == LECTURE_START


# ---------------------------------------------------------------- schedules

def test_step_decay_halves_the_rate_every_k_epochs():
    X, y = small_data()
    run = train(LECTURE_START, X, y, 1e-4, 7, schedule=StepDecay(factor=0.5, every=3))
    assert not run.diverged
    assert run.lrs.tolist() == pytest.approx([1e-4] * 3 + [5e-5] * 3 + [2.5e-5], rel=1e-15)


def test_reduce_on_plateau_cuts_the_rate_when_the_loss_stops_falling():
    # The perfect start on its own sample has loss 0 for ever: a plateau from epoch 1.
    X, y = np.array([[1.0, 0.0]]), np.array([2.0])
    run = train(PERFECT_START, X, y, 0.1, 9, schedule=ReduceOnPlateau(factor=0.5, patience=3))
    assert run.lrs.tolist() == [0.1] * 4 + [0.05] * 3 + [0.025] * 2
    X, y = small_data()
    plain = train(LECTURE_START, X, y, 1e-3, 30)
    scheduled = train(LECTURE_START, X, y, 1e-3, 30, schedule=ReduceOnPlateau(patience=5))
    assert np.array_equal(plain.losses, scheduled.losses)  # falling steadily: never reduced
    assert np.all(scheduled.lrs == 1e-3)


# ---------------------------------------------------------------- bad input

X_OK, Y_OK = small_data(10)


@pytest.mark.parametrize("kwargs,needle", [
    (dict(lr=0), "lr must be a finite number > 0"),
    (dict(lr=-1e-3), "lr must be a finite number > 0"),
    (dict(lr=float("nan")), "lr must be a finite number > 0"),
    (dict(lr=float("inf")), "lr must be a finite number > 0"),
    (dict(epochs=-1), "epochs must be a whole number from 0 to 10,000,000"),
    (dict(epochs=2.5), "epochs must be a whole number from 0 to 10,000,000"),
    (dict(epochs="7"), "epochs must be a whole number from 0 to 10,000,000, got '7'"),
    (dict(epochs=10**9), "epochs must be a whole number from 0 to 10,000,000"),
    (dict(lr=1e-3, epochs=10**7, X=np.zeros((300, 2)), y=np.zeros(300)), "at most 2,000,000,000"),
    (dict(record="no"), "record must be True or False, got 'no'"),
    (dict(batch_size=10), "batch_size does not apply in mode='online'"),
    (dict(mode="batch", shuffle_seed=3), "shuffle_seed does not apply in mode='batch'"),
    (dict(X=np.ones((5, 4))), "X must be an array of shape (n, 2)"),
    (dict(X=X_OK.astype(complex)), "got complex numbers"),
    (dict(X=X_OK.astype(str)), "got text"),
    (dict(mode="sgd"), "mode must be one of"),
    (dict(mode="minibatch"), "needs batch_size"),
    (dict(mode="minibatch", batch_size=11), "from 1 to 10"),
    (dict(output="sigmoid"), "output must be one of"),
    (dict(X=np.ones((10, 3))), "X must be an array of shape (n, 2)"),
    (dict(y=np.ones(9)), "X has 10 rows but y has 9"),
    (dict(y=np.r_[np.ones(9), np.nan]), "y contains NaN"),
    (dict(X=np.zeros((0, 2)), y=np.zeros(0)), "X is empty"),
    (dict(params=[1] * 9), "must be a nnmath.Params"),
    (dict(schedule="cosine"), "schedule must be"),
])
def test_invalid_arguments_raise_value_error_saying_what_is_allowed(kwargs, needle):
    args = dict(params=LECTURE_START, X=X_OK, y=Y_OK, lr=1e-3, epochs=5)
    args.update(kwargs)
    with pytest.raises(ValueError) as error:
        train(**args)
    assert needle in str(error.value)


def test_invalid_sweep_and_params_arguments():
    with pytest.raises(ValueError, match="lr must be a finite number > 0"):
        sweep(LECTURE_START, X_OK, Y_OK, lr=[1e-3, -1], epochs=3)
    with pytest.raises(ValueError, match="empty list"):
        sweep([], X_OK, Y_OK, lr=1e-3, epochs=3)
    with pytest.raises(ValueError, match="values must be 9 numbers in the order w1..w6, b1..b3"):
        Params.from_array([1, 2, 3])
    with pytest.raises(ValueError, match="unknown name"):
        LECTURE_START.replace(w7=1)
    with pytest.raises(ValueError, match=r"Params.w1 must be a finite number"):
        Params(*["a"] * 9)
    with pytest.raises(ValueError, match=r"bias1 \(did you mean b1\?\); allowed: w1, w2"):
        Params(w1=1, w2=1, w3=1, w4=1, w5=1, w6=1, bias1=0, b2=0, b3=0)
    with pytest.raises(ValueError, match="Params.b3 must be a finite number"):
        Params(*[0.0] * 8, float("nan"))
