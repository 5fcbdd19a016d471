"""The risk rules, table-driven."""

import datetime as dt

import pytest

from risk import rules


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (1, "Low"),
        (4, "Low"),
        (5, "Medium"),
        (11, "Medium"),
        (12, "High"),
        (16, "Very high"),
        (25, "Very high"),
    ],
)
def test_default_bands_hold_every_score(score, band):
    assert rules.band_for(rules.DEFAULT_BANDS, score).name == band


def test_default_bands_cover_the_five_by_five_exactly():
    assert rules.bands_problems(rules.DEFAULT_BANDS, 25) == []


@pytest.mark.parametrize(
    ("bands", "problem"),
    [
        (
            [{"name": "All", "min": 1, "max": 24, "colour": "red", "review_days": 30}],
            "exactly once",
        ),
        (
            [
                {"name": "Low", "min": 1, "max": 10, "colour": "green", "review_days": 90},
                {"name": "High", "min": 10, "max": 25, "colour": "red", "review_days": 30},
            ],
            "exactly once",
        ),
        ([{"name": "All", "min": 1, "max": 25, "colour": "pink", "review_days": 30}], "colour"),
        ([{"name": "All", "min": 1, "max": 25}], "Each band needs"),
    ],
)
def test_bad_bands_are_refused_with_a_reason(bands, problem):
    assert any(problem in p for p in rules.bands_problems(bands, 25))


@pytest.mark.parametrize(
    ("previous", "current", "direction"),
    [(None, 9, "new"), (12, 9, "improving"), (9, 12, "worsening"), (9, 9, "unchanged")],
)
def test_direction_of_travel(previous, current, direction):
    assert rules.direction(previous, current) == direction


@pytest.mark.parametrize(
    ("appetite", "score", "within"),
    [
        ("averse", 4, True),
        ("averse", 5, False),
        ("cautious", 10, True),
        ("open", 16, False),
        ("eager", 25, True),
    ],
)
def test_within_appetite(appetite, score, within):
    assert rules.within_appetite(appetite, score) is within


def test_next_review_follows_the_band_cadence():
    very_high = rules.band_for(rules.DEFAULT_BANDS, 20)
    assert rules.next_review(dt.date(2026, 11, 1), very_high) == dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("score", "level", "prompt"),
    [
        (16, "service", "corporate"),
        (16, "directorate", "corporate"),
        (16, "corporate", None),
        (12, "service", "directorate"),
        (12, "directorate", None),
        (9, "service", None),
    ],
)
def test_escalation_prompt(score, level, prompt):
    result = rules.escalation_prompt(score, level)
    assert (result is None) if prompt is None else (prompt in result)
