"""04_training_loop's update-count check: the right count is correct, each typical wrong count gets its hint, None is not yet.

300 samples in batches of 32: 9 full batches and one of 12, so 10 updates per epoch and 10,000 in 1000 epochs.
"""
import pytest

from nnmath.exercises.training_extra import check_update_count, update_count, update_count_mistakes


def test_update_count_right_and_empty():
    assert update_count(300, 32, 1000) == 10_000
    assert check_update_count(10_000).correct                       # the course's data is the default
    assert check_update_count(30, n=100, batch_size=10, epochs=3).correct
    assert check_update_count(None).status == "not yet"


CASES = [(9_000, "floor"), (9_375, "exact division"), (10, "one epoch"), (300_000, "online"), (1_000, "batch")]


@pytest.mark.parametrize("answer, mistake", CASES)
def test_update_count_typical_mistakes_get_their_hint(answer, mistake):
    verdict = check_update_count(answer)
    assert verdict.status == "wrong" and mistake in verdict.mistakes and "hint: " in verdict.text, verdict.text


def test_update_count_cases_cover_every_mistake():
    assert {m.name for m in update_count_mistakes(300, 32, 1000)} == {mistake for _, mistake in CASES}


def test_a_count_no_mistake_explains_gets_the_generic_hint():
    verdict = check_update_count(12_345)
    assert verdict.status == "wrong" and not verdict.mistakes
