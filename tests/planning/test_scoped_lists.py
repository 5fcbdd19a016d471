"""Lists start from the detail pages' rules written as filters: for every person, the
filter holds for exactly the records the detail page lets them open."""

import datetime as dt

import pytest

from audit.models import Recommendation
from audit.permissions import recommendations_visible_to
from planning.models import PLAN_MODELS, PersonalDevelopmentPlan, ServicePlan
from planning.permissions import can_view_plan, plans_visible_to
from planning.selectors.delivery import action_positions
from risk.models import Risk
from risk.permissions import risks_visible_to
from tests.audit.world import build_recommendations_everywhere
from tests.risk.world import build_risks_at_every_level
from tests.world import PERSONAS

pytestmark = pytest.mark.django_db


def fresh(world, persona):
    """The person as a new request sees them (nothing of their reach cached)."""
    return type(world.people[persona]).objects.get(pk=world.people[persona].pk)


@pytest.mark.parametrize("kind", sorted(PLAN_MODELS))
def test_each_plan_filter_matches_the_plan_page_rule_for_everyone(world, kind):
    model = PLAN_MODELS[kind]
    for persona in PERSONAS:
        user = fresh(world, persona)
        by_rule = {plan.pk for plan in model.objects.all() if can_view_plan(user, plan)}
        by_filter = set(
            model.objects.filter(plans_visible_to(user, model)).values_list("pk", flat=True)
        )
        assert by_filter == by_rule, (kind, persona)


def test_a_private_pdp_is_in_no_list_but_its_owners_chain(world):
    lead = fresh(world, "lead")
    assert not PersonalDevelopmentPlan.objects.filter(
        plans_visible_to(lead, PersonalDevelopmentPlan)
    )


def test_the_risk_filter_matches_the_risk_page_rule_for_everyone(world):
    build_risks_at_every_level(world)
    for persona in PERSONAS:
        user = fresh(world, persona)
        by_rule = {r.pk for r in Risk.objects.all() if user.has_perm("risk.view_risk", r)}
        by_filter = set(Risk.objects.filter(risks_visible_to(user)).values_list("pk", flat=True))
        assert by_filter == by_rule, persona


def test_the_recommendation_filter_matches_its_page_rule_for_everyone(world):
    build_recommendations_everywhere(world)
    for persona in PERSONAS:
        user = fresh(world, persona)
        recs = Recommendation.objects.all()
        by_rule = {r.pk for r in recs if user.has_perm("audit.view_recommendation", r)}
        by_filter = set(recs.filter(recommendations_visible_to(user)).values_list("pk", flat=True))
        assert by_filter == by_rule, persona


def test_nobody_signed_out_is_in_reach_of_anything(world):
    from django.contrib.auth.models import AnonymousUser

    nobody = AnonymousUser()
    assert not ServicePlan.objects.filter(plans_visible_to(nobody, ServicePlan))
    assert not Risk.objects.filter(risks_visible_to(nobody)).exists()


def test_action_positions_hold_only_actions_in_plans_the_person_may_open(world):
    as_at = dt.date(2026, 9, 30)
    everything = {
        p.pk for p in action_positions(year=world.year, as_at=as_at, user=world.people["admin"])
    }
    staff = {
        p.pk for p in action_positions(year=world.year, as_at=as_at, user=world.people["staff"])
    }
    leisure = set(world.other_draft_plan.items.values_list("pk", flat=True))
    assert leisure
    assert leisure <= everything
    assert staff == everything - leisure
