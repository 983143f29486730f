"""The training loop with the mistakes students (and the lecture) made, each behind a switch (10_find_the_bug).

No formula is written here: every faulty loop is the correct one of `reference.py`
(`network`, `backward`) with one thing changed around it, so a fault is exactly the
edit a student made and nothing else:

    fault                         the edit
    no update                     the update line is missing
    frozen bias                   b1 is left out of the update
    equal start                   every parameter starts at one value (their mean)
    swapped relu index            node 1's gradient reads relu'(z2), node 2's reads relu'(z1)
    node 2 gated by relu'(z1)     node 2's gradient reads relu'(z1) (the lecture's first mistake)
    output relu ignored           out = relu(z3), but every gradient uses 2 (z3 - y): the linear network's
    sign flip                     the update adds the gradient: param + lr * grad
    w5 updated first              w5, w6 are updated before the hidden gradients that need their old values
    the lecture's loop            node 2 gated by relu'(z1) and output relu ignored, together
    the lecture's fixed loop      output relu ignored alone: the loop the students ran (its parameters are
                                  exactly the linear network's; it prints the loss of relu(out))

The gradient faults are made by handing `backward` what the buggy code read: a forward
pass with z2 replaced by z1 reads relu'(z1) where relu'(z2) belongs; a forward pass whose
out is z3, differentiated as a linear output, gives 2 (z3 - y) and no relu'(z3) (the
lecture's loop: its parameters are then exactly those of the linear network, while the loss it
prints is that of relu(z3)). `nnmath.fast.faulty` is the compiled twin of
`faulty_train_reference`, equal to it bit for bit (tests/test_faults.py).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .checks import (FAULT_NAMES, MAX_READABLE_STEPS, NAMES, check_data, check_stored, check_work, real_array, refuse,
                     validate)
from .gradcheck import central_differences, relative_error
from .params import Params, check_params
from .reference import _formula_output, _formula_value, backward, network, within_limits
from .runs import Run


@dataclass(frozen=True)
class Fault:
    """What a faulty loop does differently; each field is one edit (see the module docstring)."""

    meaning: str
    no_update: bool = False
    frozen_b1: bool = False
    equal_start: bool = False
    gate1_from_z2: bool = False
    gate2_from_z1: bool = False
    output_slope_ignored: bool = False
    sign_flip: bool = False
    output_weights_first: bool = False

    @property
    def code(self) -> int:
        """The edits as bits, in field order (no_update = 1, frozen_b1 = 2, ...), for the compiled loop."""
        flags = (self.no_update, self.frozen_b1, self.equal_start, self.gate1_from_z2, self.gate2_from_z1,
                 self.output_slope_ignored, self.sign_flip, self.output_weights_first)
        return sum(1 << k for k, on in enumerate(flags) if on)


FAULTS = {
    "none": Fault("the correct loop"),
    "no update": Fault("the update line was forgotten: parameters are never changed", no_update=True),
    "frozen bias": Fault("b1 is left out of the update: it never learns", frozen_b1=True),
    "equal start": Fault("every parameter starts at the same value: h1 and h2 stay copies", equal_start=True),
    "swapped relu index": Fault("node 1's gradient uses relu'(z2) and node 2's uses relu'(z1)",
                                gate1_from_z2=True, gate2_from_z1=True),
    "node 2 gated by relu'(z1)": Fault("node 2's gradient uses relu'(z1) instead of relu'(z2)", gate2_from_z1=True),
    "output relu ignored": Fault("the output has a ReLU, but every gradient uses 2 (z3 - y) as if it had none",
                                 output_slope_ignored=True),
    "sign flip": Fault("the update adds the gradient instead of subtracting it", sign_flip=True),
    "w5 updated first": Fault("w5 and w6 are updated before the hidden gradients, which then use the new values",
                              output_weights_first=True),
    "the lecture's loop": Fault("the lecture notebook's published loop: node 2 gated by relu'(z1), and every "
                                "gradient uses 2 (z3 - y) although the output has a ReLU",
                                gate2_from_z1=True, output_slope_ignored=True),
    "the lecture's fixed loop": Fault("the lecture notebook's loop after its fix, the one the students ran: node 2 "
                                      "gated by relu'(z2), but every gradient still uses 2 (z3 - y) although the "
                                      "output has a ReLU", output_slope_ignored=True),
}
"""Name -> Fault. Notebook 10's mystery cases pick from these."""
assert tuple(FAULTS) == FAULT_NAMES, "core.checks.FAULT_NAMES names the faults of FAULTS, in order"


def check_fault(fault) -> Fault:
    """The Fault of a fault's name (checks.RULES["fault"])."""
    return FAULTS[validate(fault=fault)]


def _check_kind(fault) -> Fault:
    if not isinstance(fault, Fault):
        raise refuse("fault", fault, "a Fault, e.g. FAULTS['sign flip'] (check_fault(name) looks one up)")
    return fault


def _nine(values, argument="values"):
    """The nine current numbers of a readable loop: any real numbers (NaN and inf too: the loop is arithmetic)."""
    if isinstance(values, (tuple, list)) and len(values) == 9 and all(type(v) is float for v in values):
        return values
    array = real_array(argument, values, 1, finite=False)
    if len(array) != 9:
        raise refuse(argument, values, "nine numbers in the order w1..w6, b1..b3")
    return tuple(array.tolist())


def faulty_gradients(values, x1, x2, y, lr, fault: Fault, output="linear"):
    """One sample's loss and the nine gradients the faulty code computes (w1..b3 order).

    values: the nine current numbers; lr is needed only by "w5 updated first". Like `network`, this is
    arithmetic: any real numbers, infinity included, go through (the loops check each epoch's end).
    """
    values, fault, output = _nine(values), _check_kind(fault), _formula_output(output)
    if not (type(x1) is float and type(x2) is float and type(y) is float and type(lr) is float):
        x1, x2, y, lr = (_formula_value(name, v) for name, v in (("x1", x1), ("x2", x2), ("y", y), ("lr", lr)))
    w5, w6 = values[4], values[5]
    f = network(*values, x1, x2, output)
    loss = backward(w5, w6, x1, x2, f, y, output)[0]  # the loss the loop adds up: (out - y)**2
    read = f  # what the gradient code reads of the forward pass
    if fault.gate1_from_z2 or fault.gate2_from_z1:
        read = f._replace(z1=f.z2 if fault.gate1_from_z2 else f.z1, z2=f.z1 if fault.gate2_from_z1 else f.z2)
    if fault.output_slope_ignored:  # differentiated as if out were z3: 2 (z3 - y), no relu'(z3)
        read = read._replace(out=read.z3)
    slope = "linear" if fault.output_slope_ignored else output
    _, *g = backward(w5, w6, x1, x2, read, y, slope)
    if fault.output_weights_first:  # the hidden gradients see w5, w6 after their own update
        _, *hidden = backward(w5 - lr * g[4], w6 - lr * g[5], x1, x2, read, y, slope)
        g = hidden[:4] + g[4:6] + hidden[6:8] + g[8:]
    return loss, g


def faulty_update(values, g, lr, fault: Fault):
    """The update line, or what a student wrote instead of it."""
    values, fault = _nine(values), _check_kind(fault)
    g = _nine(g, "g")
    lr = lr if type(lr) is float else _formula_value("lr", lr)
    if fault.no_update:
        return tuple(values)
    sign = 1.0 if fault.sign_flip else -1.0
    new = [v + sign * lr * d for v, d in zip(values, g)]
    if fault.frozen_b1:
        new[6] = values[6]
    return tuple(new)


def fault_start(params: Params, fault: Fault) -> Params:
    """The start the faulty loop really uses ("equal start": every value the mean of the given nine)."""
    check_params(params)
    fault = _check_kind(fault)
    return Params(*[float(np.mean(params.to_array()))] * 9) if fault.equal_start else params


def faulty_arguments(params, X, y, lr, epochs, fault, output):
    """The checked arguments of a faulty run: (start it really uses, X, y, lr, epochs, Fault, output)."""
    check_params(params)
    X, y = check_data(X, y)
    lr, epochs, output = validate(lr=lr, epochs=epochs, output=output)
    check_work(len(y), epochs)
    check_stored("a faulty run (it records its trajectory: 9 numbers per epoch)", 10 * (epochs + 1))
    kind = check_fault(fault)
    return fault_start(params, kind), X, y, lr, epochs, kind, output


def faulty_train_reference(params: Params, X, y, lr: float, epochs: int, fault: str = "none",
                           output: str = "linear") -> Run:
    """Online SGD in data order with the fault on, in plain Python (10_find_the_bug).

    Returns a Run with the trajectory recorded; it stops at the first runaway number like
    `nnmath.train`. Slow on purpose (the compiled twin is nnmath.fast.faulty.faulty_train).
    """
    start, X, y, lr, epochs, kind, output = faulty_arguments(params, X, y, lr, epochs, fault, output)
    check_work(len(y), epochs, limit=MAX_READABLE_STEPS, meaning="about half a minute of plain Python; "
               "nnmath.faulty_train runs the same loop compiled")
    values = start.values
    losses, path = [], [values]
    for epoch in range(epochs):
        total = 0.0
        for (x1, x2), target in zip(X.tolist(), y.tolist()):
            loss_i, g = faulty_gradients(values, x1, x2, target, lr, kind, output)
            total += loss_i
            values = faulty_update(values, g, lr, kind)
        epoch_loss = total / len(y)
        if not within_limits((epoch_loss, *values)):
            return _run(start, path, losses, epoch + 1, lr)
        losses.append(epoch_loss)
        path.append(values)
    return _run(start, path, losses, None, lr)


def _run(start, path, losses, diverged_at, lr):
    return Run.from_trajectory(start, path, losses, diverged_at, lr)


def gradient_check(params: Params, X, y, fault: str = "none", output: str = "linear", eps: float = 1e-6):
    """The faulty loop's mean gradient against central differences of the true mean loss, per parameter.

    Returns a dict name -> (analytic, numeric, relative error) (core.gradcheck's rule).
    A correct gradient agrees to about 1e-8; a fault shows as a relative error near 1.
    """
    check_params(params)
    X, y = check_data(X, y)
    kind = check_fault(fault)
    output, eps = validate(output=output, eps=eps)
    check_work(len(y), 20, limit=MAX_READABLE_STEPS, meaning="about half a minute of plain Python")
    sums = np.zeros(9)
    with np.errstate(over="ignore", invalid="ignore"):
        for (x1, x2), target in zip(X.tolist(), y.tolist()):
            sums += np.array(faulty_gradients(params.values, x1, x2, target, 0.0, kind, output)[1])
        analytic = sums / len(y)

    def mean_loss(values):
        with np.errstate(over="ignore", invalid="ignore"):
            error = network(*values, X[:, 0], X[:, 1], output).out - y
            return float(np.mean(error * error))

    overflow = ValueError("the gradient overflows at these params and data X, y (a number beyond 1e100): the network "
                          "has diverged; allowed: parameters and data whose gradients stay within 1e100")
    if not within_limits(analytic.tolist()):
        raise overflow
    numeric = central_differences(mean_loss, params.to_array(), eps)
    if not within_limits(numeric.tolist()):
        raise overflow
    errors = relative_error(analytic, numeric)
    return {name: (float(a), float(n), float(e)) for name, a, n, e in zip(NAMES, analytic, numeric, errors)}
