"""The delivery RAG and due-date rules, table by table."""

import datetime as dt

import pytest

from planning.delivery_rules import (
    COMMENTARY_NEEDED,
    COMPLETION_IN_FUTURE,
    COMPLETION_NEEDED,
    RECOVERY_NEEDED,
    QuarterPosition,
    first_quarter,
    is_overdue,
    original_due_date_problem,
    quarter_positions,
    revision_problems,
    update_due_state,
    update_problems,
)
from planning.models import FinancialYear
from planning.services.lifecycle import sign_off_problem

TODAY = dt.date(2026, 11, 23)
DAY = dt.date(2026, 10, 1)


@pytest.mark.parametrize(
    ("rag", "commentary", "recovery", "completed_on", "expected"),
    [
        ("green", "", "", None, {}),
        ("green", "Going well", "", None, {}),
        ("amber", "", "", None, {"commentary": COMMENTARY_NEEDED}),
        ("amber", "   ", "", None, {"commentary": COMMENTARY_NEEDED}),
        ("amber", "Supplier late", "", None, {}),
        (
            "red",
            "",
            "",
            None,
            {"commentary": COMMENTARY_NEEDED, "recovery_action": RECOVERY_NEEDED},
        ),
        ("red", "Contractor failed", "", None, {"recovery_action": RECOVERY_NEEDED}),
        ("red", "", "Re-tender", None, {"commentary": COMMENTARY_NEEDED}),
        ("red", "Contractor failed", "Re-tender", None, {}),
        ("blue", "", "", None, {"completed_on": COMPLETION_NEEDED}),
        ("blue", "", "", DAY, {}),
        ("blue", "", "", TODAY, {}),
        ("blue", "", "", TODAY + dt.timedelta(days=1), {"completed_on": COMPLETION_IN_FUTURE}),
    ],
)
def test_update_rules(rag, commentary, recovery, completed_on, expected):
    problems = update_problems(
        rag=rag,
        commentary=commentary,
        recovery_action=recovery,
        completed_on=completed_on,
        today=TODAY,
    )
    assert problems == expected


@pytest.mark.parametrize(
    ("due", "rag", "expected"),
    [
        (None, None, False),
        (None, "red", False),
        (TODAY, "green", False),  # due today: not yet overdue
        (TODAY - dt.timedelta(days=1), "green", True),  # overdue whatever the RAG says
        (TODAY - dt.timedelta(days=1), "amber", True),
        (TODAY - dt.timedelta(days=1), "red", True),
        (TODAY - dt.timedelta(days=1), None, True),  # no update yet
        (TODAY - dt.timedelta(days=1), "blue", False),  # completed
        (TODAY + dt.timedelta(days=1), "red", False),
    ],
)
def test_overdue_rule(due, rag, expected):
    assert is_overdue(due_date=due, rag=rag, today=TODAY) is expected


@pytest.mark.parametrize(
    ("signed_off", "saved", "wanted", "refused"),
    [
        (False, DAY, TODAY, False),
        (False, None, TODAY, False),
        (True, DAY, DAY, False),
        (True, DAY, TODAY, True),
        (True, DAY, None, True),
        (True, None, TODAY, True),
    ],
)
def test_original_due_date_is_fixed_once_signed_off(signed_off, saved, wanted, refused):
    problem = original_due_date_problem(signed_off=signed_off, saved=saved, wanted=wanted)
    assert (problem is not None) is refused


@pytest.mark.parametrize(
    ("current", "wanted", "reason", "fields"),
    [
        (DAY, TODAY, "Contractor delay", set()),
        (DAY, TODAY, "", {"reason"}),
        (DAY, TODAY, "   ", {"reason"}),
        (DAY, DAY, "Contractor delay", {"revised_due_date"}),
        (DAY, None, "", {"revised_due_date", "reason"}),
        (None, TODAY, "First date", set()),
    ],
)
def test_revision_needs_a_new_date_and_a_reason(current, wanted, reason, fields):
    assert set(revision_problems(current_due=current, wanted=wanted, reason=reason)) == fields


YEAR = FinancialYear(start_year=2026)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (None, 1),
        (dt.date(2025, 1, 1), 1),
        (dt.date(2026, 4, 1), 1),
        (dt.date(2026, 7, 1), 2),
        (dt.date(2026, 12, 31), 3),
        (dt.date(2027, 3, 31), 4),
        (dt.date(2027, 5, 1), 5),  # starts after the year: never owes an update in it
    ],
)
def test_first_quarter_an_update_is_owed(start, expected):
    assert first_quarter(start_date=start, year_start=YEAR.starts, quarter_of=YEAR.quarter_of) == (
        expected
    )


@pytest.mark.parametrize(
    ("quarter_now", "updated", "first_owed", "completed", "expected"),
    [
        (3, set(), 1, False, "late"),
        (3, {2}, 1, False, "due"),
        (3, {1}, 1, False, "late"),
        (3, {3}, 1, False, None),
        (3, set(), 3, False, "due"),  # started this quarter: nothing earlier owed
        (3, set(), 4, False, None),  # not started yet
        (3, set(), 1, True, None),  # completed
        (1, set(), 1, False, "due"),
        (None, set(), 1, False, None),  # outside the plan's year
    ],
)
def test_when_an_update_is_due_or_late(quarter_now, updated, first_owed, completed, expected):
    state = update_due_state(
        quarter_now=quarter_now,
        quarters_updated=updated,
        first_owed=first_owed,
        completed=completed,
    )
    assert state == expected


@pytest.mark.parametrize(
    ("status", "last_editor", "actor", "refused"),
    [
        ("submitted", None, 1, False),
        ("submitted", 2, 1, False),
        ("submitted", 1, 1, True),  # the last editor cannot sign off
        ("draft", None, 1, True),
        ("returned", 2, 1, True),
        ("signed_off", 2, 1, True),
    ],
)
def test_sign_off_rule(status, last_editor, actor, refused):
    problem = sign_off_problem(status=status, last_edited_by_id=last_editor, actor_id=actor)
    assert (problem is not None) is refused


# --- an action's position for each quarter, from its updates ---------------------------

T1, T2, T3 = (dt.datetime(2026, 11, day, 9) for day in (1, 2, 3))


def _position(rag, quarters, commentary="", recovery=""):
    return QuarterPosition(rag, commentary, recovery, frozenset(quarters))


@pytest.mark.parametrize(
    ("updates", "expected"),
    [
        ([], {}),
        (
            [(2, T1, 1, "green", "", "")],
            {q: _position("green", {2}) for q in (2, 3, 4)},
        ),
        (  # two in one quarter: the later posted counts from then on
            [(1, T2, 2, "amber", "Slipping", ""), (1, T1, 1, "green", "", "")],
            {q: _position("amber", {1}, "Slipping") for q in (1, 2, 3, 4)},
        ),
        (  # posted at the same moment: the later id counts
            [(3, T1, 7, "green", "", ""), (3, T1, 9, "red", "Late", "Re-tender")],
            {q: _position("red", {3}, "Late", "Re-tender") for q in (3, 4)},
        ),
        (  # a late Q1 update posted after Q3's does not change Q3's position
            [(3, T1, 1, "red", "Late", "Re-tender"), (1, T2, 2, "green", "", "")],
            {
                1: _position("green", {1}),
                2: _position("green", {1}),
                3: _position("red", {1, 3}, "Late", "Re-tender"),
                4: _position("red", {1, 3}, "Late", "Re-tender"),
            },
        ),
        (
            [(1, T1, 1, "green", "", ""), (4, T3, 3, "blue", "Done", "")],
            {
                1: _position("green", {1}),
                2: _position("green", {1}),
                3: _position("green", {1}),
                4: _position("blue", {1, 4}, "Done"),
            },
        ),
    ],
)
def test_an_actions_position_for_each_quarter(updates, expected):
    assert quarter_positions(updates) == expected
