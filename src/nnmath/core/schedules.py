"""Learning-rate schedules (05_learning_rate): a fixed cut every so often, or a cut when the loss stalls."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .checks import validate


@dataclass(frozen=True)
class StepDecay:
    """lr_epoch = lr * factor ** floor((epoch - 1) / every): cut the rate by `factor` every `every` epochs."""

    factor: float = 0.5
    every: int = 100

    def __post_init__(self):
        validate(factor=self.factor, every=self.every)

    def rates(self, lr: float, epochs: int) -> np.ndarray:
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
        best, waited = state.get("best", np.inf), state.get("waited", 0)
        if losses[-1] < best * (1 - self.min_delta):
            best, waited = losses[-1], 0
        else:
            waited += 1
            if waited >= self.patience:
                rate, waited = max(rate * self.factor, self.min_lr), 0
        state.update(best=best, waited=waited)
        return rate
