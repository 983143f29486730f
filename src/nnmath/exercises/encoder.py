"""The 8-3-8 encoder's forward pass in matrix form (09_encoder).

The student writes forward(W0, b0, W1, b1, X) -> the outputs, one row per sample:

    a1  = sigmoid(X @ W0 + b0)      X (n, 8), W0 (8, 3), b0 (3,)
    out = sigmoid(a1 @ W1 + b1)     W1 (3, 8), b1 (8,)

checked against `nnmath.mlp.predict` on the eight one-hot inputs for three networks with nonzero
biases. Each typical mistake is `mlp.predict` of a network built with that mistake:

    b0 missing, b1 missing, both biases missing     the biases set to 0
    output sigmoid missing                          output="linear"
    hidden sigmoid missing                          hidden="linear"
    relu in the hidden layer                        hidden="relu"
    hidden layer returned                           a1 instead of out
    output transposed                               one column per sample (W.T @ X.T written out)
and a shape error (W transposed, or W @ X) gets a hint about the shapes.
"""
from __future__ import annotations

import numpy as np

from ..core import mlp
from .functions import check_function
from .numbers import Mistake
from .verdict import Verdict


def _net(W0, b0, W1, b1, hidden="sigmoid", output="sigmoid"):
    return mlp.MLP.from_arrays([W0, W1], [b0, b1], hidden=hidden, output=output)


def reference_forward(W0, b0, W1, b1, X):
    """The true outputs: `mlp.predict` of the 8-3-8 network with these weights and biases."""
    return mlp.predict(_net(W0, b0, W1, b1), X)


def encoder_inputs(seeds=(0, 1, 2)):
    """(W0, b0, W1, b1, X) for each seed: Xavier weights (`mlp.MLP`), biases in (-1, 1), X the one-hot rows."""
    inputs = []
    for seed in seeds:
        net = mlp.MLP(sizes=(8, 3, 8), seed=seed)
        rng = np.random.default_rng(seed)
        inputs.append((net.W[0], rng.uniform(-1, 1, 3), net.W[1], rng.uniform(-1, 1, 8), mlp.one_hot(8)))
    return inputs


def _zeros_like(b):
    return np.zeros_like(np.asarray(b, dtype=np.float64))


ENCODER_MISTAKES = [
    Mistake("both biases missing", "z = X @ W + b in both layers: the biases b0 and b1 are missing.",
            lambda W0, b0, W1, b1, X: mlp.predict(_net(W0, _zeros_like(b0), W1, _zeros_like(b1)), X)),
    Mistake("b0 missing", "the hidden layer is sigmoid(X @ W0 + b0): b0 is missing.",
            lambda W0, b0, W1, b1, X: mlp.predict(_net(W0, _zeros_like(b0), W1, b1), X)),
    Mistake("b1 missing", "the output layer is sigmoid(a1 @ W1 + b1): b1 is missing.",
            lambda W0, b0, W1, b1, X: mlp.predict(_net(W0, b0, W1, _zeros_like(b1)), X)),
    Mistake("output sigmoid missing", "the outputs are sigmoid(a1 @ W1 + b1), between 0 and 1: the output sigmoid "
                                      "is missing.",
            lambda W0, b0, W1, b1, X: mlp.predict(_net(W0, b0, W1, b1, output="linear"), X)),
    Mistake("hidden sigmoid missing", "a1 = sigmoid(X @ W0 + b0): the hidden layer's sigmoid is missing.",
            lambda W0, b0, W1, b1, X: mlp.predict(_net(W0, b0, W1, b1, hidden="linear"), X)),
    Mistake("relu in the hidden layer", "this encoder's hidden layer is a sigmoid, not a relu.",
            lambda W0, b0, W1, b1, X: mlp.predict(_net(W0, b0, W1, b1, hidden="relu"), X)),
    Mistake("hidden layer returned", "that is the hidden layer a1 (n, 3): return the output layer, "
                                     "sigmoid(a1 @ W1 + b1) (n, 8).",
            lambda W0, b0, W1, b1, X: mlp.forward(_net(W0, b0, W1, b1), X)[1]),
    Mistake("output transposed", "your output has one column per sample: the course puts one sample per row, "
                                 "out = sigmoid(a1 @ W1 + b1) with X @ W0, not W0.T @ X.T.",
            lambda W0, b0, W1, b1, X: reference_forward(W0, b0, W1, b1, X).T),
]


def explain_shape_error(error: Exception) -> str | None:
    """A hint for numpy's shape errors: the usual cause is a transposed W or W @ X."""
    text = str(error)
    if isinstance(error, ValueError) and any(word in text for word in ("matmul", "broadcast", "shape", "aligned")):
        return ("the shapes do not fit. One sample per row: X is (8, 8), W0 is (8, 3), b0 is (3,), so "
                "X @ W0 + b0 is (8, 3); then a1 @ W1 + b1 is (8, 8). Did you transpose W, or write W @ X?")
    return None


def check_encoder_forward(forward) -> Verdict:
    """Your forward(W0, b0, W1, b1, X) against `mlp.predict` on the one-hot inputs of three networks (09_encoder)."""
    return check_function(forward, reference_forward, encoder_inputs(), "forward(W0, b0, W1, b1, X) of the 8-3-8 "
                          "encoder", ENCODER_MISTAKES, explain_error=explain_shape_error)


__all__ = ["reference_forward", "encoder_inputs", "ENCODER_MISTAKES", "explain_shape_error", "check_encoder_forward"]
