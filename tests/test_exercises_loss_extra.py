"""02's extra loss checks: right answer correct, each typical wrong answer its hint, None not yet.

By hand for y = (1, 2, 6): mean 3, median 2, middle of the range 3.5; the loss left is the variance
((1-3)**2 + (2-3)**2 + (6-3)**2) / 3 = 14/3; its root 2.1602; with n - 1: 7; the sum 14; the mean of y**2 41/3.
Noise 0..4: mean 2, E[n**2] = (0 + 1 + 4 + 9 + 16) / 5 = 6, variance 6 - 4 = 2, E[n]**2 = 4, root 1.4142.
"""
import pytest

from nnmath.exercises.loss_extra import check_best_constant, check_constant_loss, check_noise_floor

Y = (1, 2, 6)


def assert_hint(verdict, mistake):
    assert verdict.status == "wrong", verdict.text
    assert mistake in verdict.mistakes, verdict.text
    assert "hint: " in verdict.text


def test_right_answers():
    assert check_best_constant(3.0, Y).correct
    assert check_constant_loss(14 / 3, Y).correct
    assert check_noise_floor(2.0).correct


def test_empty_answers_are_not_yet():
    for verdict in (check_best_constant(None, Y), check_constant_loss(None, Y), check_noise_floor(None)):
        assert verdict.status == "not yet", verdict.text


@pytest.mark.parametrize("answer, mistake", [(2.0, "median"), (3.5, "middle of the range")])
def test_best_constant_mistakes(answer, mistake):
    assert_hint(check_best_constant(answer, Y), mistake)


@pytest.mark.parametrize("answer, mistake", [(2.1602, "standard deviation"), (7.0, "n - 1"), (14.0, "summed"),
                                             (41 / 3, "predicting 0")])
def test_constant_loss_mistakes(answer, mistake):
    assert_hint(check_constant_loss(answer, Y), mistake)


@pytest.mark.parametrize("answer, mistake", [(6.0, "E[n**2]"), (4.0, "E[n]**2"), (0.0, "zero"),
                                             (1.4142, "standard deviation")])
def test_noise_floor_mistakes(answer, mistake):
    assert_hint(check_noise_floor(answer), mistake)


def test_titles_name_the_targets():
    assert "y = (1, 2, 6)" in check_best_constant(3, Y).text
    assert "noise 0..4" in check_noise_floor(2).text
