"""The three views of issue 13 against the reference: the backward pass, the surface with its hinges, the LR panel.

Oracles: nnmath.sample_gradients, sample_loss, forward and sgd_step (the backward diagram); nnmath.predict
and the hinge equation z = 0 (the surface); nnmath.train's trajectory (the epoch scrubber); reference
gradient steps and the curvature along b3 worked out by hand (the LR finder and 2/s).
"""
import numpy as np
import pytest

import nnmath
from nnmath import Params, forward, loss, predict, sample_gradients, sample_loss, sgd_step, train
from nnmath.core.analysis import dead_nodes
from nnmath.core.backprop_steps import LOCAL, STAGES, walk_through
from nnmath.core.init import LECTURE_START, LECTURE_START_2, PRESETS, identical, zeros
from nnmath.core.reference import relu_prime
from nnmath.core.scaling import scale_dataset
from nnmath.core.sharpness import sharpness
from nnmath.core.surface import coincide, data_box, hinges, side_marker, surface_grid, view_box
from nnmath.fast.lr_finder import divergence_bound, lr_range_test, rate_schedule
from nnmath.ui.backward_panel import backward_panel
from nnmath.ui.lr_panel import lr_panel
from nnmath.ui.surface_panel import surface_figure, surface_panel

LECTURE_X, LECTURE_Y = nnmath.data.lecture_data()
COURSE_X, COURSE_Y = nnmath.data.quadratic_data(n=120, seed=1)
NAMES = nnmath.NAMES


def random_cases(count=25, seed=0):
    rng = np.random.default_rng(seed)
    for _ in range(count):
        params = Params.from_array(np.round(rng.normal(0, 1.5, 9), 3))
        x1, x2, y = (float(v) for v in np.round(rng.normal(0, 3, 3), 2))
        yield params, x1, x2, y, float(10 ** rng.uniform(-3, 0)), str(rng.choice(["linear", "relu"]))


# ----------------------------------------------------------------------------------
# The backward pass, step by step
# ----------------------------------------------------------------------------------

@pytest.mark.parametrize("case", list(random_cases()) + [(LECTURE_START, 1.0, 0.0, 2.0, 0.1, "linear"),
                                                        (LECTURE_START.replace(b3=-5.0), 1.0, 0.0, 2.0, 0.1, "relu"),
                                                        (LECTURE_START.replace(b2=-3.0), 1.0, 0.0, 2.0, 0.1, "linear")])
def test_every_number_of_the_walk_through_is_the_reference_s_bit_for_bit(case):
    params, x1, x2, y, lr, output = case
    walk = walk_through(params, x1, x2, y, lr, output)
    assert walk.forward == forward(params, x1, x2, output)
    assert walk.loss == sample_loss(params, x1, x2, y, output)
    assert walk.grads == sample_gradients(params, x1, x2, y, output)            # exactly, all nine
    assert walk.new == sgd_step(params, [[x1, x2]], [y], lr, output)             # exactly, all nine
    for name in NAMES:                                                           # left x right is the gradient
        left, right = walk.left_right[name]
        assert left * right == getattr(walk.grads, name)
        assert right == {"x1": x1, "x2": x2, "h1": walk.forward.h1, "h2": walk.forward.h2, "1": 1.0}[LOCAL[name]]
    g, f = walk.node_grads, walk.forward
    assert g["out"] == 2 * (f.out - y)
    assert g["h1"] * relu_prime(f.z1) == g["z1"] and g["h2"] * relu_prime(f.z2) == g["z2"]
    assert g["z3"] == g["out"] * (relu_prime(f.z3) if output == "relu" else 1.0)


def test_the_stages_reveal_forward_then_loss_then_backward_then_the_update():
    walk = walk_through(LECTURE_START, 1.0, 0.0, 2.0, 0.1)
    assert len(walk.stages) == STAGES == 12
    assert [s.phase for s in walk.stages] == ["inputs"] + ["forward"] * 3 + ["loss"] + ["backward"] * 6 + ["update"]
    assert walk.known(0) == {"x1", "x2", "y"}
    assert "out" in walk.known(3) and "loss" not in walk.known(3) and "loss" in walk.known(4)
    assert walk.stage_of("dL/dout") == 5 and walk.stage_of("dL/dw1") == 8 and walk.stage_of("new b3") == 11
    assert not any(name.startswith("dL/") for name in walk.known(4))
    assert {f"dL/d{n}" for n in NAMES} <= walk.known(10) and "new w1" not in walk.known(10)
    # the lecture's worked example, in the words of the step
    assert walk.stages[4].lines == ("L = (out - y)² = (2.5 - 2)² = 0.25",)
    assert "dL/dw5 = dL/dz3 × h1 = 1 × 1.5 = 1.5" in walk.stages[6].lines
    with pytest.raises(ValueError, match="stage must be a whole number from 0 to 11"):
        walk.known(12)


def test_the_backward_panel_shows_the_lecture_sample_and_the_step_button_walks():
    panel = backward_panel()
    assert panel.error.value == "" and panel.controls["stage"].value == 0
    assert panel.view.gradient_texts() == []                      # stage 0: nothing computed yet
    texts = panel.view.diagram.texts()
    assert "x1 = 1" in texts and "h1 = ?" in texts
    for _ in range(4):
        panel.buttons["step"].click()                             # no event loop in a test: refreshes at once
    assert panel.controls["stage"].value == 4 and "L = (out - y)² = 0.25" in panel.view.loss_text.text
    assert panel.view.gradient_texts() == []
    panel.buttons["step"].click()
    assert panel.view.gradient_texts() == ["∂L/∂out = 1"]         # 2 (2.5 - 2)
    panel.set(stage=11)
    grads, new = sample_gradients(LECTURE_START, 1.0, 0.0, 2.0), sgd_step(LECTURE_START, [[1.0, 0.0]], [2.0], 0.1)
    assert panel.result[0].grads == grads and panel.result[0].new == new
    view = panel.view.diagram
    assert view.edge_text("w5") == f"w5: 1 → {new.w5:.4g}\n∂L/∂w5 = 1 × 1.5 = {grads.w5:.4g}"
    assert f"b1: 0.5 → {new.b1:.4g}" in view.node_text("h1")
    panel.buttons["step"].click()                                 # after the update: the walk starts again
    assert panel.controls["stage"].value == 0
    panel.buttons["back"].click()
    assert panel.controls["stage"].value == 11
    panel.set(products=False)
    assert view.edge_text("w5").endswith(f"∂L/∂w5 = {grads.w5:.4g}")
    panel.set(gradients=False)
    assert panel.view.gradient_texts() == []


def test_the_backward_panel_walks_any_sample_of_a_data_set():
    panel = backward_panel(LECTURE_START_2, LECTURE_X, LECTURE_Y, lr=0.01, index=3, stage=10)
    x1, x2, y = (*LECTURE_X[3], LECTURE_Y[3])
    assert panel.result[0].grads == sample_gradients(LECTURE_START_2, x1, x2, y)
    panel.set(index=57)
    x1, x2, y = (*LECTURE_X[57], LECTURE_Y[57])
    assert panel.result[0].grads == sample_gradients(LECTURE_START_2, x1, x2, y)
    assert panel.result[0].new == sgd_step(LECTURE_START_2, [[x1, x2]], [y], 0.01)
    assert panel.controls["index"].max == len(LECTURE_Y) - 1
    with pytest.raises(ValueError, match="index must be a whole number from 0 to 99"):
        backward_panel(LECTURE_START, LECTURE_X, LECTURE_Y, index=100)
    with pytest.raises(ValueError, match="give both X and y"):
        backward_panel(X=LECTURE_X)


def test_a_dead_node_is_drawn_off_and_passes_no_gradient_back():
    start = LECTURE_START.replace(b2=-3.0)               # z2 = 0.5 - 3 < 0 at x = (1, 0)
    panel = backward_panel(start, stage=11)
    assert panel.view.diagram.is_drawn_off("h2")
    assert "∂L/∂z2 = 0" in panel.view.gradient_texts() and panel.result[0].grads.w2 == 0.0


# ----------------------------------------------------------------------------------
# The surface and its hinges
# ----------------------------------------------------------------------------------

@pytest.mark.parametrize("params", [LECTURE_START_2, PRESETS["he"], PRESETS["biases 100"]])
@pytest.mark.parametrize("output", ["linear", "relu"])
def test_every_surface_value_is_nnmath_predict_at_that_point(params, output):
    grid = surface_grid(params, (-5, 5), (-10, 10), resolution=17, output=output)
    G1, G2 = np.meshgrid(grid.x1, grid.x2)
    expected = predict(params, np.column_stack([G1.ravel(), G2.ravel()]), output).reshape(G1.shape)
    assert np.array_equal(grid.out, expected)
    assert grid.out[3, 5] == predict(params, [[grid.x1[5], grid.x2[3]]], output)[0]


def test_a_surface_trained_on_scaled_data_is_drawn_in_the_data_s_units():
    data = scale_dataset(COURSE_X, COURSE_Y)
    params = train(LECTURE_START, data.X, data.y, 0.01, 50).params
    grid = surface_grid(params, (-5, 5), (-10, 10), resolution=9, scaled=data)
    G1, G2 = np.meshgrid(grid.x1, grid.x2)
    points = np.column_stack([G1.ravel(), G2.ravel()])
    expected = data.unscale_predictions(predict(params, data.scale_inputs(points))).reshape(G1.shape)
    assert np.array_equal(grid.out, expected)
    h1, _ = hinges(params, COURSE_X, data_box(COURSE_X), scaled=data)   # z1 = 0 where the scaled z1 is 0
    (p, q) = h1.segment
    for point in (p, q, ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)):
        z1 = nnmath.forward_all(params, data.scale_inputs([point])).z1[0]
        assert abs(z1) < 1e-9


@pytest.mark.parametrize("params", [LECTURE_START_2, LECTURE_START, PRESETS["uniform w(-10,10) b(-5,5)"], PRESETS["he"]])
def test_hinge_lines_lie_where_z_is_zero_and_their_arrows_point_to_the_on_side(params):
    box = data_box(COURSE_X)
    for k, hinge in zip((1, 2), hinges(params, COURSE_X, box)):
        w_a, w_b, bias = (params.w1, params.w3, params.b1) if k == 1 else (params.w2, params.w4, params.b2)
        assert (hinge.a, hinge.b, hinge.c) == (w_a, w_b, bias)
        for x1, x2 in hinge.segment:
            z = getattr(nnmath.forward(params, x1, x2), f"z{k}")
            assert abs(z) <= 1e-9 * (abs(w_a * x1) + abs(w_b * x2) + abs(bias) + 1)
            on_edge = (np.isclose(x1, box[0]).any() or np.isclose(x2, box[1]).any())
            assert on_edge                                        # clipped at the box's border
        start, end = side_marker(hinge, box)
        assert getattr(nnmath.forward(params, *end), f"z{k}") > 0 > -1   # the arrow's tip is on the on side
        share = np.mean(getattr(nnmath.forward_all(params, COURSE_X), f"z{k}") > 0)
        assert hinge.on_fraction == share


def test_dead_always_on_and_coinciding_hinges_are_recognised():
    X, y = LECTURE_X, LECTURE_Y
    dead_run = train(LECTURE_START_2, X, y, 1.1e-2, 1000)            # the dead-ReLU collapse of 05
    assert dead_nodes(dead_run.params, X) == ("h1", "h2")
    box = view_box([dead_run.params], X)
    found = hinges(dead_run.params, X, box)
    assert [h.state for h in found] == ["dead", "dead"] and all(h.outside for h in found)
    assert found[0].label == "h1 dead: off for every sample"
    assert box != data_box(X) and found[0].segment is not None       # the view widened to show the line
    b100 = hinges(PRESETS["biases 100"], COURSE_X, data_box(COURSE_X))
    assert [h.state for h in b100] == ["always on", "always on"] and b100[0].segment is None
    twins = hinges(identical(0.5), COURSE_X, data_box(COURSE_X))
    assert coincide(*twins) and not coincide(*hinges(LECTURE_START_2, COURSE_X, data_box(COURSE_X)))
    none = hinges(zeros(), COURSE_X, data_box(COURSE_X))
    assert none[0].segment is None and none[0].state == "dead"        # w = 0: no line at all, off everywhere


def test_the_epoch_scrubber_shows_trajectory_row_k_without_retraining():
    panel = surface_panel(COURSE_X, COURSE_Y, start="lecture 2", lr=1e-3, epochs=200, resolution=11)
    state = panel.result[0]
    run = state.run
    assert state.epoch == 200 and panel.controls["epoch"].value == 200
    expected = train(LECTURE_START_2, COURSE_X, COURSE_Y, 1e-3, 200, record=True)
    assert np.array_equal(run.trajectory, expected.trajectory)
    for k in (0, 1, 37, 199):
        panel.set(epoch=k)
        state = panel.result[0]
        assert state.run is run                                       # the scrubber does not retrain
        assert state.params == Params.from_array(expected.trajectory[k])
        grid = surface_grid(state.params, *state.box, resolution=11)
        assert np.array_equal(panel.view.heat.color, grid.out)
        assert np.array_equal(panel.view.points.color, predict(state.params, COURSE_X) - COURSE_Y)
        assert list(panel.view.marker.x) == [k, k]
    panel.set(epoch=200, epochs=300)                                  # at the end: it follows the longer run
    assert panel.controls["epoch"].max == 300 and panel.controls["epoch"].value == 300
    assert panel.result[0].epoch == 300


def test_the_surface_panel_says_dead_symmetric_and_biases_100_at_a_glance():
    panel = surface_panel(LECTURE_X, LECTURE_Y, lr=1.1e-2, resolution=11)
    assert "h1 dead: off for every sample" in panel.view.notes.text
    assert "h2 dead: off for every sample" in " ".join(panel.view.notes.text)
    panel.set(start="all 0.5", lr=1e-3)
    assert "z1 = 0 and z2 = 0 coincide: h1 and h2 are copies" in panel.view.notes.text
    panel.set(start="biases 100", lr=1e-7)
    notes = list(panel.view.notes.text)
    assert "h1 on for every sample: no bend inside the data" in notes and panel.error.value == ""
    figure = surface_figure(COURSE_X, COURSE_Y, LECTURE_START_2)
    assert figure.get_size_inches()[0] > 4


def test_the_surface_panel_with_start_sliders():
    panel = surface_panel(COURSE_X, COURSE_Y, start="lecture", sliders=True, epochs=50, resolution=9)
    assert {"w1", "b3", "epoch", "lr"} <= set(panel.controls)
    panel.set(b2=-9.0)
    assert panel.result[0].run.start == LECTURE_START.replace(b2=-9.0)
    panel.menu.value = "all 0.5"
    assert panel.result[0].run.start == identical(0.5)


# ----------------------------------------------------------------------------------
# The learning-rate panel: LR finder, 2/s, ghosts
# ----------------------------------------------------------------------------------

def test_the_range_test_rates_grow_by_one_factor_from_lr_min_to_lr_max():
    rates, growth = rate_schedule(1e-6, 1.0, 61)
    assert rates[0] == 1e-6 and rates[-1] == pytest.approx(1.0, rel=1e-12)
    assert np.allclose(rates[1:] / rates[:-1], growth, rtol=1e-12) and growth == pytest.approx(10 ** 0.1)
    with pytest.raises(ValueError, match="lr_max must be a rate above lr_min"):
        rate_schedule(1.0, 0.1, 10)


def test_the_range_test_is_full_batch_gradient_descent_at_those_rates():
    test = lr_range_test(LECTURE_START_2, LECTURE_X, LECTURE_Y, 1e-6, 1e-3, 25)
    assert test.stopped_at is None and test.reason == "reached lr_max" and len(test.rates) == 25
    params = LECTURE_START_2
    assert test.start_loss == pytest.approx(loss(params, LECTURE_X, LECTURE_Y), rel=1e-12)
    for rate, after in zip(test.rates, test.losses):
        params = sgd_step(params, LECTURE_X, LECTURE_Y, rate)           # the reference's full-batch update
        assert after == pytest.approx(loss(params, LECTURE_X, LECTURE_Y), rel=1e-10)


def test_the_range_test_stops_where_the_loss_runs_away_or_diverges():
    test = lr_range_test(LECTURE_START_2, LECTURE_X, LECTURE_Y)        # 1e-6 .. 1, 200 updates
    assert test.reason == "ran away" and test.stopped_at == len(test.losses) - 1
    lowest = min(test.start_loss, test.losses[:-1].min())
    assert test.losses[-1] > 4 * lowest and np.all(test.losses[:-1] <= 4 * np.minimum.accumulate(
        np.concatenate([[test.start_loss], test.losses[:-1]]))[:len(test.losses) - 1])
    assert test.best_rate < test.stop_rate
    wild = lr_range_test(PRESETS["weights about 100"], LECTURE_X, LECTURE_Y, 1e-3, 1e4, 60, stop_factor=None)
    assert wild.reason == "diverged" and np.all(np.isfinite(wild.losses)) and len(wild.losses) <= wild.stopped_at
    assert wild.stop_rate == rate_schedule(1e-3, 1e4, 60)[0][wild.stopped_at]
    assert np.all(np.abs(wild.best_params.to_array()) <= 1e100)


def test_the_bound_along_b3_is_2_over_its_curvature_2():
    # L = mean((out - y)**2) and out = ... + b3: d2L/db3^2 = 2 mean(1) = 2, so 2/s = 1.
    assert sharpness(LECTURE_START_2, LECTURE_X, LECTURE_Y, names=("b3",)) == pytest.approx(2.0, abs=1e-6)
    bound = divergence_bound(zeros(), LECTURE_X, LECTURE_Y)            # all kinks: only w5, w6, b3 are left
    assert bound.names == ("w5", "w6", "b3") and "z1 = 0" in bound.note
    assert bound.sharpness == pytest.approx(2.0, abs=1e-6) and bound.bound == pytest.approx(1.0, abs=1e-6)
    # and it is the divergence point of full-batch descent from zeros, where only b3 learns
    assert not train(zeros(), LECTURE_X, LECTURE_Y, 0.99, 200, mode="batch").diverged
    assert train(zeros(), LECTURE_X, LECTURE_Y, 1.01, 20000, mode="batch").diverged
    full = divergence_bound(LECTURE_START_2, LECTURE_X, LECTURE_Y)
    assert full.names == NAMES and full.sharpness == pytest.approx(sharpness(LECTURE_START_2, LECTURE_X, LECTURE_Y))


def test_ghost_curves_keep_the_last_few_runs_with_their_rates():
    panel = lr_panel(LECTURE_X, LECTURE_Y, lr=4e-4, epochs=100, ghosts=3)
    rates = [1e-4, 2e-4, 5e-4, 1e-3]
    for rate in rates:
        panel.set(lr=rate)
    ghosts = panel.view.ghosts()
    assert [rate for rate, _ in ghosts] == [5e-4, 2e-4, 1e-4]           # newest first, at most three
    for rate, drawn in ghosts:
        assert np.array_equal(drawn, train(LECTURE_START_2, LECTURE_X, LECTURE_Y, rate, 100).losses)
    assert np.array_equal(panel.view.loss.drawn(3), train(LECTURE_START_2, LECTURE_X, LECTURE_Y, 1e-3, 100).losses)
    assert "lr 0.0005" in panel.view.tags.text
    panel.set(lr=2e-4)                                                  # back to a ghost's rate: it is blue now
    assert [rate for rate, _ in panel.view.ghosts()] == [1e-3, 5e-4, 1e-4]
    panel.set(epochs=50)                                                # another length: a fresh comparison
    assert panel.view.ghosts() == []


def test_the_lr_panel_marks_2_over_s_on_the_finder():
    panel = lr_panel(LECTURE_X, LECTURE_Y, epochs=50)
    test, at_start, at_lowest = panel.result[3]
    assert at_start.bound == pytest.approx(2 / sharpness(LECTURE_START_2, LECTURE_X, LECTURE_Y))
    assert list(panel.view.marks["start"].x) == [at_start.bound] * 2
    assert list(panel.view.marks["lowest"].x) == [at_lowest.bound] * 2
    assert np.array_equal(panel.view.curve.x, test.rates)
    assert f"2/s at the start = {at_start.bound:.3g}" in panel.view.words.text
    assert at_lowest.bound < at_start.bound                             # the loss got sharper as it trained
