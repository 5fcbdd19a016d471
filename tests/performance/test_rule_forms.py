"""One validation of how an indicator is rated, shared by the form that adds an indicator,
the form that changes one and the council's policy form."""

from decimal import Decimal

import pytest
from django.urls import reverse

from core.history import version_token
from performance.models import IndicatorDefinition, RagPolicy
from tests.performance.test_definition_edit import edit_url, form_data

pytestmark = pytest.mark.django_db


def new_data(world, **rules) -> dict:
    return {
        "ref": "PK-09",
        "name": "Trees planted",
        "type": "output",
        "polarity": "higher",
        "unit": "percentage",
        "decimal_places": "1",
        "frequency": "monthly",
        "aggregation": "average",
        "serves_action": str(world.action.pk),
    } | rules


def add(client_for, world, **rules):
    url = reverse("performance:plan-definition-new", args=[world.service_plan.pk])
    return client_for("head").post(url, new_data(world, **rules))


def change(client_for, perf, **rules):
    return client_for("head").post(edit_url(perf.percent), form_data(perf.percent, **rules))


def policy(client_for, **typed):
    data = {"version": version_token(None), "green_band_percent": "", "save": "save"}
    return client_for("admin").post(reverse("performance:rag-policy"), data | typed)


@pytest.mark.parametrize("submit", [add, change])
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "Enter the amber tolerance percentage as a percentage from 0 to 100"),
        ("150", "Enter the amber tolerance percentage as a percentage from 0 to 100"),
        ("lots", "Enter the amber tolerance percentage as a number"),
    ],
)
def test_both_indicator_forms_refuse_a_tolerance_outside_0_to_100_keeping_the_typing(
    client_for, world, perf, submit, typed, message
):
    response = submit(client_for, world if submit is add else perf, tolerance_percent=typed)
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html
    assert f'value="{typed}"' in html


def test_the_policy_form_refuses_a_tolerance_outside_0_to_100(client_for, perf):
    response = policy(client_for, tolerance_percent="150")
    assert "Enter the amber tolerance percentage as a percentage from 0 to 100" in (
        response.content.decode()
    )
    assert not RagPolicy.objects.exists()


def test_the_add_form_takes_7_5_percent_an_amount_band_and_a_rule_kind(client_for, world, perf):
    response = add(
        client_for,
        world,
        tolerance_percent="7.5%",
        green_band_absolute="0.5",
        strict_target="on",
        amber_rule="range",
        low_target="80",
    )
    assert response.status_code == 302, response.content.decode()
    made = IndicatorDefinition.objects.get(ref="PK-09")
    assert made.tolerance_percent == Decimal("7.5")
    assert made.green_band_absolute == Decimal("0.5")
    assert (made.strict_target, made.amber_rule, made.low_target) == (True, "range", 80)


def test_the_edit_form_takes_7_5_percent_too(client_for, perf):
    response = change(client_for, perf, tolerance_percent="7.5%")
    assert response.status_code == 302
    perf.percent.refresh_from_db()
    assert perf.percent.tolerance_percent == Decimal("7.5")


def test_the_policy_form_takes_7_5_percent(client_for, perf):
    assert policy(client_for, tolerance_percent="7.5%").status_code == 302
    assert RagPolicy.objects.get().tolerance_percent == Decimal("7.5")


@pytest.mark.parametrize(
    ("rule", "field", "message"),
    [
        ("floor", "floor", "Enter the floor standard: amber is judged by it"),
        ("range", "low_target", "Enter the low target: amber is between the two"),
    ],
)
def test_a_kind_of_amber_without_its_number_is_refused(
    client_for, world, perf, rule, field, message
):
    html = add(client_for, world, amber_rule=rule).content.decode()
    assert message in html
    assert not IndicatorDefinition.objects.filter(ref="PK-09").exists()
