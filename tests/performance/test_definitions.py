"""Adding indicators to a plan: new ones into the council's library, or existing ones."""

import pytest
from django.urls import reverse

from performance.models import IndicatorDefinition, IndicatorUsage

pytestmark = pytest.mark.django_db


def test_head_adds_a_new_indicator_measuring_one_of_the_plans_actions(client_for, world, perf):
    url = reverse("performance:plan-definition-new", args=[world.service_plan.pk])
    data = {
        "ref": "PK-09",
        "name": "Trees planted",
        "type": "output",
        "polarity": "higher",
        "unit": "number",
        "decimal_places": "0",
        "frequency": "monthly",
        "aggregation": "cumulative",
        "calculation": "Trees in the ground, counted by the parks team",
        "serves_action": str(world.action.pk),
    }
    response = client_for("head").post(url, data)
    assert response.status_code == 302, response.content.decode()
    definition = IndicatorDefinition.objects.get(ref="PK-09")
    assert definition.service == world.service
    assert definition.owner == world.people["head"]
    usage = IndicatorUsage.objects.get(definition=definition)
    assert usage.plan == world.service_plan
    assert usage.serves_action == world.action
    page = client_for("staff").get(
        reverse("performance:plan-definitions", args=[world.service_plan.pk])
    )
    assert "Trees planted" in page.content.decode()
    assert "Replant the park" in page.content.decode()


def test_a_new_indicator_with_a_taken_reference_is_refused(client_for, world, perf):
    url = reverse("performance:plan-definition-new", args=[world.service_plan.pk])
    response = client_for("head").post(url, {"ref": "PK-01", "name": "Again"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "An indicator with this reference already exists" in body
    assert "Choose the type of indicator" in body
    assert 'value="Again"' in body


def test_a_corporate_measure_is_used_by_another_plan(client_for, world, perf):
    url = reverse("performance:plan-definition-use", args=[world.other_plan.pk])
    response = client_for("other_head").post(url, {"definition": perf.percent.pk})
    assert response.status_code == 302
    assert perf.percent.usages.filter(plan=world.other_plan).exists()
    # An indicator already in the plan is not offered again.
    page = client_for("other_head").get(url).content.decode()
    assert f'value="{perf.corporate.pk}"' not in page


def test_an_action_of_another_plan_is_refused(client_for, world, perf):
    url = reverse("performance:plan-definition-use", args=[world.service_plan.pk])
    data = {"definition": perf.libraries.pk, "serves_action": world.other_action.pk}
    response = client_for("head").post(url, data)
    assert response.status_code == 400
    assert not perf.libraries.usages.filter(plan=world.service_plan).exists()


def test_a_large_library_is_searched_rather_than_offered_whole(client_for, world, perf):
    from performance import selectors

    url = reverse("performance:plan-definition-use", args=[world.service_plan.pk])
    common = {"type": "output", "aggregation": "sum", "service": world.other_service}
    IndicatorDefinition.objects.bulk_create(
        IndicatorDefinition(ref=f"BIG-{n:03}", name=f"Measure {n}", **common)
        for n in range(selectors.LIBRARY_OFFERED + 5)
    )
    IndicatorDefinition.objects.create(ref="FIND-1", name="Fly-tipping cleared", **common)
    corporate = IndicatorDefinition.objects.create(
        ref="CORP-9",
        name="Residents satisfied",
        is_corporate=True,
        owner=world.people["director"],
        **common,
    )
    page = client_for("head").get(url).content.decode()
    assert "Search the library by reference or name" in page
    assert "FIND-1" not in page  # another service's, not offered until searched for
    assert f'value="{corporate.pk}"' in page  # the corporate measures are

    found = client_for("head").get(url, {"search": "fly-tip"}).content.decode()
    assert "FIND-1 Fly-tipping cleared" in found
    assert "1 indicator matching “fly-tip”" in found

    # Any indicator not yet used can be chosen, offered or not; a refused form offers it again.
    chosen = IndicatorDefinition.objects.get(ref="FIND-1")
    refused = client_for("head").post(
        url, {"definition": chosen.pk, "serves_action": world.other_action.pk}
    )
    assert refused.status_code == 400
    assert f'<option value="{chosen.pk}" selected>' in refused.content.decode()
    done = client_for("head").post(url, {"definition": chosen.pk, "serves_action": ""})
    assert done.status_code == 302
    assert chosen.usages.filter(plan=world.service_plan).exists()


@pytest.mark.parametrize("chosen", ["²", "١٢", "１２", "99999999999999999999", "-1", ""])
def test_a_chosen_indicator_that_is_not_a_key_is_refused_plainly(client_for, world, chosen):
    url = reverse("performance:plan-definition-use", args=[world.service_plan.pk])
    response = client_for("head").post(url, {"definition": chosen, "serves_action": ""})
    assert response.status_code == 400


@pytest.mark.parametrize("search", ["Parks\x00", "x" * 500])
def test_a_search_the_library_cannot_use_is_not_applied_and_said(client_for, world, search):
    url = reverse("performance:plan-definition-use", args=[world.service_plan.pk])
    response = client_for("head").get(url, {"search": search})
    assert response.status_code == 200
    assert "The list is not filtered by “search”" in response.content.decode()
