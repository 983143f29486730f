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

from .checks import check_data, validate
from .lr_study import first_epoch_below
from .params import check_params
from .reference import loss
from .scaling import LectureScaled, scale_like_the_lecture


def epochs_to(losses, level: float) -> int | None:
    """The first epoch (counted from 1) whose loss is below `level`; None if no epoch is (08_data).

    The same question as `lr_study.first_epoch_below`, asked in 08's words.
    """
    return first_epoch_below(losses, level)


def learned_nothing(params, X, y, output: str = "linear", within: float = 0.02) -> bool:
    """True when the network's loss is within `within` (relative) of var(y), the best constant's loss (08_data).

    A network whose hidden nodes are both dead predicts one number for every sample; the best it can
    then do is the mean of y, which leaves exactly var(y) (`analysis.best_constant`).
    """
    X, y = check_data(X, y)
    params = check_params(params)
    output, within = validate(output=output, within=within)
    return bool(loss(params, X, y, output) >= (1 - within) * float(np.var(y)))


__all__ = ["LectureScaled", "scale_like_the_lecture", "epochs_to", "learned_nothing"]
# scale_like_the_lecture and LectureScaled live in core/scaling.py; 08_data imports them from here too.
