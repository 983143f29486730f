"""The forward pass by hand (01_forward_pass): the prediction out for one input.

The true value is `nnmath.forward(params, x1, x2, output).out`. Each typical mistake is the
reference's forward pass (`reference.network`) run on what the mistaken hand computation used:

    b3 missing            b3 = 0
    b1, b2 missing        b1 = b2 = 0
    w2 and w3 swapped     the weights numbered along each node (z1 = x1*w1 + x2*w2 + b1)
    x1 and x2 swapped     the input read backwards
    relu missing          h1 = z1 and h2 = z2 even where z < 0
    output relu           relu(z3) on a linear output, or z3 where out = relu(z3)
"""
from __future__ import annotations

from ..core.checks import validate
from ..core.init import LECTURE_START
from ..core.params import Params
from ..core.reference import forward, network, relu
from .numbers import Mistake, check_number
from .verdict import Verdict, shown


def prediction_mistakes(params: Params, x1, x2, output: str = "linear") -> list[Mistake]:
    """The typical wrong predictions for (x1, x2), each computed with `reference.network` and one mistake."""

    def out(p=params, a=x1, b=x2):
        return network(*p.values, a, b, output).out

    f = network(*params.values, x1, x2, output)
    unclipped = f.out + params.w5 * (f.z1 - f.h1) + params.w6 * (f.z2 - f.h2)  # what the relus took away, put back
    return [
        Mistake("b3 missing", "out = h1*w5 + h2*w6 + b3: the output's bias b3 is missing.", out(params.replace(b3=0.0))),
        Mistake("b1, b2 missing", "z1 = x1*w1 + x2*w3 + b1 and z2 = x1*w2 + x2*w4 + b2: the hidden biases are "
                                  "missing.", out(params.replace(b1=0.0, b2=0.0))),
        Mistake("w2 and w3 swapped", "w3 carries x2 into h1 and w2 carries x1 into h2: z1 = x1*w1 + x2*w3 + b1, "
                                     "z2 = x1*w2 + x2*w4 + b2.", out(params.replace(w2=params.w3, w3=params.w2))),
        Mistake("x1 and x2 swapped", f"x = (x1, x2) = ({shown(x1)}, {shown(x2)}): x1 is the first number.",
                out(a=x2, b=x1)),
        Mistake("relu missing", "h = relu(z) = max(z, 0): a hidden node with z < 0 outputs 0.",
                relu(unclipped) if output == "relu" else unclipped),
        Mistake("output relu", "this network's output has no ReLU: out = z3 = h1*w5 + h2*w6 + b3."
                if output == "linear" else "out = relu(z3): clip the output at 0 too.",
                relu(f.z3) if output == "linear" else f.z3),
    ]


def check_prediction(answer, x1=2.0, x2=1.0, params: Params = LECTURE_START, output: str = "linear") -> Verdict:
    """The prediction out for the input (x1, x2), by hand (01_forward_pass; (2, 1) at the lecture start by default)."""
    output = validate(output=output)
    true_value = forward(params, x1, x2, output).out
    return check_number(answer, true_value, f"prediction out for x = ({shown(x1)}, {shown(x2)})",
                        prediction_mistakes(params, x1, x2, output))


__all__ = ["prediction_mistakes", "check_prediction"]
