"""What 05_learning_rate computes beside training: report A's figures, the stall of tiny rates, the overshoot test.

NumPy only; every number about the network comes from the reference (`forward_all`, `loss`).
Training itself (`nnmath.faulty_train`, `nnmath.sweep`) is called by the notebook.

- Report A (the students' learning-rate sweep) ran "the lecture's fixed loop" with a ReLU on the output:
  `nnmath.faulty_train(start, X, y, lr, epochs, *STUDENTS_LOOP)`, on the lecture's data from the tool-2 start.
- The stall near 3.384: `on_counts` says on how many samples each hidden node is on; `pattern_bound` is the
  lowest mean squared error ANY parameters can reach while every sample keeps the same on/off pattern
  (least squares), so a run that sits at it has reached the bottom of its region.
- lr 1e-7 for 1,000,000 epochs takes seconds: `load_long_run` reads the committed result
  (data/lr_1e-7_million_epochs.json, made by data/make_long_run.py; tests/test_lr_study.py recomputes
  its first 20,000 epochs and requires the same numbers bit for bit).
- The overshoot test (report B: "a larger rate overshoots a local minimum and finds a better one"):
  `valleys` sorts end points by the loss of their final parameters, `restart_odds` is the chance that
  k independent restarts find the best valley at least once.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .checks import (MAX_JSON_BYTES, MAX_PATH_WORK, MAX_SAMPLES, MAX_STEPS, MAX_STORED, PROBABILITY, check, check_data, check_work,
                     real_array, refuse, shown, validate)
from .params import Params, check_params
from .reference import forward_all, loss, within_limits

REPORT_A_RATES = (0.025, 0.001, 0.0004, 0.00039, 0.0001, 1e-5, 1e-6, 1e-7)
"""The eight learning rates of report A, in the report's order (05_learning_rate)."""

STUDENTS_LOOP = ("the lecture's fixed loop", "relu")
"""`faulty_train`'s fault and output for the loop the students ran: a ReLU on the output in the forward pass,
every gradient with 2 (z3 - y); its parameters equal the linear network's bit for bit."""

LONG_RUN_FILE = Path(__file__).resolve().parents[3] / "data" / "lr_1e-7_million_epochs.json"


def on_counts(params: Params, X) -> tuple[int, int]:
    """On how many samples h1 and h2 are on (z > 0) (05_learning_rate)."""
    f = forward_all(check_params(params), X)
    return int(np.sum(f.z1 > 0)), int(np.sum(f.z2 > 0))


def pattern_features(params: Params, X) -> np.ndarray:
    """The columns a network with params' on/off pattern is a linear combination of (05_learning_rate).

    With each sample's pattern fixed, out = b3 + sum over the on nodes of w_out * (w_a x1 + w_b x2 + b): per
    node k the columns s_k x1, s_k x2, s_k (s_k = 1 where node k is on), plus a column of ones for b3.
    """
    X = real_array("X", X, 2, 2)
    f = forward_all(check_params(params), X)
    columns = [np.ones(len(X))]
    for on in (f.z1 > 0, f.z2 > 0):
        if on.any():
            s = on.astype(np.float64)
            columns += [s * X[:, 0], s * X[:, 1], s]
    return np.column_stack(columns)


def least_squares_mse(F, y) -> float:
    """The lowest mean of (F c - y)**2 over all coefficient vectors c (F: one row per sample, one column per feature)."""
    F, y = check_data(F, y, columns=None, names=("F", "y"))
    with np.errstate(over="ignore", invalid="ignore"):
        coefficients = np.linalg.lstsq(F, y, rcond=None)[0]
        value = float(np.mean((F @ coefficients - y) ** 2))
    if not np.isfinite(value):
        raise ValueError("the least-squares fit of y on F overflows (beyond the float range); allowed: F and y "
                         "whose fit stays finite (scale them)")
    return value


def pattern_bound(params: Params, X, y) -> float:
    """The lowest loss any parameters can reach with params' on/off pattern on every sample (05_learning_rate).

    A lower bound: least squares over `pattern_features` also allows coefficients whose hinges would move.
    """
    X, y = check_data(X, y)
    return least_squares_mse(pattern_features(params, X), y)


def plane_bound(X, y) -> float:
    """The loss of the best plane a x1 + b x2 + c (least squares): both nodes on everywhere, or one dead."""
    X, y = check_data(X, y)
    return least_squares_mse(np.column_stack([np.ones(len(X)), X]), y)


def any_function_floor(X, y) -> float:
    """The lowest loss ANY function of (x1, x2) reaches on these samples: each repeated input predicted by the mean
    of its targets, leaving the spread within the repeats (05_learning_rate; 1.5148 on the lecture's data)."""
    X, y = check_data(X, y)
    _, group = np.unique(X, axis=0, return_inverse=True)
    group = np.ravel(group)
    means = np.bincount(group, y) / np.bincount(group)
    return float(np.mean((y - means[group]) ** 2))


def _curve(losses) -> np.ndarray:
    """A curve of losses: real numbers, NaN and infinity allowed (a diverged run's), as many as a run may keep."""
    return real_array("losses", losses, 1, min_rows=0, max_rows=MAX_STORED, finite=False)


def first_epoch_below(losses, level: float) -> int | None:
    """The first epoch (counted from 1) whose epoch loss is below level, or None (05_learning_rate, 08_data).

    level: any real number; no epoch is below NaN (08 asks that of a run that diverged).
    """
    losses, level = _curve(losses), validate(level=level)
    below = np.flatnonzero(losses < level)
    return int(below[0]) + 1 if below.size else None


def final_losses(params_rows, X, y, output: str = "linear") -> np.ndarray:
    """The loss of each row's final parameters (rows of nine, e.g. a sweep's `params`); NaN for non-finite rows.

    params_rows: an array whose last axis holds w1..b3 (a trajectory (k, 9), a sweep's (starts, rates, 9), one
    row (9,)); the result has the other axes. A row that ran away (NaN, inf, beyond 1e100, or a loss beyond the
    float range) gives NaN.
    """
    rows = real_array("params_rows", params_rows, None, finite=False, max_rows=MAX_STEPS)
    if rows.ndim == 0 or rows.shape[-1] != 9:
        raise refuse("params_rows", params_rows, "rows of nine parameters w1..b3: an array whose last axis has 9 "
                     "values, such as a run's trajectory or a sweep's params")
    X, y = check_data(X, y)
    output = validate(output=output)
    flat = rows.reshape(-1, 9)
    if len(flat) > MAX_STEPS:
        raise ValueError(f"params_rows must hold at most {MAX_STEPS:,} rows of nine, got {len(flat):,}")
    check_work(len(y), len(flat), limit=MAX_PATH_WORK, meaning="a few seconds of NumPy", epochs_name="params_rows")
    return np.array([_loss_or_nan(p, X, y, output) for p in flat.tolist()]).reshape(rows.shape[:-1])


def _loss_or_nan(values, X, y, output) -> float:
    if not within_limits(values):
        return np.nan
    try:
        return loss(Params(*values), X, y, output)
    except ValueError:  # the loss overflows the float range: this row ran away too
        return np.nan


def valleys(losses, tolerance: float = 0.05) -> list[tuple[float, int]]:
    """End points grouped by their final loss: (lowest loss of the group, how many), lowest group first.

    Losses within `tolerance` of the group's lowest count as the same valley; NaN and infinity are left out.
    """
    losses = real_array("losses", losses, 1, min_rows=0, max_rows=MAX_SAMPLES, finite=False)  # end points: a Python loop
    tolerance = validate(tolerance=tolerance)
    values = np.sort(losses[np.isfinite(losses)])
    groups: list[list[float]] = []
    for v in values:
        if groups and v - groups[-1][0] <= tolerance:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [(g[0], len(g)) for g in groups]


def restart_odds(p: float, restarts: int) -> float:
    """The chance that at least one of `restarts` independent starts succeeds when each does with chance p."""
    p, restarts = check("p", p, PROBABILITY), validate(restarts=restarts)
    return 1.0 - (1.0 - p) ** restarts


@dataclass(frozen=True)
class LongRun:
    """A long run read from its committed file: epoch losses at checkpoints and the final parameters."""

    lr: float
    epochs: int
    start: Params
    fault: str
    output: str
    data: str
    checkpoints: np.ndarray     # epochs (from 1) at which the epoch loss was kept
    losses: np.ndarray          # the epoch loss (mean over the epoch, as the lecture printed it) at each checkpoint
    params: Params              # the parameters after the last epoch
    seconds: float              # how long the run took on the machine that made the file
    made_by: str

    def loss_at(self, epoch: int) -> float:
        """The epoch loss of a kept epoch (a ValueError for an epoch not kept)."""
        epoch = validate(epoch=epoch)
        where = np.flatnonzero(self.checkpoints == epoch)
        if not where.size:
            raise refuse("epoch", epoch, f"one of the {len(self.checkpoints):,} kept checkpoints "
                         f"({', '.join(map(str, self.checkpoints[:3]))}, ..., {self.checkpoints[-1]})")
        return float(self.losses[where[0]])


def load_long_run(path=LONG_RUN_FILE) -> LongRun:
    """The students' lr 1e-7 for 1,000,000 epochs, from data/lr_1e-7_million_epochs.json (05_learning_rate)."""
    name = validate(path=path)
    allowed = "the JSON file data/make_long_run.py writes (make it with `python data/make_long_run.py`)"
    try:
        if not os.path.isfile(name):
            raise refuse("path", name, f"{allowed}; no such file")
        if os.path.getsize(name) > MAX_JSON_BYTES:
            raise refuse("path", name, f"{allowed}; at most {MAX_JSON_BYTES // 2**20} MB")
        with open(name, encoding="utf-8") as file:
            raw = json.load(file)
        run = LongRun(lr=validate(lr=raw["lr"]), epochs=validate(epochs=raw["epochs"]),
                      start=Params(*raw["start"]), fault=validate(fault=raw["fault"]),
                      output=validate(output=raw["output"]), data=str(raw["data"]),
                      checkpoints=np.array(raw["checkpoints"], dtype=np.int64),
                      losses=real_array("losses", raw["losses"], 1), params=Params(*raw["params"]),
                      seconds=float(raw["seconds"]), made_by=str(raw["made_by"]))
    except ValueError as error:
        if str(error).startswith("path must be"):
            raise
        raise refuse("path", name, f"{allowed}; this one is not ({shown(str(error))})") from None
    except (OSError, KeyError, TypeError, AttributeError) as error:
        raise refuse("path", name, f"{allowed}; this one cannot be read ({type(error).__name__}: "
                     f"{shown(str(error))})") from None
    if run.checkpoints.shape != run.losses.shape:
        raise refuse("path", name, f"{allowed}; its checkpoints and losses differ in length")
    return run


__all__ = ["REPORT_A_RATES", "STUDENTS_LOOP", "LONG_RUN_FILE", "on_counts", "pattern_features", "least_squares_mse",
           "pattern_bound", "plane_bound", "any_function_floor", "first_epoch_below", "final_losses", "valleys",
           "restart_odds", "LongRun", "load_long_run"]
