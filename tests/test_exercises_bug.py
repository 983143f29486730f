"""10_find_the_bug's exercises: the loops shown are the loops that ran, a diagnosis is checked with a hint that names
the telling tool, the answer stays hidden until then, and the two code exercises know the usual wrong fixes."""
import numpy as np
import pytest

from nnmath import Params, faulty_train, relu, relu_prime, train
from nnmath.core.cases import CASES, LINEAR_START, RELU_START, answer_unlocked, case_data, lock_all
from nnmath.core.faults import FAULTS
from nnmath.core.init import LECTURE_START_2
from nnmath.core.reference import loss_and_gradients_one
from nnmath.exercises.bug import (CORRECT_LOOPS, DIAGNOSES, LECTURE_MISTAKES, LOOPS, check_fixed_loop, check_flags,
                                  check_gradient_code, diagnose, edited_lines, facts, hint_for, loop_source, planted_w3,
                                  reveal, tool_table)

X, Y = case_data()


@pytest.fixture(autouse=True)
def fresh_student():
    lock_all()
    yield
    lock_all()


# ----------------------------------------------------------------------------------
# The loops shown are the loops that ran
# ----------------------------------------------------------------------------------

@pytest.mark.parametrize("letter", list(CASES))
def test_each_case_loop_gives_exactly_the_numbers_of_faulty_train(letter):
    case = CASES[letter]
    run = faulty_train(case.start, X, Y, case.lr, case.epochs, case.fault, case.output)
    params, losses = LOOPS[letter](case.start, X, Y, case.lr, run.epochs_run)  # G diverges: compare what ran
    assert params == run.params.values and losses == run.losses.tolist()
    if letter != "E":  # another start and rate, on part of the data
        other = faulty_train(LECTURE_START_2, X[:30], Y[:30], 1e-3, 3, case.fault, case.output)
        assert LOOPS[letter](LECTURE_START_2, X[:30], Y[:30], 1e-3, 3) == (other.params.values, other.losses.tolist())


@pytest.mark.parametrize("output", ["linear", "relu"])
def test_the_correct_loops_are_nnmath_train_bit_for_bit(output):
    for start in (LINEAR_START, RELU_START, LECTURE_START_2):
        run = train(start, X, Y, 1e-3, 5, output=output)
        assert CORRECT_LOOPS[output](start, X, Y, 1e-3, 5) == (run.params.values, run.losses.tolist())


EDITS = {  # letter -> (lines taken out of the correct loop, lines put in), by what they contain
    "A": (["b1, b2, b3 = b1 - lr * d_b1"], ["b2, b3 = b2 - lr * d_b2"]),
    "B": (["relu_prime(z1)", "relu_prime(z2)"], ["relu_prime(z2)", "relu_prime(z1)"]),
    "C": (["w1, w2, w3, w4 = w1 - lr", "w5, w6 = w5 - lr", "b1, b2, b3 = b1 - lr"], []),
    "D": (["d_z3 = 2.0 * error * relu_prime(z3)"], ["d_z3 = 2.0 * (z3 - target)"]),
    "E": (["= start.values"], ["w1 = w2 = w3 = w4 = w5 = w6 = b1 = b2 = b3 = 0.5"]),
    "F": (["w1 - lr", "w5 - lr", "b1 - lr"], ["w1 + lr", "w5 + lr", "b1 + lr"]),
    "G": (["w5, w6 = w5 - lr * d_w5, w6 - lr * d_w6"], ["w5, w6 = w5 - lr * d_w5, w6 - lr * d_w6"]),
    "H": (["d_z3 = 2.0 * error * relu_prime(z3)", "d_z2 = d_z3 * w6 * relu_prime(z2)"],
          ["d_z3 = 2.0 * (z3 - target)", "d_z2 = d_z3 * w6 * relu_prime(z1)"]),
}


@pytest.mark.parametrize("letter", list(CASES))
def test_each_loop_differs_from_the_correct_one_in_its_edit_only(letter):
    lines = edited_lines(letter)
    taken, put = [l[1:] for l in lines if l.startswith("-")], [l[1:] for l in lines if l.startswith("+")]
    out, into = EDITS[letter]
    assert len(taken) == len(out) and all(text in line for text, line in zip(out, taken)), lines
    assert len(put) == len(into) and all(text in line for text, line in zip(into, put)), lines
    source = loop_source(letter)
    assert source.startswith(f"def loop_{letter}(start, X, y, lr, epochs):")
    assert CASES[letter].fault not in source and "#" not in source and '"""' not in source  # nothing gives it away


def test_a_copied_loop_runs_in_a_fresh_namespace_with_the_course_imports():
    namespace = {"relu": relu, "relu_prime": relu_prime}
    exec(loop_source("C").replace("def loop_C", "def my_loop"), namespace)
    case = CASES["C"]
    assert namespace["my_loop"](case.start, X, Y, case.lr, 2) == LOOPS["C"](case.start, X, Y, case.lr, 2)


# ----------------------------------------------------------------------------------
# Diagnose and reveal
# ----------------------------------------------------------------------------------

@pytest.mark.parametrize("letter", list(CASES))
def test_the_right_diagnosis_is_correct_and_unlocks_the_answer(letter):
    case = CASES[letter]
    answer = list(LECTURE_MISTAKES) if letter == "H" else case.fault
    locked = reveal(letter)
    assert not locked.shown and case.fault not in locked.text and "diagnose" in locked.text
    assert diagnose(letter, None).status == "not yet" and answer_unlocked(letter) is None
    verdict = diagnose(letter, answer)
    assert verdict.correct and verdict.text.startswith(f"[exercise] diagnosis of case {letter}: correct.")
    shown = reveal(letter)
    assert shown.shown and case.fault in shown.text and FAULTS[case.fault].meaning in shown.text
    assert all(line in shown.text for line in edited_lines(letter))


@pytest.mark.parametrize("letter", [k for k in CASES if k != "H"])
def test_every_wrong_diagnosis_is_wrong_with_a_hint_and_never_unlocks(letter):
    for name in DIAGNOSES:
        if name == CASES[letter].fault:
            continue
        verdict = diagnose(letter, name)
        assert verdict.status == "wrong" and verdict.lines and verdict.lines[0].startswith("hint: "), (letter, name)
        assert CASES[letter].fault not in " ".join(verdict.lines)  # a hint never names the answer
    assert answer_unlocked(letter) is None


@pytest.mark.parametrize("letter, wrong, telling", [
    ("F", "swapped relu index", "flags nothing"),             # the check passes: the gradients are right
    ("B", "sign flip", "the gradients themselves are wrong"),  # the check flags: not just the update
    ("G", "lr too large", "correct loop runs at the same lr"),
    ("G", "sign flip", "this curve does not"),
    ("A", "no update", "names b1"),
    ("C", "frozen bias", "w1, w2, w3, w4, w5, w6, b1, b2, b3"),
    ("C", "dead hidden node", "never b3"),
    ("E", "no bug", "not the correct loop's"),
    ("D", "no bug", "not the correct loop's"),
    ("B", "output relu ignored", "no ReLU on its output"),
    ("F", "w5 updated first", "lr=1e-06"),
    ("A", "equal start", "they differ"),
])
def test_a_wrong_diagnosis_gets_the_hint_of_the_tool_that_tells_them_apart(letter, wrong, telling):
    assert telling in hint_for(letter, wrong)
    assert telling in diagnose(letter, wrong).text


def test_the_lecture_case_wants_both_of_its_mistakes():
    one = diagnose("H", "output relu ignored")
    assert one.status == "wrong" and "yes, that is in this loop" in one.text and "LINEAR_START" in one.text
    other = diagnose("H", ["node 2 gated by relu'(z1)"])
    assert other.status == "wrong" and "RELU_START" in other.text
    swapped = diagnose("H", ["swapped relu index", "output relu ignored"])
    assert swapped.status == "wrong" and "only node 2 reads the wrong ReLU" in swapped.text
    assert "name its mistakes" in diagnose("H", "the lecture's loop").text
    assert answer_unlocked("H") is None
    assert diagnose("H", ("Output ReLU ignored", " node 2 gated by relu'(z1)")).correct  # case and spaces ignored


def test_answers_that_are_not_names_are_wrong_and_say_what_is_wanted():
    assert "give a name from DIAGNOSES" in diagnose("A", 3).text
    assert "not one of DIAGNOSES" in diagnose("A", "bias stuck").text
    assert "give one name" in diagnose("A", ["frozen bias", "no update"]).text
    assert diagnose("A", " Frozen Bias").correct


def test_giving_up_reveals_and_says_so():
    answer = reveal("D", give_up=True)
    assert answer.shown and "(you gave up on it)" in answer.text and answer_unlocked("D") == "given up"
    with pytest.raises(ValueError, match="give_up"):
        reveal("D", give_up="yes")


def test_the_facts_behind_the_hints_are_the_tools_outputs():
    f = facts("G")
    assert f.flags == () and f.flags_at_lr == ("w1", "w2", "w3", "w4", "b1", "b2") and f.correct_falls
    assert facts("E").twins and facts("C").frozen == tuple(Params.NAMES) and facts("F").climbs


def test_the_tool_table_names_a_mistake_only_once_its_answer_is_unlocked():
    before = repr(tool_table())
    assert all(CASES[k].fault not in before for k in "ABCDEFG") and before.count("(diagnose it first)") == 8
    diagnose("B", "swapped relu index")
    after = repr(tool_table())
    assert "swapped relu index" in after and after.count("(diagnose it first)") == 7


# ----------------------------------------------------------------------------------
# Fix a loop on a copy; gradient code with a planted bug
# ----------------------------------------------------------------------------------

def _fixed_c(start, X, y, lr, epochs):
    return CORRECT_LOOPS["linear"](start, X, y, lr, epochs)


def test_a_fixed_loop_is_correct_and_the_unfixed_one_not_yet_fixed():
    assert check_fixed_loop(_fixed_c, "C").correct
    assert check_fixed_loop(None, "C").status == "not yet"
    unfixed = check_fixed_loop(LOOPS["C"], "C")
    assert unfixed.status == "wrong" and unfixed.mistakes == ("no update",)


@pytest.mark.parametrize("letter, mistake", [("F", "sign flip"), ("A", "frozen bias"), ("G", "w5 updated first")])
def test_each_usual_wrong_fix_gets_its_hint(letter, mistake):
    def wrong_fix(start, X, y, lr, epochs):  # that case's loop, but with the linear output of case C
        case = CASES["C"]
        run = faulty_train(start, X, y, lr, epochs, mistake, case.output)
        return run.params.values, run.losses.tolist()

    verdict = check_fixed_loop(wrong_fix, "C")
    assert verdict.status == "wrong" and verdict.mistakes == (mistake,)


def test_updating_after_the_sample_loop_is_recognised():
    source = loop_source("C").replace("def loop_C", "def once")
    update = ("        w1, w2, w3, w4 = w1 - lr * d_w1, w2 - lr * d_w2, w3 - lr * d_w3, w4 - lr * d_w4\n"
              "        w5, w6 = w5 - lr * d_w5, w6 - lr * d_w6\n"
              "        b1, b2, b3 = b1 - lr * d_b1, b2 - lr * d_b2, b3 - lr * d_b3\n")
    source = source.replace("        losses.append", update + "        losses.append")
    namespace = {"relu": relu, "relu_prime": relu_prime}
    exec(source, namespace)
    verdict = check_fixed_loop(namespace["once"], "C")
    assert verdict.status == "wrong" and verdict.mistakes == ("update once per epoch",)


def test_a_fixed_loop_that_raises_or_returns_the_wrong_shape_is_wrong():
    def broken(start, X, y, lr, epochs):
        raise KeyError("w7")

    assert "raised KeyError" in check_fixed_loop(broken, "C").text
    assert check_fixed_loop(lambda start, X, y, lr, epochs: (1.0, 2.0), "C").status == "wrong"


def _buggy_flags_on_the_lecture_sample():
    return planted_w3, LINEAR_START, np.array([[1.0, 0.0]]), np.array([2.0])


def test_which_parameters_the_check_flags():
    args = _buggy_flags_on_the_lecture_sample()
    assert check_flags(("w3",), *args).correct
    assert check_flags(["w3"], *args).correct
    assert check_flags(None, *args).status == "not yet"
    extra = check_flags(("w3", "w1"), *args)
    assert extra.status == "wrong" and "w1: their gradient lines are untouched" in extra.text
    assert check_flags((), *args).status == "wrong"
    assert "not a parameter" in check_flags(("w7",), *args).text
    assert "tuple of text" in check_flags(3, *args).text


def test_fixed_gradient_code():
    assert check_gradient_code(loss_and_gradients_one).correct
    assert check_gradient_code(None).status == "not yet"
    still = check_gradient_code(planted_w3)
    assert still.status == "wrong" and still.mistakes == ("x1 in d_w3",)

    def halved(p, x1, x2, y):
        value, g = loss_and_gradients_one(p, x1, x2, y)
        return value, Params(*(0.5 * g.to_array()).tolist())

    assert check_gradient_code(halved).mistakes == ("factor 2 missing",)
