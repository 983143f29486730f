"""Gradients by hand (03_backprop): dloss/dparam for one sample, for a small batch, or all nine at once.

The true gradient is `nnmath.sample_gradients` / `nnmath.gradients`. Each typical mistake is the
reference's own backward pass (`reference.backward`) handed what the mistaken hand computation used,
as core/faults.py does for whole training loops; nothing here writes the chain rule again:

    mistake                    what the backward pass is handed
    factor 2 missing           the true gradients halved: (out - y) instead of 2 (out - y)
    sign flipped               the true gradients negated: 2 (y - out)
    relu'(z1) missing          z1 = 1, so relu'(z1) reads 1 (node 1 treated as always on)
    relu'(z2) missing          z2 = 1
    other node's relu'         z1 and z2 swapped: node 1 reads relu'(z2), node 2 relu'(z1)
    w5, w6 missing             w5 = w6 = 1: the chain from z3 back to h1, h2 skips the weights
    x1 and x2 swapped          the inputs swapped: dz1/dw1 read as x2
    output relu' missing       out = relu(z3), differentiated as a linear output (no relu'(z3))
    z3 in place of out         the error z3 - y and no relu'(z3): the lecture's own mistake
    summed                     (a batch) the per-sample gradients added, not averaged

A mistake that gives the true value at the point being checked is never reported (e.g. relu'(z1)
missing while z1 > 0), so a student is only told about mistakes that could explain their number.
"""
from __future__ import annotations

import numpy as np

from ..core.checks import NAMES, OneOf, check, check_data, validate
from ..core.init import LECTURE_START
from ..core.params import Params, check_params
from ..core.reference import backward, gradients, network, sample_gradients, within_limits
from .numbers import Mistake, check_nine, check_number
from .verdict import Verdict, shown

LECTURE_SAMPLE = (1.0, 0.0, 2.0)
"""The lecture's sample x1, x2, y (prediction 2.5 and loss 0.25 at LECTURE_START)."""

_NAME = OneOf(NAMES)


def per_sample(params: Params, X, y, output="linear", read=None, w5=None, w6=None, slope=None,
               swap_inputs=False) -> np.ndarray:
    """The nine gradients of every sample, shape (9, n), by `reference.backward`, with an optional mistake.

    read(f) -> the forward pass the gradient code reads; w5, w6: the weights it multiplies by;
    slope: the output it differentiates ("linear" ignores relu'(z3)); swap_inputs: x1 read as x2.
    """
    check_params(params)
    X, y = check_data(X, y)
    output = validate(output=output)
    x1, x2 = X[:, 0], X[:, 1]
    with np.errstate(over="ignore", invalid="ignore"):  # a planted mistake may run past the float range
        f = network(*params.values, x1, x2, output)
        a, b = (x2, x1) if swap_inputs else (x1, x2)
        _, *g = backward(params.w5 if w5 is None else w5, params.w6 if w6 is None else w6, a, b,
                         read(f) if read else f, y, slope or output)
        return np.array([np.broadcast_to(np.asarray(d, dtype=np.float64), x1.shape) for d in g])


GRADIENT_MISTAKES = {
    "factor 2 missing": ("dloss/dout = 2 (out - y): the factor 2 of the squared error is missing.",
                         lambda p, X, y, o: 0.5 * per_sample(p, X, y, o)),
    "sign flipped": ("dloss/dout = 2 (out - y), not 2 (y - out): your sign is flipped.",
                     lambda p, X, y, o: -per_sample(p, X, y, o)),
    "relu'(z1) missing": ("h1 = relu(z1): on the way back multiply by relu'(z1) (1 if z1 > 0, else 0); "
                          "you took it as 1.",
                          lambda p, X, y, o: per_sample(p, X, y, o, read=lambda f: f._replace(z1=1.0))),
    "relu'(z2) missing": ("h2 = relu(z2): on the way back multiply by relu'(z2) (1 if z2 > 0, else 0); "
                          "you took it as 1.",
                          lambda p, X, y, o: per_sample(p, X, y, o, read=lambda f: f._replace(z2=1.0))),
    "other node's relu'": ("node 1's gradients need relu'(z1) and node 2's need relu'(z2): you used the other "
                           "node's.",
                           lambda p, X, y, o: per_sample(p, X, y, o, read=lambda f: f._replace(z1=f.z2, z2=f.z1))),
    "w5, w6 missing": ("from z3 back to h1 the chain passes w5 (z3 = h1*w5 + h2*w6 + b3): multiply by w5 for "
                       "node 1's gradients and by w6 for node 2's.",
                       lambda p, X, y, o: per_sample(p, X, y, o, w5=1.0, w6=1.0)),
    "x1 and x2 swapped": ("z1 = x1*w1 + x2*w3 + b1, so dz1/dw1 = x1 and dz1/dw3 = x2 (and w2, w4 the same "
                          "for z2): you used the other input.",
                          lambda p, X, y, o: per_sample(p, X, y, o, swap_inputs=True)),
    "output relu' missing": ("out = relu(z3): multiply 2 (out - y) by relu'(z3), which is 0 when z3 <= 0.",
                             lambda p, X, y, o: per_sample(p, X, y, o, slope="linear")),
    "z3 in place of out": ("the error is out - y with out = relu(z3); you used z3 - y and no relu'(z3) "
                           "(the lecture loop's mistake).",
                           lambda p, X, y, o: per_sample(p, X, y, o, read=lambda f: f._replace(out=f.z3),
                                                         slope="linear")),
}
"""Name -> (hint, planted(params, X, y, output) -> per-sample gradients (9, n))."""

SUMMED = ("summed", "the loss is the mean over the samples, so its gradient is the mean of the per-sample "
                    "gradients: divide the sum by n.")


def planted_gradients(params: Params, X, y, output="linear") -> dict[str, tuple[str, Params]]:
    """Every typical mistake's mean gradient over X, y: name -> (hint, the Params that mistake gives).

    A mistake whose gradients run past 1e100 here is left out (no answer can match it).
    """
    X, y = check_data(X, y)
    values = {name: (hint, planted(params, X, y, output)) for name, (hint, planted) in GRADIENT_MISTAKES.items()}
    with np.errstate(over="ignore", invalid="ignore"):
        found = {name: (hint, g.mean(axis=1).tolist()) for name, (hint, g) in values.items()}
        if len(y) > 1:
            found[SUMMED[0]] = (SUMMED[1], per_sample(params, X, y, output).sum(axis=1).tolist())
    return {name: (hint, Params(*g)) for name, (hint, g) in found.items() if within_limits(g)}


def _one_sample(x1, x2, y):
    return np.array([[x1, x2]], dtype=np.float64), np.array([y], dtype=np.float64)


def _where(x1, x2, y) -> str:
    return f"x = ({shown(x1)}, {shown(x2)}), y = {shown(y)}"


def _check_one(answer, name, params, X, y, output, true_gradients, title) -> Verdict:
    name = check("name", name, _NAME)
    mistakes = [Mistake(m, hint, getattr(g, name)) for m, (hint, g) in planted_gradients(params, X, y, output).items()]
    return check_number(answer, getattr(true_gradients, name), title, mistakes)


def check_gradient(answer, name: str = "w1", params: Params = LECTURE_START, x1=LECTURE_SAMPLE[0],
                   x2=LECTURE_SAMPLE[1], y=LECTURE_SAMPLE[2], output: str = "linear") -> Verdict:
    """dloss/d(name) by hand for one sample, the lecture's by default (03_backprop).

    The true value is `nnmath.sample_gradients(params, x1, x2, y, output)`.
    """
    name = check("name", name, _NAME)
    truth = sample_gradients(params, x1, x2, y, output)
    X, Y = _one_sample(x1, x2, y)
    return _check_one(answer, name, params, X, Y, output, truth, f"dloss/d{name} for {_where(x1, x2, y)}")


def check_batch_gradient(answer, name: str, params: Params, X, y, output: str = "linear") -> Verdict:
    """dloss/d(name) of the mean loss over a small data set X, y (03_backprop, 04_training_loop).

    The true value is `nnmath.gradients(params, X, y, output)`; "summed instead of averaged" is recognised.
    """
    name = check("name", name, _NAME)
    truth = gradients(params, X, y, output)
    X, y = check_data(X, y)
    return _check_one(answer, name, params, X, y, output, truth, f"dloss/d{name}, the mean over {len(y)} samples")


def check_gradients(answer, params: Params = LECTURE_START, x1=LECTURE_SAMPLE[0], x2=LECTURE_SAMPLE[1],
                    y=LECTURE_SAMPLE[2], output: str = "linear") -> Verdict:
    """All nine gradients for one sample (03_backprop): a Params, a dict (d_w1=...) or nine numbers."""
    truth = sample_gradients(params, x1, x2, y, output)
    X, Y = _one_sample(x1, x2, y)
    mistakes = [Mistake(m, hint, g) for m, (hint, g) in planted_gradients(params, X, Y, output).items()]
    return check_nine(answer, truth, f"the nine gradients for {_where(x1, x2, y)}", mistakes)


__all__ = ["LECTURE_SAMPLE", "GRADIENT_MISTAKES", "per_sample", "planted_gradients", "check_gradient",
           "check_batch_gradient", "check_gradients"]
