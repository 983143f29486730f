"""Comparing learning rates: earlier runs stay as ghosts, and an LR finder with the bound 2/s (05_learning_rate).

Left: the loss per epoch of the run at the slider's rate (blue), and the last few runs before it
as faded grey "ghost" curves labelled with their rates, so moving the lr slider compares rates
on one plot. Changing anything else (start, epochs, mode) starts a fresh comparison.

Right: the learning-rate range test (`nnmath.fast.lr_finder`): one run of full-batch gradient
descent with the rate growing by the same factor every update, the loss after each update against
its rate (log-log), stopped where the loss runs away. Marked on it: 2/s at the start (s the loss's
sharpness there, `core.sharpness`), 2/s where the finder's loss was lowest (the loss gets sharper
as the network trains, so the second bound is smaller), and the slider's rate.
"""
from __future__ import annotations

import html
from collections import deque

import bqplot as bq
import ipywidgets as widgets
import numpy as np

from ..core.checks import check_data, validate
from ..fast.lr_finder import divergence_bound, lr_range_test
from ..fast.scaled import train_scaled
from .bq import (LossView, figure, fraction_scales, log_limits, log_ticks, row, set_if_changed)
from .panel import (LR_EXPONENTS, MODE_RULE, LivePanel, check_controls, check_presets, check_start, check_values,
                    epochs_slider, log_slider_rule, lr_slider, mode_toggle, slider_rule, start_dropdown)
from .plots import format_number
from .style import DIVERGED_COLOR, FLOOR, LINE_COLORS

CURRENT_COLOR = LINE_COLORS[0]
GHOST_COLOR = "#7f7f7f"
BOUND_COLOR, LOWEST_BOUND_COLOR = DIVERGED_COLOR, "#e67e22"


class LRView:
    """The loss curves (the current run and its ghosts) beside the LR finder."""

    def __init__(self, ghosts: int, floor=None, width=475, height=360):
        self.ghost_count = ghosts
        # ghost slots first, so the current run is drawn on top
        self.loss = LossView(labels=[f"ghost {k}" for k in range(ghosts)] + ["this run"],
                             colors=[GHOST_COLOR] * ghosts + [CURRENT_COLOR], floor=floor, width=width, height=height,
                             title="Loss per epoch (grey: earlier rates)")
        for line in self.loss.lines[:ghosts]:
            line.stroke_width = 1.3
        self.loss.floor_text.x = np.array([0.3])   # the rates' tags sit at the right end
        self.current = self.loss.lines[-1]
        self.current.stroke_width = 2.2
        self.tags = bq.Label(x=np.zeros(ghosts + 1), y=np.ones(ghosts + 1), scales={"x": self.loss.x, "y": self.loss.y},
                             text=[""] * (ghosts + 1), colors=[GHOST_COLOR] * ghosts + [CURRENT_COLOR], align="end",
                             default_size=11, font_weight="normal", y_offset=-5, enable_hover=False)
        self.loss.figure.marks = [*self.loss.figure.marks, self.tags]
        # the finder
        self.fx = bq.LogScale(min=1e-6, max=1.0, allow_padding=False)
        self.fy = bq.LogScale(min=0.1, max=10.0, allow_padding=False)
        fx_frac, fy_frac = fraction_scales()
        self.curve = bq.Lines(x=np.zeros(0), y=np.zeros(0), scales={"x": self.fx, "y": self.fy},
                              colors=["#2ca02c"], stroke_width=1.8, enable_hover=False)
        self.stop = bq.Scatter(x=np.zeros(0), y=np.zeros(0), scales={"x": self.fx, "y": self.fy}, marker="cross",
                               colors=[DIVERGED_COLOR], default_size=70, enable_hover=False)
        self.marks = {}
        for name, color, style in (("start", BOUND_COLOR, "dashed"), ("lowest", LOWEST_BOUND_COLOR, "dotted"),
                                   ("lr", CURRENT_COLOR, "solid")):
            self.marks[name] = bq.Lines(x=[1e-3, 1e-3], y=[0.0, 1.0], scales={"x": self.fx, "y": fy_frac},
                                        colors=[color], line_style=style, stroke_width=1.5, enable_hover=False)
        # bottom left: the finder's loss starts high at small rates, so that corner stays empty
        self.words = bq.Label(x=[0.03] * 4, y=[0.23, 0.17, 0.11, 0.05], scales={"x": fx_frac, "y": fy_frac},
                              text=[""] * 4, colors=[BOUND_COLOR, LOWEST_BOUND_COLOR, CURRENT_COLOR, DIVERGED_COLOR],
                              align="start", default_size=12, font_weight="normal", enable_hover=False)
        self.fx_axis = bq.Axis(scale=self.fx, label="learning rate (grows every update)", grid_lines="none",
                               tick_format="~g", label_offset="32px", tick_values=np.array(log_ticks(1e-6, 1.0)))
        self.fy_axis = bq.Axis(scale=self.fy, side="left", label="loss after the update", tick_format="~g",
                               grid_lines="solid", grid_color="#e6e6e6", label_offset="48px",
                               tick_values=np.array(log_ticks(0.1, 10.0)))
        self.finder = figure([self.curve, *self.marks.values(), self.stop, self.words], [self.fx_axis, self.fy_axis],
                             "LR finder: full batch, rate x constant per update", width, height)
        self.figure = row(self.loss.figure, self.finder)
        self._finder_shown = None
        self._slots = {}   # ghost slot (line) -> the run drawn there

    def show(self, current, ghosts, finder, lr):
        """current: (lr, losses, diverged_at); ghosts: a list of them, newest first; finder: (RangeTest, Bound, Bound).

        A ghost keeps its slot (its line) while it stays on the plot, so a move re-sends only the new
        ghost's curve, the current one and the faded opacities, not every curve.
        """
        ghosts = list(ghosts)[: self.ghost_count]
        keep = {id(g[1]): slot for slot, g in self._slots.items() if any(g is h for h in ghosts)}
        free = [k for k in range(self.ghost_count) if k not in keep.values()]
        slots = {}
        for ghost in ghosts:
            slots[keep[id(ghost[1])] if id(ghost[1]) in keep else free.pop(0)] = ghost
        self._slots = slots
        series = [slots[k][1] if k in slots else np.zeros(0) for k in range(self.ghost_count)] + [current[1]]
        self.loss.update(series, [None] * self.ghost_count + [current[2]])
        age = {id(g[1]): rank for rank, g in enumerate(ghosts)}   # 0: the newest ghost, drawn darkest
        xs, ys, words = [], [], []
        for k in range(self.ghost_count + 1):
            entry = current if k == self.ghost_count else slots.get(k)
            if k < self.ghost_count:
                rank = age[id(entry[1])] if entry is not None else 0
                set_if_changed(self.loss.lines[k], opacities=[round(0.8 - 0.55 * rank / max(self.ghost_count - 1, 1), 3)])
            losses = np.asarray(entry[1], dtype=np.float64) if entry is not None else np.zeros(0)
            finite = np.flatnonzero(np.isfinite(losses) & (losses > 0))
            if entry is None or not finite.size:
                xs.append(1.0), ys.append(1.0), words.append("")
                continue
            last = int(finite[-1])
            xs.append(float(last + 1)), ys.append(float(losses[last])), words.append(f"lr {entry[0]:.2g}")
        set_if_changed(self.tags, x=np.array(xs), y=apart(np.array(ys), self.loss.y.min, self.loss.y.max),
                       text=np.array(words))
        test, at_start, at_lowest = finder
        if finder is not self._finder_shown:
            self._show_finder(test, at_start, at_lowest)
            self._finder_shown = finder
        set_if_changed(self.marks["lr"], x=np.array([lr, lr]))
        words = list(self.words.text)
        words[2] = f"lr = {lr:.3g} (the slider)"
        set_if_changed(self.words, text=np.array(words))

    def _show_finder(self, test, at_start, at_lowest):
        rates, losses = test.rates, test.losses
        self.curve.x, self.curve.y = rates.astype(np.float64), np.where(losses > 0, losses, np.nan)
        low_rate = float(rates[0]) if len(rates) else 1e-6
        high_rate = float(test.stop_rate or (rates[-1] if len(rates) else 1.0))
        bounds = [b.bound for b in (at_start, at_lowest) if np.isfinite(b.bound)]
        x_low = min([low_rate] + bounds) / 1.5
        x_high = max([high_rate] + bounds) * 1.5
        set_if_changed(self.fx, min=x_low, max=x_high)
        set_if_changed(self.fx_axis, tick_values=np.array(log_ticks(x_low, x_high)))
        y_low, y_high = log_limits(losses, [test.start_loss])
        set_if_changed(self.fy, min=y_low, max=y_high)
        set_if_changed(self.fy_axis, tick_values=np.array(log_ticks(y_low, y_high)))
        for name, bound in (("start", at_start), ("lowest", at_lowest)):
            value = bound.bound if np.isfinite(bound.bound) else x_high
            set_if_changed(self.marks[name], x=np.array([value, value]))
        if test.stopped_at is not None and len(losses):
            self.stop.x, self.stop.y = np.array([rates[-1]]), np.array([losses[-1]])
        else:
            self.stop.x, self.stop.y = np.zeros(0), np.zeros(0)
        note = lambda b: f" ({b.note})" if b.note else ""
        stopped = ("" if test.stopped_at is None else
                   f"{'diverged' if test.reason == 'diverged' else 'ran away'} at lr {test.stop_rate:.3g}")
        self.words.text = np.array([f"2/s at the start = {at_start.bound:.3g}{note(at_start)}",
                                    f"2/s where the loss was lowest = {at_lowest.bound:.3g}{note(at_lowest)}",
                                    "", stopped])

    def ghosts(self) -> list[tuple[float, np.ndarray]]:
        """(rate, drawn curve) of every ghost, newest first (for tests)."""
        order = sorted(self._slots, key=lambda k: float(self.loss.lines[k].opacities[0]), reverse=True)
        return [(self._slots[k][0], self.loss.drawn(k)) for k in order]


def same_rate(a: float, b: float) -> bool:
    """Rates within 1 % of each other are one rate: the log slider snaps 4e-4 to its notch 3.98e-4 when shown,
    and that is no comparison (its notches are 26 % apart)."""
    return abs(np.log10(a / b)) < 0.005


def apart(ys, low, high, pixels=12.0, height=280.0):
    """Label heights on a log axis from low to high, moved apart so no two are closer than `pixels`."""
    logs = np.log10(np.clip(ys, low, high))
    gap = (np.log10(high) - np.log10(low)) * pixels / height
    order = np.argsort(logs)
    placed = logs.copy()
    for previous, k in zip(order, order[1:]):
        placed[k] = max(placed[k], placed[previous] + gap)
    return 10.0 ** placed


def lr_status_html(result, current, ghosts, finder) -> str:
    run = result.run
    if run.diverged:
        head = f'<b style="color:{DIVERGED_COLOR}">lr {current[0]:.3g}: diverged at epoch {run.diverged_at}</b>'
    else:
        head = f"<b>lr {current[0]:.3g}: final loss {format_number(run.final_loss)}</b> after {run.epochs_run} epochs"
    earlier = "; ".join(f"lr {g[0]:.3g}: " + (f"diverged at epoch {g[2]}" if g[2] else
                                              f"{format_number(g[1][-1]) if len(g[1]) else 'no epochs'}")
                        for g in ghosts)
    test, at_start, at_lowest = finder
    return (f"<div>{head}{'; earlier: ' + html.escape(earlier) if earlier else ''}</div>"
            f"<div>LR finder: {html.escape(test.describe())}. 2/s = {at_start.bound:.3g} at the start, "
            f"{at_lowest.bound:.3g} where its loss was lowest.</div>")


LR_PANEL_CONTROLS = ("lr", "epochs", "start", "mode")


def lr_panel(X, y, start="lecture 2", lr=4e-4, epochs=1000, mode="online", output="linear", floor=None,
             ghosts=4, presets=None, controls=("lr", "epochs", "start"), lr_min=1e-6, lr_max=1.0, updates=200):
    """Move the learning rate and compare: earlier runs stay as ghosts; an LR finder with 2/s marked (05).

    ghosts: how many earlier runs stay on the plot (newest darkest). lr_min, lr_max, updates: the range
    test's rates (it stops earlier where the loss runs away). floor: the loss floor as a dashed line.
    """
    X, y = check_data(X, y)
    controls = check_controls(controls, LR_PANEL_CONTROLS, required=("lr",))
    start, presets = check_start(start, check_presets(presets))
    lr, epochs, mode = check_values({"lr": log_slider_rule(*LR_EXPONENTS),
                                     "epochs": slider_rule(0, 5000, "epochs", whole=True), "mode": MODE_RULE},
                                    lr=lr, epochs=epochs, mode=mode).values()
    ghosts, output, lr_min, lr_max, updates = validate(ghosts=ghosts, output=output, lr_min=lr_min, lr_max=lr_max,
                                                       updates=updates)
    if not lr_min < lr_max:
        raise ValueError(f"lr_min must be below lr_max, got {lr_min:g} and {lr_max:g}")
    floor = FLOOR("floor", floor)
    try:  # the first start's range test, before any widget: data whose loss overflows at once is refused here
        first_test = lr_range_test(presets[start], X, y, lr_min, lr_max, updates, output)
    except ValueError as error:
        raise ValueError(f"X, y and start {start!r}: no learning-rate range test: {error}") from None
    makers = {"lr": lambda: lr_slider(lr), "epochs": lambda: epochs_slider(epochs),
              "start": lambda: start_dropdown(start, presets), "mode": lambda: mode_toggle(mode)}
    fixed = dict(lr=lr, epochs=epochs, start=start, mode=mode)
    view = LRView(ghosts, floor)
    memory = {"setting": None, "current": None, "ghosts": deque(maxlen=ghosts), "finders": {}}

    def finder_for(name):
        if name not in memory["finders"]:
            first = presets[name]
            test = first_test if name == start else lr_range_test(first, X, y, lr_min, lr_max, updates, output)
            memory["finders"][name] = (test, divergence_bound(first, X, y, output),
                                       divergence_bound(test.best_params, X, y, output))
        return memory["finders"][name]

    def compute(**values):
        v = {**fixed, **values}
        result = train_scaled(X, y, presets[v["start"]], v["lr"], v["epochs"], v["mode"], output)
        current = (float(v["lr"]), np.asarray(result.run.losses, dtype=np.float64), result.run.diverged_at)
        setting = (v["start"], v["epochs"], v["mode"])
        ghosts_now = memory["ghosts"]
        if setting != memory["setting"]:
            ghosts_now.clear()          # another start or length: the earlier curves no longer compare
        else:
            for old in [g for g in ghosts_now if same_rate(g[0], current[0])]:
                ghosts_now.remove(old)  # the same rate again: it is the blue curve now
            if memory["current"] is not None and not same_rate(memory["current"][0], current[0]):
                ghosts_now.appendleft(memory["current"])
        memory["setting"], memory["current"] = setting, current
        return result, current, list(ghosts_now), finder_for(v["start"]), float(v["lr"])

    def draw(computed):
        result, current, ghosts_now, finder, lr_now = computed
        view.show(current, ghosts_now, finder, lr_now)
        return lr_status_html(result, current, ghosts_now, finder)

    panel = LivePanel({name: makers[name]() for name in controls}, compute, draw, view.figure)
    panel.view = view
    return panel


__all__ = ["lr_panel", "LRView"]
