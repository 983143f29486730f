"""The students' reports beside the course's computation of the same run: "the report said / the course computes".

A notebook that reproduces a student's result first re-runs it exactly as the student ran it, then
prints one table per report with this helper. Each row holds what the report wrote, in its own words
("about 84", "below 4", "over 800"), and the course's number; whether they agree is decided from the
report's own words, so a table cannot claim agreement the numbers do not show:

    "about 84"    agrees when the computed value rounds to 84 at the precision written (|c - 84| <= 0.5)
    "2.083"       the same, at three decimals (|c - 2.083| <= 0.0005)
    "below 4"     c < 4;  "over 800" / "above 800": c > 800;  "at most 3" c <= 3; "at least 3" c >= 3
    "near 3.38"   |c - 3.38| <= 0.01 * max(|3.38|, 1) (a loose "about")

Used by 01-10 wherever a report is quoted.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .checks import TITLE, check, refuse, validate

_NUMBER = r"([-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)"


def _decimals(text: str) -> int:
    mantissa = re.split(r"[eE]", text)[0]
    return len(mantissa.split(".")[1]) if "." in mantissa else 0


def agrees(said: str, computed: float) -> bool:
    """Does the computed number agree with the report's words (see the module docstring)?

    said: text such as "about 84" or "below 4"; computed: a real number (NaN or infinity agree with nothing).
    """
    said, computed = validate(said=said, computed=computed)
    words = said.lower()
    rules = [
        (r"^(?:below|under|less than)\s+" + _NUMBER, lambda c, v: c < v),
        (r"^(?:over|above|more than)\s+" + _NUMBER, lambda c, v: c > v),
        (r"^at most\s+" + _NUMBER, lambda c, v: c <= v),
        (r"^at least\s+" + _NUMBER, lambda c, v: c >= v),
        (r"^(?:near|around|roughly)\s+" + _NUMBER, lambda c, v: abs(c - v) <= 0.01 * max(abs(v), 1.0)),
    ]
    for pattern, test in rules:
        match = re.match(pattern, words)
        if match:
            return bool(test(computed, float(match.group(1))))
    match = re.match(r"^(?:about|approximately|~)?\s*" + _NUMBER + r"\s*$", words)
    if not match:
        raise refuse("said", said, "a number, optionally with about/below/over/at most/at least/near")
    if not math.isfinite(computed):
        return False
    value, places = float(match.group(1)), _decimals(match.group(1))
    if "e" in match.group(1).lower():
        return math.isclose(computed, value, rel_tol=0.05)
    return abs(computed - value) <= 0.5 * 10.0 ** -places + 1e-12 * max(abs(value), 1.0)


@dataclass(frozen=True)
class Reported:
    """One figure of a student's report and the course's computation of the same run."""

    quantity: str       # what was measured, e.g. "lr 0.025, loss at epoch 1"
    said: str           # the report's words, e.g. "about 84"
    computed: float     # the course's number for the same run

    @property
    def agrees(self) -> bool:
        return agrees(self.said, self.computed)


class ReportTable:
    """A printed table: quantity | the report said | the course computes | agrees (01-10)."""

    def __init__(self, title: str, rows, digits: int = 4, said_label: str = "the report said"):
        self.title, self.digits, self.said_label = validate(title=title, digits=digits, said_label=said_label)
        self.rows = _checked_rows(rows)

    @property
    def agreement(self) -> list[bool]:
        return [row.agrees for row in self.rows]

    def __repr__(self) -> str:
        width = max([len(r.quantity) for r in self.rows] + [8])
        said = max([len(r.said) for r in self.rows] + [len(self.said_label)])
        lines = [self.title, f"{'':{width}}  {self.said_label:<{said}}  {'the course computes':>19}  agrees"]
        for r in self.rows:
            lines.append(f"{r.quantity:<{width}}  {r.said:<{said}}  {r.computed:>19.{self.digits}g}  "
                         f"{'yes' if r.agrees else 'NO'}")
        return "\n".join(lines)


def _checked_rows(rows) -> list[Reported]:
    """rows: a list or tuple of Reported or (quantity, said, computed); each said is parsed now, not when printed."""
    allowed = "a list of rows (quantity, said, computed), e.g. [(\"loss at epoch 1\", \"about 84\", 84.2)]"
    if not isinstance(rows, (list, tuple)):
        raise refuse("rows", rows, allowed)
    checked = []
    for k, row in enumerate(rows):
        if isinstance(row, Reported):
            row = (row.quantity, row.said, row.computed)
        if not isinstance(row, (list, tuple)) or len(row) != 3:
            raise refuse(f"rows[{k}]", row, "a row (quantity, said, computed)")
        try:
            quantity = check("quantity", row[0], TITLE)
            said, computed = validate(said=row[1], computed=row[2])
            agrees(said, computed)
        except ValueError as error:
            raise ValueError(f"rows[{k}]: {error}") from None
        checked.append(Reported(quantity, said, computed))
    return checked


def report_table(title: str, rows, digits: int = 4, said_label: str = "the report said") -> ReportTable:
    """Rows (quantity, said, computed) as a ReportTable; display it as a cell's last value or print it.

    said_label names the source column, e.g. "the lecture printed" for the lecture notebook's own output.
    """
    return ReportTable(title, rows, digits, said_label)
