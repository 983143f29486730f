"""The readable layer: the lecture's arithmetic, line by line, in plain Python.

This is the code a student reads (01_forward_pass, 03_backprop, 04_training_loop)
and the oracle the fast engine is tested against. It is for reading, not for
speed: `nnmath.train` runs the compiled engine, which must agree with this file.

Each gradient sits beside the line it differentiates ("left x right": the
derivative flowing in from the right times the local derivative).
"""
from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from .params import NAMES, Params, check_params

OUTPUTS = ("linear", "relu")


class Forward(NamedTuple):
    """Every intermediate of one forward pass (scalars, or arrays over samples)."""

    z1: float
    h1: float
    z2: float
    h2: float
    z3: float
    out: float


def relu(z: float) -> float:
    """relu(z) = max(z, 0)."""
    return z if z > 0.0 else 0.0


def relu_prime(z: float) -> float:
    """relu'(z) = 1 for z > 0, else 0 (the lecture's convention: relu'(0) = 0)."""
    return 1.0 if z > 0.0 else 0.0


def check_output(output: str) -> str:
    if output not in OUTPUTS:
        raise ValueError(f"output must be one of {OUTPUTS}, got {output!r}")
    return output


def forward_one(p: Params, x1: float, x2: float, output: str = "linear") -> Forward:
    """One sample through the network, node by node (01_forward_pass)."""
    z1 = x1 * p.w1 + x2 * p.w3 + p.b1
    h1 = relu(z1)
    z2 = x1 * p.w2 + x2 * p.w4 + p.b2
    h2 = relu(z2)
    z3 = h1 * p.w5 + h2 * p.w6 + p.b3
    out = relu(z3) if output == "relu" else z3
    return Forward(z1, h1, z2, h2, z3, out)


def loss_and_gradients_one(p: Params, x1: float, x2: float, y: float, output: str = "linear"):
    """Squared error of one sample and its nine partial derivatives (03_backprop).

    loss = (out - y)**2; every gradient is (what flows in from the loss) x (local derivative).
    Returns (loss, Params of dloss/dparam).
    """
    f = forward_one(p, x1, x2, output)
    error = f.out - y
    loss = error * error                              # (out - y)**2, written so it never raises OverflowError
    d_out = 2.0 * error                               # dloss/dout
    d_z3 = d_out * relu_prime(f.z3) if output == "relu" else d_out   # out = relu(z3) needs relu'(z3)

    d_w5 = d_z3 * f.h1                                # z3 = h1*w5 + ...
    d_w6 = d_z3 * f.h2                                # z3 = ... + h2*w6 + ...
    d_b3 = d_z3                                       # z3 = ... + b3

    d_z1 = d_z3 * p.w5 * relu_prime(f.z1)             # through w5, then h1 = relu(z1)
    d_w1 = d_z1 * x1                                  # z1 = x1*w1 + ...
    d_w3 = d_z1 * x2                                  # z1 = ... + x2*w3 + ...
    d_b1 = d_z1                                       # z1 = ... + b1

    d_z2 = d_z3 * p.w6 * relu_prime(f.z2)             # through w6, then h2 = relu(z2)
    d_w2 = d_z2 * x1                                  # z2 = x1*w2 + ...
    d_w4 = d_z2 * x2                                  # z2 = ... + x2*w4 + ...
    d_b2 = d_z2                                       # z2 = ... + b2

    return loss, Params(d_w1, d_w2, d_w3, d_w4, d_w5, d_w6, d_b1, d_b2, d_b3)


def step(p: Params, grads: Params, lr: float) -> Params:
    """Gradient descent on all nine at once: param_new = param_old - lr * dloss/dparam."""
    return Params(*(getattr(p, name) - lr * getattr(grads, name) for name in NAMES))


# ----------------------------------------------------------------------------------
# Public helpers: scalars or arrays of samples.
# ----------------------------------------------------------------------------------

def _as_samples(x1, x2, y=None):
    """Flatten inputs to 1-D float arrays of equal length, with a clear error otherwise."""
    arrays = [np.asarray(v, dtype=np.float64) for v in ((x1, x2) if y is None else (x1, x2, y))]
    names = ("x1", "x2", "y")
    for name, a in zip(names, arrays):
        if a.ndim > 1:
            raise ValueError(f"{name} must be a number or a 1-D array, got shape {a.shape}")
        if not np.all(np.isfinite(a)):
            raise ValueError(f"{name} contains NaN or infinity; allowed: finite numbers only")
    lengths = {a.size for a in arrays}
    if len(lengths) != 1:
        shapes = ", ".join(f"{n} {a.shape}" for n, a in zip(names, arrays))
        raise ValueError(f"x1, x2 (and y) must have the same length, got {shapes}")
    return [np.atleast_1d(a) for a in arrays]


def forward(params: Params, x1, x2, output: str = "linear") -> Forward:
    """All intermediates z1, h1, z2, h2, z3, out for one sample or an array of samples.

    Taught in 01_forward_pass. Scalars in, floats out; arrays in, arrays out.
    """
    check_params(params)
    check_output(output)
    scalar = np.ndim(x1) == 0 and np.ndim(x2) == 0
    if scalar:
        _as_samples(x1, x2)
        return forward_one(params, float(x1), float(x2), output)
    a1, a2 = _as_samples(x1, x2)
    p = params
    with np.errstate(over="ignore", invalid="ignore"):
        z1 = a1 * p.w1 + a2 * p.w3 + p.b1
        h1 = np.where(z1 > 0.0, z1, 0.0)
        z2 = a1 * p.w2 + a2 * p.w4 + p.b2
        h2 = np.where(z2 > 0.0, z2, 0.0)
        z3 = h1 * p.w5 + h2 * p.w6 + p.b3
        out = np.where(z3 > 0.0, z3, 0.0) if output == "relu" else z3
    return Forward(z1, h1, z2, h2, z3, out)


def predict(params: Params, X, output: str = "linear") -> np.ndarray:
    """Network output for every row of X (shape (n, 2))."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2) with columns x1, x2, got {X.shape}")
    return forward(params, X[:, 0], X[:, 1], output).out


def loss(params: Params, x1, x2, y, output: str = "linear") -> float:
    """Mean squared error over the samples (02_loss): mean of (out - y)**2."""
    check_params(params)
    check_output(output)
    total, count = 0.0, 0
    for a, b, t in zip(*_as_samples(x1, x2, y)):
        error = forward_one(params, float(a), float(b), output).out - float(t)
        total += error * error
        count += 1
    return total / count


def gradients(params: Params, x1, x2, y, output: str = "linear") -> Params:
    """d(loss)/d(param) for all nine, averaged over the samples when given arrays (03_backprop)."""
    check_params(params)
    check_output(output)
    sums = [0.0] * 9
    count = 0
    for a, b, t in zip(*_as_samples(x1, x2, y)):
        _, g = loss_and_gradients_one(params, float(a), float(b), float(t), output)
        sums = [s + v for s, v in zip(sums, g.to_array().tolist())]
        count += 1
    return Params(*(s / count for s in sums))


def sgd_step(params: Params, x1, x2, y, lr: float, output: str = "linear") -> Params:
    """One gradient-descent update of all nine parameters from the old values (03_backprop)."""
    from .validate import check_lr

    check_lr(lr)
    return step(params, gradients(params, x1, x2, y, output), lr)


# ----------------------------------------------------------------------------------
# The training loop, as a student would write it: the oracle for the engine.
# ----------------------------------------------------------------------------------

def train_reference(params: Params, X, y, lrs, epochs: int, batch_orders, output: str = "linear",
                    record: bool = False):
    """Plain-Python training loop (04_training_loop). Slow on purpose: every number is visible.

    batch_orders(epoch) yields lists of sample indices; each list is one update
    (online: [[0], [1], ...]; batch: [[0, 1, ..., n-1]]). lrs[epoch] is that epoch's rate.
    The epoch loss is the mean of the per-sample losses computed before each update.
    Returns (params, losses, diverged_at or None, trajectory or None); on divergence
    params are the last finite ones (from the start of the diverging epoch).
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n = len(y)
    losses = []
    trajectory = [params] if record else None
    for epoch in range(epochs):
        lr = float(lrs[epoch])
        start_of_epoch = params
        total = 0.0
        for batch in batch_orders(epoch):
            sums = [0.0] * 9
            for i in batch:
                loss_i, g = loss_and_gradients_one(params, float(X[i, 0]), float(X[i, 1]), float(y[i]), output)
                total += loss_i
                sums = [s + v for s, v in zip(sums, g.to_array().tolist())]
            mean_grads = Params(*(s / len(batch) for s in sums))
            params = step(params, mean_grads, lr)
        epoch_loss = total / n
        if not (math.isfinite(epoch_loss) and params.is_finite()):
            return start_of_epoch, np.array(losses), epoch + 1, trajectory
        losses.append(epoch_loss)
        if record:
            trajectory.append(params)
    return params, np.array(losses), None, trajectory
