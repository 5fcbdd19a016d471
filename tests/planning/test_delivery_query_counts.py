"""The delivery plan section, action pages, My updates and the QA queue run the same
number of queries whatever the size of the plan or council."""

import datetime as dt

import pytest
from django.urls import reverse

from planning import services
from planning.models import CommitmentSource, Impact, Milestone, PlanStatus, ServicePlan
from tests import factories as f

from .test_query_counts import count_queries, grow

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 11, 23)


def grow_delivery(world, times: int) -> None:
    """More services (submitted for QA), and more impacts, actions, milestones and updates
    in head's plan, some of them led by head."""
    grow(world, times)
    head = world.people["head"]
    for n in range(times):
        service = f.ServiceFactory(
            directorate=world.service.directorate, portfolio=world.service.portfolio
        )
        plan = f.ServicePlanFactory(year=world.year, service=service)
        services.plan_submit(plan=plan, actor=world.people["admin"])
        impact = Impact.objects.create(plan=world.service_plan, title=f"Impact {n}")
        for rag in ("green", "amber", "red", "blue"):
            action = f.ActionFactory(plan=world.service_plan, impact=impact, lead=head)
            Milestone.objects.create(action=action, title="Step", due_date=ON)
            services.update_post(
                action=action,
                actor=head,
                rag=rag,
                commentary="Because",
                recovery_action="Recover",
                completed_on=ON,
                on=ON,
            )
            services.update_post(action=world.action, actor=head, rag="green", on=ON)
        f.ActionFactory(plan=world.service_plan, lead=head, due_date=dt.date(2026, 10, 1))
        services.saving_save(
            plan=world.service_plan, actor=head, data={"name": f"Saving {n}", "amount": 10}
        )
        services.workforce_team_save(
            plan=world.service_plan,
            actor=head,
            data={"team": f"Team {n}", "fte": 2, "vacancies": 0, "agency": 0},
        )
        services.budget_line_save(
            plan=world.service_plan, actor=head, data={"purpose": f"Line {n}", "budget": 10}
        )
        services.policy_save(
            plan=world.service_plan, actor=head, data={"name": f"Policy {n}", "next_review": ON}
        )
        services.contract_save(
            plan=world.service_plan,
            actor=head,
            data={
                "name": f"Contract {n}",
                "supplier": "Acme",
                "value": 100,
                "end_date": ON,
                "renewal_lead_months": 6,
            },
        )
        services.commitment_save(
            plan=world.service_plan,
            actor=head,
            data={
                "source": CommitmentSource.objects.first(),
                "title": f"Commitment {n}",
                "owner": head,
                "status": "in_progress",
            },
        )


def pages(world):
    plan = world.service_plan
    return [
        ("head", reverse("planning:plan-delivery", args=[plan.pk])),
        ("head", reverse("planning:plan-self-assessment", args=[plan.pk])),
        ("head", reverse("planning:plan-commitments", args=[plan.pk])),
        ("head", reverse("planning:plan-assurance", args=[plan.pk])),
        ("head", reverse("planning:plan-resources", args=[plan.pk])),
        ("lead", reverse("planning:plan-delivery", args=[plan.pk])),
        ("head", plan.get_absolute_url()),
        ("head", reverse("planning:action-detail", args=[world.action.pk])),
        ("head", reverse("planning:my-updates")),
        ("lead", reverse("planning:qa-queue")),
        ("admin", reverse("planning:qa-queue")),
        ("head", reverse("planning:plan-submit", args=[plan.pk])),
        ("lead", reverse("planning:plan-review", args=[plan.pk])),
        ("head", reverse("planning:plan-roll-forward", args=[plan.pk])),
        ("head", reverse("planning:action-edit", args=[world.action.pk])),
    ]


def test_delivery_pages_run_no_more_queries_for_more_data(client_for, world):
    grow_delivery(world, 1)
    small = {key: count_queries(client_for, *key) for key in pages(world)}
    grow_delivery(world, 5)
    large = {key: count_queries(client_for, *key) for key in pages(world)}
    grown = {key: (small[key], large[key]) for key in small if small[key] != large[key]}
    assert not grown, f"query counts grew with the data (small, large): {grown}"


def test_the_bigger_plan_really_is_bigger(client_for, world):
    grow_delivery(world, 1)
    url = reverse("planning:plan-delivery", args=[world.service_plan.pk])
    before = client_for("head").get(url).content.count(b"<tr")
    queue_before = ServicePlan.objects.filter(status=PlanStatus.SUBMITTED).count()
    grow_delivery(world, 5)
    after = client_for("head").get(url).content.count(b"<tr")
    assert after >= before + 20
    assert ServicePlan.objects.filter(status=PlanStatus.SUBMITTED).count() == queue_before + 5
