"""The readable layer: the lecture's arithmetic, line by line, in plain Python and NumPy.

This is the code a student reads (01_forward_pass, 03_backprop, 04_training_loop)
and the oracle the compiled layer (`nnmath.fast`) is tested against. It is for
reading, not for speed: `nnmath.train` runs the compiled loops, which must agree
with this file (bit for bit online; to rounding in batch mode).

The forward pass and the backward pass are each written once, in `network` and
`backward`. Both work number by number, so they serve one sample (floats) and a whole
data set or a grid of parameters (NumPy arrays, element by element) alike; each
gradient sits beside the line it differentiates ("left x right": the derivative
flowing in from the right times the local derivative).

Calling convention, everywhere in the course:
- one sample: numbers `x1, x2` (and a target `y`): `forward`, `sample_loss`, `sample_gradients`,
  `loss_and_gradients_one`;
- a data set: `X` of shape (n, 2) with columns x1, x2, and `y` of shape (n,): `forward_all`,
  `predict`, `loss`, `gradients`, `sgd_step`, `train`.
"""
from __future__ import annotations

import contextlib
import functools
import math
import numbers
from typing import NamedTuple

import numpy as np

from .checks import (MAX_MAGNITUDE, MAX_READABLE_STEPS, NAMES, OUTPUTS, RULES, check, check_data, check_work, real_array,
                     refuse, validate)
from .params import Params, check_params


class Forward(NamedTuple):
    """Every intermediate of one forward pass (numbers for one sample, arrays for many)."""

    z1: float
    h1: float
    z2: float
    h2: float
    z3: float
    out: float


# ----------------------------------------------------------------------------------
# What the formulas take: real numbers or arrays of them (NaN and infinity too: they are arithmetic)
# ----------------------------------------------------------------------------------

_FORMULA_INPUT = "a real number or an array of real numbers"
_LINEAR, _RELU = OUTPUTS
_QUIET = contextlib.nullcontext()


def _formula_value(argument, value):
    """A formula's input: a float (the loops' case, checked first), another real number or a real array."""
    if type(value) is float:
        return value
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "iuf":
            return value
    elif isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)):
        try:
            return float(value)
        except Exception:  # 10**400, or a hostile __float__
            pass
    raise refuse(argument, value, _FORMULA_INPUT)


def _formula_output(output):
    """output: "linear" or "relu" (the checked words are the vocabulary's own objects, so `is` finds them)."""
    return output if output is _LINEAR or output is _RELU else validate(output=output)


def relu(z):
    """relu(z) = max(z, 0), element by element (NaN gives 0, as `z if z > 0 else 0` would)."""
    z = _formula_value("z", z)
    return np.where(z > 0.0, z, 0.0) if isinstance(z, np.ndarray) else (z if z > 0.0 else 0.0)


def relu_prime(z):
    """relu'(z) = 1 for z > 0, else 0 (the lecture's convention: relu'(0) = 0)."""
    z = _formula_value("z", z)
    return np.where(z > 0.0, 1.0, 0.0) if isinstance(z, np.ndarray) else (1.0 if z > 0.0 else 0.0)


# ----------------------------------------------------------------------------------
# The network, once: forward and backward, number by number
# ----------------------------------------------------------------------------------

def _checked(check):
    """Run `check` before a readable function, which stays exactly as written (inspect.getsource shows it)."""
    def wrap(function):
        @functools.wraps(function)
        def checked(*args, **kwargs):
            return check(function, *args, **kwargs)
        return checked
    return wrap


def _network_arguments(function, w1, w2, w3, w4, w5, w6, b1, b2, b3, x1, x2, output="linear"):
    """network's arguments: real numbers or real arrays (NaN and inf pass: arithmetic), output a known word.

    Plain floats (the readable loops' case) are recognised at once; arrays compute quietly (a diverged
    network's overflow is reported by the callers, never as a warning).
    """
    output = _formula_output(output)
    inputs = (w1, w2, w3, w4, w5, w6, b1, b2, b3, x1, x2)
    if not all(type(v) is float for v in inputs):
        inputs = tuple(_formula_value(name, v) for name, v in zip((*NAMES, "x1", "x2"), inputs))
    with np.errstate(all="ignore") if any(isinstance(v, np.ndarray) for v in inputs) else _QUIET:
        return function(*inputs, output)


def _backward_arguments(function, w5, w6, x1, x2, f, y, output="linear"):
    """backward's arguments: like network's, and f a Forward."""
    output = _formula_output(output)
    if not isinstance(f, Forward):
        raise refuse("f", f, "a Forward, the forward pass of the same samples (network(...) or forward(...))")
    inputs = (w5, w6, x1, x2, y, *f)
    if not all(type(v) is float for v in inputs):
        w5, w6, x1, x2, y = (_formula_value(name, v) for name, v in zip(("w5", "w6", "x1", "x2", "y"), inputs))
        f = Forward(*(_formula_value(f"f.{name}", v) for name, v in zip(Forward._fields, f)))
    with np.errstate(all="ignore") if any(isinstance(v, np.ndarray) for v in inputs) else _QUIET:
        return function(w5, w6, x1, x2, f, y, output)


def network(w1, w2, w3, w4, w5, w6, b1, b2, b3, x1, x2, output="linear") -> Forward:
    """The forward pass (01_forward_pass): every node from the inputs to the output.

    Takes numbers or NumPy arrays that broadcast (samples, or a grid of parameter values).
    """
    z1 = x1 * w1 + x2 * w3 + b1
    h1 = relu(z1)
    z2 = x1 * w2 + x2 * w4 + b2
    h2 = relu(z2)
    z3 = h1 * w5 + h2 * w6 + b3
    out = relu(z3) if output == "relu" else z3
    return Forward(z1, h1, z2, h2, z3, out)


def backward(w5, w6, x1, x2, f: Forward, y, output="linear"):
    """The backward pass (03_backprop): loss = (out - y)**2 and its nine partial derivatives.

    f is the forward pass of the same sample(s). Returns (loss, d_w1, ..., d_b3) in the
    order of NAMES; numbers or arrays, like the inputs.
    """
    error = f.out - y
    loss = error * error                              # (out - y)**2, written so it never raises OverflowError
    d_out = 2.0 * error                               # dloss/dout
    d_z3 = d_out * relu_prime(f.z3) if output == "relu" else d_out   # out = relu(z3) needs relu'(z3)

    d_w5 = d_z3 * f.h1                                # z3 = h1*w5 + ...
    d_w6 = d_z3 * f.h2                                # z3 = ... + h2*w6 + ...
    d_b3 = d_z3                                       # z3 = ... + b3

    d_z1 = d_z3 * w5 * relu_prime(f.z1)               # through w5, then h1 = relu(z1)
    d_w1 = d_z1 * x1                                  # z1 = x1*w1 + ...
    d_w3 = d_z1 * x2                                  # z1 = ... + x2*w3 + ...
    d_b1 = d_z1                                       # z1 = ... + b1

    d_z2 = d_z3 * w6 * relu_prime(f.z2)               # through w6, then h2 = relu(z2)
    d_w2 = d_z2 * x1                                  # z2 = x1*w2 + ...
    d_w4 = d_z2 * x2                                  # z2 = ... + x2*w4 + ...
    d_b2 = d_z2                                       # z2 = ... + b2

    return loss, d_w1, d_w2, d_w3, d_w4, d_w5, d_w6, d_b1, d_b2, d_b3


network = _checked(_network_arguments)(network)
backward = _checked(_backward_arguments)(backward)


def step(p: Params, grads: Params, lr: float) -> Params:
    """Gradient descent on all nine at once: param_new = param_old - lr * dloss/dparam."""
    check_params(p, "p")
    check_params(grads, "grads")
    lr = validate(lr=lr)
    new = [getattr(p, name) - lr * getattr(grads, name) for name in NAMES]
    if not within_limits(new):
        raise ValueError(f"lr {lr:g} times grads moves a parameter beyond 1e100: this update diverges; use a smaller lr")
    return Params(*new)


def _overflow(where: str) -> ValueError:
    return ValueError(f"the gradient overflows at these params and {where} (a number beyond 1e100): the network "
                      "has diverged; allowed: parameters and data whose gradients stay within 1e100 (use smaller "
                      "parameters or scale the data)")


# ----------------------------------------------------------------------------------
# One sample: numbers x1, x2, y
# ----------------------------------------------------------------------------------

def _sample(**values):
    """Check one sample's numbers; arrays are refused with a pointer to the data-set functions."""
    for name, value in values.items():
        if isinstance(value, (np.ndarray, list, tuple)):
            raise ValueError(f"{name} must be one number (one sample), got {type(value).__name__}; for a data "
                             "set pass X of shape (n, 2) and y to forward_all, predict, loss or gradients")
    return [check(name, value, RULES["value"]) for name, value in values.items()]


def forward(params: Params, x1, x2, output: str = "linear") -> Forward:
    """z1, h1, z2, h2, z3 and out for one sample (x1, x2) (01_forward_pass).

    A value beyond the float range (parameters and inputs near 1e100) comes out as inf, as a diverged network's does.
    """
    check_params(params)
    output = validate(output=output)
    x1, x2 = _sample(x1=x1, x2=x2)
    return network(*params.values, x1, x2, output)


def loss_and_gradients_one(p: Params, x1: float, x2: float, y: float, output: str = "linear"):
    """Squared error of one sample and its nine partial derivatives (03_backprop).

    Returns (loss, Params of dloss/dparam). The arithmetic is `backward`'s.
    """
    check_params(p, "p")
    output = validate(output=output)
    x1, x2, y = _sample(x1=x1, x2=x2, y=y)
    return _loss_and_gradients_one(p, x1, x2, y, output)


def _loss_and_gradients_one(p, x1, x2, y, output):
    f = network(*p.values, x1, x2, output)
    loss, *grads = backward(p.w5, p.w6, x1, x2, f, y, output)
    if not within_limits(grads):
        raise _overflow("x1, x2, y")
    return loss, Params(*grads)


def sample_loss(params: Params, x1, x2, y, output: str = "linear") -> float:
    """(out - y)**2 for one sample (x1, x2, y) (02_loss)."""
    check_params(params)
    output = validate(output=output)
    x1, x2, y = _sample(x1=x1, x2=x2, y=y)
    value = backward(params.w5, params.w6, x1, x2, network(*params.values, x1, x2, output), y, output)[0]
    if not math.isfinite(value):
        raise ValueError("the loss overflows at these params and x1, x2, y (beyond the float range): the network has "
                         "diverged; allowed: parameters and data whose loss stays finite")
    return value


def sample_gradients(params: Params, x1, x2, y, output: str = "linear") -> Params:
    """d(loss)/d(param) for one sample (x1, x2, y) (03_backprop), after checking its arguments."""
    check_params(params)
    output = validate(output=output)
    x1, x2, y = _sample(x1=x1, x2=x2, y=y)
    return _loss_and_gradients_one(params, x1, x2, y, output)[1]


# ----------------------------------------------------------------------------------
# A data set: X of shape (n, 2), y of shape (n,)
# ----------------------------------------------------------------------------------

def _mean_in_data_order(values: np.ndarray):
    """Sum over samples one after another, in data order, then divide by n: the order a loop would use.

    (np.mean adds in pairs instead, which rounds differently in the last digit; np.add.accumulate
    adds strictly one after another.) values: (n,) or (n, k), one row per sample.
    """
    return np.add.accumulate(values, axis=0)[-1] / len(values)


def _inputs(X) -> np.ndarray:
    return real_array("X", X, 2, 2)


def forward_all(params: Params, X, output: str = "linear") -> Forward:
    """Every intermediate for every row of X, as arrays (01_forward_pass, 06_initialisation)."""
    check_params(params)
    X = _inputs(X)
    output = validate(output=output)
    return network(*params.values, X[:, 0], X[:, 1], output)  # a diverged network's huge values: inf, shown as such


def predict(params: Params, X, output: str = "linear") -> np.ndarray:
    """The network's output for every row of X (04_training_loop)."""
    return forward_all(params, X, output).out


def _per_sample(params, X, y, output):
    """(loss, d_w1, ..., d_b3) for every sample, as arrays: backward over the whole data set at once."""
    check_params(params)
    X, y = check_data(X, y)
    output = validate(output=output)
    f = network(*params.values, X[:, 0], X[:, 1], output)
    return backward(params.w5, params.w6, X[:, 0], X[:, 1], f, y, output)


def loss(params: Params, X, y, output: str = "linear") -> float:
    """Mean squared error over the samples (02_loss): mean of (out - y)**2, summed in data order."""
    losses = _per_sample(params, X, y, output)[0]
    with np.errstate(over="ignore", invalid="ignore"):
        value = float(_mean_in_data_order(losses))
    if not math.isfinite(value):
        raise ValueError("the loss overflows at these params and data X, y (beyond the float range): the network "
                         "has diverged; allowed: parameters and data whose loss stays finite")
    return value


def gradients(params: Params, X, y, output: str = "linear") -> Params:
    """d(loss)/d(param) for all nine, averaged over the samples (03_backprop)."""
    return _mean_gradients(*_per_sample(params, X, y, output)[1:])


def _mean_gradients(*grads) -> Params:
    with np.errstate(over="ignore", invalid="ignore"):
        means = _mean_in_data_order(np.column_stack(grads)).tolist()
    if not within_limits(means):
        raise _overflow("data X, y")
    return Params(*means)


def sgd_step(params: Params, X, y, lr: float, output: str = "linear") -> Params:
    """One gradient-descent update of all nine parameters on the mean gradient over X, y (03_backprop)."""
    lr = validate(lr=lr)
    return step(params, gradients(params, X, y, output), lr)


# ----------------------------------------------------------------------------------
# The training loop, as a student would write it: the oracle for the compiled loops
# ----------------------------------------------------------------------------------

def within_limits(values) -> bool:
    """Every value finite with |value| <= 1e100: the course's test for "still a sensible number".

    A run whose loss or parameters fail it has diverged (`abs(v) <= 1e100` is False for NaN and inf).
    values: numbers (a list, tuple or 1-D array).
    """
    if not (isinstance(values, (list, tuple)) and all(type(v) is float for v in values)):
        values = real_array("values", values, 1, min_rows=0, finite=False).tolist()
    return all(abs(v) <= MAX_MAGNITUDE for v in values)


def train_reference(params: Params, X, y, lrs, epochs: int, batch_orders, output: str = "linear",
                    record: bool = False):
    """Plain-Python training loop (04_training_loop). Slow on purpose: every number is visible.

    batch_orders(epoch) yields lists of sample indices; each list is one update
    (online: [[0], [1], ...]; batch: [[0, 1, ..., n-1]]). lrs[epoch] is that epoch's rate.
    The epoch loss is the mean of the per-sample losses computed before each update.
    Returns (params, losses, diverged_at or None, trajectory or None); on divergence
    params are the last sensible ones (from the start of the diverging epoch).
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n = len(y)
    losses = []
    trajectory = [params] if record else None
    for epoch in range(epochs):
        lr = float(lrs[epoch])
        start_of_epoch = params
        values = params.values
        total = 0.0
        for batch in batch_orders(epoch):
            sums = [0.0] * 9
            for i in batch:
                f = network(*values, float(X[i, 0]), float(X[i, 1]), output)
                loss_i, *g = backward(values[4], values[5], float(X[i, 0]), float(X[i, 1]), f, float(y[i]), output)
                total += loss_i
                sums = [s + v for s, v in zip(sums, g)]
            values = tuple(v - lr * (s / len(batch)) for v, s in zip(values, sums))
        epoch_loss = total / n
        if not within_limits((epoch_loss, *values)):
            return start_of_epoch, np.array(losses), epoch + 1, trajectory
        params = Params(*values)
        losses.append(epoch_loss)
        if record:
            trajectory.append(params)
    return params, np.array(losses), None, trajectory


def _train_reference_arguments(function, params, X, y, lrs, epochs, batch_orders, output="linear", record=False):
    """train_reference's arguments, checked before the loop (which stays as a student reads it)."""
    check_params(params)
    X, y = check_data(X, y)
    epochs, batch_orders, output, record = validate(epochs=epochs, batch_orders=batch_orders, output=output,
                                                    record=record)
    check_work(len(y), epochs, limit=MAX_READABLE_STEPS, meaning="about half a minute of plain Python")
    lrs = real_array("lrs", lrs, 1, min_rows=epochs if epochs else 0)
    if not (lrs > 0).all():
        raise refuse("lrs", lrs, "learning rates > 0, one per epoch")
    n = len(y)
    return function(params, X, y, lrs, epochs, lambda epoch: _batches(batch_orders, epoch, n), output, record)


train_reference = _checked(_train_reference_arguments)(train_reference)


def _batches(batch_orders, epoch, n):
    """batch_orders(epoch), checked: lists of sample indices 0..n-1, none empty."""
    allowed = f"a function giving, for each epoch, lists of sample indices from 0 to {n - 1} (one non-empty list per update)"
    try:
        batches = [list(batch) for batch in batch_orders(epoch)]
    except Exception as error:
        raise ValueError(f"batch_orders must be {allowed}; batch_orders({epoch}) failed: {type(error).__name__}: "
                         f"{str(error)[:80]}") from error
    for batch in batches:
        if not batch or not all(isinstance(i, numbers.Integral) and not isinstance(i, (bool, np.bool_)) and 0 <= i < n
                                for i in batch):
            raise refuse("batch_orders", batch, allowed)
    return batches
