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
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from ..core import init
from ..core.checks import (DISTRIBUTIONS, MAX_MAGNITUDE, MAX_PANEL_ROWS, Control, FilePath, Text, shown,
                           validate)
from ..core.csvfiles import MAX_UPLOAD_BYTES, TableCache, choose_columns, read_table_bytes
from ..core.data import RANGES, SIZES, TEST_FRACTION, make_dataset, noise_variance, train_test_split
from ..core.holdout import TrainTestResult
from ..core.params import Params, check_params
from ..fast.holdout import train_and_test
from .bq import FitView, LossView, row
from .panel import (FLAG_RULE, STYLE, LivePanel, check_values, error_html, choice_rule, epochs_slider, log_slider_rule, lr_slider,
                    scaling_toggle, slider_rule)
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

RANGE_OPTIONS = (("x1 ±5, x2 ±10", "normal"), ("x1 ±50, x2 ±100", "wide"))
DATASET_PANEL_RULES = {"n": choice_rule(SIZES, "samples"), "distribution": choice_rule(DISTRIBUTIONS, "inputs"),
                       "input_range": choice_rule(RANGE_OPTIONS, "range"),
                       "noise": slider_rule(0, 16, "noise 0..", whole=True), "scaled": FLAG_RULE,
                       "lr": log_slider_rule(-8, 0), "seed": slider_rule(0, 9, "data seed", whole=True)}
"""What dataset_panel's controls can show (epochs: 0..max_epochs), checked before any widget is made."""


def dataset_panel(n=300, distribution="uniform", input_range="normal", noise=4, scaled=False, lr=4e-4,
                  epochs=1000, seed=0, start: Params | None = None, max_epochs=2000):
    """Regenerate y = x1**2 + x2 + noise from the controls, hold out a quarter, train on the rest (08_data).

    Controls, in order: samples, inputs (uniform/skewed), range (normal/wide), noise 0..N,
    scaling, lr (log), epochs, data seed. Left: training and held-out MSE at the end of each
    epoch, in original units, with the noise floor; right: prediction against target.
    """
    start = check_params(init.LECTURE_START if start is None else start, "start")
    max_epochs = validate(max_epochs=max_epochs)
    n, distribution, input_range, noise, scaled, lr, epochs, seed = check_values(
        {**DATASET_PANEL_RULES, "epochs": slider_rule(0, max_epochs, "epochs", whole=True)}, n=n,
        distribution=distribution, input_range=input_range, noise=noise, scaled=scaled, lr=lr, epochs=epochs,
        seed=seed).values()
    controls = {
        "n": widgets.SelectionSlider(options=list(SIZES), value=n, description="samples", style=STYLE),
        "distribution": widgets.ToggleButtons(options=["uniform", "skewed"], value=distribution,
                                              description="inputs", style={"button_width": "80px"}),
        "input_range": widgets.ToggleButtons(options=list(RANGE_OPTIONS),
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

UPLOADED = "uploaded: "
"""What the path box says while the panel trains on an uploaded file: "uploaded: marks.csv"."""
UPLOAD_TYPES = (".csv", ".txt")
CSV_HELP = (
    "<div class='nnmath-csv-help' style='color:#555'>Type a file's path in the box and press Enter: a relative path "
    "is looked for from the folder this notebook is in (<tt>../data/stackloss.csv</tt> is the course's data folder). "
    f"Or upload a {' or '.join(UPLOAD_TYPES)} file of at most {MAX_UPLOAD_BYTES // 2**20} MB with the button: it is "
    "read into this kernel's memory only (not saved on disk, gone when the kernel restarts), and the box then says "
    f"<tt>{UPLOADED}name</tt>. Files of more than {MAX_PANEL_ROWS:,} rows are sampled evenly for training; the status "
    "says so.</div>")
PATH_RULE = Control(FilePath(), f"a file path, or {UPLOADED!r} and the name of the file uploaded last")


class CsvSource:
    """Where csv_panel's table comes from: a typed path (read again only when the file changes, `TableCache`)
    or the file uploaded last, kept in the kernel's memory as its parsed table (never written to disk)."""

    def __init__(self):
        self.cache = TableCache()
        self.upload = None        # (name, Table) of the file uploaded last

    def read(self, path: str):
        if self.upload is not None and path == UPLOADED + self.upload[0]:
            return self.upload[1]
        return self.cache.read(path)

    def take_upload(self, item) -> str:
        """Read an uploaded file (a FileUpload value's item: name, size, content) and keep its table; returns the
        path box's text for it. A wrong type, a file over MAX_UPLOAD_BYTES or a bad file: the course's ValueError."""
        name = Text("a file name", longest=200)("the uploaded file's name", str(item.get("name", "")) or "(no name)")
        if not name.lower().endswith(UPLOAD_TYPES):
            raise ValueError(f"{name}: only {' and '.join(UPLOAD_TYPES)} files are read; allowed: a CSV text file "
                             "(commas, semicolons or tabs between the cells)")
        size = int(item.get("size") or len(item.get("content") or b""))
        if size > MAX_UPLOAD_BYTES:
            raise ValueError(f"{name}: is {size / 2**20:.1f} MB; an upload may have at most {MAX_UPLOAD_BYTES // 2**20} "
                             "MB: put a larger file in a folder beside the notebook and type its path")
        table = read_table_bytes(name, item.get("content") or b"")
        self.upload = (name, table)
        return UPLOADED + name


@dataclass(frozen=True)
class CsvRows:
    """The rows csv_panel trains and tests on, prepared once per file, columns and hold-out choice."""

    columns: tuple            # the file's numeric columns
    chosen: tuple             # (input 1, input 2, target)
    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray
    rows: int                 # rows in the file
    used: int                 # rows trained and tested on (all of them up to MAX_PANEL_ROWS, else an even sample)


def prepare_rows(table, name: str, chosen: tuple, holdout: bool) -> CsvRows:
    """The chosen columns as X and y: numbers beyond +-1e100 refused with their line and column; more than
    MAX_PANEL_ROWS rows sampled evenly through the file; with `holdout` a quarter held out (seed 0)."""
    columns = table.columns
    values = table.values[:, [columns.index(c) for c in chosen]]
    too_large = np.abs(values) > MAX_MAGNITUDE
    if too_large.any():
        row, column = (int(k) for k in np.argwhere(too_large)[0])
        line = table.line_of(row)
        raise ValueError(f"{name}: {f'line {line}, ' if line is not None else ''}column {shown(chosen[column])}: "
                         f"{values[row, column]:g} is too large; allowed: numbers with |value| <= {MAX_MAGNITUDE:g} "
                         "(the network squares them)")
    rows = len(values)
    if rows > MAX_PANEL_ROWS:
        values = values[np.unique(np.linspace(0, rows - 1, MAX_PANEL_ROWS).round().astype(np.int64))]
    X, y = values[:, :2], values[:, 2].copy()
    if holdout:
        if len(y) < 4:
            raise ValueError(f"{name}: has {len(y)} rows; holding out a quarter needs at least 4")
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_fraction=TEST_FRACTION, seed=0)
    else:
        X_train, X_test, y_train, y_test = X, np.empty((0, 2)), y, np.empty(0)
    return CsvRows(tuple(columns), tuple(chosen), X_train, X_test, y_train, y_test, rows, len(values))


def rows_html(data: CsvRows, drawn: int) -> str:
    """How many rows the file has, how many trained, how many points the plot shows."""
    total = len(data.y_train) + len(data.y_test)
    if data.used < data.rows:
        text = (f"{data.rows:,} rows in the file; the panel trains and tests on {data.used:,} of them, evenly spaced "
                f"through the file (about every {data.rows / data.used:.3g}th row), so that a move answers within a "
                "second")
    else:
        text = f"{data.rows:,} rows"
    if drawn < total:
        text += f"; the right plot shows {drawn:,} of the {total:,} points, evenly spaced"
    return text


def csv_panel(path="../data/stackloss.csv", scaled=True, lr=0.025, epochs=1000, holdout=False,
              start: Params | None = None, max_epochs=5000):
    """Load any CSV with numeric columns, pick two inputs and a target, scale, train, plot (08_data).

    The path box is read when you press Enter or leave it (a relative path starts from the notebook's
    folder); the upload button reads a .csv or .txt file from your computer into the kernel's memory
    (at most 10 MB; nothing is saved on disk). The three menus then list the file's columns (the first
    two as inputs, the last as target, until you choose). Any problem (no such file, a cell that is not
    a number, NaN, a number beyond 1e100, an empty file, too few columns) is shown in the panel's error
    line, naming file, line and column; the plots, menus and status keep the last good run. A file of
    more than 10,000 rows is sampled evenly for training and the scatter draws at most 3,000 points;
    the status says how many.
    """
    start = check_params(init.LECTURE_START if start is None else start, "start")
    path = PATH_RULE("path", path)
    max_epochs = validate(max_epochs=max_epochs)
    scaled, holdout, lr, epochs = check_values(
        {"scaled": FLAG_RULE, "holdout": FLAG_RULE, "lr": log_slider_rule(-8, 0),
         "epochs": slider_rule(0, max_epochs, "epochs", whole=True)},
        scaled=scaled, holdout=holdout, lr=lr, epochs=epochs).values()
    source = CsvSource()
    try:
        first_columns = source.read(path).columns
        chosen = choose_columns(first_columns)
    except ValueError:  # the panel shows the message when it computes
        first_columns, chosen = (), (None, None, None)
    menu = lambda description, value: widgets.Dropdown(options=list(first_columns), value=value,
                                                       description=description, style=STYLE)
    controls = {
        "path": widgets.Text(value=path, description="CSV file", continuous_update=False, style=STYLE,
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
    upload = widgets.FileUpload(accept=",".join(UPLOAD_TYPES), multiple=False, description="upload a CSV file")
    upload.add_class("nnmath-csv-upload")
    view = TrainTestView(floor_label="variance of y")
    holder = []      # the panel, once built: draw refills the menus without triggering a refresh
    prepared = {}    # the rows of the last file, columns and hold-out choice: a move of lr or epochs reuses them

    def compute(path, input1, input2, target, scaled, holdout, lr, epochs):
        table = source.read(path)
        name = path if len(path) <= 200 else shown(path)
        chosen = choose_columns(table.columns, input1, input2, target, path)
        if prepared.get("table") is not table or prepared.get("key") != (chosen, holdout):
            prepared.update(table=table, key=(chosen, holdout), rows=prepare_rows(table, name, chosen, holdout))
        data = prepared["rows"]
        result = train_and_test(data.X_train, data.y_train, data.X_test, data.y_test, start, lr, epochs, scaled)
        return result, data, float(np.var(data.y_train))

    def draw(computed):
        result, data, baseline = computed
        view.update(result, baseline)
        _show_columns(data.columns, data.chosen)
        input1, input2, target = (html.escape(c) for c in data.chosen)
        names = (f"<div>{rows_html(data, view.fit.drawn_points())}; inputs <b>{input1}</b>, <b>{input2}</b> → "
                 f"target <b>{target}</b>. Baseline: predicting the mean of the training targets leaves their "
                 f"variance, {format_number(baseline)}.</div>")
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

    def uploaded(change):
        files = change["new"]
        if not files:
            return
        try:
            box_text = source.take_upload(files[0])
        except ValueError as error:   # shown like any other problem; the panel keeps its last good run
            holder[0].error.value = error_html(error)
        else:
            holder[0].set(path=box_text)
        finally:
            upload.value = ()         # the widget lets go of the bytes; the parsed table stays in `source`

    panel = LivePanel(controls, compute, draw, view.figure, layout_columns=2, rules={"path": PATH_RULE},
                      top=(widgets.HBox([upload]), widgets.HTML(CSV_HELP)))
    panel.view = view
    panel.source = source
    panel.upload = upload
    holder.append(panel)
    upload.observe(uploaded, names="value")
    return panel
