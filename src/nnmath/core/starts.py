"""Report C's starting points exactly as the student typed them, and the lecture data's whole distribution (01_forward_pass).

Report C ran the forward pass on the lecture sample x = (1, 0), y = 2 with a ReLU on the output
(`output="relu"`) from thirteen starts and wrote down h1, h2, the prediction and the loss of each
(for some starts only the prediction and the loss). `REPORT_C_STARTS` holds each start with the
report's own words, so 01 can print "the report said / the course computes" (`core.reports`).
Its bias triples differ from the course's `init.BIAS_LEVELS`: for small weights the student used
(0.2, 0, 0.2), (0.8, 0.4, 0.8), (3, 0.5, 3); for high weights (0.5, 0, 0.5), (1.5, 1, 1.5), (3, 2, 3).
Its "unique" start is not `init.UNIQUE_START`.

`lecture_distribution()`: the lecture's generator draws x1 from 0..4, x2 from 3..6 and the noise from
0..4, each uniformly, so a new row is one of 5 * 4 * 5 = 100 equally likely rows. The mean loss over
these 100 rows is therefore the EXACT expected loss on new data from the lecture's generator (a test set
of infinite size), with no sampling error; 01 uses it as the held-out test of "small biases prevent
overfitting".
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .params import Params

REPORT_C_SAMPLE = (1.0, 0.0, 2.0)
"""The sample report C computed on: x1, x2, y (the lecture's sample)."""

REPORT_C_OUTPUT = "relu"
"""Report C's copy of the network put a ReLU on the output node."""

SMALL_W = (0.3, 0.1, 0.3, -0.2, 0.5, 0.3)
MEDIUM_W = (1, 0.5, 1, 0.8, 1, 0.8)
HIGH_W = (3, 1.5, 3, -2, 1.5, 3)


@dataclass(frozen=True)
class ReportedStart:
    """One of report C's starts: its label, the nine values, and what the report wrote (quantity -> words)."""

    label: str
    params: Params
    said: dict          # "h1", "h2", "prediction", "loss" -> the report's number as it wrote it; absent = not reported
    weights: str = ""   # "small", "medium", "high" for the 3 x 3 grid, else ""


def _start(label, w, b, said, weights=""):
    keys = ("h1", "h2", "prediction", "loss")
    if len(said) == 2:  # the report gave only the prediction and the loss
        keys = keys[2:]
    return ReportedStart(label, Params.from_lists(w, b), dict(zip(keys, said)), weights)


REPORT_C_STARTS = (
    _start("small w, b (0.2, 0, 0.2)", SMALL_W, (0.2, 0, 0.2), ("0.5", "0.1", "0.48", "2.3104"), "small"),
    _start("small w, b (0.8, 0.4, 0.8)", SMALL_W, (0.8, 0.4, 0.8), ("1.1", "0.5", "1.5", "0.25"), "small"),
    _start("small w, b (3, 0.5, 3)", SMALL_W, (3, 0.5, 3), ("3.3", "0.6", "4.83", "8.0089"), "small"),
    _start("medium w, b (0.5, 0, 0.5)", MEDIUM_W, (0.5, 0, 0.5), ("2.4", "0.16"), "medium"),
    _start("medium w, b (1.5, 0.5, 1.5)", MEDIUM_W, (1.5, 0.5, 1.5), ("4.8", "7.84"), "medium"),
    _start("medium w, b (3, 2, 3)", MEDIUM_W, (3, 2, 3), ("4", "2.5", "9.0", "49"), "medium"),
    _start("high w, b (0.5, 0, 0.5)", HIGH_W, (0.5, 0, 0.5), ("3.5", "1.5", "10.25", "68.0625"), "high"),
    _start("high w, b (1.5, 1, 1.5)", HIGH_W, (1.5, 1, 1.5), ("4.5", "2.5", "15.75", "189.0625"), "high"),
    _start("high w, b (3, 2, 3)", HIGH_W, (3, 2, 3), ("6", "3.5", "22.5", "420.25"), "high"),
    _start("all nine 0.5", (0.5,) * 6, (0.5,) * 3, ("1.0", "1.0", "1.5", "0.25")),
    _start("unique", (1.5, 0.5, 1, -1, 1.2, 0.7), (0.3, 0.4, 0.7), ("1.8", "0.9", "3.49", "2.2201")),
    _start("mix", (0.5, 0.5, 1, -1, 1, 1), (0.5, 0, 0.5), ("1.0", "0.5", "2.0", "0.0")),
    _start("one-update start", (1, 0.5, 1, -1, 1, 1), (0.5, 0, 0.5), ()),
)
"""Report C's thirteen starts in the report's order; the last one it only used for its one-update experiment
(03_backprop), so it reported no forward values for it."""

MEDIUM_SMALL = "medium w, b (0.5, 0, 0.5)"
"""The start report C concluded was best: medium weights with small biases."""


def report_c_starts() -> dict[str, Params]:
    """label -> Params for the thirteen starts, in the report's order."""
    return {start.label: start.params for start in REPORT_C_STARTS}


def lecture_distribution():
    """Every row the lecture's generator can draw, each exactly once: X (100, 2), y (100,).

    The rows are equally likely (x1 in 0..4, x2 in 3..6, noise in 0..4, independent and uniform), so
    `nnmath.loss(params, X, y)` over them is the expected loss of `params` on a new row of the lecture's
    data: the exact held-out test error. Its floor, reached by predicting x1**2 + x2 + 2, is the
    noise's variance, 2.
    """
    rows = [(x1, x2, x1 ** 2 + x2 + noise) for x1 in range(5) for x2 in range(3, 7) for noise in range(5)]
    table = np.array(rows, dtype=np.float64)
    return table[:, :2].copy(), table[:, 2].copy()


__all__ = ["REPORT_C_SAMPLE", "REPORT_C_OUTPUT", "SMALL_W", "MEDIUM_W", "HIGH_W", "ReportedStart",
           "REPORT_C_STARTS", "MEDIUM_SMALL", "report_c_starts", "lecture_distribution"]
