"""One sample through the network, node by node: forward, loss, backward, update (03_backprop, 10_find_the_bug).

The backward-pass diagram (`nnmath.ui.backward_panel`) walks through these stages with its
"step" control. Every number comes from the reference (`reference.network`, `reference.backward`,
`reference.step`), so the walk-through shows exactly what `nnmath.sample_gradients` and
`nnmath.sgd_step` compute (tests/test_views.py checks it bit for bit):

    stage  phase      what is computed
    0      inputs     x1, x2 enter
    1-3    forward    h1 (z1, then relu), h2 (z2, then relu), out (z3, then out)
    4      loss       (out - y)**2
    5      backward   dL/dout = 2 (out - y)
    6                 dL/dz3, and from it dL/dw5, dL/dw6, dL/db3
    7                 dL/dh1 = dL/dz3 x w5
    8                 dL/dz1 = dL/dh1 x relu'(z1), and dL/dw1, dL/dw3, dL/db1
    9-10              the same for h2 and z2 (w2, w4, b2)
    11     update     every parameter: new = old - lr x gradient

Each parameter's gradient is "left x right": the derivative flowing in from the right
(dL/dz of the node the edge enters) times the local derivative (what the parameter multiplies:
an input, a hidden value, or 1 for a bias). `Walkthrough.left_right` holds both factors;
their product is the reference's gradient (the same multiplication `backward` does).
"""
from __future__ import annotations

from dataclasses import dataclass

from .checks import NAMES, RULES, Text, Whole, check, refuse, validate
from .params import Params, check_params
from .reference import Forward, backward, forward, network, relu_prime, sample_gradients, step

PHASES = ("inputs", "forward", "loss", "backward", "update")

LOCAL = {"w1": "x1", "w3": "x2", "b1": "1", "w2": "x1", "w4": "x2", "b2": "1", "w5": "h1", "w6": "h2", "b3": "1"}
"""What each parameter multiplies in its node's sum: the local derivative dz/dparam (right factor)."""
NODE_OF = {"w1": "z1", "w3": "z1", "b1": "z1", "w2": "z2", "w4": "z2", "b2": "z2", "w5": "z3", "w6": "z3", "b3": "z3"}
"""The pre-activation each parameter feeds: dL/d(that z) is the left factor of its gradient."""


@dataclass(frozen=True)
class Stage:
    """One press of the step control: what it computes, and how, in words with the numbers in."""

    phase: str                      # one of PHASES
    title: str                      # e.g. "forward: h1"
    reveals: tuple[str, ...]        # quantity names computed at this stage, e.g. ("z1", "h1") or ("dL/dz1", "dL/dw1")
    lines: tuple[str, ...]          # each computation written out, e.g. "z1 = x1·w1 + x2·w3 + b1 = 1·1 + 0·1 + 0.5 = 1.5"


@dataclass(frozen=True)
class Walkthrough:
    """Every number of one forward pass, backward pass and update for one sample, and the stages that show them."""

    params: Params
    x1: float
    x2: float
    y: float
    lr: float
    output: str
    forward: Forward                # z1, h1, z2, h2, z3, out (reference.network)
    loss: float                     # (out - y)**2 (reference.backward)
    node_grads: dict                # dL/d(node) for out, z3, h1, z1, h2, z2
    grads: Params                   # dL/d(param): equals nnmath.sample_gradients exactly
    left_right: dict                # param -> (left, right): dL/dz of its node, and what it multiplies
    new: Params                     # params after one update: equals nnmath.sgd_step(params, [[x1, x2]], [y], lr)
    stages: tuple[Stage, ...]

    def values(self) -> dict:
        """Every quantity by name: x1, x2, z1 ... out, loss, dL/dout ... dL/dz2, dL/dw1 ... dL/db3, new w1 ... new b3."""
        f = self.forward
        named = {"x1": self.x1, "x2": self.x2, "y": self.y, "z1": f.z1, "h1": f.h1, "z2": f.z2, "h2": f.h2,
                 "z3": f.z3, "out": f.out, "loss": self.loss}
        named.update({f"dL/d{node}": value for node, value in self.node_grads.items()})
        named.update({f"dL/d{name}": getattr(self.grads, name) for name in NAMES})
        named.update({f"new {name}": getattr(self.new, name) for name in NAMES})
        return named

    def known(self, stage: int) -> set:
        """Names of the quantities computed up to and including `stage` (0 = only the inputs)."""
        stage = _stage_index(stage, len(self.stages))
        return {name for s in self.stages[: stage + 1] for name in s.reveals}

    def stage_of(self, name: str) -> int:
        """The stage at which a quantity is first computed."""
        name = check("name", name, Text("the name of a quantity"))
        for index, s in enumerate(self.stages):
            if name in s.reveals:
                return index
        raise refuse("name", name, "a quantity one of the stages computes, such as 'z1', 'dL/dw1' or 'new b3' "
                     "(the names of values())")


def _stage_index(stage, count):
    return check("stage", stage, Whole(0, count - 1))


def _n(value: float) -> str:
    """A number as the diagram writes it: 4 significant digits, no trailing zeros (1.5, -0.25, 1e+03; never -0)."""
    return f"{value + 0.0:.4g}"  # -0.0 + 0.0 is 0.0


def _f(value: float) -> str:
    """A factor inside a product or sum: negative numbers in parentheses, 2 × (-0.5)."""
    text = _n(value)
    return f"({text})" if text.startswith("-") else text


def walk_through(params: Params, x1, x2, y, lr, output: str = "linear") -> Walkthrough:
    """The forward pass, loss, backward pass and update of one sample, stage by stage (03_backprop).

    Numbers: `reference.network` (forward), `reference.backward` (loss and the nine gradients),
    `reference.step` (the update). dL/dout is backward's dL/db3 of the same forward pass read as a
    linear output node (out moves one for one with b3 there), so it is 2 (out - y) for either output;
    dL/dh1 = dL/dz3 x w5 and dL/dh2 = dL/dz3 x w6 are the chain rule's intermediate products, which
    `backward` folds into dL/dz1 = dL/dz3 x w5 x relu'(z1) (the test checks they agree exactly).
    """
    check_params(params)
    output, lr = validate(output=output, lr=lr)
    forward(params, x1, x2, output)                    # the sample's own checks: one number each, finite
    sample_gradients(params, x1, x2, y, output)        # and its gradients within 1e100 (else: it has diverged)
    x1, x2, y = (check(name, value, RULES["value"]) for name, value in (("x1", x1), ("x2", x2), ("y", y)))
    p = params
    f = network(*p.values, x1, x2, output)
    loss, *g = backward(p.w5, p.w6, x1, x2, f, y, output)
    grads = Params(*g)
    d_out = backward(p.w5, p.w6, x1, x2, f, y, "linear")[9]   # dL/db3 with out = z3 + ...: dL/dout
    d_z3, d_z1, d_z2 = grads.b3, grads.b1, grads.b2           # a bias's gradient is its node's dL/dz
    d_h1, d_h2 = d_z3 * p.w5, d_z3 * p.w6                     # left x right: through w5, w6
    node_grads = {"out": d_out, "z3": d_z3, "h1": d_h1, "z1": d_z1, "h2": d_h2, "z2": d_z2}
    local = {"x1": x1, "x2": x2, "h1": f.h1, "h2": f.h2, "1": 1.0}
    left_right = {name: (node_grads[NODE_OF[name]], local[LOCAL[name]]) for name in NAMES}
    new = step(p, grads, lr)
    stages = _stages(p, x1, x2, y, lr, output, f, loss, node_grads, grads, left_right, new)
    return Walkthrough(p, x1, x2, y, lr, output, f, loss, node_grads, grads, left_right, new, stages)


def _stages(p, x1, x2, y, lr, output, f, loss, node, grads, left_right, new) -> tuple[Stage, ...]:
    n, m = _n, _f
    relu_line = lambda k, z, h: f"h{k} = relu(z{k}) = {n(h)}" + ("" if z > 0 else f"  (z{k} <= 0: h{k} is off)")
    out_line = (f"out = relu(z3) = {n(f.out)}" if output == "relu" else f"out = z3 = {n(f.out)} (linear output)")

    def gradient_lines(names):
        lines = []
        for name in names:
            left, right = left_right[name]
            where = NODE_OF[name]
            lines.append(f"dL/d{name} = dL/d{where} × {LOCAL[name]} = {m(left)} × {m(right)} = {n(getattr(grads, name))}")
        return lines

    def relu_gate(k):
        z = getattr(f, f"z{k}")
        return (f"dL/dz{k} = dL/dh{k} × relu'(z{k}) = {m(node[f'h{k}'])} × {n(relu_prime(z))} = {n(node[f'z{k}'])}"
                + ("" if z > 0 else f"  (h{k} is off: nothing flows back)"))

    z3_line = (f"dL/dz3 = dL/dout × relu'(z3) = {m(node['out'])} × {n(relu_prime(f.z3))} = {n(node['z3'])}"
               if output == "relu" else f"dL/dz3 = dL/dout × 1 = {n(node['z3'])} (linear output)")
    updates = tuple(f"{name}: {n(getattr(p, name))} - {n(lr)} × {m(getattr(grads, name))} = {n(getattr(new, name))}"
                    for name in NAMES)
    return (
        Stage("inputs", "the sample", ("x1", "x2", "y"), (f"x1 = {n(x1)}, x2 = {n(x2)}, target y = {n(y)}",)),
        Stage("forward", "forward: h1", ("z1", "h1"),
              (f"z1 = x1·w1 + x2·w3 + b1 = {m(x1)}·{m(p.w1)} + {m(x2)}·{m(p.w3)} + {m(p.b1)} = {n(f.z1)}",
               relu_line(1, f.z1, f.h1))),
        Stage("forward", "forward: h2", ("z2", "h2"),
              (f"z2 = x1·w2 + x2·w4 + b2 = {m(x1)}·{m(p.w2)} + {m(x2)}·{m(p.w4)} + {m(p.b2)} = {n(f.z2)}",
               relu_line(2, f.z2, f.h2))),
        Stage("forward", "forward: out", ("z3", "out"),
              (f"z3 = h1·w5 + h2·w6 + b3 = {m(f.h1)}·{m(p.w5)} + {m(f.h2)}·{m(p.w6)} + {m(p.b3)} = {n(f.z3)}",
               out_line)),
        Stage("loss", "the loss", ("loss",), (f"L = (out - y)² = ({n(f.out)} - {m(y)})² = {n(loss)}",)),
        Stage("backward", "backward: out", ("dL/dout",),
              (f"dL/dout = 2 (out - y) = 2 × ({n(f.out)} - {m(y)}) = {n(node['out'])}",)),
        Stage("backward", "backward: z3, then w5, w6, b3", ("dL/dz3", "dL/dw5", "dL/dw6", "dL/db3"),
              (z3_line, *gradient_lines(("w5", "w6", "b3")))),
        Stage("backward", "backward: h1", ("dL/dh1",),
              (f"dL/dh1 = dL/dz3 × w5 = {m(node['z3'])} × {m(p.w5)} = {n(node['h1'])}",)),
        Stage("backward", "backward: z1, then w1, w3, b1", ("dL/dz1", "dL/dw1", "dL/dw3", "dL/db1"),
              (relu_gate(1), *gradient_lines(("w1", "w3", "b1")))),
        Stage("backward", "backward: h2", ("dL/dh2",),
              (f"dL/dh2 = dL/dz3 × w6 = {m(node['z3'])} × {m(p.w6)} = {n(node['h2'])}",)),
        Stage("backward", "backward: z2, then w2, w4, b2", ("dL/dz2", "dL/dw2", "dL/dw4", "dL/db2"),
              (relu_gate(2), *gradient_lines(("w2", "w4", "b2")))),
        Stage("update", f"update: every parameter moves by -lr × its gradient (lr = {n(lr)})",
              tuple(f"new {name}" for name in NAMES), updates),
    )


STAGES = 12
"""Stages of every walk-through (0: the inputs ... 11: the update)."""

__all__ = ["PHASES", "LOCAL", "NODE_OF", "STAGES", "Stage", "Walkthrough", "walk_through"]
