"""Every planning page runs the same number of SQL queries whatever the council's size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planning.models import PlanStatus, Role
from tests import factories as f

pytestmark = pytest.mark.django_db

BUDGET = 20  # queries a page may take at most, including the session and the person


def grow(world, times: int) -> None:
    """Add `times` more services to Place, each with a plan, actions, staff and PDPs, and
    more of everything around head's own service: every list on every page grows."""
    directorate = world.service.directorate
    for n in range(times):
        service = f.ServiceFactory(
            directorate=directorate, area=world.service.area, portfolio=world.service.portfolio
        )
        f.TeamFactory(service=service)
        f.RoleFactory(
            person=f.PersonFactory(service=service), role=Role.HEAD_OF_SERVICE, service=service
        )
        plan = f.ServicePlanFactory(
            year=world.year,
            service=service,
            status=PlanStatus.PUBLISHED if n % 2 else PlanStatus.DRAFT,
        )
        activity = f.ActivityFactory(plan=world.delivery, serves_ambition=world.ambition)
        priority = f.PriorityFactory(plan=world.directorate_plan, serves_activity=activity)
        for target in (priority, activity, world.priority):
            action = f.ActionFactory(plan=plan, serves_priority=None, lead=world.people["head"])
            action.set_serves(target)
            action.save()
            worker = f.PersonFactory(service=service, line_manager=world.people["manager"])
            pdp = f.PdpFactory(year=world.year, person=worker)
            f.ObjectiveFactory(plan=pdp, serves_action=action)
            f.ObjectiveFactory(plan=pdp)  # an orphan
        own = f.ActionFactory(plan=world.service_plan, lead=world.people["head"])
        own.serves_priority = world.priority
        own.save()
        f.ObjectiveFactory(plan=world.pdp, serves_action=own)
        f.ActionFactory(plan=world.service_plan)  # an orphan


def pages(world):
    w = world
    return [
        ("head", reverse("planning:home")),
        ("lead", reverse("planning:home")),
        ("staff", reverse("planning:home")),
        ("director", reverse("planning:home")),
        ("head", reverse("planning:directorate-list")),
        ("head", reverse("planning:directorate-detail", args=[w.service.directorate_id])),
        ("head", reverse("planning:service-detail", args=[w.service.pk])),
        ("head", w.service_plan.get_absolute_url()),
        ("director", w.directorate_plan.get_absolute_url()),
        ("head", w.directorate_plan.get_absolute_url()),
        ("director", reverse("planning:directorate-print", args=[w.directorate_plan.pk])),
        ("head", reverse("planning:directorate-print", args=[w.directorate_plan.pk])),
        ("director", reverse("planning:priority-add", args=[w.directorate_plan.pk])),
        ("director", reverse("planning:priority-edit", args=[w.priority.pk])),
        ("director", reverse("planning:item-history", args=["priority", w.priority.pk])),
        ("board", w.corporate.get_absolute_url()),
        ("board", w.delivery.get_absolute_url()),
        ("board", reverse("planning:ambition-edit", args=[w.ambition.pk])),
        ("board", reverse("planning:activity-add", args=[w.delivery.pk])),
        ("board", reverse("planning:activity-edit", args=[w.activity.pk])),
        ("head", w.corporate.get_absolute_url()),
        ("head", w.delivery.get_absolute_url()),
        ("staff", w.pdp.get_absolute_url()),
        ("manager", w.pdp.get_absolute_url()),
        ("staff", reverse("planning:objective-add", args=[w.pdp.pk])),
        ("staff", reverse("planning:objective-edit", args=[w.objective.pk])),
        ("staff", reverse("planning:pdp-part-edit", args=[w.pdp.pk, "mid-year"])),
        ("staff", reverse("planning:item-history", args=["pdp", w.pdp.pk])),
        ("staff", reverse("planning:item-history", args=["objective", w.objective.pk])),
        ("head", reverse("planning:thread", args=["ambition", w.ambition.pk])),
        ("lead", reverse("planning:thread", args=["ambition", w.ambition.pk])),
        ("other_head", reverse("planning:thread", args=["activity", w.activity.pk])),
        ("head", reverse("planning:thread", args=["action", w.action.pk])),
        ("head", reverse("planning:thread-branch", args=["activity", w.activity.pk])),
        ("lead", reverse("planning:thread-branch", args=["ambition", w.ambition.pk])),
        ("staff", reverse("planning:thread", args=["objective", w.objective.pk])),
        ("head", reverse("planning:item-serves", args=["action", w.action.pk])),
        ("lead", reverse("planning:orphans")),
    ]


def count_queries(client_for, persona: str, url: str) -> int:
    client = client_for(persona)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (persona, url)
    return len(queries)


def test_no_page_runs_more_queries_for_a_bigger_council(client_for, world):
    grow(world, 1)
    small = {(p, u): count_queries(client_for, p, u) for p, u in pages(world)}
    grow(world, 5)
    large = {(p, u): count_queries(client_for, p, u) for p, u in pages(world)}
    grown = {key: (small[key], large[key]) for key in small if small[key] != large[key]}
    assert not grown, f"query counts grew with the data (small, large): {grown}"
    over = {key: n for key, n in large.items() if n > BUDGET}
    assert not over, f"pages over the budget of {BUDGET} queries: {over}"


def test_the_bigger_council_really_is_bigger(client_for, world):
    """Guard for the test above: growing the data shows more rows on the pages."""
    grow(world, 1)
    before = client_for("head").get(world.service_plan.get_absolute_url()).content.count(b"<tr")
    grow(world, 5)
    after = client_for("head").get(world.service_plan.get_absolute_url()).content.count(b"<tr")
    assert after >= before + 10
