"""The learning rate that diverges first, justified by the 2/s bound (05_learning_rate).

Near a point, the batch loss is a bowl whose steepest curvature is the sharpness s, the largest
eigenvalue of the loss's Hessian (its matrix of second derivatives). One gradient step at lr
multiplies the error along that direction by (1 - lr * s): it shrinks while lr < 2 / s and
grows, step after step, once lr > 2 / s. So among candidate learning rates, the first to diverge
(the smallest that does) is the smallest above 2 / s.

`sharpness` (in `nnmath.core.sharpness`, shared with the learning-rate panel) takes the Hessian by
central differences of `nnmath.gradients` (the one central-difference loop of core/gradcheck.py).
Along b3 alone it is exact: the loss is the mean of (out - y)**2 and out moves one for one with b3,
so d2 loss / d b3^2 = 2 for a linear output. From the all-zero start only b3 learns, so there lr > 1 diverges and lr < 1 does not.
"""
from __future__ import annotations

from ..core.checks import NAMES, RULES, check, one_or_many, refuse, validate
from ..core.params import Params
from ..core.sharpness import sharpness
from .numbers import Mistake, check_choice, check_number
from .verdict import Verdict, shown


def check_lr_bound(answer, params: Params, X, y, names=NAMES, output: str = "linear") -> Verdict:
    """The largest stable learning rate near params, 2 / s (05_learning_rate)."""
    names = validate(names=names)
    s = _positive_sharpness(params, X, y, names, output)
    mistakes = [
        Mistake("1/s", "gradient descent overshoots and comes back while lr * s < 2: the bound is 2 / s, not 1 / s.",
                1.0 / s),
        Mistake("s", "that is the sharpness s itself; the bound on lr is 2 / s.", s),
    ]
    if tuple(names) != ("b3",):
        mistakes.append(Mistake("b3 only", "that is 2 / 2 = 1, the bound along b3 alone; the sharpest direction "
                                           "of all the parameters curves more.", 2.0 / sharpness(params, X, y, ("b3",),
                                                                                                output)))
    return check_number(answer, 2.0 / s, "the largest stable lr, 2/s", mistakes,
                        why=f"the sharpness here is s = {shown(s)}")


def check_diverging_lr(answer, candidates, params: Params, X, y, names=NAMES, output: str = "linear") -> Verdict:
    """Which of the candidate learning rates diverges first (the smallest with lr * s > 2) (05_learning_rate).

    The candidates must include at least one above 2 / s, and none within 1 % of it (too close to call).
    The bound holds at the start: training can move to flatter or sharper places (05 shows a rate above
    2/s at the start that does not diverge), so pick candidates far apart and confirm with nnmath.train.
    """
    values, _ = one_or_many("candidates", candidates, lambda c: check("candidates", c, RULES["lr"]), limit=100)
    s = _positive_sharpness(params, X, y, names, output)
    bound = 2.0 / s
    candidates = sorted(values)
    if any(abs(c - bound) <= 0.01 * bound for c in candidates):
        raise refuse("candidates", candidates, f"learning rates none of which lies within 1 % of 2/s = {bound:.4g} "
                     "(too close to call)")
    above = [c for c in candidates if c > bound]
    if not above:
        raise refuse("candidates", candidates, f"learning rates at least one of which is above 2/s = {bound:.4g} "
                     "(else none of them diverges)")
    first = above[0]
    reasons = {c: (f"lr * s = {shown(c * s)} < 2: each step shrinks the error along the sharpest direction, so "
                   f"{shown(c)} is predicted not to diverge from this start." if c < bound else
                   f"{shown(c)} is predicted to diverge too (lr * s = {shown(c * s)} > 2), but a smaller candidate "
                   f"already has lr * s > 2: that one is predicted to diverge first.") for c in candidates}
    return check_choice(answer, candidates, first, "the lr that diverges first", reasons,
                        why=f"s = {shown(s)}, so 2/s = {shown(bound)}: {shown(first)} is the smallest candidate above "
                            f"it (lr * s = {shown(first * s)} > 2).")


def _positive_sharpness(params, X, y, names, output) -> float:
    """s at params (core.sharpness), which must be > 0 for 2/s to bound anything."""
    s = sharpness(params, X, y, names, output)
    if not s > 0:
        raise refuse("params", params, f"a point where the loss curves upward along {', '.join(names)} "
                     f"(here the sharpness is {s:.3g}, so 2/s bounds nothing)")
    return s


__all__ = ["sharpness", "check_lr_bound", "check_diverging_lr"]
