"""10_find_the_bug: cases show their symptoms, the compiled loop is the readable one, the panel hides the answer."""
import matplotlib
import numpy as np
import pytest

from nnmath import NAMES, faulty_train, loss, train
from nnmath.core.analysis import frozen_parameters
from nnmath.core.cases import (CASES, FLAG_ABOVE, LINEAR_START, RELU_START, SETUPS, case_data,
                               check_gradient_function, check_gradients)
from nnmath.core.faults import FAULTS
from nnmath.core.gradcheck import relative_error
from nnmath.fast.diagnose import investigate
from nnmath.ui.bug_panel import bug_panel, status_html
from nnmath.core.init import LECTURE_START
from nnmath.core.reference import forward_all, loss_and_gradients_one

matplotlib.use("agg")
X, Y = case_data()
HIDDEN = ("w1", "w2", "w3", "w4", "b1", "b2")


def case_of(fault):
    (letter,) = [k for k, case in CASES.items() if case.fault == fault]
    return letter


@pytest.fixture(scope="module")
def results():
    return {case.fault: investigate(letter) for letter, case in CASES.items()}


def test_a_diverging_faulty_run_stops_at_the_first_non_finite_epoch():
    run = faulty_train(LINEAR_START, X, Y, 3.0, 50, "swapped relu index")
    # lr 3 throws a parameter beyond 1e100 within the first epoch: the course's mark of divergence
    assert run.diverged_at == 1 and len(run.losses) == 0
    assert len(run.trajectory) == 1 and run.params == LINEAR_START
    result = investigate(case_of("swapped relu index"), lr=3.0, epochs=50)
    assert result.diverged_at == 1 and len(result.losses) == 0
    assert result.correct.diverged_at == 1
    assert "diverged at epoch 1" in status_html(result)


# ----------------------------------------------------------------------------------
# The cases
# ----------------------------------------------------------------------------------

def test_five_cases_one_per_fault_in_a_shuffled_order_that_printing_does_not_reveal():
    assert list(CASES) == ["A", "B", "C", "D", "E"]
    faults = [case.fault for case in CASES.values()]
    assert sorted(faults) == sorted(SETUPS)
    assert faults != list(SETUPS)
    for case in CASES.values():
        assert case.fault not in repr(case)
        assert (case.start, case.output) == SETUPS[case.fault]
    assert sorted(case.output for case in CASES.values()).count("relu") == 2  # the output is no give-away


def test_no_update_leaves_every_parameter_and_the_loss_where_they_started(results):
    r = results["no update"]
    assert np.all(r.path == LINEAR_START.to_array())
    assert r.frozen == NAMES
    assert r.losses == pytest.approx(np.full(100, loss(LINEAR_START, X, Y)), rel=1e-12)
    assert r.losses[0] == pytest.approx(41.6056, abs=1e-4)
    assert r.correct.final_loss == pytest.approx(2.404, abs=1e-3)
    assert r.flagged == ()  # its gradients are right: the check cannot see a missing update


def test_frozen_bias_keeps_b1_while_everything_else_learns(results):
    r = results["frozen bias"]
    assert r.frozen == ("b1",)
    assert np.all(r.path[:, NAMES.index("b1")] == 0.5)
    moved = np.abs(r.end.to_array() - r.start.to_array())
    assert np.all(np.delete(moved, NAMES.index("b1")) > 0.03)
    assert r.correct.params.b1 == pytest.approx(2.309, abs=1e-3)  # where b1 should have gone
    assert r.final_loss == pytest.approx(3.326, abs=1e-3) and r.correct.final_loss == pytest.approx(2.692, abs=1e-3)
    assert r.flagged == ()


def test_equal_start_keeps_h1_and_h2_copies_and_ends_higher(results):
    r = results["equal start"]
    assert np.all(r.path[0] == np.mean(LINEAR_START.to_array())) and r.path[0, 0] == pytest.approx(0.58333, abs=1e-5)
    for a, b in [("w1", "w2"), ("w3", "w4"), ("w5", "w6"), ("b1", "b2")]:
        assert np.array_equal(r.path[:, NAMES.index(a)], r.path[:, NAMES.index(b)])
    assert r.twins and r.frozen == ()
    assert r.final_loss == pytest.approx(4.121, abs=1e-3) and r.final_loss > r.correct.final_loss
    assert r.flagged == ()


def test_swapped_relu_index_is_flagged_on_the_hidden_layer_only_and_the_loss_rises(results):
    r = results["swapped relu index"]
    assert r.flagged == HIDDEN
    assert not any(row.flagged for row in check_gradients(r.start, X, Y, "none"))
    rows = {row.name: row for row in r.check}
    # w5 = w6 = 1 at this start, so the two hidden nodes' gradients are exactly exchanged
    assert rows["w1"].analytic == pytest.approx(rows["w2"].numeric, rel=1e-7)
    assert rows["w1"].numeric == pytest.approx(-29.515, abs=1e-6)
    assert r.losses[0] == pytest.approx(12.74, abs=0.01) and r.final_loss == pytest.approx(37.40, abs=0.01)
    assert r.correct.final_loss == pytest.approx(2.404, abs=1e-3)


def test_ignored_output_relu_is_flagged_everywhere_though_the_loss_curve_looks_fine(results):
    r = results["output relu ignored"]
    f = forward_all(RELU_START, X, "relu")
    assert np.sum(f.z3 < 0) == 48 and np.min(np.abs(f.z3)) > 0.19
    assert r.flagged == NAMES
    assert r.final_loss == pytest.approx(r.correct.final_loss, rel=1e-3)
    assert r.final_loss == pytest.approx(2.691, abs=1e-3)


def test_the_check_is_blind_where_the_mistake_changes_nothing():
    lecture_X, lecture_y = np.array([[1.0, 0.0]]), np.array([2.0])  # z1 = 1.5 and z2 = 0.75: both on
    assert not any(r.flagged for r in check_gradients(LINEAR_START, lecture_X, lecture_y, "swapped relu index"))
    assert np.all(forward_all(LINEAR_START, X, "relu").z3 > 0)  # no sample with z3 < 0
    assert not any(r.flagged for r in check_gradients(LINEAR_START, X, Y, "output relu ignored", "relu"))


def test_a_kink_on_a_sample_fools_the_check_of_a_correct_gradient():
    assert np.sum(X[:, 0] == X[:, 1]) == 7  # z2 = (x1 - x2)/2 = 0 exactly at the lecture start
    rows = check_gradients(LECTURE_START, X, Y, "none")
    assert tuple(r.name for r in rows if r.flagged) == ("w2", "w4", "b2")
    assert {r.name: r.numeric for r in rows}["b2"] == pytest.approx(-1.28, abs=1e-6)  # -0.54 - 0.74: half the kink


def test_the_all_dead_output_start_is_stuck_for_the_correct_loop_only():
    start = RELU_START.replace(b3=-12.3)
    assert np.all(forward_all(start, X, "relu").z3 < 0)
    correct = train(start, X, Y, 4e-4, 100, output="relu")
    losses = faulty_train(start, X, Y, 4e-4, 100, "output relu ignored", "relu").losses
    assert np.all(correct.losses == np.mean(Y ** 2)) and correct.final_loss == pytest.approx(186.16)
    assert losses[-1] == pytest.approx(2.8755, abs=1e-4)


def test_relative_error_and_frozen_parameters():
    assert relative_error(0.0, 1e-12) == pytest.approx(1e-8)  # below the floor 1e-4: compared absolutely
    assert relative_error(-2.0, -1.0) == 0.5
    path = np.array([[1.0] * 9, [1.0] * 8 + [2.0]])
    assert frozen_parameters(path) == NAMES[:8]


def test_checking_your_own_gradient_code():
    assert not any(r.flagged for r in check_gradient_function(loss_and_gradients_one, LINEAR_START, X, Y))

    def planted(p, x1, x2, y):  # x1 where x2 belongs, in d_w3 only
        loss_i, g = loss_and_gradients_one(p, x1, x2, y)
        return loss_i, g.replace(w3=g.b1 * x1)

    rows = check_gradient_function(planted, LINEAR_START, X, Y)
    assert tuple(r.name for r in rows if r.flagged) == ("w3",)
    assert rows[2].relative_error > FLAG_ABOVE


# ----------------------------------------------------------------------------------
# The panel
# ----------------------------------------------------------------------------------

@pytest.mark.parametrize("letter", list(CASES))
def test_the_status_names_the_fault_only_when_revealed(letter):
    result = investigate(letter, epochs=20)
    fault = CASES[letter].fault
    hidden = status_html(result, reveal=False)
    shown = status_html(result, reveal=True)
    assert fault not in hidden and FAULTS[fault].meaning not in hidden and "The bug" not in hidden
    assert f"<b>{fault}</b>" in shown and FAULTS[fault].meaning in shown
    assert f"Case {letter}" in hidden and "parameters that never moved" in hidden


def test_panel_controls_lr_first_and_the_figure_updates_in_place():
    panel = bug_panel()
    assert list(panel.controls) == ["case", "lr", "epochs", "reveal"]
    assert type(panel.controls["lr"]).__name__ == "FloatLogSlider"
    assert panel.result[0].case.letter == "A" and panel.error.value == ""
    view = panel.view
    bars = view.bars
    before = view.loss.drawn(0).copy()
    panel.set(lr=panel.controls["lr"].value * 10 ** 0.3)  # three notches of the slider
    assert not np.array_equal(view.loss.drawn(0), before)
    assert panel.result[0].final_loss != pytest.approx(37.40, abs=0.01)
    heights = np.array(bars.y)
    assert np.array_equal(heights, [max(r.relative_error, 1e-12) for r in panel.result[0].check])
    panel.set(case=case_of("no update"))
    assert view.bars is bars and not np.array_equal(bars.y, heights)   # the same bars, new heights
    assert np.all(view.loss.drawn(0) == pytest.approx(41.6056, abs=1e-4))
    assert "no update" not in panel.status.value
    panel.set(reveal=True)
    assert "no update" in panel.status.value
    assert panel.last_update_seconds < 2.0  # about 0.1 s here; generous for a busy machine
    panel.set(epochs=300)
    assert len(view.loss.drawn(1)) == 300
    panel.close()


def test_unknown_case_is_a_value_error():
    with pytest.raises(ValueError, match="case must be one of"):
        investigate("F")
    with pytest.raises(ValueError, match="case must be one of"):
        bug_panel(case="Z")
