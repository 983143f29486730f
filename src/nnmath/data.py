"""Data for the course: generators, scalers, and CSV files you can read and write.

* `lecture_data`: the lecture notebook's 100 integer samples, bit for bit.
* `quadratic_data`: the course's main set, y = x1**2 + x2 + integer noise 0..4
  (04_training_loop, 05_learning_rate); `skewed_data` bunches the inputs on one side (08_data).
* `random_target_data`: y drawn at random, no pattern to learn (07_random_target).
* `noise_variance`, `uniform_integer_variance`: the loss floor no model can beat.
* `ZScoreScaler`, `MinMaxScaler`, `scale_dataset`: scaling that remembers how to undo itself (08_data).
* `save_csv`, `load_csv`, `read_table`: plain comma-separated files with clear errors (08_data).

Every random choice takes a seed, so every number in a notebook can be reproduced.
Arrays follow the course's shapes: X is (n, 2) with columns x1, x2; y is (n,).
"""
from __future__ import annotations

import csv
import math
import numbers
import os
from typing import NamedTuple

import numpy as np

from .validate import check_data

DISTRIBUTIONS = ("uniform", "skewed")
SCALING_METHODS = ("zscore", "minmax", None)

# The skewed inputs: Beta(1, 4) has density 4*(1 - u)**3 on [0, 1], mean 0.2, so about
# 59% of the points land in the lowest fifth of each range (1 - 0.8**4 = 0.5904).
SKEW_BETA = (1.0, 4.0)


# ---------------------------------------------------------------- argument checks


def _check_count(n, argument: str = "n") -> int:
    """A number of samples: a whole number >= 1."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ValueError(f"{argument} must be a whole number >= 1 (the number of samples), got {n!r}")
    return int(n)


def _check_seed(seed, argument: str = "seed") -> int:
    """A seed: a whole number from 0 to 2**32 - 1 (what numpy's legacy RandomState accepts)."""
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or not 0 <= seed < 2**32:
        raise ValueError(f"{argument} must be a whole number from 0 to 2**32 - 1, got {seed!r}")
    return int(seed)


def _check_range(value, argument: str) -> tuple[float, float]:
    """An input range: two finite numbers (low, high) with low < high."""
    try:
        low, high = value
    except (TypeError, ValueError):
        raise ValueError(f"{argument} must be a pair (low, high) of finite numbers with low < high, got {value!r}") from None
    for number in (low, high):
        if isinstance(number, bool) or not isinstance(number, numbers.Real) or not math.isfinite(number):
            raise ValueError(f"{argument} must be a pair (low, high) of finite numbers with low < high, got {value!r}")
    if not low < high:
        raise ValueError(f"{argument} must have low < high, got low={low!r}, high={high!r}")
    return float(low), float(high)


def _check_whole(value, argument: str, minimum: int | None = None) -> int:
    """A whole number, optionally >= minimum."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or (minimum is not None and value < minimum):
        allowed = "a whole number" if minimum is None else f"a whole number >= {minimum}"
        raise ValueError(f"{argument} must be {allowed}, got {value!r}")
    return int(value)


def _check_fraction(value, argument: str) -> float:
    """A fraction strictly between 0 and 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 < value < 1:
        raise ValueError(f"{argument} must be a number strictly between 0 and 1, got {value!r}")
    return float(value)


# ---------------------------------------------------------------- generators


def lecture_data(n: int = 100, seed: int = 123):
    """The lecture notebook's data set, number for number (04_training_loop).

    The lecture ran `np.random.seed(seed)` and then, per row:
        n1 = randint(0, 5); n2 = randint(3, 7); n3 = int(n1**2 + n2 + randint(0, 5))
    so y = x1**2 + x2 + noise with integers x1 in 0..4, x2 in 3..6, noise in 0..4.
    A private `np.random.RandomState(seed)` gives exactly the same stream as the
    global legacy generator, and leaves the caller's global random state untouched.

    Returns X of shape (n, 2) (columns x1, x2) and y of shape (n,), both float64.
    """
    n = _check_count(n)
    rng = np.random.RandomState(_check_seed(seed))
    X = np.empty((n, 2), dtype=np.float64)
    y = np.empty(n, dtype=np.float64)
    for row in range(n):
        # The three draws per row, in the lecture's order: the stream must stay identical.
        n1 = rng.randint(0, 5)
        n2 = rng.randint(3, 7)
        n3 = int(n1**2 + n2 + rng.randint(0, 5))
        X[row] = n1, n2
        y[row] = n3
    return X, y


def _draw_inputs(rng, n, x1_range, x2_range, distribution):
    """x1 then x2, uniform on their ranges or Beta(1, 4)-skewed towards each range's low end."""
    columns = []
    for low, high in (x1_range, x2_range):
        if distribution == "uniform":
            columns.append(rng.uniform(low, high, n))
        else:
            columns.append(low + (high - low) * rng.beta(*SKEW_BETA, n))
    return np.column_stack(columns)


def quadratic_data(n: int = 300, seed: int = 0, x1_range=(-5, 5), x2_range=(-10, 10), noise_max: int = 4,
                   distribution: str = "uniform"):
    """The course's main data set: y = x1**2 + x2 + noise (04_training_loop, 05_learning_rate, 08_data).

    x1 and x2 are drawn from their ranges (uniformly, or with distribution="skewed"
    most points near each range's low end, Beta(1, 4) mapped onto the range); noise
    is a whole number drawn uniformly from 0..noise_max. The noise sets the loss
    floor: mean squared error cannot fall below about noise_variance(noise_max),
    which is 2 for 0..4. Drawn with `np.random.default_rng(seed)`: x1, then x2, then noise.

    Returns X of shape (n, 2) (columns x1, x2) and y of shape (n,), both float64.
    """
    n = _check_count(n)
    seed = _check_seed(seed)
    x1_range = _check_range(x1_range, "x1_range")
    x2_range = _check_range(x2_range, "x2_range")
    noise_max = _check_whole(noise_max, "noise_max", minimum=0)
    if distribution not in DISTRIBUTIONS:
        raise ValueError(f"distribution must be one of {DISTRIBUTIONS}, got {distribution!r}")
    rng = np.random.default_rng(seed)
    X = _draw_inputs(rng, n, x1_range, x2_range, distribution)
    noise = rng.integers(0, noise_max, size=n, endpoint=True)
    y = X[:, 0] ** 2 + X[:, 1] + noise
    return X, y


def skewed_data(n: int = 300, seed: int = 0, x1_range=(-5, 5), x2_range=(-10, 10), noise_max: int = 4):
    """quadratic_data with most inputs bunched near the low end of each range (08_data).

    Skewed inputs fit worse: the network sees few examples of the far side of the
    curve x1**2, so it learns that side poorly.
    """
    return quadratic_data(n, seed, x1_range, x2_range, noise_max, distribution="skewed")


def random_target_data(n: int = 300, seed: int = 0, low: int = 0, high: int = 99, x1_range=(-5, 5),
                       x2_range=(-10, 10)):
    """Inputs as in quadratic_data, but y is a whole number drawn uniformly from low..high (07_random_target).

    There is no pattern to learn: the best any model can do on average is predict the
    mean (low + high) / 2 and be left with the variance ((high - low + 1)**2 - 1) / 12,
    about 833.25 for 0..99. Drawn with `np.random.default_rng(seed)`: x1, then x2, then y.
    """
    n = _check_count(n)
    seed = _check_seed(seed)
    low = _check_whole(low, "low")
    high = _check_whole(high, "high")
    if not low < high:
        raise ValueError(f"random_target_data needs low < high, got low={low}, high={high}")
    x1_range = _check_range(x1_range, "x1_range")
    x2_range = _check_range(x2_range, "x2_range")
    rng = np.random.default_rng(seed)
    X = _draw_inputs(rng, n, x1_range, x2_range, "uniform")
    y = rng.integers(low, high, size=n, endpoint=True).astype(np.float64)
    return X, y


def uniform_integer_variance(low: int, high: int) -> float:
    """Variance of a whole number drawn uniformly from low..high: ((high - low + 1)**2 - 1) / 12 (07_random_target).

    With m = high - low + 1 equally likely values, the variance is (m**2 - 1) / 12:
    2.0 for 0..4, 833.25 for 0..99.
    """
    low = _check_whole(low, "low")
    high = _check_whole(high, "high")
    if not low <= high:
        raise ValueError(f"uniform_integer_variance needs low <= high, got low={low}, high={high}")
    m = high - low + 1
    return (m * m - 1) / 12


def noise_variance(noise_max: int) -> float:
    """Variance of the integer noise 0..noise_max: ((noise_max + 1)**2 - 1) / 12 (05_learning_rate, 08_data).

    This is the loss floor: even the true curve x1**2 + x2 (plus the noise's mean)
    leaves this mean squared error, 2.0 for the course's noise 0..4.
    """
    return uniform_integer_variance(0, _check_whole(noise_max, "noise_max", minimum=0))


def train_test_split(X, y, test_fraction: float = 0.25, seed: int = 0):
    """Shuffle the samples and hold back a fraction for testing (08_data).

    Returns X_train, X_test, y_train, y_test, each part in shuffled order.
    The test part has round(n * test_fraction) samples, kept between 1 and n - 1
    so neither part is empty; n must therefore be at least 2.
    """
    X, y = check_data(X, y, columns=None)
    test_fraction = _check_fraction(test_fraction, "test_fraction")
    n = len(y)
    if n < 2:
        raise ValueError(f"train_test_split needs at least 2 samples (one for each part), got {n}")
    n_test = min(max(round(n * test_fraction), 1), n - 1)
    order = np.random.default_rng(_check_seed(seed)).permutation(n)
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


# ---------------------------------------------------------------- scaling


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
        values = np.asarray(values, dtype=np.float64)
        if values.ndim not in (1, 2) or values.shape[0] == 0 or (values.ndim == 2 and values.shape[1] == 0):
            raise ValueError(f"fit needs a non-empty array of shape (n,) or (n, k), got shape {values.shape}")
        if not np.all(np.isfinite(values)):
            row = int(np.argwhere(~np.isfinite(values))[0][0])
            raise ValueError(f"fit got NaN or infinity (first at row {row}); allowed: finite numbers only")
        offset, scale = self._statistics(values)
        constant = values.max(axis=0) == values.min(axis=0)
        # Exact test (max == min), not std == 0: the mean of a constant 0.1 column is
        # not exactly 0.1 in floating point, so its computed std can be 1e-17, not 0.
        self.offset = np.asarray(offset, dtype=np.float64)
        self.scale = np.where(constant, 1.0, scale).astype(np.float64)
        self._ndim = values.ndim
        return self

    def _fitted(self, values) -> np.ndarray:
        if self.offset is None:
            raise ValueError(f"this {type(self).__name__} is not fitted yet; call fit(values) first")
        values = np.asarray(values, dtype=np.float64)
        if self._ndim == 2 and (values.ndim == 0 or values.shape[-1] != self.offset.shape[0]):
            raise ValueError(f"this scaler was fitted on {self.offset.shape[0]} columns, got shape {values.shape}")
        return values

    def transform(self, values) -> np.ndarray:
        """(values - offset) / scale."""
        values = self._fitted(values)
        return (values - self.offset) / self.scale

    def inverse_transform(self, values) -> np.ndarray:
        """values * scale + offset: back to the original units."""
        values = self._fitted(values)
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
        return np.asarray(mse, dtype=np.float64) * self.scale**2

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
        return values.mean(axis=0), values.std(axis=0)

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


def scale_dataset(X, y, method: str | None = "zscore") -> ScaledData:
    """Scale every input column and the target with one method, remembering how to undo it (08_data).

    method: "zscore" (mean 0, std 1), "minmax" (into [0, 1]) or None (unchanged).
    Inputs and target get separate scalers: predictions of the network trained on the
    scaled data come back with `unscale_predictions`, and its loss with `unscale_mse`.
    """
    if method not in _SCALERS:
        raise ValueError(f"method must be one of {SCALING_METHODS}, got {method!r}")
    X, y = check_data(X, y, columns=None)
    x_scaler = _SCALERS[method]()
    y_scaler = _SCALERS[method]()
    return ScaledData(x_scaler.fit_transform(X), y_scaler.fit_transform(y), x_scaler, y_scaler)


# ---------------------------------------------------------------- CSV files


class Table(NamedTuple):
    """A CSV file's column names and its numbers, one column per name: `columns, values = read_table(path)`."""

    columns: tuple[str, ...]
    values: np.ndarray


def _format_number(value: float) -> str:
    """Whole numbers without '.0' ("3"), others as the shortest text that reads back exactly."""
    value = float(value)
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def save_csv(path, X, y, columns=("x1", "x2", "y")) -> None:
    """Write X and y as a plain CSV file: one header line of column names, then one line per sample (08_data).

    Columns are X's columns followed by y. Numbers are written so that load_csv reads
    back exactly the same floats. No comment lines, no index column.
    """
    X, y = check_data(X, y, columns=None)
    columns = tuple(columns)
    if len(columns) != X.shape[1] + 1:
        raise ValueError(f"columns must name the {X.shape[1]} input columns and then the target "
                         f"({X.shape[1] + 1} names), got {len(columns)}: {columns!r}")
    for name in columns:
        if not isinstance(name, str) or not name.strip() or name != name.strip():
            raise ValueError(f"column names must be non-empty text without surrounding spaces, got {name!r}")
    if len(set(columns)) != len(columns):
        raise ValueError(f"column names must be unique, got {columns!r}")
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(columns)
        for inputs, target in zip(X, y):
            writer.writerow([_format_number(v) for v in inputs] + [_format_number(target)])


def _read_rows(path):
    """The non-blank rows of a CSV file as (line number, cells), cells stripped of spaces."""
    name = os.fspath(path)
    if not os.path.exists(name):
        raise ValueError(f"{name}: no such file")
    if os.path.isdir(name):
        raise ValueError(f"{name}: is a folder, not a CSV file")
    rows = []
    try:
        # utf-8-sig drops the byte-order mark some spreadsheet programs put first.
        with open(name, newline="", encoding="utf-8-sig") as file:
            reader = csv.reader(file, skipinitialspace=True)  # so  , "x2"  reads as x2
            for cells in reader:
                if any(cell.strip() for cell in cells):  # blank lines are skipped
                    # reader.line_num is the file line where this row ended (1-based).
                    rows.append((reader.line_num, [cell.strip() for cell in cells]))
    except UnicodeDecodeError:
        raise ValueError(f"{name}: is not a UTF-8 text file; save it as CSV (comma-separated values)") from None
    except csv.Error as error:
        raise ValueError(f"{name}: line {reader.line_num}: cannot read it as CSV ({error})") from None
    return name, rows


def _looks_like_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _check_header(name, line, header):
    """Column names: non-empty, unique, not numbers (a missing header line is the usual mistake)."""
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        raise ValueError(f"{name}: line {line}: found one column {header[0]!r}; separate the cells with commas")
    for position, column in enumerate(header, start=1):
        if not column:
            raise ValueError(f"{name}: line {line}, column {position}: the header has an empty column name")
    if all(_looks_like_number(column) for column in header):
        raise ValueError(f"{name}: line {line}: the first line must name the columns (for example x1,x2,y), "
                         f"got numbers {','.join(header)}")
    for column in header:
        if header.count(column) > 1:
            raise ValueError(f"{name}: line {line}, column {column!r}: the header names this column twice; names must be unique")


def _parse_cell(name, line, column, text) -> float:
    """One cell as a finite float, or a ValueError naming file, line and column."""
    where = f"{name}: line {line}, column {column!r}"
    if not text:
        raise ValueError(f"{where}: the cell is empty; every cell needs a number")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{where}: {text!r} is not a number; allowed: numbers such as 3, -0.5 or 1e-3") from None
    if not math.isfinite(value):
        raise ValueError(f"{where}: {text!r} is not a finite number; NaN and infinity are not allowed")
    return value


def _read_table(path):
    """read_table's work; also returns the file name and the header's line number for error messages."""
    name, rows = _read_rows(path)
    if not rows:
        raise ValueError(f"{name}: the file is empty; expected a header line such as x1,x2,y and then rows of numbers")
    header_line, header = rows[0]
    _check_header(name, header_line, header)
    if len(rows) == 1:
        raise ValueError(f"{name}: has a header (line {header_line}) but no rows of numbers")
    values = np.empty((len(rows) - 1, len(header)), dtype=np.float64)
    for index, (line, cells) in enumerate(rows[1:]):
        if len(cells) < len(header):
            missing = header[len(cells)]
            raise ValueError(f"{name}: line {line}, column {missing!r}: the row has {len(cells)} cells "
                             f"but the header names {len(header)} columns")
        if len(cells) > len(header):
            raise ValueError(f"{name}: line {line}, column {len(header) + 1} (no name in the header): the row has "
                             f"{len(cells)} cells but the header names {len(header)} columns")
        for position, (column, text) in enumerate(zip(header, cells)):
            values[index, position] = _parse_cell(name, line, column, text)
    return name, header_line, Table(tuple(header), values)


def read_table(path) -> Table:
    """Read a CSV file with a header line and numeric cells into column names and a float array (08_data).

    Returns Table(columns, values): columns a tuple of names, values of shape (rows, columns).
    Blank lines are skipped. Any problem raises a ValueError naming the file, the
    1-based line number in the file and the column: a missing or empty file, a header
    without rows, a row with too few or too many cells, an empty, non-numeric, NaN or
    infinite cell.
    """
    return _read_table(path)[2]


def load_csv(path, inputs=None, target=None):
    """Read chosen columns of a CSV file as X and y for training (08_data).

    inputs: a column name or a list of names (default: every column except the target);
    target: a column name (default: the last column). Returns X of shape (n, len(inputs))
    and y of shape (n,), float64. Errors as in read_table; a requested column that does
    not exist raises a ValueError listing the columns that do.
    """
    name, header_line, (columns, values) = _read_table(path)

    def position(column, argument):
        if not isinstance(column, str):
            raise ValueError(f"{argument} must be column names (text), got {column!r}")
        if column not in columns:
            raise ValueError(f"{name}: line {header_line} (the header): no column {column!r} (asked for as {argument}); "
                             f"available columns: {', '.join(columns)}")
        return columns.index(column)

    target = columns[-1] if target is None else target
    y_column = position(target, "target")
    if inputs is None:
        inputs = [column for column in columns if column != target]
        if not inputs:
            raise ValueError(f"{name}: has only the column {target!r}; need at least one input column besides the target")
    elif isinstance(inputs, str):
        inputs = [inputs]
    inputs = list(inputs)
    if not inputs:
        raise ValueError(f"inputs must name at least one column; available columns: {', '.join(columns)}")
    x_columns = [position(column, "inputs") for column in inputs]
    if len(set(inputs)) != len(inputs):
        raise ValueError(f"inputs must name each column once, got {inputs!r}")
    if target in inputs:
        raise ValueError(f"column {target!r} is both an input and the target; the network would be handed the answer")
    return values[:, x_columns], values[:, y_column].copy()
