"""The exercise machinery: the verdict's text and HTML, and the four building blocks (number, nine, function, choice).

The ready-made checks of the notebooks are tested in test_exercises_checks.py.
"""
import numpy as np
import pytest

from nnmath import NAMES, Params
from nnmath.exercises import (MARKER, Mistake, Verdict, check_choice, check_function, check_nine, check_number,
                              find_verdicts)
from nnmath.exercises.verdict import correct, not_yet, shown, size, wrong

TRUE = Params(1, 2, 3, 4, 5, 6, 7, 8, 9)
HALF = Params(*(TRUE.to_array() / 2).tolist())


# ---------------------------------------------------------------- the verdict


def test_a_verdict_is_one_marked_line_then_labelled_lines():
    v = wrong("dloss/dw1", 0.5, ["the factor 2 is missing."], ["factor 2 missing"])
    assert repr(v) == "[exercise] dloss/dw1: wrong. your value 0.5\n  hint: the factor 2 is missing."
    assert repr(v).startswith(MARKER)
    assert find_verdicts(repr(v)) == [("dloss/dw1", "wrong")]
    assert not v.correct and v.mistakes == ("factor 2 missing",)


def test_correct_shows_true_value_beside_yours_and_wrong_never_shows_the_true_value():
    assert correct("out", 4.5, 4.5000001).text == "[exercise] out: correct. true value 4.5 / your value 4.5"
    v = check_number(4.0, 4.5, "out")
    assert "4.5" not in v.text and "your value 4" in v.text


def test_not_yet_says_what_to_do():
    assert not_yet("out").text == ("[exercise] out: not yet. Replace None with your answer and run this cell "
                                   "again.")


def test_status_must_be_one_of_three():
    with pytest.raises(ValueError, match="status must be one of"):
        Verdict("out", "almost")


def test_html_shows_the_same_words_escaped_and_has_no_random_parts():
    v = wrong("a < b", "x & y", ["use <details>"])
    page = v._repr_html_()
    assert "a &lt; b" in page and "&#x27;x &amp; y&#x27;" in page and "use &lt;details&gt;" in page
    assert 'data-status="wrong"' in page
    assert page == wrong("a < b", "x & y", ["use <details>"])._repr_html_()


def test_find_verdicts_reads_every_verdict_in_a_text():
    text = "\n".join([correct("a", 1, 1).text, "other output", not_yet("b: c").text])
    assert find_verdicts(text) == [("a", "correct"), ("b: c", "not yet")]


@pytest.mark.parametrize("value, text", [
    (4.5, "4.5"), (1 / 3, "0.333333"), (-0.0, "0"), (2, "2"), (np.float64(1e-7), "1e-07"), (None, "None"),
    ("4.5", "'4.5'"), (float("nan"), "nan"), (Params(*range(9)), "Params(w1=0, w2=1, w3=2, w4=3, w5=4, w6=5, "
                                                               "b1=6, b2=7, b3=8)"),
    (np.array([0.123456, -0.0]), "[0.123456, 0]"), (np.ones((8, 8)), "array of shape (8, 8): 1, 1, 1, 1, ..."),
])
def test_values_are_shown_rounded_and_the_same_every_run(value, text):
    assert shown(value) == text


@pytest.mark.parametrize("value, text", [
    (4.5, "positive, between 1 and 10 in size"), (-0.03, "negative, between 0.01 and 0.1 in size"), (0.0, "0"),
])
def test_size_gives_sign_and_order_of_magnitude_without_digits(value, text):
    assert size(value) == text


# ---------------------------------------------------------------- check_number

HALVED = Mistake("factor 2 missing", "the factor 2 is missing.", 0.5)
FLIPPED = Mistake("sign flipped", "the sign is flipped.", -1.0)
HARMLESS = Mistake("relu' missing", "relu' is missing.", 1.0)  # gives the true value here: never reported


def test_check_number_right_wrong_recognised_unrecognised_and_empty():
    mistakes = [HALVED, FLIPPED, HARMLESS]
    assert check_number(1.0, 1.0, "g", mistakes).correct
    assert check_number(1.0004, 1.0, "g", mistakes).correct  # 3 significant digits are enough
    v = check_number(0.5, 1.0, "g", mistakes)
    assert v.status == "wrong" and v.mistakes == ("factor 2 missing",) and "the factor 2 is missing." in v.text
    v = check_number(7.0, 1.0, "g", mistakes)
    assert v.mistakes == () and "not one of the usual mistakes" in v.text
    assert "the true value is positive, between 1 and 10 in size; yours is positive, between 1 and 10" in v.text
    assert check_number(None, 1.0, "g", mistakes).status == "not yet"
    assert check_number(..., 1.0, "g", mistakes).status == "not yet"


@pytest.mark.parametrize("answer", ["1.0", [1.0], True, 1j])
def test_check_number_refuses_what_is_not_one_number(answer):
    v = check_number(answer, 1.0, "g")
    assert v.status == "wrong" and "give one number" in v.text


def test_check_number_accepts_numpy_numbers():
    assert check_number(np.float32(0.25), 0.25, "loss").correct
    assert check_number(np.array(0.25), 0.25, "loss").correct


def test_two_mistakes_giving_the_same_number_are_both_named():
    v = check_number(-1.0, 1.0, "g", [FLIPPED, Mistake("update sign", "you added the step.", -1.0)])
    assert v.mistakes == ("sign flipped", "update sign")
    assert "your value is what each of these mistakes gives:" in v.text and "  - you added the step." in v.text


def test_a_true_value_of_zero_is_compared_absolutely():
    assert check_number(1e-12, 0.0, "g").correct
    assert not check_number(1e-3, 0.0, "g").correct


# ---------------------------------------------------------------- check_nine


@pytest.mark.parametrize("answer", [TRUE, TRUE.as_dict(), {f"d_{n}": v for n, v in TRUE.as_dict().items()},
                                    list(TRUE.values), TRUE.to_array()])
def test_check_nine_takes_params_dicts_and_lists(answer):
    assert check_nine(answer, TRUE, "grads").correct


def test_check_nine_recognises_a_mistake_of_the_whole_set():
    v = check_nine(HALF, TRUE, "grads", [Mistake("factor 2 missing", "the factor 2 is missing.", HALF)])
    assert v.mistakes == ("factor 2 missing",) and "hint: the factor 2 is missing." in v.text


def test_check_nine_names_each_wrong_value_and_the_mistake_that_explains_it():
    answer = TRUE.replace(w1=0.5, b3=100.0)
    v = check_nine(answer, TRUE, "grads", [Mistake("factor 2 missing", "the factor 2 is missing.", HALF)])
    assert v.status == "wrong" and v.mistakes == ("factor 2 missing",)
    assert "hint: 7 of 9 right." in v.text
    assert "hint: w1: the factor 2 is missing." in v.text
    assert "hint: b3: not one of the usual mistakes" in v.text


def test_check_nine_is_not_yet_while_any_value_is_none():
    assert check_nine(None, TRUE, "grads").status == "not yet"
    assert check_nine({n: None for n in NAMES}, TRUE, "grads").status == "not yet"
    v = check_nine({**TRUE.as_dict(), "w3": None}, TRUE, "grads")
    assert v.status == "not yet" and "Still None: w3." in v.text


@pytest.mark.parametrize("answer", [[1, 2, 3], {"w1": 1}, "nine", {**TRUE.as_dict(), "w2": "2"}])
def test_check_nine_refuses_what_is_not_nine_numbers(answer):
    v = check_nine(answer, TRUE, "grads")
    assert v.status == "wrong" and "give" in v.text


# ---------------------------------------------------------------- check_function


def double(x):
    return 2 * x


DOUBLE_INPUTS = [(1.0,), (-3.0,), (np.array([1.0, 2.0]),)]
FORGOT_TWO = Mistake("forgot the 2", "multiply by 2.", lambda x: x)


def test_check_function_right_recognised_unrecognised():
    assert check_function(lambda x: x + x, double, DOUBLE_INPUTS, "double(x)", [FORGOT_TWO]).correct
    v = check_function(lambda x: x, double, DOUBLE_INPUTS, "double(x)", [FORGOT_TWO])
    assert v.mistakes == ("forgot the 2",) and "hint: multiply by 2." in v.text
    v = check_function(lambda x: 3 * x, double, DOUBLE_INPUTS, "double(x)", [FORGOT_TWO])
    assert v.status == "wrong" and "on test input 1 of 3" in v.text and v.mistakes == ()


def test_a_mistake_must_match_on_every_input():
    # equals the mistake (x) on input 1 only: not recognised
    v = check_function(lambda x: x if np.ndim(x) == 0 and x == 1.0 else 3 * x, double, DOUBLE_INPUTS, "double(x)",
                       [FORGOT_TWO])
    assert v.mistakes == ()


def not_written(x):
    raise NotImplementedError


def stub(x):
    result = None  # the student's starting line
    return result


@pytest.mark.parametrize("function", [None, not_written, stub])
def test_check_function_is_not_yet_for_a_stub(function):
    v = check_function(function, double, DOUBLE_INPUTS, "double(x)")
    assert v.status == "not yet" and "Write the function's body" in v.text


def test_an_exception_is_wrong_with_its_message_and_an_explained_hint():
    def broken(x):
        return x @ x

    v = check_function(broken, double, DOUBLE_INPUTS, "double(x)",
                       explain_error=lambda e: "a number has no matrix product." if isinstance(e, TypeError) else None)
    assert v.status == "wrong" and "your function raised TypeError: unsupported operand" in v.detail
    assert "hint: a number has no matrix product." in v.text
    v = check_function(broken, double, DOUBLE_INPUTS, "double(x)")
    assert "hint: read the error above" in v.text


def test_a_function_that_changes_its_arguments_cannot_spoil_the_check():
    def in_place(x):
        if isinstance(x, np.ndarray):
            x *= 2
            return x
        return 2 * x

    assert check_function(in_place, double, DOUBLE_INPUTS, "double(x)").correct


def test_check_function_refuses_what_is_not_a_function():
    assert check_function(4.5, double, DOUBLE_INPUTS, "double(x)").status == "wrong"


# ---------------------------------------------------------------- check_choice


def test_check_choice_right_wrong_with_its_reason_and_empty():
    options = [0.01, 0.1, 1.0]
    reasons = {0.01: "too small to diverge.", 1.0: "diverges, but 0.1 does first."}
    v = check_choice(0.1, options, 0.1, "first to diverge", reasons, why="2/s = 0.05")
    assert v.correct and "why: 2/s = 0.05" in v.text
    v = check_choice(1, options, 0.1, "first to diverge", reasons)
    assert v.status == "wrong" and "hint: diverges, but 0.1 does first." in v.text
    assert check_choice(None, options, 0.1, "first to diverge").status == "not yet"
    v = check_choice(0.5, options, 0.1, "first to diverge")
    assert "choose one of: 0.01, 0.1, 1." in v.text


def test_check_choice_compares_text_ignoring_case_and_spaces():
    options = ["no update", "frozen bias", "sign flip"]
    assert check_choice("  Sign Flip ", options, "sign flip", "case A").correct
    assert check_choice("frozen bias", options, "sign flip", "case A").status == "wrong"
