"""Hostile answers (issue 15, for nnmath.exercises): a check never raises on what a student types.

Every check of `nnmath.exercises` gets, as its answer, every value of ANSWERS: text, lists, NaN, 10**400, an int
too long to print, a hostile object, a list that contains itself, and functions that raise, call exit(), return
the wrong type, print a megabyte or never return. Each call (warnings as errors, a time limit) must return a
Verdict that is "not yet" (the stub None, an unwritten function) or "wrong" with a hint; its text is short and
`find_verdicts` reads exactly one verdict from it. A function answer that never returns is stopped after
`functions.FUNCTION_SECONDS` (shortened here).

The checks' OTHER arguments (the teacher's: params, X, y, names, candidates, ...) follow the course's normal
rules: `TEACHER` probes them with the catalogue of tests/test_robustness.py, with the answer None, so a bad
teacher argument is refused even before a student has answered.

`test_every_exercise_function_is_probed` enumerates the modules' `__all__`: a new check fails until it is here.
"""
from __future__ import annotations

import decimal
import fractions
import importlib
import inspect
import math
import sys
import time
import types

import numpy as np
import pytest

from nnmath.core import mlp
from nnmath.core.cases import LINEAR_START
from nnmath.core.checks import NAMES
from nnmath.core.data import lecture_data
from nnmath.core.init import LECTURE_START
from nnmath.core.params import Params
from nnmath.exercises import functions, verdict
from nnmath.exercises import (bug, data_extra, encoder, encoder_extra, forward, forward_extra, gradients,
                              initialisation_extra, learning_rate, learning_rate_extra, loss_extra, losses, numbers,
                              random_target_extra, training_extra, updates)
from nnmath.exercises.numbers import Mistake
from test_robustness import (EITHER, LONG_TEXT, REFUSE, Arg, EqRaises, Explosive, FloatLike, Spec, _keeping_locks, a,
                             attempt, flag_cases, junk, name_cases, number_cases, param_names_cases, params_cases,
                             rows_cases, run_spec, vector_cases, whole_cases, word_cases)

pytestmark = pytest.mark.filterwarnings("error")

P = LECTURE_START
X, Y = lecture_data(12)
X3, Y3 = X[:3], Y[:3]
DEAD_H2 = LECTURE_START.replace(b2=-100.0)            # h2 off on every sample: w2, w4, b2, w6 never move
TWINS = {"A": Params.from_lists((1, 1, -0.5, -0.5, 0.8, 0.8), (0.3, 0.3, 0.2)),
         "B": Params.from_lists((1, 1, -0.5, -0.5, 0.8, -0.8), (0.3, 0.3, 0.2))}
BOUND = 2.0 / learning_rate.sharpness(LINEAR_START, X, Y, ("w6", "b3"))
CANDIDATES = [BOUND / 3, BOUND * 3]
NET = mlp.MLP(seed=0)
SECONDS = 0.05                                       # FUNCTION_SECONDS during these tests


@pytest.fixture(autouse=True)
def short_function_time(monkeypatch):
    monkeypatch.setattr(functions, "FUNCTION_SECONDS", SECONDS)


# ----------------------------------------------------------------------------------
# What a student may type
# ----------------------------------------------------------------------------------

class KeyEqRaises(str):
    """Text that can be a dict key (its hash is the text's) but whose == raises."""

    __hash__ = str.__hash__

    def __eq__(self, other):
        raise RuntimeError("hostile __eq__")


class StrRaises(Exception):
    def __str__(self):
        raise RuntimeError("hostile __str__")


def _raises_hostile(*args):
    raise StrRaises()


def _calls_exit(*args):
    sys.exit(3)


def _loops(*args):
    while True:
        pass


def _loops_swallowing(*args):
    while True:
        try:
            time.sleep(0.01)
        except Exception:
            pass


def _loops_swallowing_everything(*args):
    while True:
        try:
            time.sleep(0.01)
        except:  # noqa: E722 - what a student may write: it catches the check's own stop too
            pass


def _recurses(*args):
    return _recurses(*args)


def _prints(*args):
    print("debug " * 200_000)
    print("more", file=sys.stderr)
    return 0.5


def _not_written(*args):
    raise NotImplementedError


def _generator(*args):
    yield 1


def _self_containing():
    items = [1.0]
    items.append(items)
    return items


def _deep(depth=200):
    value = [0.5]
    for _ in range(depth):
        value = [value]
    return value


FUNCTIONS = [
    ("raises ZeroDivisionError", lambda *args: 1 / 0), ("raises with a hostile __str__", _raises_hostile),
    ("calls exit()", _calls_exit), ("loops forever", _loops), ("loops, swallowing exceptions", _loops_swallowing),
    ("loops, swallowing everything (bare except)", _loops_swallowing_everything),
    ("recurses forever", _recurses), ("prints a megabyte", _prints), ("takes no arguments", lambda: 0.5),
    ("returns text", lambda *args: "0.5"), ("returns an Explosive", lambda *args: Explosive()),
    ("returns a generator", _generator), ("returns NaN", lambda *args: math.nan),
    ("returns 10**400", lambda *args: 10**400), ("returns a huge array", lambda *args: np.zeros(10**6)),
    ("returns a list that contains itself", lambda *args: _self_containing()),
    ("returns a tuple of junk", lambda *args: (object(), "x")), ("returns None", lambda *args: None),
    ("not written yet", _not_written), ("a class", dict), ("a builtin", len),
]

ANSWERS = [
    ("None", None), ("Ellipsis", ...), ("numeric text", "0.5"), ("text", "abc"), ("''", ""), ("100 kB text", LONG_TEXT),
    ("bytes", b"1"), ("a list of one", [0.5]), ("a list of three", [1, 2, 3]), ("nine texts", ["1"] * 9),
    ("nine Nones", [None] * 9), ("a 1-element array", np.array([0.5])), ("a 0-d array", np.array(0.5)),
    ("a 2-D array", np.ones((2, 2))), ("nine zeros", np.zeros(9)), ("a million values", np.zeros(10**6)),
    ("a complex array", np.ones(3, dtype=complex)), ("a text array", np.array(["1", "2"])),
    ("NaN", math.nan), ("inf", math.inf), ("-inf", -math.inf), ("10**400", 10**400), ("-10**400", -10**400),
    ("10**5000 (repr raises)", 10**5000), ("1e300", 1e300), ("-0.0", -0.0), ("True", True), ("np.True_", np.True_),
    ("complex", 1 + 2j), ("np.complex128", np.complex128(1)), ("Fraction", fractions.Fraction(1, 3)),
    ("Decimal", decimal.Decimal("0.5")), ("object()", object()), ("Explosive", Explosive()),
    ("str with hostile ==", EqRaises("w1")), ("FloatLike", FloatLike()), ("a dict of junk", {"w1": Explosive()}),
    ("a dict of nine NaN", dict.fromkeys(NAMES, math.nan)), ("a dict with a hostile key", {KeyEqRaises("w1"): 1.0}),
    ("a dict of ints", {1: 2}), ("an empty set", set()), ("a set of names", {"w1", "b1"}), ("a Params", P),
    ("an MLP", NET), ("a generator", (v for v in [1.0])), ("a list that contains itself", _self_containing()),
    ("200-deep nesting", _deep()), ("a module", np), ("a Verdict", verdict.not_yet("t")),
    ("ten thousand names", ["w1", "x"] * 5000),
] + [(f"function: {label}", value) for label, value in FUNCTIONS]


# ----------------------------------------------------------------------------------
# Every check, its teacher's arguments fixed (valid), the answer free
# ----------------------------------------------------------------------------------

CHECKS = {
    "forward.check_prediction": lambda answer: forward.check_prediction(answer),
    "forward_extra.check_hidden": lambda answer: forward_extra.check_hidden(answer, "z1"),
    "forward_extra.check_node_off": lambda answer: forward_extra.check_node_off(answer),
    "losses.check_loss": lambda answer: losses.check_loss(answer),
    "losses.check_loss_from_zeros": lambda answer: losses.check_loss_from_zeros(answer, Y),
    "loss_extra.check_best_constant": lambda answer: loss_extra.check_best_constant(answer, [1, 2, 6]),
    "loss_extra.check_constant_loss": lambda answer: loss_extra.check_constant_loss(answer, [1, 2, 6]),
    "loss_extra.check_noise_floor": lambda answer: loss_extra.check_noise_floor(answer, 4),
    "gradients.check_gradient": lambda answer: gradients.check_gradient(answer),
    "gradients.check_gradients": lambda answer: gradients.check_gradients(answer),
    "gradients.check_batch_gradient": lambda answer: gradients.check_batch_gradient(answer, "w1", P, X3, Y3),
    "updates.check_update": lambda answer: updates.check_update(answer),
    "updates.check_batch_update": lambda answer: updates.check_batch_update(answer, "w5", 0.01, P, X3, Y3),
    "updates.check_update_function": lambda answer: updates.check_update_function(answer),
    "learning_rate.check_lr_bound": lambda answer: learning_rate.check_lr_bound(answer, LINEAR_START, X, Y, ("w6", "b3")),
    "learning_rate.check_diverging_lr": lambda answer: learning_rate.check_diverging_lr(
        answer, CANDIDATES, LINEAR_START, X, Y, ("w6", "b3")),
    "learning_rate_extra.check_pattern_bound": lambda answer: learning_rate_extra.check_pattern_bound(answer, P, X, Y),
    "learning_rate_extra.check_noise_floor": lambda answer: learning_rate_extra.check_noise_floor(answer, 9),
    "training_extra.check_update_count": lambda answer: training_extra.check_update_count(answer),
    "initialisation_extra.check_never_move": lambda answer: initialisation_extra.check_never_move(
        answer, DEAD_H2, X, Y, 1e-3, 3),
    "initialisation_extra.check_identical_nodes": lambda answer: initialisation_extra.check_identical_nodes(
        answer, TWINS, X, Y, 1e-3, 3),
    "random_target_extra.check_best_constant": lambda answer: random_target_extra.check_best_constant(answer, Y3),
    "random_target_extra.check_loss_left": lambda answer: random_target_extra.check_loss_left(answer, Y3),
    "random_target_extra.check_uniform_variance": lambda answer: random_target_extra.check_uniform_variance(answer, 0, 9),
    "random_target_extra.check_held_out_constant": lambda answer: random_target_extra.check_held_out_constant(
        answer, 52, Y3),
    "data_extra.check_scaled_column": lambda answer: data_extra.check_scaled_column(answer, X[:, 0], "minmax"),
    "data_extra.check_scaled_column(zscore)": lambda answer: data_extra.check_scaled_column(answer, X[:, 0], "zscore"),
    "data_extra.check_noise_floor": lambda answer: data_extra.check_noise_floor(answer, 8),
    "data_extra.check_unscaled_loss": lambda answer: data_extra.check_unscaled_loss(answer, 0.05, 10.0),
    "encoder.check_encoder_forward": lambda answer: encoder.check_encoder_forward(answer),
    "encoder_extra.check_parameter_count": lambda answer: encoder_extra.check_parameter_count(answer),
    "encoder_extra.check_hidden_unit": lambda answer: encoder_extra.check_hidden_unit(answer, NET, 2, 1),
    "encoder_extra.check_plateau_speedup": lambda answer: encoder_extra.check_plateau_speedup(answer, 4),
    "bug.diagnose": lambda answer: bug.diagnose("B", answer),
    "bug.check_fixed_loop": lambda answer: bug.check_fixed_loop(answer, "C"),
    "bug.check_flags": lambda answer: bug.check_flags(answer, bug.planted_w3, LINEAR_START, X, Y),
    "bug.check_gradient_code": lambda answer: bug.check_gradient_code(answer),
    "numbers.check_number": lambda answer: numbers.check_number(answer, 1.5, "a number"),
    "numbers.check_nine": lambda answer: numbers.check_nine(answer, LINEAR_START, "nine values"),
    "numbers.check_choice": lambda answer: numbers.check_choice(answer, ["training", "held-out"], "training", "a choice"),
    "numbers.check_choice(numbers)": lambda answer: numbers.check_choice(answer, [0.1, 0.01], 0.1, "a rate"),
    "functions.check_function": lambda answer: functions.check_function(answer, np.sum, [(np.array([1.0, 2.0, 4.0]),)],
                                                                        "a sum"),
}

MAX_TEXT = 3000


def verdict_problem(outcome, label) -> str | None:
    """What is wrong with a check's answer to a hostile value, or None."""
    if outcome.error is not None:
        return f"raised {type(outcome.error).__name__}: {verdict.shown(str(outcome.error))}"
    result = outcome.result
    if not isinstance(result, verdict.Verdict):
        return f"returned {verdict.shown(result)}, not a Verdict"
    text = result.text
    if len(text) > MAX_TEXT:
        return f"a verdict of {len(text):,} characters: {text[:200]}"
    if [status for _, status in verdict.find_verdicts(text)] != [result.status]:
        return f"find_verdicts does not read one verdict from {text[:200]!r}"
    result._repr_html_()
    if label == "None" and result.status != "not yet":
        return f"the stub None is {result.status!r}, not 'not yet'"
    if result.status == "correct":
        return f"a hostile answer is correct: {text[:200]!r}"
    if result.status == "wrong" and not any(line.startswith("hint:") or "hint" in line for line in result.lines):
        return f"wrong without a hint: {text[:200]!r}"
    if outcome.seconds > SECONDS * 4 + 1.0:
        return f"took {outcome.seconds:.1f} s"
    return None


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_a_check_never_raises_on_a_hostile_answer(name):
    check = CHECKS[name]
    problems = []
    for label, answer in ANSWERS:
        outcome = attempt(lambda: check(answer), 3.0)
        problem = verdict_problem(outcome, label)
        if problem:
            problems.append(f"{name}({label}): {problem}")
    assert not problems, "\n".join(problems[:40])


def test_a_function_that_never_returns_is_stopped_and_the_outer_timer_survives():
    """The bound on the student's function puts an outer timer (here the probe's own) back with its time left."""
    outcome = attempt(lambda: updates.check_update_function(_loops), 2.0)
    assert outcome.error is None and outcome.result.status == "wrong" and "took longer" in outcome.result.detail
    assert outcome.seconds < 1.0
    slow = attempt(lambda: [time.sleep(0.05) for _ in range(100)], 0.5)   # the outer limit still fires
    assert type(slow.error).__name__ == "ProbeTimeout"


def test_a_bare_except_does_not_defeat_the_bound_and_tracing_is_put_back():
    before = sys.gettrace()
    outcome = attempt(lambda: bug.check_gradient_code(_loops_swallowing_everything), 2.0)
    assert outcome.error is None and "took longer" in outcome.result.detail and outcome.seconds < 1.5
    assert sys.gettrace() is before


def test_printing_is_kept_out_and_summarised():
    result = updates.check_update_function(lambda params, grads, lr: print("x" * 10**6))
    assert result.status == "not yet" and "printed 1,000,001 characters" in result.text and len(result.text) < 1000


@pytest.mark.parametrize("value", [v for _, v in ANSWERS], ids=[label for label, _ in ANSWERS])
def test_shown_is_short_and_never_raises(value):
    outcome = attempt(lambda: verdict.shown(value), 1.0)
    assert outcome.error is None and len(outcome.result) <= verdict.SHOWN_LENGTH


@pytest.mark.parametrize("helper", [numbers.as_number, numbers.as_nine, numbers.is_empty,
                                    lambda v: numbers.same_values(v, 0.5)], ids=["as_number", "as_nine", "is_empty",
                                                                                "same_values"])
def test_the_answer_readers_never_raise(helper):
    problems = [label for label, value in ANSWERS if attempt(lambda: helper(value), 1.0).error is not None]
    assert not problems


# ----------------------------------------------------------------------------------
# The teacher's arguments: the normal rules (answer None, so they are checked before any answer)
# ----------------------------------------------------------------------------------

def teacher_specs() -> list[Spec]:
    S = []

    def add(spec_name, call, /, **args):
        S.append(Spec(spec_name, call, args))

    p = a(params_cases, P)
    xy = dict(X=a(rows_cases, X3, 2, True), y=a(vector_cases, Y3, True))
    output = a(word_cases, "linear", ("relu",))
    x1, x2, y1 = a(number_cases, 2.0), a(number_cases, 1.0), a(number_cases, 2.0)
    nine_name = Arg(word_cases("w1", ("b3",)), "w1", ("name",))
    targets = Arg(vector_cases([1.0, 2.0, 6.0]), [1.0, 2.0, 6.0], ("y",))
    add("forward.check_prediction", lambda x1, x2, params, output: forward.check_prediction(None, x1, x2, params, output),
        x1=x1, x2=x2, params=p, output=output)
    add("forward_extra.check_hidden", lambda name, x1, x2, params: forward_extra.check_hidden(None, name, x1, x2, params),
        name=Arg(word_cases("h1", ("z2",)) + [("w1", "w1", REFUSE)], "h1", ("name",)), x1=x1, x2=x2, params=p)
    add("forward_extra.check_node_off", lambda node, x1, x2, base: forward_extra.check_node_off(None, node, x1, x2, base),
        node=Arg(word_cases("h2", ("h1",)) + [("z2", "z2", REFUSE)], "h2", ("node",)), x1=x1, x2=x2,
        base=a(params_cases, P, names=("base",)))
    add("losses.check_loss", lambda params, X, y, output: losses.check_loss(None, params, X, y, output), params=p, **xy,
        output=output)
    add("losses.check_loss_from_zeros", lambda y: losses.check_loss_from_zeros(None, y), y=targets)
    add("loss_extra.check_best_constant", lambda y: loss_extra.check_best_constant(None, y), y=targets)
    add("loss_extra.check_constant_loss", lambda y: loss_extra.check_constant_loss(None, y), y=targets)
    add("loss_extra.check_noise_floor", lambda noise_max: loss_extra.check_noise_floor(None, noise_max),
        noise_max=a(whole_cases, 4, huge=REFUSE))
    add("gradients.check_gradient", lambda name, params, x1, x2, y, output: gradients.check_gradient(
        None, name, params, x1, x2, y, output), name=nine_name, params=p, x1=x1, x2=x2, y=y1, output=output)
    add("gradients.check_gradients", lambda params, x1, x2, y, output: gradients.check_gradients(
        None, params, x1, x2, y, output), params=p, x1=x1, x2=x2, y=y1, output=output)
    add("gradients.check_batch_gradient", lambda name, params, X, y, output: gradients.check_batch_gradient(
        None, name, params, X, y, output), name=nine_name, params=p, **xy, output=output)
    add("updates.check_update", lambda name, lr, params, x1, x2, y, output: updates.check_update(
        None, name, lr, params, x1, x2, y, output), name=nine_name, lr=a(number_cases, 0.1), params=p, x1=x1, x2=x2,
        y=y1, output=output)
    add("updates.check_batch_update", lambda name, lr, params, X, y, output: updates.check_batch_update(
        None, name, lr, params, X, y, output), name=nine_name, lr=a(number_cases, 0.1), params=p, **xy, output=output)
    names = Arg(param_names_cases(("w6", "b3")), ("w6", "b3"), ("names",))
    add("learning_rate.check_lr_bound", lambda params, X, y, names: learning_rate.check_lr_bound(
        None, params, X, y, names), params=a(params_cases, LINEAR_START), X=a(rows_cases, X, 2, True),
        y=a(vector_cases, Y, True), names=names)
    add("learning_rate.check_diverging_lr", lambda candidates: learning_rate.check_diverging_lr(
        None, candidates, LINEAR_START, X, Y, ("w6", "b3")),
        candidates=Arg(junk() + [("text", "0.1", REFUSE), ("empty", [], REFUSE), ("none above", [BOUND / 3], REFUSE),
                                 ("one at the bound", [BOUND, BOUND * 3], REFUSE), ("NaN inside", [math.nan, 1.0], REFUSE),
                                 ("text inside", [BOUND * 3, "0.1"], REFUSE), ("a tuple", tuple(CANDIDATES), EITHER)],
                       CANDIDATES, ("candidates",)))
    add("learning_rate_extra.check_pattern_bound", lambda params, X, y: learning_rate_extra.check_pattern_bound(
        None, params, X, y), params=p, **xy)
    add("learning_rate_extra.check_noise_floor", lambda noise_max: learning_rate_extra.check_noise_floor(None, noise_max),
        noise_max=a(whole_cases, 9, huge=REFUSE))
    add("training_extra.check_update_count", lambda n, batch_size, epochs: training_extra.check_update_count(
        None, n, batch_size, epochs), n=a(whole_cases, 300, huge=REFUSE), batch_size=a(whole_cases, 32, huge=REFUSE),
        epochs=a(whole_cases, 1000, huge=REFUSE))
    add("initialisation_extra.check_never_move", lambda start, X, y, lr, epochs: initialisation_extra.check_never_move(
        None, start, X, y, lr, epochs), start=a(params_cases, DEAD_H2, names=("start", "params")), **xy,
        lr=a(number_cases, 1e-3), epochs=a(whole_cases, 3, huge=REFUSE))
    add("initialisation_extra.check_identical_nodes", lambda candidates, lr: initialisation_extra.check_identical_nodes(
        None, candidates, X3, Y3, lr, 3), candidates=Arg(junk() + [
            ("empty", {}, REFUSE), ("a list", list(TWINS.values()), REFUSE), ("a label that is a number", {1: P, 2: P}, REFUSE),
            ("a start that is text", {"A": "P", "B": P}, REFUSE), ("none keeps", {"B": TWINS["B"], "C": P}, REFUSE),
            ("two keep", {"A": TWINS["A"], "Z": TWINS["A"]}, REFUSE), ("one", {"A": TWINS["A"]}, EITHER),
            ("21 starts", {f"s{k}": P for k in range(21)}, REFUSE)],
            TWINS, ("candidates",)), lr=a(number_cases, 1e-3))
    add("random_target_extra.check_best_constant", lambda y: random_target_extra.check_best_constant(None, y), y=targets)
    add("random_target_extra.check_loss_left", lambda y: random_target_extra.check_loss_left(None, y), y=targets)
    add("random_target_extra.check_uniform_variance", lambda low, high: random_target_extra.check_uniform_variance(
        None, low, high), low=a(whole_cases, 0, huge=REFUSE), high=Arg(whole_cases(9, huge=REFUSE) + [("below low", -1, REFUSE)],
                                                                      9, ("high", "low")))
    add("random_target_extra.check_held_out_constant", lambda c, y_test: random_target_extra.check_held_out_constant(
        None, c, y_test), c=a(number_cases, 52.0), y_test=Arg(targets.cases, [1.0, 2.0, 6.0], ("y_test",)))
    add("data_extra.check_scaled_column", lambda values, method: data_extra.check_scaled_column(None, values, method),
        values=Arg(vector_cases(X[:, 0]), X[:, 0], ("values",)),
        method=Arg(word_cases("minmax", ("zscore",)) + [("None", None, REFUSE)], "minmax", ("method",)))
    add("data_extra.check_noise_floor", lambda noise_max: data_extra.check_noise_floor(None, noise_max),
        noise_max=a(whole_cases, 8, huge=REFUSE))
    add("data_extra.check_unscaled_loss", lambda scaled_loss, y_scale, scaling: data_extra.check_unscaled_loss(
        None, scaled_loss, y_scale, scaling), scaled_loss=a(number_cases, 0.05), y_scale=Arg(
            number_cases(10.0) + [("a 0-d array (a scaler's scale)", np.array(10.0), EITHER)], 10.0, ("y_scale",)),
        scaling=Arg(name_cases("min-max"), "min-max", ("scaling",)))
    add("encoder_extra.check_parameter_count", lambda sizes: encoder_extra.check_parameter_count(None, sizes),
        sizes=Arg(junk() + [("text", "8,3,8", REFUSE), ("one layer", (8,), REFUSE), ("a zero", (8, 0, 8), REFUSE),
                            ("wide", (100,) * 10, EITHER), ("list", [8, 3, 8], EITHER)], (8, 3, 8), ("sizes",)))
    add("encoder_extra.check_hidden_unit", lambda net, input_index, node: encoder_extra.check_hidden_unit(
        None, net, input_index, node), net=Arg(junk() + [("Params", P, REFUSE), ("text", "net", REFUSE)], NET, ("net",)),
        input_index=a(whole_cases, 2, huge=REFUSE), node=a(whole_cases, 1, huge=REFUSE))
    add("encoder_extra.check_plateau_speedup", lambda n: encoder_extra.check_plateau_speedup(None, n),
        n=a(whole_cases, 4, huge=REFUSE))
    case = Arg(word_cases("B", ("C",)) + [("lower case", "b", REFUSE)], "B", ("case",))
    add("bug.diagnose", lambda case: bug.diagnose(case, None), case=case)
    add("bug.reveal", _keeping_locks(lambda case, give_up: bug.reveal(case, give_up)), case=case,
        give_up=a(flag_cases, False))
    add("bug.check_fixed_loop", lambda case: bug.check_fixed_loop(None, case), case=case)
    add("bug.check_flags", lambda gradient_function, params, X, y, title: bug.check_flags(
        None, gradient_function, params, X, y, title),
        gradient_function=Arg(junk() + [("raises", lambda p, x1, x2, y: 1 / 0, REFUSE), ("returns text", lambda *args: "g", REFUSE)],
                              bug.planted_w3, ("gradient_function",)),
        params=a(params_cases, LINEAR_START), **xy, title=Arg(name_cases("flags"), "flags", ("title",)))
    add("bug.hint_for", bug.hint_for, case=case, diagnosis=Arg(word_cases("no update", ("sign flip",)), "no update",
                                                                ("diagnosis",)))
    add("bug.facts", bug.facts, case=case)
    add("bug.loop_source", bug.loop_source, case=case)
    add("bug.edited_lines", bug.edited_lines, case=case)
    add("numbers.check_number", lambda true_value, title, mistakes, rtol: numbers.check_number(
        None, true_value, title, mistakes, rtol), true_value=a(number_cases, 1.5),
        title=Arg(name_cases("a number"), "a number", ("title",)),
        mistakes=Arg(junk() + [("a Mistake alone", Mistake("m", "h", 1.0), REFUSE), ("text inside", ["m"], REFUSE),
                               ("a Mistake of text", [Mistake("m", "h", "1.0")], REFUSE)], (), ("mistakes",)),
        rtol=a(number_cases, 1e-3))
    add("numbers.check_nine", lambda true_values: numbers.check_nine(None, true_values, "nine"),
        true_values=a(params_cases, P, names=("true_values",)))
    add("numbers.check_choice", lambda options, true_option, reasons: numbers.check_choice(
        None, options, true_option, "a choice", reasons),
        options=Arg(junk() + [("empty", [], REFUSE), ("text", "ab", REFUSE), ("a NaN option", [math.nan, "a"], REFUSE),
                              ("an Explosive option", [Explosive(), "a"], REFUSE)], ["a", "b"], ("options", "true_option")),
        true_option=Arg([("not an option", "c", REFUSE), ("None", None, REFUSE), ("Explosive", Explosive(), REFUSE),
                         ("upper case", "A", EITHER)], "a", ("true_option",)),
        reasons=Arg([("a list", ["x"], REFUSE), ("text", "x", REFUSE), ("a dict", {"b": "why"}, EITHER)], None,
                    ("reasons",)))
    add("functions.check_function", lambda reference, inputs, same: functions.check_function(
        None, reference, inputs, "f", (), same),
        reference=Arg(junk(none_ok=False)[:1] + [("text", "np.sum", REFUSE), ("a class", dict, REFUSE)], np.sum,
                      ("reference",)),
        inputs=Arg(junk() + [("empty", [], REFUSE), ("a tuple of args, not a list", (np.ones(3),), REFUSE),
                             ("lists, not tuples", [[np.ones(3)]], REFUSE)], [(np.ones(3),)], ("inputs",)),
        same=Arg([("text", "same", REFUSE), ("None", None, REFUSE)], numbers.same_values, ("same",)))
    return S


@pytest.mark.parametrize("spec", teacher_specs(), ids=lambda spec: spec.name)
def test_the_teachers_arguments_follow_the_normal_rules(spec):
    problems, count = run_spec(spec)
    assert not problems, f"{len(problems)} of {count} probes failed:\n" + "\n".join(problems[:40])


# ----------------------------------------------------------------------------------
# Nothing forgotten
# ----------------------------------------------------------------------------------

MODULES = ["forward", "forward_extra", "losses", "loss_extra", "gradients", "updates", "learning_rate",
           "learning_rate_extra", "training_extra", "initialisation_extra", "random_target_extra", "data_extra",
           "encoder", "encoder_extra", "bug", "numbers", "functions"]

NOT_PROBED = {
    "numbers.Mistake": "record", "numbers.is_empty": "reads any answer (test_the_answer_readers_never_raise)",
    "numbers.as_number": "reads any answer (test_the_answer_readers_never_raise)",
    "numbers.as_nine": "reads any answer (test_the_answer_readers_never_raise)",
    "numbers.same_values": "reads any answer (test_the_answer_readers_never_raise)",
    "functions.time_limit": "a context manager (test_a_function_that_never_returns_is_stopped_...)",
    "learning_rate.sharpness": "core.sharpness.sharpness, probed in tests/test_robustness.py",
    "bug.tool_table": "no arguments: every case through every tool (tests/test_exercises_bug.py)",
    "bug.planted_w3": "the reference's gradients with the planted bug: loss_and_gradients_one's own checks",
    "encoder.reference_forward": "mlp.MLP.from_arrays and mlp.predict's own checks (probed in test_robustness.py)",
    "encoder.encoder_inputs": "the check's own fixed test inputs",
    "encoder.explain_shape_error": "reads the student's exception (check_function calls it inside a try)",
    # the typical-mistake builders: called by their check with its already checked arguments
    "forward.prediction_mistakes": "mistakes of check_prediction", "forward_extra.hidden_mistakes": "of check_hidden",
    "losses.loss_mistakes": "of check_loss", "gradients.per_sample": "of the gradient checks",
    "gradients.planted_gradients": "of the gradient checks", "updates.step_mistakes": "of check_update",
    "learning_rate_extra.pattern_bound_mistakes": "of check_pattern_bound",
    "learning_rate_extra.noise_floor_mistakes": "of check_noise_floor", "data_extra.scaling_mistakes": "of check_scaled_column",
    "training_extra.update_count": "of check_update_count", "training_extra.update_count_mistakes": "of check_update_count",
    "initialisation_extra.never_moved": "of check_never_move (train's own checks)",
    "initialisation_extra.keeps_nodes_identical": "of check_identical_nodes (train's own checks)",
}


def test_every_exercise_function_is_probed():
    covered = {name.split("(")[0] for name in CHECKS} | {spec.name for spec in teacher_specs()} | set(NOT_PROBED)
    missing = []
    for module_name in MODULES:
        module = importlib.import_module(f"nnmath.exercises.{module_name}")
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                if f"{module_name}.{name}" not in covered:
                    missing.append(f"{module_name}.{name}")
    assert not missing, f"exercise functions with no probe: {missing}"
