"""The report-said / course-computes tables decide agreement from the report's own words."""
import pytest

from nnmath.core.reports import agrees, report_table


@pytest.mark.parametrize("said,computed,expected", [
    ("about 84", 84.04, True), ("about 84", 84.6, False), ("2.083", 2.0831, True), ("2.083", 2.0836, False),
    ("below 4", 3.99, True), ("below 4", 4.0, False), ("over 800", 831.9, True), ("over 800", 799.0, False),
    ("at most 3", 3.0, True), ("at least 3", 2.9, False), ("near 3.38", 3.3836, True), ("near 3.38", 3.42, False),
    ("about 1e-7", 1.02e-7, True), ("-582", -582.4, True),
])
def test_agreement_follows_the_reports_words(said, computed, expected):
    assert agrees(said, computed) is expected


def test_a_table_prints_every_row_and_its_verdict():
    table = report_table("Report A", [("lr 0.025, epoch 1", "about 84", 84.0448), ("lr 0.001, epoch 1000", "2.083", 2.0831)])
    text = repr(table)
    assert "the report said" in text and "the course computes" in text
    assert table.agreement == [True, True] and text.count("yes") == 2
    assert not agrees("about 84", float("nan"))
    with pytest.raises(ValueError, match="said must be a number"):
        agrees("a lot", 3.0)
