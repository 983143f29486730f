"""01's extra forward-pass checks: right answer correct, each typical wrong answer its hint, None not yet.

Numbers by hand, at the lecture start w = (1, 0.5, 1, -0.5, 1, 1), b = (0.5, 0, 0.5):
x = (-2, 1): z1 = -2*1 + 1*1 + 0.5 = -0.5, h1 = 0; z2 = -2*0.5 + 1*(-0.5) + 0 = -1.5, h2 = 0.
x = (1, 2):  z1 = 1 + 2 + 0.5 = 3.5, h1 = 3.5; z2 = 0.5 - 1 + 0 = -0.5, h2 = 0.
x = (1, 0):  z2 = 0.5 (h2 on); with b2 = -1, z2 = -0.5 (off).
"""
import pytest

from nnmath.core.init import LECTURE_START
from nnmath.exercises.forward_extra import check_hidden, check_node_off, hidden_mistakes


def assert_hint(verdict, mistake):
    assert verdict.status == "wrong", verdict.text
    assert mistake in verdict.mistakes, verdict.text
    assert "hint: " in verdict.text


@pytest.mark.parametrize("name, x1, x2, value", [("z1", -2, 1, -0.5), ("h1", -2, 1, 0.0), ("z2", -2, 1, -1.5),
                                                  ("h2", -2, 1, 0.0), ("z1", 1, 2, 3.5), ("h2", 1, 2, 0.0)])
def test_hidden_right(name, x1, x2, value):
    assert check_hidden(value, name, x1, x2).correct


def test_hidden_empty_and_not_a_number():
    assert check_hidden(None, "z1").status == "not yet"
    assert check_hidden("a lot", "z1").status == "wrong"


HIDDEN_CASES = [
    # (name, x1, x2, answer, mistake)
    ("z1", -2, 1, -1.0, "bias missing"),        # -2 + 1 + 0
    ("z1", -2, 1, -1.0, "w2 and w3 swapped"),   # -2*1 + 1*0.5 + 0.5
    ("z1", -2, 1, 0.0, "relu applied"),         # relu(-0.5)
    ("h1", -2, 1, -0.5, "relu missing"),        # z1 kept although negative
    ("z1", -2, 1, -1.5, "other node"),          # that is z2
    ("z2", 1, 2, 0.5, "x1 and x2 swapped"),     # read as (2, 1): 2*0.5 + 1*(-0.5) + 0 = 0.5
]


@pytest.mark.parametrize("name, x1, x2, answer, mistake", HIDDEN_CASES)
def test_hidden_typical_mistakes_get_their_hint(name, x1, x2, answer, mistake):
    assert_hint(check_hidden(answer, name, x1, x2), mistake)


def test_hidden_cases_cover_every_mistake():
    names = {m.name for m in hidden_mistakes("z1", LECTURE_START, -2, 1)} | \
            {m.name for m in hidden_mistakes("h1", LECTURE_START, -2, 1)}
    assert names == {case[-1] for case in HIDDEN_CASES}


def test_node_off_right_for_params_and_for_a_dict():
    assert check_node_off(LECTURE_START.replace(b2=-1.0)).correct      # z2 = -0.5
    assert check_node_off({"w2": 0.0}).correct                         # z2 = 0: relu(0) = 0 is off
    assert check_node_off({"b1": -2.0}, node="h1").correct             # z1 = 1 - 2 = -1
    assert "h2 = relu(z2) = 0" in check_node_off({"b2": -1.0}).text


def test_node_off_empty_and_unusable_answers():
    assert check_node_off(None).status == "not yet"
    assert check_node_off(3.0).status == "wrong"
    assert check_node_off({"bias2": -1.0}).status == "wrong"


def test_node_off_still_on_and_other_node():
    still_on = check_node_off({"w4": -5.0})                             # x2 = 0: w4 changes nothing, z2 = 0.5
    assert_hint(still_on, "still on")
    assert "w4 does not change z2" in still_on.text
    assert_hint(check_node_off({"b1": -2.0}), "other node")            # h1 off, h2 still on
