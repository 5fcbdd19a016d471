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


# --- the rule the council chooses (TrackerPolicy.rule) ------------------------------------

SHARE = rules.TrackerPolicy(rule=rules.BY_SHARE)  # green from 90% of the pace, amber from 60%
DUE_DATE = rules.TrackerPolicy(rule=rules.BY_DUE_DATE)  # amber when due within 90 days


@pytest.mark.parametrize(
    ("policy", "status", "percent", "today", "rag", "explanation"),
    [
        # Progress as a share of the time elapsed (50% gone at HALFWAY).
        (SHARE, "in_progress", 50, HALFWAY, "green", "50% done with 50% of the time gone (100%"),
        (SHARE, "in_progress", 45, HALFWAY, "green", "(90% of the pace needed; green from 90%)"),
        (SHARE, "in_progress", 44, HALFWAY, "amber", "(88% of the pace needed; green from 90%)"),
        (SHARE, "in_progress", 30, HALFWAY, "amber", "Behind: 30% done with 50% of the time"),
        (SHARE, "in_progress", 29, HALFWAY, "red", "(58% of the pace needed; amber from 60%)"),
        (SHARE, "not_started", 0, AGREED, "green", "On track: 0% done with 0% of the time gone"),
        (SHARE, "in_progress", 99, dt.date(2027, 4, 2), "red", "1 days past the due date"),
        (SHARE, "implemented", 100, HALFWAY, "blue", "Complete"),
        # Due date only: progress is not judged.
        (DUE_DATE, "in_progress", 0, HALFWAY, "green", "Due in 183 days (01 Apr 2027): more"),
        (DUE_DATE, "in_progress", 100, dt.date(2027, 1, 1), "amber", "Due in 90 days"),
        (DUE_DATE, "in_progress", 0, dt.date(2026, 12, 31), "green", "Due in 91 days"),
        (DUE_DATE, "in_progress", 0, DUE, "amber", "Due today (01 Apr 2027): within 90 days"),
        (DUE_DATE, "not_started", 0, dt.date(2027, 4, 2), "red", "1 days past the due date"),
        (DUE_DATE, "superseded", 0, HALFWAY, "grey", "Superseded"),
        # The default rule: points behind the time elapsed, as before.
        (rules.TrackerPolicy(), "in_progress", 39, HALFWAY, "amber", "Behind: 39% done with 50%"),
    ],
)
def test_each_rule_the_council_may_choose(policy, status, percent, today, rag, explanation):
    rating = rules.recommendation_rag(
        status=status,
        percent_complete=percent,
        agreed_on=AGREED,
        due=DUE,
        today=today,
        policy=policy,
    )
    assert (rating.rag, explanation in rating.explanation) == (rag, True), rating.explanation


def test_an_override_shows_what_the_chosen_rule_gives():
    rating = rules.recommendation_rag(
        status="in_progress",
        percent_complete=29,
        agreed_on=AGREED,
        due=DUE,
        today=HALFWAY,
        policy=SHARE,
        override="green",
        override_reason="Board agreed",
    )
    assert rating.explanation.startswith("Set to GREEN by hand: Board agreed (the rule gives RED")


@pytest.mark.parametrize(
    ("policy", "words"),
    [
        (rules.TrackerPolicy(), "up to 10 points behind is GREEN, up to 30 AMBER"),
        (SHARE, "90% of the pace needed or more is GREEN, 60% or more AMBER"),
        (DUE_DATE, "due within 90 days is AMBER and due later GREEN, whatever the progress"),
    ],
)
def test_each_rule_is_described_in_words(policy, words):
    assert words in policy.description
    assert policy.description.startswith("complete is BLUE; past the current due date")
