"""The learning-rate range test ("LR finder") and the divergence bound 2/s it is compared with (05_learning_rate).

One run of full-batch gradient descent from a start, with the rate growing by the same factor
after every update, from `lr_min` towards `lr_max`:

    lr_k = lr_min * growth**k,   growth = (lr_max / lr_min) ** (1 / (updates - 1))

After each update the loss of the whole data set is recorded, so plotting it against lr_k shows
where larger steps stop helping: the loss falls while the rate is small, flattens, and turns up
steeply once lr passes the point where the steps overshoot. The run stops there: at divergence
(a number beyond 1e100, the course's rule) or once the loss has run away to more than
`stop_factor` times its lowest value so far.

Full batch, not online: the turn-up is then a property of the loss surface, and it sits near
2/s, where s is the loss's sharpness at the start (`core.sharpness`): a step of lr multiplies the
error along the sharpest direction by (1 - lr s), which grows once lr > 2/s. `divergence_bound`
gives that number (by central differences of `nnmath.gradients`).

The updates are the compiled batch loop of `nnmath.train(mode="batch")` with one rate per
epoch (in batch mode an epoch is one update), so they agree with `reference.train_reference`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import math

from ..core.checks import MAX_MAGNITUDE, NAMES, RULES, check_data, check_work, refuse, validate
from ..core.params import Params, check_params
from ..core.reference import loss
from ..core.sharpness import NODE_PARAMETERS, kink, sharpness
from .training import _Orders, _run_engine   # the loop train(mode="batch") runs, with a rate per update

UPDATES = RULES["updates"]
STOP_FACTOR = RULES["stop_factor"]


@dataclass(frozen=True)
class RangeTest:
    """One LR range test: the rate of each update and the loss after it, and why it stopped."""

    rates: np.ndarray               # rates[k]: the rate of update k (k from 0), for every update shown
    losses: np.ndarray              # losses[k]: mean loss over the data after update k
    start_loss: float               # the loss before any update
    stopped_at: int | None          # index k of the update that diverged or ran away; None if it reached lr_max
    stop_rate: float | None         # that update's rate
    reason: str                     # "diverged", "ran away" or "reached lr_max"
    growth: float                   # factor between consecutive rates
    best_params: Params             # the parameters after the update with the lowest loss (the start if none)

    @property
    def best_rate(self) -> float:
        """The rate after whose update the loss was lowest (NaN if no update completed)."""
        finite = np.where(np.isfinite(self.losses), self.losses, np.inf)
        return float(self.rates[int(np.argmin(finite))]) if len(finite) else float("nan")

    def describe(self) -> str:
        if self.stopped_at is None:
            return f"reached lr_max {self.rates[-1]:.3g} without diverging"
        what = "diverged" if self.reason == "diverged" else f"ran away (loss above {self.losses[-1]:.3g})"
        if not len(self.losses):
            return f"{what} at update {self.stopped_at + 1}, lr {self.stop_rate:.3g}: no update lowered the loss"
        return f"{what} at update {self.stopped_at + 1}, lr {self.stop_rate:.3g}; lowest loss after lr {self.best_rate:.3g}"


def rate_schedule(lr_min, lr_max, updates):
    """The rates of the range test: lr_min * growth**k for k = 0 .. updates - 1, ending at lr_max."""
    lr_min, lr_max, updates = validate(lr_min=lr_min, lr_max=lr_max, updates=updates)
    if not lr_min < lr_max:
        raise refuse("lr_max", lr_max, f"a rate above lr_min = {lr_min:g}")
    if not math.isfinite(lr_max / lr_min):
        raise refuse("lr_max", lr_max, f"at most 1e300 times lr_min = {lr_min:g}")
    growth = (lr_max / lr_min) ** (1.0 / (updates - 1))
    return lr_min * growth ** np.arange(updates), growth


def lr_range_test(params: Params, X, y, lr_min=1e-6, lr_max=1.0, updates=200, output: str = "linear",
                  stop_factor=4.0) -> RangeTest:
    """Run full-batch gradient descent with the rate growing exponentially per update; stop at divergence (05).

    Returns the rates and the loss after each update up to the stop. The loss before the
    first update is `start_loss`. "ran away": the loss after an update exceeded stop_factor
    times the lowest loss seen so far (the start's included); stop_factor=None stops only where
    an update throws a number past 1e100 ("diverged").
    """
    start = check_params(params)
    X, y = check_data(X, y)
    output, stop_factor = validate(output=output, stop_factor=stop_factor)
    rates, growth = rate_schedule(lr_min, lr_max, updates)
    check_work(len(y), len(rates) + 1, meaning="about half a minute of full-batch updates", epochs_name="updates")
    first_loss = loss(start, X, y, output)
    if not first_loss <= MAX_MAGNITUDE:
        raise ValueError(f"the loss at params on X, y is {first_loss:.3g}, beyond 1e100: the start has diverged "
                         "already; allowed: a start and data whose loss stays within 1e100 (scale the data)")
    # One extra epoch whose rate is never used: the engine records the loss at the start of each
    # epoch (before its update), so the loss after update k is the one recorded at epoch k + 1.
    lrs = np.append(rates, min(float(rates[-1]) * growth, np.finfo(np.float64).max))
    orders = _Orders(len(y), len(y), None)       # full batch: every sample, in data order, every update
    _, diverged_at, before, trajectory, _ = _run_engine(start.to_array(), X, y, lrs, len(y), orders, False,
                                                        output == "relu", True)
    recorded = diverged_at - 1 if diverged_at else len(lrs)     # epochs whose loss was recorded
    start_loss = float(before[0]) if recorded > 0 else float("nan")
    after = before[1:recorded]                                  # after[k]: the loss after update k
    stopped_at, reason, keep = None, "reached lr_max", len(after)
    if diverged_at and diverged_at - 1 < len(rates):            # update diverged_at - 1 passed 1e100
        stopped_at, reason, keep = diverged_at - 1, "diverged", min(len(after), diverged_at - 1)
    lowest = np.minimum.accumulate(np.concatenate([[start_loss], after]))[:-1]
    runaway = np.flatnonzero(after > stop_factor * lowest) if stop_factor is not None else np.zeros(0, dtype=int)
    if runaway.size and (stopped_at is None or runaway[0] < stopped_at):
        stopped_at, reason, keep = int(runaway[0]), "ran away", int(runaway[0]) + 1
    losses = after[:keep].copy()
    best = int(np.argmin(losses)) + 1 if keep and np.min(losses) < start_loss else 0   # trajectory row
    return RangeTest(rates[:keep].copy(), losses, start_loss, stopped_at,
                     None if stopped_at is None else float(rates[stopped_at]), reason, float(growth),
                     Params.from_array(trajectory[best]))


@dataclass(frozen=True)
class Bound:
    """The divergence bound 2/s at a point and how it was found."""

    sharpness: float                # s, the largest eigenvalue of the mean loss's Hessian
    bound: float                    # 2 / s
    names: tuple                    # the parameters whose Hessian was taken
    note: str                       # "" or why some parameters were left out (a ReLU kink)


def divergence_bound(params: Params, X, y, output: str = "linear") -> Bound:
    """2/s at params, with s the sharpness over all nine parameters (05_learning_rate).

    Where a hidden ReLU sits at its kink for some sample the loss has no second derivative in that
    node's parameters; they are left out (said in `note`), and the bound is taken over the rest.
    """
    check_params(params)
    X, y = check_data(X, y)
    output = validate(output=output)
    names, left_out = NAMES, []
    for _ in range(3):
        at = kink(params, X, names, output)
        if at is None:
            break
        if at == "z3":  # the output's kink touches every parameter: only b3's curvature (2 where on) is left
            names, left_out = ("b3",), ["every parameter but b3 (the output ReLU's kink)"]
            break
        left_out.append(f"{', '.join(NODE_PARAMETERS[at])} ({at} = 0 for some sample)")
        names = tuple(n for n in names if n not in NODE_PARAMETERS[at])
    s = sharpness(params, X, y, names, output)
    note = f"without {'; '.join(left_out)}" if left_out else ""
    return Bound(s, 2.0 / s if s > 0 else float("inf"), names, note)


__all__ = ["RangeTest", "Bound", "rate_schedule", "lr_range_test", "divergence_bound"]
