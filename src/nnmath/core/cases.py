"""Find the bug (10_find_the_bug): the mystery cases, the gradient check as a table, the symptoms as text.

Each mystery case runs a training loop of `nnmath.core.faults` with one mistake switched
on, from a start and data chosen so that the mistake shows. The tools a student uses:
`check_gradients` (the faulty gradient against finite differences), `analysis.frozen_parameters`
(what never moved), h1 against h2 (are the hidden nodes copies?). `nnmath.fast.diagnose.investigate`
runs a case and collects them.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .checks import NAMES, OneOf, check, check_data
from .data import lecture_data
from .faults import FAULTS, gradient_check
from .gradcheck import relative_error
from .init import LECTURE_START
from .params import Params, check_params
from .runs import Run

# ----------------------------------------------------------------------------------
# The mystery cases
# ----------------------------------------------------------------------------------

LINEAR_START = LECTURE_START.replace(b2=0.25)
"""The lecture start with b2 = 0.25 instead of 0: on the lecture data z2 = (x1 - x2)/2 + b2 is then
never exactly 0 (with b2 = 0 it is, on the 7 samples with x1 = x2, and a finite difference across
that kink disagrees even with a correct gradient). h1 is on for every sample, h2 for 9 of 100:
relu'(z1) != relu'(z2) on 91 samples, so a swapped ReLU index shows."""

RELU_START = LINEAR_START.replace(b3=-7.3)
"""LINEAR_START with b3 = -7.3, for the network with out = relu(z3): z3 < 0 on 48 of the 100
lecture samples, so a forgotten relu'(z3) shows; z3 is never within 0.2 of 0 (no kink)."""

SETUPS = {
    "no update": (LINEAR_START, "linear"),
    "frozen bias": (RELU_START, "relu"),
    "equal start": (LINEAR_START, "linear"),
    "swapped relu index": (LINEAR_START, "linear"),
    "output relu ignored": (RELU_START, "relu"),
}
"""Fault -> (start, output) of its mystery case. Two cases have a ReLU on the output, so the output
alone does not give the answer away."""

CASE_SEED = 10
CASE_LR, CASE_EPOCHS = 4e-4, 100
FLAG_ABOVE = 1e-3
"""A gradient is flagged when its relative error (core.gradcheck) is above this; a correct one is below 1e-6."""

@dataclass(frozen=True)
class Case:
    """One mystery: a letter, the hidden fault, the start and the output node (10_find_the_bug)."""

    letter: str
    fault: str
    start: Params
    output: str

    def __repr__(self) -> str:  # the letter and setup only: printing a case must not reveal it
        return f"Case({self.letter}: output {self.output}, start {self.start})"


def _cases() -> dict[str, Case]:
    faults = list(SETUPS)
    order = np.random.default_rng(CASE_SEED).permutation(len(faults))
    return {letter: Case(letter, faults[k], *SETUPS[faults[k]]) for letter, k in zip("ABCDE", order)}


CASES = _cases()
"""Letter -> Case, in an order shuffled once with seed CASE_SEED (not the order of FAULTS)."""


def case_data():
    """The data every case of 10_find_the_bug trains on: the lecture's 100 samples (nnmath.data.lecture_data)."""
    return lecture_data()


def get_case(case) -> Case:
    """A Case, or the Case of a letter "A".."E" (10_find_the_bug); anything else is a ValueError."""
    if isinstance(case, Case):
        return case
    return CASES[check("case", case, OneOf(tuple(CASES)))]



# ----------------------------------------------------------------------------------
# The tools: gradient check as a table
# ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class CheckRow:
    """One parameter of a gradient check: the loop's gradient, the measured slope, how far apart."""

    name: str
    analytic: float
    numeric: float
    relative_error: float
    flagged: bool


def check_gradients(params: Params, X, y, fault: str = "none", output: str = "linear") -> tuple[CheckRow, ...]:
    """The faulty loop's mean gradient against central differences of the true mean loss (10_find_the_bug).

    numeric = (L(theta + eps) - L(theta - eps)) / (2 eps), eps = 1e-6, one parameter at a time
    (`faults.gradient_check`, the relative error of `core.gradcheck`); flagged above FLAG_ABOVE.
    """
    table = gradient_check(params, X, y, fault, output)
    return tuple(CheckRow(name, a, n, e, e > FLAG_ABOVE) for name, (a, n, e) in table.items())


def check_gradient_function(gradient_function, params: Params, X, y, output: str = "linear") -> tuple[CheckRow, ...]:
    """Check any per-sample gradient code, e.g. one with a bug you planted (10_find_the_bug's exercise).

    gradient_function(params, x1, x2, y) returns (loss, Params of gradients), like
    `reference.loss_and_gradients_one`; its mean over the samples is compared with the
    central differences of the true mean loss, as in `check_gradients`.
    """
    check_params(params)
    X, y = check_data(X, y)
    if not callable(gradient_function):
        raise ValueError(f"gradient_function must be a function (params, x1, x2, y) -> (loss, Params), "
                         f"got {type(gradient_function).__name__}")
    sums = np.zeros(9)
    for (x1, x2), target in zip(X.tolist(), y.tolist()):
        sums += gradient_function(params, x1, x2, target)[1].to_array()
    numeric = np.array([row[1] for row in gradient_check(params, X, y, "none", output).values()])
    analytic = sums / len(y)
    errors = relative_error(analytic, numeric)
    return tuple(CheckRow(name, float(a), float(n), float(e), e > FLAG_ABOVE)
                 for name, a, n, e in zip(NAMES, analytic, numeric, errors))


def format_check(rows) -> str:
    """The gradient check as a table to print, rounded so it repeats on any machine (10_find_the_bug)."""
    lines = [f"{'param':>5} {'analytic':>11} {'finite diff':>11} {'rel. error':>10}  flag"]
    for r in rows:
        lines.append(f"{r.name:>5} {r.analytic:11.6g} {r.numeric:11.6g} {_rounded_error(r.relative_error):>10}"
                     f"  {'<-- WRONG' if r.flagged else ''}")
    return "\n".join(lines)


def _rounded_error(value: float) -> str:
    """Relative errors below 1e-7 are round-off: print them as such, not as digits that vary by machine."""
    return "< 1e-7" if value < 1e-7 else f"{value:.3e}"


# ----------------------------------------------------------------------------------
# What a student looks at for one case
# ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class CaseResult:
    """Everything a student looks at for one case (10_find_the_bug)."""

    case: Case
    lr: float
    epochs: int
    start: Params                 # the start the faulty loop used (for "equal start", not the case's)
    end: Params                   # the faulty loop's final parameters
    losses: np.ndarray            # the faulty loop's loss per epoch, finite epochs only
    diverged_at: int | None       # the faulty loop's first non-finite epoch
    path: np.ndarray              # (epochs run + 1, 9): start, then the end of every epoch
    correct: Run                  # the correct loop from the case's start
    frozen: tuple[str, ...]       # parameters that never moved in the faulty loop
    check: tuple[CheckRow, ...]   # the gradient check at `start`
    h1: np.ndarray                # hidden activations per sample at the end of the faulty run
    h2: np.ndarray

    @property
    def flagged(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.check if r.flagged)

    @property
    def twins(self) -> bool:
        """h1 and h2 equal on every sample: the network has one hidden node, twice."""
        return bool(np.array_equal(self.h1, self.h2))

    @property
    def final_loss(self) -> float:
        return float(self.losses[-1]) if len(self.losses) else float("nan")


def symptoms_text(result: CaseResult) -> str:
    """The symptoms of one case in a few printed lines, rounded to 4 significant digits (10_find_the_bug)."""
    r, c = result, result.correct
    lowest = int(np.argmin(r.losses)) if len(r.losses) else 0
    faulty = (f"diverged at epoch {r.diverged_at}" if r.diverged_at else "no epochs run" if not len(r.losses) else
              f"loss epoch 1 {r.losses[0]:.4g}, epoch {len(r.losses)} {r.final_loss:.4g} "
              f"(lowest {r.losses[lowest]:.4g}, epoch {lowest + 1})")
    correct = (f"diverged at epoch {c.diverged_at}" if c.diverged else "no epochs run" if not c.epochs_run else
               f"loss epoch 1 {c.losses[0]:.4g}, epoch {c.epochs_run} {c.final_loss:.4g}")
    return "\n".join([
        f"case {r.case.letter}: output {r.case.output}, lr {r.lr:.4g}, {r.epochs} epochs on the lecture data",
        f"  faulty loop:  {faulty}",
        f"  correct loop: {correct}",
        f"  parameters that never moved: {', '.join(r.frozen) or 'none'}",
        f"  h1 = h2 on every sample at the end: {'yes' if r.twins else 'no'}",
        f"  gradient check flags: {', '.join(r.flagged) or 'nothing'}",
    ])


def params_text(result: CaseResult) -> str:
    """Start and end of every parameter in the faulty run, and the correct run's end, rounded (10_find_the_bug)."""
    lines = [f"{'param':>5} {'start':>9} {'faulty end':>11} {'correct end':>12}"]
    for name in NAMES:
        a, b, c = getattr(result.start, name), getattr(result.end, name), getattr(result.correct.params, name)
        mark = "  never moved" if name in result.frozen else ""
        lines.append(f"{name:>5} {a:9.4g} {b:11.4g} {c:12.4g}{mark}")
    return "\n".join(lines)
