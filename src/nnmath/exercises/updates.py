"""One update step (03_backprop) and the update line of the training loop (04_training_loop, 10_find_the_bug).

The true step is `nnmath.sgd_step` (param_new = param - lr * dloss/dparam, all nine from the same
old values); the student's `update(params, grads, lr)` is compared with `reference.step`.
Typical wrong answers: every gradient mistake of `gradients.py` carried into the step, and

    update sign flipped     param + lr * grad (uphill)
    step only               - lr * grad, without the old value
    lr missing              param - grad
    new w5 used             the hidden gradients computed with w5, w6 after their own update
                            (core.faults' "w5 updated first": they need the old values)
    no update               (a function) the parameters come back unchanged
    <name> left out         (a function) one parameter keeps its old value (10's frozen bias)
"""
from __future__ import annotations

import numpy as np

from ..core.checks import NAMES, OneOf, check, validate
from ..core.init import LECTURE_START
from ..core.params import Params
from ..core.reference import gradients, sample_gradients, sgd_step, step
from .functions import check_function
from .gradients import LECTURE_SAMPLE, _one_sample, _where, per_sample, planted_gradients
from .numbers import Mistake, check_number
from .verdict import Verdict

_NAME = OneOf(NAMES)
_HIDDEN = ("w1", "w2", "w3", "w4", "b1", "b2")  # the parameters whose gradients pass through w5 or w6

FACTOR_2_IN_A_STEP = ("you used lr where 2*lr belongs: dloss/dparam carries the factor 2 of (out - y)**2 "
                      "(dloss/dout = 2 (out - y)).")


def _stepped(old: float, lr: float, gradient: float) -> float:
    return old - lr * gradient


def step_mistakes(name: str, lr: float, params: Params, X, y, output: str = "linear") -> list[Mistake]:
    """The typical wrong values of param `name` after one step at lr on X, y, each with its hint."""
    name = check("name", name, _NAME)
    true = gradients(params, X, y, output)
    lr = float(lr)
    with np.errstate(over="ignore", invalid="ignore"):  # a mistake beyond the float range: inf, never matched
        return _step_mistakes(name, lr, params, X, y, output, true)


def _step_mistakes(name, lr, params, X, y, output, true):
    old = getattr(params, name)
    g = getattr(true, name)
    found = [Mistake(m, FACTOR_2_IN_A_STEP if m == "factor 2 missing" else f"the gradient is off: {hint}",
                     _stepped(old, lr, getattr(planted, name)))
             for m, (hint, planted) in planted_gradients(params, X, y, output).items()]
    found += [
        Mistake("update sign flipped", "gradient descent goes downhill: new = old - lr * dloss/dparam; you added "
                                       "the step.", old + lr * g),
        Mistake("step only", f"that is the step alone: the new value is the old one minus it, {name} - lr * "
                             f"dloss/d{name}.", -lr * g),
        Mistake("lr missing", "multiply the gradient by lr before subtracting it.", old - g),
    ]
    if name in _HIDDEN:
        w5_new, w6_new = _stepped(params.w5, lr, true.w5), _stepped(params.w6, lr, true.w6)
        late = per_sample(params, X, y, output, w5=w5_new, w6=w6_new)[NAMES.index(name)].mean()
        found.append(Mistake("new w5 used", "the hidden gradients need the old w5 and w6: compute all nine "
                                            "gradients first, then update all nine (you used w5, w6 after their "
                                            "update).", _stepped(old, lr, late)))
    return found


def check_update(answer, name: str = "w5", lr: float = 0.1, params: Params = LECTURE_START, x1=LECTURE_SAMPLE[0],
                 x2=LECTURE_SAMPLE[1], y=LECTURE_SAMPLE[2], output: str = "linear") -> Verdict:
    """The new value of one parameter after one gradient step at lr on one sample (03_backprop).

    The true value is `nnmath.sgd_step(params, X, y, lr, output)` for the sample (x1, x2, y).
    """
    name, lr = check("name", name, _NAME), validate(lr=lr)
    sample_gradients(params, x1, x2, y, output)  # the sample's own checks (x1, x2, y: one number each)
    X, Y = _one_sample(x1, x2, y)
    return check_number(answer, getattr(sgd_step(params, X, Y, lr, output), name),
                        f"new {name} after one step at lr {lr:g} for {_where(x1, x2, y)}",
                        step_mistakes(name, lr, params, X, Y, output))


def check_batch_update(answer, name: str, lr: float, params: Params, X, y, output: str = "linear") -> Verdict:
    """The new value of one parameter after one batch step at lr on the mean gradient over X, y (04_training_loop)."""
    name, lr = check("name", name, _NAME), validate(lr=lr)
    return check_number(answer, getattr(sgd_step(params, X, y, lr, output), name),
                        f"new {name} after one batch step at lr {lr:g} on {len(np.asarray(y))} samples",
                        step_mistakes(name, lr, params, X, y, output))


# ----------------------------------------------------------------------------------
# The student's update function: update(params, grads, lr) -> the new Params
# ----------------------------------------------------------------------------------

def _update_inputs(seed: int = 0, count: int = 3):
    """(params, grads, lr) triples with no zero value, so a parameter left out always shows."""
    rng = np.random.default_rng(seed)

    def nine():
        return Params(*(rng.choice([-1.0, 1.0], 9) * rng.uniform(0.1, 2.0, 9)).round(3).tolist())

    return [(nine(), nine(), lr) for lr in (0.1, 0.01, 0.5)[:count]]


def _left_out(name):
    k = NAMES.index(name)

    def update(params, grads, lr):
        p, g = params.to_array(), grads.to_array()
        new = p - lr * g
        new[k] = p[k]
        return Params(*new.tolist())

    return Mistake(f"{name} left out", f"{name} is left out of the update: it keeps its old value and never learns.",
                   update)


UPDATE_FUNCTION_MISTAKES = [
    Mistake("update sign flipped", "gradient descent goes downhill: new = params - lr * grads; you added the step.",
            lambda params, grads, lr: Params(*(params.to_array() + lr * grads.to_array()).tolist())),
    Mistake("lr missing", "multiply the gradients by lr before subtracting them.",
            lambda params, grads, lr: Params(*(params.to_array() - grads.to_array()).tolist())),
    Mistake("step only", "that is the step alone: return params - lr * grads, the new parameters.",
            lambda params, grads, lr: Params(*(-lr * grads.to_array()).tolist())),
    Mistake("no update", "your function returns the parameters unchanged: the update line is missing.",
            lambda params, grads, lr: params),
] + [_left_out(name) for name in NAMES]


def check_update_function(update) -> Verdict:
    """The loop's missing line (04_training_loop): update(params, grads, lr) returns the new Params.

    Checked on three (params, grads, lr) against `reference.step`: param - lr * grad for all nine.
    The result may be a Params, a dict w1=... or nine numbers in the order w1..w6, b1..b3.
    """
    return check_function(update, step, _update_inputs(), "update(params, grads, lr)", UPDATE_FUNCTION_MISTAKES)


__all__ = ["step_mistakes", "check_update", "check_batch_update", "check_update_function",
           "UPDATE_FUNCTION_MISTAKES"]
