"""core.start_study: the students' data sets for 06 and 07, the first updates, the quadratic valley."""
import numpy as np
import pytest

import nnmath
from nnmath.core import start_study as ss
from nnmath.core.init import LECTURE_START, LECTURE_START_2


def test_the_lecture_scaling_shares_one_offset_and_scale_over_all_three_columns():
    from nnmath.core.scaling import scale_like_the_lecture

    X = np.array([[0.0, 13.0], [26.0, 2.0]])
    y = np.array([5.0, 26.0])
    s = scale_like_the_lecture(X, y)
    assert (s.low, s.high) == (0.0, 26.0)
    assert np.allclose(s.X, X / 26) and np.allclose(s.y, y / 26)
    assert s.unscale_mse(1.0) == 26.0 ** 2


def test_report_b_start_has_node_1_off_on_every_scaled_sample():
    data = ss.report_b_data()
    z1_max, z2_max = ss.largest_z(ss.REPORT_B_START, data.X)
    assert z1_max < 0 < z2_max
    assert data.X.min() >= 0 and data.y.max() == 1.0


def test_lecture_random_target_follows_the_lecture_generator_with_the_third_draw_changed():
    rng = np.random.RandomState(123)
    rows = [(rng.randint(0, 5), rng.randint(3, 7), rng.randint(0, 100)) for _ in range(100)]
    X, y = ss.lecture_random_target()
    assert np.array_equal(X, np.array(rows, float)[:, :2]) and np.array_equal(y, np.array(rows, float)[:, 2])
    assert y.min() >= 0 and y.max() <= 99


def test_update_by_update_is_the_students_loop_bit_for_bit():
    X, y = nnmath.data.lecture_data()
    start = LECTURE_START_2.replace(b1=100.0, b2=100.0, b3=100.0)
    updates = ss.update_by_update(start, X, y, 0.0004, 100)
    run = nnmath.faulty_train(start, X, y, 0.0004, 1, "the lecture's fixed loop", "relu")
    assert np.array_equal(updates[-1].params.to_array(), run.params.to_array())
    assert (updates[1].h1_on, updates[1].h2_on) == (0, 0)       # both nodes dead after the second update
    assert updates[0].d_out == pytest.approx(2 * (updates[0].out - updates[0].y))


def test_linear_valley_is_the_exact_quadratic_of_the_loss():
    X, y = ss.lecture_random_target()
    v = ss.linear_valley(LECTURE_START, X, y, "b3", "w5")
    lowest = LECTURE_START.replace(b3=v.lowest[0], w5=v.lowest[1])
    assert nnmath.loss(lowest, X, y) == pytest.approx(v.lowest_loss)
    g = nnmath.gradients(lowest, X, y)
    assert abs(g.b3) < 1e-8 and abs(g.w5) < 1e-8
    step = np.array([0.3, -0.2])
    moved = LECTURE_START.replace(b3=v.lowest[0] + step[0], w5=v.lowest[1] + step[1])
    assert nnmath.loss(moved, X, y) == pytest.approx(v.lowest_loss + step @ v.hessian @ step / 2)
    assert np.allclose(v.coordinates(v.lowest[None, :]), 0)


def test_linear_valley_refuses_a_parameter_the_output_is_not_linear_in():
    X, y = nnmath.data.lecture_data()
    with pytest.raises(ValueError, match="linear in, got 'w1'"):
        ss.linear_valley(LECTURE_START, X, y, "w1", "b3")
