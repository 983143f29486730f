"""09_encoder's extra checks: the right answer is correct, each typical wrong answer gets its own hint, None is not yet.

Expected values are worked out by hand: the 8-3-8 network has 8*3 + 3*8 = 48 weights and 3 + 8 = 11 biases;
a hidden node with weight w from the one-hot input and bias b outputs sigmoid(w + b); on an n-n encoder's plateau
every output is a = 1/n and cross-entropy is 1 / (2 a (1 - a)) times faster (4-4: 8/3).
"""
import math

import numpy as np
import pytest

from nnmath import mlp
from nnmath.exercises.encoder_extra import check_hidden_unit, check_parameter_count, check_plateau_speedup


def assert_hint(verdict, mistake):
    assert verdict.status == "wrong", verdict.text
    assert mistake in verdict.mistakes, verdict.text
    assert "hint: " in verdict.text


def sigmoid(z):
    return 1 / (1 + math.exp(-z))


# ---------------------------------------------------------------- counting parameters


def test_parameter_count():
    assert check_parameter_count(59, (8, 3, 8)).correct
    assert check_parameter_count(4 * 2 + 2 + 2 * 4 + 4, (4, 2, 4)).correct
    assert check_parameter_count(None).status == "not yet"


@pytest.mark.parametrize("answer, mistake", [
    (48, "weights only"), (11, "biases only"), (51, "output biases missing"), (56, "hidden biases missing"),
    (192, "product of the sizes"), (19, "nodes"),
])
def test_parameter_count_typical_mistakes_get_their_hint(answer, mistake):
    assert_hint(check_parameter_count(answer, (8, 3, 8)), mistake)


# ---------------------------------------------------------------- one sigmoid unit

W0 = np.zeros((8, 3))
W0[2, 1], W0[5, 1] = 1.5, -4.0
NET = mlp.MLP.from_arrays([W0, np.zeros((3, 8))], [np.array([0.0, -0.5, 0.0]), np.zeros(8)])
# input 3 (index 2), node 2 (index 1): z = 1.5 - 0.5 = 1


def test_hidden_unit():
    assert check_hidden_unit(sigmoid(1.0), NET, input_index=2, node=1).correct
    assert check_hidden_unit(None, NET, 2, 1).status == "not yet"
    with pytest.raises(ValueError):
        check_hidden_unit(0.5, NET, input_index=8, node=1)


@pytest.mark.parametrize("answer, mistake", [
    (1.0, "sigmoid missing"),                      # z itself
    (sigmoid(1.5), "bias missing"),
    (sigmoid(-1.0), "sign of z"),
    (math.tanh(1.0), "tanh"),
    (sigmoid(1.5 - 4.0 - 0.5), "whole row summed"),   # the column of W0 summed: 1.5 - 4, plus b
])
def test_hidden_unit_typical_mistakes_get_their_hint(answer, mistake):
    assert_hint(check_hidden_unit(answer, NET, input_index=2, node=1), mistake)


# ---------------------------------------------------------------- the plateau speed-up


def test_plateau_speedup():
    assert check_plateau_speedup(8 / 3, n=4).correct            # a = 1/4: 1 / (2 * 3/16)
    assert check_plateau_speedup(32 / 7, n=8).correct           # a = 1/8: 1 / (2 * 7/64)
    assert check_plateau_speedup(None, n=4).status == "not yet"


@pytest.mark.parametrize("answer, mistake", [
    (16 / 3, "factor 2 missing"),        # 1 / (3/16)
    (3 / 8, "upside down"),              # 2 * 3/16
    (32 / 7, "8-3-8's plateau"),
])
def test_plateau_speedup_typical_mistakes_get_their_hint(answer, mistake):
    assert_hint(check_plateau_speedup(answer, n=4), mistake)
