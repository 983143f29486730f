"""07_random_target's checks. Expected values by hand for y = (3, 9, 0, 6, 7): mean 25 / 5 = 5, median 6,
midrange 4.5; squared deviations 4, 16, 25, 1, 4: variance 50 / 5 = 10, with n - 1: 12.5; mean of squares 35;
mean |deviation| (2 + 4 + 5 + 1 + 2) / 5 = 2.8. Uniform 0..9 (m = 10): (100 - 1) / 12 = 8.25; 100 / 12; 81 / 12 = 6.75;
E[y**2] = 285 / 10 = 28.5; n - 1: 82.5 / 9. Held out: c = 4, y_test = (1, 2, 3): (9 + 4 + 1) / 3 = 14 / 3;
var 2/3, offset (2 - 4)**2 = 4, n - 1: 1 + 4 = 5.
"""
import math

import pytest

from nnmath.exercises.random_target_extra import (check_best_constant, check_held_out_constant, check_loss_left,
                                                  check_uniform_variance)

Y = (3, 9, 0, 6, 7)


def test_right_answers():
    assert check_best_constant(5, Y).correct
    assert check_loss_left(10, Y).correct
    assert check_uniform_variance(8.25, 0, 9).correct
    assert check_held_out_constant(14 / 3, 4, (1, 2, 3)).correct


@pytest.mark.parametrize("verdict, mistake", [
    (lambda: check_best_constant(6, Y), "median"),
    (lambda: check_best_constant(4.5, Y), "midrange"),
    (lambda: check_best_constant(5, (3, 9, 0, 6, 8)), "rounded"),          # mean 5.2
    (lambda: check_loss_left(math.sqrt(10), Y), "standard deviation"),
    (lambda: check_loss_left(12.5, Y), "n - 1"),
    (lambda: check_loss_left(35, Y), "mean of squares"),
    (lambda: check_loss_left(2.8, Y), "absolute"),
    (lambda: check_uniform_variance(100 / 12, 0, 9), "continuous, width m"),
    (lambda: check_uniform_variance(6.75, 0, 9), "continuous, width m - 1"),
    (lambda: check_uniform_variance(82.5 / 9, 0, 9), "n - 1"),
    (lambda: check_uniform_variance(28.5, 0, 9), "mean of squares"),
    (lambda: check_uniform_variance(math.sqrt(8.25), 0, 9), "standard deviation"),
    (lambda: check_held_out_constant(2 / 3, 4, (1, 2, 3)), "offset left out"),
    (lambda: check_held_out_constant(4, 4, (1, 2, 3)), "spread left out"),
    (lambda: check_held_out_constant(5, 4, (1, 2, 3)), "n - 1"),
    (lambda: check_held_out_constant(math.sqrt(14 / 3), 4, (1, 2, 3)), "root"),
])
def test_typical_mistakes_get_their_hint(verdict, mistake):
    v = verdict()
    assert v.status == "wrong" and mistake in v.mistakes and "hint: " in v.text, v.text


def test_empty_answers_are_not_yet():
    for v in (check_best_constant(None, Y), check_loss_left(None, Y), check_uniform_variance(None, 0, 9),
              check_held_out_constant(None, 4, (1, 2, 3))):
        assert v.status == "not yet", v.text
