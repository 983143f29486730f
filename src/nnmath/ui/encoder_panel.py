"""The 8-3-8 encoder's live panel and the figures and numbers 09_encoder shows beside it.

The panel trains with `nnmath.fast.encoder.train_mlp` (compiled, a few milliseconds per run).

* `HeatMap` / `heat_map`: a matrix as coloured cells with its numbers written in, for static
  figures (matplotlib; the weight matrices).
* `encoder_panel`: learning rate, weight decay, loss, iterations and seed; the loss curve with
  "converged at iteration N" / "diverged at iteration N", the hidden activations as a heat map
  (bqplot `GridHeatMap` with the numbers written in) and the code each input gets at the threshold 0.5.

Built on `nnmath.ui.panel.LivePanel`: the bqplot figure is made once and its marks are moved in place.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

import bqplot as bq
import ipywidgets as widgets
import numpy as np

from ..core import mlp
from ..fast.encoder import train_mlp
from .bq import LossView, figure, fraction_scales, row, set_if_changed
from ..core.checks import (CAPTION, MAX_MAGNITUDE, Control, Flag, OrNone, Real, Text, Whole, check, real_array,
                           refuse, shown, validate)
from ..core.checks import labels as check_labels
from .panel import FLAG_RULE, STYLE, LivePanel, check_values, choice_rule, log_slider_rule, slider_rule
from .plots import check_axes, format_number
from .style import CONVERGED_COLOR, DIVERGED_COLOR

SIZES = (8, 3, 8)
"""The encoder: eight one-hot inputs, three hidden nodes, eight outputs."""


# ----------------------------------------------------------------------------------
# Figures
# ----------------------------------------------------------------------------------

class HeatMap:
    """A matrix as coloured cells with each value written in it, updated in place (09_encoder).

    `update(values)` moves the image (`set_data`) and rewrites the numbers (`set_text`);
    nothing is created again. symmetric=True centres the colours on 0 (weights: blue
    negative, red positive, limits +-max|value| unless vmax is given); otherwise the colours
    run from vmin to vmax (default 0 to 1: hidden activations, 0 blue, 0.5 white, 1 red).
    Row and column labels are plain texts, not axis ticks: ticks are re-laid-out on every
    draw, which would cost a live panel a fifth of its redraw.
    `row_notes=True` adds a text right of each row (`set_row_notes`), e.g. the input's code.
    """

    def __init__(self, ax, shape, row_labels=None, col_labels=None, vmin=0.0, vmax=None, symmetric=False,
                 cmap="coolwarm", fmt="{:.2f}", title="", fontsize=8, row_notes=False, notes_title=""):
        ax = check_axes(ax)
        rows, cols = _shape("shape", shape)
        row_labels = None if row_labels is None else check_labels("row_labels", row_labels, count=rows)
        col_labels = None if col_labels is None else check_labels("col_labels", col_labels, count=cols)
        vmin, vmax = check("vmin", vmin, BOUND), OrNone(BOUND, "the largest |value|, or 1")("vmax", vmax)
        if vmax is not None and not vmax > (0.0 if symmetric is True else vmin):
            raise ValueError(f"vmax must be above {'0' if symmetric is True else 'vmin'}, got vmin {vmin:g} and vmax "
                             f"{vmax:g}")
        symmetric, row_notes = Flag()("symmetric", symmetric), Flag()("row_notes", row_notes)
        cmap, fmt = _colormap("cmap", cmap), _format("fmt", fmt)
        title, notes_title = CAPTION("title", title), CAPTION("notes_title", notes_title)
        fontsize = check("fontsize", fontsize, Real(low=1, high=100))
        self.ax, self.fmt, self.symmetric, self.fixed_vmax = ax, fmt, symmetric, vmax
        self.image = ax.imshow(np.zeros(shape), cmap=cmap, vmin=-1.0 if symmetric else vmin,
                               vmax=1.0 if vmax is None else vmax, aspect="auto",
                               interpolation="nearest")
        self.texts = [[ax.text(c, r, "", ha="center", va="center", fontsize=fontsize) for c in range(cols)]
                      for r in range(rows)]
        row_labels = row_labels if row_labels is not None else [str(r + 1) for r in range(rows)]
        col_labels = col_labels if col_labels is not None else [str(c + 1) for c in range(cols)]
        for r, label in enumerate(row_labels):
            ax.text(-0.6, r, label, ha="right", va="center", fontsize=fontsize)
        for c, label in enumerate(col_labels):
            ax.text(c, rows - 0.5 + 0.1, label, ha="center", va="top", fontsize=fontsize)
        x_note = cols - 0.5 + 0.15
        self.notes = [ax.text(x_note, r, "", ha="left", va="center", fontsize=fontsize + 1, family="monospace")
                      for r in range(rows)] if row_notes else []
        if row_notes and notes_title:
            ax.text(x_note, -0.6, notes_title, ha="left", va="bottom", fontsize=fontsize)
        ax.set_axis_off()
        ax.set_title(title, fontsize=fontsize + 2, y=1.0)

    def update(self, values):
        values = real_array("values", values, 2, max_rows=MAX_HEAT_SIDE)
        if values.shape != self.image.get_array().shape:
            raise ValueError(f"this heat map shows shape {self.image.get_array().shape}, got {values.shape}")
        self.image.set_data(values)
        if self.symmetric:
            top = self.fixed_vmax if self.fixed_vmax is not None else float(np.nanmax(np.abs(values), initial=0.0))
            top = top if np.isfinite(top) and top > 0 else 1.0
            self.image.set_clim(-top, top)
        for row, texts in zip(values, self.texts):
            for value, text in zip(row, texts):
                text.set_text(self.fmt.format(value))

    def set_row_notes(self, notes, colors=None):
        notes = check_labels("notes", notes, count=len(self.notes)) if self.notes else ()
        colors = colors or ["black"] * len(notes)
        for text, note, color in zip(self.notes, notes, colors):
            text.set_text(note)
            text.set_color(color)


def heat_map(ax, values, row_labels=None, col_labels=None, **kwargs) -> HeatMap:
    """Draw `values` as an annotated heat map on `ax` (a static figure); see `HeatMap` for the options.

    values: a 2-D array of finite numbers, at most 50 x 50 (each cell gets its number written in)."""
    values = real_array("values", values, 2, max_rows=MAX_HEAT_SIDE)
    _shape("values", values.shape)
    plot = HeatMap(ax, values.shape, row_labels, col_labels, **kwargs)
    plot.update(values)
    return plot


def code_text(bits) -> str:
    """A row of bits as text: [1, 0, 1] -> '101' (bits: 0s and 1s, or True/False, at most 1000)."""
    if isinstance(bits, np.ndarray) and bits.dtype == bool:
        bits = bits.astype(np.int64)
    elif isinstance(bits, (list, tuple)) and all(isinstance(b, (bool, np.bool_)) for b in bits):
        bits = [int(b) for b in bits]
    values = real_array("bits", bits, 1, min_rows=0, max_rows=1000)
    if not np.isin(values, (0.0, 1.0)).all():
        raise ValueError(f"bits must be 0s and 1s, got {shown(values.tolist())}")
    return "".join(str(int(b)) for b in values)


MAX_HEAT_SIDE = 50
"""Rows and columns of a heat map: every cell gets its number written in."""
BOUND = Real(low=-MAX_MAGNITUDE, high=MAX_MAGNITUDE)


def _shape(argument, shape):
    if not isinstance(shape, (tuple, list)) or len(shape) != 2:
        raise refuse(argument, shape, f"a shape (rows, columns), each from 1 to {MAX_HEAT_SIDE}")
    side = Control(Whole(1, MAX_HEAT_SIDE), f"a heat map has 1 to {MAX_HEAT_SIDE} rows and columns")
    return side(argument, shape[0]), side(argument, shape[1])


def _colormap(argument, name):
    import matplotlib

    name = Text("a colormap name")(argument, name)
    if name not in matplotlib.colormaps:
        raise refuse(argument, name, "a matplotlib colormap name such as 'coolwarm' or 'viridis'")
    return name


def _format(argument, fmt):
    fmt = Text("a format such as '{:.2f}'", longest=100)(argument, fmt)
    try:
        text = fmt.format(0.5)
        ok = isinstance(text, str) and len(text) <= 100
    except Exception:  # a field the format cannot fill, a bad spec
        ok = False
    if not ok:
        raise refuse(argument, fmt, "a format for one number, such as '{:.2f}' or '{:.1f}'")
    return fmt


ACTIVATION_COLORS = ["#3b4cc0", "#f2f2f2", "#b40426"]
"""Hidden activations: 0 blue, 0.5 white, 1 red (matplotlib's coolwarm, as the static heat maps)."""


class EncoderView:
    """The encoder panel's figure: the loss after each update (log scale) with a dotted line where the run
    converged and a note, and the hidden activations per input as a heat map with each input's code beside it."""

    def __init__(self):
        self.loss = LossView(title="Loss after each update", xlabel="iteration (updates)", ylabel="loss",
                             unit="iteration", first=0, width=560)
        self.converged = bq.Lines(x=[0.0, 0.0], y=[0.0, 1.0], scales={"x": self.loss.x, "y": self.loss.fy},
                                  colors=[CONVERGED_COLOR], line_style="dotted", stroke_width=1.5, visible=False)
        self.loss.figure.marks = [self.converged, *self.loss.figure.marks]
        rows = [f"input {i + 1}" for i in range(SIZES[0])]
        columns = [f"h{j + 1}" for j in range(SIZES[1])]
        self.rows = bq.OrdinalScale(domain=rows, reverse=True)
        self.columns = bq.OrdinalScale(domain=columns)
        self.colors = bq.ColorScale(colors=ACTIVATION_COLORS, min=0.0, max=1.0, mid=0.5)
        self.heat = bq.GridHeatMap(color=np.zeros((SIZES[0], SIZES[1])), row=rows, column=columns,
                                   scales={"row": self.rows, "column": self.columns, "color": self.colors},
                                   display_format=".2f", font_style={"font-size": "11px", "fill": "black"},
                                   stroke="white", enable_hover=False)
        fx, fy = fraction_scales()
        places = [(SIZES[0] - 0.5 - r) / SIZES[0] for r in range(SIZES[0])]
        self.codes = bq.Label(x=[1.06] * SIZES[0], y=places, scales={"x": fx, "y": fy}, text=[""] * SIZES[0],
                              colors=["black"], align="start", default_size=12, font_weight="normal",
                              y_offset=4, apply_clip=False, enable_hover=False)
        title = bq.Label(x=[1.06], y=[1.0], scales={"x": fx, "y": fy}, text=["code"], colors=["#444444"],
                         align="start", default_size=11, font_weight="normal", y_offset=-6, apply_clip=False,
                         enable_hover=False)
        axes = [bq.Axis(scale=self.rows, side="left", grid_lines="none"),
                bq.Axis(scale=self.columns, grid_lines="none")]
        self.heat_figure = figure([self.heat, self.codes, title], axes, "Hidden activations", width=300,
                                  margin={"top": 32, "bottom": 46, "left": 64, "right": 62})
        self.figure = row(self.loss.figure, self.heat_figure)

    def draw(self, result: "EncoderResult") -> str:
        run = result.run
        self.loss.update(run.losses, run.diverged_at, length=result.iterations)
        set_if_changed(self.loss.y_axis, label="cross-entropy" if run.loss == "cross_entropy" else "mean squared error")
        if run.diverged:
            note, color = f"diverged at iteration {run.diverged_at}", DIVERGED_COLOR
        elif run.converged:
            note, color = f"converged at iteration {run.converged_at}", CONVERGED_COLOR
        else:
            note, color = f"not converged in {run.iterations_run} iterations", "#555555"
        set_if_changed(self.loss.note, text=np.array([note]), colors=[color])
        set_if_changed(self.converged, x=np.array([float(run.converged_at or 0)] * 2), visible=bool(run.converged))
        self.heat.color = np.asarray(result.code.activations, dtype=np.float64)
        shared = set(shared_codes(result.code))
        notes = [code_text(bits) for bits in result.code.bits]
        set_if_changed(self.codes, text=np.array(notes),
                       colors=[DIVERGED_COLOR if note in shared else "black" for note in notes])
        return encoder_status_html(result)


# ----------------------------------------------------------------------------------
# The panel
# ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class EncoderResult:
    run: mlp.MLPRun
    code: mlp.HiddenCode      # of the trained (or last finite) network, threshold 0.5
    iterations: int           # asked for (the run may have stopped earlier by diverging)


def train_for_panel(lr, weight_decay, loss, iterations, seed) -> EncoderResult:
    """What the panel computes: the 8-3-8 encoder from MLP(seed=seed), trained on the 8 one-hot patterns."""
    X = mlp.one_hot(SIZES[0])
    run = train_mlp(mlp.MLP(SIZES, seed=seed), X, X, lr, iterations, loss, weight_decay)
    return EncoderResult(run, mlp.hidden_code(run.net, X), int(iterations))


def shared_codes(code: mlp.HiddenCode) -> dict[str, list[int]]:
    """Codes given to more than one input: code text -> inputs (numbered from 1)."""
    if not isinstance(code, mlp.HiddenCode):
        raise refuse("code", code, "a HiddenCode (what nnmath.mlp.hidden_code returns)")
    groups: dict[str, list[int]] = {}
    for i, bits in enumerate(code.bits):
        groups.setdefault(code_text(bits), []).append(i + 1)
    return {text: inputs for text, inputs in groups.items() if len(inputs) > 1}


def encoder_status_html(result: EncoderResult) -> str:
    """How the run ended, and whether the eight hidden codes are distinct."""
    run = result.run
    name = "cross-entropy" if run.loss == "cross_entropy" else "MSE"
    if run.diverged:
        head = (f'<b style="color:{DIVERGED_COLOR}">diverged at iteration {run.diverged_at}</b> '
                f"(a number overflowed; showing the last finite network)")
    elif run.converged:
        head = (f'<b style="color:{CONVERGED_COLOR}">converged at iteration {run.converged_at}</b> '
                f"(every output within 0.5 of its target); {name} {format_number(run.final_loss)} "
                f"after {run.iterations_run} iterations")
    else:
        head = f"<b>not converged</b> in {run.iterations_run} iterations; {name} {format_number(run.final_loss)}"
    if run.weight_decay:
        head += f" (includes the penalty, λ = {run.weight_decay:.2g})"
    code = result.code
    codes = " ".join(f"{i + 1}:{code_text(bits)}" for i, bits in enumerate(code.bits))
    if code.distinct:
        verdict = f'<b style="color:{CONVERGED_COLOR}">all {len(code.bits)} distinct</b>'
    else:
        shared = "; ".join(f"{text} for inputs {', '.join(map(str, inputs))}"
                           for text, inputs in shared_codes(code).items())
        verdict = (f'<b style="color:{DIVERGED_COLOR}">{len(set(code.codes.tolist()))} distinct of '
                   f"{len(code.bits)}</b> (shared: {html.escape(shared)})")
    return f"<div>{head}<br>hidden codes at 0.5 (input:code): <tt>{codes}</tt>, {verdict}</div>"


def encoder_view():
    """The panel's figure (loss curve, hidden heat map) and the draw function that updates it."""
    view = EncoderView()
    return view.figure, view.draw


LOSS_OPTIONS = (("MSE", "mse"), ("cross-entropy", "cross_entropy"))
ENCODER_PANEL_RULES = {"lr": log_slider_rule(-2, 2), "weight_decay": log_slider_rule(-8, -1, "weight decay λ"),
                       "use_weight_decay": FLAG_RULE, "loss": choice_rule(LOSS_OPTIONS, "loss")}
"""What encoder_panel's controls can show (iterations: 0..max_iterations; seed: any seed), checked first.
A weight decay of 0 is the box switched off (use_weight_decay=False), not a value of the slider."""


def encoder_panel(lr=10.0, weight_decay=1e-5, use_weight_decay=False, loss="mse", iterations=3000, seed=2,
                  max_iterations=5000):
    """Retrain the 8-3-8 encoder on every change (09_encoder).

    Controls, in order: lr (log, 0.01..100), weight decay λ (log, 1e-8..0.1) and a box that
    switches it on (off: λ = 0), loss (MSE or cross-entropy), iterations, seed (any whole
    number >= 0; a bad one is reported in the panel). Left: the loss after each update;
    right: the hidden activations per input, with each input's code at 0.5 (red: shared).
    """
    max_iterations = validate(max_iterations=max_iterations)
    seed = validate(seed=seed)
    lr, weight_decay, use_weight_decay, loss, iterations = check_values(
        {**ENCODER_PANEL_RULES, "iterations": slider_rule(0, max_iterations, "iterations", whole=True)}, lr=lr,
        weight_decay=weight_decay, use_weight_decay=use_weight_decay, loss=loss, iterations=iterations).values()
    controls = {
        "lr": widgets.FloatLogSlider(value=lr, base=10, min=-2, max=2, step=0.1, description="lr",
                                     readout_format=".3g", style=STYLE),
        "weight_decay": widgets.FloatLogSlider(value=weight_decay, base=10, min=-8, max=-1, step=0.25,
                                               description="weight decay λ", readout_format=".2g", style=STYLE,
                                               disabled=not use_weight_decay),
        "use_weight_decay": widgets.Checkbox(value=use_weight_decay, description="use weight decay (off: λ = 0)",
                                             indent=False, style=STYLE),
        "loss": widgets.ToggleButtons(options=list(LOSS_OPTIONS), value=loss,
                                      description="loss", style={"button_width": "115px"}),
        "iterations": widgets.IntSlider(value=iterations, min=0, max=max_iterations, step=100,
                                        description="iterations", style=STYLE),
        "seed": widgets.IntText(value=seed, description="seed", style=STYLE, layout=widgets.Layout(width="160px")),
    }

    def follow(change):  # a greyed-out slider says "not used"
        controls["weight_decay"].disabled = not change["new"]

    controls["use_weight_decay"].observe(follow, names="value")
    view = EncoderView()

    def compute(lr, weight_decay, use_weight_decay, loss, iterations, seed):
        return train_for_panel(lr, weight_decay if use_weight_decay else 0.0, loss, iterations, seed)

    panel = LivePanel(controls, compute, view.draw, view.figure, layout_columns=3)
    panel.view = view
    return panel
