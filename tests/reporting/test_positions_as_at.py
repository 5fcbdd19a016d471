"""Positions as at the end of a day in UK time: the "end of November" dashboard and report
count only the updates posted by midnight London time at the end of 30 November, whether
the clocks show GMT or BST."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from core.periods import after_day
from planning import services as planning_services
from planning.models import ActionUpdate
from reporting.dashboard.drill_down import ActionFilters, action_drill_down
from reporting.dashboard.inputs import Inputs

pytestmark = pytest.mark.django_db
UK, UTC = ZoneInfo("Europe/London"), dt.UTC


@pytest.mark.parametrize(
    ("day", "first_moment_after_utc"),
    [
        (dt.date(2026, 11, 30), dt.datetime(2026, 12, 1, 0, 0, tzinfo=UTC)),  # GMT
        (dt.date(2026, 9, 30), dt.datetime(2026, 9, 30, 23, 0, tzinfo=UTC)),  # BST
        (dt.date(2027, 3, 27), dt.datetime(2027, 3, 28, 0, 0, tzinfo=UTC)),  # clocks go forward
        (dt.date(2026, 10, 24), dt.datetime(2026, 10, 24, 23, 0, tzinfo=UTC)),  # BST's last day
    ],
)
def test_a_day_ends_at_midnight_london_time(day, first_moment_after_utc):
    assert after_day(day) == first_moment_after_utc


def post(world, *, rag: str, quarter_day: dt.date, posted: dt.datetime) -> ActionUpdate:
    update = planning_services.update_post(
        action=world.action,
        actor=world.people["head"],
        rag=rag,
        commentary=f"{rag} as posted",
        recovery_action="Re-plan" if rag == "red" else "",
        on=quarter_day,
    )
    ActionUpdate.objects.filter(pk=update.pk).update(created_at=posted)
    return update


def position(world, month: dt.date):
    inputs = Inputs(month=month, user=world.people["admin"])
    return next(p for p in inputs.actions if p.pk == world.action.pk)


def test_the_end_of_november_counts_nothing_posted_in_december(world):
    late_on_the_30th = dt.datetime(2026, 11, 30, 23, 30, tzinfo=UK)
    post(world, rag="green", quarter_day=dt.date(2026, 11, 30), posted=late_on_the_30th)
    post(
        world,
        rag="red",
        quarter_day=dt.date(2026, 12, 3),
        posted=dt.datetime(2026, 12, 3, 9, 0, tzinfo=UK),
    )
    november = position(world, dt.date(2026, 11, 1))
    assert (november.rag, november.commentary) == ("green", "green as posted")
    assert position(world, dt.date(2026, 12, 1)).rag == "red"  # the end of December has it
    # The drill-down behind the dashboard's counts agrees, in both directions.
    month = dt.date(2026, 11, 1)
    user = world.people["admin"]
    reds = action_drill_down(month=month, user=user, filters=ActionFilters(rag="red"))
    greens = action_drill_down(month=month, user=user, filters=ActionFilters(rag="green"))
    assert world.action.pk not in [p.pk for p in reds["rows"]]
    assert world.action.pk in [p.pk for p in greens["rows"]]


def test_an_update_posted_after_midnight_in_summer_time_is_not_in_the_month_before(world):
    # 00:30 on 1 October in BST is still 30 September by a UTC clock.
    post(
        world,
        rag="amber",
        quarter_day=dt.date(2026, 9, 30),
        posted=dt.datetime(2026, 10, 1, 0, 30, tzinfo=UK),
    )
    september = position(world, dt.date(2026, 9, 1))
    assert september.rag == ""  # nothing posted by the end of 30 September
    assert september.owes_update == "late"  # neither Q1 nor Q2 had an update by then


def test_an_update_posted_late_on_the_last_day_in_summer_time_counts(world):
    # 23:30 on 30 September in BST is 22:30 UTC: the month's last day is included.
    post(
        world,
        rag="amber",
        quarter_day=dt.date(2026, 9, 30),
        posted=dt.datetime(2026, 9, 30, 23, 30, tzinfo=UK),
    )
    assert position(world, dt.date(2026, 9, 1)).rag == "amber"
