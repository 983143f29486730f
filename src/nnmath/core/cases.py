"""Find the bug (10_find_the_bug): the mystery cases, the gradient check as a tool, the lecture's printouts.

A case is a training loop with a mistake in it (a fault of `nnmath.core.faults`), run on the lecture's
data from a start and at a learning rate chosen so that the mistake shows. The student sees its loss
curve beside the correct loop's and then calls the course's tools (nothing here names a diagnosis):

    tool                                       what it prints
    analysis.frozen_parameters(run.trajectory) the parameters that never moved (run: fast.diagnose.run_case)
    check_case(case, params, lr)               the loop's gradient against central differences (format_check)
    forward_all(run.params, X, case.output)    h1 and h2 per sample: are the hidden nodes copies?

A case's answer (its fault) is shown only by `nnmath.exercises.bug.reveal`, after a diagnosis that
`nnmath.exercises.bug.diagnose` accepted, or an explicit give-up: the record of both is kept here
(`record_diagnosis`, `answer_unlocked`), so any part of the course (a panel too) can ask before it tells.

The lecture's own loop (case H) is reproduced bit for bit: `LECTURE_PRINTS` holds what the lecture's
notebooks printed, `exact_table` sets it beside the course's numbers, `python312_sum` is the summation
the lecture's Python (3.12) used for its printed epoch losses.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .checks import (NAMES, TITLE, Flag, Function, OneOf, Real, Text, check, check_data, real_array, refuse, shown,
                     validate)
from .data import lecture_data
from .faults import FAULTS, check_fault, faulty_gradients, gradient_check
from .gradcheck import relative_error
from .init import LECTURE_START, LECTURE_START_2
from .params import Params, check_params
from .reference import within_limits

# ----------------------------------------------------------------------------------
# The starts the cases use
# ----------------------------------------------------------------------------------

LINEAR_START = LECTURE_START.replace(b2=0.25)
"""The lecture start with b2 = 0.25 instead of 0: on the lecture data z2 = (x1 - x2)/2 + b2 is then
never exactly 0 (with b2 = 0 it is, on the 7 samples with x1 = x2, and a finite difference across
that kink disagrees even with a correct gradient). h1 is on for every sample, h2 for 9 of 100:
relu'(z1) != relu'(z2) on 91 samples, so a wrong ReLU index shows."""

RELU_START = LINEAR_START.replace(b3=-7.3)
"""LINEAR_START with b3 = -7.3, for the network with out = relu(z3): z3 < 0 on 48 of the 100
lecture samples, so a forgotten relu'(z3) shows; z3 is never within 0.2 of 0 (no kink)."""

HALF_MEAN_START = LINEAR_START.replace(b3=-0.25)
"""LINEAR_START with b3 = -0.25: its nine values average exactly 0.5. The "equal start" fault starts
every parameter at the average of the given start, so it starts at 0.5 everywhere: the value the
case's loop types for all nine."""

# ----------------------------------------------------------------------------------
# The mystery cases
# ----------------------------------------------------------------------------------

CASE_LR, CASE_EPOCHS = 4e-4, 100
"""The live panel's default learning rate and epochs (most cases run at these)."""

FLAG_ABOVE = 1e-3
"""A gradient is flagged when its relative error (core.gradcheck) is above this; a correct one is below 1e-6."""

HIDDEN = ("w1", "w2", "w3", "w4", "b1", "b2")
"""The parameters whose gradients pass through relu'(z1) or relu'(z2)."""


@dataclass(frozen=True)
class Case:
    """One mystery: a letter, the hidden fault, and the run it is seen in (10_find_the_bug).

    start: the start handed to the loop; output: "linear" or "relu" (out = relu(z3));
    lr, epochs: the case's own run, on the lecture's data.
    """

    letter: str
    fault: str
    start: Params
    output: str
    lr: float = CASE_LR
    epochs: int = CASE_EPOCHS

    def __post_init__(self):
        checked = dict(letter=check("letter", self.letter, Text("a case's letter")), fault=validate(fault=self.fault),
                       start=check_params(self.start, "start"), output=validate(output=self.output),
                       lr=validate(lr=self.lr), epochs=validate(epochs=self.epochs))
        for name, value in checked.items():
            object.__setattr__(self, name, value)

    def __repr__(self) -> str:  # the setup only: printing a case must not reveal it
        return (f"Case {self.letter}: start {self.start}, output {self.output}, lr {self.lr:g}, "
                f"{self.epochs} epochs on the lecture's data")


CASES = {case.letter: case for case in (
    Case("A", "frozen bias", RELU_START, "relu"),
    Case("B", "swapped relu index", LINEAR_START, "linear"),
    Case("C", "no update", LINEAR_START, "linear"),
    Case("D", "output relu ignored", RELU_START, "relu"),
    Case("E", "equal start", HALF_MEAN_START, "linear"),
    Case("F", "sign flip", LINEAR_START, "linear", lr=1e-6),
    Case("G", "w5 updated first", LINEAR_START, "linear", lr=1e-3),
    Case("H", "the lecture's loop", LECTURE_START, "relu", lr=1e-3, epochs=1000),
)}
"""Letter -> Case. A to G in an order that is not the order of FAULTS; H, the last, is the lecture's
own published loop on its first notebook's setup (nn_math_tool_1: lecture start, lr 0.001, 1000 epochs).
F runs at lr 1e-6 (at 4e-4 its numbers run away within the first epoch); G at 1e-3 (at 4e-4 its
mistake changes the loss only in the third digit)."""


def case_data():
    """The data every case of 10_find_the_bug trains on: the lecture's 100 samples (nnmath.data.lecture_data)."""
    return lecture_data()


def get_case(case) -> Case:
    """A Case, or the Case of a letter "A".."H" (10_find_the_bug); anything else is a ValueError."""
    if isinstance(case, Case):
        return case
    return CASES[check("case", case, OneOf(tuple(CASES)))]


# ----------------------------------------------------------------------------------
# Who may see an answer: a diagnosis accepted, or an explicit give-up
# ----------------------------------------------------------------------------------

_UNLOCKED: dict[str, str] = {}


def record_diagnosis(case, accepted: bool) -> None:
    """Remember that a diagnosis of a case was accepted (nnmath.exercises.bug.diagnose calls this)."""
    letter = get_case(case).letter
    if check("accepted", accepted, Flag()):
        _UNLOCKED[letter] = "diagnosed"


def give_up(case) -> None:
    """The student asks for a case's answer without a diagnosis (nnmath.exercises.bug.reveal(..., give_up=True))."""
    _UNLOCKED.setdefault(get_case(case).letter, "given up")


def answer_unlocked(case) -> str | None:
    """"diagnosed", "given up", or None while a case's answer must stay hidden (10_find_the_bug)."""
    return _UNLOCKED.get(get_case(case).letter)


def lock_all() -> None:
    """Forget every diagnosis and give-up (a fresh student; the tests use it)."""
    _UNLOCKED.clear()


# ----------------------------------------------------------------------------------
# The gradient check as a tool
# ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class CheckRow:
    """One parameter of a gradient check: the loop's gradient, the measured slope, how far apart."""

    name: str
    analytic: float
    numeric: float
    relative_error: float
    flagged: bool


def check_gradients(params: Params, X, y, fault: str = "none", output: str = "linear",
                    lr: float = 0.0) -> tuple[CheckRow, ...]:
    """The faulty loop's mean gradient against central differences of the true mean loss (10_find_the_bug).

    numeric = (L(theta + eps) - L(theta - eps)) / (2 eps), eps = 1e-6, one parameter at a time
    (`faults.gradient_check`, the relative error of `core.gradcheck`); flagged above FLAG_ABOVE.
    lr: the rate the loop runs at. At lr = 0 the check sees the gradient formula alone; a loop that
    updates some parameters before it computes the gradients that need them ("w5 updated first")
    uses a different gradient at lr > 0, and only a check at its own lr sees that.
    """
    check_params(params)
    X, y = check_data(X, y)
    kind = check_fault(fault)
    output = validate(output=output)
    lr = float(check("lr", lr, Real(low=0)))
    table = gradient_check(params, X, y, fault, output)
    numeric = np.array([row[1] for row in table.values()])
    if lr == 0.0:
        analytic = np.array([row[0] for row in table.values()])
    else:
        sums = np.zeros(9)
        with np.errstate(over="ignore", invalid="ignore"):
            for (x1, x2), target in zip(X.tolist(), y.tolist()):
                sums += np.array(faulty_gradients(params.values, x1, x2, target, lr, kind, output)[1])
        analytic = sums / len(y)
    errors = relative_error(analytic, numeric)
    return tuple(CheckRow(name, float(a), float(n), float(e), bool(e > FLAG_ABOVE))
                 for name, a, n, e in zip(NAMES, analytic, numeric, errors))


def check_case(case, params: Params | None = None, lr: float = 0.0) -> tuple[CheckRow, ...]:
    """The gradient check of a case's loop, on the lecture's data (10_find_the_bug's tool).

    params: where to check (default: the case's start); lr: the rate the loop is assumed to run at
    (default 0: the gradient formula alone; pass the case's lr to check the gradient its update uses).
    Print the rows with `format_check`.
    """
    case = get_case(case)
    X, y = case_data()
    return check_gradients(case.start if params is None else params, X, y, case.fault, case.output, lr)


def check_rows(rows) -> tuple[CheckRow, ...]:
    """rows must be a gradient check's rows: a list or tuple of CheckRow (what check_case returns)."""
    if not isinstance(rows, (list, tuple)) or not all(isinstance(r, CheckRow) for r in rows):
        raise refuse("rows", rows, "the rows of a gradient check, as check_case or check_gradients returns them")
    return tuple(rows)


def flagged(rows) -> tuple[str, ...]:
    """The names of the flagged rows of a gradient check."""
    return tuple(r.name for r in check_rows(rows) if r.flagged)


def check_gradient_function(gradient_function, params: Params, X, y, output: str = "linear") -> tuple[CheckRow, ...]:
    """Check any per-sample gradient code, e.g. one with a bug you planted (10_find_the_bug's exercise).

    gradient_function(params, x1, x2, y) returns (loss, Params of gradients), like
    `reference.loss_and_gradients_one`; its mean over the samples is compared with the
    central differences of the true mean loss, as in `check_gradients`.
    """
    gradient_function = check("gradient_function", gradient_function, GRADIENT_FUNCTION)
    check_params(params)
    X, y = check_data(X, y)
    output = validate(output=output)
    sums = np.zeros(9)
    for i, ((x1, x2), target) in enumerate(zip(X.tolist(), y.tolist())):
        sums += _gradients_of(gradient_function, params, x1, x2, target, i).to_array()
    analytic = sums / len(y)
    if not within_limits(analytic.tolist()):
        raise refuse("gradient_function", gradient_function, "gradient code whose mean gradient over X, y stays "
                     "within 1e100")
    numeric = np.array([row[1] for row in gradient_check(params, X, y, "none", output).values()])
    errors = relative_error(analytic, numeric)
    return tuple(CheckRow(name, float(a), float(n), float(e), bool(e > FLAG_ABOVE))
                 for name, a, n, e in zip(NAMES, analytic, numeric, errors))


GRADIENT_FUNCTION = Function("a function (params, x1, x2, y) -> (loss, Params of the nine gradients), "
                             "like reference.loss_and_gradients_one")


def _gradients_of(gradient_function, params, x1, x2, y, i) -> Params:
    """The gradients gradient_function gives for sample i, or the course's ValueError naming it."""
    where = f"gradient_function(params, {x1!r}, {x2!r}, {y!r}) (sample {i + 1} of X, y)"
    try:
        result = gradient_function(params, x1, x2, y)
    except Exception as error:
        raise ValueError(f"gradient_function must be {GRADIENT_FUNCTION.allowed}; {where} raised "
                         f"{type(error).__name__}: {shown(str(error))}") from None
    if not (isinstance(result, tuple) and len(result) == 2 and isinstance(result[1], Params)):
        raise ValueError(f"gradient_function must be {GRADIENT_FUNCTION.allowed}; {where} gave {shown(result)}")
    return result[1]


def format_check(rows) -> str:
    """The gradient check as a table to print, rounded so it repeats on any machine (10_find_the_bug)."""
    lines = [f"{'param':>5} {'analytic':>11} {'finite diff':>11} {'rel. error':>10}  flag"]
    for r in check_rows(rows):
        lines.append(f"{r.name:>5} {r.analytic:11.6g} {r.numeric:11.6g} {_rounded_error(r.relative_error):>10}"
                     f"  {'<-- WRONG' if r.flagged else ''}")
    return "\n".join(lines)


def _rounded_error(value: float) -> str:
    """Relative errors below 1e-7 are round-off: print them as such, not as digits that vary by machine."""
    return "< 1e-7" if value < 1e-7 else f"{value:.3e}"


# ----------------------------------------------------------------------------------
# What the live panel shows of one case (nnmath.ui.bug_panel)
# ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class CaseResult:
    """One run of a case and the correct loop beside it, with every tool's output (the live panel's data)."""

    case: Case
    lr: float
    epochs: int
    start: "Params"               # the start the faulty loop used (for "equal start", not the case's)
    end: "Params"                 # the faulty loop's final parameters
    losses: np.ndarray            # the faulty loop's loss per epoch, finite epochs only
    diverged_at: int | None       # the faulty loop's first non-finite epoch
    path: np.ndarray              # (epochs run + 1, 9): start, then the end of every epoch
    correct: object               # the correct loop from the case's start (a Run)
    frozen: tuple[str, ...]       # parameters that never moved in the faulty loop
    check: tuple[CheckRow, ...]   # the gradient check at `start`
    h1: np.ndarray                # hidden activations per sample at the end of the faulty run
    h2: np.ndarray

    @property
    def flagged(self) -> tuple[str, ...]:
        return flagged(self.check)

    @property
    def twins(self) -> bool:
        """h1 and h2 equal on every sample: the network has one hidden node, twice."""
        return bool(np.array_equal(self.h1, self.h2))

    @property
    def final_loss(self) -> float:
        return float(self.losses[-1]) if len(self.losses) else float("nan")


# ----------------------------------------------------------------------------------
# The lecture's printouts (tuomasvaltanenLUAS/DeepLearning2025), and how it summed them
# ----------------------------------------------------------------------------------

def python312_sum(values) -> float:
    """Python 3.12's built-in sum() of floats, on any Python (10_find_the_bug).

    The lecture's notebooks ran Python 3.12, whose sum() of floats is compensated (Neumaier's
    variant of Kahan summation: the rounding error of every addition is kept in c and added once
    at the end); Python 3.11's sum() adds left to right and can differ in the last digit. Every
    value is taken as a float (the lecture's losses are floats on every run it printed).

        t = total + v
        c += (total - t) + v   if |total| >= |v|   else   (v - t) + total
        total = t
        ... at the end: total + c (if c is finite and not 0)
    """
    total, c = 0.0, 0.0
    for v in real_array("values", values, 1, min_rows=0, finite=False).tolist():
        t = total + v
        c += (total - t) + v if abs(total) >= abs(v) else (v - t) + total
        total = t
    return total + c if c and math.isfinite(c) else total


@dataclass(frozen=True)
class LecturePrint:
    """What one run of the lecture's notebooks printed, as text, and the run that printed it."""

    name: str
    notebook: str             # path in the lecture's repository, and the commits that show these outputs
    commits: str
    start: Params
    lr: float
    epochs: int
    fault: str                # the course's name of its loop (nnmath.core.faults)
    params: tuple[str, ...]   # the final w1..w6, b1..b3 as printed
    losses: dict              # epoch -> the printed loss (text)
    loss_is: str              # what its printed loss is: "mean" (over the epoch) or "last sample"


_TOOL_1 = "lecture6_nn_math1/nn_math_tool_1.ipynb"
_TOOL_2 = "lecture10_nn_math_final/nn_math_tool_2.ipynb"

LECTURE_PRINTS = {p.name: p for p in (
    LecturePrint("tool_1, published", _TOOL_1, "da41807a", LECTURE_START, 0.001, 1000, "the lecture's loop",
                 ("1.9745745043749072", "1.5954037453790957", "0.36455679957598336", "0.28349079054111503",
                  "1.1393290934180376", "0.91732926944733", "-1.1121701201811454", "-0.954870595006538",
                  "3.7281899463832677"),
                 {1: "6.016411571791334", 2: "4.758289558557988", 3: "4.575386340181411", 100: "1.9750467741956024",
                  998: "1.567537230034472", 999: "1.5651291570763952", 1000: "1.5936632873265273"}, "last sample"),
    LecturePrint("tool_1, fixed", _TOOL_1, "59fe336d", LECTURE_START, 0.001, 1000, "the lecture's fixed loop",
                 ("1.461340266381178", "3.2544962799815083", "0.7307692512199653", "-0.3325376066080558",
                  "1.2643695731746016", "1.2660634598232627", "-0.14579422490309718", "-5.087623329949896",
                  "2.24990098382874"),
                 {1: "2.9202228589517034", 2: "2.223003769113283", 146: "2.62684569370042",
                  1000: "2.2374599083062803"}, "last sample"),
    LecturePrint("tool_2", _TOOL_2, "0918294b, d4edc7dd (published), 59fe336d (fixed): the same outputs",
                 LECTURE_START_2, 0.025, 1000, "the lecture's loop",
                 ("-4.572127779972796", "-3.3341779233861617", "-19.622444971941107", "-12.550907376368736",
                  "-50.00537224725678", "-46.492627142827395", "-3.631701772385501", "-3.1435992676123634",
                  "12.282967287497813"),
                 {1: "84.04477548500036", 2: "34.67887701638463", 3: "34.6810770576847", 4: "34.6810972017027",
                  5: "34.681097321215475", 6: "34.68109732192306", 7: "34.68109732192725", 8: "34.681097321927275",
                  1000: "34.681097321927275"}, "mean"),
)}
"""What the lecture's notebooks printed (their saved outputs, in the public repository
tuomasvaltanenLUAS/DeepLearning2025: lecture6_nn_math1/nn_math_tool_1.ipynb and
lecture10_nn_math_final/nn_math_tool_2.ipynb): final parameters and epoch losses. nn_math_tool_1 prints
the LAST SAMPLE's loss of each epoch; nn_math_tool_2 the mean over the epoch, summed by Python 3.12's
sum(). Both versions of nn_math_tool_2 print the same numbers (both hidden nodes die at lr 0.025)."""


@dataclass(frozen=True)
class ExactRow:
    quantity: str
    printed: str        # as the lecture printed it
    computed: float     # the course's number

    @property
    def equal(self) -> bool:
        """Bit for bit: the printed text is the shortest repr of exactly one float, so equal text = equal bits."""
        return float(self.printed) == self.computed and repr(float(self.computed)) == self.printed


class ExactTable:
    """quantity | the lecture printed | the course computes | equal (bit for bit) [| a column beside] (10_find_the_bug)."""

    def __init__(self, title: str, rows, beside=None):
        self.title = validate(title=title)
        self.rows = _exact_rows(rows)
        self.beside = None
        if beside is not None:
            allowed = f"None or (label, one number per row: {len(self.rows)})"
            if not isinstance(beside, (list, tuple)) or len(beside) != 2:
                raise refuse("beside", beside, allowed)
            label = check("beside", beside[0], TITLE)
            values = real_array("beside", beside[1], 1).tolist()
            if len(values) != len(self.rows):
                raise refuse("beside", beside, allowed)
            self.beside = (label, values)

    @property
    def equal(self) -> list[bool]:
        return [row.equal for row in self.rows]

    def __repr__(self) -> str:
        width = max([len(r.quantity) for r in self.rows] + [8])
        extra = f"  {self.beside[0]:>22}" if self.beside else ""
        lines = [self.title, f"{'':{width}}  {'the lecture printed':>22}  {'the course computes':>22}  equal{extra}"]
        for k, r in enumerate(self.rows):
            extra = f"  {repr(self.beside[1][k]):>22}" if self.beside else ""
            lines.append(f"{r.quantity:<{width}}  {r.printed:>22}  {repr(float(r.computed)):>22}  "
                         f"{'yes' if r.equal else 'NO ':<5}{extra}")
        return "\n".join(lines)


def _exact_rows(rows) -> list[ExactRow]:
    """rows: a non-empty list or tuple of ExactRow or (quantity, printed text of a float, computed float)."""
    if not isinstance(rows, (list, tuple)) or not rows:
        raise refuse("rows", rows, "a non-empty list of rows (quantity, printed, computed), e.g. "
                     "[(\"w1\", \"1.5\", 1.5)]")
    checked = []
    for k, row in enumerate(rows):
        if isinstance(row, ExactRow):
            row = (row.quantity, row.printed, row.computed)
        if not isinstance(row, (list, tuple)) or len(row) != 3:
            raise refuse(f"rows[{k}]", row, "a row (quantity, printed, computed)")
        try:
            quantity = check("quantity", row[0], TITLE)
            printed = check("printed", row[1], Text("the printed text of one number, such as '1.5'"))
            computed = check("computed", row[2], Real())
            try:
                float(printed)
            except ValueError:
                raise refuse("printed", printed, "the printed text of one number, such as '1.5'") from None
        except ValueError as error:
            raise ValueError(f"rows[{k}]: {error}") from None
        checked.append(ExactRow(quantity, printed, computed))
    return checked


def exact_table(title: str, rows, beside=None) -> ExactTable:
    """Rows (quantity, printed text, computed float) as an ExactTable; display it as a cell's last value.

    beside: optional (label, one number per row), printed as a last column (e.g. the correct loop's numbers).
    """
    return ExactTable(title, rows, beside)
