"""The students' starts and random targets, on their own data (06_initialisation, 07_random_target).

Report A ran its starts and its random target on the lecture's data and inputs; Report B trained a
printed random start on data "like" the course's, scaled. This module rebuilds those data sets and
answers the questions their runs raise, calling the reference (`reference.predict`,
`reference.sample_gradients`, `reference.step`) and never writing the network's formulas again:

* `report_b_data`: the course's data scaled as the lecture's scaled notebook scales (`scaling.scale_like_the_lecture`)
  (one min and one max over x1, x2 and y together, not one per column);
* `lecture_random_target`: the lecture's generator with its third draw, y, replaced by randint(0, 100);
* `update_by_update`: the first updates of an online run, one record per sample (why biases 100 kill
  both hidden nodes in two updates);
* `linear_valley`: the loss over two parameters the output is linear in (b3, w5, w6): an exact
  quadratic bowl, its lowest point, its curvatures (the landscapes of 06 and 07).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .analysis import hidden_activity
from .checks import MAX_PATH_WORK, RULES, check, check_data, check_work, real_array, refuse, validate
from .data import quadratic_data
from .params import Params, check_params
from .reference import forward_all, predict, sample_gradients, step
from .scaling import LectureScaled, scale_like_the_lecture

REPORT_B_START = Params.from_lists((-0.46, -6.59, 8.47, -9.91, -8.92, 2.06), (-4.44, 4.01, -2.5))
"""Report B's printed random start, W1..W6 and B1..B3 as the student printed them (06_initialisation)."""

REPORT_B_END = {"w2": -8.016, "w4": -7.861, "w6": -0.348, "b2": 4.918, "b3": 1.501}
"""The end values Report B printed for the parameters that moved (06_initialisation)."""

REPORT_B_UNCHANGED = ("w1", "w3", "w5", "b1")
"""The parameters Report B found unchanged after training (06_initialisation)."""


def report_b_data(n: int = 300, seed: int = 0) -> LectureScaled:
    """Report B's kind of data: the course's data (300 samples, x1 in [-5, 5], x2 in [-10, 10],
    y = x1**2 + x2 + integer noise 0..4), scaled as the lecture's scaled notebook scales (`scaling.scale_like_the_lecture`).

    The report names the formula, the ranges, the size and "scaled"; its exact draw and scaling are not
    known. Of the scalings tried, only this one leaves node 1 of the report's start off on every sample,
    which the report's unchanged W1, W3, W5, B1 require (06_initialisation).
    """
    X, y = quadratic_data(n=n, seed=seed)
    return scale_like_the_lecture(X, y)


def lecture_random_target(n: int = 100, seed: int = 123, high: int = 100):
    """The lecture's generator with the target replaced by a random whole number: y = randint(0, high).

    Per row, as the lecture's notebook draws with np.random.seed(seed): x1 = randint(0, 5),
    x2 = randint(3, 7), then y = randint(0, high) (0..high-1) in place of the lecture's
    int(x1**2 + x2 + randint(0, 5)). A private RandomState(seed) gives the same stream as the
    global legacy generator and leaves it untouched. The inputs are drawn as the lecture's but are
    not the same 100 pairs: the third draw consumes the stream differently (07_random_target).
    """
    n, seed, high = validate(n=n, seed=seed, high=high)
    if high < 2:
        raise ValueError(f"lecture_random_target needs high >= 2 (at least two values), got {high}")
    rng = np.random.RandomState(seed)
    rows = np.array([(rng.randint(0, 5), rng.randint(3, 7), rng.randint(0, high)) for _ in range(n)],
                    dtype=np.float64)
    return rows[:, :2].copy(), rows[:, 2].copy()


@dataclass(frozen=True)
class Update:
    """One online update: the sample it used, the output before it, and the parameters after it."""

    row: int                  # 1-based row of the data
    x1: float
    x2: float
    y: float
    out: float                # the output before the update (linear, the value the gradients use)
    d_out: float              # dloss/dout = 2 (out - y)
    params: Params            # after the update
    h1_on: int                # rows of the whole data set on which h1 is on after the update
    h2_on: int


def update_by_update(start: Params, X, y, lr: float, count: int) -> list[Update]:
    """The first `count` online updates in data order, one record each (06_initialisation).

    The gradients are the linear output's (`reference.sample_gradients`), which are the students' loop's:
    the lecture's loop puts a ReLU on the output but uses 2 (z3 - y) in every gradient, so its parameters
    are exactly the linear network's. After each update the record counts, over the whole data set, the
    rows on which each hidden node is on.
    """
    check_params(start, "start")
    X, y = check_data(X, y)
    lr, count = validate(lr=lr), check("count", count, RULES["steps"])
    check_work(len(y), count, limit=MAX_PATH_WORK, meaning="a few seconds of NumPy: each update counts the "
               "nodes that are on over the whole data set", epochs_name="count")
    p, records = start, []
    for k in range(count):
        i = k % len(y)
        x1, x2, target = float(X[i, 0]), float(X[i, 1]), float(y[i])
        out = float(predict(p, X[i:i + 1])[0])
        try:
            p = step(p, sample_gradients(p, x1, x2, target), lr)
        except ValueError as error:  # the run diverged: say where, and keep the reason
            raise ValueError(f"update {k + 1} (row {i + 1} of X, y) runs away: {error}") from None
        on1, on2 = hidden_activity(p, X)
        records.append(Update(i + 1, x1, x2, target, out, 2.0 * (out - target), p,
                              int(round(on1 * len(y))), int(round(on2 * len(y)))))
    return records


LINEAR_IN = ("b3", "w5", "w6")
"""The parameters the output is linear in, whatever the others are (h1 and h2 do not depend on them)."""


@dataclass(frozen=True)
class Valley:
    """The loss over two parameters the output is linear in: exactly a quadratic bowl (06, 07).

    loss(theta) = lowest_loss + (theta - lowest)^T (hessian / 2) (theta - lowest), theta = (p, q).
    """

    p: str
    q: str
    lowest: np.ndarray          # (p, q) at the bottom
    lowest_loss: float
    hessian: np.ndarray         # 2 x 2
    curvatures: np.ndarray      # eigenvalues of the Hessian, ascending
    directions: np.ndarray      # columns: the eigenvectors (gentlest first)

    def coordinates(self, points) -> np.ndarray:
        """Points (k, 2) as (along the gentle direction, along the steep one), measured from the bottom."""
        points = real_array("points", points, 2, 2, min_rows=0)
        return (points - self.lowest) @ self.directions


def linear_valley(params: Params, X, y, p: str = "b3", q: str = "w5") -> Valley:
    """The bowl of the loss over (p, q), all else fixed, for parameters the output is linear in (06, 07).

    The output is linear in b3, w5 and w6: out = base + g_p * p + g_q * q, where g is the output's
    change per unit of each parameter, read off the reference by setting the parameter to 1 and to 0.
    Then the mean squared error is a quadratic with Hessian (2 / n) G^T G and its lowest point is the
    least-squares solution. A parameter the output is not linear in (w1..w4, b1, b2) is refused.
    """
    check_params(params)
    X, y = check_data(X, y)
    p, q = validate(p=p, q=q)
    if p == q:
        raise ValueError(f"p and q must be two different parameters, got {p!r} twice")
    for argument, name in (("p", p), ("q", q)):
        if name not in LINEAR_IN:
            raise refuse(argument, name, f"one of {', '.join(LINEAR_IN)}: the parameters the output is linear in")
    base = predict(params.replace(**{p: 0.0, q: 0.0}), X)
    slopes = [predict(params.replace(**{p: 0.0, q: 0.0, name: 1.0}), X) - base for name in (p, q)]
    G = np.column_stack(slopes)
    lowest, *_ = np.linalg.lstsq(G, y - base, rcond=None)
    hessian = 2.0 * G.T @ G / len(y)
    curvatures, directions = np.linalg.eigh(hessian)
    lowest_loss = float(np.mean((base + G @ lowest - y) ** 2))
    return Valley(p, q, lowest, lowest_loss, hessian, curvatures, directions)


def largest_z(params: Params, X) -> tuple[float, float]:
    """The largest z1 and z2 over the data: a node with its largest z <= 0 is off on every row (dead)."""
    f = forward_all(check_params(params), X)
    return float(np.max(f.z1)), float(np.max(f.z2))


__all__ = ["REPORT_B_START", "REPORT_B_END", "REPORT_B_UNCHANGED", 
           "report_b_data", "lecture_random_target", "Update", "update_by_update", "LINEAR_IN", "Valley", "linear_valley",
           "largest_z"]
