"""05_learning_rate's own checks: the best loss of an on/off pattern, and the noise floor.

`check_pattern_bound`: with every sample's on/off pattern of the hidden nodes fixed, the network is a linear
combination of a few columns (`core.lr_study.pattern_features`: a column of ones for b3, and per node that is on
somewhere the columns s x1, s x2, s with s = 1 where it is on); least squares over them gives the lowest loss any
parameters with that pattern can reach. Typical wrong answers, each the same least squares with one thing changed:

    plane            the columns 1, x1, x2 only: node 1's extra piece forgotten (the best plane)
    node 1 left out  node 2's columns and the ones only
    no b3 column     the column of ones (b3) left out
    summed           the sum of the squared errors, not their mean
    root             the root of the mean squared error

`check_noise_floor`: the variance of a whole number drawn uniformly from 0..noise_max,
E[n**2] - E[n]**2 = ((noise_max + 1)**2 - 1) / 12 (`nnmath.data.noise_variance`).
"""
from __future__ import annotations

import math

import numpy as np

from ..core.checks import check_data, validate
from ..core.data import noise_variance
from ..core.lr_study import least_squares_mse, pattern_bound, pattern_features
from ..core.params import Params, check_params
from ..core.reference import forward_all
from .numbers import Mistake, check_number
from .verdict import Verdict


def pattern_bound_mistakes(params: Params, X, y) -> list[Mistake]:
    """The typical wrong answers for `check_pattern_bound`, computed by least squares with one mistake planted."""
    X, y = check_data(X, y)
    F = pattern_features(params, X)
    f = forward_all(params, X)
    with np.errstate(over="ignore", invalid="ignore"):  # a mistake beyond the float range: inf, never matched
        return _pattern_mistakes(X, y, F, f)


def _least_squares_or_nan(F, y) -> float:
    """least_squares_mse(F, y); with no column the best fit is 0 (mean of y**2); NaN where the fit overflows."""
    if F.shape[1] == 0:
        return float(np.mean(y ** 2))
    try:
        return least_squares_mse(F, y)
    except ValueError:
        return np.nan


def _pattern_mistakes(X, y, F, f):
    residual = y - F @ np.linalg.lstsq(F, y, rcond=None)[0]
    found = [
        Mistake("plane", "the columns 1, x1, x2 are the best plane: node 1's piece, switched on only where h1 is on, "
                         "is missing (add s*x1, s*x2, s with s = 1 where z1 > 0).", _least_squares_or_nan(
                             np.column_stack([np.ones(len(X)), X]), y)),
        Mistake("no b3 column", "b3 adds the same number to every sample: keep a column of ones.",
                _least_squares_or_nan(F[:, 1:], y)),
        Mistake("summed", "the loss is the mean of the squared errors, not their sum.", float(np.sum(residual ** 2))),
        Mistake("root", "that is the root of the mean squared error; the loss is the mean squared error itself.",
                math.sqrt(float(np.mean(residual ** 2)))),
    ]
    on2 = (f.z2 > 0).astype(np.float64)
    if on2.any() and not on2.all():  # on everywhere, node 2's columns are the plane's
        node2_only = np.column_stack([np.ones(len(X)), on2 * X[:, 0], on2 * X[:, 1], on2])
        found.append(Mistake("node 1 left out", "node 1 is on for some samples: its columns s*x1, s*x2, s "
                                                "(s = 1 where z1 > 0) belong in the fit too.",
                             _least_squares_or_nan(node2_only, y)))
    return found


def check_pattern_bound(answer, params: Params, X, y) -> Verdict:
    """The lowest loss any parameters with params' on/off pattern reach on X, y (05_learning_rate)."""
    check_params(params)
    X, y = check_data(X, y)
    return check_number(answer, pattern_bound(params, X, y), "the best loss with this on/off pattern",
                        pattern_bound_mistakes(params, X, y),
                        why="least squares over the pattern's columns: no parameters with this pattern do better")


def noise_floor_mistakes(noise_max: int) -> list[Mistake]:
    noise_max = validate(noise_max=noise_max)
    values = np.arange(noise_max + 1, dtype=np.float64)
    mean, mean_square = float(values.mean()), float(np.mean(values ** 2))
    return [
        Mistake("E[n^2]", f"that is E[n**2]; the floor is the variance, E[n**2] - E[n]**2 = {mean_square:g} - "
                          f"{mean:g}**2.", mean_square),
        Mistake("the mean", "that is E[n], the noise's mean; the model can learn a mean. What it cannot learn is "
                            "the spread around it: the variance.", mean),
        Mistake("standard deviation", "that is the standard deviation; the loss is a mean squared error, so its "
                                      "floor is the variance (the square).", math.sqrt(noise_variance(noise_max))),
        Mistake("n - 1", "the noise's variance divides by the number of values (they are equally likely), not by "
                         "that number minus 1.", float(np.var(values, ddof=1)) if noise_max > 0 else np.nan),
    ]


def check_noise_floor(answer, noise_max: int = 9) -> Verdict:
    """The noise floor for integer noise drawn uniformly from 0..noise_max: its variance (05_learning_rate)."""
    noise_max = validate(noise_max=noise_max)
    return check_number(answer, noise_variance(noise_max), f"the noise floor for noise 0..{noise_max}",
                        noise_floor_mistakes(noise_max), why=f"((noise_max + 1)**2 - 1) / 12 with noise_max = "
                                                             f"{noise_max}")


__all__ = ["pattern_bound_mistakes", "check_pattern_bound", "noise_floor_mistakes", "check_noise_floor"]
