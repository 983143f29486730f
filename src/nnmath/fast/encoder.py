"""The 8-3-8 encoder's trainer, compiled (09_encoder): full-batch gradient descent for one sigmoid hidden layer.

`train_mlp` is the course's one MLP trainer. For a network with one sigmoid hidden layer
and sigmoid outputs (the encoder) it runs the compiled loop below, built from the shared
`sigmoid` and `softplus` kernels: 5000 iterations of the 8-3-8 encoder in a few
milliseconds instead of about 0.3 s, so the panel retrains on every slider move. Any other
network runs `core.mlp.train_reference`, the readable NumPy loop and the oracle this loop
is tested against (tests/test_encoder.py: equal to about 1e-12).
"""
from __future__ import annotations

import numpy as np
from numba import njit

from ..core import mlp
from ..core.checks import refuse, validate
from .kernels import sigmoid, softplus, within_limits


CHUNK_WORK = 5_000_000
"""Samples x weights per compiled call (a few milliseconds): how soon Ctrl-C is answered."""


@njit(cache=True)
def _descend(W0, b0, W1, b1, pW0, pb0, pW1, pb1, X, Y, lr, decay, first, stop, iterations, cross_entropy, losses,
             state):
    """Full-batch gradient descent as mlp._descend does it for one network (see there for the rules), for the
    updates k = first .. stop - 1 of 0 .. iterations, in place.

    h = sigmoid(X W0 + b0), out = sigmoid(h W1 + b1); loss averaged over n * m, plus
    decay * sum of squared weights. W0, b0, W1, b1 hold the current net, pW0, ... the net before the
    last update; losses[k] is the loss after k updates. state = [converged_at, diverged_at, last k
    whose loss is recorded] (-1: never). Returns True when the run has ended (diverged, or k == iterations).
    """
    n, n_in = X.shape
    n_hid, n_out = W1.shape
    size = n * n_out
    h = np.empty((n, n_hid))
    z_out = np.empty((n, n_out))
    out = np.empty((n, n_out))
    delta = np.empty((n, n_out))
    dh = np.empty((n, n_hid))
    dW0, db0 = np.empty_like(W0), np.empty_like(b0)
    dW1, db1 = np.empty_like(W1), np.empty_like(b1)
    for k in range(first, stop):
        # forward: z = a W + b, a = sigmoid(z), row by row
        for i in range(n):
            for j in range(n_hid):
                z = 0.0
                for p in range(n_in):
                    z += X[i, p] * W0[p, j]
                h[i, j] = sigmoid(z + b0[j])
            for q in range(n_out):
                z = 0.0
                for j in range(n_hid):
                    z += h[i, j] * W1[j, q]
                z_out[i, q] = z + b1[q]
                out[i, q] = sigmoid(z_out[i, q])
        # loss, and the "rounded" criterion: every output within 0.5 of its target
        data = 0.0
        close = True
        for i in range(n):
            for q in range(n_out):
                error = out[i, q] - Y[i, q]
                if cross_entropy:
                    data += softplus(z_out[i, q]) - Y[i, q] * z_out[i, q]
                else:
                    data += error * error
                if not abs(error) < 0.5:
                    close = False
        L = data / size
        squares = 0.0
        sensible = True  # every weight and bias within +-1e100 (kernels.within_limits)
        for p in range(n_in):
            for j in range(n_hid):
                squares += W0[p, j] * W0[p, j]
                sensible = sensible and within_limits(W0[p, j])
        for j in range(n_hid):
            sensible = sensible and within_limits(b0[j])
            for q in range(n_out):
                squares += W1[j, q] * W1[j, q]
                sensible = sensible and within_limits(W1[j, q])
        for q in range(n_out):
            sensible = sensible and within_limits(b1[q])
        if decay != 0.0:
            L += decay * squares
        losses[k] = L
        state[2] = k
        if not (sensible and within_limits(L)):
            state[1] = k
            W0[:, :] = pW0
            b0[:] = pb0
            W1[:, :] = pW1
            b1[:] = pb1
            return True
        if state[0] < 0 and close:
            state[0] = k
        if k == iterations:
            return True
        # backward: delta = dL/dz at the output, then one layer down
        for i in range(n):
            for q in range(n_out):
                if cross_entropy:
                    delta[i, q] = (out[i, q] - Y[i, q]) / size
                else:
                    delta[i, q] = 2.0 * (out[i, q] - Y[i, q]) / size * (out[i, q] * (1.0 - out[i, q]))
            for j in range(n_hid):
                back = 0.0
                for q in range(n_out):
                    back += delta[i, q] * W1[j, q]
                dh[i, j] = back * (h[i, j] * (1.0 - h[i, j]))
        for j in range(n_hid):
            for q in range(n_out):
                g = 0.0
                for i in range(n):
                    g += h[i, j] * delta[i, q]
                dW1[j, q] = g + 2.0 * decay * W1[j, q] if decay != 0.0 else g
        for q in range(n_out):
            g = 0.0
            for i in range(n):
                g += delta[i, q]
            db1[q] = g
        for p in range(n_in):
            for j in range(n_hid):
                g = 0.0
                for i in range(n):
                    g += X[i, p] * dh[i, j]
                dW0[p, j] = g + 2.0 * decay * W0[p, j] if decay != 0.0 else g
        for j in range(n_hid):
            g = 0.0
            for i in range(n):
                g += dh[i, j]
            db0[j] = g
        # keep the net before this update (the last finite one, should the next overflow)
        pW0[:, :] = W0
        pb0[:] = b0
        pW1[:, :] = W1
        pb1[:] = b1
        for p in range(n_in):
            for j in range(n_hid):
                W0[p, j] -= lr * dW0[p, j]
        for j in range(n_hid):
            b0[j] -= lr * db0[j]
            for q in range(n_out):
                W1[j, q] -= lr * dW1[j, q]
        for q in range(n_out):
            b1[q] -= lr * db1[q]
    return False


def _compiled(net) -> bool:
    return len(net.W) == 2 and (net.hidden, net.output) == ("sigmoid", "sigmoid")


def train_mlp(net: mlp.MLP, X, Y, lr: float, iterations: int, loss: str = "mse",
              weight_decay: float = 0.0) -> mlp.MLPRun:
    """Full-batch gradient descent on an MLP, returning an MLPRun (09_encoder).

    The same rules and result as `core.mlp.train_reference` (criterion "rounded": converged_at
    counts the updates until every output is within 0.5 of its target; a run whose numbers
    overflow stops, reports diverged_at and keeps the last finite network). Compiled for one
    sigmoid hidden layer with sigmoid outputs; any other network runs the readable loop.
    A long run is computed in chunks of a few milliseconds, so Ctrl-C stops it and returns the
    updates made so far, marked `interrupted`.
    """
    mlp.check_net(net)
    if not _compiled(net):
        return mlp.train_reference(net, X, Y, lr, iterations, loss, weight_decay)
    X, Y, loss = mlp._check_data(net, X, Y, loss)
    lr, weight_decay = validate(lr=lr, weight_decay=weight_decay)
    iterations = mlp._check_iterations(iterations, net, len(X), readable=False)
    current = [np.ascontiguousarray(a, dtype=np.float64).copy() for a in (net.W[0], net.b[0], net.W[1], net.b[1])]
    previous = [a.copy() for a in current]
    losses = np.full(iterations + 1, np.nan)
    state = np.full(3, -1, dtype=np.int64)
    chunk = max(1, CHUNK_WORK // (len(X) * sum(w.size for w in net.W)))
    interrupted = False
    try:
        for first in range(0, iterations + 1, chunk):
            if _descend(*current, *previous, X, Y, lr, weight_decay, first, min(first + chunk, iterations + 1),
                        iterations, loss == "cross_entropy", losses, state):
                break
    except KeyboardInterrupt:  # arrives between chunks: keep the net whose loss was recorded last
        ended = state[1] >= 0 or state[2] == iterations
        if state[2] < 0 and not ended:
            raise
        if not ended:
            interrupted = True
            current = previous  # the net before the last update: its loss is losses[state[2]]
    converged_at, diverged_at, last = (int(v) for v in state)
    ran = diverged_at if diverged_at >= 0 else last + 1
    W0, b0, W1, b1 = current
    return mlp.MLPRun(
        start=net.copy(), net=mlp.MLP.from_arrays([W0, W1], [b0, b1], net.hidden, net.output),
        losses=losses[:ran].copy(), lr=lr, loss=loss, weight_decay=weight_decay, criterion="rounded",
        converged_at=converged_at if 0 <= converged_at < ran else None,
        diverged_at=diverged_at if diverged_at >= 0 else None, interrupted=interrupted,
    )


def train_encoder(net: mlp.MLP, X, Y, lr: float, iterations: int, loss: str = "mse",
                  weight_decay: float = 0.0) -> mlp.MLPRun:
    """`train_mlp`, only for the networks it compiles: one sigmoid hidden layer with sigmoid outputs (09_encoder).

    Refuses any other network (`nnmath.train_mlp` runs those with the readable loop).
    """
    mlp.check_net(net)
    if not _compiled(net):
        raise refuse("net", net, "an MLP with one hidden layer, hidden='sigmoid' and output='sigmoid' "
                         "(nnmath.train_mlp trains any other network)")
    return train_mlp(net, X, Y, lr, iterations, loss, weight_decay)
