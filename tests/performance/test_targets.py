"""Setting an indicator's target: justification, profile, and reasons after sign-off."""

from decimal import Decimal

import pytest
from django.urls import reverse

from core.history import version_token
from performance.models import AnnualTarget

pytestmark = pytest.mark.django_db


def seen(definition) -> dict:
    """What the target form carries: the version of the target it was opened on."""
    return {"version": version_token(AnnualTarget.objects.get(definition=definition))}


def test_head_sets_a_profiled_target_with_its_justification(client_for, world, perf):
    url = reverse("performance:indicator-target", args=[perf.percent.pk])
    data = {"value": "92", "justification": "improve", "reason": "Survey trend"}
    data |= {f"profile_{n}": "90" if n < 7 else "" for n in range(1, 13)}
    response = client_for("head").post(url, data | seen(perf.percent))
    assert response.status_code == 302
    target = AnnualTarget.objects.get(definition=perf.percent, year=world.year)
    assert target.value == Decimal(92)
    assert target.profile_values[:7] == [Decimal(90)] * 6 + [None]
    assert target.history.first().history_user == world.people["head"]


def test_bad_target_is_refused_and_what_was_typed_kept(client_for, world, perf):
    url = reverse("performance:indicator-target", args=[perf.percent.pk])
    response = client_for("head").post(url, {"value": "ninety", "profile_3": "85"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the annual target as a number, like 82.5" in body
    assert "Choose whether the target maintains, improves or plans a decline" in body
    assert 'value="ninety"' in body
    assert 'value="85"' in body


def test_a_percentage_target_takes_a_per_cent_sign_and_refuses_a_decimal_comma(
    client_for, world, perf
):
    url = reverse("performance:indicator-target", args=[perf.percent.pk])
    client = client_for("head")
    response = client.post(url, {"value": "92,5", "justification": "improve", "profile_3": "9O"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the annual target with a full stop for decimals, like 92.5" in body
    assert "Enter the June target as a number, like 82.5" in body
    assert 'value="92,5"' in body
    response = client.post(url, {"value": "92.5%", "justification": "improve"} | seen(perf.percent))
    assert response.status_code == 302
    assert AnnualTarget.objects.get(definition=perf.percent, year=world.year).value == (
        Decimal("92.5")
    )


def test_a_signed_off_plans_target_changes_only_with_a_reason(client_for, world, perf):
    url = reverse("performance:indicator-target", args=[perf.libraries.pk])
    client = client_for("other_head")
    response = client.post(
        url, {"value": "1300", "justification": "improve"} | seen(perf.libraries)
    )
    assert response.status_code == 400
    assert "Say why the target is changing: the plan has been signed off" in (
        response.content.decode()
    )
    assert AnnualTarget.objects.get(definition=perf.libraries).value == Decimal(1200)
    data = {"value": "1300", "justification": "improve", "change_reason": "New branch opened"}
    assert client.post(url, data | seen(perf.libraries)).status_code == 302
    target = AnnualTarget.objects.get(definition=perf.libraries)
    assert target.value == Decimal(1300)
    assert target.history.first().history_change_reason == "New branch opened"
    page = client.get(perf.libraries.get_absolute_url()).content.decode()
    assert "New branch opened" in page


def test_a_quarterly_indicator_is_profiled_by_quarter(client_for, world, perf):
    perf.days.frequency = "quarterly"
    perf.days.save()
    url = reverse("performance:indicator-target", args=[perf.days.pk])
    client = client_for("head")
    page = client.get(url).content.decode()
    assert "Quarterly profile (optional)" in page
    assert "Quarter 1 (to June)" in page
    assert 'name="profile_1"' not in page
    data = {"value": "10", "justification": "maintain", "profile_3": "12", "profile_6": "11"}
    assert client.post(url, data | seen(perf.days)).status_code == 302
    target = AnnualTarget.objects.get(definition=perf.days, year=world.year)
    assert target.profile_values[2] == Decimal(12)
    assert target.profile_values[5] == Decimal(11)
    assert target.profile_values[0] is None
