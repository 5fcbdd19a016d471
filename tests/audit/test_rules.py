"""The recommendation RAG rule, table-driven."""

import datetime as dt

import pytest

from audit import rules

AGREED = dt.date(2026, 4, 1)
DUE = dt.date(2027, 4, 1)  # 365 days later
HALFWAY = dt.date(2026, 9, 30)  # 182 days in: 50% of the time gone


@pytest.mark.parametrize(
    ("status", "percent", "today", "rag"),
    [
        ("implemented", 100, dt.date(2028, 1, 1), "blue"),
        ("verified", 100, HALFWAY, "blue"),
        ("closed", 100, HALFWAY, "blue"),
        ("superseded", 0, HALFWAY, "grey"),
        ("in_progress", 90, dt.date(2027, 4, 2), "red"),  # past due, whatever the progress
        ("in_progress", 50, HALFWAY, "green"),
        ("in_progress", 40, HALFWAY, "green"),  # 10 points behind: still green
        ("in_progress", 39, HALFWAY, "amber"),
        ("in_progress", 20, HALFWAY, "amber"),  # 30 points behind: amber
        ("in_progress", 19, HALFWAY, "red"),
        ("not_started", 0, AGREED, "green"),
        ("in_progress", 0, DUE, "red"),  # on the due day, nothing done
    ],
)
def test_recommendation_rag(status, percent, today, rag):
    rating = rules.recommendation_rag(
        status=status, percent_complete=percent, agreed_on=AGREED, due=DUE, today=today
    )
    assert rating.rag == rag
    assert rating.explanation


def test_past_due_explains_how_late():
    rating = rules.recommendation_rag(
        status="in_progress",
        percent_complete=10,
        agreed_on=AGREED,
        due=DUE,
        today=dt.date(2027, 4, 11),
    )
    assert rating.explanation.startswith("10 days past the due date")


def test_override_replaces_the_colour_and_shows_the_reason_and_the_rule():
    rating = rules.recommendation_rag(
        status="in_progress",
        percent_complete=0,
        agreed_on=AGREED,
        due=DUE,
        today=HALFWAY,
        override="amber",
        override_reason="Contractor appointed this week",
    )
    assert rating.rag == "amber"
    assert rating.overridden
    assert "Contractor appointed this week" in rating.explanation
    assert "the rule gives RED" in rating.explanation


def test_margins_are_configurable():
    strict = rules.TrackerPolicy(green_margin=0, amber_margin=5)
    rating = rules.recommendation_rag(
        status="in_progress",
        percent_complete=45,
        agreed_on=AGREED,
        due=DUE,
        today=HALFWAY,
        policy=strict,
    )
    assert rating.rag == "amber"


def test_no_due_date_is_not_rated():
    rating = rules.recommendation_rag(
        status="not_started", percent_complete=0, agreed_on=None, due=None, today=HALFWAY
    )
    assert rating.rag == "grey"


@pytest.mark.parametrize(
    ("status", "today", "days"),
    [
        ("in_progress", dt.date(2027, 4, 11), 10),
        ("in_progress", DUE, 0),
        ("implemented", dt.date(2027, 4, 11), 0),
        ("superseded", dt.date(2027, 4, 11), 0),
    ],
)
def test_days_overdue(status, today, days):
    assert rules.days_overdue(status=status, due=DUE, today=today) == days
