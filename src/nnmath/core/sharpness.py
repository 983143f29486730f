"""The loss's sharpness s and the learning-rate bound 2/s (05_learning_rate).

Near a point, the batch loss is a bowl whose steepest curvature is the sharpness s, the largest
eigenvalue of the loss's Hessian (its matrix of second derivatives). One gradient step at lr
multiplies the error along that direction by (1 - lr * s): it shrinks while lr < 2 / s and
grows, step after step, once lr > 2 / s. So full-batch gradient descent started here diverges
for lr > 2 / s (the LR finder of `nnmath.fast.lr_finder` marks that rate).

`sharpness` takes the Hessian by central differences of `nnmath.gradients` (the one
central-difference loop of core/gradcheck.py). Along b3 alone it is exact: the loss is the mean
of (out - y)**2 and out moves one for one with b3, so d2 loss / d b3^2 = 2 for a linear output,
and the bound along b3 is 2 / 2 = 1. From the all-zero start only b3 learns, so there lr > 1
diverges and lr < 1 does not.

Moved here from `nnmath.exercises.learning_rate` (which imports it) so the panels can use it too.
"""
from __future__ import annotations

import numpy as np

from .checks import NAMES, check_data, real_array, validate
from .gradcheck import central_differences
from .params import Params, check_params
from .reference import forward_all, gradients
NODE_PARAMETERS = {"z1": ("w1", "w3", "b1"), "z2": ("w2", "w4", "b2")}
"""The parameters that feel a hidden node's kink: its input weights and its bias."""


def kink(params: Params, X, names=NAMES, output: str = "linear", eps: float = 1e-5) -> str | None:
    """The pre-activation ("z1", "z2" or "z3") that sits within eps of a ReLU's kink for some sample,
    if a named parameter feels it; None when the loss is smooth around params.

    names: a list or tuple of parameter names (w1..b3); eps: how far each parameter moves.
    """
    check_params(params)
    X = real_array("X", X, 2, 2)
    names, output, eps = validate(names=names, output=output, eps=eps)
    f = forward_all(params, X, output)
    reach = eps * (np.abs(X).sum(axis=1) + 1.0)  # how far z can move when one parameter moves by eps
    for z, node in NODE_PARAMETERS.items():
        if set(names) & set(node) and np.any(np.abs(getattr(f, z)) <= reach):
            return z
    if output == "relu" and np.any(np.abs(f.z3) <= reach * (abs(params.w5) + abs(params.w6) + 1.0)):
        return "z3"
    return None


def sharpness(params: Params, X, y, names=NAMES, output: str = "linear", eps: float = 1e-5) -> float:
    """The largest eigenvalue of the mean loss's Hessian in the named parameters (05_learning_rate).

    Column k of the Hessian is (grad(theta + eps e_k) - grad(theta - eps e_k)) / (2 eps) with the
    gradients of `nnmath.gradients`; it is symmetrised before `eigvalsh`. Refused where a hidden or
    output ReLU sits at its kink for some sample (z = 0, as at the all-zero start): there the loss
    has no second derivative; use names=("b3",) there, whose curvature is exactly 2.
    """
    check_params(params)
    X, y = check_data(X, y)
    names, output, eps = validate(names=names, output=output, eps=eps)
    at = kink(params, X, names, output, eps)
    if at:
        raise ValueError(f"the loss has no curvature here: {at} = 0 for some sample (a ReLU's kink); "
                         f"leave that node's parameters out of names, e.g. names=('b3',)")
    index = [NAMES.index(name) for name in names]
    start = params.to_array()

    def gradient(values):
        theta = start.copy()
        theta[index] = values
        return gradients(Params(*theta.tolist()), X, y, output).to_array()[index]

    H = central_differences(gradient, start[index], eps)
    return float(np.linalg.eigvalsh((H + H.T) / 2.0)[-1])


__all__ = ["sharpness", "kink", "NODE_PARAMETERS"]
