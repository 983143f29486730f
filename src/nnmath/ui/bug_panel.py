"""Find the bug (10_find_the_bug): the figure of a case and the live panel.

`CaseView`: loss curves (faulty against correct), gradient-check errors, h1 against h2, on
matplotlib axes; `show_case` draws it for a static cell. `bug_panel` is the live panel, the same
three pictures in bqplot (`BugView`). The cases and the tools are `nnmath.core.cases`; running a
case is `nnmath.fast.diagnose.investigate`.
"""
from __future__ import annotations

import html

import bqplot as bq
import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import NullLocator

from ..core.cases import CASES, FLAG_ABOVE, CaseResult, answer_unlocked, get_case
from ..core.checks import NAMES
from ..core.faults import FAULTS
from ..fast.diagnose import investigate
from .bq import LossView, figure, row, set_if_changed, set_range
from ..core.checks import OrNone, refuse, validate
from .panel import FLAG_RULE, STYLE, LivePanel, choice_rule, epochs_slider, log_slider_rule, lr_slider, slider_rule
from .plots import FIGSIZE, LossCurvePlot, fixed_layout
from .style import GREY

ERROR_FLOOR = 1e-12
FLAG_COLOR, OK_COLOR = "#c0392b", "#2c7fb8"


class CaseView:
    """Loss curves (faulty against correct), gradient-check errors per parameter, h1 against h2.

    Made once on three axes; `update(result)` moves every artist in place (10_find_the_bug).
    """

    def __init__(self, axes):
        loss_ax, check_ax, hidden_ax = axes
        self.loss_plot = LossCurvePlot(loss_ax, labels=("faulty loop", "correct loop"),
                                       title="Loss (dashed: correct loop)")
        self.loss_plot.lines[1].set(color="grey", ls="--")
        loss_ax.get_legend().remove()  # the title says which is which: a legend would hide a flat line
        positions = np.arange(9)
        self.bars = check_ax.bar(positions, np.full(9, ERROR_FLOOR), bottom=ERROR_FLOOR, color=OK_COLOR)
        check_ax.set_yscale("log")
        check_ax.set_ylim(ERROR_FLOOR, 10)
        check_ax.set_yticks([1e-12, 1e-8, 1e-4, 1])  # few labels: each one costs a redraw
        check_ax.yaxis.set_minor_locator(NullLocator())
        check_ax.set_xticks(positions, NAMES)
        check_ax.axhline(FLAG_ABOVE, color=FLAG_COLOR, ls="--", lw=1)
        fixed_layout(check_ax, "Gradient check at the start", f"red: flagged (dashed line {FLAG_ABOVE:g})",
                     "relative error")
        self.check_ax = check_ax
        self.points = hidden_ax.scatter([], [], s=12, alpha=0.6, color=OK_COLOR)
        (self.diagonal,) = hidden_ax.plot([0, 1], [0, 1], color="grey", ls="--", lw=1)
        fixed_layout(hidden_ax, "h1 against h2, at the end", "h1", "h2 (dashed: h2 = h1)", ylabel_offset=30)
        self.hidden_ax = hidden_ax

    def update(self, result: CaseResult):
        self.loss_plot.update([result.losses, result.correct.losses],
                              [result.diverged_at, result.correct.diverged_at])
        for bar, row in zip(self.bars, result.check):
            bar.set_height(max(row.relative_error, ERROR_FLOOR))
            bar.set_color(FLAG_COLOR if row.flagged else OK_COLOR)
        h1, h2 = result.h1, result.h2
        shown = np.isfinite(h1) & np.isfinite(h2)
        self.points.set_offsets(np.column_stack([h1[shown], h2[shown]]))
        high = max(float(np.max(h1[shown], initial=0.0)), float(np.max(h2[shown], initial=0.0)), 1.0) * 1.05
        self.diagonal.set_data([0, high], [0, high])
        self.hidden_ax.set_xlim(-0.05 * high, high)
        self.hidden_ax.set_ylim(-0.05 * high, high)


def show_case(result: CaseResult, figsize=(11.0, 3.3)):
    """A static figure of one case for a notebook cell (pyplot, inline backend) (10_find_the_bug)."""
    import matplotlib.pyplot as plt

    if not isinstance(result, CaseResult):
        raise refuse("result", result, "a CaseResult (what nnmath.fast.diagnose.investigate returns)")
    figsize = FIGSIZE("figsize", figsize)
    fig, axes = plt.subplots(1, 3, figsize=figsize)
    fig.subplots_adjust(left=0.07, right=0.99, bottom=0.17, top=0.88, wspace=0.38)
    CaseView(axes).update(result)
    axes[0].set_title(f"Case {result.case.letter}: loss (dashed: correct loop)", y=1.0)
    return fig


# ----------------------------------------------------------------------------------
# The live panel
# ----------------------------------------------------------------------------------

class BugView:
    """CaseView's three pictures for the live panel, in bqplot: loss (faulty solid, correct grey dashed),
    the gradient check's relative error per parameter on a log axis (red: flagged), h1 against h2 at the end."""

    def __init__(self, width=310, height=330):
        self.loss = LossView(labels=("faulty loop", "correct loop"), colors=(OK_COLOR, GREY),
                             styles=("solid", "dashed"), title="Loss (dashed: correct loop)", width=width + 20,
                             height=height)
        x = bq.OrdinalScale(domain=list(NAMES))
        y = bq.LogScale(min=ERROR_FLOOR, max=10.0, allow_padding=False)
        self.bars = bq.Bars(x=list(NAMES), y=np.full(9, ERROR_FLOOR), base=ERROR_FLOOR, scales={"x": x, "y": y},
                            colors=[OK_COLOR] * 9, color_mode="element", padding=0.25, enable_hover=False)
        flag = bq.Lines(x=[0.0, 1.0], y=[FLAG_ABOVE, FLAG_ABOVE],
                        scales={"x": bq.LinearScale(min=0.0, max=1.0, allow_padding=False), "y": y},
                        colors=[FLAG_COLOR], line_style="dashed", stroke_width=1.0)
        self.check = figure([self.bars, flag],
                            [bq.Axis(scale=x, label=f"red: flagged (dashed line {FLAG_ABOVE:g})", grid_lines="none",
                                     label_offset="32px"),
                             bq.Axis(scale=y, side="left", label="relative error", grid_lines="none",
                                     tick_values=np.array([1e-12, 1e-8, 1e-4, 1.0]), tick_format="~g",
                                     label_offset="48px")],
                            "Gradient check at the start", width, height)
        self.hx = bq.LinearScale(min=0.0, max=1.0, allow_padding=False)
        self.hy = bq.LinearScale(min=0.0, max=1.0, allow_padding=False)
        self.points = bq.Scatter(x=np.zeros(0), y=np.zeros(0), scales={"x": self.hx, "y": self.hy}, colors=[OK_COLOR],
                                 default_size=20, opacities=[0.6], enable_hover=False)
        self.diagonal = bq.Lines(x=[0.0, 1.0], y=[0.0, 1.0], scales={"x": self.hx, "y": self.hy}, colors=[GREY],
                                 line_style="dashed", stroke_width=1.0)
        self.hx_axis = bq.Axis(scale=self.hx, label="h1", grid_lines="none", label_offset="32px", tick_format="~g")
        self.hy_axis = bq.Axis(scale=self.hy, side="left", label="h2 (dashed: h2 = h1)", grid_lines="none",
                               label_offset="48px", tick_format="~g")
        self.hidden = figure([self.diagonal, self.points], [self.hx_axis, self.hy_axis], "h1 against h2, at the end",
                             width, height)
        self.figure = row(self.loss.figure, self.check, self.hidden)

    def update(self, result: CaseResult):
        self.loss.update([result.losses, result.correct.losses], [result.diverged_at, result.correct.diverged_at])
        errors = np.array([max(r.relative_error, ERROR_FLOOR) for r in result.check])
        self.bars.y = errors
        set_if_changed(self.bars, colors=[FLAG_COLOR if r.flagged else OK_COLOR for r in result.check])
        h1, h2 = result.h1, result.h2
        shown = np.isfinite(h1) & np.isfinite(h2)
        self.points.x, self.points.y = h1[shown], h2[shown]
        high = max(float(np.max(h1[shown], initial=0.0)), float(np.max(h2[shown], initial=0.0)), 1.0) * 1.05
        set_if_changed(self.diagonal, x=np.array([0.0, high]), y=np.array([0.0, high]))
        for scale, axis in ((self.hx, self.hx_axis), (self.hy, self.hy_axis)):
            set_range(scale, axis, -0.05 * high, high, count=4)


def status_html(result: CaseResult, reveal: bool = False) -> str:
    """The panel's status (10_find_the_bug): the symptoms; the fault's name and meaning only with `reveal`,
    and only once the case is unlocked (a diagnosis accepted, or given up: core.cases.answer_unlocked)."""
    if not isinstance(result, CaseResult):
        raise refuse("result", result, "a CaseResult (what nnmath.fast.diagnose.investigate returns)")
    reveal = FLAG_RULE("reveal", reveal)
    r = result
    faulty = (f'<b style="color:{FLAG_COLOR}">diverged at epoch {r.diverged_at}</b>' if r.diverged_at
              else f"final loss <b>{r.final_loss:.4g}</b>")
    correct = (f"diverged at epoch {r.correct.diverged_at}" if r.correct.diverged
               else f"{r.correct.final_loss:.4g}")
    parts = [
        f"<div>Case {r.case.letter} (output {r.case.output}): faulty loop {faulty} after {r.epochs} epochs; "
        f"correct loop {correct}</div>",
        f"<div>parameters that never moved: <b>{', '.join(r.frozen) or 'none'}</b>; "
        f"h1 = h2 on every sample: <b>{'yes' if r.twins else 'no'}</b>; "
        f"gradient check flags: <b>{', '.join(r.flagged) or 'nothing'}</b></div>",
    ]
    if reveal and answer_unlocked(r.case.letter) is None:
        parts.append(f'<div class="nnmath-reveal">Diagnose it first: <code>diagnose("{r.case.letter}", ...)</code>, '
                     f'or <code>reveal("{r.case.letter}", give_up=True)</code></div>')
    elif reveal:
        fault = r.case.fault
        parts.append(f'<div class="nnmath-reveal">The bug: <b>{html.escape(fault)}</b>: '
                     f"{html.escape(FAULTS[fault].meaning, quote=False)}</div>")
    return "".join(parts)


def bug_panel(case: str = "A", lr: float | None = None, epochs: int | None = None, reveal: bool = False,
              max_epochs: int = 1000) -> LivePanel:
    """Pick a mystery case, move lr and epochs, and look at the symptoms; tick reveal for the answer (10).

    lr, epochs: the case's own unless given; choosing another case sets them to its own. The gradient
    check is of the gradient the faulty loop uses at the panel's lr (case G shows only at lr > 0). The
    answer shows only for a case whose diagnosis was accepted (or given up on) in the notebook.
    The faulty loop is `nnmath.fast.faulty.faulty_train`; the correct one is `nnmath.train`.
    """
    max_epochs = validate(max_epochs=max_epochs)
    longest = max(c.epochs for c in CASES.values())
    if max_epochs < longest:
        raise ValueError(f"max_epochs must be at least {longest} (the longest case's own epochs, which choosing that "
                         f"case sets), got {max_epochs:,}")
    case = choice_rule(tuple(CASES), "mystery")("case", case)
    reveal = FLAG_RULE("reveal", reveal)
    chosen = get_case(case)
    lr_rule, epochs_rule = log_slider_rule(-7, -2), slider_rule(10, max_epochs, "epochs", whole=True)
    lr = chosen.lr if lr is None else OrNone(lr_rule, "the case's own")("lr", lr)
    epochs = chosen.epochs if epochs is None else OrNone(epochs_rule, "the case's own")("epochs", epochs)
    controls = {
        "case": widgets.Dropdown(options=[(f"case {k}", k) for k in CASES], value=case, description="mystery",
                                 style=STYLE),
        "lr": lr_slider(lr, min_exp=-7, max_exp=-2),
        "epochs": epochs_slider(epochs, maximum=max_epochs, step=10),
        "reveal": widgets.Checkbox(value=reveal, description="reveal the answer", style=STYLE, indent=False),
    }
    controls["epochs"].min = 10
    view = BugView()
    holder = []

    def case_chosen(change):
        # Registered before the panel's own observer: the case's lr and epochs are in place when it refreshes.
        if holder:
            own = get_case(change["new"])
            with holder[0].without_refresh("lr", "epochs"):
                controls["lr"].value, controls["epochs"].value = own.lr, own.epochs

    controls["case"].observe(case_chosen, names="value")

    def compute(case, lr, epochs, reveal):
        return investigate(case, lr, epochs, check_at_lr=True), reveal

    def draw(computed):
        result, reveal = computed
        view.update(result)
        return status_html(result, reveal)

    panel = LivePanel(controls, compute, draw, view.figure, layout_columns=2)
    panel.view = view
    holder.append(panel)
    return panel
