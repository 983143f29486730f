"""Learning-rate schedules (05_learning_rate): a fixed cut every so often, or a cut when the loss stalls."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .checks import RULES, check, refuse, validate


@dataclass(frozen=True)
class StepDecay:
    """lr_epoch = lr * factor ** floor((epoch - 1) / every): cut the rate by `factor` every `every` epochs."""

    factor: float = 0.5
    every: int = 100

    def __post_init__(self):
        validate(factor=self.factor, every=self.every)

    def rates(self, lr: float, epochs: int) -> np.ndarray:
        """The rate of each epoch: lr, then lr * factor after `every` epochs, and so on (0 once it underflows)."""
        lr, epochs = validate(lr=lr, epochs=epochs)
        with np.errstate(under="ignore"):
            return lr * self.factor ** (np.arange(epochs) // self.every)


@dataclass(frozen=True)
class ReduceOnPlateau:
    """Multiply the rate by `factor` when the loss has not fallen by `min_delta` (relative) for `patience` epochs."""

    factor: float = 0.5
    patience: int = 20
    min_delta: float = 1e-4
    min_lr: float = 1e-12

    def __post_init__(self):
        validate(factor=self.factor, patience=self.patience, min_delta=self.min_delta, min_lr=self.min_lr)

    def next_rate(self, rate: float, losses: list, state: dict) -> float:
        """The rate for the next epoch, given the losses so far; `state` holds best and waited between calls."""
        rate = check("rate", rate, RULES["lr"])
        if not isinstance(losses, (list, tuple, np.ndarray)) or len(losses) == 0:
            raise refuse("losses", losses, "the losses of the epochs so far (a non-empty list of numbers)")
        last = check("losses", losses[-1], RULES["value"])
        if not isinstance(state, dict):
            raise refuse("state", state, "a dict (empty at the start; next_rate keeps its notes in it)")
        best, waited = state.get("best", np.inf), state.get("waited", 0)
        if last < best * (1 - self.min_delta):
            best, waited = last, 0
        else:
            waited += 1
            if waited >= self.patience:
                rate, waited = max(rate * self.factor, self.min_lr), 0
        state.update(best=best, waited=waited)
        return rate
