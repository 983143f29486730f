"""A target with no pattern: the best constant, the loss it leaves, on training and on held-out data (07).

    check_best_constant(answer, y)              the constant c with the lowest mean of (c - y)**2: mean(y)
    check_loss_left(answer, y)                  the loss that constant leaves: var(y)
    check_uniform_variance(answer, low, high)   the variance of a whole number uniform on low..high: (m**2 - 1) / 12
    check_held_out_constant(answer, c, y_test)  the held-out loss of a constant prediction c:
                                                mean((c - y_test)**2) = var(y_test) + (mean(y_test) - c)**2

True values come from `analysis.best_constant` and `data.uniform_integer_variance`; each typical mistake
is that computation with one thing changed (the median for the mean, n - 1 for n, ...).
"""
from __future__ import annotations

import math

import numpy as np

from ..core.analysis import best_constant
from ..core.checks import RULES, check, real_array, validate
from ..core.data import uniform_integer_variance
from .numbers import Mistake, check_number
from .verdict import Verdict, shown


def _targets(y) -> np.ndarray:
    return real_array("y", y, 1)


def check_best_constant(answer, y) -> Verdict:
    """The constant prediction with the lowest mean squared error on y: the mean (07_random_target)."""
    y = _targets(y)
    mean, _ = best_constant(y)
    mistakes = [
        Mistake("median", "the median is the best constant for the mean ABSOLUTE error; for the squared error it "
                          "is the mean: d/dc mean((c - y)**2) = 2 (c - mean(y)) = 0.", float(np.median(y))),
        Mistake("midrange", "halfway between the smallest and largest target ignores every other target: the "
                            "best constant is the mean of all of them.", float((y.min() + y.max()) / 2)),
        Mistake("rounded", "keep the decimals: the best constant is exactly the mean, not a whole number.",
                float(round(mean))),
    ]
    return check_number(answer, mean, f"the best constant for y = {shown(y)}", mistakes)


def check_loss_left(answer, y) -> Verdict:
    """The mean squared error the best constant leaves on y: the variance (07_random_target)."""
    y = _targets(y)
    mean, variance = best_constant(y)
    mistakes = [
        Mistake("standard deviation", "that is the standard deviation; the loss is a mean of SQUARED errors: its "
                                      "square, the variance.", math.sqrt(variance)),
        Mistake("n - 1", "the loss averages over all n targets: divide by n, not n - 1.",
                float(np.var(y, ddof=1)) if len(y) > 1 else np.nan),
        Mistake("mean of squares", "that is the loss of predicting 0; the best constant is the mean, and the loss "
                                   "it leaves is the mean of (y - mean(y))**2.", float(np.mean(y ** 2))),
        Mistake("absolute", "each error counts squared, (y - mean(y))**2, not |y - mean(y)|.",
                float(np.mean(np.abs(y - mean)))),
    ]
    return check_number(answer, variance, f"the loss the best constant leaves on y = {shown(y)}", mistakes)


def check_uniform_variance(answer, low: int, high: int) -> Verdict:
    """The variance of a whole number drawn uniformly from low..high: (m**2 - 1) / 12, m values (07)."""
    low, high = validate(low=low, high=high)
    true_value = uniform_integer_variance(low, high)
    m = high - low + 1
    mistakes = [
        Mistake("continuous, width m", "m**2 / 12 is a continuous uniform of width m; m whole numbers give "
                                       "(m**2 - 1) / 12.", m * m / 12),
        Mistake("continuous, width m - 1", "(high - low)**2 / 12 is a continuous uniform from low to high; m whole "
                                           "numbers give (m**2 - 1) / 12.", (m - 1) ** 2 / 12),
        Mistake("n - 1", "the m values are the whole distribution, each with probability 1/m: divide by m, not "
                         "m - 1.", float(np.var(np.arange(low, high + 1), ddof=1)) if m > 1 else np.nan),
        Mistake("mean of squares", "that is E[y**2]; the variance is E[y**2] - E[y]**2.",
                float(np.mean(np.arange(low, high + 1, dtype=np.float64) ** 2))),
        Mistake("standard deviation", "that is the standard deviation; the variance is its square.",
                math.sqrt(true_value)),
    ]
    return check_number(answer, true_value, f"the variance of a whole number uniform on {low}..{high}", mistakes)


def check_held_out_constant(answer, c: float, y_test) -> Verdict:
    """The held-out loss of predicting the constant c for every test target (07_random_target).

    mean((c - y_test)**2) = var(y_test) + (mean(y_test) - c)**2: the test targets' own spread, plus how far
    the constant sits from their mean.
    """
    c = check("c", c, RULES["value"])
    y_test = real_array("y_test", y_test, 1)
    spread, offset = float(np.var(y_test)), float((np.mean(y_test) - c) ** 2)
    true_value = float(np.mean((c - y_test) ** 2))
    mistakes = [
        Mistake("offset left out", "var(y_test) is the loss of the TEST mean; c is not that mean: add "
                                   "(mean(y_test) - c)**2.", spread),
        Mistake("spread left out", "(mean(y_test) - c)**2 is only how far c sits from the test mean; the test "
                                   "targets also spread around their mean: add var(y_test).", offset),
        Mistake("n - 1", "the loss averages over all n test targets: divide by n, not n - 1.",
                float(np.var(y_test, ddof=1)) + offset if len(y_test) > 1 else np.nan),
        Mistake("root", "that is the root of the mean squared error; the loss is the mean squared error itself.",
                math.sqrt(true_value)),
    ]
    return check_number(answer, true_value, f"the held-out loss of the constant {shown(c)}", mistakes)


__all__ = ["check_best_constant", "check_loss_left", "check_uniform_variance", "check_held_out_constant"]
