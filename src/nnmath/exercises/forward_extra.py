"""More forward-pass exercises (01_forward_pass): one hidden node's value by hand, and a start that switches a node off.

`check_hidden`: z1, h1, z2 or h2 for one input. The true value is `nnmath.forward(params, x1, x2)`;
each typical mistake is `reference.network` run on what the mistaken hand computation used:

    bias missing          b1 = b2 = 0
    w2 and w3 swapped     the weights numbered along each node (z1 = x1*w1 + x2*w2 + b1)
    x1 and x2 swapped     the input read backwards
    relu missing          h = z even where z < 0 (asked for h)
    relu applied          relu(z) given where z, the value before the ReLU, was asked
    other node            the other hidden node's value (z2 for z1, ...)

`check_node_off`: the student gives a start (a Params, or a dict of the values changed from `base`)
in which a hidden node is off for one input: z <= 0, so h = relu(z) = 0 (relu(0) = 0 counts as off).
There is no single true answer, so the check tests the condition and, when it fails, says with the
student's own numbers why the node is still on.
"""
from __future__ import annotations

from ..core.checks import NAMES, OneOf, check
from ..core.init import LECTURE_START
from ..core.params import Params, check_params
from ..core.reference import forward, network, relu
from .numbers import Mistake, check_number, is_empty
from .verdict import CORRECT, Verdict, not_yet, shown, wrong

_HIDDEN = OneOf(("z1", "h1", "z2", "h2"))
_NODE = OneOf(("h1", "h2"))
_OTHER = {"z1": "z2", "h1": "h2", "z2": "z1", "h2": "h1"}
_FED_BY = {"h1": ("w1", "w3", "b1"), "h2": ("w2", "w4", "b2")}


def hidden_mistakes(name: str, params: Params, x1, x2) -> list[Mistake]:
    """The typical wrong values of z1, h1, z2 or h2 for (x1, x2), each from `reference.network` with one mistake."""
    name = check("name", name, _HIDDEN)

    def value(p=params, a=x1, b=x2, node=name):
        return float(getattr(network(*p.values, a, b), node))

    node = "1" if name.endswith("1") else "2"
    z = value(node=f"z{node}")
    inputs = "x1*w1 + x2*w3 + b1" if node == "1" else "x1*w2 + x2*w4 + b2"
    found = [
        Mistake("bias missing", f"z{node} = {inputs}: the bias b{node} is part of the sum.",
                value(params.replace(b1=0.0, b2=0.0))),
        Mistake("w2 and w3 swapped", "w3 carries x2 into h1 and w2 carries x1 into h2: z1 = x1*w1 + x2*w3 + b1, "
                                     "z2 = x1*w2 + x2*w4 + b2.", value(params.replace(w2=params.w3, w3=params.w2))),
        Mistake("x1 and x2 swapped", f"x = (x1, x2) = ({shown(x1)}, {shown(x2)}): x1 is the first number.",
                value(a=x2, b=x1)),
        Mistake("other node", f"{name} belongs to node {node}: it is computed from {inputs}.",
                value(node=_OTHER[name])),
    ]
    if name.startswith("h"):
        found.append(Mistake("relu missing", f"h{node} = relu(z{node}) = max(z{node}, 0): a node with z{node} < 0 "
                                             "outputs 0.", z))
    else:
        found.append(Mistake("relu applied", f"z{node} is the sum before the ReLU and can be negative; "
                                             f"h{node} = relu(z{node}) comes after it.", float(relu(z))))
    return found


def check_hidden(answer, name: str = "h1", x1=-2.0, x2=1.0, params: Params = LECTURE_START) -> Verdict:
    """z1, h1, z2 or h2 for the input (x1, x2) by hand (01_forward_pass; x = (-2, 1) at the lecture start by default)."""
    name = check("name", name, _HIDDEN)
    true_value = float(getattr(forward(params, x1, x2), name))
    return check_number(answer, true_value, f"{name} for x = ({shown(x1)}, {shown(x2)})",
                        hidden_mistakes(name, params, x1, x2))


def _as_start(answer, base: Params):
    """A Params from the answer (a Params, or a dict name -> value changed from base); None if it is neither."""
    if isinstance(answer, Params):
        return answer
    if isinstance(answer, dict) and answer and all(isinstance(key, str) and str.__str__(key) in NAMES for key in answer):
        try:
            return base.replace(**{str.__str__(key): value for key, value in answer.items()})
        except Exception:  # a value that is not a number (Params says which): not a start
            return None
    return None


def check_node_off(answer, node: str = "h2", x1=1.0, x2=0.0, base: Params = LECTURE_START) -> Verdict:
    """A start in which `node` is off for the input (x1, x2): z <= 0, so h = 0 (01_forward_pass).

    answer: a Params, or a dict of the values changed from `base` (e.g. {"b2": -1.0}).
    """
    node = check("node", node, _NODE)
    check_params(base, "base")
    forward(base, x1, x2)  # x1, x2: one number each, by the course's rules
    k = node[1]
    title = f"a start with {node} off at x = ({shown(x1)}, {shown(x2)})"
    if is_empty(answer):
        return not_yet(title)
    start = _as_start(answer, base)
    if start is None:
        return wrong(title, answer, ["give a Params (e.g. LECTURE_START.replace(b2=-1.0)) or a dict of the values "
                                     "you change, with keys among w1..w6, b1..b3."])
    f = forward(start, x1, x2)
    z, other = float(getattr(f, f"z{k}")), float(getattr(f, f"z{'2' if k == '1' else '1'}"))
    w_x1, w_x2, bias = _FED_BY[node]
    def term(value):  # a negative number in brackets: 1*(-1), not 1*-1
        return f"({shown(value)})" if value < 0 else shown(value)

    sum_text = (f"z{k} = x1*{w_x1} + x2*{w_x2} + {bias} = {term(x1)}*{term(getattr(start, w_x1))} + "
                f"{term(x2)}*{term(getattr(start, w_x2))} + {term(getattr(start, bias))} = {shown(z)}")
    if z <= 0:
        return Verdict(title, CORRECT, f"{sum_text} <= 0, so {node} = relu(z{k}) = 0",
                       (f"why: with {node} off, w{4 + int(k)} (multiplied by {node} = 0) no longer changes the "
                        f"prediction, and neither do {w_x1}, {w_x2}, {bias} while z{k} stays <= 0.",))
    hints = [f"{sum_text} > 0, so {node} = {shown(z)} is still on. A node is off when its z <= 0 "
             f"(relu(0) = 0 counts as off): lower the sum through {bias} or the weights."]
    if x2 == 0:
        hints.append(f"x2 = 0 here, so {w_x2} does not change z{k} at all.")
    mistakes = []
    if other <= 0:
        hints.insert(0, f"you switched the other node off (z{'2' if k == '1' else '1'} = {shown(other)}); {node} is "
                        f"fed by {w_x1}, {w_x2} and {bias}.")
        mistakes.append("other node")
    else:
        mistakes.append("still on")
    return wrong(title, start, hints, mistakes)


__all__ = ["hidden_mistakes", "check_hidden", "check_node_off"]
