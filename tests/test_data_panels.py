"""08_data's panels: held-out losses computed right, controls retrain, bad CSV files reported in the panel."""

import numpy as np
import pytest

from nnmath import Params, predict, train
from nnmath.core.csvfiles import choose_columns, load_csv
from nnmath.core.data import SIZES, make_dataset, quadratic_data, train_test_split
from nnmath.core.holdout import mse_per_row_reference
from nnmath.core.scaling import scale_dataset
from nnmath.fast.evaluate import mse_per_row as mse_per_epoch
from nnmath.fast.holdout import train_and_test
from nnmath.ui.data_panels import csv_panel, dataset_panel
from nnmath.core.init import LECTURE_START

STACKLOSS = "data/stackloss.csv"  # pytest runs from the repository root (as ./course test does)


@pytest.fixture(autouse=True)
def _repo_root(monkeypatch, request):
    monkeypatch.chdir(request.config.rootpath)


def lines(panel):
    """(training curve, held-out curve) as sent to the browser."""
    return panel.view.loss.drawn(0).copy(), panel.view.loss.drawn(1).copy()


# ----------------------------------------------------------------------------------
# Computation
# ----------------------------------------------------------------------------------

def test_mse_per_epoch_is_the_mse_of_predict_for_every_row():
    X, y = quadratic_data(n=40, seed=3)
    rows = np.random.default_rng(0).normal(size=(5, 9))
    expected = [np.mean((predict(Params.from_array(p), X) - y) ** 2) for p in rows]
    assert np.allclose(mse_per_epoch(rows, X, y), expected, rtol=1e-12)
    assert np.array_equal(mse_per_epoch(rows, X, y), mse_per_row_reference(rows, X, y))  # compiled = readable
    assert np.array_equal(mse_per_epoch(rows, X, y, "relu"), mse_per_row_reference(rows, X, y, "relu"))
    with pytest.raises(ValueError, match="X is empty"):
        mse_per_epoch(rows, np.empty((0, 2)), np.empty(0))
    with pytest.raises(ValueError, match=r"trajectory must be an array of shape \(n, 9\)"):
        mse_per_epoch(rows[:, :8], X, y)
    with pytest.raises(ValueError, match="X has 40 rows but y has 39"):  # the slip mse(traj, X_test, y_train)
        mse_per_epoch(rows, X, y[:39])


@pytest.mark.parametrize("scaled", [False, True])
def test_train_and_test_reports_both_parts_in_original_units(scaled):
    X_train, X_test, y_train, y_test = make_dataset(n=100, seed=1)
    result = train_and_test(X_train, y_train, X_test, y_test, LECTURE_START, 0.01 if scaled else 4e-4, 200, scaled)
    # The same run by hand: scale with the training statistics, train, predict, map back.
    data = scale_dataset(X_train, y_train, "zscore" if scaled else None)
    run = train(LECTURE_START, data.X, data.y, 0.01 if scaled else 4e-4, 200)
    pred_test = data.unscale_predictions(predict(run.params, data.scale_inputs(X_test)))
    pred_train = data.unscale_predictions(predict(run.params, data.X))
    assert result.run.params == run.params
    assert result.test_mse == pytest.approx(np.mean((pred_test - y_test) ** 2), rel=1e-12)
    assert result.train_mse == pytest.approx(np.mean((pred_train - y_train) ** 2), rel=1e-12)
    # Curves end where the final network is, and start after epoch 1.
    assert len(result.train_curve) == len(result.test_curve) == 200
    assert result.test_curve[-1] == pytest.approx(result.test_mse, rel=1e-9)
    assert result.train_curve[-1] == pytest.approx(result.train_mse, rel=1e-9)
    assert result.updates_per_epoch == len(y_train) == 75


def test_a_scaled_loss_times_the_target_variance_is_the_original_loss():
    X_train, X_test, y_train, y_test = make_dataset(n=300, seed=2)
    result = train_and_test(X_train, y_train, X_test, y_test, LECTURE_START, 0.025, 300, scaled=True)
    data = scale_dataset(X_train, y_train)
    pred_scaled = predict(result.run.params, data.scale_inputs(X_test))
    scaled_test = np.mean((pred_scaled - data.y_scaler.transform(y_test)) ** 2)
    assert result.y_scale ** 2 == pytest.approx(np.var(y_train))
    assert result.test_mse == pytest.approx(scaled_test * np.var(y_train), rel=1e-9)
    assert 0.03 < result.test_mse / np.var(y_train) < 0.1       # the students' "about 0.05"


# ----------------------------------------------------------------------------------
# The data-set panel
# ----------------------------------------------------------------------------------

def test_dataset_panel_shows_the_default_run_with_train_and_held_out_mse():
    panel = dataset_panel(n=300, seed=2)
    X_train, X_test, y_train, y_test = train_test_split(*quadratic_data(n=300, seed=2), test_fraction=0.25, seed=2)
    run = train(LECTURE_START, X_train, y_train, 4e-4, 1000)
    train_mse = np.mean((predict(run.params, X_train) - y_train) ** 2)
    test_mse = np.mean((predict(run.params, X_test) - y_test) ** 2)
    assert panel.error.value == ""
    assert f"train MSE <b>{train_mse:.6g}</b>" in panel.status.value
    assert f"held-out MSE <b>{test_mse:.6g}</b>" in panel.status.value
    assert "noise floor 2" in panel.status.value
    assert lines(panel)[1][-1] == pytest.approx(test_mse)


def test_the_first_slider_is_the_size_and_three_notches_right_retrain_on_more_samples():
    panel = dataset_panel(n=300, seed=2)
    first = next(c for c in panel.controls.values() if "Slider" in type(c).__name__)
    assert first is panel.controls["n"] and tuple(first.options) == SIZES
    before_train, before_test = lines(panel)
    first.value = SIZES[SIZES.index(300) + 3]   # no event loop in pytest: refreshes at once
    assert panel.result[0].updates_per_epoch == 2250
    after_train, after_test = lines(panel)
    assert not np.array_equal(before_test, after_test)
    assert panel.error.value == ""


def test_dataset_controls_change_the_losses():
    panel = dataset_panel(n=300, seed=2)
    base = panel.result[0]
    panel.set(n=30)
    small = panel.result[0]
    assert len(small.y_train) == 22 and len(small.y_test) == 8
    assert small.train_mse < small.test_mse                    # fits, does not generalise
    panel.set(n=300, noise=16)
    assert panel.result[1] == 24.0 and panel.result[0].test_mse > base.test_mse + 15
    panel.set(noise=4, distribution="skewed")
    assert panel.result[0].test_mse != base.test_mse


def test_wide_ranges_diverge_at_the_default_rate_and_train_when_scaled():
    panel = dataset_panel(n=300, seed=2, input_range="wide")
    assert panel.result[0].run.diverged_at == 1
    assert "diverged at epoch 1" in panel.status.value
    assert list(panel.view.loss.note.text) == ["diverged at epoch 1"]
    panel.set(scaled=True, lr=0.01)
    result = panel.result[0]
    assert not result.run.diverged
    assert result.test_mse / result.y_scale ** 2 < 0.15        # a small scaled loss ...
    assert result.test_mse > 10_000                             # ... that is large in original units
    assert "in scaled units" in panel.status.value


# ----------------------------------------------------------------------------------
# The CSV panel
# ----------------------------------------------------------------------------------

def test_csv_panel_loads_stackloss_and_fills_the_column_menus():
    panel = csv_panel(STACKLOSS, scaled=True, lr=0.025, epochs=1000)
    assert panel.error.value == ""
    for name in ("input1", "input2", "target"):
        assert tuple(panel.controls[name].options) == ("air_flow", "water_temp", "stack_loss")
    assert (panel.controls["input1"].value, panel.controls["input2"].value, panel.controls["target"].value) == \
        ("air_flow", "water_temp", "stack_loss")
    result = panel.result[0]
    assert len(result.y_train) == 21 and len(result.y_test) == 0
    assert f"{np.var(result.y_train):.6g}" == "98.5351"
    assert "98.5351" in panel.status.value
    assert result.train_mse < 0.15 * 98.5351


@pytest.mark.parametrize("name, text, message", [
    ("missing.csv", None, "missing.csv: no such file"),
    ("text.csv", "a,b,c\n1,2,3\n4,five,6\n", "line 3, column &#x27;b&#x27;: &#x27;five&#x27; is not a number"),
    ("nan.csv", "a,b,c\n1,2,3\n4,5,nan\n", "line 3, column &#x27;c&#x27;: &#x27;nan&#x27; is not a finite number"),
    ("empty.csv", "", "the file is empty"),
    ("two.csv", "a,b\n1,2\n", "need three numeric columns"),
])
def test_a_bad_file_is_reported_in_the_panel_and_changes_nothing_else(tmp_path, name, text, message):
    panel = csv_panel(STACKLOSS)
    result, status, drawn = panel.result, panel.status.value, lines(panel)
    path = tmp_path / name
    if text is not None:
        path.write_text(text)
    panel.set(path=str(path))
    assert "ValueError" in panel.error.value and message in panel.error.value
    assert str(tmp_path) in panel.error.value                  # names the file
    assert panel.result is result and panel.status.value == status
    assert all(np.array_equal(a, b, equal_nan=True) for a, b in zip(lines(panel), drawn))
    assert tuple(panel.controls["target"].options) == ("air_flow", "water_temp", "stack_loss")
    panel.set(path=STACKLOSS)                                  # back to a good file: the error goes
    assert panel.error.value == ""


def test_a_new_file_refills_the_menus_and_the_chosen_columns_are_used(tmp_path):
    X, y = quadratic_data(n=40, seed=5)
    path = tmp_path / "four.csv"
    rows = ["p,q,r,s"] + [",".join(repr(float(v)) for v in (a, b, t, 2 * t)) for (a, b), t in zip(X, y)]
    path.write_text("\n".join(rows) + "\n")
    panel = csv_panel(STACKLOSS, scaled=False, lr=4e-4, epochs=100)
    panel.set(path=str(path))
    assert panel.error.value == ""
    assert tuple(panel.controls["input1"].options) == ("p", "q", "r", "s")
    assert (panel.controls["input1"].value, panel.controls["input2"].value, panel.controls["target"].value) == \
        ("p", "q", "s")
    assert np.array_equal(panel.result[0].y_train, 2 * y)
    panel.set(target="r")
    assert np.array_equal(panel.result[0].y_train, y)
    by_hand = train(LECTURE_START, X, y, 4e-4, 100).params
    assert panel.result[0].train_mse == pytest.approx(np.mean((predict(by_hand, X) - y) ** 2))
    panel.set(input2="p")
    assert "pick two different input columns" in panel.error.value
    panel.set(input2="q", target="q")
    assert "both an input and the target" in panel.error.value


def test_csv_panel_held_out_mse_matches_a_direct_computation():
    panel = csv_panel(STACKLOSS, scaled=True, lr=0.025, epochs=300, holdout=True)
    X, y = load_csv(STACKLOSS)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_fraction=0.25, seed=0)
    data = scale_dataset(X_train, y_train)
    run = train(LECTURE_START, data.X, data.y, 0.025, 300)
    pred = data.unscale_predictions(predict(run.params, data.scale_inputs(X_test)))
    result = panel.result[0]
    assert len(result.y_test) == 5
    assert result.test_mse == pytest.approx(np.mean((pred - y_test) ** 2), rel=1e-12)
    assert "held-out MSE" in panel.status.value


def test_choose_columns():
    assert choose_columns(("a", "b", "c", "d")) == ("a", "b", "d")
    assert choose_columns(("a", "b", "c", "d"), "d", "a", "b") == ("d", "a", "b")
    assert choose_columns(("a", "b", "c"), "x", "y", "z") == ("a", "b", "c")     # names from another file
    with pytest.raises(ValueError, match="need three numeric columns"):
        choose_columns(("a", "b"))
