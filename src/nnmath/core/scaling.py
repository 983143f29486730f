"""Scaling that remembers how to undo itself (05_learning_rate, 08_data).

`ZScoreScaler` (mean 0, std 1), `MinMaxScaler` (into [0, 1]), `IdentityScaler` (unchanged),
and `scale_dataset`, which scales inputs and target separately so predictions and losses
can be mapped back to the data's own units.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .checks import MAX_MAGNITUDE, check_data, real_array, refuse, validate



class _AffineScaler:
    """scaled = (value - offset) / scale, per column; remembers offset and scale so it can undo itself.

    Fit on X of shape (n, k) (one offset and scale per column) or on y of shape (n,)
    (one offset and scale). A constant column (max == min) gets scale 1, so it maps
    to a column of zeros instead of dividing by zero: it carries no information
    either way (the same choice as scikit-learn).
    """

    offset: np.ndarray | None
    scale: np.ndarray | None

    def __init__(self):
        self.offset = None
        self.scale = None
        self._ndim = None

    def _statistics(self, values: np.ndarray):  # pragma: no cover - defined by each scaler
        raise NotImplementedError

    def fit(self, values):
        """Learn the offset and scale of each column from values of shape (n, k) or (n,)."""
        values = _values(values)
        offset, scale = self._statistics(values)
        constant = values.max(axis=0) == values.min(axis=0)
        # Exact test (max == min), not std == 0: the mean of a constant 0.1 column is
        # not exactly 0.1 in floating point, so its computed std can be 1e-17, not 0.
        self.offset = np.asarray(offset, dtype=np.float64)
        self.scale = np.where(constant, 1.0, scale).astype(np.float64)
        self._ndim = values.ndim
        return self

    def _fitted(self, values, finite=True) -> np.ndarray:
        if self.offset is None:
            raise ValueError(f"this {type(self).__name__} is not fitted yet; call fit(values) first")
        if self._ndim == 1 and isinstance(values, (int, float, np.integer, np.floating)) and not isinstance(
                values, (bool, np.bool_)):
            return real_array("values", [values], 1, finite=finite)[0]  # one new value, scaled like y
        return real_array("values", values, self._ndim, self.offset.shape[0] if self._ndim == 2 else None,
                          min_rows=0, finite=finite)

    def transform(self, values) -> np.ndarray:
        """(values - offset) / scale: new values (a test set) scaled like the ones fitted on.

        Values so far outside the fitted range that their scaled form passes 1e100 are refused.
        """
        values = self._fitted(values)
        with np.errstate(over="ignore", invalid="ignore"):
            scaled = (values - self.offset) / self.scale
        if not np.all(np.abs(scaled) <= MAX_MAGNITUDE):
            raise refuse("values", values, f"values that stay within 1e100 once scaled; this scaler divides by "
                         f"{np.min(self.scale):g}")
        return scaled

    def inverse_transform(self, values) -> np.ndarray:
        """values * scale + offset: back to the original units (NaN and inf, a diverged network's, pass through)."""
        values = self._fitted(values, finite=False)
        with np.errstate(over="ignore", invalid="ignore"):
            return values * self.scale + self.offset

    def fit_transform(self, values) -> np.ndarray:
        """fit(values), then transform(values)."""
        return self.fit(values).transform(values)

    def unscale_mse(self, mse):
        """A mean squared error of scaled targets, in the original units: mse * scale**2.

        (pred - y) / scale is the scaled error, so squared errors shrink by scale**2;
        the offset cancels in the difference. Only for a scaler fitted on y of shape (n,).
        """
        if self.offset is None:
            raise ValueError(f"this {type(self).__name__} is not fitted yet; call fit(y) first")
        if self._ndim != 1:
            raise ValueError("unscale_mse needs a scaler fitted on y of shape (n,), not on X")
        mse = real_array("mse", mse, None, min_rows=0, max_rows=10**8, finite=False)
        with np.errstate(over="ignore", invalid="ignore"):  # NaN (no test samples) and inf (overflow) pass through
            return mse * self.scale**2

    def __repr__(self):
        if self.offset is None:
            return f"{type(self).__name__}(not fitted)"
        return f"{type(self).__name__}(offset={np.round(self.offset, 6).tolist()}, scale={np.round(self.scale, 6).tolist()})"


class ZScoreScaler(_AffineScaler):
    """Standardise each column: z = (x - mean) / std, so it has mean 0 and standard deviation 1 (08_data).

    std is the population standard deviation (numpy's default, ddof=0). A constant
    column gets std 1 (it becomes all zeros) instead of a division by zero.
    """

    def _statistics(self, values):
        # Divided by the largest |value| first, so tiny numbers (1e-170) do not underflow to a
        # standard deviation of 0 when squared, and huge ones do not overflow.
        size = np.max(np.abs(values), axis=0)
        size = np.where(size > 0, size, 1.0)
        return values.mean(axis=0), (values / size).std(axis=0) * size

    @property
    def mean(self):
        return self.offset

    @property
    def std(self):
        return self.scale


class MinMaxScaler(_AffineScaler):
    """Squeeze each column into [0, 1]: (x - min) / (max - min) (08_data).

    A constant column gets max - min replaced by 1 (it becomes all zeros) instead of a division by zero.
    """

    def _statistics(self, values):
        low = values.min(axis=0)
        return low, values.max(axis=0) - low

    @property
    def min(self):
        return self.offset

    @property
    def max(self):
        return None if self.offset is None else self.offset + self.scale


class IdentityScaler(_AffineScaler):
    """No scaling: offset 0, scale 1, so the raw numbers pass through (method=None in scale_dataset)."""

    def _statistics(self, values):
        return np.zeros(values.shape[1:]), np.ones(values.shape[1:])


def _values(values) -> np.ndarray:
    """What a scaler may be fitted on or applied to: y of shape (n,) or X of shape (n, k), finite numbers."""
    array = real_array("values", values, None)
    if array.ndim not in (1, 2) or (array.ndim == 2 and array.shape[1] == 0):
        raise refuse("values", values, "y of shape (n,) or X of shape (n, k), k >= 1")
    return array


_SCALERS = {"zscore": ZScoreScaler, "minmax": MinMaxScaler, None: IdentityScaler}


class ScaledData(NamedTuple):
    """Scaled X and y and the two scalers that made them (08_data).

    Unpacks like a tuple: `X, y, x_scaler, y_scaler = scale_dataset(X, y)`.
    """

    X: np.ndarray
    y: np.ndarray
    x_scaler: _AffineScaler
    y_scaler: _AffineScaler

    def unscale_predictions(self, pred):
        """Predictions made on scaled data, back in the units of the original y."""
        return self.y_scaler.inverse_transform(pred)

    def scale_inputs(self, X):
        """New inputs (say a test set) scaled with the statistics of the training inputs."""
        return self.x_scaler.transform(X)

    def unscale_mse(self, mse):
        """A mean squared error in scaled units, in the original units: mse * y_scale**2."""
        return self.y_scaler.unscale_mse(mse)


def check_scaled(scaled, argument: str = "scaled") -> ScaledData | None:
    """None, or a ScaledData of two input columns (what scale_dataset returns for X, y of the 2-2-1 network)."""
    if scaled is None:
        return None
    fitted = (isinstance(scaled, ScaledData) and isinstance(scaled.x_scaler, _AffineScaler)
              and isinstance(scaled.y_scaler, _AffineScaler) and scaled.x_scaler.offset is not None
              and scaled.y_scaler.offset is not None and scaled.x_scaler.offset.shape == (2,)
              and scaled.y_scaler.offset.shape == ())
    if not fitted:
        raise refuse(argument, scaled, "None (unscaled) or the ScaledData of the data the network was trained on, "
                     "scale_dataset(X, y) with X of two columns")
    return scaled


def scale_dataset(X, y, method: str | None = "zscore") -> ScaledData:
    """Scale every input column and the target with one method, remembering how to undo it (08_data).

    method: "zscore" (mean 0, std 1), "minmax" (into [0, 1]) or None (unchanged).
    Inputs and target get separate scalers: predictions of the network trained on the
    scaled data come back with `unscale_predictions`, and its loss with `unscale_mse`.
    """
    method = validate(method=method)
    X, y = check_data(X, y, columns=None)
    x_scaler = _SCALERS[method]()
    y_scaler = _SCALERS[method]()
    return ScaledData(x_scaler.fit_transform(X), y_scaler.fit_transform(y), x_scaler, y_scaler)


# ---------------------------------------------------------------- the lecture's own scaling

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
    """Min-max scale x1, x2 and y with one shared min and max, as the lecture's scaled notebook did (06, 08).

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
