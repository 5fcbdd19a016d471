"""Changing an indicator's definition and how it is rated, in the browser's forms."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import escape

from core.history import version_token
from performance import services
from performance.models import IndicatorDefinition, IndicatorValue
from planning.models import PlanStatus

pytestmark = pytest.mark.django_db


def edit_url(definition) -> str:
    return reverse("performance:indicator-edit", args=[definition.pk])


def form_data(definition, **changes) -> dict:
    """The form as it is shown for the definition, with some answers changed."""
    data = {
        "version": version_token(definition),
        "ref": definition.ref,
        "name": definition.name,
        "description": definition.description,
        "type": definition.type,
        "polarity": definition.polarity,
        "unit": definition.unit,
        "rate_per": definition.rate_per or "",
        "decimal_places": definition.decimal_places,
        "frequency": definition.frequency,
        "aggregation": definition.aggregation,
        "numerator": "",
        "denominator": "",
        "calculation": definition.calculation,
        "data_source": definition.data_source,
        "tolerance_percent": "",
        "tolerance_absolute": "",
        "green_band_percent": "",
        "green_band_absolute": "",
        "floor": "",
        "change_reason": "",
    }
    if definition.in_delivery_plan:
        data["in_delivery_plan"] = "on"
    if definition.data_only:
        data["data_only"] = "on"
    return data | changes


def enter_values(definition, person, *numbers) -> None:
    for month, number in enumerate(numbers, start=4):
        IndicatorValue.objects.create(
            definition=definition,
            month=dt.date(2026, month, 1),
            value=Decimal(number),
            entered_by=person,
        )


def test_head_of_service_tightens_the_tolerance_and_the_rating_follows(client_for, world, perf):
    enter_values(perf.percent, world.people["head"], 88, 84, 80)
    client = client_for("head")
    detail = reverse("performance:indicator-detail", args=[perf.percent.pk])
    before = client.get(detail).content.decode()
    assert "AMBER: 84.0% is 6.7% below the 90.0% target (amber within 10%)" in before
    assert "Amber tolerance: the council's default" in before

    response = client.post(edit_url(perf.percent), form_data(perf.percent, tolerance_percent="5"))

    assert response.status_code == 302
    assert response["Location"] == detail
    perf.percent.refresh_from_db()
    assert perf.percent.tolerance_percent == Decimal(5)
    latest = perf.percent.history.first()
    assert latest.history_user == world.people["head"]
    assert latest.history_change_reason == "Definition changed"
    after = client.get(detail).content.decode()
    assert "RED: 84.0% is 6.7% below the 90.0% target (red beyond 5%)" in after
    assert "Amber tolerance: 5% of the target" in after


def test_the_form_shows_the_definition_as_saved(client_for, perf):
    perf.percent.floor = Decimal(70)
    perf.percent.save()
    page = client_for("manager").get(edit_url(perf.percent))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="Park users satisfied"' in html
    assert 'name="floor" value="70' in html
    assert "Change the definition" in html


def test_bad_numbers_are_refused_with_the_error_summary_and_typing_kept(client_for, perf):
    data = form_data(
        perf.percent, name="Park users very satisfied", tolerance_percent="ten", floor="-3x"
    )
    response = client_for("head").post(edit_url(perf.percent), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter the amber tolerance percentage as a number, like 82.5" in html
    assert "Enter the floor standard as a number, like 82.5" in html
    assert 'value="Park users very satisfied"' in html
    assert 'value="ten"' in html
    perf.percent.refresh_from_db()
    assert perf.percent.name == "Park users satisfied"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"tolerance_percent": "120"}, "Enter the amber tolerance percentage as a percentage"),
        ({"tolerance_percent": "5.125"}, "no more than 2 decimal places"),
        ({"green_band_absolute": "-1"}, "Enter the green band amount as an amount of 0 or more"),
        (
            {"tolerance_percent": "5", "tolerance_absolute": "2"},
            "Set the tolerance as a percentage or an amount, not both",
        ),
        (
            {"green_band_percent": "2", "green_band_absolute": "1"},
            "Set the green band as a percentage or an amount, not both",
        ),
        ({"ref": "LB-01"}, "An indicator with this reference already exists"),
        ({"name": ""}, "Enter the indicator&#x27;s name"),
        ({"data_only": "on"}, "A Delivery Plan measure has a target: it cannot be data only"),
        ({"unit": "rate"}, "Say what a rate is per"),
        ({"decimal_places": "7"}, "Enter the decimal places as a number from 0 to 4"),
        ({"decimal_places": "-1"}, "Enter the decimal places as a number from 0 to 4"),
        ({"rate_per": "-5"}, "Enter what a rate is per as a whole number, like 1000"),
    ],
)
def test_settings_that_cannot_be_saved_are_refused(client_for, perf, changes, message):
    response = client_for("head").post(edit_url(perf.percent), form_data(perf.percent, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    fresh = IndicatorDefinition.objects.get(pk=perf.percent.pk)
    assert fresh.history.count() == perf.percent.history.count()


def test_someone_elses_save_meanwhile_is_not_overwritten(client_for, world, perf):
    opened = form_data(perf.percent, tolerance_percent="5")
    services.definition_update(
        definition=perf.percent,
        changes={"floor": Decimal(60)},
        actor=world.people["manager"],
        version=version_token(perf.percent),
    )
    response = client_for("head").post(edit_url(perf.percent), opened)

    assert response.status_code == 409
    html = response.content.decode()
    assert "while you were editing" in html
    assert "Floor standard" in html  # what they changed
    assert 'name="tolerance_percent" value="5"' in html  # what you typed
    perf.percent.refresh_from_db()
    assert perf.percent.tolerance_percent is None
    assert perf.percent.floor == Decimal(60)

    again = client_for("head").post(
        edit_url(perf.percent), opened | {"version": version_token(perf.percent)}
    )
    assert again.status_code == 302


def test_after_sign_off_a_rating_change_needs_a_reason(client_for, world, perf):
    world.service_plan.status = PlanStatus.SIGNED_OFF
    world.service_plan.save()
    client = client_for("head")
    page = client.get(edit_url(perf.percent)).content.decode()
    assert "has been signed off for this year" in page

    refused = client.post(edit_url(perf.percent), form_data(perf.percent, floor="75"))
    assert refused.status_code == 400
    assert "Say why the rating is changing" in refused.content.decode()
    perf.percent.refresh_from_db()
    assert perf.percent.floor is None

    reason = "Statutory minimum raised by the regulator"
    saved = client.post(
        edit_url(perf.percent), form_data(perf.percent, floor="75", change_reason=reason)
    )
    assert saved.status_code == 302
    perf.percent.refresh_from_db()
    assert perf.percent.floor == Decimal(75)
    assert perf.percent.history.first().history_change_reason == reason


def test_after_sign_off_a_new_wording_needs_no_reason(client_for, world, perf):
    world.service_plan.status = PlanStatus.SIGNED_OFF
    world.service_plan.save()
    data = form_data(perf.percent, data_source="Annual park survey")
    assert client_for("head").post(edit_url(perf.percent), data).status_code == 302


def test_saving_with_nothing_changed_records_nothing(client_for, perf):
    before = perf.percent.history.count()
    response = client_for("head").post(edit_url(perf.percent), form_data(perf.percent))
    assert response.status_code == 302
    assert perf.percent.history.count() == before


def test_performance_lead_changes_a_corporate_measure(client_for, world, perf):
    data = form_data(perf.corporate, tolerance_absolute="3", change_reason="Survey margin")
    response = client_for("lead").post(edit_url(perf.corporate), data)
    assert response.status_code == 302
    perf.corporate.refresh_from_db()
    assert perf.corporate.tolerance_absolute == Decimal(3)
    assert perf.corporate.history.first().history_user == world.people["lead"]


def test_corporate_measure_is_not_changed_by_the_service_head(client_for, perf):
    response = client_for("head").post(edit_url(perf.corporate), form_data(perf.corporate))
    assert response.status_code == 403


def test_other_service_head_cannot_change_parks_indicator(client_for, perf):
    data = form_data(perf.percent, tolerance_percent="1")
    assert client_for("other_head").post(edit_url(perf.percent), data).status_code == 403
    perf.percent.refresh_from_db()
    assert perf.percent.tolerance_percent is None


def test_the_service_refuses_someone_who_may_not_change_it(world, perf):
    with pytest.raises(PermissionDenied):
        services.definition_update(
            definition=perf.percent, changes={"floor": Decimal(1)}, actor=world.people["staff"]
        )


def test_wrong_method_and_missing_indicator(client_for, perf):
    client = client_for("head")
    assert client.delete(edit_url(perf.percent)).status_code == 405
    assert client.get(reverse("performance:indicator-edit", args=[999999])).status_code == 404
    history = reverse("performance:indicator-history", args=[perf.percent.pk])
    assert client.post(history).status_code == 405


def test_history_shows_who_changed_what_and_why(client_for, world, perf):
    services.definition_update(
        definition=perf.corporate,
        changes={"green_band_percent": Decimal(2)},
        actor=world.people["director"],
        version=version_token(perf.corporate),
        change_reason="Within the survey's margin",
        signed_off=True,
    )
    page = client_for("staff").get(
        reverse("performance:indicator-history", args=[perf.corporate.pk])
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert escape(f"Changed by {world.people['director']}") in html
    assert "Within the survey&#x27;s margin" in html
    assert "Green band (% of target)" in html


def test_readers_see_no_change_link(client_for, perf):
    detail = reverse("performance:indicator-detail", args=[perf.percent.pk])
    assert edit_url(perf.percent) not in client_for("staff").get(detail).content.decode()
    assert edit_url(perf.percent) in client_for("lead").get(detail).content.decode()


def test_a_percentage_indicator_can_be_marked_as_able_to_pass_100_percent(client_for, perf):
    client = client_for("head")
    assert "Can be below 0% or above 100%" in client.get(edit_url(perf.percent)).content.decode()
    response = client.post(
        edit_url(perf.percent), form_data(perf.percent, unbounded_percentage="on")
    )
    assert response.status_code == 302
    perf.percent.refresh_from_db()
    assert perf.percent.unbounded_percentage is True
