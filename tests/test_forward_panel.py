"""The forward-pass panel of 01_forward_pass: eleven sliders, every node recomputed, the diagram redrawn in place.

Expected numbers are worked out by hand from the lecture's equations in each test,
not read back from nnmath.
"""
from nnmath.ui.bq import descendants
from nnmath.ui.diagram import NEGATIVE, POSITIVE
from nnmath.core.init import LECTURE_START
from nnmath.ui.training_panels import forward_panel


def texts(panel):
    """Every text on the diagram, e.g. 'w1 = 1' or 'h1 = 1.5'."""
    return panel.view.texts()


def node_text(panel, node):
    """A node's lines as drawn, joined by newlines: 'h1 = 1.5\\nz1 = 1.5\\nb1 = 0.5'."""
    return panel.view.node_text(node)


def test_eleven_sliders_nine_parameters_and_two_inputs_at_the_lecture_start():
    panel = forward_panel(LECTURE_START, x1=1.0, x2=0.0, y=2.0)
    assert list(panel.controls) == ["w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3", "x1", "x2"]
    assert panel.values() == {"w1": 1.0, "w2": 0.5, "w3": 1.0, "w4": -0.5, "w5": 1.0, "w6": 1.0,
                              "b1": 0.5, "b2": 0.0, "b3": 0.5, "x1": 1.0, "x2": 0.0}


def test_built_panel_shows_the_lectures_worked_example():
    # z1 = 1*1 + 0*1 + 0.5 = 1.5, z2 = 1*0.5 + 0*(-0.5) + 0 = 0.5, out = 1.5*1 + 0.5*1 + 0.5 = 2.5
    panel = forward_panel(LECTURE_START, x1=1.0, x2=0.0, y=2.0)
    assert panel.error.value == ""
    assert "prediction <b>2.5</b>" in panel.status.value
    assert "<b>0.25</b>" in panel.status.value            # (2.5 - 2)**2
    assert node_text(panel, "h1").startswith("h1 = 1.5\nz1 = 1.5")
    assert node_text(panel, "h2").startswith("h2 = 0.5\nz2 = 0.5")
    assert node_text(panel, "out").startswith("out = 2.5")


def test_moving_sliders_recomputes_every_node():
    panel = forward_panel(LECTURE_START, x1=1.0, x2=0.0, y=2.0)
    panel.controls["x2"].value = 1.0    # no event loop in a test: the panel refreshes at once
    panel.controls["w3"].value = 2.0
    # z1 = 1*1 + 1*2 + 0.5 = 3.5; z2 = 1*0.5 + 1*(-0.5) + 0 = 0 -> h2 = 0; out = 3.5*1 + 0*1 + 0.5 = 4
    assert node_text(panel, "h1").startswith("h1 = 3.5\nz1 = 3.5")
    assert node_text(panel, "h2").startswith("h2 = 0\nz2 = 0")
    assert node_text(panel, "out").startswith("out = 4")
    assert "prediction <b>4</b>" in panel.status.value and "<b>4</b>, target 2" in panel.status.value
    assert "= <b>4</b>" in panel.status.value             # loss (4 - 2)**2 = 4


def test_a_hidden_node_switched_off_makes_its_outgoing_weight_irrelevant():
    panel = forward_panel(LECTURE_START, x1=1.0, x2=0.0, y=2.0)
    panel.set(b2=-1.0)                  # z2 = 0.5 - 1 = -0.5 <= 0: h2 off, out = 1.5 + 0 + 0.5 = 2
    assert "prediction <b>2</b>" in panel.status.value
    assert panel.view.is_drawn_off("h2") and not panel.view.is_drawn_off("h1")
    before = panel.status.value
    panel.set(w6=-4.0)
    assert panel.status.value == before


def test_the_diagram_is_updated_in_place_and_edges_follow_the_weights():
    panel = forward_panel(LECTURE_START, x1=1.0, x2=0.0, y=2.0)
    view = panel.view
    parts = [id(w) for w in descendants(panel.figure)]
    assert view.edge_color("w4") == NEGATIVE
    panel.set(w4=2.0, w1=-0.25)
    assert [id(w) for w in descendants(panel.figure)] == parts     # the same marks, new data
    assert view.edge_color("w4") == POSITIVE
    assert view.edge_color("w1") == NEGATIVE
    assert view.edge_width("w4") > view.edge_width("w1")          # |2| > |-0.25|
    assert "w4 = 2" in texts(panel) and "w1 = -0.25" in texts(panel)
