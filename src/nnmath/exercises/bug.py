"""Find the bug (10_find_the_bug): each case's loop as readable code, the diagnosis check, the answer on request.

Every mystery case of `nnmath.core.cases` has its training loop here, written out as a student would
write it, in the course's notation (w1..w6, b1..b3, z1, h1, out, lr): ONE text, `CORRECT_LOOP`, and
for each case the few lines its student changed (`EDITS`); `loop_source("B")` is the edited text,
`LOOPS["B"]` the function compiled from it, which gives exactly the numbers of `nnmath.faulty_train`
for that case, bit for bit (tests/test_exercises_bug.py), so the code shown is the code that ran. It is
the teaching text of a student's code: the course's own arithmetic is `core.reference` (the correct
loops exist so `reveal` can show the edited lines; tests prove them equal to nnmath.train).

    diagnose("B", "swapped relu index")   a Verdict: correct; wrong with a hint naming the tool that tells
                                          the two apart; or not yet (None)
    reveal("B")                           the answer and the edited lines, only after an accepted diagnosis
                                          (or reveal("B", give_up=True))
    check_fixed_loop(my_loop, "C")        the student's fixed copy of a case's loop against the correct loop
    check_flags(answer, gradients, ...)   which parameters the gradient check flags for some gradient code
    check_gradient_code(my_gradients)     the student's fixed gradient code against the reference

A case's diagnosis is one name of DIAGNOSES (the lecture's case H: a list of its mistakes).
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..core.analysis import FROZEN_BY, frozen_parameters
from ..core.cases import (CASES, HIDDEN, LINEAR_START, RELU_START, answer_unlocked, case_data, check_case, check_gradient_function,
                          flagged, get_case, record_diagnosis)
from ..core.cases import give_up as _give_up
from ..core.checks import NAMES, Flag, OneOf, check, check_data, validate
from ..core.params import check_params
from ..core.faults import FAULTS
from ..core.init import LECTURE_START_2
from ..core.params import Params
from ..core.reference import forward_all, loss, loss_and_gradients_one, relu, relu_prime, sample_gradients, step
from ..fast.diagnose import correct_run, run_case
from ..fast.faulty import faulty_train
from ..fast.training import train
from .functions import check_function
from .gradients import GRADIENT_MISTAKES
from .numbers import Mistake, is_empty
from .verdict import Verdict, correct, not_yet, shown, wrong

# ----------------------------------------------------------------------------------
# The loops, as readable code (what the student reads, copies and edits)
# ----------------------------------------------------------------------------------


CORRECT_LOOP = """\
def loop(start, X, y, lr, epochs):
    w1, w2, w3, w4, w5, w6, b1, b2, b3 = start.values
    losses = []
    for epoch in range(epochs):
        total = 0.0
        for (x1, x2), target in zip(X.tolist(), y.tolist()):
            z1 = x1 * w1 + x2 * w3 + b1
            h1 = relu(z1)
            z2 = x1 * w2 + x2 * w4 + b2
            h2 = relu(z2)
            z3 = h1 * w5 + h2 * w6 + b3
            out = z3
            error = out - target
            total += error * error
            d_z3 = 2.0 * error
            d_w5, d_w6, d_b3 = d_z3 * h1, d_z3 * h2, d_z3
            d_z1 = d_z3 * w5 * relu_prime(z1)
            d_w1, d_w3, d_b1 = d_z1 * x1, d_z1 * x2, d_z1
            d_z2 = d_z3 * w6 * relu_prime(z2)
            d_w2, d_w4, d_b2 = d_z2 * x1, d_z2 * x2, d_z2
            w1, w2, w3, w4 = w1 - lr * d_w1, w2 - lr * d_w2, w3 - lr * d_w3, w4 - lr * d_w4
            w5, w6 = w5 - lr * d_w5, w6 - lr * d_w6
            b1, b2, b3 = b1 - lr * d_b1, b2 - lr * d_b2, b3 - lr * d_b3
        losses.append(total / len(y))
    return (w1, w2, w3, w4, w5, w6, b1, b2, b3), losses
"""
"""The correct loop with a linear output, as a student writes it: the one text every case's loop is an edit of."""

UPDATE_WEIGHTS = "w1, w2, w3, w4 = w1 - lr * d_w1, w2 - lr * d_w2, w3 - lr * d_w3, w4 - lr * d_w4"
UPDATE_OUTPUT_WEIGHTS = "w5, w6 = w5 - lr * d_w5, w6 - lr * d_w6"
UPDATE_BIASES = "b1, b2, b3 = b1 - lr * d_b1, b2 - lr * d_b2, b3 - lr * d_b3"
RELU_OUTPUT = [("out = z3", ["out = relu(z3)"]), ("d_z3 = 2.0 * error", ["d_z3 = 2.0 * error * relu_prime(z3)"])]
"""The edit that puts a ReLU on the output, correctly: out = relu(z3) and relu'(z3) in the gradient."""
GRADIENT_OF_Z3 = [("out = z3", ["out = relu(z3)"]), ("d_z3 = 2.0 * error", ["d_z3 = 2.0 * (z3 - target)"])]
"""A ReLU on the output whose gradient is taken of z3 instead: the lecture's (and case D's) mistake."""

EDITS = {
    "A": RELU_OUTPUT + [(UPDATE_BIASES, ["b2, b3 = b2 - lr * d_b2, b3 - lr * d_b3"])],
    "B": [("d_z1 = d_z3 * w5 * relu_prime(z1)", ["d_z1 = d_z3 * w5 * relu_prime(z2)"]),
          ("d_z2 = d_z3 * w6 * relu_prime(z2)", ["d_z2 = d_z3 * w6 * relu_prime(z1)"])],
    "C": [(UPDATE_WEIGHTS, []), (UPDATE_OUTPUT_WEIGHTS, []), (UPDATE_BIASES, [])],
    "D": GRADIENT_OF_Z3,
    "E": [("w1, w2, w3, w4, w5, w6, b1, b2, b3 = start.values", ["w1 = w2 = w3 = w4 = w5 = w6 = b1 = b2 = b3 = 0.5"])],
    "F": [(line, [line.replace(" - lr", " + lr")]) for line in (UPDATE_WEIGHTS, UPDATE_OUTPUT_WEIGHTS, UPDATE_BIASES)],
    "G": [("d_w5, d_w6, d_b3 = d_z3 * h1, d_z3 * h2, d_z3",
           ["d_w5, d_w6, d_b3 = d_z3 * h1, d_z3 * h2, d_z3", UPDATE_OUTPUT_WEIGHTS]),
          (UPDATE_OUTPUT_WEIGHTS + "  # the second one", [])],
    "H": GRADIENT_OF_Z3 + [("d_z2 = d_z3 * w6 * relu_prime(z2)", ["d_z2 = d_z3 * w6 * relu_prime(z1)"])],
}
"""Letter -> the case's edits of CORRECT_LOOP: (a line of it, the lines that replace it). Text, not a copy of core."""


def _edit(text: str, edits) -> str:
    """Apply (line, replacement lines) edits to a loop's text; each line must occur exactly once (a typo fails loudly).

    "...  # the second one" names the second of two equal lines (case G moves a line up).
    """
    lines = text.splitlines()
    for old, new in edits:
        second = old.endswith("  # the second one")
        old = old.removesuffix("  # the second one")
        places = [k for k, line in enumerate(lines) if line.strip() == old]
        if len(places) != (2 if second else 1):
            raise ValueError(f"the edit of {old!r} matches {len(places)} lines of the loop")
        k = places[-1] if second else places[0]
        indent = lines[k][: len(lines[k]) - len(lines[k].lstrip())]
        lines[k:k + 1] = [indent + line for line in new]
    return "\n".join(lines) + "\n"


def _function(text: str, name: str):
    namespace = {"relu": relu, "relu_prime": relu_prime}
    exec(compile(text, f"<the loop of {name}>", "exec"), namespace)  # noqa: S102 - the course's own loop text
    return namespace["loop"]


SOURCES = {letter: _edit(CORRECT_LOOP, edits).replace("def loop(", f"def loop_{letter}(", 1)
           for letter, edits in EDITS.items()}
CORRECT_SOURCES = {"linear": CORRECT_LOOP.replace("def loop(", "def correct_loop_linear(", 1),
                   "relu": _edit(CORRECT_LOOP, RELU_OUTPUT).replace("def loop(", "def correct_loop_relu(", 1)}

LOOPS = {letter: _function(text.replace(f"def loop_{letter}(", "def loop(", 1), f"case {letter}")
         for letter, text in SOURCES.items()}
"""Letter -> the case's loop: loop(start, X, y, lr, epochs) -> (final w1..b3 as a tuple, list of epoch losses)."""

CORRECT_LOOPS = {output: _function(CORRECT_LOOP if output == "linear" else _edit(CORRECT_LOOP, RELU_OUTPUT), output)
                 for output in ("linear", "relu")}
"""Output -> the correct loop in the same notation (equal to nnmath.train, bit for bit)."""
correct_loop_linear, correct_loop_relu = CORRECT_LOOPS["linear"], CORRECT_LOOPS["relu"]


def loop_source(case) -> str:
    """The text of a case's loop, to read, copy into a cell and edit (10_find_the_bug)."""
    return SOURCES[get_case(case).letter]


def edited_lines(case) -> list[str]:
    """The lines in which a case's loop differs from the correct loop of its output ('-' correct, '+' the case's)."""
    case = get_case(case)
    ours = loop_source(case).splitlines()[1:]  # the body: the def lines differ by name only
    theirs = CORRECT_SOURCES[case.output].splitlines()[1:]
    return [line for line in difflib.unified_diff(theirs, ours, lineterm="", n=0)
            if line[:1] in "-+" and not line.startswith(("---", "+++"))]


# ----------------------------------------------------------------------------------
# The diagnoses a student may give, and what the tools must show for each
# ----------------------------------------------------------------------------------

DIAGNOSES = {name: FAULTS[name].meaning for name in (
    "no update", "frozen bias", "equal start", "swapped relu index", "node 2 gated by relu'(z1)",
    "output relu ignored", "sign flip", "w5 updated first")}
DIAGNOSES.update({
    "lr too large": "no mistake in the code: the learning rate is too large for this start and data",
    "dead hidden node": "no mistake in the code: a hidden node is off (z <= 0) on every sample, so its parameters "
                        "never learn",
    "no bug": "the loop is correct",
})
"""The names a diagnosis may use -> what each means (an edit of the loop, or no edit at all)."""

LECTURE_MISTAKES = ("node 2 gated by relu'(z1)", "output relu ignored")
"""The lecture's published loop (case H) has these two mistakes."""


@dataclass(frozen=True)
class Facts:
    """What the course's tools print for a case's run (the hints compare a diagnosis with these)."""

    letter: str
    lr: float
    output: str
    frozen: tuple[str, ...]      # analysis.frozen_parameters of the faulty run
    flags: tuple[str, ...]       # check_case at the case's start, lr 0
    flags_at_lr: tuple[str, ...]  # check_case at the case's start and lr
    twins: bool                  # h1 == h2 on every sample at the end
    climbs: bool                 # the loss of epoch 2 is above epoch 1's
    correct_falls: bool          # the correct loop at the same lr ends below its first epoch
    like_correct: bool           # the faulty curve within 1 % of the correct one at every epoch


def facts(case) -> Facts:
    """Run a case and its tools once (cached): what a student's tools show."""
    return _facts(get_case(case).letter)


@lru_cache(maxsize=None)
def _facts(letter: str) -> Facts:
    case = get_case(letter)
    X, _ = case_data()
    run, good = run_case(case), correct_run(case)
    f = forward_all(run.params, X, case.output)
    same_length = len(run.losses) == len(good.losses) and len(run.losses) > 0
    return Facts(case.letter, case.lr, case.output, frozen_parameters(run.trajectory), flagged(check_case(case)),
                 flagged(check_case(case, lr=case.lr)), bool(np.array_equal(f.h1, f.h2)),
                 bool(len(run.losses) > 1 and run.losses[1] > run.losses[0]),
                 bool(not good.diverged and good.final_loss < good.losses[0]),
                 bool(same_length and np.all(np.abs(run.losses - good.losses) <= 0.01 * good.losses)))


def _named(names) -> str:
    return ", ".join(names) if names else "nothing"


def _is_dead_node(frozen) -> bool:
    h1, h2 = set(FROZEN_BY["h1"]), set(FROZEN_BY["h2"])
    return set(frozen) in (h1, h2, h1 | h2)


EXPECTED = {
    "no update": [
        (lambda f: f.frozen == NAMES, "if the update were missing, all nine parameters would keep their start "
                                      "values; frozen_parameters(run.trajectory) names {frozen}."),
    ],
    "frozen bias": [
        (lambda f: len(f.frozen) == 1 and f.frozen[0].startswith("b"),
         "a bias left out of the update keeps its start value while the other eight move; "
         "frozen_parameters(run.trajectory) names {frozen}."),
    ],
    "dead hidden node": [
        (lambda f: _is_dead_node(f.frozen), "a hidden node that is off on every sample freezes exactly its own four "
                                            "parameters (h1: w1, w3, b1, w5; h2: w2, w4, b2, w6), never b3; "
                                            "frozen_parameters(run.trajectory) names {frozen}."),
    ],
    "equal start": [
        (lambda f: f.twins, "one value for all nine would keep h1 and h2 copies of each other for ever; compare h1 "
                            "with h2 at the end (forward_all(run.params, X, case.output)): they differ."),
    ],
    "swapped relu index": [
        (lambda f: set(f.flags) == set(HIDDEN), "swapped ReLU indices make the six hidden gradients (w1..w4, b1, b2) "
                                                "wrong where one node is on and the other off; the gradient check "
                                                "(check_case) flags {flags}."),
    ],
    "node 2 gated by relu'(z1)": [
        (lambda f: set(f.flags) == {"w2", "w4", "b2"}, "node 2 gated by node 1's ReLU would make node 2's gradients "
                                                       "(w2, w4, b2) wrong and nothing else; the gradient check "
                                                       "(check_case) flags {flags}."),
    ],
    "output relu ignored": [
        (lambda f: f.output == "relu", "this case's network has no ReLU on its output (output linear): there is no "
                                       "relu'(z3) to forget."),
        (lambda f: set(f.flags) == set(NAMES), "forgetting relu'(z3) makes all nine gradients wrong where z3 < 0; "
                                               "the gradient check (check_case) flags {flags}."),
    ],
    "sign flip": [
        (lambda f: not f.flags, "the gradient check flags {flags}: the gradients themselves are wrong, which a sign "
                                "in the update cannot cause."),
        (lambda f: not f.frozen, "adding the gradient still moves every parameter; frozen_parameters(run.trajectory) "
                                 "names {frozen}."),
        (lambda f: f.climbs, "adding the gradient climbs the loss from the first epoch on; this curve does not "
                             "(compare its first two epochs)."),
    ],
    "w5 updated first": [
        (lambda f: not f.flags, "the gradient check at lr 0 flags {flags}: the gradient formula itself is wrong, and "
                                "an update order is invisible at lr 0."),
        (lambda f: set(f.flags_at_lr) == set(HIDDEN), "updating w5, w6 before the hidden gradients changes those "
                                                      "gradients at the loop's lr; the check at that lr "
                                                      "(check_case('{letter}', lr={lr:g})) flags {flags_at_lr}."),
    ],
    "lr too large": [
        (lambda f: not f.correct_falls, "the correct loop runs at the same lr from the same start and its loss falls "
                                        "(correct_run('{letter}')): the lr alone does not explain this curve."),
    ],
    "no bug": [
        (lambda f: f.like_correct, "the loss curve is not the correct loop's: something in this loop differs."),
        (lambda f: not f.flags, "the gradient check flags {flags}: a correct loop passes it."),
    ],
}
"""Diagnosis -> what the tools would show if it were right: (test of the Facts, the hint when they show
otherwise). A wrong diagnosis gets the hint of its first test the case fails."""

READ_THE_LOOP = ("every tool agrees with that diagnosis, but it is not this loop's mistake: read the loop "
                 "(print(loop_source('{letter}'))) and find the line that differs from the course's loop.")


def hint_for(case, diagnosis: str) -> str:
    """Why a wrong diagnosis does not fit a case: the tool whose output contradicts it."""
    f = facts(case)
    diagnosis = check("diagnosis", diagnosis, OneOf(tuple(DIAGNOSES)))
    values = {"frozen": _named(f.frozen), "flags": _named(f.flags), "flags_at_lr": _named(f.flags_at_lr),
              "letter": f.letter, "lr": f.lr}
    for test, hint in EXPECTED.get(diagnosis, []):
        if not test(f):
            return hint.format(**values)
    return READ_THE_LOOP.format(**values)


LECTURE_HINTS = {
    "node 2 gated by relu'(z1)": "a mistake is still missing: run the gradient check where no sample sits on a kink "
                                 "and z3 > 0 everywhere, check_case('H', LINEAR_START): which gradients does it flag, "
                                 "and which do they have in common?",
    "output relu ignored": "a mistake is still missing: compare the gradient check where z3 < 0 on some samples, "
                           "check_case('H', RELU_START), with the one where z3 > 0 everywhere, "
                           "check_case('H', LINEAR_START): what changes?",
    "swapped relu index": "node 1's gradients (w1, w3, b1) pass the check at LINEAR_START, "
                          "check_case('H', LINEAR_START): only node 2 reads the wrong ReLU.",
}


def _choices(answer):
    """The answer as a tuple of names, or None if it is not a name or a list of names."""
    items = (answer,) if isinstance(answer, str) else answer
    if not isinstance(items, (list, tuple, set, frozenset)) or not items:
        return None
    if not all(isinstance(item, str) for item in items):
        return None
    return tuple(dict.fromkeys(item.strip().lower() for item in items))


_CANONICAL = {name.lower(): name for name in DIAGNOSES}


def diagnose(case, answer) -> Verdict:
    """Check a diagnosis of a case (10_find_the_bug): one name of DIAGNOSES (case H: a list of its mistakes).

    correct: the answer is the case's fault, and `reveal(case)` will show the edited lines;
    wrong: a hint that names the tool whose output contradicts the diagnosis; not yet: None.
    """
    case = get_case(case)
    title = f"diagnosis of case {case.letter}"
    if is_empty(answer):
        return not_yet(title, "Replace None with your diagnosis (a name from DIAGNOSES) and run this cell again.")
    chosen = _choices(answer)
    if chosen is None:
        return wrong(title, answer, ["give a name from DIAGNOSES as text, e.g. \"no update\" (case H: a list of "
                                     "names)."])
    if any(c == "the lecture's loop" for c in chosen):
        return wrong(title, answer, ["that is the loop's name: name its mistakes, each a name from DIAGNOSES."])
    unknown = [c for c in chosen if c not in _CANONICAL]
    if unknown:
        return wrong(title, answer, [f"{shown(unknown[0])} is not one of DIAGNOSES: choose from "
                                     f"{', '.join(DIAGNOSES)}."])
    chosen = tuple(_CANONICAL[c] for c in chosen)
    truth = LECTURE_MISTAKES if case.fault == "the lecture's loop" else (case.fault,)
    if set(chosen) == set(truth):
        record_diagnosis(case, True)
        return correct(title, truth if len(truth) > 1 else truth[0], chosen if len(chosen) > 1 else chosen[0],
                       f"reveal('{case.letter}') shows the edited lines and why the tools showed what they showed.")
    hints = []
    if len(truth) > 1:
        found = [c for c in chosen if c in truth]
        if found:
            hints.append(f"{', '.join(found)}: yes, that is in this loop.")
        for c in chosen:
            if c not in truth:
                hints.append(f"{c}: " + LECTURE_HINTS.get(c, hint_for(case, c)))
        hints += [LECTURE_HINTS[m] for m in truth if m not in chosen]
    else:
        hints = [hint_for(case, c) for c in chosen if c not in truth]
        if len(chosen) > 1 and case.fault in chosen:
            hints.insert(0, "this loop has one mistake: give one name.")
    return wrong(title, chosen if len(chosen) > 1 else chosen[0], hints)


# ----------------------------------------------------------------------------------
# The answer, on request
# ----------------------------------------------------------------------------------

WHY = {
    "no update": "The gradients are computed, correctly (the gradient check passes), and thrown away. Every epoch "
                 "evaluates the same nine numbers on the same data: the loss is the same every epoch and no "
                 "parameter ever moves.",
    "frozen bias": "b1 keeps its start value, so frozen_parameters names it. Its gradient is computed correctly (the "
                   "check passes) and is not zero: it is simply never subtracted. The other eight compensate as well "
                   "as they can, so the loss ends above the correct loop's.",
    "equal start": "All nine start at one value, so h1 and h2 compute the same thing, get the same gradients and stay "
                   "copies for ever (the symmetry of notebook 06). Nothing is frozen and every gradient is right; the "
                   "network has one hidden node, twice, and ends above the correct loop.",
    "swapped relu index": "Each hidden node's gradient is gated by the other node's ReLU. Where one node is on and "
                          "the other off, the six hidden gradients are wrong, so the check flags w1..w4, b1, b2 and "
                          "passes w5, w6, b3, which never use relu'. Training follows a wrong direction.",
    "output relu ignored": "The output is relu(z3), but the gradient leaves out relu'(z3). Where z3 < 0 the true "
                           "gradient of that sample is 0 and the loop still pushes with 2 (z3 - y); every gradient "
                           "starts from dL/dz3, so the check flags all nine. Once z3 > 0 on every sample the two "
                           "loops follow the same rule, which is why the loss curve can hardly tell.",
    "sign flip": "param + lr * grad climbs the loss instead of descending it. The gradients are right (the check "
                 "passes) and every parameter moves: only the sign of the step is wrong.",
    "w5 updated first": "w5 and w6 get their new values before the hidden gradients read them, so d_z1 and d_z2 use "
                        "w5 - lr * d_w5 instead of w5. At lr 0 that is the same number, so the check at lr 0 passes; "
                        "at the loop's lr the hidden gradients are off, by more the larger lr * d_w5 is.",
    "the lecture's loop": "Two lines: node 2's gradient reads relu'(z1), and d_z3 = 2 (z3 - y) has no relu'(z3) "
                          "although out = relu(z3). At the lecture start the check flags node 2's gradients (w2, w4, "
                          "b2); the output mistake shows only where z3 < 0 on some sample, and on the lecture's own "
                          "runs z3 stays above 0, so there it costs nothing.",
}
"""Fault -> why the tools showed what they showed (shown by reveal)."""


@dataclass(frozen=True)
class Answer:
    """What reveal shows: the fault, what it means, the edited lines and why (or why not yet)."""

    letter: str
    text: str
    shown: bool

    def __repr__(self) -> str:
        return self.text


def reveal(case, give_up: bool = False) -> Answer:
    """A case's answer: its mistake and the edited lines, only after an accepted diagnosis (10_find_the_bug).

    give_up=True shows it without one (and says so).
    """
    case = get_case(case)
    if check("give_up", give_up, Flag()):
        _give_up(case)
    how = answer_unlocked(case)
    if how is None:
        return Answer(case.letter, f"Case {case.letter}: the answer is shown after your diagnosis is accepted: "
                                   f"diagnose('{case.letter}', ...) first, or reveal('{case.letter}', give_up=True).",
                      False)
    lines = [f"Case {case.letter}: {case.fault}" + (" (you gave up on it)" if how == "given up" else ""),
             f"  {FAULTS[case.fault].meaning}",
             f"The edited lines ('-' the correct loop, '+' case {case.letter}'s loop):"]
    lines += [f"  {line}" for line in edited_lines(case)]
    lines.append("Why the tools showed what they showed: " + WHY[case.fault])
    return Answer(case.letter, "\n".join(lines), True)



class ToolTable:
    """Every case through every tool, and its mistake where the answer is unlocked (10_find_the_bug's summary)."""

    HEAD = ("case", "this loop, epoch 1 -> last", "correct loop", "never moved", "check, lr 0", "check at lr",
            "h1 = h2", "the mistake")

    def __init__(self):
        self.rows = []
        for letter, case in CASES.items():
            f, run, good = facts(letter), run_case(letter), correct_run(letter)
            end = f"diverged at {run.diverged_at}" if run.diverged else f"{run.final_loss:.4g}"
            mistake = (", ".join(LECTURE_MISTAKES) if case.fault == "the lecture's loop" else case.fault) \
                if answer_unlocked(letter) else "(diagnose it first)"
            self.rows.append((letter, f"{run.losses[0]:.4g} -> {end}", f"{good.losses[0]:.4g} -> {good.final_loss:.4g}",
                              "all nine" if f.frozen == NAMES else _named(f.frozen),
                              "hidden six" if set(f.flags) == set(HIDDEN) else
                              "all nine" if set(f.flags) == set(NAMES) else _named(f.flags),
                              "hidden six" if set(f.flags_at_lr) == set(HIDDEN) else
                              "all nine" if set(f.flags_at_lr) == set(NAMES) else _named(f.flags_at_lr),
                              "yes" if f.twins else "no", mistake))

    def __repr__(self) -> str:
        widths = [max(len(str(row[k])) for row in self.rows + [self.HEAD]) for k in range(len(self.HEAD))]
        line = lambda row: "  ".join(f"{str(v):<{w}}" for v, w in zip(row, widths)).rstrip()
        return "\n".join([line(self.HEAD)] + [line(row) for row in self.rows])


def tool_table() -> ToolTable:
    """Every case through every tool (frozen parameters, the check at lr 0 and at the case's lr, h1 = h2),
    its loss beside the correct loop's, and its mistake only where the answer is unlocked (10_find_the_bug)."""
    return ToolTable()


# ----------------------------------------------------------------------------------
# Fix a case's loop on a copy
# ----------------------------------------------------------------------------------

def _as_result(params, losses):
    return tuple(float(v) for v in params), [float(v) for v in losses]


def _reference_loop(output):
    def correct_loop(start, X, y, lr, epochs):
        run = train(start, X, y, lr, epochs, output=output)
        return _as_result(run.params.values, run.losses)
    return correct_loop


def _faulty_loop(fault, output):
    def loop(start, X, y, lr, epochs):
        run = faulty_train(start, X, y, lr, epochs, fault, output)
        return _as_result(run.params.values, run.losses)
    return loop


def _update_once_per_epoch(output):
    """The update lines placed after the sample loop: once per epoch, with the last sample's gradient."""
    def loop(start, X, y, lr, epochs):
        p, losses = start, []
        for _ in range(epochs):
            losses.append(float(loss(p, X, y, output)))
            p = step(p, sample_gradients(p, float(X[-1, 0]), float(X[-1, 1]), float(y[-1]), output), lr)
        return _as_result(p.values, losses)
    return loop


def _same_run(result, truth) -> bool:
    try:
        params, losses = result
        params, losses = _as_numbers(params), _as_numbers(losses)
    except Exception:  # not (nine numbers, a list of losses): not the correct loop's result
        return False
    want_params, want_losses = np.asarray(truth[0]), np.asarray(truth[1])
    return (params.shape == want_params.shape and losses.shape == want_losses.shape
            and bool(np.allclose(params, want_params, rtol=1e-9, atol=1e-12))
            and bool(np.allclose(losses, want_losses, rtol=1e-9, atol=1e-12)))


def _as_numbers(values) -> np.ndarray:
    """Numbers of a student's result as a float array; text (even numeric text) is not a number."""
    if isinstance(values, (str, bytes)) or (isinstance(values, (list, tuple)) and any(
            isinstance(v, (str, bytes)) for v in values)):
        raise TypeError("text is not a number")
    array = np.asarray(values)
    if array.dtype.kind not in "iuf":
        raise TypeError("not real numbers")
    return array.astype(np.float64)


def fix_mistakes(output: str) -> list[Mistake]:
    """Typical wrong fixes of a loop: each the course's loop with that mistake planted (faulty_train)."""
    return [
        Mistake("no update", "the parameters never change: the update lines are still missing.",
                _faulty_loop("no update", output)),
        Mistake("sign flip", "the update adds lr * gradient: gradient descent subtracts it, param - lr * d_param.",
                _faulty_loop("sign flip", output)),
        Mistake("frozen bias", "b1 is not updated: each of the nine parameters needs its update.",
                _faulty_loop("frozen bias", output)),
        Mistake("w5 updated first", "w5 and w6 are updated before d_z1 and d_z2 read them: compute every gradient "
                                    "first, then update all nine.", _faulty_loop("w5 updated first", output)),
        Mistake("update once per epoch", "the update lines sit after the sample loop (one indent too few): they must "
                                         "run once per sample, inside `for (x1, x2), target in ...`.",
                _update_once_per_epoch(output)),
    ]


def check_fixed_loop(function, case="C") -> Verdict:
    """The student's fixed copy of a case's loop against the correct loop (nnmath.train) (10_find_the_bug).

    function(start, X, y, lr, epochs) -> (nine final values, list of epoch losses), like the case's loop;
    checked on the case's start and lr for 3 epochs and on a second start, data and lr.
    """
    case = get_case(case)
    X, y = case_data()
    inputs = [(case.start, X, y, case.lr, 3), (LECTURE_START_2, X[:40], y[:40], 1e-3, 2)]
    return check_function(function, _reference_loop(case.output), inputs, f"case {case.letter}'s loop, fixed",
                          fix_mistakes(case.output), same=_same_run)


# ----------------------------------------------------------------------------------
# Gradient code with a planted bug: which parameters does the check flag, and the fix
# ----------------------------------------------------------------------------------

def check_flags(answer, gradient_function, params: Params, X, y, title: str = "parameters the check flags") -> Verdict:
    """Which parameters the gradient check flags for some gradient code (10_find_the_bug).

    answer: names (a tuple or list, () for none); the true ones are those that
    `core.cases.check_gradient_function(gradient_function, params, X, y)` flags.
    """
    title = validate(title=title)
    truth = flagged(check_gradient_function(gradient_function, params, X, y))
    if is_empty(answer):
        return not_yet(title)
    items = (answer,) if isinstance(answer, str) else answer
    if not isinstance(items, (list, tuple, set, frozenset)) or not all(isinstance(a, str) for a in items):
        return wrong(title, answer, ["give the names as a tuple of text, e.g. (\"w1\", \"b1\"), or () for none."])
    items = [str.__str__(a) for a in items]
    unknown = [a for a in items if a not in NAMES]
    if unknown:
        return wrong(title, answer, [f"{shown(unknown[0])} is not a parameter: use w1..w6, b1..b3."])
    mine = tuple(name for name in NAMES if name in set(items))
    if mine == truth:
        return correct(title, truth, mine, "only the gradient computed by the changed line is wrong.")
    extra = [n for n in mine if n not in truth]
    hints = []
    if extra:
        hints.append(f"{', '.join(extra)}: their gradient lines are untouched, so they pass; a wrong line spoils "
                     "only the gradient it computes.")
    if len(mine) < len(truth) or not extra:
        hints.append("find the line that differs from the chain rule and ask which gradient it computes; on these "
                     "samples, does its wrong value differ from the right one?")
    return wrong(title, mine, hints)


GRADIENT_CODE_INPUTS = [
    (LINEAR_START, 1.0, 0.0, 2.0),
    (LINEAR_START, 2.0, 3.0, 9.0),
    (RELU_START.replace(b3=0.3), 3.0, 5.0, 15.0),
    (Params(0.7, -1.2, 0.4, 0.9, -0.6, 1.3, 0.2, -0.1, 0.8), 1.5, 2.5, 4.0),
]
"""(params, x1, x2, y) on which gradient code is compared with the reference: h1 and h2 each on and off."""


def _one_sample_mistake(name: str, hint: str, planted) -> Mistake:
    def gradients_with_mistake(p, x1, x2, y):
        X, Y = np.array([[x1, x2]], dtype=np.float64), np.array([y], dtype=np.float64)
        return loss_and_gradients_one(p, x1, x2, y)[0], Params(*planted(p, X, Y, "linear")[:, 0].tolist())
    return Mistake(name, hint, gradients_with_mistake)


def _same_gradients(result, truth) -> bool:
    try:
        value, grads = result
        mine = np.concatenate([_as_numbers([value]), _as_numbers(grads.values if isinstance(grads, Params) else grads)])
    except Exception:  # not (loss, Params): not the reference's result
        return False
    want = np.array([truth[0]] + list(truth[1].values))
    return mine.shape == want.shape and bool(np.allclose(mine, want, rtol=1e-9, atol=1e-12))


def planted_w3(p, x1, x2, y):
    """The reference's gradients with d_w3 computed from x1 instead of x2 (the planted bug of 10's exercise)."""
    value, g = loss_and_gradients_one(p, x1, x2, y)
    return value, g.replace(w3=g.b1 * x1)


def check_gradient_code(function) -> Verdict:
    """Fixed gradient code: function(p, x1, x2, y) -> (loss, Params of the nine gradients) (10_find_the_bug).

    Compared with `nnmath.loss_and_gradients_one` on GRADIENT_CODE_INPUTS; the planted bug and the
    usual chain-rule mistakes get their own hints.
    """
    mistakes = [Mistake("x1 in d_w3", "d_w3 still uses x1: z1 = x1*w1 + x2*w3 + b1, so dz1/dw3 = x2.", planted_w3)]
    mistakes += [_one_sample_mistake(name, hint, planted) for name, (hint, planted) in GRADIENT_MISTAKES.items()
                 if name not in ("output relu' missing", "z3 in place of out")]
    return check_function(function, loss_and_gradients_one, GRADIENT_CODE_INPUTS, "gradient code, fixed",
                          mistakes, same=_same_gradients)


__all__ = ["LOOPS", "CORRECT_LOOPS", "loop_source", "edited_lines", "DIAGNOSES", "LECTURE_MISTAKES", "diagnose",
           "reveal", "hint_for", "facts", "tool_table", "check_fixed_loop", "check_flags", "check_gradient_code", "planted_w3",
           "GRADIENT_CODE_INPUTS"]
