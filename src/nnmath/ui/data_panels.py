"""Live panels for 08_data: train on one part of the data, test on the rest, or bring your own CSV.

The computing is elsewhere: `nnmath.fast.holdout.train_and_test` (scale with the training
part's statistics, train, report both parts in original units), `nnmath.core.data.make_dataset`,
`nnmath.core.csvfiles.choose_columns`.
* `dataset_panel`: sliders for data set size, input distribution, input range, noise,
  scaling, learning rate, epochs and data seed; train and test loss curves and
  prediction against target.
* `csv_panel`: a path box and three column menus for any CSV file with numeric columns;
  a bad file is reported in the panel's error line and changes nothing else.

Built on `nnmath.ui.panel.LivePanel`: the bqplot figure is made once and its marks are moved in place.
"""
from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from ..core import init
from ..core.csvfiles import TableCache, choose_columns
from ..core.data import RANGES, SIZES, TEST_FRACTION, make_dataset, noise_variance, train_test_split
from ..core.holdout import TrainTestResult
from ..core.params import Params
from ..fast.holdout import train_and_test
from .bq import FitView, LossView, row
from .panel import STYLE, LivePanel, epochs_slider, lr_slider, scaling_toggle
from .plots import format_number
from .style import TEST_COLOR, TRAIN_COLOR


# ----------------------------------------------------------------------------------
# The figure both panels share
# ----------------------------------------------------------------------------------

class TrainTestView:
    """MSE curves (training and held-out samples) and prediction against target, updated in place.

    Training samples are blue points, held-out samples orange (as their loss lines); the dashed line is the floor
    (noise variance, or the variance of y for a CSV), hidden when there is none.
    """

    def __init__(self, floor_label="noise floor"):
        self.loss = LossView(labels=("training samples", "held out"), colors=(TRAIN_COLOR, TEST_COLOR), floor=1.0,
                             floor_label=floor_label, title="MSE at the end of each epoch, original units",
                             show_key=True)
        self.fit = FitView(groups=(("training samples", TRAIN_COLOR), ("held out", TEST_COLOR)))
        self.figure = row(self.loss.figure, self.fit.figure)

    def update(self, result: TrainTestResult, floor: float | None):
        curves = [result.train_curve, result.test_curve]
        self.loss.set_floor(floor if floor is not None and floor > 0 else None)
        self.loss.update(curves, [result.run.diverged_at] * 2)
        targets = [result.y_train, result.y_test]
        if not all(np.array_equal(a, b) for a, b in zip(targets, self.fit.targets)):
            self.fit.set_targets(targets)
        self.fit.update([result.pred_train, result.pred_test])


def _number(value: float) -> str:
    if np.isnan(value):
        return "not a number (overflow)"
    return format_number(value) if np.isfinite(value) else "∞ (overflow)"


def result_status_html(result: TrainTestResult, floor: float | None = None, floor_name: str = "noise floor") -> str:
    """Final train and held-out MSE in original units (and in scaled units when scaled), or where it diverged."""
    run = result.run
    if run.diverged:
        head = (f'<b style="color:#c0392b">diverged at epoch {run.diverged_at}</b> '
                f"(lr too large for these numbers; showing the last finite epoch)")
    elif run.epochs_run == 0:
        head = "no epochs run yet: the start's predictions"
    else:
        head = f"after {run.epochs_run} epochs"
    parts = [f"train MSE <b>{_number(result.train_mse)}</b>"]
    if len(result.y_test):
        parts.append(f"held-out MSE <b>{_number(result.test_mse)}</b>")
    text = f"{head}: " + ", ".join(parts) + " (original units)"
    if result.scaled:
        factor = result.y_scale ** 2
        scaled = [f"{_number(result.train_mse / factor)}"]
        if len(result.y_test):
            scaled.append(f"{_number(result.test_mse / factor)}")
        text += f"; in scaled units {' and '.join(scaled)} (divided by std(y)² = {format_number(factor)})"
    extra = [f"{len(result.y_train)} training samples = {result.updates_per_epoch} updates per epoch"]
    if len(result.y_test):
        extra.append(f"{len(result.y_test)} held out")
    if floor is not None:
        extra.append(f"{floor_name} {format_number(floor)}")
    return f"<div>{text}<br>{'; '.join(extra)}</div>"


# ----------------------------------------------------------------------------------
# Panel 1: the data set
# ----------------------------------------------------------------------------------

def dataset_panel(n=300, distribution="uniform", input_range="normal", noise=4, scaled=False, lr=4e-4,
                  epochs=1000, seed=0, start: Params | None = None, max_epochs=2000):
    """Regenerate y = x1**2 + x2 + noise from the controls, hold out a quarter, train on the rest (08_data).

    Controls, in order: samples, inputs (uniform/skewed), range (normal/wide), noise 0..N,
    scaling, lr (log), epochs, data seed. Left: training and held-out MSE at the end of each
    epoch, in original units, with the noise floor; right: prediction against target.
    """
    start = init.LECTURE_START if start is None else start
    if n not in SIZES:
        raise ValueError(f"n must be one of {SIZES}, got {n!r}")
    controls = {
        "n": widgets.SelectionSlider(options=list(SIZES), value=n, description="samples", style=STYLE),
        "distribution": widgets.ToggleButtons(options=["uniform", "skewed"], value=distribution,
                                              description="inputs", style={"button_width": "80px"}),
        "input_range": widgets.ToggleButtons(options=[("x1 ±5, x2 ±10", "normal"), ("x1 ±50, x2 ±100", "wide")],
                                             value=input_range, description="range",
                                             style={"button_width": "135px"}),
        "noise": widgets.IntSlider(value=noise, min=0, max=16, step=1, description="noise 0..", style=STYLE),
        "scaled": scaling_toggle(scaled),
        "lr": lr_slider(lr, min_exp=-8, max_exp=0),
        "epochs": epochs_slider(epochs, maximum=max_epochs),
        "seed": widgets.IntSlider(value=seed, min=0, max=9, step=1, description="data seed", style=STYLE),
    }
    view = TrainTestView()

    def compute(n, distribution, input_range, noise, scaled, lr, epochs, seed):
        X_train, X_test, y_train, y_test = make_dataset(n, distribution, input_range, noise, seed)
        return train_and_test(X_train, y_train, X_test, y_test, start, lr, epochs, scaled), noise_variance(noise)

    def draw(computed):
        result, floor = computed
        view.update(result, floor)
        return result_status_html(result, floor)

    panel = LivePanel(controls, compute, draw, view.figure, layout_columns=2)
    panel.view = view
    return panel


# ----------------------------------------------------------------------------------
# Panel 2: bring your own CSV
# ----------------------------------------------------------------------------------

def csv_panel(path="../data/stackloss.csv", scaled=True, lr=0.025, epochs=1000, holdout=False,
              start: Params | None = None, max_epochs=5000):
    """Load any CSV with numeric columns, pick two inputs and a target, scale, train, plot (08_data).

    The path box is read when you press Enter or leave it; the three menus then list the
    file's columns (the first two as inputs, the last as target, until you choose).
    Any problem (no such file, a cell that is not a number, NaN, an empty file, too few
    columns) is shown in the panel's error line, naming file, line and column; the plots,
    menus and status keep the last good run.
    """
    start = init.LECTURE_START if start is None else start
    cache = TableCache()
    try:
        first_columns = cache.read(path).columns
        chosen = choose_columns(first_columns)
    except ValueError:  # the panel shows the message when it computes
        first_columns, chosen = (), (None, None, None)
    menu = lambda description, value: widgets.Dropdown(options=list(first_columns), value=value,
                                                       description=description, style=STYLE)
    controls = {
        "path": widgets.Text(value=str(path), description="CSV file", continuous_update=False, style=STYLE,
                             layout=widgets.Layout(width="360px")),
        "input1": menu("input 1 (x1)", chosen[0]),
        "input2": menu("input 2 (x2)", chosen[1]),
        "target": menu("target (y)", chosen[2]),
        "scaled": scaling_toggle(scaled),
        "holdout": widgets.Checkbox(value=holdout, description="hold out 25 % for testing", indent=False,
                                    style=STYLE),
        "lr": lr_slider(lr, min_exp=-8, max_exp=0),
        "epochs": epochs_slider(epochs, maximum=max_epochs),
    }
    view = TrainTestView(floor_label="variance of y")
    holder = []  # the panel, once built: draw refills the menus without triggering a refresh

    def compute(path, input1, input2, target, scaled, holdout, lr, epochs):
        table = cache.read(path)
        columns = table.columns
        input1, input2, target = choose_columns(columns, input1, input2, target, path)
        X = table.values[:, [columns.index(input1), columns.index(input2)]]
        y = table.values[:, columns.index(target)].copy()
        if holdout:
            if len(y) < 4:
                raise ValueError(f"{path}: has {len(y)} rows; holding out a quarter needs at least 4")
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_fraction=TEST_FRACTION, seed=0)
        else:
            X_train, X_test, y_train, y_test = X, np.empty((0, 2)), y, np.empty(0)
        result = train_and_test(X_train, y_train, X_test, y_test, start, lr, epochs, scaled)
        return result, columns, (input1, input2, target), float(np.var(y_train))

    def draw(computed):
        result, columns, chosen, baseline = computed
        _show_columns(columns, chosen)
        view.update(result, baseline)
        names = (f"<div>{len(result.y_train) + len(result.y_test)} rows; inputs <b>{html.escape(chosen[0])}</b>, "
                 f"<b>{html.escape(chosen[1])}</b> → target <b>{html.escape(chosen[2])}</b>. Baseline: predicting "
                 f"the mean of the training targets leaves their variance, {format_number(baseline)}.</div>")
        return names + result_status_html(result)

    def _show_columns(columns, chosen):
        names = ("input1", "input2", "target")
        if not holder or all(list(holder[0].controls[k].options) == list(columns) and holder[0].controls[k].value == v
                             for k, v in zip(names, chosen)):
            return
        panel = holder[0]
        with panel.without_refresh():
            for name, value in zip(names, chosen):
                panel.controls[name].options = list(columns)
                panel.controls[name].value = value

    panel = LivePanel(controls, compute, draw, view.figure, layout_columns=2)
    panel.view = view
    holder.append(panel)
    return panel
