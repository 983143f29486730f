"""Live panels retrain on change, coalesce bursts, show errors and divergence in the panel,
and send one message per changed widget per refresh."""
import asyncio
import base64
import io
from collections import Counter

import bqplot as bq
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import ipywidgets as widgets
import pytest

from nnmath import sample_gradients, sgd_step, train
from nnmath.core.analysis import dead_nodes
from nnmath.core.data import quadratic_data
from nnmath.core.init import LECTURE_START_2, PRESETS
from nnmath.ui.bq import descendants
from nnmath.ui.panel import Coalescer, LivePanel
from nnmath.ui.training_panels import training_panel

matplotlib.use("agg")
X, Y = quadratic_data(n=120, seed=2)


def loss_line(panel):
    """The loss curve as sent to the browser (the bqplot line's y values)."""
    return panel.view.loss.drawn()


def test_training_panel_draws_the_default_run_when_built():
    panel = training_panel(X, Y, lr=4e-4, epochs=300)
    expected = train(LECTURE_START_2, X, Y, 4e-4, 300)
    assert np.array_equal(loss_line(panel), expected.losses)
    assert f"final loss {expected.final_loss:.6g}" in panel.status.value
    assert panel.error.value == ""


def test_moving_a_control_retrains_with_the_new_value():
    panel = training_panel(X, Y, lr=4e-4, epochs=300)
    panel.controls["lr"].value = 1e-4          # no event loop here: refreshes at once
    assert np.array_equal(loss_line(panel), train(LECTURE_START_2, X, Y, 1e-4, 300).losses)
    panel.set(start="all zeros", epochs=50)
    zeros_run = train(PRESETS["all zeros"], X, Y, 1e-4, 50)
    assert np.array_equal(loss_line(panel), zeros_run.losses)
    assert "dead hidden nodes (off for every sample): <b>h1, h2</b>" in panel.status.value
    assert dead_nodes(zeros_run.params, X) == ("h1", "h2")


def test_divergence_is_written_on_the_plot_with_its_epoch():
    panel = training_panel(X, Y, lr=0.3, epochs=300)
    run = train(LECTURE_START_2, X, Y, 0.3, 300)
    assert run.diverged
    assert list(panel.view.loss.note.text) == [f"diverged at epoch {run.diverged_at}"]
    assert f"diverged at epoch {run.diverged_at}" in panel.status.value
    assert len(loss_line(panel)) == run.diverged_at - 1


def line_figure():
    scales = {"x": bq.LinearScale(), "y": bq.LinearScale()}
    line = bq.Lines(x=[0.0, 1.0], y=[0.0, 1.0], scales=scales)
    return bq.Figure(marks=[line], axes=[bq.Axis(scale=scales["x"])]), line


def test_an_error_in_compute_is_shown_in_the_panel_and_the_figure_keeps_its_state():
    slider = widgets.FloatSlider(value=1.0, min=-5, max=5)
    figure, line = line_figure()

    def compute(x):
        if x < 0:
            raise ValueError("x must be >= 0")
        return x

    def draw(x):
        line.y = np.array([0.0, x])

    panel = LivePanel({"x": slider}, compute, draw, figure)
    slider.value = -1.0
    assert "ValueError: x must be &gt;= 0" in panel.error.value
    assert list(line.y) == [0, 1.0]
    slider.value = 2.0
    assert panel.error.value == "" and list(line.y) == [0, 2.0]


def test_an_error_in_draw_is_shown_in_the_panel():
    slider = widgets.FloatSlider(value=1.0)
    figure, line = line_figure()

    def draw(x):
        if x > 3:
            raise RuntimeError("cannot draw this")
        line.y = np.array([0.0, x])

    panel = LivePanel({"x": slider}, lambda x: x, draw, figure)
    panel.set(x=4.0)
    assert "RuntimeError: cannot draw this" in panel.error.value and panel.result == 1.0
    panel.set(x=2.0)
    assert panel.error.value == "" and panel.result == 2.0


def test_a_panel_figure_must_be_a_widget():
    from matplotlib.figure import Figure

    slider = widgets.FloatSlider(value=1.0)
    with pytest.raises(ValueError, match="figure must be a widget"):
        LivePanel({"x": slider}, lambda x: x, lambda x: None, Figure())
    panel = LivePanel({"x": slider}, lambda x: x, lambda x: f"x = {x}")   # no figure: controls and a status line
    assert panel.status.value == "x = 1.0" and panel.static_png() is None


@pytest.fixture
def sent(monkeypatch):
    """Every comm message widgets send, as (model id, method) pairs."""
    messages = []
    original = widgets.Widget._send

    def record(self, msg, buffers=None):
        messages.append((self.model_id, msg.get("method")))
        return original(self, msg, buffers)

    monkeypatch.setattr(widgets.Widget, "_send", record)
    return messages


def test_a_refresh_sends_one_message_per_changed_widget_and_nothing_from_the_rest(sent):
    panel = training_panel(X, Y, lr=4e-4, epochs=300, floor=2.0)
    sent.clear()
    panel.set(lr=2e-4)
    counts = Counter(model for model, method in sent if method == "update")
    assert counts and max(counts.values()) == 1, counts
    changed = {panel.view.loss.lines[0].model_id, panel.view.fit.points[0].model_id, panel.status.model_id}
    assert changed <= set(counts)
    untouched = {panel.view.loss.floor_line.model_id, panel.view.fit.diagonal.model_id, panel.view.fit.x.model_id}
    assert not untouched & set(counts)   # the targets and the floor did not change: nothing is sent for them


def test_the_static_picture_is_the_bqplot_figure_drawn_by_matplotlib_once_per_refresh(monkeypatch):
    from nnmath.ui import static

    panel = training_panel(X, Y, lr=4e-4, epochs=50, floor=2.0)
    calls = []
    original = static.png
    monkeypatch.setattr(static, "png", lambda widget: calls.append(widget) or original(widget))
    bundle = panel._repr_mimebundle_()
    image = plt.imread(io.BytesIO(base64.b64decode(bundle["image/png"])), format="png")
    assert image.shape[:2] == (340, 950)                 # the two 475 x 340 px figures side by side
    assert bundle["text/plain"].startswith("Live panel")
    assert "application/vnd.jupyter.widget-view+json" in bundle
    panel._repr_mimebundle_()
    assert calls == [panel.figure]                       # drawn once, reused while nothing changed
    panel.set(lr=1e-4)
    panel._repr_mimebundle_()
    assert len(calls) == 2


def test_closing_a_panel_closes_its_marks_scales_and_axes():
    panel = training_panel(X, Y, lr=4e-4, epochs=20)
    parts = descendants(panel.widget)
    assert any(isinstance(p, bq.Lines) for p in parts) and any(isinstance(p, bq.LogScale) for p in parts)
    panel.close()
    assert all(p.comm is None for p in parts)
    assert panel._repr_mimebundle_() == {"text/plain": "Closed live panel (re-run its cell to get a new one)"}


def test_a_burst_of_changes_inside_the_event_loop_refreshes_once_with_the_latest_value():
    slider = widgets.IntSlider(value=0, max=100)
    seen = []

    async def build_then_drag():
        panel = LivePanel({"k": slider}, lambda k: k, seen.append, delay=0.05)
        seen.clear()
        for k in range(1, 21):         # within 50 ms of the build's refresh: all absorbed
            slider.value = k
            await asyncio.sleep(0)     # other messages are handled between changes
        await asyncio.sleep(0.15)      # let the one scheduled refresh run
        return panel

    panel = asyncio.run(build_then_drag())
    assert seen == [20]
    assert panel.result == 20 and panel.coalescer.runs == 2  # the build's refresh and one more


class FakeLoop:
    def __init__(self):
        self.scheduled = []

    def call_later(self, wait, callback):
        self.scheduled.append((wait, callback))


def test_coalescer_answers_at_once_after_a_quiet_spell_and_once_for_a_burst():
    now, loop, runs = [100.0], FakeLoop(), []
    coalescer = Coalescer(lambda: runs.append(now[0]), delay=0.02, clock=lambda: now[0], get_loop=lambda: loop)
    coalescer.poke()                       # nothing ran before: at once
    assert runs == [100.0] and loop.scheduled == []
    now[0] = 100.005
    for _ in range(5):                     # a burst 5 ms later: one run, 15 ms later
        coalescer.poke()
    assert runs == [100.0] and len(loop.scheduled) == 1
    wait, callback = loop.scheduled[0]
    assert wait == pytest.approx(0.015)
    now[0] = 100.02
    callback()
    assert runs == [100.0, 100.02] and coalescer.runs == 2
    now[0] = 101.0                         # a quiet second later: at once again
    coalescer.poke()
    assert runs[-1] == 101.0 and len(loop.scheduled) == 1


def test_coalescer_rejects_a_negative_delay():
    with pytest.raises(ValueError, match="delay must be None or a number of seconds >= 0"):
        Coalescer(lambda: None, delay=-1)


def test_building_panels_does_not_pile_up_pyplot_figures():
    before = plt.get_fignums()
    for _ in range(3):
        training_panel(X, Y, epochs=10)
    assert plt.get_fignums() == before


def test_bad_panel_arguments_raise_value_error():
    with pytest.raises(ValueError, match="start must be a Params or one of"):
        training_panel(X, Y, start="nope")
    with pytest.raises(ValueError, match="controls must be chosen from"):
        training_panel(X, Y, controls=("lr", "colour"))
    panel = training_panel(X, Y, epochs=10)
    with pytest.raises(ValueError, match="unknown control"):
        panel.set(colour=1)


def test_start_panel_trains_from_the_sliders_and_presets_move_the_sliders():
    from nnmath.core.init import LECTURE_START
    from nnmath.ui.training_panels import start_panel

    panel = start_panel(X, Y, start="lecture", lr=1e-3, epochs=100)
    assert np.array_equal(loss_line(panel), train(LECTURE_START, X, Y, 1e-3, 100).losses)
    menu = panel.widget.children[2]
    assert "biases 100" not in menu.options and "all zeros" in menu.options
    menu.value = "all zeros"
    assert all(panel.controls[name].value == 0.0 for name in nnmath_names())
    assert np.array_equal(loss_line(panel), train(PRESETS["all zeros"], X, Y, 1e-3, 100).losses)
    assert menu.value == "all zeros"                     # the preset's own slider moves left the menu alone
    panel.set(w1=0.5)
    assert menu.value == "(sliders)"                     # a hand-moved slider says the start is the sliders'
    menu.value = "all zeros"                             # so the same preset can be chosen again
    assert panel.controls["w1"].value == 0.0


def nnmath_names():
    from nnmath import NAMES
    return NAMES


def test_data_panel_regenerates_the_data_and_moves_the_floor_to_its_variance():
    from nnmath.core.data import random_target_data
    from nnmath.core.init import LECTURE_START
    from nnmath.ui.training_panels import data_panel

    panel = data_panel(target="random", n=100, noise=99, lr=1e-4, epochs=50)
    X, y = random_target_data(n=100, seed=0, low=0, high=99)
    assert np.array_equal(loss_line(panel), train(LECTURE_START, X, y, 1e-4, 50).losses)
    floor = panel.view.loss.floor_line.y[0]
    assert floor == pytest.approx(np.var(y))
    panel.set(target="quadratic", noise=4)
    assert panel.view.loss.floor_line.y[0] == 2.0


def test_the_constant_panel_shows_the_mean_the_variance_and_the_slope():
    from nnmath.ui.small_panels import constant_prediction_panel

    panel = constant_prediction_panel([1.0, 2.0, 6.0], c=3.0)
    c, value, slope = panel.result
    assert (c, slope) == (3.0, 0.0) and abs(value - 14 / 3) < 1e-12      # mean 3, variance 14/3
    panel.set(c=7.3)
    assert list(panel.view.marks[-1].y) == [pytest.approx(np.mean((7.3 - np.array([1.0, 2.0, 6.0])) ** 2))]  # the dot
    assert "slope 2(c - mean) = 8.600" in panel.status.value and panel.error.value == ""
    panel.close()


def test_the_one_step_panel_shows_the_reference_gradients_and_step():
    from nnmath.core.init import LECTURE_START
    from nnmath.ui.small_panels import one_step_panel

    panel = one_step_panel(LECTURE_START, lr_range=(0.001, 100))
    assert panel.controls["lr"].min == -3 and panel.controls["lr"].max == 2
    start, grads, new, f, y = panel.result
    assert grads == sample_gradients(LECTURE_START, 1.0, 0.0, 2.0)   # w5 1.5, w6 0.5, w3 = w4 = 0, others 1
    assert new.w5 == 1 - 0.01 * 1.5 and new.w3 == 1.0
    panel.set(lr=0.5, x2=1.0, b3=-1.0)
    start = LECTURE_START.replace(b3=-1.0)
    assert np.array_equal(panel.view.gradients.y, sample_gradients(start, 1.0, 1.0, 2.0).to_array())
    assert np.array_equal(panel.view.params.y[1], sgd_step(start, [[1.0, 1.0]], [2.0], 0.5).to_array())
    panel.set(y=panel.result[3].out)                                  # y = out: every gradient 0
    assert not np.any(panel.view.gradients.y) and panel.error.value == ""
    panel.close()
