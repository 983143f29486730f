"""Live panels: widgets that retrain and redraw in place, shared by every notebook.

A `LivePanel` ties controls to a `compute(**values)` and a `draw(result)`:
- changes coalesce (`Coalescer`): after a quiet spell a change is answered at once;
  changes that arrive while the kernel is busy, or within a few ms of the last
  refresh, are absorbed into one refresh scheduled on the kernel's event loop, which
  reads the newest values. Stale work is dropped, never queued;
- the figure is a bqplot widget (a `Figure`, or a box of them, see `nnmath.ui.bq`) made
  once; `draw` moves its marks' data. While `draw` runs every widget of the figure (and the
  status and error lines) is held in `hold_sync`, so each widget that changed sends one
  message per refresh, with its new arrays: the browser draws, the kernel renders nothing;
- an exception in compute or draw is shown in the panel (class `nnmath-panel-error`) and
  the figure keeps its last good state;
- the panel computes and draws once when built, so a notebook executed without
  a browser (nbval, nbconvert) still shows the default run, and a viewer without a kernel
  (GitHub, nbviewer) gets a PNG of it (`nnmath.ui.static`, drawn once, when first displayed);
- re-running the cell that built a panel closes the old one (no pile-up of widgets).

Taught first in 04_training_loop; reused by 01-03 and 05-10.
"""
from __future__ import annotations

import asyncio
import base64
import html
import time
from typing import Callable

import ipywidgets as widgets
import numpy as np

from ..core import init
from ..core.checks import (MAX_PATH_LENGTH, MODES, NAMES, OUTPUTS, Control, Flag, OneOf, Real, Subset, Text, Whole,
                           RULES, refuse, shown, validate)
from ..core.params import Params, check_params
from .bq import descendants, hold


# ----------------------------------------------------------------------------------
# Coalescing: the newest value wins
# ----------------------------------------------------------------------------------

def _running_loop():
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class Coalescer:
    """Run `work` for the newest state only: at once after a quiet spell, else once, a moment later.

    `poke()` means "something changed". If work last finished at least `delay` seconds
    ago, it runs now, so a single click is answered without waiting. Otherwise one run is
    scheduled on the running asyncio loop (the kernel's) for `delay` seconds after that
    last run; pokes arriving meanwhile are absorbed, and the run reads whatever values are
    newest by then. In the kernel, widget messages that queued behind a slow run are handled
    one per loop turn, before the timer fires, so a whole burst costs one run, not one each.
    Without a running loop (plain Python, pytest, a panel being built) work runs at once.
    """

    def __init__(self, work: Callable[[], None], delay: float | None = 0.02, clock=time.perf_counter,
                 get_loop=_running_loop):
        if delay is not None and not delay >= 0:
            raise ValueError(f"delay must be None or a number of seconds >= 0, got {delay!r}")
        self.work, self.delay, self.clock, self.get_loop = work, delay, clock, get_loop
        self.pending = False            # a run is scheduled and will read the newest values
        self.last_finished = -np.inf    # clock() when work last finished
        self.runs = 0

    def poke(self) -> None:
        loop = self.get_loop() if self.delay is not None else None
        if loop is None:
            self.run_now()
            return
        if self.pending:
            return
        wait = self.last_finished + self.delay - self.clock()
        if wait <= 0:
            self.run_now()
            return
        self.pending = True
        loop.call_later(wait, self._run_scheduled)

    def _run_scheduled(self) -> None:
        self.pending = False
        self.run_now()

    def run_now(self) -> None:
        """Run the work now (a panel's first draw, `set`), counted as a run for the timing."""
        try:
            self.work()
        finally:
            self.runs += 1
            self.last_finished = self.clock()


# ----------------------------------------------------------------------------------
# The panel
# ----------------------------------------------------------------------------------

class LivePanel:
    """Controls -> compute(**values) -> draw(result), refreshed on every change, newest value wins.

    controls: name -> widget; compute is called with every control's value by name.
    draw updates the figure's marks in place; if it returns a string, that HTML
    becomes the panel's status line. figure: a bqplot Figure or a box of them (any
    widget), shown below the controls; `top`: widgets between the controls and the figure (a button,
    a line of help), `extra`: widgets below the figure.
    `panel.set(**values)` changes controls and refreshes once, refusing a value its control cannot
    show (`control_rule`, or `rules[name]` where given); `panel.widget` is the box a notebook shows (or just `panel`). `last_update_seconds` is the time of the last refresh
    (compute and draw); it is never printed. `view` is whatever object draws (set by the
    panel functions, e.g. a `bq.LossView`), for tests and curious notebooks.
    """

    def __init__(self, controls: dict, compute: Callable, draw: Callable, figure=None,
                 delay: float | None = 0.02, layout_columns: int = 3, extra: tuple = (), rules: dict | None = None,
                 top: tuple = ()):
        self.controls = dict(controls)
        self.rules = dict(rules or {})   # name -> rule for controls whose values mean more than the widget says
        self.compute = compute
        self.draw = draw
        self.figure = figure
        self.view = None
        self.result = None
        self.refreshes = 0
        self.last_update_seconds = None
        self.closed = False
        self._png = None
        self.coalescer = Coalescer(self.refresh, delay)
        self.error = widgets.HTML(value="")
        self.error.add_class("nnmath-panel-error")
        self.status = widgets.HTML(value="")
        self.status.add_class("nnmath-panel-status")
        grid = widgets.GridBox(list(self.controls.values()),
                               layout=widgets.Layout(grid_template_columns=f"repeat({layout_columns}, auto)"))
        if figure is not None and not isinstance(figure, widgets.Widget):
            raise ValueError(f"figure must be a widget (a bqplot Figure or a box of them) or None, got {figure!r}")
        parts = [grid, *top] + ([figure] if figure is not None else []) + [*extra, self.status, self.error]
        self.widget = widgets.VBox(parts)
        # Held while draw runs: each changed widget then sends one message per refresh.
        self._synced = (descendants(figure) if figure is not None else []) + [self.status, self.error]
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        _replace_previous_panel_of_this_cell(self)
        self.coalescer.run_now()

    def values(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, _change):
        self.coalescer.poke()

    def refresh(self):
        """Compute with the current values and redraw; any error goes into the panel, not a log."""
        start = time.perf_counter()
        try:
            result = self.compute(**self.values())
            with hold(self._synced):
                status = self.draw(result)
                if status is not None:
                    self.status.value = status
                self.error.value = ""
            self.result = result
        except Exception as error:  # shown to the student, who can move the slider back
            self.error.value = error_html(error)
        self.refreshes += 1
        self.last_update_seconds = time.perf_counter() - start

    def set(self, **values):
        """Change several controls at once and refresh once, now (for notebooks, tests and benchmarks).

        Each value is checked against what its control can show (`control_rule`: a slider's range, a menu's
        options, True/False for a box) before any control changes: a value beyond a slider is refused with
        the course's ValueError, never clamped, and nothing changes.
        """
        unknown = [name for name in values if name not in self.controls]
        if unknown:
            raise ValueError(f"unknown control(s) {shown(sorted(map(str, unknown)))}; this panel has "
                             f"{sorted(self.controls)}; allowed: one of those names")
        checked = {name: self.rule(name)(name, value) for name, value in values.items()}
        with _hold(self.controls.values(), self._on_change):
            for name, value in checked.items():
                self.controls[name].value = value
        self.coalescer.run_now()

    def rule(self, name: str):
        """The rule a value of control `name` must follow: the panel's own (`rules`) or read off the widget."""
        return self.rules.get(name) or control_rule(self.controls[name], name)

    def without_refresh(self, *names):
        """A `with` block in which controls change without a refresh (e.g. a draw refilling a menu).

        names: only these controls (all if none are named), e.g. while another control's change is
        being handled and will refresh once afterwards.
        """
        chosen = [self.controls[name] for name in names] if names else self.controls.values()
        return _hold(chosen, self._on_change)

    def close(self):
        """Close the panel's widgets (their views vanish) and stop reacting to its controls."""
        if self.closed:
            return
        self.closed = True
        for control in self.controls.values():
            control.unobserve(self._on_change, names="value")
        for part in descendants(self.widget):  # boxes, controls, and a figure's marks, scales and axes
            part.close()

    def _repr_mimebundle_(self, **kwargs):
        """The widget for a live frontend, and a PNG of the current figure for static viewers.

        JupyterLab and Notebook 7 show the widget; GitHub, or a notebook opened without
        its kernel and widget state, shows the PNG: the default run, drawn with matplotlib from
        the figure's bqplot marks (`nnmath.ui.static`) when the cell that builds the panel
        shows it. It is drawn again only if the panel has refreshed since.
        """
        if self.closed:
            return {"text/plain": "Closed live panel (re-run its cell to get a new one)"}
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle["text/plain"] = "Live panel (move the controls in JupyterLab to retrain)"
        picture = self.static_png()
        if picture is not None:
            bundle["image/png"] = base64.b64encode(picture).decode("ascii")
        return bundle

    def static_png(self) -> bytes | None:
        """PNG bytes of the figure as it is now (drawn once per refresh at most), or None without a figure."""
        if self.figure is None:
            return None
        if self._png is None or self._png[0] != self.refreshes:
            from .static import png

            self._png = (self.refreshes, png(self.figure))
        return self._png[1]

    def show(self):
        from IPython.display import display

        display(self)


def error_html(error: Exception) -> str:
    """A readable one-line message for the panel's error line."""
    return (f'<div style="color:#c0392b"><b>Could not update:</b> '
            f"{html.escape(type(error).__name__)}: {html.escape(str(error))}</div>")


class _hold:
    """Detach a handler while several controls change, so they trigger one refresh, not many."""

    def __init__(self, controls, handler):
        self.controls, self.handler = list(controls), handler
        self.detached = []

    def __enter__(self):
        # Holds nest (a control's observer may hold others while `set` holds them all): detach only
        # what is attached now, and give back only that.
        for control in self.controls:
            try:
                control.unobserve(self.handler, names="value")
            except ValueError:  # already detached by an outer hold
                continue
            self.detached.append(control)

    def __exit__(self, *exc):
        for control in self.detached:
            control.observe(self.handler, names="value")
        self.detached = []


# Re-running a cell builds a new panel; the old one's figure and widgets would stay alive
# in the kernel for good. JupyterLab, Notebook 7 and VS Code send the cell's id with each
# execute request, so the panels a cell built last time can be closed when it runs again.
_PANELS_OF_CELL: dict[str, tuple[str, list]] = {}


def _current_cell():
    """(cell id, request id) of the cell being executed, or None outside a frontend's cell."""
    try:
        from IPython import get_ipython

        kernel = getattr(get_ipython(), "kernel", None)
        parent = kernel.get_parent("shell") if kernel is not None else None
    except Exception:  # no IPython, or an old kernel: nothing to replace
        return None
    if not parent or parent.get("header", {}).get("msg_type") != "execute_request":
        return None
    cell_id = (parent.get("metadata") or {}).get("cellId")
    return (cell_id, parent["header"]["msg_id"]) if cell_id else None


def _replace_previous_panel_of_this_cell(panel):
    cell = _current_cell()
    if cell is None:
        return
    cell_id, request = cell
    previous_request, panels = _PANELS_OF_CELL.get(cell_id, (None, []))
    if previous_request != request:  # the cell runs again: its old panels go
        for old in panels:
            old.close()
        panels = []
    _PANELS_OF_CELL[cell_id] = (request, panels + [panel])


# ----------------------------------------------------------------------------------
# What a control can show: one rule per kind of widget, used before a panel makes its widgets and by `set`
# ----------------------------------------------------------------------------------

def slider_rule(low, high, description: str, whole: bool = False) -> Control:
    """A slider from low to high: a value outside is refused, naming the range (never clamped)."""
    rule = Whole(int(low), int(high)) if whole else Real(low=float(low), high=float(high))
    return Control(rule, f"the range of the {description} slider")


def log_slider_rule(min_exp, max_exp, description: str = "lr", base: float = 10.0) -> Control:
    """A log slider from base**min_exp to base**max_exp (the bounds ipywidgets' FloatLogSlider computes)."""
    return Control(Real(low=base ** min_exp, high=base ** max_exp), f"the range of the {description} slider")


def choice_rule(options, description: str) -> Control:
    """A menu or buttons: one of their values (the second item of a (label, value) option)."""
    values = tuple(option[1] if isinstance(option, tuple) and len(option) == 2 else option for option in options)
    return Control(OneOf(values), f"the options of the {description} control")


FLAG_RULE = Flag()
TEXT_RULE = Text("text", longest=MAX_PATH_LENGTH)
WHOLE_TEXT_RULE = Control(Whole(-2**63, 2**63 - 1), "a whole number the box can hold")


def control_rule(widget, name: str = "value"):
    """The rule of what `widget` can show, read off the widget as it is now (its range, its options)."""
    description = widget.description or name
    if isinstance(widget, widgets.FloatLogSlider):
        return log_slider_rule(widget.min, widget.max, description, widget.base)
    if isinstance(widget, (widgets.IntSlider, widgets.BoundedIntText)):
        return slider_rule(widget.min, widget.max, description, whole=True)
    if isinstance(widget, (widgets.FloatSlider, widgets.BoundedFloatText)):
        return slider_rule(widget.min, widget.max, description)
    if isinstance(widget, (widgets.Dropdown, widgets.ToggleButtons, widgets.SelectionSlider, widgets.RadioButtons,
                           widgets.Select)):
        return choice_rule(widget.options, description)
    if isinstance(widget, (widgets.Checkbox, widgets.ToggleButton)):
        return FLAG_RULE
    if isinstance(widget, widgets.IntText):
        return WHOLE_TEXT_RULE
    if isinstance(widget, widgets.FloatText):
        return Control(Real(), "a finite number")
    if isinstance(widget, (widgets.Text, widgets.Textarea)):
        return TEXT_RULE
    raise ValueError(f"{name} is a {type(widget).__name__}; set() only changes sliders, menus, buttons, boxes and "
                     "text fields: change it in the panel")


MODE_RULE = choice_rule(MODES, "mode")
OUTPUT_RULE = choice_rule(OUTPUTS, "output")


def check_presets(presets) -> dict:
    """None (nnmath.init.PRESETS) or a dict of 1 to 100 named starts: name (text) -> Params. Returns a new dict."""
    if presets is None:
        return dict(init.PRESETS)
    allowed = "None (the course's presets) or a dict of 1 to 100 entries, name (text) -> nnmath.Params"
    if not isinstance(presets, dict) or not 1 <= len(presets) <= 100:
        raise refuse("presets", presets, allowed)
    checked = {}
    for name, params in presets.items():
        try:
            name = Text("a preset name")("presets", name)
            checked[name] = check_params(params, "presets")
        except ValueError:
            raise refuse("presets", presets, allowed) from None
    return checked


def check_start(start, presets: dict, limit: float | None = None) -> tuple[str, dict]:
    """A start for a panel's menu: a preset's name or a Params (added to the menu as "custom").

    limit: the start sliders' range (+-limit): a start beyond it is refused, since a slider cannot show it.
    Returns (the start's name in the menu, the menu's presets).
    """
    if isinstance(start, Params):
        presets = {"custom": start, **{k: v for k, v in presets.items() if k != "custom"}}
        start = "custom"
    allowed = "a Params or one of the presets: " + ", ".join(map(repr, presets))
    try:
        start = OneOf(tuple(presets))("start", start)
    except ValueError:
        raise refuse("start", start, allowed) from None
    if limit is not None:
        check_within("start", presets[start], limit, "" if start == "custom" else repr(start))
    return start, presets


def check_within(argument: str, params: Params, limit, name: str = "") -> Params:
    """Parameters that nine sliders from -limit to limit can show; one beyond is refused, naming it and the limit."""
    beyond = [p for p in NAMES if abs(getattr(params, p)) > limit]
    if beyond:
        largest = max(abs(v) for v in params.values)
        raise ValueError(f"{argument}{' ' + name if name else ''} has {beyond[0]} = {getattr(params, beyond[0]):g}, "
                         f"beyond the sliders' range -limit..limit; limit must be at least {largest:g} for it, got "
                         f"{shown(limit)} (or train it in a cell)")
    return params


def check_values(rules: dict, **values) -> dict:
    """Each value checked by its rule (rules[name]), all before any widget is made: name -> checked value."""
    return {name: rules[name](name, value) for name, value in values.items()}


def check_controls(controls, allowed: tuple, required: tuple = ()) -> tuple:
    """Which of `allowed` get a widget: a list or tuple of distinct names (at least one, `required` among them)."""
    words = (f"chosen from {list(allowed)}: a list or tuple of distinct names, at least one"
             + "".join(f", {name!r} among them" for name in required))
    try:
        chosen = Subset(tuple(allowed), "control names")("controls", controls)
    except ValueError:
        raise refuse("controls", controls, words) from None
    if any(name not in chosen for name in required):
        raise refuse("controls", controls, words)
    return chosen


# ----------------------------------------------------------------------------------
# Controls: each checks its value first (a value the widget cannot show is refused, never clamped)
# ----------------------------------------------------------------------------------

STYLE = {"description_width": "initial"}
LR_EXPONENTS = (-7, 0)
"""The lr slider's default range: 10**-7 to 10**0."""


def _exponent(argument, value):
    return Whole(-300, 300)(argument, value)


def lr_slider(value=1e-3, min_exp=-7, max_exp=0, description="lr"):
    """Learning rate on a log scale from 10**min_exp to 10**max_exp: one notch is a factor of 10**0.1."""
    min_exp, max_exp = _exponent("min_exp", min_exp), _exponent("max_exp", max_exp)
    if min_exp >= max_exp:
        raise ValueError(f"min_exp must be below max_exp, got {min_exp} and {max_exp}")
    description = Text("a description")("description", description)
    value = Control(Real(low=10.0 ** min_exp, high=10.0 ** max_exp),
                    f"the range of the {description} slider, 10**min_exp to 10**max_exp with min_exp={min_exp} and "
                    f"max_exp={max_exp}")("value", value)
    return widgets.FloatLogSlider(value=value, base=10, min=min_exp, max=max_exp, step=0.1,
                                  description=description, readout_format=".2e", style=STYLE,
                                  continuous_update=True)


def epochs_slider(value=1000, maximum=5000, step=50, description="epochs"):
    """Number of epochs (passes over the data), 0..maximum."""
    maximum = RULES["max_epochs"]("maximum", maximum)
    step = Whole(1, maximum)("step", step)
    description = Text("a description")("description", description)
    value = slider_rule(0, maximum, description, whole=True)("value", value)
    return widgets.IntSlider(value=value, min=0, max=maximum, step=step, description=description, style=STYLE)


def param_sliders(params: Params, limit: float = 5.0, step: float = 0.05) -> dict:
    """Nine sliders, w1..b3, starting at `params`, each from -limit to limit (a start beyond it is refused)."""
    raw, limit = limit, validate(limit=limit)
    step = Control(Real(low=0, low_open=True, high=limit), "at most limit")("step", step)
    check_within("params", check_params(params), raw)
    return {name: widgets.FloatSlider(value=getattr(params, name), min=-limit, max=limit, step=step,
                                      description=name, readout_format=".2f", style=STYLE)
            for name in NAMES}


def preset_menu(presets: dict):
    """A "preset" menu for panels whose start is nine sliders: "(sliders)" then the presets' names (04, 06)."""
    return widgets.Dropdown(options=["(sliders)"] + list(presets), value="(sliders)", description="preset",
                            style=STYLE)


def wire_presets(panel: "LivePanel", menu, presets: dict):
    """Choosing a preset moves the nine start sliders; moving a slider by hand sets the menu back to "(sliders)"."""
    applying = []  # non-empty while a preset moves the sliders, so those moves do not reset the menu

    def choose(change):
        if change["new"] in presets:
            applying.append(True)
            try:
                panel.set(**presets[change["new"]].as_dict())
            finally:
                applying.pop()

    def slider_moved(_change):
        if not applying:
            menu.value = "(sliders)"

    menu.observe(choose, names="value")
    for name in NAMES:
        panel.controls[name].observe(slider_moved, names="value")
    panel.menu = menu


def start_dropdown(value="lecture 2", presets=None, description="start"):
    """A named starting point (nnmath.init.PRESETS unless `presets` is given)."""
    presets = check_presets(presets)
    description = Text("a description")("description", description)
    value = choice_rule(tuple(presets), description)("value", value)
    return widgets.Dropdown(options=list(presets), value=value, description=description, style=STYLE)


def mode_toggle(value="online"):
    """online (update after every sample), batch (once per epoch) or minibatch (04_training_loop)."""
    return widgets.ToggleButtons(options=list(MODES), value=MODE_RULE("value", value), description="mode",
                                 style={"button_width": "80px"})


def output_toggle(value="linear"):
    """The output node: linear out = z3, or relu(z3)."""
    return widgets.ToggleButtons(options=list(OUTPUTS), value=OUTPUT_RULE("value", value), description="output",
                                 style={"button_width": "70px"})


def scaling_toggle(value=False):
    """Train on z-scored inputs and target (05_learning_rate, 08_data)."""
    return widgets.Checkbox(value=FLAG_RULE("value", value), description="scale data (z-score)", style=STYLE,
                            indent=False)
