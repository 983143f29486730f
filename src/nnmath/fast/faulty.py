"""The faulty training loops of 10_find_the_bug, compiled from the shared kernels.

`faulty_train` equals `nnmath.core.faults.faulty_train_reference` number for number
(tests/test_faults.py), for every fault; the live panel of 10 retrains on every slider
move with it. The fault is passed as the bits of `Fault.code`.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
from numba import njit

from ..core.faults import faulty_arguments
from ..core.params import Params
from ..core.runs import Run
from .kernels import (all_within_limits, forward, hidden_delta, hidden_gradients, output_delta, output_gradients,
                      relu_prime, within_limits)

NO_UPDATE, FROZEN_B1, EQUAL_START, GATE1_FROM_Z2, GATE2_FROM_Z1, OUTPUT_SLOPE_IGNORED, SIGN_FLIP, \
    OUTPUT_WEIGHTS_FIRST = (1 << k for k in range(8))


CHUNK_SAMPLE_STEPS = 5_000_000
"""Sample-steps per compiled call (about a tenth of a second): how soon Ctrl-C is answered."""


@njit(cache=True)
def _faulty_epochs(v, X, y, lr, relu_out, code, losses, path):
    """Online SGD in data order with the faults in `code`, for len(losses) epochs, updating v in place.

    path[0] must hold v; fills losses and path[1:], returns the 1-based epoch (of this call) that
    diverged, 0 for none (v then holds the diverging values; path[e] the last sensible ones).
    """
    n = y.shape[0]
    epochs = losses.shape[0]
    g = np.empty(9)
    sign = 1.0 if code & SIGN_FLIP else -1.0
    for e in range(epochs):
        total = 0.0
        for i in range(n):
            x1, x2 = X[i, 0], X[i, 1]
            z1, h1, z2, h2, z3, out = forward(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], x1, x2, relu_out)
            read1 = z2 if code & GATE1_FROM_Z2 else z1
            read2 = z1 if code & GATE2_FROM_Z1 else z2
            loss, d_z3 = output_delta(out, z3, y[i], relu_out)
            if code & OUTPUT_SLOPE_IGNORED:  # differentiated as if out were z3: 2 (z3 - y), no relu'(z3)
                d_z3 = output_delta(z3, z3, y[i], False)[1]
            g[4], g[5], g[8] = output_gradients(d_z3, h1, h2)
            w5, w6 = v[4], v[5]
            if code & OUTPUT_WEIGHTS_FIRST:
                w5, w6 = w5 - lr * g[4], w6 - lr * g[5]
            g[0], g[1], g[2], g[3], g[6], g[7] = hidden_gradients(hidden_delta(d_z3, w5, relu_prime(read1)),
                                                                  hidden_delta(d_z3, w6, relu_prime(read2)), x1, x2)
            total += loss
            if not code & NO_UPDATE:
                for k in range(9):
                    if not (k == 6 and code & FROZEN_B1):
                        v[k] = v[k] + sign * lr * g[k]
        epoch_loss = total / n
        if not (within_limits(epoch_loss) and all_within_limits(v)):
            return e + 1
        losses[e] = epoch_loss
        path[e + 1, :] = v
    return 0


def faulty_train(params: Params, X, y, lr: float, epochs: int, fault: str = "none", output: str = "linear") -> Run:
    """`core.faults.faulty_train_reference`, compiled: the same Run, number for number (10_find_the_bug).

    A long run is computed in chunks of about a tenth of a second, so Ctrl-C stops it and returns the
    epochs completed, marked `interrupted`.
    """
    start, X, y, lr, epochs, kind, output = faulty_arguments(params, X, y, lr, epochs, fault, output)
    losses, path = np.full(epochs, np.nan), np.full((epochs + 1, 9), np.nan)
    v = start.to_array()
    path[0] = v
    diverged_at, done, interrupted = 0, 0, False
    size = max(1, CHUNK_SAMPLE_STEPS // len(y))
    try:
        for first in range(0, epochs, size):
            stop = min(first + size, epochs)
            d = int(_faulty_epochs(v, X, y, lr, output == "relu", kind.code, losses[first:stop], path[first:stop + 1]))
            if d:
                diverged_at = first + d
                break
            done = stop
    except KeyboardInterrupt:  # arrives between chunks: the epochs of the chunks that returned
        interrupted = not diverged_at
    ran = diverged_at - 1 if diverged_at else done
    run = Run.from_trajectory(start, path[:ran + 1], losses, diverged_at, lr)
    return replace(run, interrupted=True) if interrupted else run
