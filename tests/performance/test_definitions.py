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
