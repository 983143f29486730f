"""08_data's checks: the right answer is correct, each typical wrong answer gets its own hint, None is not yet.

Expected values are worked out by hand on a small column, so the checks are tested against numbers that do
not come from the code under test.
"""
import numpy as np
import pytest

from nnmath.exercises.data_extra import (check_noise_floor, check_scaled_column, check_unscaled_loss,
                                         scaling_mistakes)

COLUMN = np.array([2.0, 4.0, 6.0, 10.0])   # min 2, max 10, range 8, mean 5.5, population std sqrt(8.75)
STD = np.sqrt(8.75)                         # (3.5**2 + 1.5**2 + 0.5**2 + 4.5**2) / 4 = 35 / 4


def assert_hint(verdict, mistake):
    assert verdict.status == "wrong", verdict.text
    assert mistake in verdict.mistakes, verdict.text
    assert "hint: " in verdict.text


# ---------------------------------------------------------------- scaling a column


def test_scaled_column_right_answers():
    assert check_scaled_column([0.0, 0.25, 0.5, 1.0], COLUMN, "minmax").correct
    assert check_scaled_column((COLUMN - 5.5) / STD, COLUMN, "zscore").correct


def test_scaled_column_empty_is_not_yet():
    assert check_scaled_column(None, COLUMN).status == "not yet"
    assert check_scaled_column(None, COLUMN, "zscore").status == "not yet"


SCALING_CASES = [
    ("minmax", COLUMN / 8, "min not subtracted"),                       # 0.25, 0.5, 0.75, 1.25
    ("minmax", (COLUMN - 2) / 10, "divided by max"),                   # 0, 0.2, 0.4, 0.8
    ("minmax", (COLUMN - 5.5) / 8, "mean instead of min"),
    ("minmax", (COLUMN - 5.5) / STD, "z-scored"),
    ("zscore", (COLUMN - 5.5) / np.sqrt(35 / 3), "n - 1"),               # sample std: 35 / (4 - 1)
    ("zscore", COLUMN / STD, "mean not subtracted"),
    ("zscore", (COLUMN - 5.5) / 8.75, "divided by the variance"),
    ("zscore", [0.0, 0.25, 0.5, 1.0], "min-max scaled"),
]


@pytest.mark.parametrize("method, answer, mistake", SCALING_CASES)
def test_scaled_column_typical_mistakes_get_their_hint(method, answer, mistake):
    assert_hint(check_scaled_column(answer, COLUMN, method), mistake)


def test_scaling_cases_cover_every_mistake():
    for method in ("minmax", "zscore"):
        known = {m.name for m in scaling_mistakes(COLUMN, method)}
        assert known == {case[2] for case in SCALING_CASES if case[0] == method}


def test_scaled_column_other_wrong_answers():
    verdict = check_scaled_column([0.0, 0.3, 0.5, 1.0], COLUMN)
    assert verdict.status == "wrong" and not verdict.mistakes and "runs from 0 to 1" in verdict.text
    assert "shape" in check_scaled_column([0.0, 1.0], COLUMN).text
    assert check_scaled_column("0, 0.25", COLUMN).status == "wrong"
    with pytest.raises(ValueError):
        check_scaled_column([0.0, 0.25, 0.5, 1.0], COLUMN, "robust")


# ---------------------------------------------------------------- the noise floor


def test_noise_floor():
    # 0..8: m = 9 values, (81 - 1) / 12 = 6.6667; 0..4: (25 - 1) / 12 = 2
    assert check_noise_floor(80 / 12, 8).correct
    assert check_noise_floor(2.0, 4).correct
    assert check_noise_floor(None, 8).status == "not yet"


@pytest.mark.parametrize("answer, mistake", [
    (64 / 12, "continuous"),           # N**2 / 12
    (81 / 12, "m squared"),            # (N + 1)**2 / 12
    (np.sqrt(80 / 12), "standard deviation"),
    (4.0, "mean"),                     # N / 2
    (60 / 8, "n - 1"),                 # sum of squares about 4 is 60, divided by 9 - 1
])
def test_noise_floor_typical_mistakes_get_their_hint(answer, mistake):
    assert_hint(check_noise_floor(answer, 8), mistake)


# ---------------------------------------------------------------- a scaled loss in the units of y


def test_unscaled_loss():
    # 0.05 in scaled units, y divided by 12: 0.05 * 144 = 7.2
    assert check_unscaled_loss(7.2, 0.05, 12).correct
    assert check_unscaled_loss(None, 0.05, 12).status == "not yet"


@pytest.mark.parametrize("answer, mistake", [
    (0.6, "not squared"),                   # 0.05 * 12
    (0.05 / 144, "divided"),
    (np.sqrt(0.05) * 12, "square root"),
])
def test_unscaled_loss_typical_mistakes_get_their_hint(answer, mistake):
    assert_hint(check_unscaled_loss(answer, 0.05, 12), mistake)
