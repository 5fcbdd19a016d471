"""Reminders on the council's calendar, run as Celery beat runs them each morning with the
clock fixed at a given day; and a performance lead's chaser, previewed then sent once."""

import datetime as dt

import pytest
from django.urls import reverse

from performance.models import IndicatorDefinition, IndicatorUsage, IndicatorValue
from planning.models import (
    ActionUpdate,
    Notification,
    NotificationKind,
    PlanStatus,
    ReminderCalendar,
)
from reporting.models import Chaser
from reporting.reminders import value_deadline
from reporting.tasks import reminders_send_task
from tests import factories as f
from tests.risk.world import make_risk

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar(world):
    for plan in (world.service_plan,):
        plan.status = PlanStatus.PUBLISHED
        plan.save()
    return ReminderCalendar.objects.create(
        year=world.year,
        q1_update_closes=dt.date(2026, 7, 15),
        q2_update_closes=dt.date(2026, 10, 15),
        q3_update_closes=dt.date(2027, 1, 15),
        q4_update_closes=dt.date(2027, 4, 15),
        data_deadline_day=10,
        lead_days=5,
        escalate_after_days=10,
    )


def run_on(settings, day: str) -> None:
    settings.PLANNING_TODAY = day
    reminders_send_task()


def told(person, kind=None):
    notes = Notification.objects.filter(recipient=person)
    if kind:
        notes = notes.filter(kind=kind)
    return list(notes.order_by("pk").values_list("subject", flat=True))


def test_no_calendar_no_reminders(world, settings):
    run_on(settings, "2027-01-14")
    assert not Notification.objects.exists()


def test_an_update_is_reminded_before_the_window_closes_then_overdue_then_escalated(
    world, calendar, settings
):
    head, director = world.people["head"], world.people["director"]
    run_on(settings, "2027-01-09")  # before the Q3 reminder: Q2 is long overdue
    q3 = [s for s in told(head, NotificationKind.UPDATE_DUE) if s.startswith("Q3")]
    assert q3 == []
    run_on(settings, "2027-01-10")
    run_on(settings, "2027-01-12")  # run again: nobody told twice
    assert told(head, NotificationKind.UPDATE_DUE)[-1] == (
        "Q3 update due by 15 January 2027: 1 action(s)"
    )
    assert len([s for s in told(head) if s.startswith("Q3")]) == 1
    run_on(settings, "2027-01-16")
    assert told(head, NotificationKind.UPDATE_DUE)[-1] == (
        "Q3 update overdue since 15 January 2027: 1 action(s)"
    )
    q3_escalations = [s for s in told(director, NotificationKind.ESCALATION) if "Q3" in s]
    assert q3_escalations == []
    run_on(settings, "2027-01-25")
    run_on(settings, "2027-01-26")
    assert told(director, NotificationKind.ESCALATION)[-1] == f"{head} has 1 Q3 update(s) overdue"
    assert len([s for s in told(director) if "Q3" in s]) == 1


def test_an_action_with_its_update_posted_is_not_reminded(world, calendar, settings):
    ActionUpdate.objects.create(action=world.action, quarter=3, rag="green", posted_by=None)
    run_on(settings, "2027-01-12")
    assert [s for s in told(world.people["head"]) if s.startswith("Q3")] == []


def test_monthly_values_are_due_by_the_deadline_day(world, calendar, settings):
    definition = IndicatorDefinition.objects.create(
        ref="PK-V1",
        name="Park visits",
        type="output",
        aggregation="sum",
        polarity="higher",
        unit="number",
        service=world.service,
        owner=world.people["head"],
    )
    IndicatorUsage.objects.create(plan=world.service_plan, definition=definition)
    run_on(settings, "2026-11-06")
    assert told(world.people["head"], NotificationKind.VALUE_DUE) == [
        "October 2026 values due by 10 November 2026: 1 indicator(s)"
    ]
    IndicatorValue.objects.create(definition=definition, month=dt.date(2026, 10, 1), value=3)
    run_on(settings, "2026-12-11")  # November's value missing, a day late
    assert told(world.people["head"], NotificationKind.VALUE_DUE)[-1] == (
        "November 2026 values overdue since 10 December 2026: 1 indicator(s)"
    )


@pytest.mark.parametrize(
    ("today", "deadline", "month"),
    [
        ("2026-11-04", "2026-10-10", "2026-09-01"),  # before the lead days: October's
        ("2026-11-05", "2026-11-10", "2026-10-01"),
        ("2027-01-20", "2027-01-10", "2026-12-01"),
    ],
)
def test_the_data_deadline_in_reach(calendar, today, deadline, month):
    got = value_deadline(calendar, dt.date.fromisoformat(today))
    assert got == (dt.date.fromisoformat(deadline), dt.date.fromisoformat(month))


def test_a_risk_review_falling_due_tells_its_owner(world, calendar, settings):
    from risk import services

    register = services.register_for(level="service", service=world.service)
    risk = make_risk(register, world.people["head"], "PK-R1")
    due = risk.next_review_date
    run_on(settings, (due - dt.timedelta(days=6)).isoformat())
    assert told(world.people["head"], NotificationKind.RISK_REVIEW_DUE) == []
    run_on(settings, (due - dt.timedelta(days=5)).isoformat())
    run_on(settings, (due - dt.timedelta(days=1)).isoformat())
    assert told(world.people["head"], NotificationKind.RISK_REVIEW_DUE) == [
        f"Risk review due {due:%-d %B %Y}: {risk}"
    ]


# --- the chaser ---------------------------------------------------------------------------


def chaser_url(world, quarter=3):
    return f"{reverse('reporting:chaser')}?year={world.year.pk}&quarter={quarter}"


def test_a_lead_previews_who_is_chased_for_a_quarter(world, calendar, client_for):
    response = client_for("lead").get(chaser_url(world))
    text = response.content.decode()
    assert response.status_code == 200
    assert "1 person missing an update" in text
    assert str(world.people["head"]) in text
    assert "Replant the park" in text
    assert not Notification.objects.exists()  # a preview tells nobody


def test_the_chaser_is_sent_once_however_often_it_is_sent(world, calendar, client_for):
    client = client_for("lead")
    data = {"year": world.year.pk, "quarter": 3}
    response = client.post(reverse("reporting:chaser-send"), data, follow=True)
    assert "sent to 1 person" in response.content.decode()
    client.post(reverse("reporting:chaser-send"), data)
    notes = told(world.people["head"], NotificationKind.CHASER)
    assert notes == ["Please post your Q3 2026/27 update: 1 action(s)"]
    assert Chaser.objects.count() == 1


def test_the_chaser_reaches_only_the_leads_portfolio(world, calendar, client_for):
    world.other_plan.items.update(lead=world.people["other_head"])
    response = client_for("lead").get(chaser_url(world))
    assert str(world.people["other_head"]) not in response.content.decode()
    response = client_for("admin").get(chaser_url(world))
    assert str(world.people["other_head"]) in response.content.decode()


@pytest.mark.parametrize("persona", ["head", "staff", "director", "board", "committee"])
def test_only_performance_leads_chase(world, client_for, persona):
    assert client_for(persona).get(reverse("reporting:chaser")).status_code == 403
    data = {"year": world.year.pk, "quarter": 3}
    assert client_for(persona).post(reverse("reporting:chaser-send"), data).status_code == 403
    assert not Notification.objects.exists()


def test_a_chaser_without_a_quarter_says_so(world, client_for):
    response = client_for("lead").post(reverse("reporting:chaser-send"), {"year": world.year.pk})
    assert response.status_code == 200
    assert "Choose a quarter" in response.content.decode()


def test_the_preview_runs_the_same_queries_at_two_sizes(
    world, calendar, client_for, django_assert_max_num_queries
):
    client = client_for("lead")
    client.get(chaser_url(world))  # the signed-in person and session, now kept
    with django_assert_max_num_queries(30) as small:
        client.get(chaser_url(world))
    for _ in range(5):
        person = f.PersonFactory(service=world.service)
        f.ActionFactory(plan=world.service_plan, lead=person)
    client.get(chaser_url(world))  # the writes retired what was kept for the reader: again
    with django_assert_max_num_queries(30) as large:
        response = client.get(chaser_url(world))
    assert "6 people missing an update" in response.content.decode()
    assert len(small.captured_queries) == len(large.captured_queries)


def parks_indicator(world, owner="head"):
    definition = IndicatorDefinition.objects.create(
        ref="PK-V2",
        name="Park bookings",
        type="output",
        aggregation="sum",
        polarity="higher",
        unit="number",
        service=world.service,
        owner=world.people[owner],
    )
    IndicatorUsage.objects.create(plan=world.service_plan, definition=definition)
    return definition


def test_a_lead_chases_a_months_missing_values_once(world, calendar, client_for, settings):
    settings.PLANNING_TODAY = "2026-12-07"
    parks_indicator(world)
    client = client_for("lead")
    response = client.get(f"{reverse('reporting:chaser-values')}?month=2026-11")
    text = response.content.decode()
    assert "November 2026: 1 person missing values" in text
    assert "PK-V2 Park bookings" in text
    data = {"month": "2026-11"}
    response = client.post(reverse("reporting:chaser-values-send"), data, follow=True)
    assert "sent to 1 person" in response.content.decode()
    client.post(reverse("reporting:chaser-values-send"), data)
    assert told(world.people["head"], NotificationKind.CHASER) == [
        "Please enter your November 2026 values: 1 indicator(s)"
    ]


def test_a_month_not_offered_is_refused_with_a_message(world, calendar, client_for, settings):
    settings.PLANNING_TODAY = "2026-12-07"
    response = client_for("lead").post(
        reverse("reporting:chaser-values-send"), {"month": "2027-02"}
    )
    assert response.status_code == 200
    assert "Choose a month from the list" in response.content.decode()
    assert not Notification.objects.exists()
