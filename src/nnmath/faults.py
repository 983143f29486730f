"""A copy of the training loop with the mistakes students made, each behind a switch (10_find_the_bug).

Every fault is one small edit to the correct code in `reference.py`; the loss
curve and the finite-difference gradient check are the tools that reveal it.
Plain Python like the reference: it is for reading and small runs, not speed.
"""
from __future__ import annotations

import numpy as np

from .params import NAMES, Params, check_params
from .reference import check_output, forward_one, relu_prime
from .validate import check_data, check_epochs, check_lr

FAULTS = {
    "none": "the correct loop",
    "no update": "the update line was forgotten: parameters are never changed",
    "frozen bias": "b1 is left out of the update: it never learns",
    "equal start": "every parameter starts at the same value: h1 and h2 stay copies",
    "swapped relu index": "h1's gradient uses relu'(z2) instead of relu'(z1) (and h2's uses relu'(z1))",
    "output relu ignored": "the output has a ReLU but relu'(z3) is left out of the gradient",
}


def check_fault(fault: str) -> str:
    if fault not in FAULTS:
        raise ValueError(f"fault must be one of {tuple(FAULTS)}, got {fault!r}")
    return fault


def faulty_loss_and_gradients(p: Params, x1: float, x2: float, y: float, fault: str = "none",
                              output: str = "linear"):
    """reference.loss_and_gradients_one with the chosen fault switched on."""
    check_fault(fault)
    f = forward_one(p, x1, x2, output)
    error = f.out - y
    d_out = 2.0 * error
    if output == "relu" and fault != "output relu ignored":
        d_z3 = d_out * relu_prime(f.z3)
    else:
        d_z3 = d_out
    gate1, gate2 = relu_prime(f.z1), relu_prime(f.z2)
    if fault == "swapped relu index":
        gate1, gate2 = gate2, gate1
    d_z1 = d_z3 * p.w5 * gate1
    d_z2 = d_z3 * p.w6 * gate2
    grads = Params(d_z1 * x1, d_z2 * x1, d_z1 * x2, d_z2 * x2, d_z3 * f.h1, d_z3 * f.h2, d_z1, d_z2, d_z3)
    return error * error, grads


def faulty_step(p: Params, grads: Params, lr: float, fault: str = "none") -> Params:
    """The update line, or what a student wrote instead of it."""
    check_fault(fault)
    if fault == "no update":
        return p
    new = {name: getattr(p, name) - lr * getattr(grads, name) for name in NAMES}
    if fault == "frozen bias":
        new["b1"] = p.b1
    return Params(**new)


def faulty_train(params: Params, X, y, lr: float, epochs: int, fault: str = "none", output: str = "linear"):
    """Online SGD with the fault on; returns (final Params, losses per epoch, trajectory (epochs+1, 9)).

    "equal start" replaces the start by every value equal to the mean of the given start.
    """
    check_params(params)
    X, y = check_data(X, y)
    lr, epochs = check_lr(lr), check_epochs(epochs)
    check_fault(fault)
    check_output(output)
    if fault == "equal start":
        params = Params(*[float(np.mean(params.to_array()))] * 9)
    path, losses = [params.to_array()], []
    with np.errstate(all="ignore"):
        for _ in range(epochs):
            total = 0.0
            for (x1, x2), target in zip(X.tolist(), y.tolist()):
                loss_i, grads = faulty_loss_and_gradients(params, x1, x2, target, fault, output)
                total += loss_i
                params = faulty_step(params, grads, lr, fault)
            losses.append(total / len(y))
            path.append(params.to_array())
            if not np.isfinite(losses[-1]) or not params.is_finite():
                break
    return params, np.array(losses), np.array(path)


def gradient_check(params: Params, X, y, fault: str = "none", output: str = "linear", eps: float = 1e-6):
    """Faulty analytic gradient against central finite differences of the true loss, per parameter.

    Returns a dict name -> (analytic, numeric). A correct gradient agrees to ~1e-8; a fault shows.
    """
    check_params(params)
    X, y = check_data(X, y)
    check_fault(fault)
    n = len(y)
    sums = np.zeros(9)
    for (x1, x2), target in zip(X.tolist(), y.tolist()):
        sums += faulty_loss_and_gradients(params, x1, x2, target, fault, output)[1].to_array()
    analytic = sums / n

    def mean_loss(values):
        q = Params.from_array(values)
        return sum(faulty_loss_and_gradients(q, a, b, t, "none", output)[0]
                   for (a, b), t in zip(X.tolist(), y.tolist())) / n

    base = params.to_array()
    numeric = np.empty(9)
    for k in range(9):
        up, down = base.copy(), base.copy()
        up[k] += eps
        down[k] -= eps
        numeric[k] = (mean_loss(up) - mean_loss(down)) / (2 * eps)
    return {name: (float(a), float(b)) for name, a, b in zip(NAMES, analytic, numeric)}
