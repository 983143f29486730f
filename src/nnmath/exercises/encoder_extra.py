"""More checks of 09_encoder: count a network's parameters, one sigmoid unit by hand, the plateau speed-up.

`check_parameter_count(answer, sizes)`: weights and biases of a fully connected network with layer sizes
`sizes`, counted from `nnmath.mlp.MLP(sizes)` itself.
`check_hidden_unit(answer, net, input_index, node)`: the activation of hidden node `node` (0-based) for the
one-hot input `input_index` (0-based): sigmoid(W[0][input, node] + b[0][node]), read from `mlp.forward`.
`check_plateau_speedup(answer, n)`: on the plateau of an n-n encoder every output is the best constant a = 1/n;
there MSE's output delta is 2 a (1 - a) times cross-entropy's, so cross-entropy moves 1 / (2 a (1 - a)) times
faster (`mlp`'s two output deltas, evaluated at a = 1/n).
"""
from __future__ import annotations

import math

import numpy as np

from ..core import mlp
from ..core.checks import Whole, check, validate
from .numbers import Mistake, check_number
from .verdict import Verdict


def check_parameter_count(answer, sizes=(8, 3, 8)) -> Verdict:
    """Weights and biases of mlp.MLP(sizes): each layer has n_in * n_out weights and n_out biases (09_encoder)."""
    sizes = validate(sizes=sizes)
    net = mlp.MLP(sizes, seed=0)
    weights = sum(w.size for w in net.W)
    biases = sum(v.size for v in net.b)
    mistakes = [
        Mistake("weights only", "the biases are parameters too: one per hidden node and one per output.", weights),
        Mistake("biases only", "count the weights as well: every input-to-hidden and hidden-to-output connection.",
                biases),
        Mistake("output biases missing", "each output node has a bias as well.", weights + net.b[0].size),
        Mistake("hidden biases missing", "each hidden node has a bias as well.", weights + net.b[-1].size),
        Mistake("product of the sizes", "a layer has n_in * n_out weights; the layers add up, they do not multiply.",
                math.prod(sizes)),
        Mistake("nodes", "that counts the nodes; count the connections (weights) and the biases.", int(np.sum(sizes))),
    ]
    return check_number(answer, weights + biases, f"the parameters of a {'-'.join(map(str, sizes))} network",
                        mistakes, rtol=1e-12)


def check_hidden_unit(answer, net, input_index: int, node: int) -> Verdict:
    """Hidden node `node`'s activation for one-hot input `input_index`: sigmoid(W[0][i, j] + b[0][j]) (09_encoder)."""
    net = mlp.check_net(net)
    n_in, n_hidden = net.W[0].shape
    input_index = check("input_index", input_index, Whole(0, n_in - 1))
    node = check("node", node, Whole(0, n_hidden - 1))
    x = np.eye(n_in)[[input_index]]
    truth = float(mlp.forward(net, x)[1][0, node])
    z = float(net.W[0][input_index, node] + net.b[0][node])
    mistakes = [
        Mistake("sigmoid missing", "that is z = w + b; the node outputs sigmoid(z) = 1 / (1 + exp(-z)).", z),
        Mistake("bias missing", "z = x @ W[0] + b[0]: add the node's bias before the sigmoid.",
                float(mlp.sigmoid(net.W[0][input_index, node]))),
        Mistake("sign of z", "sigmoid(z) = 1 / (1 + exp(-z)), with a minus in the exponent.", float(mlp.sigmoid(-z))),
        Mistake("tanh", "this encoder's hidden nodes are sigmoids, not tanh.", math.tanh(z)),
        Mistake("whole row summed", "the input is one-hot: only row input_index of W[0] reaches the node, so "
                                    "z = W[0][input, node] + b[0][node], not the sum of the column.",
                float(mlp.sigmoid(net.W[0][:, node].sum() + net.b[0][node]))),
    ]
    return check_number(answer, truth, f"hidden node {node + 1} for input {input_index + 1}", mistakes)


def check_plateau_speedup(answer, n: int = 4) -> Verdict:
    """How many times faster cross-entropy leaves an n-n encoder's plateau (every output 1/n) than MSE (09)."""
    n = check("n", n, Whole(2, 1000))
    a = 1.0 / n
    slope = a * (1 - a)                       # sigmoid'(z) at the plateau's output a
    mistakes = [
        Mistake("factor 2 missing", "MSE's output delta is 2 (a - y) a (1 - a): the 2 of the square's derivative "
                                    "is part of the ratio.", 1 / slope),
        Mistake("upside down", "that is MSE's step as a fraction of cross-entropy's; the question asks how many "
                               "times faster cross-entropy is: the inverse.", 2 * slope),
        Mistake("8-3-8's plateau", "that is the 8-3-8 encoder's plateau, a = 1/8; here every output sits at "
                                   f"a = 1/{n}.", 1 / (2 * (1 / 8) * (7 / 8))),
    ]
    return check_number(answer, 1 / (2 * slope), f"cross-entropy's speed-up on the {n}-{n} encoder's plateau",
                        mistakes)


__all__ = ["check_parameter_count", "check_hidden_unit", "check_plateau_speedup"]
