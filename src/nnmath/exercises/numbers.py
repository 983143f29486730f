"""Building blocks: check one number, a set of nine (w1..b3), or a choice among options.

Every ready-made check in this package is one of these with its true value computed by the
reference (`nnmath.forward`, `nnmath.gradients`, ...) and its typical wrong answers computed by
the reference with one mistake planted (a `Mistake`). A wrong answer that matches a mistake gets
that mistake's hint; one that matches none gets a generic hint and the sizes of the two numbers.
"""
from __future__ import annotations

import math
import numbers
import warnings
from dataclasses import dataclass

import numpy as np

from ..core.checks import NAMES, TITLE, Real, check, refuse
from ..core.params import Params, check_params
from .verdict import Verdict, correct, explained, not_yet, shown, size, wrong

RTOL = 1e-3
"""Relative tolerance of a hand-computed number: 3 significant digits are enough."""
ATOL = 1e-8
"""Absolute tolerance, for true values of 0."""

GENERIC_HINT = "not one of the usual mistakes: go through it again one step at a time."


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer: its name, the hint it earns, and the value it gives.

    value: what the reference computes with the mistake planted (a number for `check_number`,
    nine values for `check_nine`, a function of the same inputs for `check_function`).
    """

    name: str
    hint: str
    value: object


def is_empty(answer) -> bool:
    """True for an answer still at its stub: None (or ...)."""
    return answer is None or answer is Ellipsis


def as_number(answer) -> float | None:
    """The answer as a float, or None if it is not one real number (True/False and text are not numbers).

    An integer too large for a float (10**400) is +-infinity: a number, just a wrong one.
    """
    if isinstance(answer, (bool, np.bool_)):
        return None
    if isinstance(answer, numbers.Real):
        try:
            number = float(answer)
        except OverflowError:
            return math.inf if answer > 0 else -math.inf
        except Exception:  # a hostile __float__
            return None
        return number if type(number) is float else None
    if isinstance(answer, np.ndarray) and answer.shape in ((), (1,)) and answer.dtype.kind in "iuf":
        return float(answer.reshape(()))
    return None


_RTOL_RULE = Real(low=0, low_open=True, high=1)


def _teacher(title, mistakes, rtol, why, kind=None):
    """The check's own arguments (the teacher's, not the student's answer) by the course's rules."""
    title = check("title", title, TITLE)
    if not isinstance(mistakes, (list, tuple)) or not all(isinstance(m, Mistake) for m in mistakes):
        raise refuse("mistakes", mistakes, "a list of Mistake(name, hint, value)")
    if kind is not None and not all(kind(m.value) for m in mistakes):
        raise refuse("mistakes", mistakes, "Mistakes whose values are of the kind this check compares")
    rtol = check("rtol", rtol, _RTOL_RULE)
    if not isinstance(why, str) or len(why) > 2000:
        raise refuse("why", why, "text (at most 2000 characters), or '' for none")
    return title, tuple(mistakes), rtol, why


def close(a: float, b: float, rtol: float = RTOL) -> bool:
    """a and b agree to rtol (relative) or ATOL (absolute)."""
    return math.isclose(a, b, rel_tol=rtol, abs_tol=ATOL)


def recognised(value, truth, mistakes, same) -> list[Mistake]:
    """The mistakes whose value equals the answer, leaving out those that give the true value here."""
    return [m for m in mistakes if not same(m.value, truth) and same(value, m.value)]


def check_number(answer, true_value: float, title: str, mistakes=(), rtol: float = RTOL, why: str = "") -> Verdict:
    """One number against its true value (every notebook; e.g. 01's prediction, 03's gradients).

    mistakes: `Mistake`s whose value is the number that mistake gives.
    """
    title, mistakes, rtol, why = _teacher(title, mistakes, rtol, why, lambda v: as_number(v) is not None)
    true_value = check("true_value", true_value, Real())
    if is_empty(answer):
        return not_yet(title)
    value = as_number(answer)
    if value is None:
        return wrong(title, answer, [f"give one number (a float), not {type(answer).__name__}."])
    if close(value, true_value, rtol):
        return correct(title, true_value, value, why)
    matched = recognised(value, true_value, mistakes, lambda a, b: close(as_number(a), as_number(b), rtol))
    if matched:
        return explained(title, value, matched)
    return wrong(title, value, [GENERIC_HINT, f"sizes: the true value is {size(true_value)}; "
                                              f"yours is {size(value)}."])


def as_nine(answer) -> dict | None:
    """name -> value for w1..b3 from Params, a dict (keys w1.. or d_w1..), or nine numbers in order; else None."""
    if isinstance(answer, Params):
        return answer.as_dict()
    if isinstance(answer, dict):
        try:
            values = {name: answer.get(name, answer.get(f"d_{name}", Ellipsis)) for name in NAMES}
        except Exception:  # a key whose == raises
            return None
        return None if any(v is Ellipsis for v in values.values()) else values
    if isinstance(answer, (list, tuple)) and len(answer) == 9:
        return dict(zip(NAMES, list(answer)))
    if isinstance(answer, np.ndarray) and answer.shape == (9,):
        return dict(zip(NAMES, answer.tolist()))
    return None


def _nine_same(a: dict, b: dict, rtol: float) -> bool:
    return all(close(a[name], b[name], rtol) for name in NAMES)


def check_nine(answer, true_values: Params, title: str, mistakes=(), rtol: float = RTOL) -> Verdict:
    """Nine values w1..b3 (gradients, or parameters after a step) against the true ones (03, 04).

    answer: Params, a dict (w1=... or d_w1=...) or nine numbers in the order w1..w6, b1..b3;
    mistakes: `Mistake`s whose value is a Params. A wrong set names the wrong values, and for each
    the mistakes that explain it.
    """
    title, mistakes, rtol, _ = _teacher(title, mistakes, rtol, "", lambda v: isinstance(v, Params))
    check_params(true_values, "true_values")
    if is_empty(answer):
        return not_yet(title)
    values = as_nine(answer)
    if values is None:
        return wrong(title, answer, ["give nine values: a Params, a dict with keys w1..b3, or a list in the order "
                                     "w1..w6, b1..b3."])
    missing = [name for name in NAMES if is_empty(values[name])]
    if missing:
        return not_yet(title, f"Still None: {', '.join(missing)}.")
    numbers_ = {name: as_number(v) for name, v in values.items()}
    if any(v is None for v in numbers_.values()):
        bad = [name for name, v in numbers_.items() if v is None]
        return wrong(title, values, [f"{', '.join(bad)}: give one number each."])
    truth = true_values.as_dict()
    if _nine_same(numbers_, truth, rtol):
        return correct(title, true_values.values, tuple(numbers_.values()))
    whole = recognised(numbers_, truth, [Mistake(m.name, m.hint, m.value.as_dict()) for m in mistakes],
                       lambda a, b: _nine_same(a, b, rtol))
    if whole:
        return explained(title, tuple(numbers_.values()), whole)
    hints, names = [], []
    for name in NAMES:
        if close(numbers_[name], truth[name], rtol):
            continue
        matched = [m for m in mistakes if not close(getattr(m.value, name), truth[name], rtol)
                   and close(numbers_[name], getattr(m.value, name), rtol)]
        hints.append(f"{name}: " + (" / ".join(m.hint for m in matched) if matched else GENERIC_HINT))
        names += [m.name for m in matched if m.name not in names]
    right = sum(close(numbers_[n], truth[n], rtol) for n in NAMES)
    return wrong(title, tuple(numbers_.values()), [f"{right} of 9 right."] + hints, names)


def check_choice(answer, options, true_option, title: str, reasons=None, why: str = "") -> Verdict:
    """One option out of several (05's "which lr diverges first", 10's diagnoses).

    options: the allowed answers (numbers or text; text is compared ignoring case and outer spaces);
    reasons: option -> the hint for choosing it; why: shown beside a correct answer.
    """
    title, _, _, why = _teacher(title, (), RTOL, why)
    options = _options(options)
    if not any(_matching_option(true_option, options) is o for o in options):
        raise refuse("true_option", true_option, f"one of the options {shown(options)}")
    if reasons is not None and not isinstance(reasons, dict):
        raise refuse("reasons", reasons, "None or a dict option -> the hint for choosing it")
    if is_empty(answer):
        return not_yet(title)
    chosen = _matching_option(answer, options)
    if chosen is None:
        return wrong(title, answer, [f"choose one of: {', '.join(shown(o) for o in options)}."])
    if chosen == true_option:
        return correct(title, true_option, chosen, why)
    hint = (reasons or {}).get(chosen, GENERIC_HINT)
    return wrong(title, chosen, [hint], [f"chose {shown(chosen)}"])


def _options(options) -> tuple:
    """The options of a choice: a list or tuple of 1 to 100 distinct texts or finite real numbers."""
    allowed = "a list of 1 to 100 options, each a text or a finite number"
    if not isinstance(options, (list, tuple)) or not 1 <= len(options) <= 100:
        raise refuse("options", options, allowed)
    for option in options:
        number = as_number(option)
        if not (type(option) is str or isinstance(option, (int, float, np.integer, np.floating)) and number is not None
                and math.isfinite(number)):
            raise refuse("options", options, allowed)
    return tuple(options)


def _matching_option(answer, options):
    number = as_number(answer)
    for option in options:
        if isinstance(option, str):
            if isinstance(answer, str) and str.__str__(answer).strip().lower() == option.strip().lower():
                return option
        elif number is not None and close(number, float(option), 1e-9):
            return option
    return None


def same_values(a, b, rtol: float = 1e-6) -> bool:
    """Two results (numbers, Params, arrays, lists) of equal shape and values to rtol; False if not comparable."""
    try:
        a, b = _as_array(a), _as_array(b)
        return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=ATOL))
    except Exception:  # not numbers (text, a hostile object, a ragged list): not the same
        return False


def _as_array(value) -> np.ndarray:
    if isinstance(value, Params):
        return value.to_array()
    if isinstance(value, dict) and as_nine(value) is not None:
        return np.array(list(as_nine(value).values()), dtype=np.float64)
    if isinstance(value, (str, bytes)) or _holds_text(value):
        raise TypeError("text is not a number")
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a complex result: not the same (ComplexWarning)
        array = np.asarray(value)
    if array.dtype.kind not in "iuf" or array.size > 10**7:
        raise TypeError("not an array of real numbers")
    return array.astype(np.float64)


def _holds_text(value) -> bool:
    return isinstance(value, (list, tuple)) and any(isinstance(v, (str, bytes)) or _holds_text(v) for v in value[:100])


__all__ = ["RTOL", "Mistake", "is_empty", "as_number", "as_nine", "check_number", "check_nine", "check_choice",
           "same_values"]
