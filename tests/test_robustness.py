"""Hostile input (issue 15): every public function of nnmath.core and nnmath.fast against the campaign's classes.

For each public function the catalogue `SPECS` below says, argument by argument, what the argument
takes (its kind) and a valid value. Each probe replaces one argument with a value of a hostile class
and calls the function with warnings as errors and a time limit. The classes (`cases_for`):

    wrong types         None, object(), a list where a number belongs, a Params where an array belongs, ...
    NaN / inf           float('nan'), inf, -inf, NaN or inf inside an array
    empty               [], np.empty((0, 2)), "", an empty list of columns
    wrong shapes        X of shape (3, 4), X[:, :1], X.T, y of another length, y as a column (n, 1)
    huge                1e300, 10**400 (no float holds it), 10**9 epochs, arrays of 10**7 rows (built lazily)
    complex             1+0j, np.complex128, complex arrays
    text                numeric text ("7", "0.1"), other text, a 100 kB string, text with a NUL
    bools               True where a number belongs, np.True_
    truthy text         "no", "False", 0, 1 where a flag belongs
    NumPy scalars       np.float64, np.int64, np.str_ (accepted)
    hostile objects     __eq__/__hash__/__len__/__float__/__repr__ raising; unhashable lists where names belong

An expected refusal must be a ValueError whose message names the argument, shows a scalar value (shortened:
never the whole 100 kB string) and says what is allowed. An accepted value must give a result with no
warning, no NaN or infinity unless a diverged/interrupted/overflowed flag says why, and no "nan" in a
describe() text. Every probe ends within PROBE_SECONDS (SIGALRM); probes that could crash the process
(compiled loops fed mismatched shapes) run in a subprocess (tests/test_robustness_limits.py).

`test_every_public_function_is_probed` enumerates the public names of the modules, so a new function
fails the suite until it is added to SPECS (or to NOT_PROBED, with the reason).
"""
from __future__ import annotations

import contextlib
import dataclasses
import fractions
import decimal
import importlib
import inspect
import math
import os
import pathlib
import re
import signal
import time
import types
import warnings
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import nnmath
from nnmath.core import (analysis, backprop_steps, cases, checks, csvfiles, curvature, data, data_study, faults,
                         gradcheck, holdout, init, landscape, lr_study, mlp, params as params_module, reference, reports,
                         runs, scaling, schedules, sharpness, start_study, starts, surface)
from nnmath.core.checks import RULES, shown
from nnmath.core.init import LECTURE_START
from nnmath.core.params import Params
from nnmath.fast import (diagnose, encoder, evaluate, faulty, holdout as fast_holdout, lr_finder, scaled, training,
                         warmup)

pytestmark = pytest.mark.filterwarnings("error")

PROBE_SECONDS = 5.0
HYPOTHESIS = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


# ----------------------------------------------------------------------------------
# The probe: warnings as errors, a time limit, and what counts as a good refusal or result
# ----------------------------------------------------------------------------------

class ProbeTimeout(BaseException):
    """Raised by SIGALRM inside a probe that runs too long (BaseException: no `except Exception` swallows it)."""


@contextlib.contextmanager
def time_limit(seconds: float = PROBE_SECONDS):
    """Interrupt the block after `seconds` (between Python bytecodes; a compiled loop is interrupted when it returns)."""
    def on_alarm(signum, frame):
        raise ProbeTimeout(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Outcome:
    result: object = None
    error: BaseException | None = None
    seconds: float = 0.0


def attempt(call: Callable[[], object], seconds: float = PROBE_SECONDS) -> Outcome:
    """call() with every warning an error and a time limit; the result or the exception, never raised."""
    begin = time.perf_counter()
    try:
        with time_limit(seconds), warnings.catch_warnings():
            warnings.simplefilter("error")
            result = call()
        return Outcome(result, None, time.perf_counter() - begin)
    except (Exception, ProbeTimeout) as error:  # KeyboardInterrupt and SystemExit still stop the test run
        return Outcome(None, error, time.perf_counter() - begin)


ALLOWED_WORDS = re.compile(r"must|allowed|need|expected|only|at most|at least|not a |no such|cannot|use |"
                           r"did you mean|is empty|twice|unique|already exists|overwrite|leave it|available", re.IGNORECASE)
MAX_MESSAGE = 600


def _is_scalar_like(value) -> bool:
    """Values whose text a refusal should echo (arrays and lists are described by shape or index instead)."""
    return not isinstance(value, (list, tuple, dict, set, frozenset, np.ndarray, Params, mlp.MLP))


def refusal_problem(error: BaseException | None, names: tuple[str, ...], value) -> str | None:
    """What is wrong with a refusal, or None: a ValueError naming the argument, showing the value, saying what is allowed."""
    if error is None:
        return "accepted silently (expected a ValueError)"
    if isinstance(error, ProbeTimeout):
        return f"no answer within {PROBE_SECONDS} s"
    if type(error) is not ValueError:
        return f"raised {type(error).__name__} (not ValueError): {shown(str(error))}"
    message = str(error)
    if len(message) > MAX_MESSAGE:
        return f"a message of {len(message):,} characters (a value echoed whole?): {message[:120]}..."
    if not any(re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", message) for name in names):
        return f"the message does not name {names[0]!r}: {message!r}"
    if not ALLOWED_WORDS.search(message):
        return f"the message does not say what is allowed: {message!r}"
    if _is_scalar_like(value) and not callable(value) and "overflow" not in message and shown(value)[:30] not in message and not (
            isinstance(value, int) and abs(value) < 10**30 and f"{value:,}" in message) and not (
            isinstance(value, str) and value and value[:30] in message):
        return f"the message does not show the value {shown(value)[:40]}: {message!r}"
    return None


FLAGS = ("diverged", "interrupted", "overflowed")


def _walk(obj, depth=0):
    """Every object inside a result (tuples, lists, dicts, dataclasses, Params, MLP), the result first."""
    yield obj
    if depth > 4:
        return
    if isinstance(obj, (tuple, list)):
        children = obj
    elif isinstance(obj, dict):
        children = list(obj.values())
    elif isinstance(obj, Params):
        children = []
    elif isinstance(obj, mlp.MLP):
        children = [*obj.W, *obj.b]
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        children = [getattr(obj, f.name) for f in dataclasses.fields(obj)]
    else:
        children = []
    for child in children[:100]:
        yield from _walk(child, depth + 1)


def _nonfinite(obj) -> bool:
    if isinstance(obj, Params):
        return not obj.is_finite()
    if isinstance(obj, (float, np.floating)):
        return not math.isfinite(obj)
    if isinstance(obj, np.ndarray) and obj.dtype.kind == "f":
        return not np.isfinite(obj).all()
    return False


def result_problem(result, nonfinite_ok: str = "") -> str | None:
    """A result with NaN or infinity and no flag saying why, or a describe() text with "nan"; None if fine."""
    objects = list(_walk(result))
    flagged = False
    for obj in objects:
        for flag in FLAGS:
            try:
                value = getattr(obj, flag, False)
                flagged |= bool(np.any(value)) if value is not None else False
            except Exception:
                pass
    for obj in objects:
        if _nonfinite(obj) and not flagged and not nonfinite_ok:
            return f"NaN or infinity in the result without a diverged flag: {shown(obj)}"
        describe = getattr(obj, "describe", None)
        if callable(describe) and not isinstance(obj, type):
            text = describe()
            if re.search(r"\bnan\b|\binf\b", text, re.IGNORECASE):
                return f"describe() says {text!r}"
    return None


# ----------------------------------------------------------------------------------
# Hostile values
# ----------------------------------------------------------------------------------

class Explosive:
    """Every question raises: equality, hashing, truth, length, iteration, conversion, repr, path, array."""

    def _boom(self, *args, **kwargs):
        raise RuntimeError("hostile object")

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __hash__ = __bool__ = __len__ = __iter__ = _boom
    __float__ = __int__ = __index__ = __complex__ = __repr__ = __str__ = __fspath__ = __getitem__ = _boom
    __array__ = __format__ = __contains__ = _boom


class EqRaises(str):
    """Text whose == and hash raise (a str subclass): text rules must compare it as plain text."""

    def __eq__(self, other):
        raise RuntimeError("hostile __eq__")

    __ne__ = __eq__

    def __hash__(self):
        raise RuntimeError("hostile __hash__")


class FloatLike:
    """Not a number, though float() works on it: refused like any other object."""

    def __float__(self):
        return 0.5


REFUSE, ACCEPT, EITHER = "refuse", "accept", "either"
LONG_TEXT = "x" * 100_000


def junk(none_ok=False):
    """Refused by every kind of argument."""
    cases = [("object()", object()), ("Explosive", Explosive()), ("FloatLike", FloatLike()),
             ("100 kB text", LONG_TEXT), ("a function", len), ("a module", np)]
    if not none_ok:
        cases.append(("None", None))
    return [(label, value, REFUSE) for label, value in cases]


def number_cases(valid, none_ok=False):
    cases = junk(none_ok) + [
        ("numeric text", str(valid), REFUSE), ("text '7'", "7", REFUSE), ("bytes", b"1", REFUSE),
        ("True", True, REFUSE), ("np.True_", np.True_, REFUSE), ("complex", complex(valid), REFUSE),
        ("np.complex128", np.complex128(valid), REFUSE), ("NaN", math.nan, REFUSE), ("np.nan", np.float64("nan"), REFUSE),
        ("inf", math.inf, REFUSE), ("-inf", -math.inf, REFUSE), ("a list", [valid], REFUSE),
        ("a 1-element array", np.array([valid]), REFUSE), ("10**400", 10**400, REFUSE), ("-10**400", -10**400, REFUSE),
        ("Decimal", decimal.Decimal("0.5"), REFUSE),
        ("np.float64", np.float64(valid), ACCEPT),
        ("0", 0, EITHER), ("-1", -1, EITHER), ("1e300", 1e300, EITHER), ("-1e300", -1e300, EITHER),
        ("1e-300", 1e-300, EITHER), ("1e100", 1e100, EITHER), ("Fraction", fractions.Fraction(1, 3), EITHER),
        ("np.float32", np.float32(valid), EITHER),
    ]
    if float(valid).is_integer():
        cases.append(("np.int64", np.int64(valid), ACCEPT))
    return cases


def whole_cases(valid, none_ok=False, huge=EITHER):
    return junk(none_ok) + [
        ("5.9", 5.9, REFUSE), ("a float", float(valid), REFUSE), ("numeric text", str(valid), REFUSE),
        ("True", True, REFUSE), ("np.True_", np.True_, REFUSE), ("np.float64", np.float64(valid), REFUSE),
        ("complex", complex(valid), REFUSE), ("NaN", math.nan, REFUSE), ("inf", math.inf, REFUSE),
        ("10**400", 10**400, REFUSE), ("a list", [valid], REFUSE), ("0-d array", np.array(valid), REFUSE),
        ("np.int64", np.int64(valid), ACCEPT), ("np.int32", np.int32(valid), ACCEPT),
        ("0", 0, EITHER), ("-1", -1, EITHER), ("10**9", 10**9, huge), ("2**63", 2**63, EITHER),
    ]


def flag_cases(valid):
    return junk() + [
        ("'no'", "no", REFUSE), ("'False'", "False", REFUSE), ("'True'", "True", REFUSE), ("''", "", REFUSE),
        ("0", 0, REFUSE), ("1", 1, REFUSE), ("1.0", 1.0, REFUSE), ("np.float64(1)", np.float64(1), REFUSE),
        ("[True]", [True], REFUSE), ("np.bool_", np.bool_(valid), ACCEPT), ("the other bool", not valid, EITHER),
    ]


def word_cases(valid, options=(), none_ok=False):
    cases = junk(none_ok) + [
        ("upper case", valid.upper() + ("X" if valid.upper() == valid else ""), REFUSE),
        ("leading space", " " + valid, REFUSE), ("trailing space", valid + " ", REFUSE), ("''", "", REFUSE),
        ("with NUL", valid + "\0", REFUSE), ("bytes", valid.encode(), REFUSE), ("a list (unhashable)", [valid], REFUSE),
        ("a tuple", (valid,), REFUSE), ("a set", {valid}, REFUSE), ("0", 0, REFUSE), ("True", True, REFUSE),
        ("1.5", 1.5, REFUSE), ("np.str_", np.str_(valid), ACCEPT), ("str with hostile ==", EqRaises(valid), ACCEPT),
    ]
    cases += [(f"option {o!r}", o, EITHER) for o in options if o != valid]
    return cases


def params_cases(valid):
    return junk() + [
        ("a tuple of nine", valid.values, REFUSE), ("an array of nine", valid.to_array(), REFUSE),
        ("a dict", valid.as_dict(), REFUSE), ("text", "LECTURE_START", REFUSE), ("0", 0, REFUSE),
        ("look-alike", types.SimpleNamespace(**valid.as_dict(), values=valid.values), REFUSE),
        ("an MLP", mlp.MLP(seed=0), REFUSE),
    ]


def array_junk(valid):
    """Refused by every array argument."""
    v = np.asarray(valid, dtype=float)
    nan, inf = v.copy(), v.copy()
    nan.flat[0], inf.flat[-1] = math.nan, math.inf
    return junk() + [
        ("text", "1,2;3,4", REFUSE), ("a number", 5.0, REFUSE), ("NaN inside", nan, REFUSE),
        ("inf inside", inf, REFUSE), ("-inf inside", -inf, REFUSE), ("beyond 1e100", v + 1e300, REFUSE),
        ("complex array", v.astype(complex), REFUSE), ("bool array", v > 0, REFUSE),
        ("numeric text array", v.astype(str), REFUSE), ("object array", v.astype(object), REFUSE),
        ("a list with None", [None] * len(v), REFUSE), ("a dict", {"a": 1}, REFUSE), ("a set", {1.0, 2.0}, REFUSE),
        ("list", v.tolist(), ACCEPT), ("float32", v.astype(np.float32), EITHER),
        ("Fortran order", np.asfortranarray(v), ACCEPT), ("read-only", _read_only(v), ACCEPT),
    ]


def _read_only(v):
    v = v.copy()
    v.flags.writeable = False
    return v


def rows_cases(valid, columns, paired, empty=REFUSE, any_columns=False):
    """X-like (n, columns) arrays; `paired`: another argument must have the same number of rows;
    `any_columns`: any number of columns is allowed (data sets and scalers)."""
    v = np.asarray(valid, dtype=float)
    n = len(v)
    cases = array_junk(v) + [
        ("shape (3, 4)", np.ones((3, 4)) if columns != 4 else np.ones((3, 5)), REFUSE),
        ("one column too few", v[:, :-1], REFUSE), ("one column too many", np.c_[v, v[:, :1]], REFUSE),
        ("transposed", v.T if v.shape[0] != v.shape[1] else v[:, :1].T, REFUSE), ("flattened", v.ravel(), REFUSE),
        ("3-D", v[None], REFUSE), ("empty", np.empty((0, columns)), empty),
        ("ragged", [[1.0] * columns, [1.0]], REFUSE), ("10**7 rows", np.zeros((10**7, columns)), REFUSE),
        ("tuple of tuples", tuple(map(tuple, v.tolist())), ACCEPT),
        ("int64", np.round(v).astype(np.int64), ACCEPT if np.array_equal(np.round(v), v) else EITHER),
        ("huge but allowed", v * 0 + 1e99, EITHER),
    ]
    cases.append(("another number of rows", np.r_[v, v[:1]], REFUSE if paired else EITHER))
    cases.append(("one row", v[:1], REFUSE if paired and n > 1 else EITHER))
    if any_columns:
        loose = ("one column too few", "one column too many", "shape (3, 4)", "transposed", "flattened")
        cases = [(label, value, EITHER if label in loose else expect) for label, value, expect in cases]
    return cases


def vector_cases(valid, paired=False, length_fixed=False, empty=REFUSE):
    v = np.asarray(valid, dtype=float)
    cases = array_junk(v) + [
        ("a column (n, 1)", v[:, None], REFUSE), ("2-D", np.vstack([v, v]), REFUSE), ("empty", np.empty(0), empty),
        ("10**7 values", np.zeros(10**7), REFUSE), ("tuple", tuple(v.tolist()), ACCEPT),
        ("int64", np.round(v).astype(np.int64), ACCEPT if np.array_equal(np.round(v), v) else EITHER),
        ("huge but allowed", v * 0 + 1e99, EITHER),
    ]
    other = REFUSE if paired or length_fixed else EITHER
    cases += [("one value fewer", v[:-1], other), ("one value more", np.r_[v, v[:1]], other)]
    return cases


def range_cases(valid):
    low, high = valid
    return junk() + [
        ("one number", (low,), REFUSE), ("three numbers", (low, high, high), REFUSE), ("reversed", (high, low), REFUSE),
        ("NaN", (low, math.nan), REFUSE), ("inf", (low, math.inf), REFUSE), ("text", "ab", REFUSE),
        ("numeric text", (low, str(high)), REFUSE), ("a bool", (True, high), REFUSE), ("complex", (complex(low), high), REFUSE),
        ("a set", {low, high}, REFUSE), ("a dict", {"low": low, "high": high}, REFUSE), ("beyond 1e100", (low, 1e300), REFUSE),
        ("2-D", np.array([[low, high]]), REFUSE), ("a number", 5, REFUSE), ("10**400", (low, 10**400), REFUSE),
        ("list", [low, high], ACCEPT), ("array", np.array([low, high], dtype=float), ACCEPT),
        ("numpy scalars", (np.float64(low), np.float64(high)), ACCEPT),
        ("equal", (low, low), EITHER), ("1e100 wide", (-1e100, 1e100), EITHER), ("1e6 wide", (-1e6, 1e6), EITHER),
    ]


def net_cases(valid):
    return junk() + [
        ("text", "net", REFUSE), ("Params", LECTURE_START, REFUSE), ("a dict", {"W": valid.W, "b": valid.b}, REFUSE),
        ("the class", mlp.MLP, REFUSE), ("a list of one", [valid], REFUSE),
        ("look-alike", types.SimpleNamespace(W=valid.W, b=valid.b, hidden=valid.hidden, output=valid.output,
                                             sizes=valid.sizes), REFUSE),
        ("a copy", valid.copy(), ACCEPT),
    ]


def function_cases(valid, any_function=True):
    return [(label, v, ACCEPT if label == "a function" and any_function else expect) for label, v, expect in junk()] + [("a number", 5, REFUSE), ("text", "f", REFUSE), ("a list", [valid], REFUSE),
                     ("a class", dict, REFUSE)]


def name_cases(valid, none_ok=False):
    """One column name."""
    return junk(none_ok) + [
        ("0", 0, REFUSE), ("a list", [valid], REFUSE), ("leading space", " " + valid, REFUSE), ("''", "", REFUSE),
        ("bytes", valid.encode(), REFUSE), ("True", True, REFUSE), ("np.str_", np.str_(valid), ACCEPT),
        ("str with hostile ==", EqRaises(valid), ACCEPT),
    ]


def names_cases(valid):
    """A list of column names."""
    v = list(valid)
    return junk() + [
        ("one text", ",".join(v), REFUSE), ("a name twice", [v[0]] * len(v), REFUSE), ("a number inside", [v[0], 2, *v[2:]], REFUSE),
        ("None inside", [None, *v[1:]], REFUSE), ("a list inside (unhashable)", [[v[0]], *v[1:]], REFUSE),
        ("spaces", [" " + v[0], *v[1:]], REFUSE), ("empty name", ["", *v[1:]], REFUSE), ("empty list", [], REFUSE),
        ("100 kB name", [LONG_TEXT, *v[1:]], REFUSE), ("a set", set(v), REFUSE), ("a dict", dict.fromkeys(v), REFUSE),
        ("hostile == inside", [EqRaises(v[0]), *v[1:]], ACCEPT), ("np.str_", [np.str_(x) for x in v], ACCEPT),
        ("a tuple", tuple(v), ACCEPT),
    ]


# ----------------------------------------------------------------------------------
# Valid values
# ----------------------------------------------------------------------------------

P = LECTURE_START
X, y = data.lecture_data(12)
PATH = [[0.0, 1.0], [1.0, 2.0], [1.5, 2.5]]
TRAJECTORY = np.vstack([P.to_array(), P.to_array() * 0.9, P.to_array() * 0.8])
NET = mlp.MLP(seed=0)                               # 8-3-8 sigmoid: the compiled path of train_mlp
NET_SMALL = mlp.MLP((2, 3, 1), hidden="relu", output="linear", seed=0)   # the readable path
X8 = mlp.one_hot(8)
XS, YS = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]), np.array([[1.0], [1.0], [0.0]])
FITTED_X = scaling.ZScoreScaler().fit(X)
FITTED_Y = scaling.MinMaxScaler().fit(y)
SCALED = scaling.scale_dataset(X, y)
RUN = nnmath.train(P, X, y, 1e-4, 3, record=True)
SWEEP = nnmath.sweep([P, P], X, y, [1e-4, 2e-4], 2)
MLP_SWEEP = mlp.sweep([NET_SMALL], XS, YS, [0.1, 0.2], 3, weight_decay=[0.0, 0.1])
GRADIENT_CHECK = mlp.gradient_check(NET_SMALL, XS, YS)
FAULT = faults.FAULTS["the lecture's loop"]


class Fresh:
    """A valid value made anew for every call (a path to a file that does not exist yet)."""

    def __init__(self, make):
        self.make = make


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("hostile")


# ----------------------------------------------------------------------------------
# The catalogue: what each public function takes
# ----------------------------------------------------------------------------------

@dataclass
class Arg:
    cases: list                      # (label, value, REFUSE / ACCEPT / EITHER)
    valid: object
    names: tuple = ()                # words a refusal may use for it (default: the argument's name)


@dataclass
class Spec:
    name: str                        # module.function as enumerated (e.g. "core.reference.forward")
    call: Callable                   # called with keyword arguments
    args: dict                       # argument -> Arg
    nonfinite_ok: str = ""           # why NaN/inf may appear in a result without a flag (documented overflow)
    seconds: float = PROBE_SECONDS


def a(cases_function, valid, *more, names=(), **options):
    return Arg(cases_function(valid, *more, **options), valid, names)


NUMBER = number_cases
WHOLE = whole_cases
OVERFLOW_DOC = "documented: inf where a value overflows the float range at parameters and data near 1e100"


def specs(tmp: pathlib.Path) -> list[Spec]:
    """Every public function with, per argument, its kind and a valid value (the order of the signature)."""
    csv_path = tmp / "ok.csv"
    if not csv_path.exists():
        csv_path.write_text("id,x1,x2,y\na,1,2,3\nb,4,5,6\nc,7,8,10\n", encoding="utf-8")
    counter = iter(range(10**9))

    def new_path():
        return tmp / f"new_{next(counter)}.csv"

    json_path = tmp / "other.json"
    if not json_path.exists():
        json_path.write_text('{"lr": 1e-7, "epochs": "many"}', encoding="utf-8")
    existing = tmp / "existing.csv"
    existing.write_text("x1,x2,y\n1,2,3\n", encoding="utf-8")
    read_path = Arg(path_cases(csv_path, tmp, writing=False), csv_path, ("path", str(csv_path), str(tmp), str(tmp / "missing.csv")))
    write_path = Arg(path_cases(None, tmp, writing=True, existing=existing), Fresh(new_path), ("path",))
    xy = dict(X=a(rows_cases, X, 2, True), y=a(vector_cases, y, True))
    xk = dict(X=a(rows_cases, X, 2, True, any_columns=True), y=a(vector_cases, y, True))
    output = a(word_cases, "linear", ("relu",))
    p = a(params_cases, P)
    lr = a(NUMBER, 1e-4)
    epochs = a(WHOLE, 3, huge=REFUSE)
    net_data = dict(X=a(rows_cases, XS, 2, True), Y=a(rows_cases, YS, 1, True))
    net8 = dict(X=a(rows_cases, X8, 8, True), Y=a(rows_cases, X8, 8, True))
    fit_values = a(rows_cases, X, 2, False, any_columns=True, names=("values",))
    S = []

    def add(spec_name, call, /, nonfinite_ok="", seconds=PROBE_SECONDS, **args):
        S.append(Spec(spec_name, call, args, nonfinite_ok, seconds))

    # ---- core.checks: the rules themselves are probed by hypothesis below; these take arrays and counts
    add("core.checks.check_data", checks.check_data, **xy)
    add("core.checks.real_array", lambda value: checks.real_array("values", value, 2, 2), value=a(rows_cases, X, 2, False, names=("values",)))
    add("core.checks.check_work", checks.check_work, samples=a(WHOLE, 10), epochs=a(WHOLE, 10))
    add("core.checks.check_stored", lambda numbers: checks.check_stored("the run", numbers), numbers=a(WHOLE, 10, names=("numbers", "run")))
    add("core.checks.shown", checks.shown, value=Arg([(label, v, ACCEPT) for label, v, _ in junk() + number_cases(1.0)], 1.0))
    add("core.checks.refuse", lambda value: checks.refuse("x", value, "a thing"),
        value=Arg([(label, v, ACCEPT) for label, v, _ in junk()], 1.0))
    add("core.checks.not_applicable", lambda value: checks.not_applicable("batch_size", value, None, "online"),
        value=Arg([(label, v, REFUSE) for label, v, _ in junk(none_ok=True) + [("array", np.zeros(3), 0), ("5", 5, 0)]]
                  + [("None", None, ACCEPT)], None, ("batch_size",)))
    add("core.checks.one_or_many", lambda value: checks.one_or_many("lr", value, lambda v: checks.validate(lr=v)),
        value=Arg(axis_cases(0.1), 0.1, ("lr",)))
    add("core.checks.validate", lambda lr: checks.validate(lr=lr), lr=lr)
    add("core.checks.check", lambda value: checks.check("weights", value, checks.LEVEL),
        value=a(word_cases, "small", ("medium", "high"), names=("weights",)))
    add("core.checks.curve", lambda value: checks.curve("losses", value), nonfinite_ok="a curve's NaN: a diverged run",
        value=Arg(drawn_curve_cases(y), y, ("losses",)))
    add("core.checks.labels", lambda value: checks.labels("labels", value), value=Arg(label_list_cases(("a", "b")),
                                                                                      ("a", "b"), ("labels",)))
    add("core.checks.items", lambda value: checks.items("rates", value, lambda arg, v: checks.check(arg, v, RULES["lr"])),
        value=Arg(junk() + [("a list", [0.1, 0.2], ACCEPT), ("a tuple", (0.1,), ACCEPT), ("empty", [], REFUSE),
                            ("a bad item", [0.1, -1], REFUSE), ("text inside", [0.1, "0.2"], REFUSE),
                            ("101 items", [0.1] * 101, REFUSE), ("a dict", {"a": 0.1}, REFUSE),
                            ("an array", np.array([0.1]), REFUSE), ("text", "0.1", REFUSE)], [0.1], ("rates",)))
    add("core.checks.mapping", lambda value: checks.mapping("curves", value, lambda arg, v: checks.curve(arg, v)),
        value=Arg(junk() + [("a dict", {"a": [1.0]}, ACCEPT), ("empty", {}, REFUSE), ("a number key", {1: [1.0]}, REFUSE),
                            ("a key with spaces", {" a": [1.0]}, REFUSE), ("text value", {"a": "1"}, REFUSE),
                            ("complex value", {"a": [1j]}, REFUSE), ("a list", [[1.0]], REFUSE),
                            ("101 entries", {str(k): [1.0] for k in range(101)}, REFUSE)], {"a": [1.0]}, ("curves",)))

    # ---- core.params
    add("core.params.Params", lambda w1: Params(w1=w1, w2=0, w3=0, w4=0, w5=0, w6=0, b1=0, b2=0, b3=0),
        w1=a(NUMBER, 0.5, names=("w1", "Params.w1")))
    add("core.params.Params(positional)", lambda b3: Params(0, 0, 0, 0, 0, 0, 0, 0, b3),
        b3=a(NUMBER, 0.5, names=("b3", "Params.b3")))
    add("core.params.Params.from_array", Params.from_array, values=a(vector_cases, P.to_array(), length_fixed=True))
    add("core.params.Params.from_lists", Params.from_lists, weights=a(vector_cases, P.weights, length_fixed=True),
        biases=a(vector_cases, P.biases, length_fixed=True))
    add("core.params.Params.replace", lambda b3: P.replace(b3=b3), b3=a(NUMBER, 0.5, names=("b3", "Params.b3")))
    add("core.params.Params.replace(name)", lambda name: P.replace(**{name: 1.0}),
        name=Arg([("100 kB text", LONG_TEXT, REFUSE), ("upper case", "B3", REFUSE), ("leading space", " b3", REFUSE),
                  ("weight1", "weight1", REFUSE), ("b4", "b4", REFUSE), ("np.str_", np.str_("b3"), ACCEPT)],
                 "b3", ("name", "Params")))
    add("core.params.check_params", checks_params_call, params=p)
    add("core.params.params_or_none", params_module.params_or_none,
        array=Arg([c for c in vector_cases(P.to_array(), length_fixed=True)
                   if c[0] not in ("NaN inside", "inf inside", "-inf inside", "beyond 1e100")]
                  + [("NaN inside", np.full(9, math.nan), ACCEPT)], P.to_array()))

    # ---- core.reference
    add("core.reference.forward", reference.forward, nonfinite_ok=OVERFLOW_DOC, params=p, x1=a(NUMBER, 1.0),
        x2=a(NUMBER, 0.0), output=output)
    add("core.reference.forward_all", reference.forward_all, nonfinite_ok=OVERFLOW_DOC, params=p,
        X=a(rows_cases, X, 2, False), output=output)
    add("core.reference.predict", reference.predict, nonfinite_ok=OVERFLOW_DOC, params=p,
        X=a(rows_cases, X, 2, False), output=output)
    add("core.reference.loss", reference.loss, params=p, **xy, output=output)
    add("core.reference.gradients", reference.gradients, params=p, **xy, output=output)
    add("core.reference.sample_loss", reference.sample_loss, params=p, x1=a(NUMBER, 1.0), x2=a(NUMBER, 0.0),
        y=a(NUMBER, 2.0), output=output)
    add("core.reference.sample_gradients", reference.sample_gradients, params=p, x1=a(NUMBER, 1.0),
        x2=a(NUMBER, 0.0), y=a(NUMBER, 2.0), output=output)
    add("core.reference.loss_and_gradients_one", reference.loss_and_gradients_one, p=p, x1=a(NUMBER, 1.0),
        x2=a(NUMBER, 0.0), y=a(NUMBER, 2.0), output=output)
    add("core.reference.sgd_step", reference.sgd_step, params=p, **xy, lr=lr, output=output)
    add("core.reference.step", reference.step, p=p, grads=a(params_cases, P), lr=lr)
    add("core.reference.network", lambda x1, output: reference.network(*P.values, x1, 0.0, output),
        nonfinite_ok=OVERFLOW_DOC, x1=Arg(formula_cases(1.0), 1.0), output=output)
    add("core.reference.backward", lambda y, output: reference.backward(
        P.w5, P.w6, 1.0, 0.0, reference.network(*P.values, 1.0, 0.0, output), y, output),
        nonfinite_ok=OVERFLOW_DOC, y=Arg(formula_cases(2.0), 2.0), output=output)
    add("core.reference.backward(f)", lambda f: reference.backward(P.w5, P.w6, 1.0, 0.0, f, 2.0),
        f=Arg(junk() + [("a tuple", (1.0,) * 6, REFUSE), ("text", "f", REFUSE)], reference.forward(P, 1.0, 0.0), ("f",)))
    add("core.reference.relu", reference.relu, nonfinite_ok="the arithmetic of any real number", z=Arg(formula_cases(1.0), 1.0))
    add("core.reference.relu_prime", reference.relu_prime, z=Arg(formula_cases(1.0), 1.0))
    add("core.reference.within_limits", reference.within_limits,
        values=Arg([c for c in vector_cases([1.0, 2.0], empty=EITHER) if "inside" not in c[0] and "beyond" not in c[0]]
                   + [("NaN inside", [1.0, math.nan], ACCEPT), ("inf inside", [math.inf], ACCEPT)], [1.0, 2.0]))
    add("core.reference.train_reference", lambda params, X, y, lrs, epochs, batch_orders, output, record:
        reference.train_reference(params, X, y, lrs, epochs, batch_orders, output, record),
        params=p, **xy, lrs=a(vector_cases, [1e-4] * 3, names=("lrs",), empty=REFUSE),
        epochs=a(WHOLE, 3, huge=REFUSE), batch_orders=Arg(function_cases(online_orders, any_function=False) + [
            ("orders out of range", lambda e: [[99]], REFUSE), ("orders of text", lambda e: [["a"]], REFUSE),
            ("an empty batch", lambda e: [[]], REFUSE), ("None orders", lambda e: None, REFUSE),
            ("float indices", lambda e: [[0.5]], REFUSE), ("raising", lambda e: 1 / 0, REFUSE)],
            online_orders, ("batch_orders",)),
        output=output, record=a(flag_cases, False))

    # ---- core.data
    add("core.data.lecture_data", data.lecture_data, n=a(WHOLE, 5), seed=a(WHOLE, 123))
    add("core.data.quadratic_data", data.quadratic_data, n=a(WHOLE, 5), seed=a(WHOLE, 0),
        x1_range=a(range_cases, (-5, 5)), x2_range=a(range_cases, (-10, 10)), noise_max=a(WHOLE, 4),
        distribution=a(word_cases, "uniform", ("skewed",)))
    add("core.data.skewed_data", data.skewed_data, n=a(WHOLE, 5), seed=a(WHOLE, 0),
        x1_range=a(range_cases, (-5, 5)), x2_range=a(range_cases, (-10, 10)), noise_max=a(WHOLE, 4))
    add("core.data.random_target_data", data.random_target_data, n=a(WHOLE, 5), seed=a(WHOLE, 0), low=a(WHOLE, 0),
        high=a(WHOLE, 99), x1_range=a(range_cases, (-5, 5)), x2_range=a(range_cases, (-10, 10)))
    add("core.data.uniform_integer_variance", data.uniform_integer_variance, low=a(WHOLE, 0), high=a(WHOLE, 4))
    add("core.data.noise_variance", data.noise_variance, noise_max=a(WHOLE, 4))
    add("core.data.train_test_split", data.train_test_split, **xk, test_fraction=a(NUMBER, 0.25), seed=a(WHOLE, 0))
    add("core.data.make_dataset", data.make_dataset, n=a(WHOLE, 30), distribution=a(word_cases, "uniform", ("skewed",)),
        input_range=a(word_cases, "normal", ("wide",)), noise=a(WHOLE, 4), seed=a(WHOLE, 0))

    # ---- core.scaling
    for Scaler in (scaling.ZScoreScaler, scaling.MinMaxScaler, scaling.IdentityScaler):
        name = f"core.scaling.{Scaler.__name__}"
        add(f"{name}.fit", lambda values, S=Scaler: S().fit(values), values=fit_values)
        add(f"{name}.fit_transform", lambda values, S=Scaler: S().fit_transform(values), values=fit_values)
        add(f"{name}.transform", lambda values, S=Scaler: S().fit(X).transform(values),
            values=a(rows_cases, X, 2, False, empty=EITHER, names=("values",)))
        add(f"{name}.inverse_transform", lambda values, S=Scaler: S().fit(X).inverse_transform(values),
            nonfinite_ok="documented: NaN and inf (a diverged network's predictions) pass through",
            values=Arg([(label, v, EITHER if label in ("empty", "NaN inside", "inf inside", "-inf inside",
                                                       "beyond 1e100") else expect)
                        for label, v, expect in rows_cases(X, 2, False)], X, ("values",)))
        add(f"{name}.unscale_mse", lambda mse, S=Scaler: S().fit(y).unscale_mse(mse), nonfinite_ok="NaN/inf curves pass through",
            mse=Arg(curve_cases(0.5), 0.5, ("mse",)))
    add("core.scaling.scale_dataset", scaling.scale_dataset, **xk,
        method=Arg(word_cases("zscore", ("minmax",), none_ok=True), "zscore"))
    add("core.scaling.ScaledData.unscale_predictions", SCALED.unscale_predictions,
        nonfinite_ok="documented: NaN and inf (a diverged network's predictions) pass through",
        pred=Arg([(label, v, EITHER if label in ("a number", "empty", "NaN inside", "inf inside", "-inf inside",
                                                 "beyond 1e100") else expect)
                  for label, v, expect in vector_cases(y)], y, ("values", "pred")))
    add("core.scaling.ScaledData.scale_inputs", SCALED.scale_inputs,
        X=a(rows_cases, X, 2, False, empty=EITHER, names=("X", "values")))
    add("core.scaling.ScaledData.unscale_mse", SCALED.unscale_mse, nonfinite_ok="NaN/inf curves pass through",
        mse=Arg(curve_cases(0.5), 0.5, ("mse",)))
    add("core.scaling.scale_like_the_lecture", scaling.scale_like_the_lecture, **xy)
    add("core.scaling.check_scaled", scaling.check_scaled, scaled=Arg(scaled_cases(), SCALED, ("scaled",)))
    LECTURE_SCALED = scaling.scale_like_the_lecture(X, y)
    add("core.scaling.LectureScaled.scale_inputs", LECTURE_SCALED.scale_inputs,
        X=a(rows_cases, X, 2, False, names=("X",)))
    add("core.scaling.LectureScaled.scale_target", LECTURE_SCALED.scale_target, y=Arg(vector_cases(y), y, ("y",)))

    # ---- core.csvfiles (files in depth: tests/test_robustness_csv.py)
    add("core.csvfiles.read_table", csvfiles.read_table, path=read_path)
    add("core.csvfiles.TableCache.read", lambda path: csvfiles.TableCache().read(path), path=read_path)
    ok_bytes = b"id,x1,x2,y\na,1,2,3\nb,4,5,6\n"
    add("core.csvfiles.read_table_bytes", csvfiles.read_table_bytes, name=a(name_cases, "ok.csv"),
        data=Arg([c for c in junk() if c[0] != "100 kB text"] + [
            ("a number", 5, REFUSE), ("a list", [ok_bytes], REFUSE), ("text", ok_bytes.decode(), ACCEPT),
            ("bytearray", bytearray(ok_bytes), ACCEPT), ("memoryview", memoryview(ok_bytes), ACCEPT)],
            ok_bytes, ("data", "ok.csv")))
    add("core.csvfiles.load_csv", csvfiles.load_csv, path=read_path, inputs=Arg(
        names_cases(("x1", "x2")) + [("one name", "x1", ACCEPT), ("a text column", ["id", "x1"], REFUSE),
                                     ("missing column", ["x9"], REFUSE), ("the target too", ["x1", "y"], REFUSE),
                                     ("None (the file has a text column)", None, REFUSE)],
        ["x1", "x2"], ("inputs", "x9", "id", "x1", "y")), target=Arg(name_cases("y", none_ok=True) + [
            ("missing", "nope", REFUSE), ("a text column", "id", REFUSE)], "y", ("target", "nope", "id")))
    add("core.csvfiles.save_csv", lambda path, X, y, columns, overwrite: csvfiles.save_csv(path, X, y, columns, overwrite),
        path=write_path, X=a(rows_cases, X, 2, True), y=a(vector_cases, y, True), columns=a(names_cases, ("x1", "x2", "y")),
        overwrite=a(flag_cases, False))
    add("core.csvfiles.choose_columns", csvfiles.choose_columns, columns=a(names_cases, ("a", "b", "c")),
        input1=Arg(name_cases("a", none_ok=True), "a"), input2=Arg(name_cases("b", none_ok=True), "b"),
        target=Arg(name_cases("c", none_ok=True), "c"), path=Arg(junk() + [("0", 0, REFUSE)], "file.csv", ("path",)))

    # ---- core.init
    add("core.init.zeros", init.zeros)
    add("core.init.presets", init.presets)
    add("core.init.identical", init.identical, value=a(NUMBER, 0.5))
    add("core.init.constant", init.constant, weights=a(NUMBER, 0.0), biases=a(NUMBER, 2.0))
    add("core.init.grid_start", init.grid_start, weights=a(word_cases, "high", ("small",)),
        biases=a(word_cases, "small", ("medium",)))
    add("core.init.uniform", init.uniform, weight_range=a(range_cases, (-10, 10)), bias_range=a(range_cases, (-5, 5)),
        seed=a(WHOLE, 0), decimals=a(WHOLE, 2, none_ok=True))
    add("core.init.xavier", init.xavier, seed=a(WHOLE, 0))
    add("core.init.he", init.he, seed=a(WHOLE, 0))

    # ---- core.analysis
    add("core.analysis.hidden_activity", analysis.hidden_activity, params=p, X=a(rows_cases, X, 2, False))
    add("core.analysis.dead_nodes", analysis.dead_nodes, params=p, X=a(rows_cases, X, 2, False))
    add("core.analysis.unchanged_parameters", analysis.unchanged_parameters, start=p, end=p)
    add("core.analysis.best_constant", analysis.best_constant, y=a(vector_cases, y))
    add("core.analysis.frozen_parameters", analysis.frozen_parameters, trajectory=a(rows_cases, TRAJECTORY, 9, False))
    add("core.analysis.is_symmetric", analysis.is_symmetric, params=p)

    # ---- core.landscape
    add("core.landscape.loss_grid", landscape.loss_grid, params=p, **xy, p=a(word_cases, "w5", ("w1",)),
        q=a(word_cases, "w6", ("b3",)), p_range=a(range_cases, (-2, 3)), q_range=a(range_cases, (-2, 3)),
        resolution=a(WHOLE, 5, huge=REFUSE), output=output)
    add("core.landscape.descent_path", landscape.descent_path, params=p, **xy, lr=lr, steps=a(WHOLE, 5, huge=REFUSE),
        p=a(word_cases, "w5", ("w1",)), q=a(word_cases, "w6", ("b3",)), output=output)
    add("core.landscape.auto_range", landscape.auto_range,
        path=Arg([c for c in rows_cases(PATH, 2, False, empty=EITHER) if "inside" not in c[0] and "beyond" not in c[0]]
                 + [("NaN inside (a diverged path)", [[0.0, 1.0], [math.nan, 1.0]], ACCEPT),
                    ("beyond 1e100 (a diverged path)", [[0.0, 1.0], [1e300, 1.0]], ACCEPT)], PATH),
        centre=Arg(vector_cases((0.0, 1.0), length_fixed=True) + [("reversed", (1.0, 0.0), ACCEPT)], (0.0, 1.0), ("centre",)),
        pad=a(NUMBER, 0.5), clip=a(NUMBER, 50.0))
    add("core.landscape.Path.describe", lambda: landscape.descent_path(P, X, y, 1e-4, 2).describe())

    # ---- core.mlp
    add("core.mlp.MLP", mlp.MLP, sizes=Arg(sizes_cases((8, 3, 8)), (8, 3, 8), ("sizes",)),
        hidden=a(word_cases, "sigmoid", ("tanh", "relu")), output=a(word_cases, "sigmoid", ("linear",)),
        init=a(word_cases, "xavier", ("he",)), seed=a(WHOLE, 0))
    add("core.mlp.MLP(uniform)", lambda scale: mlp.MLP(init="uniform", scale=scale), scale=a(NUMBER, 0.5))
    add("core.mlp.MLP.from_arrays", lambda W, b: mlp.MLP.from_arrays(W, b),
        W=Arg(matrices_cases(NET_SMALL.W), NET_SMALL.W, ("W", "W[0]", "W[1]")),
        b=Arg(matrices_cases(NET_SMALL.b), NET_SMALL.b, ("b", "b[0]", "b[1]")))
    add("core.mlp.MLP.copy", lambda: NET.copy())
    add("core.mlp.sigmoid", mlp.sigmoid, nonfinite_ok="the arithmetic of any real number", z=Arg(formula_cases(1.0), 1.0))
    add("core.mlp.softplus", mlp.softplus, nonfinite_ok="softplus(inf) is inf", z=Arg(formula_cases(1.0), 1.0))
    add("core.mlp.activate", mlp.activate, nonfinite_ok="the arithmetic of any real number",
        name=a(word_cases, "tanh", ("relu", "linear", "sigmoid"), names=("name", "activation")), z=Arg(formula_cases(1.0), 1.0))
    add("core.mlp.slope", mlp.slope, nonfinite_ok="the arithmetic of any real number", name=a(word_cases, "tanh", ("relu", "linear"), names=("name", "activation")),
        a=Arg(formula_cases(0.5), 0.5))
    add("core.mlp.forward", mlp.forward, nonfinite_ok=OVERFLOW_DOC, net=a(net_cases, NET), X=a(rows_cases, X8[:5], 8, False))
    add("core.mlp.predict", mlp.predict, nonfinite_ok=OVERFLOW_DOC, net=a(net_cases, NET), X=a(rows_cases, X8[:5], 8, False))
    add("core.mlp.loss", mlp.loss, net=a(net_cases, NET), **net8, loss=a(word_cases, "mse", ("cross_entropy",)),
        weight_decay=a(NUMBER, 0.0))
    add("core.mlp.gradients", mlp.gradients, net=a(net_cases, NET), **net8, loss=a(word_cases, "mse", ("cross_entropy",)),
        weight_decay=a(NUMBER, 0.0))
    mlp_training = dict(lr=a(NUMBER, 1.0), iterations=a(WHOLE, 3, huge=REFUSE),
                        loss=a(word_cases, "mse", ("cross_entropy",)), weight_decay=a(NUMBER, 0.0))
    add("core.mlp.train_reference", mlp.train_reference, net=a(net_cases, NET_SMALL), **net_data, **mlp_training,
        tol=a(NUMBER, 0.1, none_ok=True), criterion=a(word_cases, "rounded", ("argmax",)),
        stop_when_converged=a(flag_cases, False))
    add("core.mlp.sweep", mlp.sweep, nonfinite_ok="documented: NaN in converged_at means never", nets=Arg(nets_cases(NET_SMALL), [NET_SMALL], ("nets", "net")), **net_data,
        lr=Arg(axis_cases(0.1), 0.1, ("lr",)), iterations=a(WHOLE, 3, huge=REFUSE), loss=a(word_cases, "mse"),
        weight_decay=Arg(axis_cases(0.0), 0.0, ("weight_decay",)),
        tol=a(NUMBER, 0.1, none_ok=True), criterion=a(word_cases, "rounded", ("argmax",)),
        stop_when_converged=a(flag_cases, False))
    add("core.mlp.iterations_to_converge", mlp.iterations_to_converge, nonfinite_ok="NaN: not within iterations (documented)",
        nets=Arg(nets_cases(NET_SMALL), [NET_SMALL], ("nets", "net")), **net_data, lr=Arg(axis_cases(0.1), 0.1, ("lr",)),
        iterations=a(WHOLE, 3, huge=REFUSE), criterion=a(word_cases, "rounded", ("argmax",)))
    add("core.mlp.gradient_check", mlp.gradient_check, net=a(net_cases, NET_SMALL), **net_data,
        loss=a(word_cases, "mse"), weight_decay=a(NUMBER, 0.0), eps=a(NUMBER, 1e-5), floor=a(NUMBER, 1e-4))
    add("core.mlp.one_hot", mlp.one_hot, n=a(WHOLE, 8, huge=REFUSE))
    add("core.mlp.hidden_code", mlp.hidden_code, net=a(net_cases, NET), X=a(rows_cases, X8[:5], 8, False),
        threshold=a(NUMBER, 0.5), layer=a(WHOLE, 1))
    add("core.mlp.flat_parameters", mlp.flat_parameters, net=a(net_cases, NET))
    add("core.mlp.with_parameters", mlp.with_parameters, net=a(net_cases, NET_SMALL),
        theta=Arg([c for c in vector_cases(mlp.flat_parameters(NET_SMALL), length_fixed=True)
                   if "inside" not in c[0] and "beyond" not in c[0]], mlp.flat_parameters(NET_SMALL), ("theta",)),
        nonfinite_ok="documented: probes networks that may overflow")
    add("core.mlp.MLPRun.describe", lambda: mlp.train_reference(NET_SMALL, XS, YS, 1e9, 5).describe())
    add("core.mlp.MLPSweep.net_at", MLP_SWEEP.net_at, i_lr=a(WHOLE, 1), i_decay=a(WHOLE, 0), i_net=a(WHOLE, 0))
    add("core.mlp.GradientCheck.table", GRADIENT_CHECK.table, rows=a(WHOLE, 3, none_ok=True))

    # ---- core.curvature, core.gradcheck
    add("core.curvature.hessian_eigenvalues", curvature.hessian_eigenvalues, net=a(net_cases, NET_SMALL), **net_data,
        loss=a(word_cases, "mse"), weight_decay=a(NUMBER, 0.0), eps=a(NUMBER, 1e-5))
    add("core.gradcheck.central_differences", gradcheck.central_differences, f=a(function_cases, np.sum),
        theta=a(vector_cases, [1.0, 2.0]), eps=a(NUMBER, 1e-6))
    add("core.gradcheck.central_differences(f returns junk)", lambda f: gradcheck.central_differences(f, [1.0, 2.0]),
        f=Arg([("returns text", lambda t: "a", REFUSE), ("returns NaN", lambda t: math.nan, REFUSE),
               ("returns complex", lambda t: 1j, REFUSE), ("raises TypeError", lambda t: len(5), REFUSE)], np.sum, ("f",)))
    add("core.gradcheck.relative_error", gradcheck.relative_error, analytic=a(vector_cases, [1.0, 2.0], True),
        numeric=a(vector_cases, [1.0, 2.1], True), floor=a(NUMBER, 1e-4))

    # ---- core.holdout
    add("core.holdout.mse_per_row_reference", holdout.mse_per_row_reference, nonfinite_ok=OVERFLOW_DOC,
        trajectory=a(rows_cases, TRAJECTORY, 9, False, empty=EITHER), **xy, output=output)

    # ---- core.faults
    fault = a(word_cases, "the lecture's loop", ("none", "sign flip"))
    add("core.faults.check_fault", faults.check_fault, fault=fault)
    add("core.faults.faulty_arguments", faults.faulty_arguments, params=p, **xy, lr=lr, epochs=epochs, fault=fault,
        output=output)
    add("core.faults.faulty_train_reference", faults.faulty_train_reference, params=p, **xy, lr=lr, epochs=epochs,
        fault=fault, output=output)
    add("core.faults.gradient_check", faults.gradient_check, params=p, **xy, fault=fault, output=output,
        eps=a(NUMBER, 1e-6))
    add("core.faults.fault_start", faults.fault_start, params=p,
        fault=Arg(junk() + [("a name", "equal start", REFUSE), ("a bool", True, REFUSE)], FAULT, ("fault",)))
    add("core.faults.faulty_gradients", lambda values, x1, lr: faults.faulty_gradients(values, x1, 0.0, 2.0, lr, FAULT),
        nonfinite_ok="arithmetic, like network", values=Arg(nine_cases(P.to_array()), P.to_array(), ("values",)),
        x1=Arg(formula_cases(1.0), 1.0, ("x1",)), lr=Arg(formula_cases(0.01), 0.01, ("lr",)))
    add("core.faults.faulty_update", lambda values, g, lr: faults.faulty_update(values, g, lr, FAULT),
        nonfinite_ok="arithmetic, like network", values=Arg(nine_cases(P.to_array()), P.to_array(), ("values",)),
        g=Arg(nine_cases(np.ones(9)), np.ones(9), ("g",)), lr=Arg(formula_cases(0.01), 0.01, ("lr",)))

    # ---- core.runs, core.schedules
    add("core.runs.Run.describe", lambda: RUN.describe())
    add("core.runs.Run.from_trajectory", lambda trajectory, lr: runs.Run.from_trajectory(P, trajectory, [1.0, 0.9], None, lr),
        trajectory=a(rows_cases, TRAJECTORY, 9, False, names=("trajectory", "losses")), lr=lr)
    add("core.runs.SweepResult.params_at", lambda index: SWEEP.params_at(index, 0), index=Arg(junk() + [
        ("out of range", 5, REFUSE), ("text", "0", REFUSE), ("a float", 0.5, REFUSE), ("-1", -1, EITHER),
        ("np.int64", np.int64(1), ACCEPT)], 0, ("index",)))
    add("core.schedules.StepDecay", schedules.StepDecay, factor=a(NUMBER, 0.5), every=a(WHOLE, 100))
    add("core.schedules.StepDecay.rates", schedules.StepDecay().rates, lr=lr, epochs=epochs)
    add("core.schedules.ReduceOnPlateau", schedules.ReduceOnPlateau, factor=a(NUMBER, 0.5), patience=a(WHOLE, 20),
        min_delta=a(NUMBER, 1e-4), min_lr=a(NUMBER, 1e-12))
    add("core.schedules.ReduceOnPlateau.next_rate",
        lambda rate, losses: schedules.ReduceOnPlateau().next_rate(rate, losses, {}),
        rate=a(NUMBER, 0.1, names=("rate",)),
        losses=Arg([(label, v, EITHER if label in ("NaN inside", "object array", "10**7 values", "a column (n, 1)",
                                                   "2-D", "a set", "a dict") else expect)
                    for label, v, expect in vector_cases([1.0, 0.9])], [1.0, 0.9], ("losses",)))

    # ---- fast: the compiled entry points (shape mismatches also in a subprocess: test_robustness_limits.py)
    train_args = dict(params=p, **xy, lr=lr, epochs=epochs, mode=a(word_cases, "online", ("batch",)), output=output,
                      record=a(flag_cases, False))
    add("fast.training.train", training.train, **train_args,
        batch_size=Arg(not_applicable_cases(4), None, ("batch_size",)),
        shuffle_seed=Arg(whole_cases(1, none_ok=True), None, ("shuffle_seed",)),
        schedule=Arg(junk(none_ok=True) + [("text", "step", REFUSE), ("the class", schedules.StepDecay, REFUSE),
                                           ("StepDecay", schedules.StepDecay(), ACCEPT)], None, ("schedule",)))
    add("fast.training.train(minibatch)", lambda batch_size, shuffle_seed: training.train(
        P, X, y, 1e-4, 3, mode="minibatch", batch_size=batch_size, shuffle_seed=shuffle_seed),
        batch_size=a(WHOLE, 4), shuffle_seed=a(WHOLE, 1, none_ok=True))
    add("fast.training.sweep", training.sweep, starts=Arg(params_cases(P)[:-1] + [("list", [P, P], ACCEPT),
                                                                                 ("empty list", [], REFUSE)], P, ("starts", "start")),
        **xy, lr=Arg(axis_cases(1e-4), 1e-4, ("lr",)),
        epochs=epochs, mode=a(word_cases, "online", ("batch",)), output=output,
        batch_size=Arg(not_applicable_cases(4), None, ("batch_size",)),
        seed=Arg([c for c in whole_cases(1, none_ok=True) if c[0] != "a list"] + [("list", [0, 1], ACCEPT)], None,
                 ("seed", "shuffle_seed")),
        record=a(flag_cases, False))
    add("fast.faulty.faulty_train", faulty.faulty_train, params=p, **xy, lr=lr, epochs=epochs, fault=fault, output=output)
    add("fast.evaluate.mse_per_row", evaluate.mse_per_row, nonfinite_ok=OVERFLOW_DOC,
        trajectory=a(rows_cases, TRAJECTORY, 9, False, empty=EITHER), **xy, output=output)
    add("fast.encoder.train_mlp", encoder.train_mlp, net=a(net_cases, NET), **net8, **mlp_training)
    add("fast.encoder.train_mlp(readable)", encoder.train_mlp, net=a(net_cases, NET_SMALL), **net_data, **mlp_training)
    add("fast.encoder.train_encoder", encoder.train_encoder, net=a(net_cases, NET), **net8, **mlp_training)
    add("fast.holdout.train_and_test", fast_holdout.train_and_test,
        X_train=a(rows_cases, X, 2, True, names=("X", "X_train")), y_train=a(vector_cases, y, True, names=("y", "y_train")),
        X_test=a(rows_cases, X[:4], 2, True, names=("X", "X_test"), empty=EITHER),
        y_test=a(vector_cases, y[:4], True, names=("y", "y_test"), empty=EITHER),
        start=a(params_cases, P, names=("start", "params")), lr=lr, epochs=epochs, scaled=a(flag_cases, False))
    add("fast.scaled.train_scaled", scaled.train_scaled, X=a(rows_cases, X, 2, True), y=a(vector_cases, y, True),
        start=a(params_cases, P, names=("start", "params")), lr=lr, epochs=epochs,
        mode=a(word_cases, "online", ("batch", "minibatch")), output=output, scaled=a(flag_cases, False),
        batch_size=Arg(not_applicable_cases(4), None, ("batch_size",)),
        shuffle_seed=Arg(whole_cases(1, none_ok=True), None, ("shuffle_seed",)))
    add("fast.warmup.warm_up", warmup.warm_up, seconds=60)
    # ---- core.cases (10_find_the_bug): the mystery cases and the gradient check as a tool
    case = Arg(word_cases("A", ("B", "H")) + [("a Case", cases.CASES["C"], ACCEPT), ("lower case", "a", REFUSE),
                                              ("the fault's name", "frozen bias", REFUSE)], "A", ("case",))
    add("core.cases.Case", cases.Case, letter=Arg(name_cases("Z"), "Z", ("letter",)), fault=fault,
        start=a(params_cases, cases.LINEAR_START, names=("start", "params")), output=output, lr=lr,
        epochs=epochs)
    add("core.cases.case_data", cases.case_data)
    add("core.cases.get_case", cases.get_case, case=case)
    add("core.cases.record_diagnosis", _keeping_locks(cases.record_diagnosis), case=case, accepted=a(flag_cases, False))
    add("core.cases.give_up", _keeping_locks(cases.give_up), case=case)
    add("core.cases.answer_unlocked", cases.answer_unlocked, case=case)
    add("core.cases.lock_all", _keeping_locks(cases.lock_all))
    add("core.cases.check_gradients", cases.check_gradients, params=a(params_cases, cases.LINEAR_START), **xy,
        fault=fault, output=output, lr=a(NUMBER, 1e-3))
    add("core.cases.check_case", cases.check_case, case=case,
        params=Arg([c for c in params_cases(cases.LINEAR_START) if c[0] != "None"] + [("None", None, ACCEPT)], None,
                   ("params",)),
        lr=a(NUMBER, 1e-3))
    add("core.cases.check_rows", cases.check_rows, rows=Arg(rows_of_checks_cases(CHECK_ROWS), CHECK_ROWS, ("rows",)))
    add("core.cases.flagged", cases.flagged, rows=Arg(rows_of_checks_cases(CHECK_ROWS), CHECK_ROWS, ("rows",)))
    add("core.cases.format_check", cases.format_check, rows=Arg(rows_of_checks_cases(CHECK_ROWS), CHECK_ROWS, ("rows",)))
    add("core.cases.check_gradient_function", cases.check_gradient_function,
        gradient_function=Arg(gradient_function_cases(), reference.loss_and_gradients_one, ("gradient_function",)),
        params=a(params_cases, cases.LINEAR_START), **xy, output=output)
    add("core.cases.python312_sum", cases.python312_sum, nonfinite_ok="arithmetic: a sum of infinities is infinite",
        values=Arg([(label, v, EITHER if label in ("empty", "NaN inside", "inf inside", "-inf inside", "beyond 1e100",
                                                   "huge but allowed") else expect)
                    for label, v, expect in vector_cases([0.1, 0.2, 0.3])], [0.1, 0.2, 0.3], ("values",)))
    add("core.cases.ExactTable", cases.ExactTable, title=Arg(title_cases("a table"), "a table", ("title",)),
        rows=Arg(exact_rows_cases(EXACT_ROWS), EXACT_ROWS, ("rows",)),
        beside=Arg(beside_cases(("the correct loop", [1.0, 2.0])), None, ("beside",)))
    add("core.cases.exact_table", cases.exact_table, title=Arg(title_cases("a table"), "a table", ("title",)),
        rows=Arg(exact_rows_cases(EXACT_ROWS), EXACT_ROWS, ("rows",)),
        beside=Arg(beside_cases(("the correct loop", [1.0, 2.0])), None, ("beside",)))

    # ---- fast.diagnose (10_find_the_bug)
    case_lr = Arg(number_cases(1e-4, none_ok=True), None, ("lr",))
    case_epochs = Arg(whole_cases(3, none_ok=True, huge=REFUSE), None, ("epochs",))
    add("fast.diagnose.run_case", diagnose.run_case, case=case, lr=case_lr, epochs=case_epochs)
    add("fast.diagnose.correct_run", diagnose.correct_run, case=case, lr=case_lr, epochs=case_epochs)
    add("fast.diagnose.investigate", diagnose.investigate, case=case, lr=case_lr,
        epochs=Arg(whole_cases(3, none_ok=True, huge=REFUSE), 3, ("epochs",)), fast=a(flag_cases, True))
    add("fast.diagnose.row_losses", diagnose.row_losses, start=a(params_cases, P, names=("start", "params")), **xy,
        lr=a(NUMBER, 1e-3), epoch=Arg(whole_cases(2, huge=REFUSE), 2, ("epoch",)),
        fault=Arg(word_cases("the lecture's loop", ("none", "sign flip")) + [("equal start", "equal start", REFUSE)],
                  "the lecture's loop", ("fault",)), output=output)
    add("fast.diagnose.lecture_numbers", diagnose.lecture_numbers,
        printed=Arg(junk() + [("a name", "tool_2", REFUSE), ("a Case", cases.CASES["H"], REFUSE)], SMALL_PRINT,
                    ("printed",)),
        fault=Arg(word_cases("none", ("sign flip",), none_ok=True) + [("equal start", "equal start", REFUSE)], None,
                  ("fault",)))
    add("fast.diagnose.mistake_costs", diagnose.mistake_costs,
        setups=Arg(setups_cases({"tool_1": (P, 1e-3, 2)}), {"tool_1": (P, 1e-3, 2)}, ("setups",)),
        loops=Arg(loops_cases({"correct": "none", "sign": "sign flip"}), {"correct": "none", "sign": "sign flip"},
                  ("loops",)))

    # ---- core.reports (01-10)
    add("core.reports.agrees", reports.agrees,
        said=Arg(said_cases("about 84"), "about 84", ("said",)),
        computed=Arg([(label, v, EITHER if label in ("NaN", "np.nan", "inf", "-inf") else expect)
                      for label, v, expect in number_cases(84.0)], 84.0, ("computed",)))
    for name, make in (("ReportTable", reports.ReportTable), ("report_table", reports.report_table)):
        add(f"core.reports.{name}", make, title=Arg(title_cases("Report A"), "Report A", ("title",)),
            rows=Arg(report_rows_cases(REPORT_ROWS), REPORT_ROWS, ("rows",)), digits=a(WHOLE, 4, huge=REFUSE),
            said_label=Arg(title_cases("the report said"), "the report said", ("said_label",)))

    # ---- core.starts (01)
    add("core.starts.report_c_starts", starts.report_c_starts)
    add("core.starts.lecture_distribution", starts.lecture_distribution)

    # ---- core.lr_study (05)
    add("core.lr_study.on_counts", lr_study.on_counts, params=p, X=a(rows_cases, X, 2, False))
    add("core.lr_study.pattern_features", lr_study.pattern_features, params=p, X=a(rows_cases, X, 2, False))
    F = lr_study.pattern_features(P, X)
    add("core.lr_study.least_squares_mse", lr_study.least_squares_mse,
        F=a(rows_cases, F, F.shape[1], True, any_columns=True, names=("F",)), y=a(vector_cases, y, True))
    add("core.lr_study.pattern_bound", lr_study.pattern_bound, params=p, **xy)
    add("core.lr_study.plane_bound", lr_study.plane_bound, **xy)
    add("core.lr_study.any_function_floor", lr_study.any_function_floor, **xy)
    losses = Arg(curve_vector_cases([3.0, 2.0, 1.0]), [3.0, 2.0, 1.0], ("losses",))
    level = Arg([(label, v, EITHER if label in ("NaN", "np.nan", "inf", "-inf") else expect)
                 for label, v, expect in number_cases(2.5)], 2.5, ("level",))
    add("core.lr_study.first_epoch_below", lr_study.first_epoch_below, losses=losses, level=level)
    add("core.lr_study.final_losses", lr_study.final_losses, nonfinite_ok="documented: NaN for a diverged row",
        params_rows=Arg(params_rows_cases(TRAJECTORY), TRAJECTORY, ("params_rows",)), **xy, output=output)
    add("core.lr_study.valleys", lr_study.valleys, losses=losses, tolerance=a(NUMBER, 0.05))
    add("core.lr_study.restart_odds", lr_study.restart_odds, p=Arg(number_cases(0.3), 0.3, ("p",)),
        restarts=a(WHOLE, 5))
    LONG = lr_study.load_long_run()
    add("core.lr_study.LongRun.loss_at", LONG.loss_at, epoch=Arg(whole_cases(1000) + [("not kept", 999, REFUSE)],
                                                                 1000, ("epoch",)))
    add("core.lr_study.load_long_run", lr_study.load_long_run,
        path=Arg(path_cases(lr_study.LONG_RUN_FILE, tmp, writing=False) + [("a CSV file", str(csv_path), REFUSE),
                                                                          ("JSON of another kind", str(json_path), REFUSE)],
                 lr_study.LONG_RUN_FILE, ("path", str(tmp), str(tmp / "missing.csv"), str(csv_path), str(json_path))))

    # ---- core.start_study (06, 07)
    add("core.start_study.report_b_data", start_study.report_b_data, n=a(WHOLE, 30), seed=a(WHOLE, 0))
    add("core.start_study.lecture_random_target", start_study.lecture_random_target, n=a(WHOLE, 20), seed=a(WHOLE, 123),
        high=Arg(whole_cases(100) + [("1", 1, REFUSE)], 100, ("high",)))
    add("core.start_study.update_by_update", start_study.update_by_update,
        start=a(params_cases, P, names=("start", "params")), **xy, lr=lr, count=a(WHOLE, 5, huge=REFUSE))
    add("core.start_study.linear_valley", start_study.linear_valley, params=p, **xy,
        p=Arg(word_cases("b3", ("w5", "w6")) + [("w1 (not linear)", "w1", REFUSE)], "b3", ("p",)),
        q=Arg(word_cases("w5", ("w6",)) + [("the same as p", "b3", REFUSE)], "w5", ("q",)))
    VALLEY = start_study.linear_valley(P, X, y)
    add("core.start_study.Valley.coordinates", VALLEY.coordinates, points=a(rows_cases, PATH, 2, False, empty=EITHER,
                                                                             names=("points",)))
    add("core.start_study.largest_z", start_study.largest_z, params=p, X=a(rows_cases, X, 2, False))

    # ---- core.data_study (08)
    add("core.data_study.epochs_to", data_study.epochs_to, losses=losses, level=level)
    add("core.data_study.learned_nothing", data_study.learned_nothing, params=p, **xy, output=output,
        within=a(NUMBER, 0.02))

    # ---- core.surface (04, 06, 08)
    scaled_arg = Arg(scaled_cases(), None, ("scaled",))
    add("core.surface.surface_grid", surface.surface_grid, nonfinite_ok=OVERFLOW_DOC, params=p,
        x1_range=a(range_cases, (-5, 5)), x2_range=a(range_cases, (-10, 10)), resolution=a(WHOLE, 5, huge=REFUSE),
        output=output, scaled=scaled_arg)
    add("core.surface.data_box", surface.data_box, X=a(rows_cases, X, 2, False), pad=a(NUMBER, 0.08))
    add("core.surface.hinges", surface.hinges, params=p, X=a(rows_cases, X, 2, False),
        box=Arg(box_cases(BOX), BOX, ("box",)), scaled=scaled_arg)
    add("core.surface.check_hinge", surface.check_hinge, hinge=Arg(hinge_cases(HINGES[0]), HINGES[0], ("hinge",)))
    add("core.surface.coincide", surface.coincide, first=Arg(hinge_cases(HINGES[0]), HINGES[0], ("first",)),
        second=Arg(hinge_cases(HINGES[1]), HINGES[1], ("second",)), rtol=a(NUMBER, 1e-9))
    add("core.surface.view_box", surface.view_box,
        params_list=Arg(params_list_cases(P), [P], ("params_list",)), X=a(rows_cases, X, 2, False),
        pad=a(NUMBER, 0.08), reach=a(NUMBER, 3.0), scaled=scaled_arg)
    add("core.surface.nearest_point", surface.nearest_point, a=Arg(formula_number_cases(1.0), 1.0, ("a",)),
        b=Arg(formula_number_cases(-1.0), -1.0, ("b",)), c=Arg(formula_number_cases(0.5), 0.5, ("c",)),
        centre=Arg(pair_cases((0.0, 1.0)), (0.0, 1.0), ("centre",)),
        half=Arg(pair_cases((1.0, 2.0)) + [("a zero", (0.0, 1.0), REFUSE), ("negative", (-1.0, 1.0), REFUSE)],
                 (1.0, 2.0), ("half",)))
    add("core.surface.side_marker", surface.side_marker, hinge=Arg(hinge_cases(HINGES[0]), HINGES[0], ("hinge",)),
        box=Arg(box_cases(BOX), BOX, ("box",)), length=a(NUMBER, 0.08), at=a(NUMBER, 0.5))

    # ---- core.backprop_steps (03)
    add("core.backprop_steps.walk_through", backprop_steps.walk_through, params=p, x1=a(NUMBER, 1.0),
        x2=a(NUMBER, 0.0), y=a(NUMBER, 2.0), lr=lr, output=output)
    WALK = backprop_steps.walk_through(P, 1.0, 0.0, 2.0, 0.1)
    add("core.backprop_steps.Walkthrough.values", WALK.values)
    add("core.backprop_steps.Walkthrough.known", WALK.known, stage=Arg(whole_cases(3) + [("12", 12, REFUSE)], 3,
                                                                        ("stage",)))
    add("core.backprop_steps.Walkthrough.stage_of", WALK.stage_of,
        name=Arg(word_cases("dL/dw1") + [("not a quantity", "dL/dw7", REFUSE)], "dL/dw1", ("name",)))

    # ---- core.sharpness (05)
    names9 = Arg(param_names_cases(("w5", "w6", "b3")), ("w5", "w6", "b3"), ("names",))
    add("core.sharpness.kink", sharpness.kink, params=a(params_cases, cases.LINEAR_START), X=a(rows_cases, X, 2, False),
        names=names9, output=output, eps=a(NUMBER, 1e-5))
    add("core.sharpness.sharpness", sharpness.sharpness, params=a(params_cases, cases.LINEAR_START), **xy,
        names=names9, output=output, eps=a(NUMBER, 1e-5))

    # ---- fast.lr_finder (05)
    add("fast.lr_finder.rate_schedule", lr_finder.rate_schedule, lr_min=a(NUMBER, 1e-6, names=("lr_min",)),
        lr_max=a(NUMBER, 1.0, names=("lr_max",)), updates=a(WHOLE, 20, huge=REFUSE))
    add("fast.lr_finder.lr_range_test", lr_finder.lr_range_test, params=a(params_cases, cases.LINEAR_START), **xy,
        lr_min=a(NUMBER, 1e-6, names=("lr_min",)), lr_max=a(NUMBER, 1.0, names=("lr_max",)),
        updates=a(WHOLE, 20, huge=REFUSE), output=output, stop_factor=a(NUMBER, 4.0, none_ok=True))
    add("fast.lr_finder.RangeTest.describe",
        lambda: lr_finder.lr_range_test(cases.LINEAR_START, X, y, updates=20).describe())
    add("fast.lr_finder.divergence_bound", lr_finder.divergence_bound, nonfinite_ok="documented: 2/s is inf where s <= 0",
        params=a(params_cases, cases.LINEAR_START), **xy, output=output)
    return S


def checks_params_call(params):
    return params_module.check_params(params)


def online_orders(epoch):
    return [[i] for i in range(len(y))]


def path_cases(valid, tmp, writing, existing=None):
    cases = junk() + [
        ("5", 5, REFUSE), ("1.5", 1.5, REFUSE), ("True", True, REFUSE), ("False", False, REFUSE),
        ("a list", [str(valid or tmp / "x.csv")], REFUSE), ("''", "", REFUSE), ("spaces", "   ", REFUSE),
        ("with NUL", "a\0b.csv", REFUSE), ("a 1 MB path", "p" * 1_000_000, REFUSE), ("a folder", str(tmp), REFUSE),
        ("255+ character name", str(tmp / ("n" * 300)), REFUSE),
    ]
    if writing:
        cases += [("no such folder", str(tmp / "no" / "such" / "x.csv"), REFUSE),
                  ("an existing file", str(existing), REFUSE), ("the shipped stackloss.csv", str(SHIPPED), REFUSE)]
    else:
        cases += [("no such file", str(tmp / "missing.csv"), REFUSE), ("pathlib.Path", pathlib.Path(valid), ACCEPT),
                  ("bytes", os.fsencode(str(valid)), EITHER), ("text", str(valid), ACCEPT)]
    return cases


SHIPPED = pathlib.Path(__file__).resolve().parents[1] / "data" / "stackloss.csv"


def nine_cases(valid):
    """The nine numbers of a readable loop: arithmetic, so NaN and inf go through."""
    return [(label, v, EITHER if label in ("NaN inside", "inf inside", "-inf inside", "beyond 1e100") else expect)
            for label, v, expect in vector_cases(valid, length_fixed=True)]


def formula_cases(valid):
    """Formulas (relu, sigmoid, network, ...) take real numbers or real arrays, infinity included; never text."""
    return junk() + [
        ("numeric text", str(valid), REFUSE), ("True", True, REFUSE), ("complex", complex(valid), REFUSE),
        ("a complex array", np.array([1j]), REFUSE), ("text array", np.array(["1"]), REFUSE), ("bytes", b"1", REFUSE),
        ("a list", [valid], EITHER), ("np.float64", np.float64(valid), ACCEPT), ("an array", np.array([valid, -valid]), ACCEPT),
        ("NaN", math.nan, EITHER), ("inf", math.inf, EITHER), ("1e300", 1e300, EITHER), ("np.int64", np.int64(1), ACCEPT),
    ]


def drawn_curve_cases(valid):
    """A curve a figure draws (checks.curve): NaN and infinity pass (a diverged run); beyond 1e100, text, complex,
    2-D do not."""
    loose = ("NaN inside", "inf inside", "-inf inside")
    return [(label, v, ACCEPT if label in loose else expect) for label, v, expect in vector_cases(valid)]


def label_list_cases(valid):
    """Labels of curves (checks.labels): names_cases, but one label may repeat."""
    v = list(valid)
    return [c for c in names_cases(valid) if c[0] != "a name twice"] + [("a label twice", [v[0]] * len(v), ACCEPT)]


def curve_cases(valid):
    """A loss or a curve of losses: numbers or arrays of numbers; NaN and inf pass through (a gap in a curve)."""
    return junk() + [
        ("numeric text", str(valid), REFUSE), ("True", True, REFUSE), ("complex", complex(valid), REFUSE),
        ("text array", np.array(["1"]), REFUSE), ("a list", [valid, valid], ACCEPT), ("NaN", math.nan, ACCEPT),
        ("an array", np.array([valid, math.inf]), ACCEPT), ("np.float64", np.float64(valid), ACCEPT),
    ]


def not_applicable_cases(valid):
    """An argument of another mode (batch_size online): anything but None is refused."""
    return [(label, v, REFUSE) for label, v, _ in whole_cases(valid, none_ok=True)] + [("None", None, ACCEPT)]


def sizes_cases(valid):
    return junk() + [
        ("text", "8,3,8", REFUSE), ("one layer", (8,), REFUSE), ("a zero", (8, 0, 8), REFUSE), ("5.5", (8, 5.5, 8), REFUSE),
        ("True", (8, True, 8), REFUSE), ("huge", (8, 10**6, 8), REFUSE), ("11 layers", (2,) * 11, REFUSE),
        ("a set", {8, 3}, REFUSE), ("list", list(valid), ACCEPT), ("np.int64", tuple(np.int64(v) for v in valid), ACCEPT),
        ("an array", np.array(valid), EITHER),
    ]


def matrices_cases(valid):
    v = [np.asarray(m) for m in valid]
    nan = [m.copy() for m in v]
    nan[0].flat[0] = math.nan
    return junk() + [
        ("one array", v[0], REFUSE), ("empty", [], REFUSE), ("NaN inside", nan, REFUSE),
        ("complex", [m.astype(complex) for m in v], REFUSE), ("text", [m.astype(str) for m in v], REFUSE),
        ("mismatched", [v[0], v[0]], REFUSE), ("a dict", {0: v[0]}, REFUSE), ("tuple", tuple(v), ACCEPT),
        ("nested lists", [m.tolist() for m in v], ACCEPT),
    ]


def axis_cases(valid):
    """One number, or a list of them (a sweep's axis)."""
    return [c for c in number_cases(valid) if c[0] not in ("a list", "a 1-element array")] + [
        ("list", [valid, valid], ACCEPT), ("1-element array", np.array([valid]), ACCEPT), ("empty list", [], REFUSE),
        ("2-D", np.full((2, 2), valid), REFUSE), ("list with junk", [valid, "x"], REFUSE),
        ("list of 10**5", [valid] * 10**5, REFUSE)]


def nets_cases(valid):
    return [c for c in net_cases(valid) if c[0] not in ("a copy", "a list of one")] + [("a list of one", [valid], ACCEPT),("a list", [valid, valid.copy()], ACCEPT), ("empty list", [], REFUSE),
                                    ("a list with junk", [valid, "net"], REFUSE),
                                    ("different sizes", [valid, mlp.MLP((2, 4, 1))], REFUSE)]


# ----------------------------------------------------------------------------------
# Valid values and cases of the modules added after issue 15 (cases, diagnose, reports, the studies, surface, ...)
# ----------------------------------------------------------------------------------

CHECK_ROWS = cases.check_case("A")
EXACT_ROWS = [("w1", "1.5", 1.5), ("loss, epoch 1", "0.1", 0.1)]
REPORT_ROWS = [("loss at epoch 1", "about 84", 84.2), ("final loss", "below 4", 3.38)]
SMALL_PRINT = cases.LecturePrint("small", "nb.ipynb", "abc", P, 0.001, 3, "the lecture's loop", ("1.0",) * 9,
                                 {1: "6.0", 3: "4.5"}, "mean")
BOX = ((-1.0, 5.0), (2.0, 7.0))
HINGES = surface.hinges(P, X, BOX)


def _keeping_locks(function):
    """Call a function that records diagnoses, then put the record back as it was (probes must not unlock answers)."""
    def call(*args, **kwargs):
        saved = dict(cases._UNLOCKED)
        try:
            return function(*args, **kwargs)
        finally:
            cases._UNLOCKED.clear()
            cases._UNLOCKED.update(saved)
    return call


def scaled_cases():
    """None, or the ScaledData of a 2-column data set."""
    three = scaling.scale_dataset(np.c_[X, X[:, :1]], y)
    return junk(none_ok=True) + [
        ("LectureScaled", scaling.scale_like_the_lecture(X, y), REFUSE), ("text", "zscore", REFUSE),
        ("a tuple of its parts", tuple(SCALED), REFUSE), ("three input columns", three, REFUSE),
        ("an unfitted scaler inside", SCALED._replace(x_scaler=scaling.ZScoreScaler()), REFUSE),
        ("ScaledData", SCALED, ACCEPT), ("minmax", scaling.scale_dataset(X, y, "minmax"), ACCEPT), ("None", None, ACCEPT),
    ]


def rows_of_checks_cases(valid):
    """The rows of a gradient check (CheckRow records)."""
    return junk() + [
        ("one CheckRow", valid[0], REFUSE), ("a list with junk", [*valid[:2], "w1"], REFUSE), ("text", "w1", REFUSE),
        ("a dict", {r.name: r for r in valid}, REFUSE), ("tuples", [dataclasses.astuple(r) for r in valid], REFUSE),
        ("empty", (), EITHER), ("a list", list(valid), ACCEPT), ("a generator", (r for r in valid), EITHER),
    ]


def gradient_function_cases():
    """Gradient code: function(params, x1, x2, y) -> (loss, Params); whatever else it does is refused, naming it."""
    nan_grads = lambda p, x1, x2, y: (math.nan, p)
    return function_cases(reference.loss_and_gradients_one, any_function=False) + [
        ("returns text", lambda p, x1, x2, y: "a", REFUSE), ("returns a number", lambda p, x1, x2, y: 1.0, REFUSE),
        ("returns (loss, text)", lambda p, x1, x2, y: (0.0, "g"), REFUSE),
        ("returns (loss, nine numbers)", lambda p, x1, x2, y: (0.0, p.values), REFUSE),
        ("returns three things", lambda p, x1, x2, y: (0.0, p, p), REFUSE),
        ("returns a NaN loss", nan_grads, EITHER), ("raises", lambda p, x1, x2, y: 1 / 0, REFUSE),
        ("takes three arguments", lambda p, x1, x2: (0.0, p), REFUSE),
        ("returns an Explosive", lambda p, x1, x2, y: Explosive(), REFUSE),
        ("huge gradients", lambda p, x1, x2, y: (0.0, Params(*[1e100] * 9)), EITHER),
    ]


def title_cases(valid):
    """A title or a label printed above a table: text."""
    return junk() + [
        ("''", "", REFUSE), ("a number", 5, REFUSE), ("bytes", valid.encode(), REFUSE), ("a list", [valid], REFUSE),
        ("np.str_", np.str_(valid), ACCEPT), ("str with hostile ==", EqRaises(valid), ACCEPT),
        ("a long title", "t" * 300, ACCEPT), ("spaces around", f" {valid} ", EITHER),
    ]


def exact_rows_cases(valid):
    return junk() + [
        ("empty", [], REFUSE), ("a row of two", [valid[0][:2]], REFUSE), ("printed not a number", [("w1", "abc", 1.0)], REFUSE),
        ("computed as text", [("w1", "1.5", "1.5")], REFUSE), ("computed NaN", [("w1", "1.5", math.nan)], REFUSE),
        ("a quantity number", [(5, "1.5", 1.5)], REFUSE), ("a dict", dict(enumerate(valid)), REFUSE),
        ("100 kB printed", [("w1", LONG_TEXT, 1.0)], REFUSE), ("one row (not in a list)", valid[0], REFUSE),
        ("ExactRow records", [cases.ExactRow(*r) for r in valid], ACCEPT), ("tuple", tuple(valid), ACCEPT),
        ("np.float64", [(q, t, np.float64(c)) for q, t, c in valid], ACCEPT),
    ]


def beside_cases(valid):
    label, values = valid
    return junk(none_ok=True) + [
        ("a label only", (label,), REFUSE), ("one value too few", (label, values[:-1]), REFUSE),
        ("values as text", (label, [str(v) for v in values]), REFUSE), ("a NaN value", (label, [math.nan, *values[1:]]), REFUSE),
        ("label a number", (5, values), REFUSE), ("text", label, REFUSE), ("a list pair", [label, values], ACCEPT),
        ("the pair", valid, ACCEPT), ("an array", (label, np.array(values)), ACCEPT),
    ]


def setups_cases(valid):
    """mistake_costs' setups: name -> (start, lr, epochs)."""
    (name, (start, lr, epochs)), = valid.items()
    return junk() + [
        ("empty", {}, REFUSE), ("a list", list(valid.values()), REFUSE), ("a setup of two", {name: (start, lr)}, REFUSE),
        ("lr as text", {name: (start, str(lr), epochs)}, REFUSE), ("start as text", {name: ("P", lr, epochs)}, REFUSE),
        ("epochs 10**9", {name: (start, lr, 10**9)}, REFUSE), ("a name that is a number", {5: (start, lr, epochs)}, REFUSE),
        ("a setup that is text", {name: "setup"}, REFUSE),
        ("100 setups of 10**6 epochs", {f"s{k}": (start, lr, 10**6) for k in range(100)}, REFUSE),
        ("a list setup", {name: [start, lr, epochs]}, ACCEPT),
    ]


def loops_cases(valid):
    """mistake_costs' loops: column -> fault."""
    return junk() + [
        ("empty", {}, REFUSE), ("an unknown fault", {"x": "bogus"}, REFUSE), ("a list", list(valid.values()), REFUSE),
        ("a column that is a number", {5: "none"}, REFUSE), ("a fault that is a number", {"x": 5}, REFUSE),
        ("equal start", {"x": "equal start"}, EITHER),
    ]


def said_cases(valid):
    """A report's words: text with one number, such as "about 84" or "below 4"."""
    return junk() + [
        ("a number", 84, REFUSE), ("bytes", valid.encode(), REFUSE), ("no number", "about", REFUSE), ("''", "", REFUSE),
        ("a list", [valid], REFUSE), ("two numbers", "84 or 85", REFUSE), ("below", "below 100", ACCEPT),
        ("np.str_", np.str_(valid), ACCEPT), ("str with hostile ==", EqRaises(valid), ACCEPT),
        ("spaces around", f"  {valid} ", EITHER),
    ]


def report_rows_cases(valid):
    return junk() + [
        ("empty", [], EITHER), ("a row of two", [valid[0][:2]], REFUSE), ("words without a number", [("q", "lots", 1.0)], REFUSE),
        ("computed as text", [("q", "about 1", "1")], REFUSE), ("computed NaN", [("q", "about 1", math.nan)], EITHER),
        ("a quantity that is a number", [(1, "about 1", 1.0)], REFUSE), ("a dict", dict(enumerate(valid)), REFUSE),
        ("one row (not in a list)", valid[0], REFUSE), ("100 kB words", [("q", LONG_TEXT, 1.0)], REFUSE),
        ("Reported records", [reports.Reported(*r) for r in valid], ACCEPT), ("tuple", tuple(valid), ACCEPT),
        ("computed True", [("q", "about 1", True)], REFUSE),
    ]


def curve_vector_cases(valid):
    """A curve of epoch losses: NaN and inf may be in it (a diverged run's); as long as a run may record."""
    loose = ("empty", "NaN inside", "inf inside", "-inf inside", "beyond 1e100", "10**7 values")
    return [(label, v, EITHER if label in loose else expect) for label, v, expect in vector_cases(valid)]


def params_rows_cases(valid):
    """Rows of nine parameters (a trajectory, or a sweep's params with any leading axes); a diverged row gives NaN."""
    loose = {"NaN inside": ACCEPT, "inf inside": ACCEPT, "-inf inside": ACCEPT, "beyond 1e100": ACCEPT, "3-D": ACCEPT,
             "empty": EITHER, "huge but allowed": EITHER}
    return [(label, v, loose.get(label, expect)) for label, v, expect in rows_cases(valid, 9, False)] + [
        ("one row of nine", np.asarray(valid)[0], ACCEPT)]


def box_cases(valid):
    """A box ((x1_low, x1_high), (x2_low, x2_high))."""
    (a1, b1), (a2, b2) = valid
    return junk() + [
        ("one range", valid[0], REFUSE), ("three ranges", (*valid, valid[0]), REFUSE), ("a reversed range", ((b1, a1), valid[1]), REFUSE),
        ("NaN", ((math.nan, b1), valid[1]), REFUSE), ("text", "box", REFUSE), ("four numbers", (a1, b1, a2, b2), REFUSE),
        ("beyond 1e100", ((-1e300, b1), valid[1]), REFUSE), ("complex", ((complex(a1), b1), valid[1]), REFUSE),
        ("array", np.array(valid), ACCEPT), ("lists", [list(valid[0]), list(valid[1])], ACCEPT),
        ("a zero-width range", ((a1, a1), valid[1]), EITHER),
    ]


def hinge_cases(valid):
    return junk() + [
        ("a tuple", dataclasses.astuple(valid), REFUSE), ("text", "h1", REFUSE), ("both hinges", HINGES, REFUSE),
        ("look-alike", types.SimpleNamespace(**dataclasses.asdict(valid)), REFUSE),
        ("a copy", dataclasses.replace(valid), ACCEPT),
    ]


def params_list_cases(valid):
    return junk() + [
        ("one Params", valid, REFUSE), ("a list with junk", [valid, "P"], REFUSE), ("nine numbers", [valid.values], REFUSE),
        ("empty", [], EITHER), ("tuple", (valid, valid), ACCEPT), ("a generator", (q for q in [valid]), EITHER),
        ("a set", {valid}, EITHER),
    ]


def formula_number_cases(valid):
    """A number of a formula: any real number, infinity included (no arrays: the formula returns one point)."""
    array_like = ("a list", "an array")
    return [(label, v, REFUSE if label in array_like else expect) for label, v, expect in formula_cases(valid)]


def pair_cases(valid):
    """A point (two finite numbers)."""
    return vector_cases(valid, length_fixed=True)


def param_names_cases(valid):
    """A list or tuple of distinct parameter names w1..b3."""
    return junk() + [
        ("one name as text", valid[-1], REFUSE), ("an unknown name", ("w7",), REFUSE), ("empty", (), REFUSE),
        ("a name twice", (valid[-1], valid[-1]), REFUSE), ("upper case", tuple(n.upper() for n in valid), REFUSE),
        ("a set", set(valid), REFUSE), ("a list with a number", [valid[0], 5], REFUSE),
        ("list", list(valid), ACCEPT), ("np.str_", tuple(np.str_(n) for n in valid), ACCEPT),
        ("hostile ==", tuple(EqRaises(n) for n in valid), ACCEPT), ("all nine", checks.NAMES, EITHER),
    ]


# ----------------------------------------------------------------------------------
# Running the probes
# ----------------------------------------------------------------------------------

def _value(v):
    return v.make() if isinstance(v, Fresh) else v


def run_spec(spec: Spec) -> tuple[list[str], int]:
    """Every probe of one function: (problems, number of probes)."""
    valid = {name: arg.valid for name, arg in spec.args.items()}
    problems = []
    baseline = attempt(lambda: spec.call(**{k: _value(v) for k, v in valid.items()}), max(spec.seconds, 30))
    if baseline.error is not None:
        return [f"{spec.name}: the valid call fails: {type(baseline.error).__name__}: {shown(str(baseline.error))}"], 1
    problem = result_problem(baseline.result, spec.nonfinite_ok)
    if problem:
        problems.append(f"{spec.name} (valid call): {problem}")
    count = 1
    for name, arg in spec.args.items():
        names = arg.names or (name,)
        for label, value, expect in arg.cases:
            arguments = {k: _value(v) for k, v in valid.items()}
            arguments[name] = value
            outcome = attempt(lambda: spec.call(**arguments), spec.seconds)
            count += 1
            where = f"{spec.name}({name}={label})"
            if isinstance(outcome.error, ProbeTimeout):
                problems.append(f"{where}: no answer within {spec.seconds} s")
            elif expect == REFUSE or (expect == EITHER and outcome.error is not None):
                problem = refusal_problem(outcome.error, names, value)
                if problem:
                    problems.append(f"{where}: {problem}")
            else:
                if outcome.error is not None:
                    problems.append(f"{where}: should be accepted, raised {type(outcome.error).__name__}: "
                                    f"{shown(str(outcome.error))}")
                else:
                    problem = result_problem(outcome.result, spec.nonfinite_ok)
                    if problem:
                        problems.append(f"{where}: {problem}")
    return problems, count


PROBE_COUNTS: dict[str, int] = {}


def _spec_names():
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        return [s.name for s in specs(pathlib.Path(tmp))]


@pytest.fixture(scope="module")
def catalogue(folder):
    return {s.name: s for s in specs(folder)}


@pytest.mark.parametrize("name", _spec_names())
def test_hostile_arguments_are_refused_clearly_and_valid_ones_work(name, catalogue):
    problems, count = run_spec(catalogue[name])
    PROBE_COUNTS[name] = count
    assert not problems, f"{len(problems)} of {count} probes failed:\n" + "\n".join(problems[:60])


# ----------------------------------------------------------------------------------
# Nothing forgotten: every public function of core and fast is in the catalogue
# ----------------------------------------------------------------------------------

# fast.engine and fast.kernels are compiled internals (see NOT_PROBED).
MODULES = ["core.checks", "core.params", "core.reference", "core.data", "core.scaling", "core.csvfiles", "core.init",
           "core.analysis", "core.landscape", "core.mlp", "core.curvature", "core.gradcheck", "core.holdout",
           "core.faults", "core.runs", "core.schedules", "core.cases", "core.reports", "core.starts", "core.lr_study",
           "core.start_study", "core.data_study", "core.surface", "core.backprop_steps", "core.sharpness",
           "fast.training", "fast.faulty", "fast.evaluate", "fast.encoder", "fast.holdout", "fast.scaled",
           "fast.warmup", "fast.diagnose", "fast.lr_finder"]

NOT_PROBED = {
    # the rule classes: probed value by value through every rule of RULES (hypothesis, below)
    "core.checks.Real": "rule", "core.checks.Whole": "rule", "core.checks.OneOf": "rule", "core.checks.Flag": "rule",
    "core.checks.OrNone": "rule", "core.checks.Interval": "rule", "core.checks.Text": "rule",
    "core.checks.Names": "rule", "core.checks.FilePath": "rule", "core.checks.Function": "rule",
    "core.checks.Sizes": "rule", "core.checks.Subset": "rule", "core.checks.Box": "rule",
    "core.checks.Control": "rule (the panels' controls: tests/test_robustness_ui.py)",
    # result records: built by the package from checked values, read by students (their methods are probed)
    "core.reference.Forward": "record", "core.scaling.ScaledData": "record (methods probed)",
    "core.scaling.LectureScaled": "record (methods probed)",
    "core.scaling.LectureScaled.unscale_mse": "a number from the package's own runs, times a constant",
    "core.csvfiles.Table": "record", "core.csvfiles.TableCache": "method read probed",
    "core.landscape.Path": "record (describe probed)", "core.landscape.Grid": "record",
    "core.mlp.MLPRun": "record (describe probed)", "core.mlp.MLPSweep": "record (net_at probed)",
    "core.mlp.GradientCheck": "record (table probed)", "core.mlp.HiddenCode": "record",
    "core.holdout.TrainTestResult": "record", "core.faults.Fault": "record (the FAULTS table)",
    "core.runs.Run": "record (describe, from_trajectory probed)", "core.runs.SweepResult": "record (params_at probed)",
    "fast.scaled.TrainingResult": "record",
    # scalers: constructors take nothing; fit/transform/... probed per class
    "core.scaling.ZScoreScaler": "methods probed", "core.scaling.MinMaxScaler": "methods probed",
    "core.scaling.IdentityScaler": "methods probed",
    # records of the modules added after issue 15: built by the package from checked values
    "core.cases.CheckRow": "record", "core.cases.CaseResult": "record", "core.cases.LecturePrint": "record",
    "core.cases.ExactRow": "record (built by ExactTable, probed)", "fast.diagnose.CostTable": "record",
    "core.reports.Reported": "record (built by ReportTable, probed)", "core.starts.ReportedStart": "record",
    "core.lr_study.LongRun": "record (loss_at probed)", "core.start_study.Update": "record",
    "core.start_study.Valley": "record (coordinates probed)", "core.surface.Surface": "record",
    "core.surface.Hinge": "record", "core.backprop_steps.Stage": "record",
    "core.backprop_steps.Walkthrough": "record (values, known, stage_of probed)",
    "fast.lr_finder.RangeTest": "record (describe probed)", "fast.lr_finder.Bound": "record",
}
"""Public names not called directly above, with the reason. Compiled internals (fast.engine, fast.kernels) are
not public: they run only on arrays the entry points have checked (CONTRIBUTING.md, "Layers")."""


def public_callables():
    names = []
    for module_name in MODULES:
        module = importlib.import_module(f"nnmath.{module_name}")
        public = getattr(module, "__all__", None) or [n for n in dir(module) if not n.startswith("_")]
        for name in public:
            obj = getattr(module, name, None)
            if (inspect.isfunction(obj) or inspect.isclass(obj)) and obj.__module__ == module.__name__:
                names.append(f"{module_name}.{name}")
                if inspect.isclass(obj):
                    for attr, member in vars(obj).items():
                        function = member.__func__ if isinstance(member, (classmethod, staticmethod)) else member
                        if not attr.startswith("_") and inspect.isfunction(function):
                            names.append(f"{module_name}.{name}.{attr}")
    return names


METHODS_WITHOUT_ARGUMENTS = {"to_array", "as_dict", "is_finite", "copy", "describe"}


def test_every_public_function_is_probed():
    probed = {name.split("(")[0] for name in _spec_names()}
    missing = []
    for name in public_callables():
        owner, attribute = name.rsplit(".", 1)
        if name in probed or name in NOT_PROBED:
            continue
        if name.count(".") > 2 and (attribute in METHODS_WITHOUT_ARGUMENTS or NOT_PROBED.get(owner) in ("rule", "record")):
            continue
        missing.append(name)
    assert not missing, f"public functions with no entry in SPECS or NOT_PROBED: {missing}"


def test_the_catalogue_counts_its_probes():
    """The suite's size, printed for the report (pytest -s): probes per function and in all."""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        total = sum(1 + sum(len(arg.cases) for arg in spec.args.values()) for spec in specs(pathlib.Path(tmp)))
    print(f"\n{total} argument probes over {len(_spec_names())} functions")
    assert total > 3000


# ----------------------------------------------------------------------------------
# The rules themselves, with hypothesis: any value is either allowed (and comes back checked) or refused clearly
# ----------------------------------------------------------------------------------

HOSTILE = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=10**18, max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True), st.complex_numbers(), st.text(max_size=30), st.binary(max_size=8),
    st.fractions(), st.decimals(allow_nan=True), st.lists(st.floats(), max_size=3), st.tuples(st.integers(), st.floats()),
    st.tuples(st.floats(), st.floats()), st.sets(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.sampled_from([np.float64(0.5), np.int64(3), np.True_, np.str_("relu"), np.float32(1e-3), np.uint8(7),
                     np.complex64(1), np.array(2.0), np.array([1.0, 2.0]), FloatLike(),
                     "relu", "RELU", "no", "7", "5.9", "w5", "zscore", "online", "mse", "sigmoid", "xavier", "", "  ",
                     LONG_TEXT, ["relu"], ("relu",), (0, 1), (1, 0), (0.0, math.nan), 5.9, 7.0, 7, -1, 0, 10**9,
                     ("w6", "b3"), ["b3"], ("b3", "b3"), ((0, 1), (2, 3)), np.array([[0.0, 1.0], [2.0, 3.0]]),
                     ((0, 1), (3, 2)), "about 84", "below 4", "A title",
                     1e300, math.nan, math.inf, len, pathlib.Path("x.csv"), b"x.csv", "a\0b"]),
    st.builds(Explosive), st.builds(EqRaises, st.sampled_from(["relu", "w5", "mse", "x1"])),
)


def _rule_result_ok(rule, result) -> bool:
    """What a rule returns is of its own kind: a float, an int, a bool, one of the options, ..."""
    if isinstance(rule, checks.OrNone):
        return result is None or _rule_result_ok(rule.rule, result)
    if isinstance(rule, checks.Real):
        return type(result) is float and (math.isfinite(result) or not rule.finite)
    if isinstance(rule, checks.Subset):
        return isinstance(result, tuple) and len(set(result)) == len(result) >= 1 and all(
            any(r is o for o in rule.options) for r in result)
    if isinstance(rule, checks.Box):
        return (isinstance(result, tuple) and len(result) == 2 and all(
            isinstance(side, tuple) and all(type(v) is float for v in side) and side[0] < side[1] for side in result))
    if isinstance(rule, checks.Whole):
        return type(result) is int and rule.low <= result <= rule.high
    if isinstance(rule, checks.Flag):
        return type(result) is bool
    if isinstance(rule, checks.OneOf):
        return any(result is o for o in rule.options)
    if isinstance(rule, checks.Interval):
        return isinstance(result, tuple) and all(type(v) is float for v in result) and result[0] <= result[1]
    if isinstance(rule, (checks.Text, checks.FilePath)):
        return type(result) is str
    if isinstance(rule, checks.Names):
        return isinstance(result, tuple) and all(type(v) is str for v in result)
    if isinstance(rule, checks.Function):
        return callable(result)
    return False


@HYPOTHESIS
@given(name=st.sampled_from(sorted(RULES)), value=HOSTILE)
def test_every_rule_allows_its_kind_or_refuses_clearly(name, value):
    outcome = attempt(lambda: checks.validate(**{name: value}))
    if outcome.error is None:
        assert _rule_result_ok(RULES[name], outcome.result), (name, value, outcome.result)
    else:
        problem = refusal_problem(outcome.error, (name,), value)
        assert problem is None, f"{name}={shown(value)}: {problem}"


@HYPOTHESIS
@given(value=st.one_of(
    hnp.arrays(st.sampled_from([np.float64, np.float32, np.int64, np.uint8, np.bool_, np.complex128, np.float16,
                                np.dtype("U3"), np.dtype("O")]),
               hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)),
    st.lists(st.lists(st.one_of(st.floats(), st.integers(), st.text(max_size=2)), max_size=3), max_size=4),
    HOSTILE))
def test_real_array_returns_a_finite_float_copy_of_the_right_shape_or_refuses(value):
    outcome = attempt(lambda: checks.real_array("X", value, 2, 2))
    if outcome.error is None:
        X = outcome.result
        assert X.dtype == np.float64 and X.ndim == 2 and X.shape[1] == 2 and len(X) >= 1 and np.isfinite(X).all()
        assert not np.shares_memory(X, value) if isinstance(value, np.ndarray) else True
    else:
        assert refusal_problem(outcome.error, ("X",), value) is None, (shown(value), outcome.error)


def test_numpy_scalars_and_text_subclasses_come_back_as_the_course_own_values():
    assert checks.validate(epochs=np.int64(5)) == 5 and type(checks.validate(epochs=np.int64(5))) is int
    assert checks.validate(output=np.str_("relu")) == "relu" and type(checks.validate(output=np.str_("relu"))) is str
    assert checks.validate(output=EqRaises("relu")) == "relu"
    assert checks.validate(record=np.True_) is True


@pytest.mark.parametrize("value", [LONG_TEXT, "p" * 1_000_000, list(range(10**6)), 10**5000, Explosive(), np.zeros(10**6)],
                         ids=["100 kB text", "1 MB path", "a list of a million", "10**5000", "Explosive", "an array"])
def test_shown_is_short_and_never_raises(value):
    outcome = attempt(lambda: shown(value), 1.0)
    assert outcome.error is None and len(outcome.result) <= checks.MAX_SHOWN, outcome


# ----------------------------------------------------------------------------------
# Arguments that do not apply to a situation are refused, not ignored
# ----------------------------------------------------------------------------------

IGNORED = [
    ("train: batch_size online", lambda: nnmath.train(P, X, y, 1e-4, 2, batch_size=4), "batch_size"),
    ("train: shuffle_seed in batch mode", lambda: nnmath.train(P, X, y, 1e-4, 2, mode="batch", shuffle_seed=1), "shuffle_seed"),
    ("train: batch_size in batch mode", lambda: nnmath.train(P, X, y, 1e-4, 2, mode="batch", batch_size=12), "batch_size"),
    ("sweep: seed in batch mode", lambda: nnmath.sweep(P, X, y, 1e-4, 2, mode="batch", seed=1), "seed"),
    ("sweep: batch_size online", lambda: nnmath.sweep(P, X, y, 1e-4, 2, batch_size=2), "batch_size"),
    ("MLP: scale without init='uniform'", lambda: mlp.MLP(init="xavier", scale=0.9), "scale"),
    ("train_scaled: batch_size online", lambda: scaled.train_scaled(X, y, P, 1e-4, 2, batch_size=4), "batch_size"),
    ("train_scaled: shuffle_seed in batch mode", lambda: scaled.train_scaled(X, y, P, 1e-4, 2, mode="batch",
                                                                             shuffle_seed=3), "shuffle_seed"),
    ("choose_columns: path as a number", lambda: csvfiles.choose_columns(("a", "b", "c"), path=5), "path"),
]


@pytest.mark.parametrize("label, call, name", IGNORED, ids=[c[0] for c in IGNORED])
def test_arguments_that_do_not_apply_are_refused(label, call, name):
    outcome = attempt(call)
    assert refusal_problem(outcome.error, (name,), [label]) is None, (label, outcome)


# ----------------------------------------------------------------------------------
# The issue's own examples, one line each
# ----------------------------------------------------------------------------------

EXAMPLES = [
    ("epochs=5.9", lambda: nnmath.train(P, X, y, 1e-4, 5.9), "epochs"),
    ("epochs='7'", lambda: nnmath.train(P, X, y, 1e-4, "7"), "epochs"),
    ("record='no'", lambda: nnmath.train(P, X, y, 1e-4, 2, record="no"), "record"),
    ("output='RELU'", lambda: nnmath.predict(P, X, "RELU"), "output"),
    ("X_test (3, 4)", lambda: nnmath.predict(P, np.ones((3, 4))), "X"),
    ("Params with NaN", lambda: Params(*[math.nan] * 9), "w1"),
    ("Params with inf", lambda: Params.from_array([math.inf] * 9), "values"),
    ("unknown activation", lambda: mlp.MLP(hidden="softmax"), "hidden"),
    ("activate('swish')", lambda: mlp.activate("swish", 1.0), "activation"),
    ("epochs=10**9", lambda: nnmath.train(P, X, y, 1e-4, 10**9), "epochs"),
    ("faulty 10**9", lambda: nnmath.faulty_train(P, X, y, 1e-4, 10**9), "epochs"),
    ("descent_path 10**9", lambda: landscape.descent_path(P, X, y, 1e-4, 10**9), "steps"),
    ("mlp 10**9", lambda: mlp.train_reference(NET, X8, X8, 1.0, 10**9), "iterations"),
    ("train_mlp 10**9", lambda: nnmath.train_mlp(NET, X8, X8, 1.0, 10**9), "iterations"),
    ("minibatch 10**9 epochs", lambda: nnmath.train(P, X, y, 1e-4, 10**9, mode="minibatch", batch_size=2), "epochs"),
    ("schedule 10**7 epochs", lambda: nnmath.train(P, X, y, 1e-4, 10**7, schedule=schedules.ReduceOnPlateau()), "epochs"),
    ("record 10**7 epochs", lambda: nnmath.train(P, X[:1], y[:1], 1e-4, 10**7, record=True), "epochs"),
    ("grid 1000 x 1000 x 1e6", lambda: landscape.loss_grid(P, np.zeros((10**6, 2)), np.zeros(10**6), resolution=1000), "resolution"),
    ("init.uniform decimals=400", lambda: init.uniform(decimals=400), "decimals"),
    ("eps=0", lambda: faults.gradient_check(P, X, y, eps=0), "eps"),
    ("mse_per_epoch(T, X[:1], 10**7 ones)", lambda: evaluate.mse_per_row(TRAJECTORY, X[:1], np.ones(10**7)), "y"),
    ("mse_per_row(T, X_test, y_train)", lambda: evaluate.mse_per_row(TRAJECTORY, X[:4], y), "y"),
    ("mse_per_row(T, X[:, :1], y)", lambda: evaluate.mse_per_row(TRAJECTORY, X[:, :1], y), "X"),
    ("steps message says steps", lambda: landscape.descent_path(P, X, y, 1e-4, -1), "steps"),
    ("gradient of an empty data set", lambda: nnmath.gradients(P, np.empty((0, 2)), np.empty(0)), "X"),
    ("quadratic_data with 1e300 range", lambda: data.quadratic_data(x1_range=(0, 1e300)), "x1_range"),
    ("best_constant of 1e300", lambda: analysis.best_constant([1e300, -1e300]), "y"),
    ("MinMaxScaler on 1e300", lambda: scaling.MinMaxScaler().fit([1e300, -1e300]), "values"),
    ("TypeError for unhashable names", lambda: data.quadratic_data(distribution=["uniform"]), "distribution"),
    ("AttributeError for a non-MLP net", lambda: mlp.predict("net", X8), "net"),
]


@pytest.mark.parametrize("label, call, name", EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_the_issue_examples_are_refused_at_once(label, call, name):
    outcome = attempt(call, 2.0)
    assert refusal_problem(outcome.error, (name,), [label]) is None, (label, outcome)
    assert outcome.seconds < 2.0


def test_divergence_is_a_flag_never_an_unflagged_nan():
    """Runs that blow up say so; a gradient or a loss grid that overflows says so; no "nan" in a description."""
    big = Params(*[1e40] * 9)
    run = nnmath.train(big, X, y, 1.0, 5)
    assert run.diverged and "nan" not in run.describe()
    run = nnmath.faulty_train(P, X, y, 10.0, 5, "sign flip")
    assert run.diverged and run.params.is_finite() and "nan" not in run.describe()
    with pytest.raises(ValueError, match="gradient"):
        nnmath.gradients(Params(*[1e99] * 9), X * 0 + 1e99, y)
    grid = landscape.loss_grid(Params(*[1e60] * 9), X * 0 + 1e60, y, p_range=(-1e60, 1e60), q_range=(-1e60, 1e60),
                               resolution=3)
    P_, Q_, L = grid
    assert grid.overflowed.any() and np.array_equal(grid.overflowed, ~np.isfinite(L) | (L > checks.MAX_MAGNITUDE))
    empty = nnmath.train(P, X, y, 1e-4, 0)
    assert "nan" not in empty.describe().lower() and empty.describe() == "no epochs run: the parameters are the start"
