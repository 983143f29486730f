"""Predict a loss before training (02_loss, 07_random_target).

`check_loss`: the loss of given parameters on given data, `nnmath.loss` (mean of (out - y)**2).
`check_loss_from_zeros`: the loss that training from the all-zero start ends at. With every
parameter 0, z1 = z2 = 0 for every sample, so h1 = h2 = 0 and relu'(0) = 0: no weight and no
hidden bias ever gets a gradient, and only b3 learns. b3 goes to the best constant, mean(y),
and the loss to what a constant leaves: var(y) (`analysis.best_constant`).
"""
from __future__ import annotations

import math

import numpy as np

from ..core.analysis import best_constant
from ..core.checks import check_data, real_array, validate
from ..core.init import LECTURE_START
from ..core.params import Params
from ..core.reference import loss, predict
from .gradients import LECTURE_SAMPLE
from .numbers import Mistake, check_number
from .verdict import Verdict


def loss_mistakes(params: Params, X, y, output: str = "linear") -> list[Mistake]:
    """The typical wrong losses: computed from the reference's errors out - y with one mistake."""
    X, y = check_data(X, y)
    with np.errstate(over="ignore", invalid="ignore"):  # a mistake beyond the float range: inf, never matched
        error = predict(params, X, output) - y
        mse = float(np.mean(error ** 2))
        return _loss_mistakes(error, mse)


def _loss_mistakes(error, mse):
    return [
        Mistake("summed", "the loss is the mean of (out - y)**2 over the samples: divide the sum by n.",
                float(np.sum(error ** 2))),
        Mistake("not squared", "each sample's loss is (out - y)**2: square the error before averaging.",
                float(np.mean(error))),
        Mistake("absolute", "each sample's loss is (out - y)**2, the square, not |out - y|.", float(np.mean(abs(error)))),
        Mistake("root", "that is the root of the mean squared error; the loss is the mean squared error itself.",
                math.sqrt(mse)),
        Mistake("halved", "the course's loss is (out - y)**2, without the 1/2 some books put in front.", mse / 2),
    ]


def check_loss(answer, params: Params = LECTURE_START, X=((LECTURE_SAMPLE[0], LECTURE_SAMPLE[1]),),
               y=(LECTURE_SAMPLE[2],), output: str = "linear") -> Verdict:
    """The loss of params on X, y before any training (02_loss); the lecture sample by default (0.25)."""
    X, y = check_data(X, y)
    output = validate(output=output)
    return check_number(answer, loss(params, X, y, output), f"the loss on {len(y)} sample{'s' * (len(y) > 1)}",
                        loss_mistakes(params, X, y, output))


def check_loss_from_zeros(answer, y) -> Verdict:
    """The loss that training from the all-zero start ends at: var(y) (02_loss, 07_random_target).

    Computed by `analysis.best_constant(y)` (see the module docstring for why only b3 learns).
    """
    y = real_array("y", y, 1)
    mean, variance = best_constant(y)
    with np.errstate(over="ignore"):
        mistakes = _zeros_mistakes(y, mean, variance)
    return check_number(answer, variance, f"the loss training ends at from the all-zero start ({len(y)} samples)",
                        mistakes)


def _zeros_mistakes(y, mean, variance):
    return [m for m in [
        Mistake("the mean", "that is where b3 ends (the mean of y); the loss is what it leaves: the mean of "
                            "(mean(y) - y)**2.", mean),
        Mistake("standard deviation", "that is the standard deviation; the loss is a mean squared error: its "
                                      "square, the variance.", math.sqrt(variance)),
        Mistake("n - 1", "the loss averages over all n samples: divide by n, not n - 1.",
                float(np.var(y, ddof=1)) if len(y) > 1 else np.nan),
        Mistake("start loss", "that is the loss at the start (out = 0 for every sample); b3 still learns: it moves "
                              "to the mean of y.", float(np.mean(y ** 2))),
        Mistake("zero", "from all zeros h1 = h2 = 0 and relu'(0) = 0, so no weight learns: only b3 does, and a "
                        "constant cannot fit the data.", 0.0),
    ]]


__all__ = ["loss_mistakes", "check_loss", "check_loss_from_zeros"]
