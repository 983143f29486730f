"""Named starting points: every start the students tried (01_forward_pass, 06_initialisation).

Random starts take a seed, so the same name and seed always give the same numbers.
Layer sizes for Xavier/He: the hidden layer has fan_in 2 (x1, x2) and fan_out 2;
the output layer has fan_in 2 (h1, h2) and fan_out 1.
"""
from __future__ import annotations

import math

import numpy as np

from .checks import LEVEL, LEVELS, check, validate
from .params import Params

LECTURE_START = Params.from_lists((1, 0.5, 1, -0.5, 1, 1), (0.5, 0, 0.5))
"""The lecture's start: prediction 2.5 and loss 0.25 at x = (1, 0), y = 2."""

LECTURE_START_2 = Params.from_lists((1.5, 0.5, -2, -0.5, 1.5, 1.2), (0.5, -0.35, 0.5))
"""The lecture's second start, used for the learning-rate experiments (05_learning_rate)."""

PERFECT_START = Params.from_lists((0.5, 0.5, 1, -1, 1, 1), (0.5, 0, 0.5))
"""The 'mix' start: prediction exactly 2 at x = (1, 0), so loss 0 and every gradient 0."""

UNIQUE_START = Params.from_lists((0.1, 0.2, 0.3, -0.4, 0.5, 0.6), (0.7, 0.8, 0.9))
"""Every value different: breaks the symmetry between h1 and h2."""

WEIGHT_LEVELS = {
    "small": (0.3, 0.1, 0.3, -0.2, 0.5, 0.3),
    "medium": (1, 0.5, 1, 0.8, 1, 0.8),
    "high": (3, 1.5, 3, -2, 1.5, 3),
}
BIAS_LEVELS = {
    "small": (0.5, 0, 0.5),
    "medium": (1.5, 0.5, 1.5),
    "high": (3, 2, 3),
}
"""The 3 x 3 grid one student judged by its first prediction (06_initialisation)."""
assert tuple(WEIGHT_LEVELS) == tuple(BIAS_LEVELS) == LEVELS, "core.checks.LEVELS names the levels, in order"


def zeros() -> Params:
    """Every weight and bias 0: relu'(0) = 0 blocks every hidden gradient, so only b3 learns."""
    return Params(*([0.0] * 9))


def identical(value: float = 0.5) -> Params:
    """Every weight and bias the same value: h1 and h2 stay identical for ever (symmetry)."""
    value = validate(value=value)
    return Params(*([value] * 9))


def constant(weights: float, biases: float) -> Params:
    """All six weights one value and all three biases another (e.g. weights 0, biases 2)."""
    weights, biases = validate(weights=weights, biases=biases)
    return Params(*([weights] * 6 + [biases] * 3))


def grid_start(weights: str, biases: str) -> Params:
    """One cell of the small/medium/high grid, e.g. grid_start("high", "small")."""
    weights, biases = check("weights", weights, LEVEL), check("biases", biases, LEVEL)
    return Params.from_lists(WEIGHT_LEVELS[weights], BIAS_LEVELS[biases])


def uniform(weight_range=(-10, 10), bias_range=(-5, 5), seed: int = 0, decimals: int | None = 2) -> Params:
    """Weights ~ U(weight_range), biases ~ U(bias_range), rounded to `decimals` like the students' printout."""
    seed, (w_low, w_high), (b_low, b_high), decimals = validate(
        seed=seed, weight_range=weight_range, bias_range=bias_range, decimals=decimals)
    rng = np.random.default_rng(seed)
    values = np.concatenate([rng.uniform(w_low, w_high, 6), rng.uniform(b_low, b_high, 3)])
    if decimals is not None:
        values = np.round(values, decimals)
    return Params.from_array(values)


def _layered(hidden_scale, output_scale, draw) -> Params:
    """Hidden weights w1..w4 at one scale, output weights w5, w6 at another, biases 0."""
    hidden = draw(hidden_scale, 4)
    output = draw(output_scale, 2)
    return Params.from_lists((*hidden, *output), (0, 0, 0))


def xavier(seed: int = 0) -> Params:
    """Glorot/Xavier uniform: w ~ U(-a, a), a = sqrt(6 / (fan_in + fan_out)); biases 0."""
    rng = np.random.default_rng(validate(seed=seed))
    return _layered(math.sqrt(6 / (2 + 2)), math.sqrt(6 / (2 + 1)), lambda a, k: rng.uniform(-a, a, k))


def he(seed: int = 0) -> Params:
    """He/Kaiming normal for ReLU layers: w ~ N(0, 2 / fan_in); biases 0."""
    rng = np.random.default_rng(validate(seed=seed))
    return _layered(math.sqrt(2 / 2), math.sqrt(2 / 2), lambda s, k: rng.normal(0.0, s, k))


def presets() -> dict[str, Params]:
    """Every named start the students tried, by a name a student can pick from a dropdown."""
    named = {
        "lecture": LECTURE_START,
        "lecture 2": LECTURE_START_2,
        "perfect (loss 0)": PERFECT_START,
        "unique values": UNIQUE_START,
        "all 0.5": identical(0.5),
        "all 1": identical(1.0),
        "all zeros": zeros(),
        "biases 100": LECTURE_START.replace(b1=100.0, b2=100.0, b3=100.0),
        "weights in millions": Params.from_lists(np.array(LECTURE_START.weights) * 1e6, LECTURE_START.biases),
        "weights about 100": Params.from_lists((100, 50, 100, -50, 100, 100), LECTURE_START.biases),
        "weights 0, biases 2": constant(0.0, 2.0),
        "weights 2, biases 0": constant(2.0, 0.0),
        "uniform w(-10,10) b(-5,5)": uniform(seed=0),
        "xavier": xavier(seed=0),
        "he": he(seed=0),
    }
    for w in WEIGHT_LEVELS:
        for b in BIAS_LEVELS:
            named[f"{w} w, {b} b"] = grid_start(w, b)
    return named


PRESETS = presets()
