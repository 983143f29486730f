"""The static picture of a live panel: bqplot figures drawn by matplotlib where the browser would draw them."""
import io

import bqplot as bq
import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnmath.ui.static import d3_format, png, to_matplotlib

NO_MARGIN = {"top": 0, "bottom": 0, "left": 0, "right": 0}


def bq_figure(marks, axes=(), width=200, height=100, margin=NO_MARGIN, title=""):
    return bq.Figure(marks=marks, axes=list(axes), fig_margin=margin, title=title,
                     layout=widgets.Layout(width=f"{width}px", height=f"{height}px"))


def pixels(widget) -> np.ndarray:
    return plt.imread(io.BytesIO(png(widget)), format="png")[..., :3]


def is_colour(pixel, hex_colour, tolerance=0.08):
    target = np.array([int(hex_colour[k:k + 2], 16) / 255 for k in (1, 3, 5)])
    return np.abs(pixel - target).max() < tolerance


def test_a_line_is_drawn_where_its_scales_put_it():
    scales = {"x": bq.LinearScale(min=0.0, max=2.0), "y": bq.LinearScale(min=0.0, max=1.0)}
    line = bq.Lines(x=[0.0, 2.0], y=[0.5, 0.5], scales=scales, colors=["#ff0000"], stroke_width=4)
    image = pixels(bq_figure([line]))
    assert image.shape[:2] == (100, 200)
    assert is_colour(image[50, 100], "#ff0000") and is_colour(image[10, 100], "#ffffff")


def test_a_log_scale_puts_10_halfway_between_1_and_100_and_other_scales_share_the_picture():
    log = bq.LogScale(min=1.0, max=100.0)
    fraction = bq.LinearScale(min=0.0, max=1.0)
    at_ten = bq.Lines(x=[0.0, 1.0], y=[10.0, 10.0], scales={"x": fraction, "y": log}, colors=["#0000ff"],
                      stroke_width=4)
    right = bq.Lines(x=[0.9, 0.9], y=[0.0, 1.0], scales={"x": fraction, "y": bq.LinearScale(min=0.0, max=1.0)},
                     colors=["#00ff00"], stroke_width=4)
    image = pixels(bq_figure([at_ten, right]))
    assert is_colour(image[50, 40], "#0000ff") and not is_colour(image[25, 40], "#0000ff")
    assert is_colour(image[20, 180], "#00ff00")


def test_grid_heat_map_cells_take_the_colour_scale_and_their_numbers():
    colors = bq.ColorScale(colors=["#ff0000", "#0000ff"], min=0.0, max=1.0)
    heat = bq.GridHeatMap(color=np.array([[0.0, 1.0], [1.0, 0.0]]), scales={"color": colors,
                          "row": bq.OrdinalScale(reverse=True), "column": bq.OrdinalScale()},
                          display_format=".2f")
    fig = to_matplotlib(bq_figure([heat], width=100, height=100))
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["0.00", "0.00", "1.00", "1.00"]
    image = pixels(bq_figure([heat], width=100, height=100))
    assert is_colour(image[20, 20], "#ff0000") and is_colour(image[20, 80], "#0000ff")   # row 0 on top
    assert is_colour(image[80, 20], "#0000ff")


def test_bars_on_a_log_scale_start_at_their_base():
    y = bq.LogScale(min=1e-4, max=1.0)
    bars = bq.Bars(x=["a", "b"], y=[1e-2, 1e-4], base=1e-4, scales={"x": bq.OrdinalScale(), "y": y},
                   colors=["#ff0000", "#0000ff"], color_mode="element", padding=0.2)
    image = pixels(bq_figure([bars], width=100, height=100))
    assert is_colour(image[70, 25], "#ff0000") and is_colour(image[30, 25], "#ffffff")   # up to 1e-2: halfway
    assert is_colour(image[70, 75], "#ffffff")                                          # at the base: no bar


def test_labels_axes_title_and_boxes():
    scales = {"x": bq.LinearScale(min=0.0, max=10.0), "y": bq.LinearScale(min=0.0, max=1.0)}
    label = bq.Label(x=[5.0], y=[0.5], text=["hello"], scales=scales, colors=["#123456"])
    axes = [bq.Axis(scale=scales["x"], label="epoch", tick_values=np.array([0.0, 5.0, 10.0])),
            bq.Axis(scale=scales["y"], side="left", label="loss", tick_format=".1f")]
    first = bq_figure([label], axes, margin={"top": 30, "bottom": 40, "left": 50, "right": 10}, title="Loss")
    second = bq_figure([bq.Lines(x=[0.0, 1.0], y=[0.0, 1.0], scales=scales)], width=150)
    fig = to_matplotlib(widgets.HBox([first, widgets.VBox([second, widgets.HTML("text")])]))
    assert fig.get_size_inches() * fig.dpi == pytest.approx([350, 100])
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts] == ["hello"] and ax.texts[0].get_color() == "#123456"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0", "5", "10"]
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "loss"
    assert "Loss" in [t.get_text() for t in fig.texts]
    assert to_matplotlib(widgets.HTML("no figure")) is None


@pytest.mark.parametrize("fmt, value, text", [("~g", 0.5, "0.5"), ("~g", 2.0, "2"), ("~g", 1e256, "1e+256"),
                                              (".2f", 0.456, "0.46"), ("d", 12.0, "12"), (None, 3.25, "3.25"),
                                              ("~g", -2.0, "−2")])
def test_tick_formats(fmt, value, text):
    assert d3_format(fmt, value) == text
