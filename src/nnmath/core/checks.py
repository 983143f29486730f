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
import os
import warnings
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
INPUT_RANGES = ("normal", "wide")
LEVELS = ("small", "medium", "high")
FAULT_NAMES = ("none", "no update", "frozen bias", "equal start", "swapped relu index", "node 2 gated by relu'(z1)",
               "output relu ignored", "sign flip", "w5 updated first", "the lecture's loop",
               "the lecture's fixed loop")
"""The mistakes of 10_find_the_bug, by name (core.faults.FAULTS says what each one does)."""

# ----------------------------------------------------------------------------------
# Limits: beyond these a request would take minutes to hours or exhaust memory
# ----------------------------------------------------------------------------------

MAX_EPOCHS = 10_000_000
"""Epochs of one run (1e-7 for 1,000,000 epochs, notebook 05, is well inside)."""
MAX_SAMPLES = 1_000_000
"""Samples in one data set."""
MAX_SAMPLE_STEPS = 2_000_000_000
"""samples x epochs (x configurations in a sweep): about half a minute of compiled work."""
MAX_STEPWISE_EPOCHS = 2_000_000
"""Epochs of a run that decides each epoch's rate from the last loss (ReduceOnPlateau): about 15 us each."""
MAX_READABLE_STEPS = 2_000_000
"""samples x epochs of a plain-Python loop (the readable twins of the compiled ones): about half a minute."""
MAX_STORED = 20_000_000
"""Numbers a result may keep (losses, recorded trajectories): 160 MB."""
MAX_TRAJECTORY = MAX_STORED // 9
"""Rows of a trajectory (9 numbers each) a function takes: the longest a run may record."""
MAX_ITERATIONS = 1_000_000
"""Full-batch updates of an MLP run."""
MAX_MLP_WORK = 2_000_000_000
"""iterations x samples x weights of an MLP run (a few seconds compiled, about a minute in NumPy)."""
MAX_READABLE_ITERATIONS = 500_000
"""iterations x configurations of the NumPy MLP loop (mlp.train_reference, mlp.sweep): each costs about 60 us."""
MAX_STEPS = 100_000
"""Steps of a descent path (a plain-Python loop of about 50 us per step)."""
MAX_PATH_WORK = 50_000_000
"""steps x samples of a descent path."""
MAX_GRID = 1000
"""Points per side of a loss-landscape grid."""
MAX_GRID_WORK = 50_000_000
"""resolution**2 x samples of a loss-landscape grid (about two seconds; computed a block of rows at a time)."""
MAX_CELLS = 10_000_000
"""Cells of a CSV file (rows x columns): a million rows of ten columns, read in a few seconds."""
MAX_PATH_LENGTH = 4096
"""Characters of a file path."""
MAX_NAME_LENGTH = 200
"""Characters of a column name."""
MAX_WIDTH = 1000
"""Nodes in one layer of an MLP (and patterns of one_hot)."""
MAX_MAGNITUDE = 1e100
"""Largest |value| of data or parameters: its square (1e200) and sums of a million of them stay finite."""
MAX_STEPPED_SAMPLES = 20_000
"""Samples of a loop stepped one compiled update at a time from Python (fast.diagnose.row_losses): about 150 us each."""
MAX_TITLE_LENGTH = 1000
"""Characters of a title or a label printed above a table."""
MAX_JSON_BYTES = 10 * 2**20
"""Bytes of a committed result file read back (core.lr_study.load_long_run)."""
MAX_SEED = 2**32 - 1
MAX_SHOWN = 80
"""Characters of a refused value echoed back in a message."""
MAX_PANEL_EPOCHS = 100_000
"""Largest end of a live panel's epochs slider (max_epochs): every move retrains, so a refresh stays within seconds."""
MAX_PANEL_ITERATIONS = 100_000
"""Largest end of the encoder panel's iterations slider (max_iterations)."""
MAX_PANEL_ROWS = 10_000
"""Rows a live panel trains and tests on: a larger file's rows are sampled evenly, and the status says so
(10,000 rows x 1,000 epochs: about a quarter of a second)."""
MAX_DRAWN_POINTS = 3_000
"""Points of one scatter a live panel sends to the browser: beyond it an even sample is drawn, and the status says so."""
MAX_CURVE = 1_000_000
"""Values of one curve a static figure draws (a run of a million epochs draws in about a second)."""
MAX_CURVES = 100
"""Curves, labels or panels of one static figure."""


def shown(value) -> str:
    """repr(value), shortened to MAX_SHOWN characters: a 1 MB path is not echoed back whole."""
    if isinstance(value, np.ndarray):
        text = f"an array of shape {value.shape} and dtype {value.dtype}"
    elif isinstance(value, (list, tuple, dict, set, frozenset)) and len(value) > 100:
        text = f"a {type(value).__name__} of {len(value):,} items"  # repr of ten million items takes seconds
    else:
        try:
            text = repr(value)
            if not isinstance(text, str):
                raise TypeError
        except Exception:  # a hostile __repr__, or an int of more than 4300 digits
            text = f"<{type(value).__name__}>"
    if len(text) > MAX_SHOWN:
        suffix = f"... ({len(text)} characters)"
        text = text[:MAX_SHOWN - len(suffix)] + suffix
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


def _as_float(value) -> float:
    """float(value) for a real number; NaN for one too large for a float (10**400), so it fails every bound."""
    try:
        number = float(value)
    except Exception:  # OverflowError, or a hostile __float__
        return math.nan
    return number if type(number) is float else math.nan


@dataclass(frozen=True)
class Real:
    """A finite real number (int, float or a NumPy number; not bool, not text), optionally bounded.

    finite=False: any real number a float holds, NaN and infinity included, unbounded (a formula's input,
    a computed value that may have run away); 10**400 (no float holds it) is still refused.
    """

    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    finite: bool = True

    @property
    def allowed(self) -> str:
        if not self.finite:
            return "a real number (NaN and infinity allowed)"
        parts = []
        if self.low is not None:
            parts.append(f"{'>' if self.low_open else '>='} {self.low:g}")
        if self.high is not None:
            parts.append(f"{'<' if self.high_open else '<='} {self.high:g}")
        return "a finite number" + (" " + " and ".join(parts) if parts else "")

    def __call__(self, argument, value):
        if not _is_real(value):
            raise refuse(argument, value, self.allowed)
        if not self.finite:
            try:
                number = float(value)
            except Exception:  # OverflowError (10**400), or a hostile __float__
                raise refuse(argument, value, self.allowed) from None
            if type(number) is not float:
                raise refuse(argument, value, self.allowed)
            return number
        number = _as_float(value)
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
    """A whole number (int or a NumPy integer; not bool, not 5.9, not 7.0, not "7") from low to high."""

    low: int
    high: int

    @property
    def allowed(self) -> str:
        return f"a whole number from {self.low:,} to {self.high:,}"

    def __call__(self, argument, value):
        try:
            number = int(value) if _is_whole(value) else None
        except Exception:  # a hostile __int__
            number = None
        if type(number) is not int or not self.low <= number <= self.high:
            raise refuse(argument, value, self.allowed)
        return number


@dataclass(frozen=True)
class OneOf:
    """One of a few words (exact match: "RELU" is not "relu") or whole numbers; returns the course's own option.

    Text subclasses (NumPy's str_) are compared as plain text, so an overridden __eq__ is never called;
    a whole number (np.int64(300)) is the whole-number option it equals (300), never 300.0 or True.
    """

    options: tuple

    @property
    def allowed(self) -> str:
        return "one of " + ", ".join(repr(o) for o in self.options)

    def __call__(self, argument, value):
        for option in self.options:
            if value is option:
                return option
            if isinstance(option, str) and isinstance(value, str) and str.__eq__(value, option) is True:
                return option
            if _is_whole(option) and _is_whole(value) and _same_whole(value, option):
                return option
        raise refuse(argument, value, self.allowed)


def _same_whole(value, option) -> bool:
    """A whole number equal to a whole-number option (300 and np.int64(300) are the option 300)."""
    try:
        number = int(value)
    except Exception:  # a hostile __int__
        return False
    return type(number) is int and number == int(option)


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


def _pair(value):
    """The two items of a tuple, list or 1-D array of length 2, else None (sets, dicts, text, hostile objects)."""
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return value[0], value[1]
    if isinstance(value, np.ndarray) and value.shape == (2,):
        return value[0], value[1]
    return None


@dataclass(frozen=True)
class Interval:
    """A pair (low, high) of finite numbers with low < high (or <= if `equal_ok`), |each| <= magnitude."""

    equal_ok: bool = False
    magnitude: float = MAX_MAGNITUDE

    @property
    def allowed(self) -> str:
        return (f"a pair (low, high) of finite numbers with low {'<=' if self.equal_ok else '<'} high, "
                f"|each| <= {self.magnitude:g}")

    def __call__(self, argument, value):
        pair = _pair(value)
        if pair is None or not (_is_real(pair[0]) and _is_real(pair[1])):
            raise refuse(argument, value, self.allowed)
        low, high = _as_float(pair[0]), _as_float(pair[1])
        ok = (math.isfinite(low) and math.isfinite(high) and max(abs(low), abs(high)) <= self.magnitude
              and (low <= high if self.equal_ok else low < high))
        if not ok:
            raise refuse(argument, value, self.allowed)
        return low, high


@dataclass(frozen=True)
class Text:
    """A name: non-empty text without surrounding spaces, at most `longest` (MAX_NAME_LENGTH) characters.

    empty_ok: "" is allowed too (a figure's optional title)."""

    what: str = "a name"
    longest: int = MAX_NAME_LENGTH
    empty_ok: bool = False

    @property
    def allowed(self) -> str:
        empty = "" if self.empty_ok else "non-empty "
        return f"{self.what}: {empty}text without surrounding spaces, at most {self.longest} characters"

    def __call__(self, argument, value):
        if not isinstance(value, str):
            raise refuse(argument, value, self.allowed)
        text = str.__str__(value)  # plain text, whatever subclass it came in
        if (not text and not self.empty_ok) or len(text) > self.longest or text != text.strip():
            raise refuse(argument, value, self.allowed)
        return text


@dataclass(frozen=True)
class Names:
    """A list or tuple of distinct names (`Text`), at least `least` of them; with `single`, one name is a list of one."""

    least: int = 1
    single: bool = False
    what: str = "unique names"

    @property
    def allowed(self) -> str:
        one = "a name or " if self.single else ""
        return f"{one}a list of at least {self.least} {self.what} (non-empty text without surrounding spaces)"

    def __call__(self, argument, value):
        if self.single and isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)) or not self.least <= len(value) <= MAX_SAMPLES:
            raise refuse(argument, value, self.allowed)
        names = []
        for item in value:
            try:
                names.append(Text()(argument, item))
            except ValueError:
                raise refuse(argument, value, self.allowed) from None
        if len(set(names)) != len(names):
            twice = sorted({name for name in names if names.count(name) > 1}) if len(names) < 1000 else []
            raise refuse(argument, value, self.allowed + (f" ({', '.join(map(repr, twice))} twice)" if twice else ""))
        return tuple(names)


@dataclass(frozen=True)
class Subset:
    """A list or tuple of distinct words out of `options` (at least one), e.g. parameter names ("w6", "b3")."""

    options: tuple
    what: str = "names"

    @property
    def allowed(self) -> str:
        return f"a list or tuple of distinct {self.what}, at least one, each one of " + ", ".join(map(repr, self.options))

    def __call__(self, argument, value):
        if not isinstance(value, (list, tuple)) or not 1 <= len(value) <= len(self.options):
            raise refuse(argument, value, self.allowed)
        try:
            chosen = tuple(OneOf(self.options)(argument, item) for item in value)
        except ValueError:
            raise refuse(argument, value, self.allowed) from None
        if len(set(chosen)) != len(chosen):
            raise refuse(argument, value, self.allowed)
        return chosen


@dataclass(frozen=True)
class Box:
    """A rectangle of the input plane: ((x1_low, x1_high), (x2_low, x2_high)), each an `Interval`."""

    @property
    def allowed(self) -> str:
        return "a box ((x1_low, x1_high), (x2_low, x2_high)) of finite numbers with low < high, |each| <= 1e+100"

    def __call__(self, argument, value):
        pair = (value[0], value[1]) if isinstance(value, np.ndarray) and value.shape == (2, 2) else _pair(value)
        if pair is None:
            raise refuse(argument, value, self.allowed)
        try:
            return tuple(Interval()(argument, side) for side in pair)
        except ValueError:
            raise refuse(argument, value, self.allowed) from None


@dataclass(frozen=True)
class FilePath:
    """A file's path: text or a pathlib.Path, non-empty, without NUL characters, at most MAX_PATH_LENGTH characters."""

    @property
    def allowed(self) -> str:
        return (f"a file path: text or a pathlib.Path, at most {MAX_PATH_LENGTH:,} characters, "
                "such as 'data/my_data.csv'")

    def __call__(self, argument, value):
        if isinstance(value, (str, bytes)):
            path = value
        elif isinstance(value, os.PathLike):
            try:
                path = os.fspath(value)
            except Exception:
                raise refuse(argument, value, self.allowed) from None
        else:
            raise refuse(argument, value, self.allowed)
        if isinstance(path, bytes):
            try:
                path = os.fsdecode(path)
            except Exception:
                raise refuse(argument, value, self.allowed) from None
        if not isinstance(path, str) or not path.strip() or "\0" in path or len(path) > MAX_PATH_LENGTH:
            raise refuse(argument, value, self.allowed)
        return str.__str__(path)


@dataclass(frozen=True)
class Sizes:
    """An MLP's layer widths: a list or tuple of 2 to 10 whole numbers from 1 to MAX_WIDTH."""

    @property
    def allowed(self) -> str:
        return f"a sequence of 2 to 10 layer widths (whole numbers from 1 to {MAX_WIDTH}) such as (8, 3, 8)"

    def __call__(self, argument, value):
        if not isinstance(value, (list, tuple)) or not 2 <= len(value) <= 10:
            raise refuse(argument, value, self.allowed)
        try:
            return tuple(Whole(1, MAX_WIDTH)(argument, width) for width in value)
        except ValueError:
            raise refuse(argument, value, self.allowed) from None


@dataclass(frozen=True)
class Function:
    """Something to call, such as a function or a lambda."""

    what: str = "a function"

    @property
    def allowed(self) -> str:
        return self.what

    def __call__(self, argument, value):
        if not callable(value) or isinstance(value, type):
            raise refuse(argument, value, self.allowed)
        return value


@dataclass(frozen=True)
class Control:
    """What a live panel's control can show: `rule`, with the control named in the message.

        lr must be a finite number >= 1e-07 and <= 1 (the range of the lr slider), got 1000000000.0

    A panel checks its arguments with these before it makes any widget, and `LivePanel.set` checks a
    value with the same rule read off the widget: a value no control can show is refused, never clamped.
    """

    rule: object
    where: str

    @property
    def allowed(self) -> str:
        return f"{self.rule.allowed} ({self.where})"

    def __call__(self, argument, value):
        try:
            return self.rule(argument, value)
        except ValueError:
            raise refuse(argument, value, self.allowed) from None


SEED = Whole(0, MAX_SEED)
PROBABILITY = Real(low=0, high=1)
FRACTION = Real(low=0, high=1)
"""A share of something (a box's width, a segment's length): from 0 to 1."""
ANY_NUMBER = Real(finite=False)
"""A formula's number: any real number, NaN and infinity included (never text, never 10**400)."""
TITLE = Text("a title", longest=MAX_TITLE_LENGTH)
CAPTION = Text("a title or label", longest=MAX_TITLE_LENGTH, empty_ok=True)
"""A figure's title or label where "" means none."""
INPUT_RANGE = Interval(magnitude=1e6)
"""Input ranges of generated data: |x| <= 1e6, so y = x1**2 + x2 stays far inside MAX_MAGNITUDE."""
LEVEL = OneOf(LEVELS)
COLUMN = Text("a column name")

RULES = {
    # training (04, 05, 06)
    "lr": Real(low=0, low_open=True),
    "epochs": Whole(0, MAX_EPOCHS),
    "steps": Whole(0, MAX_STEPS),
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
    "epoch": Whole(1, MAX_EPOCHS),
    "lr_min": Real(low=0, low_open=True),
    "lr_max": Real(low=0, low_open=True),
    "updates": Whole(2, 100_000),
    "stop_factor": OrNone(Real(low=1, low_open=True, high=1e6), "stop only at divergence"),
    "batch_orders": Function("a function of the epoch (0, 1, ...) giving lists of sample indices, one list per update"),
    # the network's names (03, 05)
    "p": OneOf(NAMES),
    "q": OneOf(NAMES),
    "name": OneOf(NAMES),
    "resolution": Whole(2, MAX_GRID),
    "p_range": Interval(),
    "q_range": Interval(),
    "pad": Real(low=0, high=100),
    "clip": Real(low=0, low_open=True, high=MAX_MAGNITUDE),
    "names": Subset(NAMES, "parameter names"),
    "box": Box(),
    "reach": Real(low=0, high=10),
    "rtol": Real(low=0, high=1),
    # data (02, 07, 08)
    "n": Whole(1, MAX_SAMPLES),
    "noise_max": Whole(0, 1_000_000),
    "noise": Whole(0, 1_000_000),
    "low": Whole(-1_000_000, 1_000_000),
    "high": Whole(-1_000_000, 1_000_000),
    "x1_range": INPUT_RANGE,
    "x2_range": INPUT_RANGE,
    "distribution": OneOf(DISTRIBUTIONS),
    "input_range": OneOf(INPUT_RANGES),
    "method": OneOf(SCALINGS),
    "test_fraction": Real(low=0, high=1, low_open=True, high_open=True),
    "weight_range": Interval(equal_ok=True),
    "bias_range": Interval(equal_ok=True),
    "decimals": OrNone(Whole(0, 15), "no rounding"),
    "value": Real(low=-MAX_MAGNITUDE, high=MAX_MAGNITUDE),
    "weights": Real(low=-MAX_MAGNITUDE, high=MAX_MAGNITUDE),
    "level": Real(finite=False),  # a loss level; NaN: no epoch is below it (08 passes NaN for a diverged run)
    "tolerance": Real(low=0, high=MAX_MAGNITUDE),
    "restarts": Whole(0, 1_000_000_000),
    "within": Real(low=0, high=1),
    "biases": Real(low=-MAX_MAGNITUDE, high=MAX_MAGNITUDE),
    # CSV files (08)
    "path": FilePath(),
    "columns": Names(),
    "inputs": OrNone(Names(single=True, what="column names, each column once"), "every numeric column except the target"),
    "target": OrNone(COLUMN, "the last column"),
    "input1": OrNone(COLUMN, "the first column"),
    "input2": OrNone(COLUMN, "the second column"),
    "overwrite": Flag(),
    # the MLP and the encoder (09)
    "sizes": Sizes(),
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
    "rows": OrNone(Whole(1, 1_000_000), "every row"),
    "stop_when_converged": Flag(),
    "eps": Real(low=1e-12, high=1.0),
    "floor": Real(low=0, low_open=True),
    "f": Function("a function of a 1-D array of numbers, returning a number or an array"),
    # reports and tables (01-10)
    "title": TITLE,
    "said_label": TITLE,
    "said": Text("the report's words, such as 'about 84' or 'below 4'"),
    "computed": ANY_NUMBER,
    "digits": Whole(1, 17),
    # find the bug (10)
    "fault": OneOf(FAULT_NAMES),
    "fast": Flag(),
    "check_at_lr": Flag(),
    "scaled": Flag(),
    "reveal": Flag(),
    # live panels and figures (ui); a control's own range is a `Control` made beside the widget (ui.panel)
    "max_epochs": Whole(1, MAX_PANEL_EPOCHS),
    "max_iterations": Whole(1, MAX_PANEL_ITERATIONS),
    "limit": Real(low=0, low_open=True, high=1000),
    "ghosts": Whole(1, 8),
    "sliders": Flag(),
    "holdout": Flag(),
    "use_weight_decay": Flag(),
    "gradients": Flag(),
    "products": Flag(),
    "log_epochs": Flag(),
    "c_range": Interval(magnitude=1e6),
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


def one_or_many(argument: str, value, check_one, limit: int = 10_000):
    """A scalar, or a list, tuple or 1-D array of 1..limit of them: (checked values, True if it was a list).

    check_one(value) checks one item (and raises the course's ValueError). Used where a sweep makes an axis
    of a list (`sweep(lr=[...])`) and a single value adds none.
    """
    if isinstance(value, np.ndarray) and value.ndim != 1:
        raise refuse(argument, value, f"one value or a list of 1 to {limit:,} values")
    if isinstance(value, (list, tuple, np.ndarray)):
        if len(value) == 0:
            raise ValueError(f"{argument} is an empty list; give at least one value")
        if len(value) > limit:
            raise refuse(argument, value, f"one value or a list of 1 to {limit:,} values")
        return [check_one(item) for item in value], True
    return [check_one(value)], False


def not_applicable(argument: str, value, default, situation: str):
    """An argument that does nothing in this situation is an error, not silently ignored."""
    if value is default:
        return
    try:
        same = type(value) is type(default) and bool(value == default) is True
    except Exception:  # an array (truth ambiguous) or a hostile __eq__
        same = False
    if not same:
        raise ValueError(f"{argument} does not apply {situation}; leave it at {default!r}, got {shown(value)}")


# ----------------------------------------------------------------------------------
# Arrays: data sets and parameter vectors
# ----------------------------------------------------------------------------------

_KIND_WORDS = {"c": "complex numbers", "b": "True/False values", "U": "text", "S": "text",
               "O": "mixed or ragged values", "V": "records", "M": "dates", "m": "time spans"}


def real_array(argument: str, value, ndim: int | None, columns: int | None = None, magnitude: float = MAX_MAGNITUDE,
               min_rows: int = 1, max_rows: int = MAX_SAMPLES, finite: bool = True) -> np.ndarray:
    """A float64 array with `ndim` axes (any if None) and `columns` columns, never reshaped, always a copy.

    Refused: text (even numeric text), complex numbers, booleans, objects, ragged lists, the wrong
    number of axes or columns, too few or too many rows; with `finite` (the default) also NaN,
    infinity and values beyond +-magnitude. The size is checked before anything is copied.
    """
    words = _array_words(ndim, columns)
    if value is None or isinstance(value, (str, bytes, dict, set, frozenset)):
        raise refuse(argument, value, words)
    if isinstance(value, (list, tuple)) and len(value) > max_rows:
        raise ValueError(f"{argument} must have at most {max_rows:,} {'rows' if ndim == 2 else 'values'}, "
                         f"got {len(value):,}")
    if isinstance(value, (list, tuple)) and _holds_bool(value):  # np.array([True, 0.5]) would quietly make it 1.0
        raise ValueError(f"{argument} must be {words}, got True/False values ({shown(value)})")
    if isinstance(value, np.ndarray):
        array = value
    else:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                array = np.array(value)
        except Exception:  # ragged lists, hostile objects
            raise refuse(argument, value, words) from None
    if array.dtype.kind not in "iuf" or array.dtype == np.float16:
        what = _KIND_WORDS.get(array.dtype.kind, f"values of type {array.dtype}")
        raise ValueError(f"{argument} must be {words}, got {what} ({shown(value)})")
    if (ndim is not None and array.ndim != ndim) or (columns is not None and array.shape[1] != columns):
        got = f"shape {array.shape}" if isinstance(value, np.ndarray) else f"{shown(value)} (shape {array.shape})"
        raise ValueError(f"{argument} must be {words}, got {got}")
    rows = array.shape[0] if array.ndim else 1
    if rows < min_rows:
        raise ValueError(f"{argument} is empty; it needs at least {min_rows:,} {'row' if ndim == 2 else 'value'}"
                         f"{'s' if min_rows > 1 else ''}" if rows == 0 else
                         f"{argument} must have at least {min_rows:,} {'rows' if ndim == 2 else 'values'}, "
                         f"got {rows:,}")
    if rows > max_rows:
        raise ValueError(f"{argument} must have at most {max_rows:,} {'rows' if ndim == 2 else 'values'}, "
                         f"got {rows:,}")
    if array.size > MAX_SAMPLES * 1000:
        raise ValueError(f"{argument} must have at most {MAX_SAMPLES * 1000:,} numbers, got {array.size:,}")
    array = np.array(array, dtype=np.float64, order="C")  # a C-ordered copy: the caller's array is never shared
    if finite:
        bad = ~np.isfinite(array)
        if bad.any():
            where = tuple(int(i) for i in np.argwhere(bad)[0])
            raise ValueError(f"{argument} contains NaN or infinity (first at index {where}); allowed: finite numbers")
        if array.size and np.abs(array).max() > magnitude:
            where = tuple(int(i) for i in np.unravel_index(np.argmax(np.abs(array)), array.shape))
            raise ValueError(f"{argument} holds {array[where]:g} at index {where}; allowed: numbers with "
                             f"|value| <= {magnitude:g}")
    return array


def _holds_bool(items, depth=0) -> bool:
    """A list or tuple (of lists ...) with a bool anywhere inside."""
    for item in items:
        if isinstance(item, (bool, np.bool_)):
            return True
        if isinstance(item, (list, tuple)) and depth < 32 and _holds_bool(item, depth + 1):
            return True
    return False


def _array_words(ndim, columns):
    if ndim is None:
        return "a number or an array of numbers"
    if ndim == 1:
        return "a 1-D array of numbers"
    if columns is None:
        return f"a {ndim}-D array of numbers"
    names = " (columns x1, x2)" if columns == 2 else ""
    return f"an array of shape (n, {columns}){names}"


def check_data(X, y, columns: int | None = 2, min_rows: int = 1, max_rows: int = MAX_SAMPLES, names=("X", "y")):
    """X of shape (n, columns) and y of shape (n,), finite, min_rows <= n <= max_rows, as float64 copies.

    columns=None accepts any number k >= 1 of input columns (data sets and scalers); names: what the
    caller calls the two (e.g. ("F", "y") for a least-squares problem).
    """
    x_name, y_name = names
    X = real_array(x_name, X, 2, columns, min_rows=min_rows, max_rows=max_rows)
    if X.shape[1] == 0:
        raise ValueError(f"{x_name} must have at least one column, got shape {X.shape}")
    y = real_array(y_name, y, 1, min_rows=min_rows, max_rows=max_rows)
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"{x_name} has {X.shape[0]} rows but {y_name} has {y.shape[0]} values; they must match "
                         "(one target per sample)")
    return X, y


# ----------------------------------------------------------------------------------
# What a figure draws: curves, labels, and collections of them (ui's static figures)
# ----------------------------------------------------------------------------------

LABEL = Text("a label", longest=MAX_TITLE_LENGTH)


def curve(argument: str, value, finite: bool = False, low: float | None = None, min_rows: int = 1,
          max_rows: int = MAX_CURVE) -> np.ndarray:
    """Values a figure draws along one axis: a 1-D array of min_rows..max_rows real numbers, as a float64 copy.

    NaN and infinity are allowed unless `finite` (a diverged run's losses turn NaN or stop); any other value is at
    most MAX_MAGNITUDE in size, as all the course's numbers (a log axis near 1e300 overflows while it is laid out);
    `low`: the smallest value allowed (0 for a loss, whose axis is logarithmic). Text, complex numbers, bools and
    2-D arrays are refused.
    """
    values = real_array(argument, value, 1, min_rows=min_rows, max_rows=max_rows, finite=finite)
    if not finite:
        with np.errstate(invalid="ignore"):
            beyond = np.isfinite(values) & (np.abs(values) > MAX_MAGNITUDE)
        if beyond.any():
            k = int(np.argmax(beyond))
            raise ValueError(f"{argument} holds {values[k]:g} at index {k}; allowed: numbers with |value| <= "
                             f"{MAX_MAGNITUDE:g} (NaN and infinity mark a diverged run)")
    if low is not None:
        with np.errstate(invalid="ignore"):
            below = values < low
        if below.any():
            k = int(np.argmax(below))
            raise ValueError(f"{argument} holds {values[k]:g} at index {k}; allowed: numbers >= {low:g}"
                             f"{' (NaN and infinity mark a diverged run)' if not finite else ''}")
    return values


def labels(argument: str, value, count: int | None = None, of: str = "curve") -> tuple[str, ...]:
    """A list or tuple of 1..MAX_CURVES labels (text, at most MAX_TITLE_LENGTH characters each), `count` of them if
    given: one per `of` ("curve", "value of first_losses", ...)."""
    words = f"a list of {count if count is not None else f'1 to {MAX_CURVES}'} labels (text)"
    if not isinstance(value, (list, tuple)) or not 1 <= len(value) <= MAX_CURVES:
        raise refuse(argument, value, words)
    try:
        checked = tuple(LABEL(argument, item) for item in value)
    except ValueError:
        raise refuse(argument, value, words + ", each non-empty, without surrounding spaces, "
                     f"at most {MAX_TITLE_LENGTH} characters") from None
    if count is not None and len(checked) != count:
        raise ValueError(f"{argument} must have one label per {of} ({count}), got {len(checked)}: {shown(value)}")
    return checked


def items(argument: str, value, check_item, least: int = 1, most: int = MAX_CURVES, what: str = "items") -> list:
    """A list or tuple of least..most items, each checked by check_item(f"{argument}[k]", item)."""
    if not isinstance(value, (list, tuple)) or not least <= len(value) <= most:
        raise refuse(argument, value, f"a list of {least} to {most} {what}")
    return [check_item(f"{argument}[{k}]", item) for k, item in enumerate(value)]


def mapping(argument: str, value, check_value, check_key=None, least: int = 1, most: int = MAX_CURVES,
            what: str = "label -> values") -> dict:
    """A dict of least..most entries: keys checked by check_key(argument, key) (default: a label), values by
    check_value(f"{argument}[{key!r}]", value). Returns a new dict in the same order."""
    if not isinstance(value, dict) or not least <= len(value) <= most:
        raise refuse(argument, value, f"a dict of {least} to {most} entries ({what})")
    check_key = check_key or LABEL
    checked = {}
    for key, item in value.items():
        key = check_key(argument, key)
        checked[key] = check_value(f"{argument}[{shown(key)}]", item)
    return checked


def check_work(samples: int, epochs: int, configurations: int = 1, limit: int = MAX_SAMPLE_STEPS,
               meaning: str = "about half a minute of training", epochs_name: str = "epochs") -> None:
    """samples x epochs x configurations within `limit`, so a run ends within about half a minute.

    epochs_name: what the caller calls its epochs (a trajectory's rows), so the message blames the right argument.
    """
    count = Whole(0, 2**63)
    samples, epochs, configurations = (count(name, value) for name, value in
                                       (("samples", samples), ("epochs", epochs), ("configurations", configurations)))
    work = samples * epochs * configurations
    if work > limit:
        raise ValueError(
            f"{epochs_name} x samples{' x configurations' if configurations > 1 else ''} must be at most "
            f"{limit:,} ({meaning}), got {epochs:,} x {samples:,}"
            f"{f' x {configurations:,}' if configurations > 1 else ''} = {work:,}; use fewer {epochs_name} or samples")


def check_stored(what: str, numbers: int) -> None:
    """A result that keeps `numbers` numbers must stay within MAX_STORED (memory)."""
    numbers = Whole(0, 2**63)("numbers", numbers)
    if numbers > MAX_STORED:
        raise ValueError(f"{what} would keep {numbers:,} numbers; at most {MAX_STORED:,} ({MAX_STORED * 8 // 10**6} MB) "
                         "are allowed; use fewer epochs or configurations")
