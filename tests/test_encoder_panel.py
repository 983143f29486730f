"""09_encoder's panel and helpers: the compiled trainer agrees with nnmath.mlp, the panel shows real numbers.

Oracles: nnmath.mlp.train (the readable trainer), Hessians worked out by hand, and the
saddle of the encoder at W = 0, whose curvature the notebook derives.
"""
import math
import warnings

import ipywidgets as widgets
import matplotlib
import numpy as np
import pytest

from nnmath.core import mlp
from nnmath.core.curvature import hessian_eigenvalues
from nnmath.fast.encoder import train_mlp as train_encoder
from nnmath.ui.encoder_panel import encoder_panel, encoder_status_html, heat_map, shared_codes, train_for_panel

matplotlib.use("agg")
from matplotlib.figure import Figure  # noqa: E402

X8 = mlp.one_hot(8)


# ----------------------------------------------------------------------------------
# train_encoder against mlp.train
# ----------------------------------------------------------------------------------

@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
@pytest.mark.parametrize("lr, weight_decay", [(1, 0.0), (10, 0.0), (10, 1e-5), (10, 1e-3), (0.01, 0.0)])
@pytest.mark.parametrize("seed", [0, 2])
def test_compiled_training_gives_the_numbers_of_mlp_train(loss, lr, weight_decay, seed):
    net = mlp.MLP(seed=seed)
    fast = train_encoder(net, X8, X8, lr, 1500, loss, weight_decay)
    slow = mlp.train_reference(net, X8, X8, lr, 1500, loss, weight_decay)
    assert fast.converged_at == slow.converged_at and fast.diverged_at is slow.diverged_at is None
    assert len(fast.losses) == len(slow.losses) == 1501
    np.testing.assert_allclose(fast.losses, slow.losses, rtol=1e-11)
    for a, b in zip(fast.net.W + fast.net.b, slow.net.W + slow.net.b):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)
    assert (fast.lr, fast.loss, fast.weight_decay, fast.criterion) == (lr, loss, weight_decay, "rounded")
    assert fast.describe() == slow.describe()


def test_compiled_training_works_for_other_sizes_and_targets():
    rng = np.random.default_rng(4)
    X, Y = rng.normal(size=(6, 4)), rng.uniform(size=(6, 2))
    net = mlp.MLP((4, 5, 2), seed=1)
    for loss in ("mse", "cross_entropy"):
        fast, slow = train_encoder(net, X, Y, 3.0, 400, loss, 1e-3), mlp.train_reference(net, X, Y, 3.0, 400, loss, 1e-3)
        np.testing.assert_allclose(fast.losses, slow.losses, rtol=1e-11)
        np.testing.assert_allclose(fast.net.W[0], slow.net.W[0], rtol=1e-9, atol=1e-12)


def test_divergence_is_reported_at_the_same_update_as_mlp_train_without_warnings():
    # lr 100 with lambda 0.1: the penalty alone multiplies each weight by 1 - 2 * 100 * 0.1 = -19 per update,
    # so the penalty term 0.1 * sum W**2 (about 19**(2k) / 2) passes the course's limit 1e100 at k = 40.
    net = mlp.MLP(seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fast = train_encoder(net, X8, X8, 100, 1000, weight_decay=0.1)
    slow = mlp.train_reference(net, X8, X8, 100, 1000, weight_decay=0.1)
    assert fast.diverged_at == slow.diverged_at == 40 and not fast.converged
    assert len(fast.losses) == 40 and np.isfinite(fast.losses).all()
    np.testing.assert_allclose(fast.losses, slow.losses, rtol=1e-11)
    for a, b in zip(fast.net.W, slow.net.W):  # the last sensible network, weights about 19**39 times the start
        np.testing.assert_allclose(a, b, rtol=1e-9)
    assert "diverged at iteration 40" in fast.describe()


def test_zero_iterations_evaluate_the_start_only():
    run = train_encoder(mlp.MLP(seed=3), X8, X8, 10, 0)
    assert len(run.losses) == 1 and run.losses[0] == pytest.approx(mlp.loss(mlp.MLP(seed=3), X8, X8), rel=1e-14)
    assert run.converged_at is None and run.iterations_run == 0


@pytest.mark.parametrize("net", [mlp.MLP(hidden="tanh"), mlp.MLP((8, 3, 3, 8))])
def test_networks_it_does_not_compile_run_the_readable_loop(net):
    fast, slow = train_encoder(net, X8, X8, 1.0, 50), mlp.train_reference(net, X8, X8, 1.0, 50)
    assert np.array_equal(fast.losses, slow.losses)


@pytest.mark.parametrize("call, message", [
    (lambda: train_encoder("net", X8, X8, 1, 10), "net must be an nnmath.mlp.MLP"),
    (lambda: train_encoder(mlp.MLP(), X8, X8, 0, 10), "lr must be a finite number > 0"),
    (lambda: train_encoder(mlp.MLP(), X8, X8, 1, -1), "iterations must be a whole number from 0 to 1,000,000"),
    (lambda: train_encoder(mlp.MLP(), X8, X8, 1, 10, weight_decay=-1), "weight_decay"),
    (lambda: train_encoder(mlp.MLP(), X8, X8, 1, 10, loss="hinge"), "loss must be one of"),
    (lambda: train_encoder(mlp.MLP(), X8[:, :7], X8, 1, 10), r"X must be an array of shape \(n, 8\)"),
])
def test_invalid_arguments_raise_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# ----------------------------------------------------------------------------------
# Curvature
# ----------------------------------------------------------------------------------

def test_hessian_of_a_linear_neuron_by_hand():
    # L = (w x + b - y)**2 with x = 2: H = 2 [[x**2, x], [x, 1]] = [[8, 4], [4, 2]], eigenvalues 0 and 10.
    net = mlp.MLP.from_arrays([[[0.3]]], [[0.1]], output="linear")
    np.testing.assert_allclose(hessian_eigenvalues(net, [[2.0]], [[1.0]]), [0.0, 10.0], atol=1e-7)
    # weight decay lambda adds 2 lambda to the weight's diagonal entry: [[8.2, 4], [4, 2]]
    expected = np.linalg.eigvalsh([[8.2, 4.0], [4.0, 2.0]])
    np.testing.assert_allclose(hessian_eigenvalues(net, [[2.0]], [[1.0]], weight_decay=0.1), expected, atol=1e-7)


@pytest.mark.parametrize("loss, c0", [("mse", 2 * (7 / 64) / 64), ("cross_entropy", 1 / 64)])
def test_the_encoders_saddle_at_zero_weights_curves_down_by_c0_over_4(loss, c0):
    # W = 0, hidden biases 0 (h = 1/2), output biases logit(1/8): every output is 1/8, the best constant.
    # There dL/dz = c0 (1/8 - Y) and the loss curves down by c0/4 along W1^T = P W0 (notebook 09):
    # weight decay lambda lifts that curvature by 2 lambda, so lambda > c0/8 makes the saddle a trap.
    net = mlp.MLP.from_arrays([np.zeros((8, 3)), np.zeros((3, 8))], [np.zeros(3), np.full(8, -math.log(7))])
    assert hessian_eigenvalues(net, X8, X8, loss)[0] == pytest.approx(-c0 / 4, rel=1e-6)
    assert hessian_eigenvalues(net, X8, X8, loss, weight_decay=0.9 * c0 / 8)[0] == pytest.approx(-0.1 * c0 / 4,
                                                                                                rel=1e-5)
    assert hessian_eigenvalues(net, X8, X8, loss, weight_decay=1.1 * c0 / 8)[0] > -1e-12


# ----------------------------------------------------------------------------------
# Heat maps
# ----------------------------------------------------------------------------------

def test_heat_map_updates_its_image_and_numbers_in_place():
    ax = Figure().subplots()
    values = np.array([[0.1, 0.9], [0.5, 0.25]])
    plot = heat_map(ax, values, ["a", "b"], ["x", "y"], row_notes=True)
    texts, image = list(ax.texts), plot.image
    assert [t.get_text() for row in plot.texts for t in row] == ["0.10", "0.90", "0.50", "0.25"]
    plot.update(values[::-1])
    plot.set_row_notes(["01", "10"], ["red", "black"])
    assert list(ax.texts) == texts and plot.image is image and len(ax.images) == 1  # nothing recreated
    assert np.array_equal(plot.image.get_array(), values[::-1])
    assert [t.get_text() for row in plot.texts for t in row] == ["0.50", "0.25", "0.10", "0.90"]
    assert [n.get_text() for n in plot.notes] == ["01", "10"] and plot.notes[0].get_color() == "red"
    weights = heat_map(Figure().subplots(), [[-3.0, 1.0]], symmetric=True)
    assert weights.image.get_clim() == (-3.0, 3.0)
    with pytest.raises(ValueError, match="shape"):
        plot.update(np.zeros((3, 2)))


# ----------------------------------------------------------------------------------
# The panel
# ----------------------------------------------------------------------------------

def loss_line(panel):
    return panel.view.loss.drawn().copy()


def notes(panel):
    return [str(t) for t in panel.view.loss.note.text]


@pytest.fixture
def panel():
    return encoder_panel()


def test_the_default_run_is_mlp_trains_lr_10_seed_2(panel):
    slow = mlp.train_reference(mlp.MLP(seed=2), X8, X8, 10, 3000)
    assert slow.converged_at == 601
    np.testing.assert_allclose(loss_line(panel), slow.losses, rtol=1e-11)
    assert "converged at iteration 601" in panel.status.value and notes(panel) == ["converged at iteration 601"]
    code = mlp.hidden_code(slow.net, X8)
    assert np.allclose(panel.view.heat.color, code.activations, atol=1e-9)
    assert panel.view.heat.display_format == ".2f"                       # the numbers written in each cell
    drawn = [str(t) for t in panel.view.codes.text]
    assert drawn == ["".join(map(str, bits)) for bits in code.bits] and code.distinct
    assert "all 8 distinct" in panel.status.value and panel.error.value == ""


def test_the_first_slider_is_the_learning_rate_and_moving_it_retrains(panel):
    first = next(w for w in panel.widget.children[0].children if isinstance(w, widgets.FloatLogSlider))
    assert first is panel.controls["lr"] and list(panel.controls)[0] == "lr"
    before = loss_line(panel)
    panel.set(lr=10 ** 1.3)  # three notches of 0.1 to the right of lr 10
    after = loss_line(panel)
    slow = mlp.train_reference(mlp.MLP(seed=2), X8, X8, 10 ** 1.3, 3000)
    assert not np.allclose(before, after) and after[-1] < before[-1]
    assert f"converged at iteration {slow.converged_at}" in panel.status.value and slow.converged_at < 601


def test_cross_entropy_weight_decay_and_seed_reach_the_computation(panel):
    panel.set(loss="cross_entropy")
    assert panel.result.run.loss == "cross_entropy" and panel.view.loss.y_axis.label == "cross-entropy"
    assert panel.result.run.converged_at == mlp.train_reference(mlp.MLP(seed=2), X8, X8, 10, 3000, "cross_entropy").converged_at
    panel.set(weight_decay=1e-3)  # not switched on: lambda stays 0
    assert panel.result.run.weight_decay == 0.0 and panel.controls["weight_decay"].disabled
    panel.set(use_weight_decay=True)
    assert panel.result.run.weight_decay == pytest.approx(1e-3) and not panel.controls["weight_decay"].disabled
    assert "λ = 0.001" in panel.status.value
    panel.set(use_weight_decay=False, loss="mse", seed=0)
    slow = mlp.train_reference(mlp.MLP(seed=0), X8, X8, 10, 3000)
    assert panel.result.run.converged_at == slow.converged_at == 953


def test_shared_codes_are_named_and_marked(panel):
    panel.set(seed=0)  # seed 0 converges, but inputs 2 and 7 share the code 010 (h3 is 0.46 and 0.00)
    code = mlp.hidden_code(mlp.train_reference(mlp.MLP(seed=0), X8, X8, 10, 3000).net, X8)
    assert not code.distinct and shared_codes(code) == {"010": [2, 7]}
    assert "7 distinct of 8" in panel.status.value and "010 for inputs 2, 7" in panel.status.value
    red = [str(t) for t, color in zip(panel.view.codes.text, panel.view.codes.colors) if color == "#c0392b"]
    assert red == ["010", "010"]


def test_a_diverging_run_says_where_in_the_status_and_on_the_plot(panel):
    panel.set(lr=100, use_weight_decay=True, weight_decay=0.1)
    assert panel.result.run.diverged_at == 40
    assert "diverged at iteration 40" in panel.status.value and notes(panel) == ["diverged at iteration 40"]
    assert len(loss_line(panel)) == 40 and panel.error.value == ""


def test_an_invalid_seed_is_shown_in_the_panel_and_the_last_run_stays(panel):
    status, line = panel.status.value, loss_line(panel)
    panel.set(seed=-1)
    assert "seed must be" in panel.error.value and "-1" in panel.error.value
    assert panel.status.value == status and np.array_equal(loss_line(panel), line)
    panel.set(seed=1)
    assert panel.error.value == "" and panel.result.run.start.W[0].tolist() == mlp.MLP(seed=1).W[0].tolist()


def test_zero_iterations_and_an_update_time_are_reported(panel):
    panel.set(iterations=0)
    assert "not converged</b> in 0 iterations" in panel.status.value and len(loss_line(panel)) == 1
    assert 0 < panel.last_update_seconds < 5  # the real target (< 0.1 s) is measured by benchmarks, not here


def test_status_of_a_run_that_does_not_converge():
    result = train_for_panel(0.01, 0.0, "mse", 500, 2)
    assert not result.run.converged
    assert encoder_status_html(result).startswith("<div><b>not converged</b> in 500 iterations; MSE ")
