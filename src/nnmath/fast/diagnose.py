"""Run a mystery case of 10_find_the_bug with the compiled loops and collect every symptom."""
from __future__ import annotations

import numpy as np

from ..core.analysis import frozen_parameters
from ..core.cases import CASE_EPOCHS, CASE_LR, Case, CaseResult, CheckRow, case_data, check_gradients, get_case
from ..core.faults import faulty_train_reference
from ..core.checks import validate
from ..core.params import Params
from ..core.reference import forward_all
from .faulty import faulty_train
from .training import train

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
    case = get_case(case)
    fast = validate(fast=fast)
    X, y = case_data()
    trainer = faulty_train if fast else faulty_train_reference
    run = trainer(case.start, X, y, lr, epochs, case.fault, case.output)
    f = forward_all(run.params, X, case.output)
    return CaseResult(case, float(lr), int(epochs), run.start, run.params, run.losses, run.diverged_at, run.trajectory,
                      train(case.start, X, y, lr, epochs, output=case.output),
                      frozen_parameters(run.trajectory), _check_at_start(case, run.start, X, y), f.h1, f.h2)


