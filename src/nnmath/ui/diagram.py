"""A drawing of the lecture network whose edges and nodes show the current numbers (01_forward_pass).

Edges: blue for a positive weight, red for a negative one, grey for zero; thicker
for a larger |weight|. Nodes: their value; a hidden node that is off (z <= 0, so
h = 0 and relu' = 0) is drawn hollow and dashed. Made once, updated in place.
"""
from __future__ import annotations

import math

import numpy as np
from matplotlib.patches import Circle

from ..core.checks import ANY_NUMBER, RULES, check, validate
from ..core.params import Params, check_params
from ..core.reference import forward
from .plots import check_axes

POSITIONS = {"x1": (0.0, 1.3), "x2": (0.0, 0.0), "h1": (1.5, 1.3), "h2": (1.5, 0.0), "out": (3.0, 0.65)}
EDGES = {"w1": ("x1", "h1"), "w2": ("x1", "h2"), "w3": ("x2", "h1"), "w4": ("x2", "h2"),
         "w5": ("h1", "out"), "w6": ("h2", "out")}
# The crossing edges w2 and w3 are labelled near their start, so the labels do not meet in the middle.
LABEL_AT = {"w1": 0.5, "w2": 0.3, "w3": 0.3, "w4": 0.5, "w5": 0.5, "w6": 0.5}
POSITIVE, NEGATIVE, ZERO = "#2c7fb8", "#d7301f", "#aaaaaa"
RADIUS = 0.3


def edge_color(weight: float) -> str:
    """Blue for a positive weight, red for a negative one, grey for zero (or NaN)."""
    weight = ANY_NUMBER("weight", weight)
    return POSITIVE if weight > 0 else NEGATIVE if weight < 0 else ZERO


def edge_width(weight: float) -> float:
    """0.5 to 8 points, growing with |weight| and clipped so huge weights stay drawable (NaN: the thinnest)."""
    weight = ANY_NUMBER("weight", weight)
    return float(0.5 + 7.5 * min(abs(weight), 3.0) / 3.0) if not math.isnan(weight) else 0.5


def _short(value: float) -> str:
    return f"{value:.3g}"


class NetworkDiagram:
    """The 2-2-1 network on an Axes; `update` changes colours, widths and texts, never adds artists."""

    def __init__(self, ax):
        self.ax = ax
        self.edges, self.edge_labels, self.nodes, self.node_texts = {}, {}, {}, {}
        for name, (a, b) in EDGES.items():
            (xa, ya), (xb, yb) = POSITIONS[a], POSITIONS[b]
            self.edges[name] = ax.plot([xa, xb], [ya, yb], color=ZERO, lw=1, zorder=1, solid_capstyle="round")[0]
            t = LABEL_AT[name]
            self.edge_labels[name] = ax.text(xa + t * (xb - xa), ya + t * (yb - ya) + 0.06, "", ha="center",
                                             va="bottom", fontsize=9, zorder=3,
                                             bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8))
        for name, (x, y) in POSITIONS.items():
            circle = Circle((x, y), RADIUS, fc="#f7f7f7", ec="black", lw=1.2, zorder=2)
            ax.add_patch(circle)
            self.nodes[name] = circle
            self.node_texts[name] = ax.text(x, y, "", ha="center", va="center", fontsize=8, zorder=4)
        ax.set_xlim(-0.4, 3.4)
        ax.set_ylim(-0.4, 1.75)
        ax.set_aspect("equal")
        ax.axis("off")

    def update(self, params: Params, x1: float, x2: float, output: str = "linear"):
        check_params(params)
        f = forward(params, float(x1), float(x2), output)
        for name, line in self.edges.items():
            weight = getattr(params, name)
            line.set_color(edge_color(weight))
            line.set_linewidth(edge_width(weight))
            self.edge_labels[name].set_text(f"{name} = {_short(weight)}")
        self.node_texts["x1"].set_text(f"x1\n{_short(x1)}")
        self.node_texts["x2"].set_text(f"x2\n{_short(x2)}")
        for k, (z, h) in ((1, (f.z1, f.h1)), (2, (f.z2, f.h2))):
            bias = getattr(params, f"b{k}")
            self.node_texts[f"h{k}"].set_text(f"h{k} = {_short(h)}\nz{k} = {_short(z)}\nb{k} = {_short(bias)}")
            self._set_on(self.nodes[f"h{k}"], z > 0)
        self.node_texts["out"].set_text(f"out = {_short(f.out)}\nb3 = {_short(params.b3)}")
        self._set_on(self.nodes["out"], output == "linear" or f.z3 > 0)
        return f

    @staticmethod
    def _set_on(circle, on: bool):
        circle.set_facecolor("#fff2cc" if on else "white")
        circle.set_edgecolor("black" if on else ZERO)
        circle.set_linestyle("-" if on else "--")

    def is_drawn_off(self, node: str) -> bool:
        return self.nodes[node].get_linestyle() == "--"


def draw_network(params: Params, x1: float, x2: float, ax=None, output: str = "linear"):
    """A static diagram of the network at these values (returns the NetworkDiagram); ax None: a new figure."""
    check_params(params)
    x1, x2 = (check(name, value, RULES["value"]) for name, value in (("x1", x1), ("x2", x2)))
    output = validate(output=output)
    ax = check_axes(ax, none_ok=True)
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(6, 3.6))
    diagram = NetworkDiagram(ax)
    diagram.update(params, x1, x2, output)
    return diagram
