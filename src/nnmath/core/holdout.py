"""Judging a trained network on samples it never saw (08_data): the result and the readable loss per row."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .checks import MAX_READABLE_STEPS, MAX_TRAJECTORY, check_data, check_work, real_array, validate
from .reference import network
from .runs import Run


def mse_per_row_reference(trajectory, X, y, output: str = "linear") -> np.ndarray:
    """Mean squared error of each row of a trajectory (k, 9) on X, y: the oracle of fast.evaluate.mse_per_row."""
    P = real_array("trajectory", trajectory, 2, 9, min_rows=0, max_rows=MAX_TRAJECTORY)
    X, y = check_data(X, y)
    output = validate(output=output)
    check_work(len(y), len(P), limit=MAX_READABLE_STEPS, meaning="about half a minute of plain Python",
               epochs_name="trajectory rows")
    result = np.empty(len(P))
    with np.errstate(over="ignore", invalid="ignore"):
        for k, row in enumerate(P):
            total = 0.0
            for (x1, x2), target in zip(X.tolist(), y.tolist()):
                error = network(*row.tolist(), x1, x2, output).out - target
                total += error * error
            result[k] = total / len(y)
    return result


@dataclass(frozen=True)
class TrainTestResult:
    """One run trained on the training part, judged on both parts. Every loss in original units (08_data)."""

    run: Run                    # trained on the (scaled) training samples
    scaled: bool
    y_scale: float              # std of the training targets when scaled, else 1
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    pred_train: np.ndarray      # final predictions, original units
    pred_test: np.ndarray
    train_curve: np.ndarray     # training MSE of the network at the end of each epoch
    test_curve: np.ndarray      # held-out MSE at the end of each epoch (NaN without test samples)
    train_mse: float            # MSE of the final parameters on the training samples
    test_mse: float             # ... on the held-out samples (NaN without test samples)

    @property
    def updates_per_epoch(self) -> int:
        """Online SGD: one update per training sample."""
        return len(self.y_train)
