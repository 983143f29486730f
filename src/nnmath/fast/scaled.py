"""Training as the panels do it: optionally on z-scored data, with the loss in the data's own units (04-08)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.analysis import dead_nodes
from ..core.checks import validate
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


def train_scaled(X, y, start: Params, lr, epochs, mode="online", output="linear", scaled=False,
                    batch_size=32, shuffle_seed=0):
    """Train as the panels do: optionally on z-scored data, reporting the loss in both units (04-08)."""
    scaled = validate(scaled=scaled)
    data = scale_dataset(X, y, "zscore" if scaled else None)
    kwargs = {}
    if mode == "minibatch":
        kwargs = dict(batch_size=min(batch_size, len(data.y)), shuffle_seed=shuffle_seed)
    run = train(start, data.X, data.y, lr, int(epochs), mode=mode, output=output, **kwargs)
    with np.errstate(over="ignore", invalid="ignore"):  # huge last-finite params: inf, shown as such
        predictions = data.unscale_predictions(predict(run.params, data.X, output))
        mse = float(np.mean((predictions - np.asarray(y)) ** 2))
    return TrainingResult(run, predictions, dead_nodes(run.params, data.X), scaled, mse)


