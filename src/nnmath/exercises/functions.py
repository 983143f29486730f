"""Building block: check a function the student wrote against the reference on several inputs.

A function is "not yet" written while it raises NotImplementedError or returns None. Each
`Mistake`'s value is a function: the reference with one mistake planted. A student function that
gives that function's results on every input gets its hint. (04's `update`, 09's encoder forward pass.)

Whatever the student's function does, the check returns a Verdict: an exception (even SystemExit) is
"wrong" with the error's name; a result of any type is compared, never trusted; a function still
running after FUNCTION_SECONDS is stopped ("wrong: it took too long", where the platform allows a
timer: the main thread of a Unix process, as in a Jupyter kernel); what it prints is kept out of the
notebook and summarised in one line.
"""
from __future__ import annotations

import contextlib
import copy
import io
import signal
import sys
import threading
import time

from ..core.checks import TITLE, Function, check, refuse
from .numbers import GENERIC_HINT, Mistake, same_values
from .verdict import Verdict, clip, correct, explained, not_yet, shown, wrong

NOT_WRITTEN = "Write the function's body (it still raises NotImplementedError or returns None) and run this cell again."
ERROR_HINT = "read the error above, fix the line it points to and run this cell again."
FUNCTION_SECONDS = 10.0
"""How long a check lets the student's function run on all its test inputs before it stops it."""
PRINTED_KEPT = 500
"""Characters of what the student's function printed that a check keeps (the rest is counted, not stored)."""
TOO_LONG_HINT = ("your function was still running after {seconds:g} s on the test inputs: look for a loop that "
                 "never ends (a while loop whose condition stays true, or a loop over a list that grows).")


class TookTooLong(BaseException):
    """Raised inside the student's function when its time is up (a BaseException: `except Exception` in the
    student's code does not swallow it)."""


class _Printed(io.TextIOBase):
    """A stream that keeps the first PRINTED_KEPT characters written to it and counts the rest."""

    def __init__(self):
        self.kept, self.count = [], 0

    def writable(self):
        return True

    def write(self, text):
        text = str(text)
        room = PRINTED_KEPT - sum(map(len, self.kept))
        if room > 0:
            self.kept.append(text[:room])
        self.count += len(text)
        return len(text)

    @property
    def note(self) -> str:
        first = "".join(self.kept).strip().splitlines()
        head = f" (first line: {shown(first[0])})" if first else ""
        return f"note: your function printed {self.count:,} characters while it was checked{head}; they are not shown."


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise TookTooLong in this (main) thread after `seconds`, and again every 0.1 s until the block ends;
    if the code keeps swallowing it (a bare `except:` in a loop), also at the next line it runs, which
    escapes one such `except:`. (A loop that swallows every exception at two levels still runs on, as it
    would without the check: neither this nor Jupyter's interrupt stops it; restart the kernel.)

    An outer timer (a test's own limit) is put back afterwards with the time it had left. Where no timer
    can be set (not the main thread, no SIGALRM), the block runs unbounded.
    """
    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        yield
        return
    outer_left, outer_interval = signal.getitimer(signal.ITIMER_REAL)
    began = time.monotonic()
    state = {"active": True, "fired": 0}
    previous_trace = sys.gettrace()

    def on_every_line(frame, event, arg):
        if state["active"] and event == "line" and frame.f_globals.get("__name__") != __name__:
            raise TookTooLong(f"still running after {seconds:g} s")
        return on_every_line

    def on_alarm(signum, frame):
        if not state["active"]:
            return
        state["fired"] += 1
        if state["fired"] > 1:  # the function swallowed the exception (a bare except in a loop): raise on every line
            sys.settrace(on_every_line)
            while frame is not None:
                frame.f_trace = on_every_line
                frame = frame.f_back
        raise TookTooLong(f"still running after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, min(seconds, outer_left) if outer_left else seconds, 0.1)
    try:
        yield
    finally:
        while state["active"]:  # an alarm may land here too: stop the timer first, whatever it raises meanwhile
            try:
                signal.setitimer(signal.ITIMER_REAL, 0)
                state["active"] = False
            except TookTooLong:
                pass
        signal.signal(signal.SIGALRM, previous)
        if state["fired"] > 1:
            sys.settrace(previous_trace)
        if outer_left:
            signal.setitimer(signal.ITIMER_REAL, max(outer_left - (time.monotonic() - began), 1e-3), outer_interval)


def _error_text(error: BaseException) -> str:
    """The error as 'Name: message', shortened; never raises (an exception's __str__ may)."""
    try:
        message = str(error)
    except Exception:
        message = "(its message cannot be printed)"
    return f"{type(error).__name__}: {clip(message)}" if message else type(error).__name__


def check_function(function, reference, inputs, title: str, mistakes=(), same=same_values,
                   explain_error=None) -> Verdict:
    """Call `function(*args)` and `reference(*args)` for each args in inputs and compare.

    inputs: a list of argument tuples (each call gets its own deep copy, so a function that changes
    its arguments cannot spoil the next call); same(result, true_result) -> bool decides equality;
    explain_error(exception) -> hint or None turns an exception into a specific hint.
    Returns correct (showing the first input's results), wrong (with a mistake's hint, or the first
    input on which the results differ) or not yet.
    """
    title = check("title", title, TITLE)
    reference = check("reference", reference, Function("the reference function"))
    same = check("same", same, Function("a function (result, true result) -> bool"))
    if explain_error is not None:
        explain_error = check("explain_error", explain_error, Function("None or a function (exception) -> hint"))
    if not isinstance(inputs, (list, tuple)) or not inputs or not all(isinstance(args, tuple) for args in inputs):
        raise refuse("inputs", inputs, "a non-empty list of argument tuples")
    if not isinstance(mistakes, (list, tuple)) or not all(isinstance(m, Mistake) and callable(m.value) for m in mistakes):
        raise refuse("mistakes", mistakes, "a list of Mistake(name, hint, function)")
    truths = [reference(*copy.deepcopy(args)) for args in inputs]
    if function is None:
        return not_yet(title, NOT_WRITTEN)
    if not callable(function):
        return wrong(title, function, [f"give a function (def ...), not {type(function).__name__}."])
    printed = _Printed()
    try:
        verdict = _run_and_compare(function, inputs, truths, title, mistakes, same, explain_error, printed)
    except TookTooLong:
        verdict = Verdict(title, "wrong", f"your function took longer than {FUNCTION_SECONDS:g} s",
                          (f"hint: {TOO_LONG_HINT.format(seconds=FUNCTION_SECONDS)}",), ("took too long",))
    if printed.count:
        verdict = Verdict(verdict.title, verdict.status, verdict.detail, verdict.lines + (printed.note,),
                          verdict.mistakes)
    return verdict


def _run_and_compare(function, inputs, truths, title, mistakes, same, explain_error, printed) -> Verdict:
    results = []
    with time_limit(FUNCTION_SECONDS):
        for args in inputs:
            try:
                with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
                    result = function(*copy.deepcopy(args))
            except NotImplementedError:
                return not_yet(title, NOT_WRITTEN)
            except (Exception, SystemExit) as error:  # the student's code failed: say how, and what usually causes it
                try:
                    hint = explain_error(error) if explain_error else None
                except Exception:
                    hint = None
                return Verdict(title, "wrong", f"your function raised {_error_text(error)}",
                               (f"hint: {hint or ERROR_HINT}",), ("raised " + type(error).__name__,))
            if result is None:
                return not_yet(title, NOT_WRITTEN)
            results.append(result)
        agree = [_same(same, r, t) for r, t in zip(results, truths)]
    if all(agree):
        return correct(title, truths[0], results[0])
    matched = []
    for mistake in mistakes:
        planted = [mistake.value(*copy.deepcopy(args)) for args in inputs]
        differs = not all(same(p, t) for p, t in zip(planted, truths))
        if differs and all(_same(same, r, p) for r, p in zip(results, planted)):
            matched.append(mistake)
    first = agree.index(False)
    if matched:
        return explained(title, results[first], matched)
    return wrong(title, results[first], [f"on test input {first + 1} of {len(inputs)} your function returns "
                                         f"something else than the reference; {GENERIC_HINT}"])


def _same(same, result, truth) -> bool:
    """same(result, truth), False if comparing the student's result raises (a hostile object is not the truth)."""
    try:
        return bool(same(result, truth)) is True
    except TookTooLong:
        raise
    except Exception:
        return False


__all__ = ["check_function", "NOT_WRITTEN", "FUNCTION_SECONDS", "time_limit"]
