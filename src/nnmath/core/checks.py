"""Every argument rule of the package in one table, checked in one place, with one error style.

In the spirit of scikit-learn's `_parameter_constraints`: a public function names its
arguments and `validate` looks each one up in `RULES` by that name (or takes an explicit
rule), so "lr" or "epochs" mean the same thing everywhere. A refusal is always a
ValueError that names the argument, shows its value (shortened) and says what is allowed:

    lr must be a finite number > 0, got -1

Nothing is coerced silently: 5.9 is not an epoch count, "7" is not a number, "no" is not
False, (3, 4) is not (6, 2). Limits that keep a run from taking hours are part of the
table (`MAX_EPOCHS`, `MAX_SAMPLE_STEPS`, ...), so a hopeless request fails at once.
Taught nowhere: it is the course's safety net (CONTRIBUTING.md, "Argument rules").
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np

# ----------------------------------------------------------------------------------
# The course's vocabulary: every allowed word, in one place
# ----------------------------------------------------------------------------------

NAMES = ("w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3")
OUTPUTS = ("linear", "relu")
MODES = ("online", "batch", "minibatch")
ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear")
LOSSES = ("mse", "cross_entropy")
INITS = ("xavier", "he", "uniform")
CRITERIA = ("rounded", "argmax")
DISTRIBUTIONS = ("uniform", "skewed")
SCALINGS = (None, "zscore", "minmax")

# ----------------------------------------------------------------------------------
# Limits: beyond these a request would take minutes to hours or exhaust memory
# ----------------------------------------------------------------------------------

MAX_EPOCHS = 10_000_000
"""Epochs of one run (1e-7 for 1,000,000 epochs, notebook 05, is well inside)."""
MAX_SAMPLES = 1_000_000
"""Samples in one data set."""
MAX_SAMPLE_STEPS = 2_000_000_000
"""samples x epochs (x configurations in a sweep): about half a minute of compiled work."""
MAX_ITERATIONS = 1_000_000
"""Full-batch updates of an MLP run or a descent path."""
MAX_MLP_WORK = 2_000_000_000
"""iterations x samples x weights of an MLP run (about a minute of NumPy work)."""
MAX_GRID = 1000
"""Points per side of a loss-landscape grid."""
MAX_MAGNITUDE = 1e100
"""Largest |value| of data or parameters: its square (1e200) and sums of a million of them stay finite."""
MAX_SEED = 2**32 - 1
MAX_SHOWN = 80
"""Characters of a refused value echoed back in a message."""


def shown(value) -> str:
    """repr(value), shortened to MAX_SHOWN characters: a 1 MB path is not echoed back whole."""
    try:
        text = repr(value)
    except Exception:  # a hostile __repr__
        text = f"<{type(value).__name__}>"
    if isinstance(value, np.ndarray):
        text = f"an array of shape {value.shape} and dtype {value.dtype}"
    if len(text) > MAX_SHOWN:
        text = f"{text[:MAX_SHOWN - 20]}... ({len(text)} characters)"
    return text


def refuse(argument: str, value, allowed: str) -> ValueError:
    """The one error style: which argument, its value (shortened), what is allowed."""
    return ValueError(f"{argument} must be {allowed}, got {shown(value)}")


# ----------------------------------------------------------------------------------
# Rules
# ----------------------------------------------------------------------------------

def _is_real(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _is_whole(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


@dataclass(frozen=True)
class Real:
    """A finite real number (int or float, not bool, not text), optionally bounded."""

    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False

    @property
    def allowed(self) -> str:
        parts = []
        if self.low is not None:
            parts.append(f"{'>' if self.low_open else '>='} {self.low:g}")
        if self.high is not None:
            parts.append(f"{'<' if self.high_open else '<='} {self.high:g}")
        return "a finite number" + (" " + " and ".join(parts) if parts else "")

    def __call__(self, argument, value):
        if not _is_real(value):
            raise refuse(argument, value, self.allowed)
        number = float(value)
        ok = math.isfinite(number)
        if ok and self.low is not None:
            ok = number > self.low if self.low_open else number >= self.low
        if ok and self.high is not None:
            ok = number < self.high if self.high_open else number <= self.high
        if not ok:
            raise refuse(argument, value, self.allowed)
        return number


@dataclass(frozen=True)
class Whole:
    """A whole number (int, not bool, not 5.9, not "7") from low to high."""

    low: int
    high: int

    @property
    def allowed(self) -> str:
        return f"a whole number from {self.low:,} to {self.high:,}"

    def __call__(self, argument, value):
        if not _is_whole(value) or not self.low <= value <= self.high:
            raise refuse(argument, value, self.allowed)
        return int(value)


@dataclass(frozen=True)
class OneOf:
    """One of a few words (exact match: "RELU" is not "relu")."""

    options: tuple

    @property
    def allowed(self) -> str:
        return "one of " + ", ".join(repr(o) for o in self.options)

    def __call__(self, argument, value):
        try:
            ok = any(value is o or (type(value) is type(o) and value == o) for o in self.options)
        except Exception:  # a hostile __eq__
            ok = False
        if not ok:
            raise refuse(argument, value, self.allowed)
        return value


@dataclass(frozen=True)
class Flag:
    """True or False (numpy's bools too); "no" or 0 is not a flag."""

    allowed: str = "True or False"

    def __call__(self, argument, value):
        if not isinstance(value, (bool, np.bool_)):
            raise refuse(argument, value, self.allowed)
        return bool(value)


@dataclass(frozen=True)
class OrNone:
    """None, or what `rule` allows."""

    rule: object
    meaning: str = ""

    @property
    def allowed(self) -> str:
        return f"None{' (' + self.meaning + ')' if self.meaning else ''} or {self.rule.allowed}"

    def __call__(self, argument, value):
        if value is None:
            return None
        try:
            return self.rule(argument, value)
        except ValueError:
            raise refuse(argument, value, self.allowed) from None


@dataclass(frozen=True)
class Interval:
    """A pair (low, high) of finite numbers with low < high (or <= if `equal_ok`)."""

    equal_ok: bool = False
    magnitude: float = MAX_MAGNITUDE

    @property
    def allowed(self) -> str:
        return (f"a pair (low, high) of finite numbers with low {'<=' if self.equal_ok else '<'} high, "
                f"|each| <= {self.magnitude:g}")

    def __call__(self, argument, value):
        if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or len(value) != 2:
            raise refuse(argument, value, self.allowed)
        low, high = value[0], value[1]
        if not (_is_real(low) and _is_real(high)):
            raise refuse(argument, value, self.allowed)
        low, high = float(low), float(high)
        ok = (math.isfinite(low) and math.isfinite(high) and max(abs(low), abs(high)) <= self.magnitude
              and (low <= high if self.equal_ok else low < high))
        if not ok:
            raise refuse(argument, value, self.allowed)
        return low, high


SEED = Whole(0, MAX_SEED)

RULES = {
    # training (04, 05, 06)
    "lr": Real(low=0, low_open=True),
    "epochs": Whole(0, MAX_EPOCHS),
    "steps": Whole(0, MAX_ITERATIONS),
    "iterations": Whole(0, MAX_ITERATIONS),
    "output": OneOf(OUTPUTS),
    "mode": OneOf(MODES),
    "batch_size": Whole(1, MAX_SAMPLES),
    "record": Flag(),
    "seed": SEED,
    "shuffle_seed": OrNone(SEED, "data order, no shuffling"),
    "factor": Real(low=0, high=1, low_open=True, high_open=True),
    "every": Whole(1, MAX_EPOCHS),
    "patience": Whole(1, MAX_EPOCHS),
    "min_delta": Real(low=0, high=1),
    "min_lr": Real(low=0),
    "growth": Real(low=1, low_open=True, high=10),
    # the network's names (03, 05)
    "p": OneOf(NAMES),
    "q": OneOf(NAMES),
    "name": OneOf(NAMES),
    "resolution": Whole(2, MAX_GRID),
    "p_range": Interval(),
    "q_range": Interval(),
    # data (02, 07, 08)
    "n": Whole(1, MAX_SAMPLES),
    "noise_max": Whole(0, 1_000_000),
    "low": Whole(-1_000_000, 1_000_000),
    "high": Whole(-1_000_000, 1_000_000),
    "x1_range": Interval(),
    "x2_range": Interval(),
    "distribution": OneOf(DISTRIBUTIONS),
    "method": OneOf(SCALINGS),
    "test_fraction": Real(low=0, high=1, low_open=True, high_open=True),
    "weight_range": Interval(equal_ok=True),
    "bias_range": Interval(equal_ok=True),
    "decimals": OrNone(Whole(0, 15), "no rounding"),
    "value": Real(low=-MAX_MAGNITUDE, high=MAX_MAGNITUDE),
    "weights": Real(low=-MAX_MAGNITUDE, high=MAX_MAGNITUDE),
    "biases": Real(low=-MAX_MAGNITUDE, high=MAX_MAGNITUDE),
    # the MLP and the encoder (09)
    "hidden": OneOf(ACTIVATIONS),
    "activation": OneOf(ACTIVATIONS),
    "loss": OneOf(LOSSES),
    "init": OneOf(INITS),
    "criterion": OneOf(CRITERIA),
    "weight_decay": Real(low=0, high=1e6),
    "scale": Real(low=0, low_open=True, high=1e6),
    "tol": OrNone(Real(low=0, low_open=True), "no loss threshold"),
    "threshold": Real(low=-MAX_MAGNITUDE, high=MAX_MAGNITUDE),
    "layer": Whole(1, 1000),
    "stop_when_converged": Flag(),
    "eps": Real(low=1e-12, high=1.0),
    "floor": Real(low=0, low_open=True),
    # find the bug (10)
    "fast": Flag(),
    "overwrite": Flag(),
    "scaled": Flag(),
    "reveal": Flag(),
}
"""Argument name -> rule. A function whose argument has another meaning passes its own rule."""


def validate(**arguments):
    """Check each argument by its name's rule in RULES; return the checked values in the given order.

        lr, epochs = validate(lr=lr, epochs=epochs)

    A single argument returns its value alone. An unknown name is a programming error (KeyError).
    """
    values = [RULES[name](name, value) for name, value in arguments.items()]
    return values[0] if len(values) == 1 else tuple(values)


def check(argument: str, value, rule):
    """Check one value against an explicit rule (for an argument whose meaning is local)."""
    return rule(argument, value)


def not_applicable(argument: str, value, default, situation: str):
    """An argument that does nothing in this situation is an error, not silently ignored."""
    if value is not default and value != default:
        raise ValueError(f"{argument} does not apply {situation}; leave it at {default!r}, got {shown(value)}")


# ----------------------------------------------------------------------------------
# Arrays: data sets and parameter vectors
# ----------------------------------------------------------------------------------

def real_array(argument: str, value, ndim: int, columns: int | None = None, magnitude: float = MAX_MAGNITUDE,
               min_rows: int = 1, max_rows: int = MAX_SAMPLES) -> np.ndarray:
    """A finite float64 array with `ndim` axes (and `columns` columns), never reshaped, always a copy.

    Refused: text (even numeric text), complex numbers, booleans, objects, ragged lists,
    NaN or infinity, values beyond +-magnitude, the wrong number of axes or columns.
    """
    if isinstance(value, (str, bytes, dict, set)):
        raise refuse(argument, value, _array_words(ndim, columns))
    try:
        array = np.array(value)
    except Exception:
        raise refuse(argument, value, _array_words(ndim, columns)) from None
    if array.dtype.kind not in "iuf" or array.dtype == np.float16:
        what = {"c": "complex numbers", "b": "True/False values", "U": "text", "S": "text",
                "O": "mixed or ragged values"}.get(array.dtype.kind, f"values of type {array.dtype}")
        raise ValueError(f"{argument} must be {_array_words(ndim, columns)}, got {what} "
                         f"({shown(value)})")
    array = array.astype(np.float64)
    if array.ndim != ndim or (columns is not None and array.shape[1] != columns):
        raise ValueError(f"{argument} must be {_array_words(ndim, columns)}, got shape {array.shape}")
    if array.shape[0] < min_rows:
        raise ValueError(f"{argument} is empty; it needs at least {min_rows:,} {'row' if ndim == 2 else 'value'}"
                         f"{'s' if min_rows > 1 else ''}" if array.shape[0] == 0 else
                         f"{argument} must have at least {min_rows:,} {'rows' if ndim == 2 else 'values'}, "
                         f"got {array.shape[0]:,}")
    if array.shape[0] > max_rows:
        raise ValueError(f"{argument} must have at most {max_rows:,} {'rows' if ndim == 2 else 'values'}, "
                         f"got {array.shape[0]:,}")
    bad = ~np.isfinite(array)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(f"{argument} contains NaN or infinity (first at index {where}); allowed: finite numbers")
    if array.size and np.abs(array).max() > magnitude:
        where = tuple(int(i) for i in np.unravel_index(np.argmax(np.abs(array)), array.shape))
        raise ValueError(f"{argument} holds {array[where]:g} at index {where}; allowed: numbers with "
                         f"|value| <= {magnitude:g}")
    return np.ascontiguousarray(array)


def _array_words(ndim, columns):
    if ndim == 1:
        return "a 1-D array of numbers"
    if columns is None:
        return f"a {ndim}-D array of numbers"
    names = " (columns x1, x2)" if columns == 2 else ""
    return f"an array of shape (n, {columns}){names}"


def check_data(X, y, columns: int | None = 2, min_rows: int = 1):
    """X of shape (n, columns) and y of shape (n,), finite, 1 <= n <= MAX_SAMPLES, as float64 copies.

    columns=None accepts any number k >= 1 of input columns (data sets and scalers).
    """
    X = real_array("X", X, 2, columns, min_rows=min_rows)
    y = real_array("y", y, 1, min_rows=min_rows)
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"X has {X.shape[0]} rows but y has {y.shape[0]} values; they must match "
                         "(one target per sample)")
    return X, y


def check_work(samples: int, epochs: int, configurations: int = 1) -> None:
    """samples x epochs x configurations within MAX_SAMPLE_STEPS, so a run ends within about half a minute."""
    work = samples * epochs * configurations
    if work > MAX_SAMPLE_STEPS:
        raise ValueError(
            f"epochs x samples{' x configurations' if configurations > 1 else ''} must be at most "
            f"{MAX_SAMPLE_STEPS:,} (about half a minute of training), got {epochs:,} x {samples:,}"
            f"{f' x {configurations:,}' if configurations > 1 else ''} = {work:,}; use fewer epochs or samples")
