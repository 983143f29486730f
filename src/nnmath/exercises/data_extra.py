"""The checks of 08_data: scale a column by hand, the noise floor, a scaled loss in the data's own units.

`check_scaled_column(answer, values, method)`: the student scales one column ("minmax": into [0, 1];
"zscore": mean 0, standard deviation 1); the true column comes from `nnmath.scaling` (MinMaxScaler,
ZScoreScaler), each typical mistake is that scaler's formula with one thing changed.
`check_noise_floor(answer, noise_max)`: the variance of a whole number drawn uniformly from 0..noise_max,
`nnmath.data.noise_variance`: no model's mean squared error on new data goes below it.
`check_unscaled_loss(answer, scaled_loss, y_scale)`: a loss in scaled units, back in the units of y:
times y_scale**2 (`ScaledData.unscale_mse`).
"""
from __future__ import annotations

import math

import numpy as np

from ..core.checks import MAX_MAGNITUDE, OneOf, Real, Text, check, real_array, validate
from ..core.data import noise_variance
from ..core.scaling import MinMaxScaler, ZScoreScaler
from .numbers import GENERIC_HINT, Mistake, check_number, is_empty, recognised, same_values
from .verdict import Verdict, correct, explained, not_yet, wrong

SCALERS = {"minmax": MinMaxScaler, "zscore": ZScoreScaler}


def scaling_mistakes(values: np.ndarray, method: str) -> list[Mistake]:
    """The typical wrong columns: the scaler's arithmetic with one mistake planted (NaN where it divides by 0)."""
    values = real_array("values", values, 1)
    method = check("method", method, OneOf(tuple(SCALERS)))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return _scaling_mistakes(values, method)


def _scaling_mistakes(values, method):
    low, high = values.min(), values.max()
    mean, std = values.mean(), values.std()
    if method == "minmax":
        return [
            Mistake("min not subtracted", "min-max scaling is (x - min) / (max - min): subtract the column's min "
                                          "first, so the smallest value becomes 0.", values / (high - low)),
            Mistake("divided by max", "divide by the range max - min, not by max: the largest value must "
                                      "become exactly 1.", (values - low) / high),
            Mistake("mean instead of min", "min-max scaling subtracts the min, not the mean (that is the first "
                                           "half of z-scoring).", (values - mean) / (high - low)),
            Mistake("z-scored", "that is z-scoring, (x - mean) / std; min-max is (x - min) / (max - min).",
                    (values - mean) / std),
        ]
    return [
        Mistake("n - 1", "the course's scalers use the population standard deviation, numpy's default "
                         "np.std(x) (divide by n, not n - 1).",
                (values - mean) / values.std(ddof=1) if len(values) > 1 else values * np.nan),
        Mistake("mean not subtracted", "z-scoring is (x - mean) / std: subtract the mean first, so the column's "
                                       "mean becomes 0.", values / std),
        Mistake("divided by the variance", "divide by the standard deviation, not the variance: the scaled "
                                           "column must have standard deviation 1.", (values - mean) / std ** 2),
        Mistake("min-max scaled", "that is min-max scaling, (x - min) / (max - min); z-scoring is "
                                  "(x - mean) / std.", (values - low) / (high - low)),
    ]


def check_scaled_column(answer, values, method: str = "minmax") -> Verdict:
    """Your scaled column against `nnmath.scaling`'s MinMaxScaler or ZScoreScaler fitted on `values` (08_data)."""
    values = real_array("values", values, 1)
    method = check("method", method, OneOf(tuple(SCALERS)))
    title = f"the column scaled by {'min-max' if method == 'minmax' else 'z-scoring'} ({len(values)} values)"
    truth = SCALERS[method]().fit_transform(values)
    if is_empty(answer):
        return not_yet(title)
    try:
        column = real_array("answer", answer, None, min_rows=0, max_rows=len(values) + 1, finite=False)
    except ValueError:
        return wrong(title, answer, ["give the scaled column as an array of numbers, one per value."])
    if column.shape != values.shape:
        return wrong(title, column, [f"the scaled column must have the shape of the column, {values.shape}; "
                                     f"yours has {column.shape}. Scale every value, one number each."])
    if same_values(column, truth):
        return correct(title, truth, column)
    matched = recognised(column, truth, scaling_mistakes(values, method), same_values)
    if matched:
        return explained(title, column, matched)
    target = "from 0 to 1" if method == "minmax" else "with mean 0 and standard deviation 1"
    with np.errstate(over="ignore", invalid="ignore"):  # infinity or NaN in the answer: said as such
        spread = (f"yours runs from {column.min():.4g} to {column.max():.4g}" if method == "minmax"
                  else f"yours has mean {column.mean():.4g} and standard deviation {column.std():.4g}")
    return wrong(title, column, [GENERIC_HINT, f"a scaled column runs {target}; {spread}."])


def check_noise_floor(answer, noise_max: int) -> Verdict:
    """The variance of integer noise drawn uniformly from 0..noise_max: `nnmath.data.noise_variance` (08_data)."""
    noise_max = validate(noise_max=noise_max)
    m = noise_max + 1                                   # equally likely values 0, 1, ..., noise_max
    values = np.arange(m, dtype=np.float64)
    mistakes = [
        Mistake("continuous", "the noise is a whole number, not any real number in [0, N]: with m = N + 1 "
                              "equally likely values the variance is (m**2 - 1) / 12, not N**2 / 12.",
                noise_max ** 2 / 12),
        Mistake("m squared", "(m**2 - 1) / 12 with m = N + 1 values: the - 1 is missing.", m ** 2 / 12),
        Mistake("standard deviation", "that is the standard deviation; the floor of a mean squared error is its "
                                      "square, the variance.", math.sqrt(noise_variance(noise_max))),
        Mistake("mean", "that is the noise's mean, N / 2; a constant shift is learned by b3. What no model can "
                        "learn is the spread around it: the variance.", values.mean()),
        Mistake("n - 1", "the variance of m equally likely values divides by m, not m - 1.",
                float(values.var(ddof=1)) if m > 1 else np.nan),
    ]
    return check_number(answer, noise_variance(noise_max), f"the noise floor for noise 0..{noise_max}", mistakes)


def check_unscaled_loss(answer, scaled_loss: float, y_scale: float, scaling: str = "min-max") -> Verdict:
    """A loss in scaled units back in the units of y: scaled_loss * y_scale**2 (08_data).

    y_scale: what the scaler divided y by (max - min for min-max scaling, std(y) for z-scoring), a number or
    a scaler's `scale` (a 0-d array); scaling: its name, shown in the title.
    """
    if isinstance(y_scale, np.ndarray) and y_scale.shape == ():
        y_scale = y_scale[()]
    scaled_loss = check("scaled_loss", scaled_loss, Real(low=0, high=MAX_MAGNITUDE))
    y_scale = check("y_scale", y_scale, Real(low=1e-100, high=MAX_MAGNITUDE))
    scaling = check("scaling", scaling, Text("the scaling's name, such as 'min-max'"))
    mistakes = [
        Mistake("not squared", "an error e in scaled units is e * scale in y's units, so a squared error grows by "
                               "scale**2, not by scale.", scaled_loss * y_scale),
        Mistake("divided", "scaled errors are smaller than the original ones: multiply by scale**2, do not "
                           "divide.", scaled_loss / y_scale ** 2),
        Mistake("square root", "the loss is a mean squared error, so it stays squared: scaled loss * scale**2, "
                               "not the root of it.", math.sqrt(scaled_loss) * y_scale),
    ]
    return check_number(answer, scaled_loss * y_scale ** 2,
                        f"a {scaling} scaled loss of {scaled_loss:g} in the units of y", mistakes)


__all__ = ["scaling_mistakes", "check_scaled_column", "check_noise_floor", "check_unscaled_loss"]
