"""The fast layer: numba-compiled training loops for live panels and sweeps.

Same arithmetic as `reference.py`. Online mode adds nothing up across samples and
agrees with the readable loop bit for bit (core.reference.train_reference); batch and minibatch mode sum a batch in a
fixed order of eight partial sums (`LANES`) and agree to about 1e-16 relative. A sweep
uses exactly the order of a single run, so each of its configurations is bit-identical
to `train` run alone. Two shapes of loop:

- one run: the nine parameters live in registers; online SGD is a chain of
  dependent updates, so this is bound by latency (~15 ns per sample-step);
- a sweep: many independent configurations, with the configuration index as
  the innermost loop so the compiler vectorises across configurations.

Every loop is built from the shared kernels in `kernels.py`. Compiled functions are
cached on disk (`cache=True`), so a new kernel loads them in a fraction of a second
instead of compiling for seconds. Nothing here checks arguments: `training.py` does,
then calls these, in chunks of epochs so a long run can be interrupted (Ctrl-C).
"""
from __future__ import annotations

import numpy as np
from numba import njit

from .kernels import all_within_limits, loss_and_gradients, within_limits

# Parameter rows in every (9, ...) array: the order of Params.NAMES.
W1, W2, W3, W4, W5, W6, B1, B2, B3 = range(9)


# Sums over a batch: eight interleaved partial sums, combined in a fixed order, then the tail.
# Eight independent chains let the compiler use vector adds without reordering anything itself,
# which makes batch epochs about twice as fast. The order is explicit, so a single run and a sweep
# give the same bits on every machine; against the reference's one-by-one sum the results differ
# by rounding only (about 1e-15 relative), in batch and minibatch mode.
LANES = 8


@njit(cache=True, inline="always")
def _lane_sum(row, m):
    """row[0] + ... + row[m-1] in the course's fixed batch order (see LANES)."""
    a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = 0.0
    m8 = m - m % LANES
    for i in range(0, m8, LANES):
        a0 += row[i]
        a1 += row[i + 1]
        a2 += row[i + 2]
        a3 += row[i + 3]
        a4 += row[i + 4]
        a5 += row[i + 5]
        a6 += row[i + 6]
        a7 += row[i + 7]
    total = ((a0 + a4) + (a1 + a5)) + ((a2 + a6) + (a3 + a7))
    for i in range(m8, m):
        total += row[i]
    return total


@njit(cache=True, inline="always")
def _combine_lanes(A):
    """A[LANES] = the fixed combination of _lane_sum of lanes A[0..LANES-1], for a sweep's accumulators."""
    for j in range(A.shape[1]):
        for c in range(A.shape[2]):
            A[LANES, j, c] = (((A[0, j, c] + A[4, j, c]) + (A[1, j, c] + A[5, j, c]))
                              + ((A[2, j, c] + A[6, j, c]) + (A[3, j, c] + A[7, j, c])))


@njit(cache=True, inline="always")
def _batch_pass(G, w1, w2, w3, w4, w5, w6, b1, b2, b3, x1s, x2s, ts, relu_out):
    """Loss and gradients of every sample (x1s, x2s, ts) into the columns of G (row 0 the loss)."""
    for m in range(ts.shape[0]):
        g = loss_and_gradients(w1, w2, w3, w4, w5, w6, b1, b2, b3, x1s[m], x2s[m], ts[m], relu_out)
        G[0, m] = g[0]
        G[1, m] = g[1]
        G[2, m] = g[2]
        G[3, m] = g[3]
        G[4, m] = g[4]
        G[5, m] = g[5]
        G[6, m] = g[6]
        G[7, m] = g[7]
        G[8, m] = g[8]
        G[9, m] = g[9]


# The output kind is a constant inside each, so the sample loop has no branch and vectorises.
@njit(cache=True)
def _batch_pass_linear(G, w1, w2, w3, w4, w5, w6, b1, b2, b3, x1s, x2s, ts):
    _batch_pass(G, w1, w2, w3, w4, w5, w6, b1, b2, b3, x1s, x2s, ts, False)


@njit(cache=True)
def _batch_pass_relu(G, w1, w2, w3, w4, w5, w6, b1, b2, b3, x1s, x2s, ts):
    _batch_pass(G, w1, w2, w3, w4, w5, w6, b1, b2, b3, x1s, x2s, ts, True)


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
            g = loss_and_gradients(w1, w2, w3, w4, w5, w6, b1, b2, b3,
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
        if not (within_limits(epoch_loss) and all_within_limits(now)):
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
    if record:
        trajectory[0, :] = p
    good = p.copy()
    # Pass 1 puts every sample's loss and gradients in G (independent samples: vectorised);
    # pass 2 sums each row in the fixed batch order.
    G = np.empty((10, min(batch_size, n)))
    x1s, x2s, ts = np.empty(n), np.empty(n), np.empty(n)
    for e in range(epochs):
        if e == 0 or orders.shape[0] > 1:  # the samples in this epoch's order, contiguous
            order = orders[e] if orders.shape[0] > 1 else orders[0]
            for k in range(n):
                x1s[k], x2s[k], ts[k] = X[order[k], 0], X[order[k], 1], y[order[k]]
        lr = lrs[e]
        total = 0.0
        for start in range(0, n, batch_size):
            stop = min(start + batch_size, n)
            w1, w2, w3, w4, w5, w6, b1, b2, b3 = q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7], q[8]
            if relu_out:
                _batch_pass_relu(G, w1, w2, w3, w4, w5, w6, b1, b2, b3, x1s[start:stop], x2s[start:stop],
                                 ts[start:stop])
            else:
                _batch_pass_linear(G, w1, w2, w3, w4, w5, w6, b1, b2, b3, x1s[start:stop], x2s[start:stop],
                                   ts[start:stop])
            count = stop - start
            total += _lane_sum(G[0], count)
            q[0] = w1 - lr * (_lane_sum(G[1], count) / count)
            q[1] = w2 - lr * (_lane_sum(G[2], count) / count)
            q[2] = w3 - lr * (_lane_sum(G[3], count) / count)
            q[3] = w4 - lr * (_lane_sum(G[4], count) / count)
            q[4] = w5 - lr * (_lane_sum(G[5], count) / count)
            q[5] = w6 - lr * (_lane_sum(G[6], count) / count)
            q[6] = b1 - lr * (_lane_sum(G[7], count) / count)
            q[7] = b2 - lr * (_lane_sum(G[8], count) / count)
            q[8] = b3 - lr * (_lane_sum(G[9], count) / count)
        epoch_loss = total / n
        if not (within_limits(epoch_loss) and all_within_limits(q)):
            return good, e + 1
        losses[e] = epoch_loss
        good = q.copy()
        if record:
            trajectory[e + 1, :] = q
    return good, 0


@njit(cache=True)
def _close_epoch(P, good, alive, totals, n, e, offset, losses, diverged_at, trajectory, record):
    """End of an epoch in a sweep: keep sensible configurations, retire the ones that diverged."""
    C = P.shape[1]
    for c in range(C):
        if not alive[c]:
            continue
        epoch_loss = totals[c] / n
        ok = within_limits(epoch_loss)
        for j in range(9):
            ok = ok and within_limits(P[j, c])
        if ok:
            losses[c, e] = epoch_loss
            for j in range(9):
                good[j, c] = P[j, c]
            if record:
                for j in range(9):
                    trajectory[e + 1, j, c] = P[j, c]
        else:
            diverged_at[c] = offset + e + 1
            alive[c] = 0.0
            # A retired configuration keeps computing (the loop is vectorised) on zeros
            # with rate 0, so it never produces slow or noisy non-finite arithmetic.
            for j in range(9):
                P[j, c] = 0.0


@njit(cache=True)
def sweep_online(P, good, alive, diverged_at, offset, X, y, LR, relu_out, losses, trajectory, record):
    """Online SGD for C independent configurations at once, for the epochs in LR.

    State, updated in place so a long sweep can run in chunks: P (9, C) the current values
    (zeros for retired configurations), good (9, C) the last sensible values, alive (C,) 1 or 0,
    diverged_at (C,) the 1-based epoch of divergence (0: none), counted from `offset`.
    LR: (epochs, C) rate per epoch and configuration; losses: (C, epochs) pre-filled with NaN;
    trajectory (epochs + 1, 9, C) if record.
    """
    C = P.shape[1]
    n = y.shape[0]
    epochs = LR.shape[0]
    totals = np.zeros(C)
    if record:
        trajectory[0, :, :] = good
    w1, w2, w3, w4, w5, w6, b1, b2, b3 = P[0], P[1], P[2], P[3], P[4], P[5], P[6], P[7], P[8]
    for e in range(epochs):
        lr = LR[e] * alive
        totals[:] = 0.0
        for i in range(n):
            x1, x2, t = X[i, 0], X[i, 1], y[i]
            for c in range(C):
                g = loss_and_gradients(w1[c], w2[c], w3[c], w4[c], w5[c], w6[c], b1[c], b2[c], b3[c],
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
        _close_epoch(P, good, alive, totals, n, e, offset, losses, diverged_at, trajectory, record)


@njit(cache=True)
def sweep_batches(P, good, alive, diverged_at, offset, X, y, LR, orders, batch_size, relu_out, losses,
                  trajectory, record):
    """Batch or minibatch gradient descent for C configurations sharing one sample order (state as sweep_online)."""
    C = P.shape[1]
    n = y.shape[0]
    epochs = LR.shape[0]
    totals = np.zeros(C)
    # Accumulators in the order of _lane_sum: A[0..LANES-1] the interleaved lanes; A[LANES]
    # their combination, to which the tail samples are then added one by one.
    A = np.zeros((LANES + 1, 10, C))
    if record:
        trajectory[0, :, :] = good
    for e in range(epochs):
        order = orders[e] if orders.shape[0] > 1 else orders[0]
        lr = LR[e] * alive
        totals[:] = 0.0
        for start in range(0, n, batch_size):
            stop = min(start + batch_size, n)
            count = stop - start
            in_lanes = start + count - count % LANES
            A[:, :, :] = 0.0
            for k in range(start, stop):
                if k == in_lanes:
                    _combine_lanes(A)
                lane = (k - start) % LANES if k < in_lanes else LANES
                i = order[k]
                x1, x2, t = X[i, 0], X[i, 1], y[i]
                for c in range(C):
                    g = loss_and_gradients(P[0, c], P[1, c], P[2, c], P[3, c], P[4, c], P[5, c],
                                           P[6, c], P[7, c], P[8, c], x1, x2, t, relu_out)
                    for j in range(10):
                        A[lane, j, c] += g[j]
            if in_lanes == stop:  # no tail
                _combine_lanes(A)
            for c in range(C):
                totals[c] += A[LANES, 0, c]
            for j in range(9):
                for c in range(C):
                    P[j, c] = P[j, c] - lr[c] * (A[LANES, j + 1, c] / count)
        _close_epoch(P, good, alive, totals, n, e, offset, losses, diverged_at, trajectory, record)
