"""The network diagram shows forward()'s numbers and updates in place."""
import matplotlib
import numpy as np
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from nnmath.ui.diagram import NEGATIVE, POSITIVE, NetworkDiagram, edge_width
from nnmath.core.init import LECTURE_START

matplotlib.use("agg")


def make():
    ax = Figure().subplots()
    return ax, NetworkDiagram(ax)


def test_lecture_start_shows_its_node_values_and_weights():
    ax, d = make()
    d.update(LECTURE_START, 1.0, 0.0)
    assert d.node_texts["h1"].get_text().startswith("h1 = 1.5")
    assert d.node_texts["h2"].get_text().startswith("h2 = 0.5")
    assert d.node_texts["out"].get_text().startswith("out = 2.5")
    assert d.edge_labels["w4"].get_text() == "w4 = -0.5"
    assert to_hex(d.edges["w4"].get_color()) == NEGATIVE and to_hex(d.edges["w1"].get_color()) == POSITIVE
    assert d.edges["w1"].get_linewidth() > d.edges["w4"].get_linewidth()  # |1| > |-0.5|


def test_update_reuses_artists_and_marks_a_dead_node():
    ax, d = make()
    d.update(LECTURE_START, 1.0, 0.0)
    count = len(ax.get_children())
    dead = LECTURE_START.replace(b2=-5.0)      # z2 = 0.5 - 5 < 0
    d.update(dead, 1.0, 0.0)
    assert len(ax.get_children()) == count
    assert d.is_drawn_off("h2") and not d.is_drawn_off("h1")
    assert d.node_texts["h2"].get_text().startswith("h2 = 0\n")


def test_edge_width_grows_then_clips():
    assert edge_width(0) < edge_width(1) < edge_width(3) == edge_width(1e6)
