"""The "what does this serve" picker offers, and accepts, only what the person may see and
may link to; everything else is refused with one message that says nothing about it."""

import pytest
from django.urls import reverse

from core.history import version_token
from planning.models import DirectoratePlan, PdpObjective, PlanStatus, ServiceAction, ServicePlan
from planning.permissions import (
    can_view_plan,
    plans_visible_to,
)
from tests import factories as f
from tests.world import PERSONAS

pytestmark = pytest.mark.django_db

REFUSAL = "Choose an item from 2026/27 in the list"


@pytest.fixture
def beyond(world):
    """Items out of reach of Parks: Leisure's draft action, a priority of Communities'
    draft directorate plan, and last year's action in Parks' own plan."""
    leisure_action = ServiceAction.objects.get(plan=world.other_draft_plan)
    leisure_action.title = "Secret leisure review"
    leisure_action.save()
    communities = world.other_service.directorate
    other_priority = f.PriorityFactory(
        plan=f.DirectoratePlanFactory(year=world.year, directorate=communities),
        title="Secret communities priority",
    )
    last_year = f.FinancialYearFactory(start_year=2025)
    old_action = f.ActionFactory(
        plan=f.ServicePlanFactory(year=last_year, service=world.service),
        title="Last year's planting",
    )
    return {
        "another service's draft action": f"action:{leisure_action.pk}",
        "another service's published action": f"action:{world.other_action.pk}",
        "another directorate's priority": f"priority:{other_priority.pk}",
        "last year's action of the same service": f"action:{old_action.pk}",
        "a priority that does not exist": "priority:999999",
        "an action that does not exist": "action:999999",
        "a kind that does not exist": "planet:1",
        "no number": "action:abc",
        "nothing after the colon": "action:",
        "no kind at all": "nonsense",
    }


HIDDEN_TITLES = ("Secret leisure review", "Secret communities priority", "Last year")


def objective_url(world):
    return reverse("planning:objective-add", args=[world.pdp.pk])


@pytest.mark.parametrize(
    "case",
    [
        "another service's draft action",
        "another service's published action",
        "another directorate's priority",
        "last year's action of the same service",
        "a priority that does not exist",
        "an action that does not exist",
        "a kind that does not exist",
        "no number",
        "nothing after the colon",
        "no kind at all",
    ],
)
@pytest.mark.parametrize("persona", ["staff", "manager", "admin"])
def test_an_objective_is_never_linked_out_of_reach(client_for, world, beyond, persona, case):
    response = client_for(persona).post(
        objective_url(world), {"title": "Read the secret", "serves": beyond[case]}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert REFUSAL in body
    assert 'href="#id_serves"' in body
    assert 'value="Read the secret"' in body  # what was typed is kept
    for title in HIDDEN_TITLES:
        assert title not in body
    assert "no longer exists" not in body
    assert not PdpObjective.objects.filter(title="Read the secret").exists()


@pytest.mark.parametrize("persona", ["staff", "manager", "admin"])
def test_an_objective_links_to_its_owners_service_directorate_and_the_council_plans(
    client_for, world, persona
):
    for n, target in enumerate([world.action, world.priority, world.activity, world.ambition]):
        title = f"Objective {n}"
        response = client_for(persona).post(
            objective_url(world), {"title": title, "serves": f"{target.KIND}:{target.pk}"}
        )
        assert response.status_code == 302, (persona, target)
        assert PdpObjective.objects.get(title=title).serves == target


def test_the_objective_picker_offers_exactly_what_it_accepts(client_for, world, beyond):
    body = client_for("staff").get(objective_url(world)).content.decode()
    for target in [world.action, world.priority, world.activity, world.ambition]:
        assert f'value="{target.KIND}:{target.pk}"' in body
    for value in beyond.values():
        assert f'value="{value}"' not in body
    for title in HIDDEN_TITLES:
        assert title not in body


def test_a_line_manager_outside_the_service_cannot_link_to_a_plan_they_cannot_read(
    client_for, world
):
    """other_head (Libraries) manages a member of Parks' staff; Parks' draft plan is not
    theirs to read, so its actions are neither offered nor accepted."""
    report = f.PersonFactory(service=world.service, line_manager=world.people["other_head"])
    pdp = f.PdpFactory(year=world.year, person=report)
    url = reverse("planning:objective-add", args=[pdp.pk])
    client = client_for("other_head")
    assert f'value="action:{world.action.pk}"' not in client.get(url).content.decode()
    response = client.post(url, {"title": "Peek", "serves": f"action:{world.action.pk}"})
    assert response.status_code == 400
    assert REFUSAL in response.content.decode()
    assert world.action.title not in response.content.decode()
    assert not pdp.items.exists()


def test_an_objective_of_a_director_may_serve_their_own_directorates_priorities(client_for, world):
    pdp = f.PdpFactory(year=world.year, person=world.people["director"])
    url = reverse("planning:objective-add", args=[pdp.pk])
    response = client_for("director").post(
        url, {"title": "Lead the priority", "serves": f"priority:{world.priority.pk}"}
    )
    assert response.status_code == 302
    assert pdp.items.get().serves == world.priority


@pytest.mark.parametrize("persona", ["head", "manager", "admin"])
@pytest.mark.parametrize(
    "case",
    [
        "another directorate's priority",
        "a priority that does not exist",
        "a kind that does not exist",
        "no kind at all",
        "priority:abc",
        "priority:",
        "priority:-1",
    ],
)
def test_an_action_is_never_linked_out_of_reach(client_for, world, beyond, persona, case):
    url = reverse("planning:item-serves", args=["action", world.action.pk])
    response = client_for(persona).post(url, {"serves": beyond.get(case, case)})
    assert response.status_code == 400
    body = response.content.decode()
    assert REFUSAL in body
    for title in HIDDEN_TITLES:
        assert title not in body
    world.action.refresh_from_db()
    assert world.action.serves == world.priority


def test_the_action_form_refuses_another_directorates_priority_and_keeps_what_was_typed(
    client_for, world, beyond
):
    response = client_for("head").post(
        reverse("planning:action-add", args=[world.service_plan.pk]),
        {"title": "Borrow a priority", "serves": beyond["another directorate's priority"]},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert REFUSAL in body
    assert 'value="Borrow a priority"' in body
    assert "Secret communities priority" not in body
    assert not ServiceAction.objects.filter(title="Borrow a priority").exists()


@pytest.mark.parametrize("persona", ["head", "admin"])
def test_an_action_links_to_its_own_directorates_priority_and_the_council_plans(
    client_for, world, persona
):
    url = reverse("planning:item-serves", args=["action", world.action.pk])
    for target in [world.activity, world.ambition, world.priority]:
        world.action.refresh_from_db()
        choice = {"serves": f"{target.KIND}:{target.pk}", "version": version_token(world.action)}
        response = client_for(persona).post(url, choice)
        assert response.status_code == 302
        world.action.refresh_from_db()
        assert world.action.serves == target


def test_a_level_that_cannot_be_served_still_says_why(client_for, world):
    """Refusing a kind (sideways, downward) depends on the kind alone, so it may say why."""
    url = reverse("planning:item-serves", args=["action", world.action.pk])
    response = client_for("head").post(url, {"serves": "action:999999"})
    assert "a service action cannot serve another service action" in response.content.decode()


def test_a_priority_is_refused_an_ambition_of_another_period_with_the_one_message(
    client_for, world
):
    later = f.AmbitionFactory(plan__first_year=f.FinancialYearFactory(start_year=2031))
    response = client_for("director").post(
        reverse("planning:priority-add", args=[world.directorate_plan.pk]),
        {"title": "Too late", "serves": f"ambition:{later.pk}"},
    )
    assert response.status_code == 400
    assert REFUSAL in response.content.decode()
    assert later.title not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_plan_filters_agree_with_the_plan_permissions(world, persona):
    """The filters the pickers use say yes to exactly the plans the detail pages open."""
    user = world.people[persona]
    f.DirectoratePlanFactory(
        year=world.year, directorate=world.other_service.directorate, status=PlanStatus.DRAFT
    )
    for model in [ServicePlan, DirectoratePlan]:
        plans = list(model.objects.all())
        seen = set(model.objects.filter(plans_visible_to(user, model)).values_list("pk", flat=True))
        assert seen == {p.pk for p in plans if can_view_plan(user, p)}, (persona, model)
