"""Train on one part of the data, test on the rest (08_data), with the compiled loops."""
from __future__ import annotations

import numpy as np

from ..core.checks import check_data, validate
from ..core.holdout import TrainTestResult
from ..core.params import Params
from ..core.reference import predict
from ..core.scaling import scale_dataset
from .evaluate import mse_per_row
from .training import train


def train_and_test(X_train, y_train, X_test, y_test, start: Params, lr, epochs, scaled=False) -> TrainTestResult:
    """Train online on the training part (z-scored with its own statistics if `scaled`), test on the rest (08_data).

    The test inputs are scaled with the *training* means and standard deviations, as new data
    would be. Both curves are the MSE of the network as it stands at the end of each epoch (not
    the epoch loss `run.losses`, which averages over the updates made during the epoch), so
    they compare directly. Losses come back in the original units: a scaled MSE times the
    training targets' variance (`ScaledData.unscale_mse`). X_test, y_test may be empty (no held-out part).
    """
    X_train, y_train = check_data(X_train, y_train)
    X_test, y_test = check_data(X_test, y_test, min_rows=0)
    scaled = validate(scaled=scaled)
    data = scale_dataset(X_train, y_train, "zscore" if scaled else None)
    run = train(start, data.X, data.y, lr, epochs, record=True)
    X_test_scaled = data.scale_inputs(X_test)
    y_test_scaled = data.y_scaler.transform(y_test)
    with np.errstate(over="ignore", invalid="ignore"):  # huge last sensible parameters: inf, shown as such
        train_curve = data.unscale_mse(mse_per_row(run.trajectory[1:], data.X, data.y))
        test_curve = (data.unscale_mse(mse_per_row(run.trajectory[1:], X_test_scaled, y_test_scaled))
                      if len(y_test) else np.full(run.epochs_run, np.nan))
        pred_train = data.unscale_predictions(predict(run.params, data.X))
        pred_test = data.unscale_predictions(predict(run.params, X_test_scaled)) if len(y_test) else np.empty(0)
        train_mse = float(np.mean((pred_train - y_train) ** 2))
        test_mse = float(np.mean((pred_test - y_test) ** 2)) if len(y_test) else float("nan")
    return TrainTestResult(run, bool(scaled), float(data.y_scaler.scale), X_train, y_train, X_test, y_test,
                           pred_train, pred_test, train_curve, test_curve, train_mse, test_mse)
