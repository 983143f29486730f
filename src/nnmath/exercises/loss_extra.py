"""More loss exercises (02_loss): the best constant for a few targets, the loss it leaves, and the noise floor.

True values come from `analysis.best_constant` (the mean and the variance of y) and `data.noise_variance`;
typical wrong answers are those computations with one mistake, never typed-in numbers:

    check_best_constant     the median (the absolute error's best constant), the middle of the range
    check_constant_loss     the standard deviation, dividing by n - 1, the sum instead of the mean,
                            the mean of y**2 (the loss of predicting 0)
    check_noise_floor       E[n**2] (the rule without the noise's mean), E[n]**2, 0 (the true rule is not perfect
                            on noisy targets), the standard deviation
"""
from __future__ import annotations

import math

import numpy as np

from ..core.analysis import best_constant
from ..core.checks import real_array, validate
from ..core.data import noise_variance
from .numbers import Mistake, check_number
from .verdict import Verdict, shown


def _targets(y) -> tuple[np.ndarray, str]:
    y = real_array("y", y, 1)
    text = "(" + ", ".join(shown(v) for v in y.tolist()) + ")" if len(y) <= 6 else f"{len(y)} targets"
    return y, text


def check_best_constant(answer, y) -> Verdict:
    """The constant c with the smallest mean squared error on targets y: their mean (02_loss)."""
    y, text = _targets(y)
    mean, _ = best_constant(y)
    mistakes = [
        Mistake("median", "that is the median, the best constant for the absolute error |c - y|; for the squared "
                          "error solve L'(c) = 2 (c - mean(y)) = 0.", float(np.median(y))),
        Mistake("middle of the range", "that is halfway between the smallest and the largest target; the best "
                                       "constant weighs every target: solve L'(c) = 2 (c - mean(y)) = 0.",
                float((y.min() + y.max()) / 2)),
    ]
    return check_number(answer, mean, f"the best constant for y = {text}", mistakes)


def check_constant_loss(answer, y) -> Verdict:
    """The mean squared error the best constant leaves on targets y: their variance, divided by n (02_loss)."""
    y, text = _targets(y)
    mean, variance = best_constant(y)
    mistakes = [
        Mistake("standard deviation", "that is the standard deviation; the loss is a mean of squared errors: its "
                                      "square, the variance.", math.sqrt(variance)),
        Mistake("n - 1", "the loss averages over all n targets: divide by n, not n - 1.",
                float(np.var(y, ddof=1)) if len(y) > 1 else np.nan),
        Mistake("summed", "the loss is the mean of (c - y)**2, not the sum: divide by n.",
                float(np.sum((y - mean) ** 2))),
        Mistake("predicting 0", "that is the loss of predicting 0 (the mean of y**2); the best constant is the mean, "
                                "and the loss it leaves is the mean of (mean(y) - y)**2.", float(np.mean(y ** 2))),
    ]
    return check_number(answer, variance, f"the loss the best constant leaves for y = {text}", mistakes)


def check_noise_floor(answer, noise_max: int = 4) -> Verdict:
    """The MSE of the true rule x1**2 + x2 + mean(noise) on a very large sample: the noise's variance (02_loss).

    The noise is a whole number drawn uniformly from 0..noise_max.
    """
    noise_max = validate(noise_max=noise_max)
    values = np.arange(noise_max + 1, dtype=np.float64)
    true_value = noise_variance(noise_max)
    mistakes = [
        Mistake("E[n**2]", "that is E[n**2], the MSE of the rule WITHOUT the noise's mean; the rule here adds the "
                           "mean, so what is left is E[(n - mean)**2], the variance.", float(np.mean(values ** 2))),
        Mistake("E[n]**2", "Var(n) = E[n**2] - E[n]**2: you have the second term only.", float(np.mean(values) ** 2)),
        Mistake("zero", "the rule is right, but every target still carries its own noise, which no prediction from "
                        "x can know: the error n - mean(n) is left.", 0.0),
        Mistake("standard deviation", "that is the standard deviation of the noise; an MSE is in squared units: "
                                      "the variance.", math.sqrt(true_value)),
    ]
    return check_number(answer, true_value, f"the MSE of the true rule, noise 0..{noise_max}", mistakes)


__all__ = ["check_best_constant", "check_constant_loss", "check_noise_floor"]
