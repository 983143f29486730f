"""Building block: check a function the student wrote against the reference on several inputs.

A function is "not yet" written while it raises NotImplementedError or returns None. Each
`Mistake`'s value is a function: the reference with one mistake planted. A student function that
gives that function's results on every input gets its hint. (04's `update`, 09's encoder forward pass.)
"""
from __future__ import annotations

import copy

from .numbers import GENERIC_HINT, same_values
from .verdict import Verdict, correct, explained, not_yet, wrong

NOT_WRITTEN = "Write the function's body (it still raises NotImplementedError or returns None) and run this cell again."
ERROR_HINT = "read the error above, fix the line it points to and run this cell again."


def check_function(function, reference, inputs, title: str, mistakes=(), same=same_values,
                   explain_error=None) -> Verdict:
    """Call `function(*args)` and `reference(*args)` for each args in inputs and compare.

    inputs: a list of argument tuples (each call gets its own deep copy, so a function that changes
    its arguments cannot spoil the next call); same(result, true_result) -> bool decides equality;
    explain_error(exception) -> hint or None turns an exception into a specific hint.
    Returns correct (showing the first input's results), wrong (with a mistake's hint, or the first
    input on which the results differ) or not yet.
    """
    if function is None:
        return not_yet(title, NOT_WRITTEN)
    if not callable(function):
        return wrong(title, function, [f"give a function (def ...), not {type(function).__name__}."])
    results = []
    for args in inputs:
        try:
            result = function(*copy.deepcopy(args))
        except NotImplementedError:
            return not_yet(title, NOT_WRITTEN)
        except Exception as error:  # the student's code failed: say how, and what usually causes it
            hint = explain_error(error) if explain_error else None
            return Verdict(title, "wrong", f"your function raised {type(error).__name__}: {error}",
                           (f"hint: {hint or ERROR_HINT}",), ("raised " + type(error).__name__,))
        if result is None:
            return not_yet(title, NOT_WRITTEN)
        results.append(result)
    truths = [reference(*copy.deepcopy(args)) for args in inputs]
    if all(same(r, t) for r, t in zip(results, truths)):
        return correct(title, truths[0], results[0])
    matched = []
    for mistake in mistakes:
        planted = [mistake.value(*copy.deepcopy(args)) for args in inputs]
        differs = not all(same(p, t) for p, t in zip(planted, truths))
        if differs and all(same(r, p) for r, p in zip(results, planted)):
            matched.append(mistake)
    first = next(k for k, (r, t) in enumerate(zip(results, truths)) if not same(r, t))
    if matched:
        return explained(title, results[first], matched)
    return wrong(title, results[first], [f"on test input {first + 1} of {len(inputs)} your function returns "
                                         f"something else than the reference; {GENERIC_HINT}"])


__all__ = ["check_function", "NOT_WRITTEN"]
