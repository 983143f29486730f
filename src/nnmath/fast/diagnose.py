"""Run the mystery cases of 10_find_the_bug with the compiled loops; the lecture's loop, row by row and costed.

- `run_case(case)`, `correct_run(case)`: the case's faulty loop and the correct loop from the same
  start at the same lr (Runs with their trajectories), what a student inspects with the tools;
- `investigate(case, lr, epochs)`: both runs and every tool's output at once (the live panel's data);
- `row_losses(...)`: the loss of every sample in one epoch, as the loop computed it before each update
  (the lecture's nn_math_tool_1 printed the last of them; nn_math_tool_2 their mean, summed by Python 3.12);
- `mistake_costs(setups)`: the lecture's two mistakes each alone and together, against the correct loop.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.analysis import frozen_parameters
from ..core.cases import CaseResult, CheckRow, LecturePrint, case_data, check_gradients, get_case, python312_sum
from ..core.checks import MAX_STEPPED_SAMPLES, NAMES, TITLE, check, check_data, check_work, refuse, shown, validate
from ..core.faults import check_fault, faulty_train_reference
from ..core.params import check_params
from ..core.params import Params
from ..core.reference import forward_all, loss, sample_loss
from ..core.runs import Run
from .faulty import faulty_train
from .training import train

_CHECKS: dict = {}


def _check_at_start(case, start: Params, X, y, lr: float = 0.0) -> tuple[CheckRow, ...]:
    """The gradient check at the case's start, of the gradient its loop uses at `lr` (0: the gradient alone)."""
    key = (case.letter, case.fault, start, case.output, lr)  # computed once per case and rate, reused
    if key not in _CHECKS:
        if len(_CHECKS) > 256:  # a slider visits many rates: keep the memory bounded
            _CHECKS.clear()
        _CHECKS[key] = check_gradients(start, X, y, case.fault, case.output, lr=lr)
    return _CHECKS[key]


def run_case(case, lr: float | None = None, epochs: int | None = None) -> Run:
    """A case's faulty loop on the lecture's data, with its trajectory (10_find_the_bug).

    lr, epochs: the case's own unless given. `run.trajectory` is what analysis.frozen_parameters reads.
    """
    case = get_case(case)
    X, y = case_data()
    return faulty_train(case.start, X, y, case.lr if lr is None else lr, case.epochs if epochs is None else epochs,
                        case.fault, case.output)


def correct_run(case, lr: float | None = None, epochs: int | None = None) -> Run:
    """The correct loop (nnmath.train, online, data order) from a case's start, at its lr, with its trajectory."""
    case = get_case(case)
    X, y = case_data()
    return train(case.start, X, y, case.lr if lr is None else lr, case.epochs if epochs is None else epochs,
                 output=case.output, record=True)


def investigate(case, lr: float | None = None, epochs: int | None = None, fast: bool = True,
                check_at_lr: bool = False) -> CaseResult:
    """Run a case's faulty loop and the correct loop; collect every tool's output (the live panel's data).

    lr, epochs: the case's own unless given. fast=False runs the readable
    `faults.faulty_train_reference` (slow); the numbers are the same. check_at_lr: the gradient check
    of the gradient the loop uses at this lr (case G's update order shows only then), not at lr 0.
    """
    case = get_case(case)
    fast, check_at_lr = validate(fast=fast, check_at_lr=check_at_lr)
    lr = case.lr if lr is None else lr
    epochs = case.epochs if epochs is None else epochs
    X, y = case_data()
    trainer = faulty_train if fast else faulty_train_reference
    run = trainer(case.start, X, y, lr, epochs, case.fault, case.output)
    f = forward_all(run.params, X, case.output)
    return CaseResult(case, float(lr), int(epochs), run.start, run.params, run.losses, run.diverged_at, run.trajectory,
                      train(case.start, X, y, lr, epochs, output=case.output),
                      frozen_parameters(run.trajectory),
                      _check_at_start(case, run.start, X, y, validate(lr=lr) if check_at_lr else 0.0), f.h1, f.h2)


# ----------------------------------------------------------------------------------
# The lecture's loop, sample by sample
# ----------------------------------------------------------------------------------

def row_losses(start: Params, X, y, lr: float, epoch: int, fault: str = "the lecture's loop",
               output: str = "relu") -> list[float]:
    """The loss of every sample in one epoch (counted from 1), each computed before that sample's update.

    The loop is `nnmath.faulty_train`: epoch - 1 whole epochs, then one sample at a time (a one-sample
    run from the parameters so far is exactly the loop's next step). The loss of a sample is
    `nnmath.sample_loss` with the same output, the number the loop adds to its epoch total. Their mean
    is the loop's epoch loss; nn_math_tool_1 printed the last one, nn_math_tool_2 their mean taken with
    Python 3.12's sum() (core.cases.python312_sum).
    """
    kind = check_fault(fault)
    if kind.equal_start:
        raise ValueError("fault 'equal start' changes the start of every run: row_losses cannot step it one "
                         "sample at a time; use it with another fault")
    check_params(start, "start")
    X, y = check_data(X, y, max_rows=MAX_STEPPED_SAMPLES)
    lr, epoch, output = validate(lr=lr, epoch=epoch, output=output)
    check_work(len(y), epoch, epochs_name="epoch")
    p = start
    if epoch > 1:
        run = faulty_train(start, X, y, lr, epoch - 1, fault, output)
        if run.diverged:
            raise _runs_away(lr, f"in epoch {run.diverged_at}")
        p = run.params
    found = []
    for i in range(len(y)):
        found.append(float(sample_loss(p, float(X[i, 0]), float(X[i, 1]), float(y[i]), output)))
        run = faulty_train(p, X[i:i + 1], y[i:i + 1], lr, 1, fault, output)
        if run.diverged:
            raise _runs_away(lr, f"at sample {i + 1} of epoch {epoch}")
        p = run.params
    return found


def _runs_away(lr, where: str) -> ValueError:
    return refuse("lr", lr, f"a rate at which the loop stays within 1e100 on these X, y (at this one it diverged "
                  f"{where}); use a smaller lr or smaller data")


def lecture_numbers(printed: LecturePrint, fault: str | None = None) -> list[tuple[str, str, float]]:
    """(quantity, what the lecture printed, what the course computes) for one printed run (10_find_the_bug).

    The course runs the same start, lr and epochs on the lecture's data with `nnmath.faulty_train` and
    the loop's fault (or `fault`, e.g. "none" for the correct loop beside it): the final w1..b3, then
    each printed epoch's loss the way that notebook printed it: the last sample's loss (nn_math_tool_1)
    or the mean over the epoch summed as Python 3.12 sums (nn_math_tool_2; core.cases.python312_sum).
    """
    if not isinstance(printed, LecturePrint):
        raise refuse("printed", printed, "one of LECTURE_PRINTS' values, e.g. LECTURE_PRINTS['tool_2']")
    fault = printed.fault if fault is None else validate(fault=fault)
    X, y = case_data()
    run = faulty_train(printed.start, X, y, printed.lr, printed.epochs, fault, "relu")
    rows = [(name, text, value) for name, text, value in zip(NAMES, printed.params, run.params.values)]
    for epoch, text in printed.losses.items():
        losses = row_losses(printed.start, X, y, printed.lr, epoch, fault, "relu")
        value = losses[-1] if printed.loss_is == "last sample" else python312_sum(losses) / len(losses)
        rows.append((f"loss, epoch {epoch}", text, value))
    return rows


# ----------------------------------------------------------------------------------
# What each of the lecture's mistakes costs
# ----------------------------------------------------------------------------------

COST_LOOPS = {
    "both (the lecture's loop)": "the lecture's loop",
    "node 2 gate alone": "node 2 gated by relu'(z1)",
    "output relu' alone (fixed loop)": "the lecture's fixed loop",
    "correct": "none",
}
"""Column -> fault: the lecture's two mistakes together, each alone, and neither (all with out = relu(z3))."""


@dataclass(frozen=True)
class CostTable:
    """Per setup and loop: the last epoch's mean loss (what the lecture printed) and the loss of the final
    parameters (nnmath.loss with out = relu(z3)) (10_find_the_bug)."""

    setups: tuple[str, ...]
    loops: tuple[str, ...]
    printed: dict                 # (setup, loop) -> last epoch's mean loss
    final: dict                   # (setup, loop) -> loss of the final parameters
    params: dict                  # (setup, loop) -> final Params

    def __repr__(self) -> str:
        width = max(len(loop) for loop in self.loops)
        cells = {s: max(len(s), 17) for s in self.setups}
        lines = ["loss of the final parameters / last epoch's mean loss (the lecture's data, out = relu(z3))",
                 f"{'loop':<{width}}  " + "  ".join(f"{s:>{cells[s]}}" for s in self.setups)]
        for loop in self.loops:
            lines.append(f"{loop:<{width}}  " + "  ".join(
                f"{f'{self.final[s, loop]:.4f} / {self.printed[s, loop]:.4f}':>{cells[s]}}" for s in self.setups))
        return "\n".join(lines)


def mistake_costs(setups: dict, loops: dict = COST_LOOPS) -> CostTable:
    """Run every loop on every setup: setups is name -> (start, lr, epochs), on the lecture's data (10_find_the_bug).

    loops: column -> fault (the course's names of nnmath.core.faults), COST_LOOPS by default.
    """
    setups, loops = _setups(setups), _loops(loops)
    X, y = case_data()
    check_work(len(y), sum(epochs for _, _, epochs in setups.values()), len(loops),
               epochs_name="epochs of all setups")
    printed, final, params = {}, {}, {}
    for s, (start, lr, epochs) in setups.items():
        for column, fault in loops.items():
            run = faulty_train(start, X, y, lr, epochs, fault, "relu")
            if run.diverged:
                raise ValueError(f"setups[{s!r}] must keep every loop within 1e100: loop {column!r} diverged at epoch "
                                 f"{run.diverged_at} (lr {lr:g}); use a smaller lr")
            printed[s, column], final[s, column] = run.final_loss, float(loss(run.params, X, y, "relu"))
            params[s, column] = run.params
    return CostTable(tuple(setups), tuple(loops), printed, final, params)


def _setups(setups) -> dict:
    """name -> (start, lr, epochs), each checked by the course's rules."""
    allowed = "a dict name -> (start, lr, epochs), e.g. {'tool_1': (LECTURE_START, 0.001, 1000)}"
    if not isinstance(setups, dict) or not setups:
        raise refuse("setups", setups, allowed)
    checked = {}
    for name, setup in setups.items():
        if not isinstance(setup, (list, tuple)) or len(setup) != 3:
            raise refuse("setups", setups, f"{allowed}; {shown(name)} holds {shown(setup)}")
        try:
            name = check("name", name, TITLE)
            checked[name] = (check_params(setup[0], "start"), validate(lr=setup[1]), validate(epochs=setup[2]))
        except ValueError as error:
            raise ValueError(f"setups[{shown(name)}]: {error}") from None
    return checked


def _loops(loops) -> dict:
    """column -> fault, each fault one of the course's names."""
    if not isinstance(loops, dict) or not loops:
        raise refuse("loops", loops, "a dict column -> fault, e.g. {'correct': 'none', 'sign': 'sign flip'}")
    try:
        return {check("column", column, TITLE): validate(fault=fault) for column, fault in loops.items()}
    except ValueError as error:
        raise ValueError(f"loops: {error}") from None


__all__ = ["run_case", "correct_run", "investigate", "row_losses", "lecture_numbers", "mistake_costs", "CostTable", "COST_LOOPS"]
