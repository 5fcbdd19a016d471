"""Rolling plans forward: what a Service Business Plan carries into next year, and how
copied actions keep their golden-thread links where what they served exists next year."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from planning import services
from planning.models import (
    Assurance,
    CommitmentSource,
    DeliveryPlan,
    DirectoratePlan,
    Workforce,
)
from tests import factories as f

pytestmark = pytest.mark.django_db

Q3 = dt.date(2026, 11, 23)


@pytest.fixture
def next_year(world):
    return f.FinancialYearFactory(start_year=2027)


def roll(world):
    return services.plan_roll_forward(plan=world.service_plan, actor=world.people["head"])


# --- what the Service Business Plan carries -----------------------------------------


def test_the_self_assessment_narrative_is_carried(world, next_year):
    head = world.people["head"]
    services.self_assessment_save(
        plan=world.service_plan,
        theme="leadership",
        actor=head,
        narrative="Clear direction.",
        version="",
    )
    new_plan = roll(world)
    entry = new_plan.self_assessment.get()
    assert (entry.theme, entry.narrative) == ("leadership", "Clear direction.")
    assert world.service_plan.self_assessment.count() == 1  # this year's is untouched
    assert entry.history.get().history_change_reason == "Rolled forward from 2026/27"


def test_teams_and_staffing_answers_are_carried_but_not_the_sickness_rate(world, next_year):
    head, plan = world.people["head"], world.service_plan
    services.workforce_team_save(
        plan=plan, actor=head, data={"team": "Rangers", "fte": 6, "vacancies": 1, "agency": 0}
    )
    services.workforce_save(
        plan=plan,
        actor=head,
        answers={"pressures": "Arborists"},
        sickness_days_per_fte=Decimal("9.1"),
    )
    services.budget_line_save(plan=plan, actor=head, data={"purpose": "Mowing", "budget": 9})
    services.saving_save(plan=plan, actor=head, data={"name": "Fewer mowings", "amount": 5})
    services.capital_scheme_save(plan=plan, actor=head, data={"name": "Pavilion", "budget": 7})
    new_plan = roll(world)
    team = new_plan.workforce.get()
    assert (team.team, team.fte, team.vacancies) == ("Rangers", 6, 1)
    workforce = Workforce.objects.get(plan=new_plan)
    assert workforce.answers == {"pressures": "Arborists"}
    assert workforce.sickness_days_per_fte is None
    assert Workforce.objects.get(plan=plan).sickness_days_per_fte == Decimal("9.1")
    # This year's money stays with this year.
    assert not new_plan.budget_lines.exists()
    assert not new_plan.savings.exists()
    assert not new_plan.capital_schemes.exists()


def test_assurance_checklist_policies_and_running_contracts_are_carried(world, next_year):
    head, plan = world.people["head"], world.service_plan
    answers = {"risks": {"answer": "yes", "evidence": "Reviewed in September"}}
    services.assurance_save(
        plan=plan,
        actor=head,
        answers=answers,
        bcp_last_tested=dt.date(2026, 9, 14),
        delegation_last_reviewed=None,
    )
    services.policy_save(
        plan=plan, actor=head, data={"name": "Tree policy", "next_review": dt.date(2027, 6, 1)}
    )
    for name, ends in (("Ends this year", dt.date(2027, 3, 31)), ("Runs on", dt.date(2027, 4, 1))):
        services.contract_save(
            plan=plan,
            actor=head,
            data={
                "name": name,
                "supplier": "Green Ltd",
                "value": 100,
                "end_date": ends,
                "renewal_lead_months": 6,
            },
        )
    new_plan = roll(world)
    assurance = Assurance.objects.get(plan=new_plan)
    assert assurance.answers == answers
    assert assurance.bcp_last_tested == dt.date(2026, 9, 14)
    assert list(new_plan.policies.values_list("name", flat=True)) == ["Tree policy"]
    assert list(new_plan.contracts.values_list("name", flat=True)) == ["Runs on"]


def test_only_open_commitments_are_carried(world, next_year):
    head = world.people["head"]
    source = CommitmentSource.objects.first()
    for title, status in (("Open one", "in_progress"), ("Done one", "complete")):
        services.commitment_save(
            plan=world.service_plan,
            actor=head,
            data={"source": source, "title": title, "owner": head, "status": status},
        )
    new_plan = roll(world)
    copied = new_plan.commitments.get()
    assert (copied.title, copied.status, copied.owner) == ("Open one", "in_progress", head)


def test_the_roll_forward_page_says_what_is_carried(client_for, world, next_year):
    body = (
        client_for("head")
        .get(reverse("planning:plan-roll-forward", args=[world.service_plan.pk]))
        .content.decode()
    )
    assert "the self-assessment narrative" in body
    assert "policy register and contracts still running next year" in body
    assert "Budget lines, capital schemes, savings and milestones" in body


# --- keeping the golden thread --------------------------------------------------------


def test_copied_impacts_and_actions_remember_what_they_were_copied_from(world, next_year):
    impact = world.service_plan.impacts.create(title="Greener parks")
    world.action.impact = impact
    world.action.save()
    new_plan = roll(world)
    copy = new_plan.items.get()
    assert copy.rolled_from == world.action
    assert copy.impact.rolled_from == impact


def test_an_action_serving_an_ambition_keeps_its_link_while_the_corporate_plan_runs(
    world, next_year
):
    action = f.ActionFactory(plan=world.service_plan, serves_ambition=world.ambition)
    new_plan = roll(world)
    assert new_plan.items.get(rolled_from=action).serves_ambition == world.ambition


def test_an_ambition_whose_corporate_plan_ends_needs_linking(world, next_year):
    old = f.CorporatePlanFactory(first_year=f.FinancialYearFactory(start_year=2023))
    ending = f.AmbitionFactory(plan=old, title="Ends with its plan")
    action = f.ActionFactory(plan=world.service_plan, serves_ambition=ending)
    new_plan = roll(world)
    copy = new_plan.items.get(rolled_from=action)
    assert copy.serves is None


def test_actions_link_to_next_years_copy_when_the_plan_above_was_rolled_first(world, next_year):
    admin = world.people["admin"]
    services.annual_plan_roll_forward(plan=world.delivery, actor=admin)
    services.annual_plan_roll_forward(plan=world.directorate_plan, actor=admin)
    new_plan = roll(world)
    copy = new_plan.items.get(rolled_from=world.action)
    assert copy.serves_priority.rolled_from == world.priority
    assert copy.serves_priority.plan.year == next_year
    assert copy.serves_priority.serves_activity.rolled_from == world.activity
    assert copy.serves_priority.serves_activity.serves_ambition == world.ambition


def test_actions_are_relinked_when_the_plan_above_is_rolled_later(client_for, world, next_year):
    new_plan = roll(world)
    copy = new_plan.items.get(rolled_from=world.action)
    assert copy.serves is None
    delivery_url = reverse("planning:plan-delivery", args=[new_plan.pk])
    body = client_for("head").get(delivery_url).content.decode()
    assert "Needs linking" in body
    assert f"served directorate priority {world.priority}" in body
    assert reverse("planning:item-serves", args=["action", copy.pk]) in body

    admin = world.people["admin"]
    services.annual_plan_roll_forward(plan=world.directorate_plan, actor=admin)
    copy.refresh_from_db()
    assert copy.serves_priority.rolled_from == world.priority
    assert copy.serves_priority.plan.year == next_year
    assert "Linked to directorate priority" in copy.history.first().history_change_reason
    assert "Needs linking" not in client_for("head").get(delivery_url).content.decode()


def test_priorities_and_actions_are_relinked_when_the_delivery_plan_is_rolled(world, next_year):
    admin = world.people["admin"]
    serving_activity = f.ActionFactory(plan=world.service_plan, serves_activity=world.activity)
    services.annual_plan_roll_forward(plan=world.directorate_plan, actor=admin)
    new_plan = roll(world)
    new_priority = DirectoratePlan.objects.get(year=next_year).items.get()
    assert new_priority.serves is None  # the activity has no copy yet
    assert new_plan.items.get(rolled_from=serving_activity).serves is None

    services.annual_plan_roll_forward(plan=world.delivery, actor=admin)
    new_activity = DeliveryPlan.objects.get(year=next_year).items.get()
    assert new_activity.rolled_from == world.activity
    assert new_activity.serves_ambition == world.ambition
    new_priority.refresh_from_db()
    assert new_priority.serves_activity == new_activity
    assert new_plan.items.get(rolled_from=serving_activity).serves_activity == new_activity
    # An action already linked is not moved.
    assert new_plan.items.get(rolled_from=world.action).serves_priority == new_priority


def test_links_are_never_repointed_into_another_year(world, next_year):
    later = f.FinancialYearFactory(start_year=2028)
    stray = f.PriorityFactory(
        plan=f.DirectoratePlanFactory(year=later, directorate=world.service.directorate),
        rolled_from=world.priority,
    )
    new_plan = roll(world)
    assert new_plan.items.get().serves is None
    services.annual_plan_roll_forward(plan=world.directorate_plan, actor=world.people["admin"])
    linked = new_plan.items.get().serves_priority
    assert linked != stray
    assert linked.plan.year == next_year


def test_a_higher_plan_rolls_forward_once(world, next_year):
    services.annual_plan_roll_forward(plan=world.directorate_plan, actor=world.people["admin"])
    with pytest.raises(ValidationError, match="already has a plan"):
        services.annual_plan_roll_forward(plan=world.directorate_plan, actor=world.people["admin"])


def test_a_delivery_plan_needs_a_corporate_plan_covering_next_year(world):
    f.FinancialYearFactory(start_year=2030)
    last = f.DeliveryPlanFactory(
        year=f.FinancialYearFactory(start_year=2029), corporate_plan=world.corporate
    )
    with pytest.raises(ValidationError, match="No corporate plan covers 2030/31"):
        services.annual_plan_roll_forward(plan=last, actor=world.people["admin"])
    assert not DeliveryPlan.objects.filter(year__start_year=2030).exists()


def test_administrators_roll_higher_plans_forward_from_the_admin(client_for, world, next_year):
    new_plan = roll(world)
    url = reverse("admin:planning_directorateplan_changelist")
    response = client_for("admin").post(
        url,
        {"action": "roll_forward", "_selected_action": [world.directorate_plan.pk]},
        follow=True,
    )
    assert f"Started {world.service.directorate} plan 2027/28" in response.content.decode()
    assert new_plan.items.get().serves_priority.plan.year == next_year
    again = client_for("admin").post(
        url,
        {"action": "roll_forward", "_selected_action": [world.directorate_plan.pk]},
        follow=True,
    )
    assert "already has a plan for 2027/28" in again.content.decode()


def test_the_needs_linking_list_costs_the_same_queries_however_long(client_for, world, next_year):
    from .test_query_counts import count_queries

    new_plan = roll(world)
    url = reverse("planning:plan-delivery", args=[new_plan.pk])
    small = count_queries(client_for, "head", url)
    for n in range(6):
        for key, serves in enumerate(
            ({"serves_priority": world.priority}, {"serves_activity": world.activity})
        ):
            original = f.ActionFactory(plan=world.service_plan, **serves)
            f.ActionFactory(plan=new_plan, ref=f"R{n}.{key}", rolled_from=original)
    large = count_queries(client_for, "head", url)
    body = client_for("head").get(url).content.decode()
    assert body.count("(last year it served") == 13
    assert small == large
