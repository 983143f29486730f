"""The 8-3-8 encoder's live panel and the figures and numbers 09_encoder shows beside it.

The panel trains with `nnmath.fast.encoder.train_mlp` (compiled, a few milliseconds per run).

* `HeatMap`: a matrix as coloured cells with its numbers written in, made once and updated in
  place (the hidden activations per input, the weight matrices).
* `encoder_panel`: learning rate, weight decay, loss, iterations and seed; the loss curve with
  "converged at iteration N" / "diverged at iteration N", the hidden activations as a heat map
  and the code each input gets at the threshold 0.5.

Built on `nnmath.panel.LivePanel`: each figure is made once and its artists are moved in place.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

from ..core import mlp
from .panel import STYLE, LivePanel, live_figure
from .plots import DIVERGED_COLOR, LOG_LIMITS, fixed_layout, format_number
from ..fast.encoder import train_mlp

SIZES = (8, 3, 8)
"""The encoder: eight one-hot inputs, three hidden nodes, eight outputs."""

CONVERGED_COLOR = "#1e8449"


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
        self.ax, self.fmt, self.symmetric, self.fixed_vmax = ax, fmt, symmetric, vmax
        rows, cols = shape
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
        values = np.asarray(values, dtype=np.float64)
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
        colors = colors or ["black"] * len(notes)
        for text, note, color in zip(self.notes, notes, colors):
            text.set_text(note)
            text.set_color(color)


def heat_map(ax, values, row_labels=None, col_labels=None, **kwargs) -> HeatMap:
    """Draw `values` as an annotated heat map on `ax` (a static figure); see `HeatMap` for the options."""
    values = np.asarray(values, dtype=np.float64)
    plot = HeatMap(ax, values.shape, row_labels, col_labels, **kwargs)
    plot.update(values)
    return plot


def code_text(bits) -> str:
    """A row of bits as text: [1, 0, 1] -> '101'."""
    return "".join(str(int(b)) for b in bits)


class IterationLossPlot:
    """The loss after each update on a log axis, a dotted line where the run converged, and a note."""

    def __init__(self, ax):
        self.ax = ax
        (self.line,) = ax.plot([], [], lw=1.6, color="#1f77b4")
        self.mark = ax.axvline(0, color=CONVERGED_COLOR, ls=":", lw=1.2)
        self.note = ax.text(0.98, 0.95, "", transform=ax.transAxes, ha="right", va="top", fontsize=10,
                            fontweight="bold")
        ax.set_yscale("log")
        ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:g}"))
        ax.yaxis.set_minor_locator(NullLocator())  # unlabelled minor ticks would cost a sixth of a redraw
        fixed_layout(ax, "Loss after each update", "iteration (updates)", "loss")
        ax.grid(True, which="major", alpha=0.3)

    def update(self, run: mlp.MLPRun, iterations: int):
        losses = np.asarray(run.losses, dtype=np.float64)
        self.line.set_data(np.arange(len(losses)), losses)
        self.ax.yaxis.label.set_text("cross-entropy" if run.loss == "cross_entropy" else "mean squared error")
        if run.diverged:
            self.note.set_text(f"diverged at iteration {run.diverged_at}")
            self.note.set_color(DIVERGED_COLOR)
        elif run.converged:
            self.note.set_text(f"converged at iteration {run.converged_at}")
            self.note.set_color(CONVERGED_COLOR)
        else:
            self.note.set_text(f"not converged in {run.iterations_run} iterations")
            self.note.set_color("#555555")
        self.mark.set_xdata([run.converged_at or 0] * 2)
        self.mark.set_visible(run.converged)
        shown = losses[np.isfinite(losses) & (losses > 0)]
        if shown.size:
            low = max(shown.min(), LOG_LIMITS[0]) / 1.5
            high = min(shown.max(), LOG_LIMITS[1]) * 1.5
            if high < 10 * low:  # at least one decade, so some 1-2-5 tick is labelled
                grow = np.sqrt(10 * low / high)
                low, high = low / grow, high * grow
            self.ax.set_ylim(max(low, LOG_LIMITS[0]), min(high, LOG_LIMITS[1]))
        self.ax.set_xlim(0, max(iterations, 1))


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
    width, height = 9.5, 3.6
    figure, (loss_ax, heat_ax) = live_figure(width, height, ncols=2)
    bottom, top = 0.55 / height, 1 - 0.35 / height
    loss_ax.set_position([0.8 / width, bottom, 4.9 / width, top - bottom])
    heat_ax.set_position([6.55 / width, bottom, 2.05 / width, top - bottom])
    loss_plot = IterationLossPlot(loss_ax)
    heat = HeatMap(heat_ax, (SIZES[0], SIZES[1]), [f"input {i + 1}" for i in range(SIZES[0])],
                   [f"h{j + 1}" for j in range(SIZES[1])], title="Hidden activations", row_notes=True,
                   notes_title="code")

    def draw(result: EncoderResult):
        loss_plot.update(result.run, result.iterations)
        heat.update(result.code.activations)
        shared = {text for text in shared_codes(result.code)}
        notes = [code_text(bits) for bits in result.code.bits]
        heat.set_row_notes(notes, [DIVERGED_COLOR if note in shared else "black" for note in notes])
        return encoder_status_html(result)

    return figure, draw


def encoder_panel(lr=10.0, weight_decay=1e-5, use_weight_decay=False, loss="mse", iterations=3000, seed=2,
                  max_iterations=5000):
    """Retrain the 8-3-8 encoder on every change (09_encoder).

    Controls, in order: lr (log, 0.01..100), weight decay λ (log, 1e-8..0.1) and a box that
    switches it on (off: λ = 0), loss (MSE or cross-entropy), iterations, seed (any whole
    number >= 0; a bad one is reported in the panel). Left: the loss after each update;
    right: the hidden activations per input, with each input's code at 0.5 (red: shared).
    """
    controls = {
        "lr": widgets.FloatLogSlider(value=lr, base=10, min=-2, max=2, step=0.1, description="lr",
                                     readout_format=".3g", style=STYLE),
        "weight_decay": widgets.FloatLogSlider(value=weight_decay, base=10, min=-8, max=-1, step=0.25,
                                               description="weight decay λ", readout_format=".2g", style=STYLE,
                                               disabled=not use_weight_decay),
        "use_weight_decay": widgets.Checkbox(value=use_weight_decay, description="use weight decay (off: λ = 0)",
                                             indent=False, style=STYLE),
        "loss": widgets.ToggleButtons(options=[("MSE", "mse"), ("cross-entropy", "cross_entropy")], value=loss,
                                      description="loss", style={"button_width": "115px"}),
        "iterations": widgets.IntSlider(value=iterations, min=0, max=max_iterations, step=100,
                                        description="iterations", style=STYLE),
        "seed": widgets.IntText(value=seed, description="seed", style=STYLE, layout=widgets.Layout(width="160px")),
    }

    def follow(change):  # a greyed-out slider says "not used"
        controls["weight_decay"].disabled = not change["new"]

    controls["use_weight_decay"].observe(follow, names="value")
    figure, draw = encoder_view()

    def compute(lr, weight_decay, use_weight_decay, loss, iterations, seed):
        return train_for_panel(lr, weight_decay if use_weight_decay else 0.0, loss, iterations, seed)

    return LivePanel(controls, compute, draw, figure, layout_columns=3)
