"""Questions students asked about a trained network, answered by computation.

Dead ReLUs and frozen parameters (06_initialisation), the best constant
predictor and the loss it leaves (02_loss, 07_random_target), symmetry (06).
"""
from __future__ import annotations

import numpy as np

from .checks import MAX_TRAJECTORY, NAMES, real_array
from .params import Params, check_params
from .reference import forward_all


def hidden_activity(params: Params, X) -> tuple[float, float]:
    """Fraction of samples on which h1 and h2 are on (z > 0)."""
    f = forward_all(params, X)
    return float(np.mean(f.z1 > 0)), float(np.mean(f.z2 > 0))


def dead_nodes(params: Params, X) -> tuple[str, ...]:
    """Hidden nodes that are off (z <= 0) for every sample: relu' = 0 there, so they never learn again.

    A dead h1 freezes w1, w3, b1 (and w5 gets zero gradient too, since h1 = 0).
    """
    on1, on2 = hidden_activity(params, X)
    return tuple(name for name, on in (("h1", on1), ("h2", on2)) if on == 0.0)


FROZEN_BY = {"h1": ("w1", "w3", "b1", "w5"), "h2": ("w2", "w4", "b2", "w6")}
"""The parameters a dead hidden node stops from learning: its inputs, its bias and its outgoing weight."""


def unchanged_parameters(start: Params, end: Params) -> tuple[str, ...]:
    """Names whose value did not move at all between two Params."""
    check_params(start, "start")
    check_params(end, "end")
    return tuple(name for name in NAMES if getattr(start, name) == getattr(end, name))


def best_constant(y) -> tuple[float, float]:
    """The constant c minimising mean((c - y)**2) is mean(y); the loss it leaves is var(y) (02_loss).

    d/dc mean((c - y)**2) = 2 (c - mean(y)) = 0  =>  c = mean(y), loss = mean((y - mean(y))**2) = var(y).
    """
    y = real_array("y", y, 1)
    return float(y.mean()), float(y.var())


def frozen_parameters(trajectory) -> tuple[str, ...]:
    """Names whose value never changed in any epoch of a trajectory (rows: start, end of epoch 1, ...) (06, 10)."""
    path = real_array("trajectory", trajectory, 2, 9, max_rows=MAX_TRAJECTORY)
    return tuple(name for k, name in enumerate(NAMES) if np.all(path[:, k] == path[0, k]))


def is_symmetric(params: Params) -> bool:
    """True when h1 and h2 are interchangeable copies: w1 = w2, w3 = w4, b1 = b2 and w5 = w6."""
    p = check_params(params)
    return p.w1 == p.w2 and p.w3 == p.w4 and p.b1 == p.b2 and p.w5 == p.w6
