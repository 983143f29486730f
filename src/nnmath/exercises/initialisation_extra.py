"""Which parameters never move, and which start keeps two identical hidden nodes (06_initialisation).

`check_never_move`: the student names the parameters that training from a start never changes. The true
set comes from training (`nnmath.train`, online in data order, recorded every epoch) and
`analysis.frozen_parameters`; the students' loop moves the parameters exactly as this loop does. Typical
wrong sets, each built from the start's dead nodes (`analysis.dead_nodes`, `analysis.FROZEN_BY`):

    outgoing weight left out   the dead node's inputs and bias, without its outgoing weight
    the live node              the other node's four
    b3 added                   b3 too (its gradient 2 (out - y) is never 0 on every sample)

`check_identical_nodes`: of several starts, the one whose training keeps h1 = h2 on every sample after
every epoch. The hint for a wrong choice names the pair of parameters that differ in that start.
"""
from __future__ import annotations

import numpy as np

from ..core.analysis import FROZEN_BY, dead_nodes, frozen_parameters
from ..core.checks import NAMES, TITLE, check, check_data, refuse, shown
from ..core.params import Params, check_params
from ..core.reference import forward_all
from ..fast.training import train
from .numbers import GENERIC_HINT, check_choice, is_empty
from .verdict import Verdict, clip, correct, not_yet, wrong

PAIRS = (("w1", "w2"), ("w3", "w4"), ("b1", "b2"), ("w5", "w6"))
"""Node 1's parameter beside node 2's: equal pairs make the two nodes copies of each other."""

_ROLE = {"w1": "carry x1 into h1 and into h2", "w3": "carry x2 into h1 and into h2",
         "b1": "are the biases of h1 and h2", "w5": "carry h1 and h2 to the output"}


def _as_names(answer):
    """A set of parameter names from text ("w1, w3") or an iterable of names; None if it is neither."""
    if isinstance(answer, str):
        items = [part for part in answer.replace(";", ",").replace(" ", ",").split(",") if part]
    elif isinstance(answer, (list, tuple, set, frozenset)):
        items = list(answer)
    else:
        return None
    if not all(isinstance(item, str) for item in items):
        return None
    return {str.__str__(item).strip().lower() for item in items}


def _ordered(names) -> tuple[str, ...]:
    return tuple(name for name in NAMES if name in names)


def never_moved(start: Params, X, y, lr: float, epochs: int) -> tuple[str, ...]:
    """The parameters that training from start never changes in any epoch (online, data order)."""
    run = train(check_params(start, "start"), X, y, lr, epochs, record=True)
    return frozen_parameters(run.trajectory)


def check_never_move(answer, start: Params, X, y, lr: float, epochs: int) -> Verdict:
    """The parameters that never move when training from start (06_initialisation).

    answer: names such as ("w2", "w4", "w6", "b2") or "w2, w4, w6, b2"; an empty tuple means "none".
    """
    title = "the parameters that never move from this start"
    truth = set(never_moved(start, X, y, lr, epochs))
    if is_empty(answer):
        return not_yet(title)
    names = _as_names(answer)
    if names is None:
        return wrong(title, answer, ["give the names as text, e.g. ('w1', 'b1')."])
    unknown = sorted(names - set(NAMES))
    if unknown:
        return wrong(title, answer, [f"{clip(', '.join(unknown[:5]))}: the names are w1..w6 and b1..b3."])
    yours = _ordered(names)
    if names == truth:
        return correct(title, _ordered(truth), yours,
                       "a node that is off (z <= 0) on every sample passes no gradient to its inputs and bias "
                       "(relu'(z) = 0) nor to its outgoing weight (h = 0).")
    X, y = check_data(X, y)
    mistakes = []
    for node in dead_nodes(start, X):
        frozen = set(FROZEN_BY[node])
        outgoing = FROZEN_BY[node][-1]
        other = set(FROZEN_BY["h2" if node == "h1" else "h1"])
        mistakes += [
            (frozen - {outgoing}, "outgoing weight left out",
             f"{outgoing} stays too: its gradient is 2 (out - y) * {node}, and {node} = 0 on every sample."),
            (other, "the live node", f"those belong to the node that is on; the dead one is {node} "
                                     f"(z <= 0 on every sample)."),
            (frozen | {"b3"}, "b3 added", "b3's gradient is 2 (out - y): it is 0 only where the prediction is "
                                          "exact, never on every sample here, so b3 moves."),
        ]
    for value, name, hint in mistakes:
        if names == value and value != truth:
            return wrong(title, yours, [hint], [name])
    missing, extra = _ordered(truth - names), _ordered(names - truth)
    hints = [GENERIC_HINT]
    if extra:
        hints.append(f"{', '.join(extra)} {'does' if len(extra) == 1 else 'do'} move.")
    if missing:
        hints.append(f"{len(missing)} parameter{'s' * (len(missing) > 1)} that never move{'s' * (len(missing) == 1)} "
                     f"{'are' if len(missing) > 1 else 'is'} missing: find a node that is off on every sample.")
    return wrong(title, yours, hints)


def keeps_nodes_identical(start: Params, X, y, lr: float, epochs: int) -> bool:
    """True when h1 == h2 on every sample at the start and after every epoch of training."""
    run = train(check_params(start, "start"), X, y, lr, epochs, record=True)
    X, y = check_data(X, y)
    return all(np.array_equal(f.h1, f.h2) for f in (forward_all(Params.from_array(row), X) for row in run.trajectory))


def _why_not(start: Params) -> str:
    for first, second in PAIRS:
        a, b = getattr(start, first), getattr(start, second)
        if a != b:
            return (f"in this start {first} = {a:g} but {second} = {b:g}: {first} and {second} {_ROLE[first]}, and a "
                    f"pair that differs gives the two nodes different z or different gradients, so they part.")
    return "its nodes start as copies but do not stay copies: look at the pairs again."


def check_identical_nodes(answer, candidates: dict, X, y, lr: float, epochs: int) -> Verdict:
    """Which of the candidate starts keeps h1 and h2 identical for ever? (06_initialisation)

    candidates: label -> Params; exactly one of them must keep h1 == h2 through training
    (`keeps_nodes_identical`). A wrong choice gets a hint naming the pair that differs in it.
    """
    allowed = "a dict label -> Params with 1 to 20 starts, exactly one of which keeps h1 = h2"
    if not isinstance(candidates, dict) or not 1 <= len(candidates) <= 20:
        raise refuse("candidates", candidates, allowed)
    candidates = {check("candidates", label, TITLE): check_params(start, "candidates") for label, start in
                  candidates.items()}
    keep = [label for label, start in candidates.items() if keeps_nodes_identical(start, X, y, lr, epochs)]
    if len(keep) != 1:
        raise refuse("candidates", candidates, f"{allowed} at lr {shown(lr)} for {shown(epochs)} epochs (here "
                     f"{len(keep)} do: {shown(keep)})")
    reasons = {label: _why_not(start) for label, start in candidates.items() if label != keep[0]}
    return check_choice(answer, list(candidates), keep[0], "the start that keeps h1 and h2 identical", reasons,
                        "w1 = w2, w3 = w4, b1 = b2 and w5 = w6: the two nodes compute the same z and get the "
                        "same gradient on every sample, so they stay copies.")


__all__ = ["PAIRS", "never_moved", "check_never_move", "keeps_nodes_identical", "check_identical_nodes"]
