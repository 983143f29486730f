"""The curvature of a loss (09_encoder): the Hessian's eigenvalues by central differences of the gradient.

The largest eigenvalue is the sharpness s: gradient descent is stable along its direction
only if lr * s < 2 (05_learning_rate derives the 2/s bound for the 2-2-1 network).
"""
from __future__ import annotations

import numpy as np

from . import mlp
from .checks import validate
from .gradcheck import central_differences


def hessian_eigenvalues(net: mlp.MLP, X, Y, loss: str = "mse", weight_decay: float = 0.0,
                        eps: float = 1e-5) -> np.ndarray:
    """Eigenvalues (ascending) of the loss's Hessian over every weight and bias (09_encoder).

    Column p of the Hessian is (grad(theta + eps e_p) - grad(theta - eps e_p)) / (2 eps), with
    the gradients of `mlp.gradients`; the matrix is symmetrised before `eigvalsh`. The largest
    eigenvalue is the sharpness: gradient descent is stable along its direction only if
    lr * sharpness < 2. A negative one is a direction in which the loss curves down (a saddle).
    """
    X, Y, loss = mlp._check_data(net, X, Y, loss)
    weight_decay, eps = validate(weight_decay=weight_decay, eps=eps)
    theta = mlp.flat_parameters(net)
    if theta.size > 2000:
        raise ValueError(f"hessian_eigenvalues is for small networks (at most 2000 weights and biases), "
                         f"got {theta.size}")

    def gradient(values):
        dW, db = mlp.gradients(mlp.with_parameters(net, values), X, Y, loss, weight_decay)
        return np.concatenate([g.ravel() for l in range(len(dW)) for g in (dW[l], db[l])])

    try:
        H = central_differences(gradient, theta, eps)
    except ValueError:
        raise mlp._overflow() from None
    return np.linalg.eigvalsh((H + H.T) / 2.0)
