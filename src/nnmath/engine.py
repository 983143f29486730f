"""The fast layer: numba-compiled training loops for live panels and sweeps.

Same arithmetic as `reference.py`, in the same order, so results agree bit for bit
with the readable loop. Two shapes of loop:

- one run: the nine parameters live in registers; online SGD is a chain of
  dependent updates, so this is bound by latency (~15 ns per sample-step);
- a sweep: many independent configurations, with the configuration index as
  the innermost loop so the compiler vectorises across configurations.

Compiled functions are cached on disk (`cache=True`), so a new kernel loads
them in a fraction of a second instead of compiling for seconds. Nothing here
checks arguments: `training.py` does, then calls these.
"""
from __future__ import annotations

import numpy as np
from numba import njit

# Parameter rows in every (9, ...) array: the order of Params.NAMES.
W1, W2, W3, W4, W5, W6, B1, B2, B3 = range(9)


@njit(cache=True, inline="always")
def _loss_and_gradients(w1, w2, w3, w4, w5, w6, b1, b2, b3, x1, x2, y, relu_out):
    """One sample: (out - y)**2 and its nine gradients, exactly as reference.loss_and_gradients_one."""
    z1 = x1 * w1 + x2 * w3 + b1
    h1 = z1 if z1 > 0.0 else 0.0
    z2 = x1 * w2 + x2 * w4 + b2
    h2 = z2 if z2 > 0.0 else 0.0
    z3 = h1 * w5 + h2 * w6 + b3
    out = (z3 if z3 > 0.0 else 0.0) if relu_out else z3
    error = out - y
    loss = error * error
    d_out = 2.0 * error
    d_z3 = d_out * (1.0 if z3 > 0.0 else 0.0) if relu_out else d_out
    d_z1 = d_z3 * w5 * (1.0 if z1 > 0.0 else 0.0)
    d_z2 = d_z3 * w6 * (1.0 if z2 > 0.0 else 0.0)
    return (loss, d_z1 * x1, d_z2 * x1, d_z1 * x2, d_z2 * x2,
            d_z3 * h1, d_z3 * h2, d_z1, d_z2, d_z3)


@njit(cache=True)
def _all_finite(values):
    for v in values:
        if not np.isfinite(v):
            return False
    return True


@njit(cache=True)
def train_online(p, X, y, lrs, relu_out, losses, trajectory, record):
    """Online SGD for one run. Fills losses[:epochs_run] (and trajectory if record).

    p: (9,) start; lrs: (epochs,) rate per epoch. Returns (final params, diverged_at),
    diverged_at = 1-based epoch of the first non-finite number, 0 if none; on
    divergence the final params are those at the start of that epoch.
    """
    w1, w2, w3, w4, w5, w6, b1, b2, b3 = p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]
    n = y.shape[0]
    epochs = lrs.shape[0]
    if record:
        trajectory[0, :] = p
    good = p.copy()
    for e in range(epochs):
        lr = lrs[e]
        total = 0.0
        for i in range(n):
            g = _loss_and_gradients(w1, w2, w3, w4, w5, w6, b1, b2, b3,
                                    X[i, 0], X[i, 1], y[i], relu_out)
            total += g[0]
            w1 = w1 - lr * g[1]
            w2 = w2 - lr * g[2]
            w3 = w3 - lr * g[3]
            w4 = w4 - lr * g[4]
            w5 = w5 - lr * g[5]
            w6 = w6 - lr * g[6]
            b1 = b1 - lr * g[7]
            b2 = b2 - lr * g[8]
            b3 = b3 - lr * g[9]
        now = np.array([w1, w2, w3, w4, w5, w6, b1, b2, b3])
        epoch_loss = total / n
        if not (np.isfinite(epoch_loss) and _all_finite(now)):
            return good, e + 1
        losses[e] = epoch_loss
        good = now
        if record:
            trajectory[e + 1, :] = now
    return good, 0


@njit(cache=True)
def train_batches(p, X, y, lrs, orders, batch_size, relu_out, losses, trajectory, record):
    """Batch or minibatch gradient descent for one run: one update per batch on the mean gradient.

    orders: (epochs, n) sample order per epoch, or (1, n) for the same order every
    epoch; consecutive chunks of batch_size are the batches. Returns like train_online.
    """
    q = p.copy()
    n = y.shape[0]
    epochs = lrs.shape[0]
    sums = np.zeros(9)
    if record:
        trajectory[0, :] = p
    good = p.copy()
    for e in range(epochs):
        order = orders[e] if orders.shape[0] > 1 else orders[0]
        lr = lrs[e]
        total = 0.0
        for start in range(0, n, batch_size):
            stop = min(start + batch_size, n)
            sums[:] = 0.0
            for k in range(start, stop):
                i = order[k]
                g = _loss_and_gradients(q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7], q[8],
                                        X[i, 0], X[i, 1], y[i], relu_out)
                total += g[0]
                for j in range(9):
                    sums[j] += g[j + 1]
            count = stop - start
            for j in range(9):
                q[j] = q[j] - lr * (sums[j] / count)
        epoch_loss = total / n
        if not (np.isfinite(epoch_loss) and _all_finite(q)):
            return good, e + 1
        losses[e] = epoch_loss
        good = q.copy()
        if record:
            trajectory[e + 1, :] = q
    return good, 0


@njit(cache=True)
def _close_epoch(P, good, alive, totals, n, e, losses, diverged_at, trajectory, record):
    """End of an epoch in a sweep: keep finite configurations, retire the ones that diverged."""
    C = P.shape[1]
    for c in range(C):
        if not alive[c]:
            continue
        epoch_loss = totals[c] / n
        ok = np.isfinite(epoch_loss)
        for j in range(9):
            ok = ok and np.isfinite(P[j, c])
        if ok:
            losses[c, e] = epoch_loss
            for j in range(9):
                good[j, c] = P[j, c]
            if record:
                for j in range(9):
                    trajectory[e + 1, j, c] = P[j, c]
        else:
            diverged_at[c] = e + 1
            alive[c] = 0.0
            # A retired configuration keeps computing (the loop is vectorised) on zeros
            # with rate 0, so it never produces slow or noisy non-finite arithmetic.
            for j in range(9):
                P[j, c] = 0.0


@njit(cache=True)
def sweep_online(P0, X, y, LR, relu_out, losses, trajectory, record):
    """Online SGD for C independent configurations at once.

    P0: (9, C) starts; LR: (epochs, C) rate per epoch and configuration;
    losses: (C, epochs) pre-filled with NaN. Returns (final params (9, C), diverged_at (C,)).
    """
    P = P0.copy()
    C = P.shape[1]
    n = y.shape[0]
    epochs = LR.shape[0]
    good = P0.copy()
    alive = np.ones(C)
    diverged_at = np.zeros(C, dtype=np.int64)
    totals = np.zeros(C)
    if record:
        trajectory[0, :, :] = P0
    w1, w2, w3, w4, w5, w6, b1, b2, b3 = P[0], P[1], P[2], P[3], P[4], P[5], P[6], P[7], P[8]
    for e in range(epochs):
        lr = LR[e] * alive
        totals[:] = 0.0
        for i in range(n):
            x1, x2, t = X[i, 0], X[i, 1], y[i]
            for c in range(C):
                g = _loss_and_gradients(w1[c], w2[c], w3[c], w4[c], w5[c], w6[c], b1[c], b2[c], b3[c],
                                        x1, x2, t, relu_out)
                totals[c] += g[0]
                w1[c] = w1[c] - lr[c] * g[1]
                w2[c] = w2[c] - lr[c] * g[2]
                w3[c] = w3[c] - lr[c] * g[3]
                w4[c] = w4[c] - lr[c] * g[4]
                w5[c] = w5[c] - lr[c] * g[5]
                w6[c] = w6[c] - lr[c] * g[6]
                b1[c] = b1[c] - lr[c] * g[7]
                b2[c] = b2[c] - lr[c] * g[8]
                b3[c] = b3[c] - lr[c] * g[9]
        _close_epoch(P, good, alive, totals, n, e, losses, diverged_at, trajectory, record)
    return good, diverged_at


@njit(cache=True)
def sweep_batches(P0, X, y, LR, orders, batch_size, relu_out, losses, trajectory, record):
    """Batch or minibatch gradient descent for C configurations sharing one sample order."""
    P = P0.copy()
    C = P.shape[1]
    n = y.shape[0]
    epochs = LR.shape[0]
    good = P0.copy()
    alive = np.ones(C)
    diverged_at = np.zeros(C, dtype=np.int64)
    totals = np.zeros(C)
    S = np.zeros((9, C))
    if record:
        trajectory[0, :, :] = P0
    for e in range(epochs):
        order = orders[e] if orders.shape[0] > 1 else orders[0]
        lr = LR[e] * alive
        totals[:] = 0.0
        for start in range(0, n, batch_size):
            stop = min(start + batch_size, n)
            S[:, :] = 0.0
            for k in range(start, stop):
                i = order[k]
                x1, x2, t = X[i, 0], X[i, 1], y[i]
                for c in range(C):
                    g = _loss_and_gradients(P[0, c], P[1, c], P[2, c], P[3, c], P[4, c], P[5, c],
                                            P[6, c], P[7, c], P[8, c], x1, x2, t, relu_out)
                    totals[c] += g[0]
                    for j in range(9):
                        S[j, c] += g[j + 1]
            count = stop - start
            for j in range(9):
                for c in range(C):
                    P[j, c] = P[j, c] - lr[c] * (S[j, c] / count)
        _close_epoch(P, good, alive, totals, n, e, losses, diverged_at, trajectory, record)
    return good, diverged_at
