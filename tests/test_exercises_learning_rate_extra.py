"""05_learning_rate's own checks: the best loss of an on/off pattern and the noise floor.

Right answer -> correct, each typical wrong answer -> its hint, None -> not yet.
"""
import math

import numpy as np
import pytest

import nnmath
from nnmath import Params
from nnmath.core.lr_study import pattern_bound
from nnmath.exercises.learning_rate_extra import (check_noise_floor, check_pattern_bound, noise_floor_mistakes,
                                                  pattern_bound_mistakes)

X, Y = nnmath.data.lecture_data()
# h1 = relu(x1 - 2): on where x1 is 3 or 4; h2 = relu(x2 - 4.5): on where x2 is 5 or 6. Neither node is on everywhere,
# so every typical mistake gives its own number.
SPLIT = Params.from_lists((1, 0, 0, 1, 1, 1), (-2, -4.5, 0))


def assert_hint(verdict, mistake):
    assert verdict.status == "wrong" and mistake in verdict.mistakes and "hint: " in verdict.text, verdict.text


def by_hand(params):
    f = nnmath.forward_all(params, X)
    s1, s2 = (f.z1 > 0).astype(float), (f.z2 > 0).astype(float)
    F = np.column_stack([np.ones(len(Y)), s1 * X[:, 0], s1 * X[:, 1], s1, s2 * X[:, 0], s2 * X[:, 1], s2])
    return float(np.mean((F @ np.linalg.lstsq(F, Y, rcond=None)[0] - Y) ** 2))


def test_pattern_bound_right_and_empty():
    assert math.isclose(pattern_bound(SPLIT, X, Y), by_hand(SPLIT), rel_tol=1e-12)
    assert check_pattern_bound(by_hand(SPLIT), SPLIT, X, Y).correct
    assert check_pattern_bound(None, SPLIT, X, Y).status == "not yet"


@pytest.mark.parametrize("mistake", ["plane", "no b3 column", "summed", "root", "node 1 left out"])
def test_pattern_bound_typical_mistakes_get_their_hint(mistake):
    values = {m.name: m.value for m in pattern_bound_mistakes(SPLIT, X, Y)}
    assert set(values) == {"plane", "no b3 column", "summed", "root", "node 1 left out"}
    assert_hint(check_pattern_bound(values[mistake], SPLIT, X, Y), mistake)


def test_the_plane_mistake_is_ordinary_least_squares():
    A = np.column_stack([np.ones(len(Y)), X])
    plane = float(np.mean((A @ np.linalg.lstsq(A, Y, rcond=None)[0] - Y) ** 2))
    assert_hint(check_pattern_bound(plane, SPLIT, X, Y), "plane")


def test_with_node_2_on_everywhere_node_1_left_out_is_the_plane_and_not_listed_twice():
    everywhere = SPLIT.replace(b2=10.0)   # z2 = x2 + 5.5 > 0 for every sample
    assert "node 1 left out" not in {m.name for m in pattern_bound_mistakes(everywhere, X, Y)}


def test_noise_floor_right_and_empty():
    # 0..9: E[n] = 4.5, E[n^2] = 285 / 10 = 28.5, variance 28.5 - 20.25 = 8.25
    assert check_noise_floor(8.25).correct
    assert check_noise_floor(2.0, noise_max=4).correct
    assert check_noise_floor(None).status == "not yet"


NOISE_CASES = [(28.5, "E[n^2]"), (4.5, "the mean"), (math.sqrt(8.25), "standard deviation"), (82.5 / 9, "n - 1")]


@pytest.mark.parametrize("answer, mistake", NOISE_CASES)
def test_noise_floor_typical_mistakes_get_their_hint(answer, mistake):
    assert_hint(check_noise_floor(answer, noise_max=9), mistake)


def test_noise_cases_cover_every_mistake():
    assert {m.name for m in noise_floor_mistakes(9)} == {mistake for _, mistake in NOISE_CASES}
