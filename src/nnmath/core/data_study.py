"""What 08_data needs beyond the data generators: the lecture's way of scaling, and a few measures of a run.

* `scale_like_the_lecture`: the lecture's scaled notebook (nn_math_tool_2_scaled) min-max scales the
  whole table at once, with ONE min and ONE max over x1, x2 and y together: v -> (v - min) / (max - min).
  Every column shares that scale, so the inputs shrink by the target's range: on the course's data
  (y up to about 39) x1 lands in about [0.12, 0.36]; with x1 ten times wider (y up to about 2600) in
  about [0.02, 0.06]. `nnmath.scaling.MinMaxScaler` scales each column on its own instead.
* `epochs_to`: the first epoch whose printed loss is below a level (how many epochs a run "took").
* `learned_nothing`: is a network's loss that of the best constant, the variance of y?

NumPy only; losses come from `reference.loss`, so no formula is written here.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .checks import check_data, real_array
from .params import check_params
from .reference import loss


class LectureScaled(NamedTuple):
    """A data set scaled the lecture's way: one min and one max for x1, x2 and y together (08_data).

    X, y: the scaled data; low, high: the min and max of the whole original table.
    """

    X: np.ndarray
    y: np.ndarray
    low: float
    high: float

    @property
    def scale(self) -> float:
        """max - min of the original table: every column was divided by it."""
        return self.high - self.low

    def scale_inputs(self, X) -> np.ndarray:
        """New inputs scaled with the same min and max."""
        return (real_array("X", X, 2, 2) - self.low) / self.scale

    def scale_target(self, y) -> np.ndarray:
        """New targets scaled with the same min and max."""
        return (real_array("y", y, 1) - self.low) / self.scale

    def unscale_mse(self, mse: float) -> float:
        """A mean squared error of scaled targets in the original units: mse * (max - min)**2."""
        return float(mse) * self.scale ** 2


def scale_like_the_lecture(X, y) -> LectureScaled:
    """Min-max scale x1, x2 and y with one shared min and max, as the lecture's scaled notebook did (08_data).

    The lecture's data is all non-negative integers up to 26, so there it divided every number by 26;
    on other data the shared min is subtracted first.
    """
    X, y = check_data(X, y)
    table = np.column_stack([X, y])
    low, high = float(table.min()), float(table.max())
    if not high > low:
        raise ValueError("scale_like_the_lecture needs data that is not one constant number")
    scaled = (table - low) / (high - low)
    return LectureScaled(scaled[:, :2].copy(), scaled[:, 2].copy(), low, high)


def epochs_to(losses, level: float) -> int | None:
    """The first epoch (counted from 1) whose loss is below `level`; None if no epoch is (08_data)."""
    losses = np.asarray(losses, dtype=np.float64)
    level = float(level)
    below = np.flatnonzero(losses < level)
    return int(below[0]) + 1 if below.size else None


def learned_nothing(params, X, y, output: str = "linear", within: float = 0.02) -> bool:
    """True when the network's loss is within `within` (relative) of var(y), the best constant's loss (08_data).

    A network whose hidden nodes are both dead predicts one number for every sample; the best it can
    then do is the mean of y, which leaves exactly var(y) (`analysis.best_constant`).
    """
    X, y = check_data(X, y)
    params = check_params(params)
    return bool(loss(params, X, y, output) >= (1 - within) * float(np.var(y)))


__all__ = ["LectureScaled", "scale_like_the_lecture", "epochs_to", "learned_nothing"]
