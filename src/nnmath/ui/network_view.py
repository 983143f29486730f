"""The lecture network drawn live with bqplot: nodes with their numbers, edges coloured and sized by weight (01, 03, 10).

The same picture as the static `diagram.NetworkDiagram` (matplotlib, for notebook figures): edges
blue for a positive weight, red for a negative one, grey for zero, thicker for a larger |weight|;
a hidden node that is off (z <= 0, so h = 0 and relu' = 0) is drawn hollow and dashed. Each node
and each edge carries a few lines of text; the backward-pass diagram adds gradients there, and
highlights what the current step computes.

Made once, updated in place: every circle, edge and row of text is one bqplot mark whose data
or style a move changes (a circle is a filled 48-point `Lines`; a row of text is one `Label` with
an entry per node or edge, placed in data units so each node's rows stay centred).
"""
from __future__ import annotations

import bqplot as bq
import numpy as np

from .bq import figure, set_if_changed
from .diagram import EDGES, LABEL_AT, POSITIONS, ZERO, edge_color, edge_width

NODES = tuple(POSITIONS)
EDGE_TEXT = {"w1": ("middle", "above"), "w4": ("middle", "above"), "w2": ("start", "above"), "w5": ("start", "above"),
             "w3": ("start", "below"), "w6": ("start", "below")}
"""Where each edge's text goes: centred over the horizontal edges; beside the sloping ones, starting at
their label point, on the side where the line falls away from the text (above a falling edge, below a rising one)."""
ON_FILL, OFF_FILL, HIGHLIGHT = "#fff2cc", "#ffffff", "#e67e22"
TEXT, GRADIENT_TEXT = "#222222", "#7d3c98"


def _circle(x, y, radius, points=48):
    angles = np.linspace(0.0, 2.0 * np.pi, points)
    return x + radius * np.cos(angles), y + radius * np.sin(angles)


class NetworkView:
    """The 2-2-1 network as a bqplot Figure; `set_nodes` and `set_edges` change texts, colours and styles only.

    node_rows / edge_rows: how many lines of text each node / edge can show.
    """

    def __init__(self, width=640, height=360, node_rows=3, edge_rows=1, radius=0.3, font=11,
                 x_range=(-0.45, 3.45), stretch=1.0):
        """stretch: the vertical distance between the rows of nodes, times the lecture diagram's (room for text)."""
        self.radius, self.font = radius, font
        self.positions = {name: (x, y * stretch) for name, (x, y) in POSITIONS.items()}
        units_per_px = (x_range[1] - x_range[0]) / width   # equal units on both axes: a circle stays round
        middle = 0.65 * stretch
        y_range = (middle - units_per_px * height / 2, middle + units_per_px * height / 2)
        self.x = bq.LinearScale(min=x_range[0], max=x_range[1], allow_padding=False)
        self.y = bq.LinearScale(min=y_range[0], max=y_range[1], allow_padding=False)
        scales = {"x": self.x, "y": self.y}
        self.units_per_px = (x_range[1] - x_range[0]) / width
        self.edges = {}
        for name, (a, b) in EDGES.items():
            (xa, ya), (xb, yb) = self.positions[a], self.positions[b]
            self.edges[name] = bq.Lines(x=[xa, xb], y=[ya, yb], scales=scales, colors=[ZERO], stroke_width=1.0,
                                        enable_hover=False)
        self.nodes = {}
        for name, (x, y) in self.positions.items():
            cx, cy = _circle(x, y, radius)
            self.nodes[name] = bq.Lines(x=cx, y=cy, scales=scales, colors=["black"], fill="inside",
                                        fill_colors=[ON_FILL], stroke_width=1.2, enable_hover=False)
        # one Label per node and per edge, one entry per row of text
        self.node_labels = {n: bq.Label(x=[self.positions[n][0]] * node_rows, y=[self.positions[n][1]] * node_rows,
                                        scales=scales, text=[""] * node_rows, colors=[TEXT], align="middle",
                                        default_size=font, font_weight="normal", enable_hover=False)
                            for n in NODES}
        self.edge_anchor = {}
        for name, (a, b) in EDGES.items():
            (xa, ya), (xb, yb) = self.positions[a], self.positions[b]
            t = LABEL_AT[name]
            self.edge_anchor[name] = (xa + t * (xb - xa), ya + t * (yb - ya))
        self.edge_labels = {e: bq.Label(x=[self.edge_anchor[e][0]] * edge_rows, y=[self.edge_anchor[e][1]] * edge_rows,
                                        scales=scales, text=[""] * edge_rows, colors=[TEXT],
                                        align=EDGE_TEXT[e][0], x_offset=0 if EDGE_TEXT[e][0] == "middle" else 7,
                                        default_size=font - 1, font_weight="normal", enable_hover=False)
                            for e in EDGES}
        self.node_rows, self.edge_rows = node_rows, edge_rows
        self.figure = figure([*self.edges.values(), *self.nodes.values(), *self.edge_labels.values(),
                              *self.node_labels.values()], [],
                             "", width, height, margin={"top": 0, "bottom": 0, "left": 0, "right": 0})

    # -- nodes
    def set_nodes(self, texts: dict, on: dict | None = None, highlight=(), colors: dict | None = None):
        """texts: node -> list of lines (at most node_rows); on: node -> bool (False: hollow, dashed);
        highlight: nodes outlined in orange; colors: (node, row) -> text colour."""
        on = on or {}
        line = self.font * 1.25 * self.units_per_px
        for n, mark in self.node_labels.items():
            if n not in texts:
                continue
            lines = list(texts[n])[: self.node_rows]
            words = lines + [""] * (self.node_rows - len(lines))
            # rows centred on the node (a bqplot Label is centred on its y)
            ys = [self.positions[n][1] + ((len(lines) - 1) / 2 - r) * line for r in range(self.node_rows)]
            tints = [(colors or {}).get((n, r), TEXT) for r in range(self.node_rows)]
            set_if_changed(mark, text=np.array(words), y=np.array(ys), colors=tints)
        for n, circle in self.nodes.items():
            state = on.get(n, True)
            outline = HIGHLIGHT if n in highlight else ("black" if state else ZERO)
            set_if_changed(circle, colors=[outline], fill_colors=[ON_FILL if state else OFF_FILL],
                           line_style="solid" if state else "dashed", stroke_width=3.0 if n in highlight else 1.2)

    # -- edges
    def set_edges(self, weights: dict, texts: dict | None = None, highlight=(), colors: dict | None = None):
        """weights: name -> value (colour and width); texts: name -> lines of text above the edge;
        highlight: edges drawn in orange beneath their colour; colors: (edge, row) -> text colour."""
        for name, mark in self.edges.items():
            weight = weights[name]
            set_if_changed(mark, colors=[HIGHLIGHT if name in highlight else edge_color(weight)],
                           stroke_width=round(edge_width(weight) * 4 / 3, 2))  # points -> px
        if texts is None:
            return
        line = (self.font - 1) * 1.25 * self.units_per_px
        for e, mark in self.edge_labels.items():
            gap = (4 if EDGE_TEXT[e][0] == "middle" else 10) * self.units_per_px   # a sloping edge needs more room
            if e not in texts:
                continue
            lines = list(texts[e])[: self.edge_rows]
            words = lines + [""] * (self.edge_rows - len(lines))
            base = self.edge_anchor[e][1]
            if EDGE_TEXT[e][1] == "above":   # the last row just above the line, earlier rows above it
                ys = [base + gap + (len(lines) - 0.5 - r) * line for r in range(self.edge_rows)]
            else:                            # the first row just below the line
                ys = [base - gap - (r + 0.5) * line for r in range(self.edge_rows)]
            tints = [(colors or {}).get((e, r), TEXT) for r in range(self.edge_rows)]
            set_if_changed(mark, text=np.array(words), y=np.array(ys), colors=tints)

    # -- what tests read back
    def node_text(self, node: str) -> str:
        """The node's lines as drawn, joined by newlines (empty rows left out)."""
        return "\n".join(str(t) for t in self.node_labels[node].text if str(t))

    def edge_text(self, edge: str) -> str:
        return "\n".join(str(t) for t in self.edge_labels[edge].text if str(t))

    def texts(self) -> list[str]:
        """Every text on the diagram."""
        return [str(t) for mark in (*self.node_labels.values(), *self.edge_labels.values()) for t in mark.text if str(t)]

    def edge_color(self, edge: str) -> str:
        return self.edges[edge].colors[0]

    def edge_width(self, edge: str) -> float:
        return self.edges[edge].stroke_width

    def is_drawn_off(self, node: str) -> bool:
        return self.nodes[node].line_style == "dashed"


__all__ = ["NetworkView", "NODES"]
