"""Find the bug (10_find_the_bug): five mystery cases, the symptoms a student looks at, and a live panel.

Each mystery case runs the training loop of `nnmath.faults` with one mistake switched
on, from a start and data chosen so that the mistake shows. What a student gets:

* `investigate(case)`: the faulty run against the correct one, the parameters that never
  moved, whether h1 and h2 are copies of each other, and the gradient check at the start.
* `check_gradients`: the faulty analytic gradient against central finite differences of
  the true loss, with a relative error per parameter and a flag.
* `fault_diff(fault)`: the one edited line of the correct code, as a unified diff.
* `CaseView`: one figure per case (loss curves, gradient-check errors, h1 against h2),
  drawn in place; `bug_panel()`: the live panel built on it.
* `faulty_train_fast`: `faults.faulty_train` compiled with numba, the same arithmetic in the
  same order (tests prove the numbers identical), so the panel can retrain on every change.
"""
from __future__ import annotations

import difflib
import html
import inspect
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import NullLocator
from numba import njit

from . import reference
from .data import lecture_data
from .faults import FAULTS, check_fault, gradient_check
from .init import LECTURE_START
from .panel import STYLE, LivePanel, epochs_slider, live_figure, lr_slider
from .params import NAMES, Params, check_params
from .plots import LossCurvePlot, fixed_layout
from .reference import check_output, forward
from .training import Run, train
from .validate import check_data, check_epochs, check_lr

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
FLAG_ABOVE = 1e-4
"""A gradient is flagged when its relative error is above this (a correct one here: below 1e-7)."""

FAULT_CODES = {name: code for code, name in enumerate(FAULTS)}


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
    if case not in CASES:
        raise ValueError(f"case must be one of {tuple(CASES)}, got {case!r}")
    return CASES[case]


# ----------------------------------------------------------------------------------
# The faulty loop, compiled
# ----------------------------------------------------------------------------------

@njit(cache=True)
def _faulty_epochs(p, X, y, lr, epochs, fault, relu_out, losses, path):
    """faults.faulty_train's loop, line for line; returns the number of epochs run.

    fault codes are FAULT_CODES: 1 no update, 2 frozen bias, 4 swapped relu index,
    5 output relu ignored (0 none and 3 equal start change nothing inside the loop).
    """
    n = y.shape[0]
    path[0, :] = p
    g = np.empty(9)
    for e in range(epochs):
        total = 0.0
        for i in range(n):
            x1, x2 = X[i, 0], X[i, 1]
            z1 = x1 * p[0] + x2 * p[2] + p[6]
            h1 = z1 if z1 > 0.0 else 0.0
            z2 = x1 * p[1] + x2 * p[3] + p[7]
            h2 = z2 if z2 > 0.0 else 0.0
            z3 = h1 * p[4] + h2 * p[5] + p[8]
            out = (z3 if z3 > 0.0 else 0.0) if relu_out else z3
            error = out - y[i]
            d_out = 2.0 * error
            if relu_out and fault != 5:
                d_z3 = d_out * (1.0 if z3 > 0.0 else 0.0)
            else:
                d_z3 = d_out
            gate1 = 1.0 if z1 > 0.0 else 0.0
            gate2 = 1.0 if z2 > 0.0 else 0.0
            if fault == 4:
                gate1, gate2 = gate2, gate1
            d_z1 = d_z3 * p[4] * gate1
            d_z2 = d_z3 * p[5] * gate2
            g[0], g[1], g[2], g[3] = d_z1 * x1, d_z2 * x1, d_z1 * x2, d_z2 * x2
            g[4], g[5], g[6], g[7], g[8] = d_z3 * h1, d_z3 * h2, d_z1, d_z2, d_z3
            total += error * error
            if fault != 1:
                for k in range(9):
                    if not (fault == 2 and k == 6):
                        p[k] = p[k] - lr * g[k]
        losses[e] = total / n
        path[e + 1, :] = p
        finite = np.isfinite(losses[e])
        for k in range(9):
            finite = finite and np.isfinite(p[k])
        if not finite:
            return e + 1
    return epochs


def faulty_train_fast(params: Params, X, y, lr: float, epochs: int, fault: str = "none", output: str = "linear"):
    """`faults.faulty_train`, compiled: the same (final Params, losses, trajectory), number for number.

    The live panel of 10_find_the_bug retrains on every slider move; the readable loop in
    `faults.py` takes about 3 ms per epoch of 100 samples, this one a few microseconds.
    """
    check_params(params)
    X, y = check_data(X, y)
    lr, epochs = check_lr(lr), check_epochs(epochs)
    check_fault(fault)
    check_output(output)
    if fault == "equal start":
        params = Params(*[float(np.mean(params.to_array()))] * 9)
    losses, path = np.empty(epochs), np.empty((epochs + 1, 9))
    ran = _faulty_epochs(params.to_array(), np.ascontiguousarray(X), np.ascontiguousarray(y), lr, epochs,
                         FAULT_CODES[fault], output == "relu", losses, path)
    return Params.from_array(path[ran]), losses[:ran].copy(), path[:ran + 1].copy()


# ----------------------------------------------------------------------------------
# The tools: gradient check, frozen parameters, twins
# ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class CheckRow:
    """One parameter of a gradient check: the loop's gradient, the measured slope, how far apart."""

    name: str
    analytic: float
    numeric: float
    relative_error: float
    flagged: bool


def relative_error(analytic: float, numeric: float) -> float:
    """|a - n| / max(|a|, |n|), and 0 when both are below 1e-8 (a gradient of 0 measured as 0) (10_find_the_bug)."""
    scale = max(abs(analytic), abs(numeric))
    return 0.0 if scale < 1e-8 else abs(analytic - numeric) / scale


def check_gradients(params: Params, X, y, fault: str = "none", output: str = "linear") -> tuple[CheckRow, ...]:
    """The faulty loop's mean gradient against central differences of the true mean loss (10_find_the_bug).

    numeric = (L(theta + eps) - L(theta - eps)) / (2 eps), eps = 1e-6, one parameter at a time
    (`faults.gradient_check`); flagged when the relative error is above FLAG_ABOVE.
    """
    table = gradient_check(params, X, y, fault, output)
    return _rows([table[name][0] for name in NAMES], [table[name][1] for name in NAMES])


def check_gradient_function(gradient_function, params: Params, X, y, output: str = "linear") -> tuple[CheckRow, ...]:
    """Check any per-sample gradient code, e.g. one with a bug you planted (10_find_the_bug's exercise).

    gradient_function(params, x1, x2, y) returns (loss, Params of gradients), like
    `reference.loss_and_gradients_one`; its mean over the samples is compared with the
    central differences of the true mean loss, as in `check_gradients`.
    """
    check_params(params)
    X, y = check_data(X, y)
    sums = np.zeros(9)
    for (x1, x2), target in zip(X.tolist(), y.tolist()):
        sums += gradient_function(params, x1, x2, target)[1].to_array()
    numeric = gradient_check(params, X, y, "none", output)
    return _rows(sums / len(y), [numeric[name][1] for name in NAMES])


def _rows(analytic, numeric) -> tuple[CheckRow, ...]:
    rows = []
    for name, a, n in zip(NAMES, analytic, numeric):
        error = relative_error(float(a), float(n))
        rows.append(CheckRow(name, float(a), float(n), error, error > FLAG_ABOVE))
    return tuple(rows)


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


def frozen_parameters(path) -> tuple[str, ...]:
    """Names whose value never changed in any epoch of a trajectory (rows: start, end of epoch 1, ...) (10)."""
    path = np.asarray(path, dtype=np.float64)
    return tuple(name for k, name in enumerate(NAMES) if np.all(path[:, k] == path[0, k]))


# ----------------------------------------------------------------------------------
# The code and its edits
# ----------------------------------------------------------------------------------

CORRECT_LOOP = """\
params = start
for epoch in range(epochs):
    total = 0.0
    for (x1, x2), y in zip(X, Y):
        loss_i, grads = loss_and_gradients_one(params, x1, x2, y, output)
        total += loss_i
        params = step(params, grads, lr)
    losses.append(total / len(Y))
"""
"""The training loop as notebook 04 writes it: forward and backward per sample, then the update."""

EDITS = {
    "no update": ("loop", [("        params = step(params, grads, lr)\n", "")]),
    "frozen bias": ("step", [
        ("    return Params(*(getattr(p, name) - lr * getattr(grads, name) for name in NAMES))\n",
         "    return Params(*(getattr(p, name) - lr * getattr(grads, name) if name != \"b1\" else p.b1\n"
         "                    for name in NAMES))\n")]),
    "equal start": ("loop", [("params = start\n",
                              "params = Params(*[np.mean(start.to_array())] * 9)   # every value the same\n")]),
    "swapped relu index": ("gradients", [
        ("    d_z1 = d_z3 * p.w5 * relu_prime(f.z1)", "    d_z1 = d_z3 * p.w5 * relu_prime(f.z2)"),
        ("    d_z2 = d_z3 * p.w6 * relu_prime(f.z2)", "    d_z2 = d_z3 * p.w6 * relu_prime(f.z1)")]),
    "output relu ignored": ("gradients", [
        ("    d_z3 = d_out * relu_prime(f.z3) if output == \"relu\" else d_out   # out = relu(z3) needs relu'(z3)\n",
         "    d_z3 = d_out                                      # out = relu(z3), but relu'(z3) left out\n")]),
}
"""Fault -> (which code, [(correct line, edited line)]): the student's edit, written into the correct code."""


def correct_code(part: str) -> str:
    """The correct code a fault edits (10_find_the_bug): "loop" (CORRECT_LOOP), "gradients" or "step" (reference.py)."""
    sources = {"loop": CORRECT_LOOP,
               "gradients": inspect.getsource(reference.loss_and_gradients_one),
               "step": inspect.getsource(reference.step)}
    if part not in sources:
        raise ValueError(f"part must be one of {tuple(sources)}, got {part!r}")
    return sources[part]


def fault_diff(fault: str) -> str:
    """The fault as a unified diff of the correct code: '-' the correct line, '+' what the student wrote (10)."""
    check_fault(fault)
    if fault == "none":
        return ""
    part, edits = EDITS[fault]
    before = correct_code(part)
    after = before
    for old, new in edits:
        if old not in after:  # reference.py changed: the edit must be written again
            raise ValueError(f"the line {old.strip()!r} is not in the correct code of {part!r}")
        after = after.replace(old, new, 1)
    diff = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                f"correct {part}", f"with the fault {fault!r}", n=1)
    return "".join(diff)


# ----------------------------------------------------------------------------------
# Investigating a case
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


_CHECKS: dict = {}


def _check_at_start(case: Case, start: Params, X, y) -> tuple[CheckRow, ...]:
    key = (case.letter, case.fault, start, case.output)  # fixed per case: computed once, reused
    if key not in _CHECKS:
        _CHECKS[key] = check_gradients(start, X, y, case.fault, case.output)
    return _CHECKS[key]


def investigate(case, lr: float = CASE_LR, epochs: int = CASE_EPOCHS, fast: bool = True) -> CaseResult:
    """Run a mystery case's faulty loop and the correct loop; collect every symptom (10_find_the_bug).

    fast=False runs the readable `faults.faulty_train` (slow); the numbers are the same.
    """
    from .faults import faulty_train

    case = get_case(case)
    X, y = case_data()
    trainer = faulty_train_fast if fast else faulty_train
    end, losses, path = trainer(case.start, X, y, lr, epochs, case.fault, case.output)
    diverged_at = None
    if len(losses) and not (np.isfinite(losses[-1]) and np.all(np.isfinite(path[-1]))):
        diverged_at = len(losses)
        losses = losses[:-1]
    start = Params.from_array(path[0])
    with np.errstate(all="ignore"):  # a diverged run's activations may be inf: shown as such
        f = forward(end, X[:, 0], X[:, 1], case.output)
    return CaseResult(case, lr, int(epochs), start, end, losses, diverged_at, path,
                      train(case.start, X, y, lr, epochs, output=case.output),
                      frozen_parameters(path), _check_at_start(case, start, X, y), f.h1, f.h2)


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


# ----------------------------------------------------------------------------------
# The figure
# ----------------------------------------------------------------------------------

ERROR_FLOOR = 1e-12
FLAG_COLOR, OK_COLOR = "#c0392b", "#2c7fb8"


class CaseView:
    """Loss curves (faulty against correct), gradient-check errors per parameter, h1 against h2.

    Made once on three axes; `update(result)` moves every artist in place (10_find_the_bug).
    """

    def __init__(self, axes):
        loss_ax, check_ax, hidden_ax = axes
        self.loss_plot = LossCurvePlot(loss_ax, labels=("faulty loop", "correct loop"),
                                       title="Loss (dashed: correct loop)")
        self.loss_plot.lines[1].set(color="grey", ls="--")
        loss_ax.get_legend().remove()  # the title says which is which: a legend would hide a flat line
        positions = np.arange(9)
        self.bars = check_ax.bar(positions, np.full(9, ERROR_FLOOR), bottom=ERROR_FLOOR, color=OK_COLOR)
        check_ax.set_yscale("log")
        check_ax.set_ylim(ERROR_FLOOR, 10)
        check_ax.set_yticks([1e-12, 1e-8, 1e-4, 1])  # few labels: each one costs a redraw
        check_ax.yaxis.set_minor_locator(NullLocator())
        check_ax.set_xticks(positions, NAMES)
        check_ax.axhline(FLAG_ABOVE, color=FLAG_COLOR, ls="--", lw=1)
        fixed_layout(check_ax, "Gradient check at the start", f"red: flagged (dashed line {FLAG_ABOVE:g})",
                     "relative error")
        self.check_ax = check_ax
        self.points = hidden_ax.scatter([], [], s=12, alpha=0.6, color=OK_COLOR)
        (self.diagonal,) = hidden_ax.plot([0, 1], [0, 1], color="grey", ls="--", lw=1)
        fixed_layout(hidden_ax, "h1 against h2, at the end", "h1", "h2 (dashed: h2 = h1)", ylabel_offset=30)
        self.hidden_ax = hidden_ax

    def update(self, result: CaseResult):
        self.loss_plot.update([result.losses, result.correct.losses],
                              [result.diverged_at, result.correct.diverged_at])
        for bar, row in zip(self.bars, result.check):
            bar.set_height(max(row.relative_error, ERROR_FLOOR))
            bar.set_color(FLAG_COLOR if row.flagged else OK_COLOR)
        h1, h2 = result.h1, result.h2
        shown = np.isfinite(h1) & np.isfinite(h2)
        self.points.set_offsets(np.column_stack([h1[shown], h2[shown]]))
        high = max(float(np.max(h1[shown], initial=0.0)), float(np.max(h2[shown], initial=0.0)), 1.0) * 1.05
        self.diagonal.set_data([0, high], [0, high])
        self.hidden_ax.set_xlim(-0.05 * high, high)
        self.hidden_ax.set_ylim(-0.05 * high, high)


def show_case(result: CaseResult, figsize=(11.0, 3.3)):
    """A static figure of one case for a notebook cell (pyplot, inline backend) (10_find_the_bug)."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=figsize)
    fig.subplots_adjust(left=0.07, right=0.99, bottom=0.17, top=0.88, wspace=0.38)
    CaseView(axes).update(result)
    axes[0].set_title(f"Case {result.case.letter}: loss (dashed: correct loop)", y=1.0)
    return fig


# ----------------------------------------------------------------------------------
# The live panel
# ----------------------------------------------------------------------------------

def status_html(result: CaseResult, reveal: bool = False) -> str:
    """The panel's status (10_find_the_bug): the symptoms; the fault's name, meaning and edit only with `reveal`."""
    r = result
    faulty = (f'<b style="color:{FLAG_COLOR}">diverged at epoch {r.diverged_at}</b>' if r.diverged_at
              else f"final loss <b>{r.final_loss:.4g}</b>")
    correct = (f"diverged at epoch {r.correct.diverged_at}" if r.correct.diverged
               else f"{r.correct.final_loss:.4g}")
    parts = [
        f"<div>Case {r.case.letter} (output {r.case.output}): faulty loop {faulty} after {r.epochs} epochs; "
        f"correct loop {correct}</div>",
        f"<div>parameters that never moved: <b>{', '.join(r.frozen) or 'none'}</b>; "
        f"h1 = h2 on every sample: <b>{'yes' if r.twins else 'no'}</b>; "
        f"gradient check flags: <b>{', '.join(r.flagged) or 'nothing'}</b></div>",
    ]
    if reveal:
        fault = r.case.fault
        parts.append(f'<div class="nnmath-reveal">The bug: <b>{html.escape(fault)}</b>: '
                     f"{html.escape(FAULTS[fault], quote=False)}"
                     f"<pre>{html.escape(fault_diff(fault), quote=False)}</pre></div>")
    return "".join(parts)


def bug_panel(case: str = "A", lr: float = CASE_LR, epochs: int = CASE_EPOCHS, reveal: bool = False,
              max_epochs: int = 1000) -> LivePanel:
    """Pick a mystery case, move lr and epochs, and look at the symptoms; tick reveal for the answer (10).

    The faulty loop is the compiled copy of `faults.faulty_train`; the correct one is `nnmath.train`.
    """
    get_case(case)
    controls = {
        "case": widgets.Dropdown(options=[(f"case {k}", k) for k in CASES], value=case, description="mystery",
                                 style=STYLE),
        "lr": lr_slider(lr, min_exp=-5, max_exp=-2),
        "epochs": epochs_slider(epochs, maximum=max_epochs, step=10),
        "reveal": widgets.Checkbox(value=reveal, description="reveal the answer", style=STYLE, indent=False),
    }
    controls["epochs"].min = 10
    figure, axes = live_figure(9.6, 3.3, ncols=3)  # fits a JupyterLab output area beside an open sidebar
    view = CaseView(axes)

    def compute(case, lr, epochs, reveal):
        return investigate(case, lr, epochs), reveal

    def draw(computed):
        result, reveal = computed
        view.update(result)
        return status_html(result, reveal)

    return LivePanel(controls, compute, draw, figure, layout_columns=2)
