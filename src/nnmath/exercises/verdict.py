"""What a check says: a `Verdict`, shown in the notebook as text (nbval, a terminal) and as HTML (Jupyter).

Every verdict is exactly one of three:

    [exercise] prediction out for x = (2, 1): correct. true value 4.5 / your value 4.5
    [exercise] dloss/dw1 for x = (1, 0), y = 2: wrong. your value 0.5
      hint: dloss/dout = 2 (out - y): the factor 2 of the squared error is missing.
    [exercise] dloss/dw1 for x = (1, 0), y = 2: not yet. Replace None with your answer and run this cell again.

The text always starts with MARKER, then the title, a colon and the status; tests find verdicts
in a notebook's outputs by that line (`find_verdicts`). A wrong answer never shows the true value;
a correct one shows it beside the student's ("true value / your value", as udlbook does).
Numbers are rounded to 6 significant digits, so the text is the same on every run.
"""
from __future__ import annotations

import html
import math
import numbers
import re
from dataclasses import dataclass

import numpy as np

MARKER = "[exercise]"
"""The first word of every verdict's text; the student-edition and teacher-edition tests look for it."""

CORRECT, WRONG, NOT_YET = "correct", "wrong", "not yet"
STATUSES = (CORRECT, WRONG, NOT_YET)

VERDICT_LINE = re.compile(r"^\[exercise\] (?P<title>.+?): (?P<status>correct|wrong|not yet)\.", re.MULTILINE)
"""Matches the first line of a verdict's text: its title and its status."""

NOT_YET_TEXT = "Replace None with your answer and run this cell again."

_STYLE = {  # status -> (colour, symbol)
    CORRECT: ("#2e7d32", "&#10004;"),
    WRONG: ("#c62828", "&#10008;"),
    NOT_YET: ("#757575", "&#8230;"),
}


@dataclass(frozen=True)
class Verdict:
    """One check's answer: status (correct, wrong or not yet), the values shown, and hints.

    title: what was checked ("dloss/dw1 for x = (1, 0), y = 2"); detail: one line of values
    ("true value 1 / your value 1", "your value 0.5") or what to do next; lines: further
    lines, each already labelled ("hint: ...", "why: ..."); mistakes: the names of the
    recognised mistakes (empty unless the answer matched one; the unit tests read them).
    """

    title: str
    status: str
    detail: str = ""
    lines: tuple[str, ...] = ()
    mistakes: tuple[str, ...] = ()

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, got {self.status!r}")

    @property
    def correct(self) -> bool:
        return self.status == CORRECT

    @property
    def text(self) -> str:
        first = f"{MARKER} {self.title}: {self.status}." + (f" {self.detail}" if self.detail else "")
        return "\n".join([first] + [f"  {line}" for line in self.lines])

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        colour, symbol = _STYLE[self.status]
        body = f"<b>{symbol} {html.escape(self.status)}</b> &middot; {html.escape(self.title)}"
        if self.detail:
            body += f"<br>{html.escape(self.detail)}"
        body += "".join(f"<br>{html.escape(line)}" for line in self.lines)
        return (f'<div class="nnmath-exercise" data-status="{self.status}" style="border-left: 4px solid {colour}; '
                f'padding: 4px 10px; margin: 4px 0; font-family: sans-serif;">{body}</div>')


def correct(title: str, true_value, your_value, why: str = "") -> Verdict:
    """The answer is right: show the true value beside the student's."""
    return Verdict(title, CORRECT, f"true value {shown(true_value)} / your value {shown(your_value)}",
                   (f"why: {why}",) if why else ())


def wrong(title: str, your_value, hints, mistakes=()) -> Verdict:
    """The answer is wrong: show the student's value (never the true one) and one hint per line."""
    return Verdict(title, WRONG, f"your value {shown(your_value)}", tuple(f"hint: {h}" for h in hints),
                   tuple(mistakes))


def explained(title: str, your_value, matched) -> Verdict:
    """Wrong, and the answer is what one (or several) typical mistakes give: say which."""
    if len(matched) == 1:
        return wrong(title, your_value, [matched[0].hint], [matched[0].name])
    lines = ("hint: your value is what each of these mistakes gives:",) + tuple(f"  - {m.hint}" for m in matched)
    return Verdict(title, WRONG, f"your value {shown(your_value)}", lines, tuple(m.name for m in matched))


def not_yet(title: str, what: str = NOT_YET_TEXT) -> Verdict:
    """Nothing to check yet: the answer is still the stub (None), or the function is not written."""
    return Verdict(title, NOT_YET, what)


def find_verdicts(text: str) -> list[tuple[str, str]]:
    """(title, status) of every verdict in a text, e.g. a notebook cell's output."""
    return [(m["title"], m["status"]) for m in VERDICT_LINE.finditer(text)]


SHOWN_LENGTH = 300
"""Characters of a value a verdict echoes (a student's 100 kB string or million-item list is shortened)."""
SHOWN_ITEMS = 9
"""Items of a list, tuple, dict or array shown in full (nine: w1..b3); longer ones show their first four."""


def shown(value) -> str:
    """A value as the verdict prints it: numbers to 6 significant digits, arrays rounded, the same on every run.

    Never raises and never runs long: whatever a student's answer is (a hostile object, an int of 5000 digits,
    a list that contains itself), the text is at most SHOWN_LENGTH characters.
    """
    try:
        text = _shown(value, 0)
    except Exception:  # a hostile __repr__, __iter__, __len__, ...
        text = f"<{type(value).__name__}>"
    if len(text) > SHOWN_LENGTH:
        suffix = f"... ({len(text):,} characters)"
        text = text[:SHOWN_LENGTH - len(suffix)] + suffix
    return text


def clip(text: str, length: int = 200) -> str:
    """Plain text shortened to `length` characters (a student's text inside a hint)."""
    text = str.__str__(text)
    return text if len(text) <= length else text[:length - 3] + "..."


def _shown(value, depth: int) -> str:
    if depth > 3:
        return "..."
    if isinstance(value, str):
        return repr(str.__str__(value[:SHOWN_LENGTH + 1]))
    if isinstance(value, (bool, np.bool_)) or value is None:
        return str(bool(value)) if value is not None else "None"
    if isinstance(value, numbers.Real):
        try:
            value = float(value)
        except OverflowError:
            return f"an integer of {len(str(abs(int(value)))) if abs(int(value)) < 10 ** 4000 else 'over 4000'} digits"
        return f"{value + 0.0:.6g}" if math.isfinite(value) else str(value)  # + 0.0 turns -0.0 into 0.0
    if isinstance(value, np.ndarray):
        if value.ndim <= 1 and value.size <= SHOWN_ITEMS:
            return "[" + ", ".join(_shown(v, depth + 1) for v in value.tolist()) + "]"
        first = value.ravel()[:4].tolist() if value.size else []
        return f"array of shape {value.shape}: " + ", ".join(_shown(v, depth + 1) for v in first) + ", ..."
    if isinstance(value, (dict, list, tuple)):
        items = list(value.items())[:SHOWN_ITEMS + 1] if isinstance(value, dict) else list(value[:SHOWN_ITEMS + 1])
        more = len(value) > SHOWN_ITEMS
        if more:
            items = items[:4]
        if isinstance(value, dict):
            inner = ", ".join(f"{_shown(k, depth + 1) if not isinstance(k, str) else str.__str__(k)}: "
                              f"{_shown(v, depth + 1)}" for k, v in items)
            return "{" + inner + (f", ... ({len(value):,} items)" if more else "") + "}"
        inner = ", ".join(_shown(v, depth + 1) for v in items)
        return "(" + inner + (f", ... ({len(value):,} items)" if more else "") + ")"
    text = repr(value)
    return text if isinstance(text, str) else f"<{type(value).__name__}>"


def size(value: float) -> str:
    """A number's sign and order of magnitude, without its digits: "positive, between 1 and 10"."""
    if value == 0:
        return "0"
    if not math.isfinite(value):
        return str(value)
    e = math.floor(math.log10(abs(value)))
    return f"{'positive' if value > 0 else 'negative'}, between {10.0 ** e:g} and {10.0 ** (e + 1):g} in size"
