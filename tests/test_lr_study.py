"""core.lr_study (05_learning_rate) and its committed long run.

The file data/lr_1e-7_million_epochs.json holds the students' lr 1e-7 run for 1,000,000 epochs (too slow for the
notebook's budget). Its first 20,000 epochs are recomputed here with the script that made it, and must give the
file's numbers bit for bit, so the file cannot drift from the code.
"""
import importlib.util
from pathlib import Path

import numpy as np
import pytest

import nnmath
from nnmath import Params
from nnmath.core import lr_study
from nnmath.core.init import LECTURE_START_2

DATA = Path(__file__).resolve().parents[1] / "data"


def make_long_run():
    spec = importlib.util.spec_from_file_location("make_long_run", DATA / "make_long_run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_long_run_file_is_what_its_script_computes():
    script = make_long_run()
    cached = lr_study.load_long_run()
    kept = cached.checkpoints <= 20_000
    short = script.long_run(epochs=20_000, keep=cached.checkpoints[kept])
    assert (cached.lr, cached.epochs, cached.fault, cached.output) == (1e-7, 1_000_000, *lr_study.STUDENTS_LOOP)
    assert cached.start == LECTURE_START_2 and cached.data == short["data"] == "nnmath.data.lecture_data()"
    assert kept.sum() > 200 and list(cached.checkpoints[kept]) == short["checkpoints"]
    assert list(cached.losses[kept]) == short["losses"]          # bit for bit


def test_the_file_keeps_every_epoch_the_notebook_reads():
    cached = lr_study.load_long_run()
    for epoch in (1, 2, 12, 25, 1000, 10_000, 100_000, 500_000, 1_000_000):
        assert np.isfinite(cached.loss_at(epoch))
    assert np.all(np.diff(cached.checkpoints) > 0)
    with pytest.raises(ValueError, match="kept checkpoints"):
        cached.loss_at(999_999)


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="make_long_run"):
        lr_study.load_long_run(tmp_path / "nothing.json")


def test_checkpoints_are_spread_on_a_log_scale_and_include_the_named_epochs():
    script = make_long_run()
    kept = script.checkpoint_epochs(1_000_000)
    assert {1, 2, 12, 25, 1000, 100_000, 1_000_000} <= set(kept.tolist())
    assert 300 < len(kept) < 500
    assert list(script.checkpoint_epochs(30)) == list(range(1, 31))


def test_on_counts_by_hand():
    # z1 = x1 - 2 > 0 for x1 = 3, 4; z2 = x2 - 4.5 > 0 for x2 = 5, 6
    p = Params.from_lists((1, 0, 0, 1, 1, 1), (-2, -4.5, 0))
    X = np.array([[0, 3], [3, 5], [4, 6], [1, 4]], dtype=float)
    assert lr_study.on_counts(p, X) == (2, 2)


def test_pattern_bound_is_a_lower_bound_and_the_plane_when_both_nodes_are_on_everywhere():
    X, y = nnmath.data.lecture_data()
    plane = lr_study.plane_bound(X, y)
    everywhere = Params.from_lists((1, 1, 1, 1, 1, 1), (1, 1, 0))       # z > 0 for every lecture sample
    assert lr_study.pattern_bound(everywhere, X, y) == pytest.approx(plane, rel=1e-12)
    for seed in range(5):
        p = nnmath.init.uniform((-2, 2), (-2, 2), seed=seed, decimals=None)
        assert lr_study.pattern_bound(p, X, y) <= nnmath.loss(p, X, y) + 1e-12
        assert lr_study.pattern_bound(p, X, y) >= lr_study.any_function_floor(X, y) - 1e-12


def test_plane_bound_is_zero_on_a_plane():
    X = np.array([[0, 0], [1, 0], [0, 1], [2, 3]], dtype=float)
    assert lr_study.plane_bound(X, 1 + 2 * X[:, 0] - X[:, 1]) == pytest.approx(0, abs=1e-20)


def test_any_function_floor_by_hand():
    # inputs (0, 0) twice with targets 1 and 3 (mean 2), (1, 1) once: errors 1, 1, 0 -> 2/3
    X = np.array([[0, 0], [0, 0], [1, 1]], dtype=float)
    assert lr_study.any_function_floor(X, [1.0, 3.0, 5.0]) == pytest.approx(2 / 3)


def test_small_helpers():
    assert lr_study.first_epoch_below([5.0, 4.0, 3.9], 4) == 3
    assert lr_study.first_epoch_below([5.0, 4.0], 4) is None
    assert lr_study.valleys([1.0, 1.01, 2.0, 2.03, 5.0, np.nan]) == [(1.0, 2), (2.0, 2), (5.0, 1)]
    assert lr_study.restart_odds(0.5, 2) == 0.75
    X, y = nnmath.data.lecture_data()
    rows = np.array([LECTURE_START_2.to_array(), np.full(9, np.nan)])
    values = lr_study.final_losses(rows, X, y)
    assert values[0] == nnmath.loss(LECTURE_START_2, X, y) and np.isnan(values[1])
