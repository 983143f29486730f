"""What 05_learning_rate computes beside training: report A's figures, the stall of tiny rates, the overshoot test.

NumPy only; every number about the network comes from the reference (`forward_all`, `loss`).
Training itself (`nnmath.faulty_train`, `nnmath.sweep`) is called by the notebook.

- Report A (the students' learning-rate sweep) ran "the lecture's fixed loop" with a ReLU on the output:
  `nnmath.faulty_train(start, X, y, lr, epochs, *STUDENTS_LOOP)`, on the lecture's data from the tool-2 start.
- The stall near 3.38: `on_counts` says on how many samples each hidden node is on; `pattern_bound` is the
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
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .checks import real_array
from .params import Params, check_params
from .reference import forward_all, loss

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
    """The lowest mean of (F c - y)**2 over all coefficient vectors c."""
    y = real_array("y", y, 1)
    coefficients = np.linalg.lstsq(F, y, rcond=None)[0]
    return float(np.mean((F @ coefficients - y) ** 2))


def pattern_bound(params: Params, X, y) -> float:
    """The lowest loss any parameters can reach with params' on/off pattern on every sample (05_learning_rate).

    A lower bound: least squares over `pattern_features` also allows coefficients whose hinges would move.
    """
    return least_squares_mse(pattern_features(params, X), y)


def plane_bound(X, y) -> float:
    """The loss of the best plane a x1 + b x2 + c (least squares): both nodes on everywhere, or one dead."""
    X = real_array("X", X, 2, 2)
    return least_squares_mse(np.column_stack([np.ones(len(X)), X]), y)


def any_function_floor(X, y) -> float:
    """The lowest loss ANY function of (x1, x2) reaches on these samples: each repeated input predicted by the mean
    of its targets, leaving the spread within the repeats (05_learning_rate; 1.5148 on the lecture's data)."""
    X, y = real_array("X", X, 2, 2), real_array("y", y, 1)
    _, group = np.unique(X, axis=0, return_inverse=True)
    group = np.ravel(group)
    means = np.bincount(group, y) / np.bincount(group)
    return float(np.mean((y - means[group]) ** 2))


def first_epoch_below(losses, level: float) -> int | None:
    """The first epoch (counted from 1) whose epoch loss is below level, or None."""
    below = np.flatnonzero(np.asarray(losses, dtype=np.float64) < level)
    return int(below[0]) + 1 if below.size else None


def final_losses(params_rows, X, y, output: str = "linear") -> np.ndarray:
    """The loss of each row's final parameters (rows of nine, e.g. a sweep's `params`); NaN for non-finite rows."""
    rows = np.asarray(params_rows, dtype=np.float64).reshape(-1, 9)
    values = [loss(Params.from_array(p), X, y, output) if np.all(np.isfinite(p)) else np.nan for p in rows]
    return np.array(values).reshape(np.shape(params_rows)[:-1])


def valleys(losses, tolerance: float = 0.05) -> list[tuple[float, int]]:
    """End points grouped by their final loss: (lowest loss of the group, how many), lowest group first.

    Losses within `tolerance` of the group's lowest count as the same valley.
    """
    values = np.sort(np.asarray(losses, dtype=np.float64)[np.isfinite(losses)])
    groups: list[list[float]] = []
    for v in values:
        if groups and v - groups[-1][0] <= tolerance:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [(g[0], len(g)) for g in groups]


def restart_odds(p: float, restarts: int) -> float:
    """The chance that at least one of `restarts` independent starts succeeds when each does with chance p."""
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
        """The epoch loss of a kept epoch (KeyError-like ValueError for an epoch not kept)."""
        where = np.flatnonzero(self.checkpoints == epoch)
        if not where.size:
            raise ValueError(f"epoch {epoch} is not among the kept checkpoints")
        return float(self.losses[where[0]])


def load_long_run(path=LONG_RUN_FILE) -> LongRun:
    """The students' lr 1e-7 for 1,000,000 epochs, from data/lr_1e-7_million_epochs.json (05_learning_rate)."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path} is missing: make it with `python data/make_long_run.py`")
    raw = json.loads(path.read_text(encoding="utf-8"))
    return LongRun(lr=float(raw["lr"]), epochs=int(raw["epochs"]), start=Params(*raw["start"]), fault=raw["fault"],
                   output=raw["output"], data=raw["data"], checkpoints=np.array(raw["checkpoints"], dtype=np.int64),
                   losses=np.array(raw["losses"], dtype=np.float64), params=Params(*raw["params"]),
                   seconds=float(raw["seconds"]), made_by=raw["made_by"])


__all__ = ["REPORT_A_RATES", "STUDENTS_LOOP", "LONG_RUN_FILE", "on_counts", "pattern_features", "least_squares_mse",
           "pattern_bound", "plane_bound", "any_function_floor", "first_epoch_below", "final_losses", "valleys",
           "restart_odds", "LongRun", "load_long_run"]
