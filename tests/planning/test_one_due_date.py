"""One due date: every page, list and report shows an action's current due date (revised
if revised, with the original shown as the original), from delivery_rules.current_due_date."""

import datetime as dt

import pytest
from django.urls import reverse

from planning.delivery_rules import current_due_date
from planning.models import ServiceAction
from planning.selectors import service_actions_by_ambition
from planning.selectors.delivery import action_positions

ORIGINAL, REVISED = dt.date(2027, 1, 31), dt.date(2027, 3, 15)


@pytest.mark.parametrize(
    ("due", "revised", "expected"),
    [
        (ORIGINAL, None, ORIGINAL),  # never revised: the original
        (ORIGINAL, REVISED, REVISED),  # revised later: the revised date
        (REVISED, ORIGINAL, ORIGINAL),  # revised earlier: still the revised date
        (None, None, None),  # no date set yet
        (None, REVISED, REVISED),
    ],
)
def test_the_current_due_date_is_the_revised_one_once_revised(due, revised, expected):
    assert current_due_date(due_date=due, revised_due_date=revised) == expected


@pytest.fixture
def revised(world):
    ServiceAction.objects.filter(pk=world.action.pk).update(
        due_date=ORIGINAL,
        revised_due_date=REVISED,
        revised_due_reason="Wet winter",
        due_date_revisions=1,
    )
    world.action.refresh_from_db()
    return world.action


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        lambda w: reverse("planning:plan-detail", args=["service", w.service_plan.pk]),
        lambda w: reverse("planning:plan-delivery", args=[w.service_plan.pk]),
        lambda w: reverse("planning:thread", args=["action", w.action.pk]),
        lambda w: reverse("planning:home"),
    ],
    ids=["plan overview", "delivery plan", "thread", "home"],
)
def test_every_page_shows_the_revised_due_date_and_the_original_as_original(
    client_for, world, revised, address
):
    body = client_for("head").get(address(world)).content.decode()
    assert "15 Mar 2027" in body
    assert "(revised 1 time; originally 31 Jan 2027)" in body


@pytest.mark.django_db
def test_the_dashboard_positions_and_overdue_counts_judge_by_the_revised_date(world, revised):
    as_at = dt.date(2027, 2, 20)  # past the original date, before the revised one
    position = next(
        p
        for p in action_positions(year=world.year, as_at=as_at, user=world.people["admin"])
        if p.pk == revised.pk
    )
    assert position.due_date == REVISED == revised.current_due_date
    assert not position.overdue
    by_ambition = service_actions_by_ambition(year=world.year, as_at=as_at)
    assert sum(row.overdue for row in by_ambition) == 0
