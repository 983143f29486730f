"""Training as the panels do it: optionally on z-scored data, with the loss in the data's own units (04-08)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.analysis import dead_nodes
from ..core.checks import check_data, validate
from ..core.params import Params
from ..core.reference import predict
from ..core.runs import Run
from ..core.scaling import scale_dataset
from .training import train


@dataclass(frozen=True)
class TrainingResult:
    """A run plus what a panel shows of it: predictions in original units, dead nodes, the loss in both units."""

    run: Run
    predictions: np.ndarray       # in the data's original units
    dead: tuple
    scaled: bool
    mse_original: float           # final loss in original units (mapped back when scaled)


PANEL_BATCH_SIZE = 32
"""The panels' minibatch size (fewer samples: all of them)."""
PANEL_SHUFFLE_SEED = 0
"""The panels' minibatch order: shuffled each epoch with this seed."""


def train_scaled(X, y, start: Params, lr, epochs, mode="online", output="linear", scaled=False,
                 batch_size=None, shuffle_seed=None):
    """Train as the panels do: optionally on z-scored data, reporting the loss in both units (04-08).

    In mode "minibatch", batch_size None means min(32, n) and shuffle_seed None means 0 (the panels'
    choice, PANEL_BATCH_SIZE and PANEL_SHUFFLE_SEED); in the other modes they are passed to `train`, which
    refuses what does not apply. The result's mse_original is inf (and `run` says why) when the final
    predictions overflow.
    """
    X, y = check_data(X, y)
    mode, scaled = validate(mode=mode, scaled=scaled)
    data = scale_dataset(X, y, "zscore" if scaled else None)
    if mode == "minibatch":
        batch_size = min(PANEL_BATCH_SIZE, len(y)) if batch_size is None else batch_size
        shuffle_seed = PANEL_SHUFFLE_SEED if shuffle_seed is None else shuffle_seed
    run = train(start, data.X, data.y, lr, epochs, mode=mode, output=output, batch_size=batch_size,
                shuffle_seed=shuffle_seed)
    with np.errstate(over="ignore", invalid="ignore"):  # huge last-finite params: inf, shown as such
        predictions = data.unscale_predictions(predict(run.params, data.X, output))
        mse = float(np.mean((predictions - y) ** 2))
    return TrainingResult(run, predictions, dead_nodes(run.params, data.X), scaled, mse)


