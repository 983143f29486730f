"""The backward pass on the network itself: one sample walked through, step by step (03_backprop, 10_find_the_bug).

The diagram of the forward panel, with more on it: each node shows its value and (tick
"gradients") dL/d(node); each edge its weight and dL/d(weight), written as "left × right"
(tick "left × right": the gradient flowing in from the right times what the weight multiplies).
The "step ▶" button walks the sample through `core.backprop_steps`: the inputs, the forward pass
node by node, the loss, the backward pass node by node, then the update old -> new. What the current
step computes is outlined in orange and written out, with its numbers, below the diagram.

Every number is the reference's: `backprop_steps.walk_through` calls `reference.network`,
`reference.backward` and `reference.step`, so the gradients equal `nnmath.sample_gradients` and the
update equals `nnmath.sgd_step` on that one sample (tests/test_views.py).
"""
from __future__ import annotations

import html

import bqplot as bq
import ipywidgets as widgets
import numpy as np

from ..core import init
from ..core.backprop_steps import STAGES, Walkthrough, walk_through
from ..core.checks import NAMES, check_data, shown
from ..core.params import Params, check_params
from .bq import set_if_changed
from .diagram import EDGES
from .network_view import GRADIENT_TEXT, NetworkView
from .panel import (FLAG_RULE, OUTPUT_RULE, STYLE, LivePanel, check_values, log_slider_rule, lr_slider, output_toggle,
                    slider_rule)

UPDATE_TEXT = "#1e8449"
LECTURE_SAMPLE = ((1.0, 0.0), 2.0)
"""The lecture's worked example: x = (1, 0), y = 2 (prediction 2.5 and loss 0.25 at the lecture start)."""

# What each stage outlines on the diagram: (nodes, edges)
HIGHLIGHTS = (
    ({"x1", "x2"}, set()),
    ({"h1"}, {"w1", "w3"}),
    ({"h2"}, {"w2", "w4"}),
    ({"out"}, {"w5", "w6"}),
    ({"out"}, set()),
    ({"out"}, set()),
    ({"out"}, {"w5", "w6"}),
    ({"h1"}, {"w5"}),
    ({"h1"}, {"w1", "w3"}),
    ({"h2"}, {"w6"}),
    ({"h2"}, {"w2", "w4"}),
    ({"h1", "h2", "out"}, set(EDGES)),
)


def _n(value: float) -> str:
    return f"{value + 0.0:.4g}"


def _f(value: float) -> str:
    text = _n(value)
    return f"({text})" if text.startswith("-") else text


class BackwardView:
    """The diagram with values, gradients and updates, and a line for the loss; `show(walk, stage, ...)` fills it."""

    def __init__(self, width=900, height=500):
        self.diagram = NetworkView(width=width, height=height, node_rows=5, edge_rows=2, radius=0.4, font=12,
                                   x_range=(-0.5, 4.35), stretch=1.25)
        d = self.diagram
        x_out, y_out = d.positions["out"]
        self.loss_text = bq.Label(x=[x_out + 0.48] * 2, y=[y_out + 0.04, y_out - 0.14], scales={"x": d.x, "y": d.y},
                                  text=["", ""], colors=["#222222"], align="start", default_size=13,
                                  font_weight="normal", enable_hover=False)
        d.figure.marks = [*d.figure.marks, self.loss_text]
        self.figure = d.figure
        self.figure.add_class("nnmath-panel-figure")

    def show(self, walk: Walkthrough, stage: int, gradients: bool = True, products: bool = True):
        known = walk.known(stage)
        v = walk.values()
        p, f = walk.params, walk.forward

        def value(name, label=None):
            return f"{label or name} = {_n(v[name])}" if name in known else f"{label or name} = ?"

        def grad(node):
            return f"∂L/∂{node} = {_n(v['dL/d' + node])}" if gradients and f"dL/d{node}" in known else ""

        updated = "new w1" in known
        texts, colors = {}, {}
        texts["x1"] = [value("x1")]
        texts["x2"] = [value("x2")]
        for k in (1, 2):
            node = f"h{k}"
            rows = [value(node), value(f"z{k}"), f"b{k} = {_n(getattr(p, f'b{k}'))}", grad(node), grad(f"z{k}")]
            if updated:
                rows[2] = f"b{k}: {_n(getattr(p, f'b{k}'))} → {_n(v[f'new b{k}'])}"
            texts[node] = [r for r in rows if r]
            colors.update({(node, r): (GRADIENT_TEXT if texts[node][r].startswith("∂") else
                                       UPDATE_TEXT if "→" in texts[node][r] else "#222222")
                           for r in range(len(texts[node]))})
        rows = [value("out"), value("z3"), f"b3 = {_n(p.b3)}", grad("out"), grad("z3")]
        if updated:
            rows[2] = f"b3: {_n(p.b3)} → {_n(v['new b3'])}"
        texts["out"] = [r for r in rows if r]
        colors.update({("out", r): (GRADIENT_TEXT if texts["out"][r].startswith("∂") else
                                    UPDATE_TEXT if "→" in texts["out"][r] else "#222222")
                       for r in range(len(texts["out"]))})
        on = {"h1": "z1" not in known or f.z1 > 0, "h2": "z2" not in known or f.z2 > 0,
              "out": walk.output == "linear" or "z3" not in known or f.z3 > 0}
        nodes, edges = HIGHLIGHTS[stage]
        self.diagram.set_nodes(texts, on, highlight=nodes, colors=colors)

        edge_texts, edge_colors = {}, {}
        for name in EDGES:
            rows = [f"{name}: {_n(getattr(p, name))} → {_n(v['new ' + name])}" if updated
                    else f"{name} = {_n(getattr(p, name))}"]
            if gradients and f"dL/d{name}" in known:
                left, right = walk.left_right[name]
                rows.append(f"∂L/∂{name} = {_f(left)} × {_f(right)} = {_n(v['dL/d' + name])}" if products
                            else f"∂L/∂{name} = {_n(v['dL/d' + name])}")
            edge_texts[name] = rows
            edge_colors.update({(name, r): (GRADIENT_TEXT if text.startswith("∂") else
                                            UPDATE_TEXT if "→" in text else "#222222")
                                for r, text in enumerate(rows)})
        self.diagram.set_edges({name: getattr(p, name) for name in EDGES}, edge_texts, highlight=edges,
                               colors=edge_colors)
        set_if_changed(self.loss_text, text=np.array([f"target y = {_n(walk.y)}", value("loss", "L = (out - y)²")]))

    # what tests and the browser test read back
    def gradient_texts(self) -> list[str]:
        """Every gradient shown on the diagram (texts starting with ∂L/∂)."""
        return [t for t in self.diagram.texts() if t.startswith("∂L/∂")]


def stage_html(walk: Walkthrough, stage: int) -> str:
    """The current step written out: its title and each computation with the numbers in."""
    s = walk.stages[stage]
    lines = "".join(f"<li><tt>{html.escape(line)}</tt></li>" for line in s.lines)
    return (f'<div class="nnmath-step"><b>Step {stage} of {STAGES - 1}: {html.escape(s.title)}</b>'
            f'<ul style="margin:2px 0">{lines}</ul></div>')


def backward_panel(params: Params | None = None, X=None, y=None, lr: float = 0.1, index: int = 0,
                   output: str = "linear", stage: int = 0, gradients: bool = True, products: bool = True):
    """One sample through the network on the diagram: forward, loss, backward, update, a step at a time (03, 10).

    params: the start (default: the lecture's). X, y: a data set to pick the sample from (the
    "sample" slider chooses its row); default: the lecture's sample x = (1, 0), y = 2. lr: the
    rate of the update step. stage: where the walk starts (0: the inputs; 4: the loss; 11: the update).
    gradients / products: show dL/d(node) and dL/d(weight), and each weight's gradient as left × right.
    """
    params = check_params(init.LECTURE_START if params is None else params)
    if X is None and y is None:
        X, y = np.array([LECTURE_SAMPLE[0]]), np.array([LECTURE_SAMPLE[1]])
    elif X is None or y is None:
        raise ValueError(f"give both X and y (a data set to pick samples from) or neither (the lecture's sample): "
                         f"they must come together, got X={shown(X)} and y={shown(y)}")
    X, y = check_data(X, y)
    stage, index, lr, output, gradients, products = check_values(
        {"stage": slider_rule(0, STAGES - 1, "step", whole=True),
         "index": slider_rule(0, len(y) - 1, "sample", whole=True), "lr": log_slider_rule(-4, 0),
         "output": OUTPUT_RULE, "gradients": FLAG_RULE, "products": FLAG_RULE},
        stage=stage, index=index, lr=lr, output=output, gradients=gradients, products=products).values()
    controls = {
        "stage": widgets.IntSlider(value=int(stage), min=0, max=STAGES - 1, step=1, description="step", style=STYLE),
        "index": widgets.IntSlider(value=int(index), min=0, max=len(y) - 1, step=1, description="sample",
                                   style=STYLE, disabled=len(y) == 1),
        "lr": lr_slider(lr, min_exp=-4, max_exp=0),
        "output": output_toggle(output),
        "gradients": widgets.Checkbox(value=gradients, description="show ∂L/∂", indent=False, style=STYLE),
        "products": widgets.Checkbox(value=products, description="show left × right", indent=False, style=STYLE),
    }
    try:  # the first sample must walk through (huge data overflow a gradient): refused before any widget
        walk_through(params, float(X[index, 0]), float(X[index, 1]), float(y[index]), lr, output)
    except ValueError as error:
        raise ValueError(f"X and y: sample {index} cannot be walked through: {error}") from None
    back = widgets.Button(description="◀ back", layout=widgets.Layout(width="90px"))
    forward = widgets.Button(description="step ▶", button_style="info", layout=widgets.Layout(width="90px"))
    forward.add_class("nnmath-step-button")

    def step_by(delta):
        slider = controls["stage"]
        slider.value = (slider.value + delta) % STAGES   # after the update, the next press starts again

    back.on_click(lambda _button: step_by(-1))
    forward.on_click(lambda _button: step_by(+1))
    view = BackwardView()

    def compute(stage, index, lr, output, gradients, products):
        x1, x2 = (float(v) for v in X[index])
        return walk_through(params, x1, x2, float(y[index]), lr, output), stage, gradients, products

    def draw(computed):
        walk, stage, gradients, products = computed
        view.show(walk, stage, gradients, products)
        sample = (f"sample {controls['index'].value}: x = ({_n(walk.x1)}, {_n(walk.x2)}), y = {_n(walk.y)}; "
                  f"prediction {_n(walk.forward.out)}, loss {_n(walk.loss)}")
        return f"<div>{html.escape(sample)}</div>" + stage_html(walk, stage)

    buttons = widgets.HBox([back, forward])
    panel = LivePanel(controls, compute, draw, view.figure, extra=(buttons,), layout_columns=3)
    panel.view = view
    panel.buttons = {"back": back, "step": forward}
    return panel


__all__ = ["backward_panel", "BackwardView", "stage_html", "LECTURE_SAMPLE"]
