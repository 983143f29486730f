"""06_initialisation's checks: which parameters never move, which start keeps h1 and h2 identical.

The expected sets are worked out by hand on the lecture's data (x1 in 0..4, x2 in 3..6, every input >= 0):
the tool-2 start w = (1.5, 0.5, -2, -0.5, 1.5, 1.2), b = (0.5, -0.35, 0.5) with b1 = -20 has
z1 = 1.5 x1 - 2 x2 - 20 <= 6 - 6 - 20 < 0 on every row, so h1 is dead and w1, w3, b1, w5 never move,
while z2 = 0.5 x1 - 0.5 x2 - 0.35 < 0 too (x1 - x2 <= 1): h2 is dead as well at this start.
So the example below uses b2 = 5 to keep h2 alive (z2 >= 0 - 3 + 5 > 0 on every row).
"""
import nnmath
import pytest
from nnmath import Params
from nnmath.core.init import LECTURE_START_2
from nnmath.exercises.initialisation_extra import (check_identical_nodes, check_never_move, keeps_nodes_identical,
                                                   never_moved)

X, Y = nnmath.data.lecture_data()
START = LECTURE_START_2.replace(b1=-20.0, b2=5.0)
LR, EPOCHS = 0.0004, 50
FROZEN = ("w1", "w3", "w5", "b1")


def check(answer):
    return check_never_move(answer, START, X, Y, LR, EPOCHS)


def test_the_dead_node_freezes_its_four():
    assert never_moved(START, X, Y, LR, EPOCHS) == FROZEN


@pytest.mark.parametrize("answer", [FROZEN, list(FROZEN), "w1, w3, w5, b1", "B1 W5 W3 W1", {"w5", "w1", "w3", "b1"}])
def test_never_move_right_answer_in_any_spelling(answer):
    assert check(answer).correct


@pytest.mark.parametrize("answer, mistake", [
    (("w1", "w3", "b1"), "outgoing weight left out"),
    (("w2", "w4", "w6", "b2"), "the live node"),
    (("w1", "w3", "w5", "b1", "b3"), "b3 added"),
])
def test_never_move_typical_mistakes_get_their_hint(answer, mistake):
    verdict = check(answer)
    assert verdict.status == "wrong" and mistake in verdict.mistakes and "hint: " in verdict.text, verdict.text


def test_never_move_other_wrong_answers_say_what_is_missing_or_extra():
    assert "missing" in check(("w1",)).text
    assert "b2 does move" in check(FROZEN + ("b2",)).text
    assert "the names are w1..w6 and b1..b3" in check(("q1",)).text
    assert check(42).status == "wrong"


def test_never_move_empty_answer_is_not_yet():
    assert check(None).status == "not yet"


CANDIDATES = {
    "A": Params.from_lists((1, 1, -0.5, -0.5, 0.8, 0.8), (0.3, 0.3, 0.2)),    # every pair equal
    "B": Params.from_lists((1, 1, -0.5, -0.5, 0.8, -0.8), (0.3, 0.3, 0.2)),   # w5 != w6
    "C": Params.from_lists((1, -0.5, 1, -0.5, 0.8, 0.8), (0.3, 0.3, 0.2)),    # w1 != w2 (pairs read along a node)
    "D": Params.from_lists((0.8,) * 6, (0.3, 0.2, 0.2)),                      # b1 != b2
}


def test_only_the_start_with_equal_pairs_keeps_the_nodes_identical():
    assert [k for k, p in CANDIDATES.items() if keeps_nodes_identical(p, X, Y, LR, EPOCHS)] == ["A"]


@pytest.mark.parametrize("answer, pair", [("B", "w5 = 0.8 but w6 = -0.8"), ("C", "w1 = 1 but w2 = -0.5"),
                                          ("D", "b1 = 0.3 but b2 = 0.2")])
def test_identical_nodes_wrong_choice_names_the_pair_that_differs(answer, pair):
    verdict = check_identical_nodes(answer, CANDIDATES, X, Y, LR, EPOCHS)
    assert verdict.status == "wrong" and pair in verdict.text, verdict.text


def test_identical_nodes_right_empty_and_unknown():
    assert check_identical_nodes("a", CANDIDATES, X, Y, LR, EPOCHS).correct
    assert check_identical_nodes(None, CANDIDATES, X, Y, LR, EPOCHS).status == "not yet"
    assert check_identical_nodes("E", CANDIDATES, X, Y, LR, EPOCHS).status == "wrong"


def test_identical_nodes_refuses_a_question_without_exactly_one_answer():
    with pytest.raises(ValueError, match="exactly one"):
        check_identical_nodes("A", {"A": CANDIDATES["A"], "A2": CANDIDATES["A"]}, X, Y, LR, EPOCHS)
