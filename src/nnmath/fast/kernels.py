"""The compiled kernels: the network's arithmetic for one sample, written once for every fast loop.

Each kernel is the numba twin of a readable function (its oracle), with the same
operations in the same order, so a loop built from them reproduces the readable
loop bit for bit where it sums in the same order:

    kernel                      oracle (readable)                         used by
    forward                     core.reference.network                    every loop below
    output_delta                core.reference.backward (loss, d_z3)      engine, faulty
    output_gradients            core.reference.backward (d_w5, d_w6, d_b3) engine, faulty
    hidden_delta                core.reference.backward (d_z1, d_z2)      engine, faulty
    hidden_gradients            core.reference.backward (d_w1..d_b2)      engine, faulty
    loss_and_gradients          core.reference.backward                   engine (train, sweep)
    sigmoid, softplus           core.mlp.sigmoid, core.mlp.softplus       encoder

Why a second copy at all: numba compiles Python functions of numbers, not the NumPy
element-wise code of the reference (nor its Params objects). Keeping the copy to these
few small kernels is what lets every compiled loop share them (tests/test_kernels.py
holds each against its oracle). `inline="always"` makes them free to call.
"""
from __future__ import annotations

import numpy as np
from numba import njit

from ..core.checks import MAX_MAGNITUDE

LIMIT = MAX_MAGNITUDE
"""A number beyond +-1e100 (or NaN, or inf) means a run has diverged (core.reference.within_limits)."""


@njit(cache=True, inline="always")
def relu(z):
    return z if z > 0.0 else 0.0


@njit(cache=True, inline="always")
def relu_prime(z):
    return 1.0 if z > 0.0 else 0.0


@njit(cache=True, inline="always")
def forward(w1, w2, w3, w4, w5, w6, b1, b2, b3, x1, x2, relu_out):
    """z1, h1, z2, h2, z3, out for one sample, as core.reference.network."""
    z1 = x1 * w1 + x2 * w3 + b1
    h1 = relu(z1)
    z2 = x1 * w2 + x2 * w4 + b2
    h2 = relu(z2)
    z3 = h1 * w5 + h2 * w6 + b3
    out = relu(z3) if relu_out else z3
    return z1, h1, z2, h2, z3, out


@njit(cache=True, inline="always")
def output_delta(out, z3, y, relu_slope):
    """(out - y)**2 and d_z3 = 2 (out - y) [* relu'(z3) when relu_slope]: the start of backward."""
    error = out - y
    loss = error * error
    d_out = 2.0 * error
    d_z3 = d_out * relu_prime(z3) if relu_slope else d_out
    return loss, d_z3


@njit(cache=True, inline="always")
def hidden_delta(d_z3, w_out, gate):
    """d_z of a hidden node: d_z3 * (its outgoing weight) * relu'(its z), in the reference's order."""
    return d_z3 * w_out * gate


@njit(cache=True, inline="always")
def output_gradients(d_z3, h1, h2):
    """d_w5, d_w6, d_b3: z3 = h1*w5 + h2*w6 + b3."""
    return d_z3 * h1, d_z3 * h2, d_z3


@njit(cache=True, inline="always")
def hidden_gradients(d_z1, d_z2, x1, x2):
    """d_w1, d_w2, d_w3, d_w4, d_b1, d_b2: z1 = x1*w1 + x2*w3 + b1, z2 = x1*w2 + x2*w4 + b2."""
    return d_z1 * x1, d_z2 * x1, d_z1 * x2, d_z2 * x2, d_z1, d_z2


@njit(cache=True, inline="always")
def loss_and_gradients(w1, w2, w3, w4, w5, w6, b1, b2, b3, x1, x2, y, relu_out):
    """One sample: (out - y)**2 and its nine gradients (w1..b3), exactly as core.reference.backward."""
    z1, h1, z2, h2, z3, out = forward(w1, w2, w3, w4, w5, w6, b1, b2, b3, x1, x2, relu_out)
    loss, d_z3 = output_delta(out, z3, y, relu_out)
    d_w5, d_w6, d_b3 = output_gradients(d_z3, h1, h2)
    d_w1, d_w2, d_w3, d_w4, d_b1, d_b2 = hidden_gradients(hidden_delta(d_z3, w5, relu_prime(z1)),
                                                         hidden_delta(d_z3, w6, relu_prime(z2)), x1, x2)
    return loss, d_w1, d_w2, d_w3, d_w4, d_w5, d_w6, d_b1, d_b2, d_b3


@njit(cache=True, inline="always")
def within_limits(v):
    """abs(v) <= 1e100: False for NaN, inf and runaway values (core.reference.within_limits)."""
    return abs(v) <= LIMIT


@njit(cache=True)
def all_within_limits(values):
    for v in values:
        if not abs(v) <= LIMIT:
            return False
    return True


@njit(cache=True, inline="always")
def sigmoid(z):
    """core.mlp.sigmoid for one number: exp only of -|z|, so it never overflows."""
    e = np.exp(-abs(z))
    s = 1.0 / (1.0 + e)
    return s if z >= 0 else e * s


@njit(cache=True, inline="always")
def softplus(z):
    """core.mlp.softplus for one number: log(1 + exp(z)) = max(z, 0) + log(1 + exp(-|z|))."""
    return max(z, 0.0) + np.log1p(np.exp(-abs(z)))
