"""The static figures of 04 and 05 (nnmath.ui.figures.training, .learning_rate): each call returns one matplotlib
Figure with labelled axes, made without pyplot (so a notebook shows it once, as the cell's value), and never puts a
NaN or an infinity on an axis."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import nnmath  # noqa: E402
from nnmath.core.init import LECTURE_START_2  # noqa: E402
from nnmath.ui.figures import learning_rate, training  # noqa: E402

X, Y = nnmath.data.quadratic_data(n=60)
RUN = nnmath.train(LECTURE_START_2, X, Y, 4e-4, 30)
MINI = nnmath.train(LECTURE_START_2, X, Y, 4e-4, 30, mode="minibatch", batch_size=10, shuffle_seed=0)
DIVERGED = nnmath.train(LECTURE_START_2, X, Y, 0.2, 30)

FIGURES = {
    "mode_comparison": lambda: training.mode_comparison({"online": RUN.losses, "minibatch B=10": MINI.losses},
                                                         {"online": 60, "minibatch": 6}, floor=2.0,
                                                         change_of=("online",)),
    "epoch_loss_and_end_loss": lambda: training.epoch_loss_and_end_loss(RUN.losses, RUN.losses * 0.9, floor=2.0),
    "fit_slices": lambda: training.fit_slices(RUN.params, X, Y),
    "rate_curves": lambda: learning_rate.rate_curves({"lr 4e-4": RUN.losses, "lr 0.2": DIVERGED.losses},
                                                     floor=2.0, levels={"a level": 5.0}, dashed=("lr 4e-4",),
                                                     diverged_at={"lr 0.2": DIVERGED.diverged_at or 0}),
    "equal_budget": lambda: learning_rate.equal_budget([("a", 1e-4, np.arange(1, 5001), np.linspace(9, 3, 5000))],
                                                       levels={"bound": 3.0}, floor=2.0),
    "final_loss_against_rate": lambda: learning_rate.final_loss_against_rate(
        [("grid", np.array([1e-4, 1e-3, 1e-2]), np.array([5.0, 7.0, np.nan]), np.array([False, False, True]),
          np.array([False, True, False]), "a node died")], levels={"floor": 2.0}),
    "overshoot_outcomes": lambda: learning_rate.overshoot_outcomes([1e-4, 1e-3], {"best valley": [0, 2],
                                                                                 "diverged": [0, 1]}),
    "schedule_runs": lambda: learning_rate.schedule_runs({"constant": RUN}, floor=2.0, levels={"best": 4.2}),
    "landscape_paths": lambda: learning_rate.landscape_paths(LECTURE_START_2, X, Y, "w6", "b3", [0.02, 0.3],
                                                             ["small", "large"], steps=5, resolution=11),
    "loss_curve": lambda: learning_rate.loss_curve(RUN.losses, floor=2.0),
}


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_each_figure_is_one_labelled_figure_made_without_pyplot(name):
    before = plt.get_fignums()
    fig = FIGURES[name]()
    assert isinstance(fig, Figure)
    assert plt.get_fignums() == before, "made through pyplot: the notebook would show it twice"
    for ax in fig.axes:
        if ax.get_label() == "<colorbar>" or not ax.get_visible():
            continue
        assert ax.get_xlabel() and ax.get_ylabel(), f"{name}: an axis without labels"
        assert np.all(np.isfinite(ax.get_xlim())) and np.all(np.isfinite(ax.get_ylim()))
    fig.canvas.draw()  # renders without an error or a warning


def test_mode_comparison_needs_the_mode_in_each_label():
    with pytest.raises(ValueError, match="must start with the mode"):
        training.mode_comparison({"sgd": RUN.losses}, {"online": 60})


WIDE = np.geomspace(1e6, 1.0, 40)   # losses over six orders of magnitude, as 05's long runs draw them
WIDE_FIGURES = {
    "rate_curves": lambda: learning_rate.rate_curves({"wide": WIDE}, levels={"a level": 3.4}),
    "equal_budget": lambda: learning_rate.equal_budget([("wide", 1e-4, np.arange(1, 41), WIDE)], levels={"b": 3.4},
                                                       floor=2.0),
    "final_loss_against_rate": lambda: learning_rate.final_loss_against_rate(
        [("wide", np.geomspace(1e-7, 1e-1, 40), WIDE, np.zeros(40, bool))], levels={"variance": 86.4}),
    "schedule_runs": lambda: learning_rate.schedule_runs({"constant": RUN}, levels={"far below": 1e-3}),
}


@pytest.mark.parametrize("name", sorted(WIDE_FIGURES))
def test_a_level_line_keeps_every_loss_on_the_log_axis(name):
    """05's figures once squeezed 1 to 1e6 into their top pixels: the level lines widened the y axis while it was
    still linear (its lower margin below 0), and the log axis it then became started near 0."""
    fig = WIDE_FIGURES[name]()
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    low, high = ax.get_ylim()
    drawn = np.concatenate([np.asarray(line.get_ydata(), float) for line in ax.get_lines()
                            if line.get_transform() is ax.transData])
    drawn = drawn[np.isfinite(drawn) & (drawn > 0)]
    assert 0 < low <= drawn.min() and high >= drawn.max()
    shown = np.concatenate([drawn, [line.get_ydata()[0] for line in ax.get_lines()
                                    if line.get_transform() is not ax.transData]])   # the level lines
    assert high / low < 1e3 * shown.max() / shown.min(), "the axis spans far more than its lines and levels"
