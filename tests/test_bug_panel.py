"""10_find_the_bug's live panel still works with the new cases (nnmath.ui.bug_panel; its status reveals only on request)."""
import matplotlib
import matplotlib.pyplot
import numpy as np
import pytest

from nnmath.core.cases import CASES, LINEAR_START, case_data, give_up, lock_all
from nnmath.core.faults import FAULTS
from nnmath.core.reference import forward_all
from nnmath.fast.diagnose import investigate
from nnmath.fast.faulty import faulty_train
from nnmath.fast.diagnose import correct_run, run_case
from nnmath.ui.bug_panel import bug_panel, status_html
from nnmath.ui.figures import bug as figures

matplotlib.use("agg")
X, Y = case_data()


def test_a_diverging_faulty_run_stops_at_the_first_non_finite_epoch():
    run = faulty_train(LINEAR_START, X, Y, 3.0, 50, "swapped relu index")
    assert run.diverged_at == 1 and len(run.losses) == 0
    assert len(run.trajectory) == 1 and run.params == LINEAR_START
    result = investigate("B", lr=3.0, epochs=50)
    assert result.diverged_at == 1 and len(result.losses) == 0 and result.correct.diverged_at == 1
    assert "diverged at epoch 1" in status_html(result)


@pytest.mark.parametrize("letter", list(CASES))
def test_the_status_names_the_fault_only_when_revealed(letter):
    lock_all()
    result = investigate(letter, epochs=20)
    fault = CASES[letter].fault
    hidden = status_html(result, reveal=False)
    locked = status_html(result, reveal=True)   # asked for, but nothing diagnosed yet
    assert fault not in hidden and FAULTS[fault].meaning not in hidden and "The bug" not in hidden
    assert FAULTS[fault].meaning not in locked and f'diagnose("{letter}", ...)' in locked
    give_up(letter)
    shown = status_html(result, reveal=True)
    assert FAULTS[fault].meaning.split(":")[0] in shown
    assert f"Case {letter}" in hidden and "parameters that never moved" in hidden
    lock_all()


def test_investigate_runs_a_case_at_its_own_setup_unless_told():
    result = investigate("H")
    assert (result.lr, result.epochs) == (1e-3, 1000)
    assert investigate("H", 4e-4, 100).epochs == 100
    slow, fast = investigate("A", epochs=3, fast=False), investigate("A", epochs=3)
    assert np.array_equal(slow.path, fast.path) and np.array_equal(slow.losses, fast.losses)


def test_panel_controls_lr_first_and_the_figure_updates_in_place():
    panel = bug_panel()
    assert list(panel.controls) == ["case", "lr", "epochs", "reveal"]
    assert [value for _, value in panel.controls["case"].options] == list(CASES)
    assert panel.result[0].case.letter == "A" and panel.error.value == ""
    view = panel.view
    before = view.loss.drawn(0).copy()
    panel.set(lr=panel.controls["lr"].value * 10 ** 0.3)
    assert not np.array_equal(view.loss.drawn(0), before)
    bars = view.bars
    heights = np.array(bars.y)
    assert np.array_equal(heights, [max(r.relative_error, 1e-12) for r in panel.result[0].check])
    panel.set(case="C")  # no update
    assert view.bars is bars and not np.array_equal(bars.y, heights)   # the same bars, new heights
    assert np.all(view.loss.drawn(0) == pytest.approx(41.6056, abs=1e-4))
    assert "no update" not in panel.status.value
    lock_all()
    panel.set(reveal=True)
    assert "no update" not in panel.status.value and 'diagnose("C", ...)' in panel.status.value
    give_up("C")
    panel.refresh()
    assert "no update" in panel.status.value
    lock_all()
    panel.controls["case"].value = "G"    # a case of its own rate: the panel takes it
    assert (panel.controls["lr"].value, panel.controls["epochs"].value) == (CASES["G"].lr, CASES["G"].epochs)
    assert panel.result[0].lr == CASES["G"].lr and panel.result[0].flagged  # checked at its rate: G shows
    assert panel.last_update_seconds < 2.0
    panel.set(case="H", epochs=300)
    assert len(view.loss.drawn(1)) == 300
    panel.close()


def test_unknown_case_is_a_value_error():
    with pytest.raises(ValueError, match="case must be one of"):
        bug_panel(case="Z")


def test_the_case_figures():
    matplotlib.pyplot.switch_backend("agg")  # the panel above may have left the widget backend on
    run, good = run_case("G"), correct_run("G")
    fig = figures.loss_curves({"case G's loop": run, "the correct loop": good}, "Case G")
    ax = fig.axes[0]
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "epoch" and ax.get_title() == "Case G"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["case G's loop (diverged at epoch 55)", "the correct loop"]
    assert len(ax.lines[0].get_xdata()) == 54 and len(ax.lines[-1].get_xdata()) == 100
    f = forward_all(run.params, X)
    fig2 = figures.hidden_pairs(f.h1, f.h2, "h1 against h2")
    assert fig2.axes[0].get_xlabel() == "h1" and fig2.axes[0].get_ylabel() == "h2"
    matplotlib.pyplot.close("all")
