"""Registers as councils keep them (issue 15): targets to be confirmed, score-only
registers, backdated reviews and the review cadence of each band."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from risk import selectors, services
from risk.models import Risk
from tests.risk.test_views import add_form
from tests.risk.world import make_risk

pytestmark = pytest.mark.django_db


# --- a target score "to be confirmed" -------------------------------------------------


def test_a_risk_may_have_its_target_to_be_confirmed(risk_world, world):
    risk = make_risk(
        risk_world.parks,
        world.people["head"],
        "PK-20",
        target_likelihood=None,
        target_impact=None,
        target_to_be_confirmed=True,
    )
    risk.refresh_from_db()
    assert risk.target_score is None
    assert risk.target_shown == "To be confirmed"


@pytest.mark.parametrize(
    "fields",
    [
        {"target_likelihood": None, "target_impact": None},
        {"target_likelihood": 2, "target_impact": None},
        {"target_likelihood": 2, "target_impact": 2, "target_to_be_confirmed": True},
    ],
)
def test_a_target_is_given_or_to_be_confirmed_never_neither_or_both(risk_world, world, fields):
    with pytest.raises(ValidationError):
        make_risk(risk_world.parks, world.people["head"], "PK-21", **fields)


def test_the_database_refuses_a_target_both_given_and_to_be_confirmed(risk_world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Risk.objects.filter(pk=risk_world.risk.pk).update(target_to_be_confirmed=True)


def test_head_adds_a_risk_whose_target_is_to_be_confirmed(client_for, risk_world, world):
    url = reverse("risk:risk-add", args=[risk_world.parks.pk])
    form = add_form(world, target_likelihood="", target_impact="", target_to_be_confirmed="on")
    response = client_for("head").post(url, form)
    assert response.status_code == 302
    risk = Risk.objects.get(register=risk_world.parks, ref="PK-10")
    assert risk.target_to_be_confirmed
    register = client_for("head").get(risk_world.parks.get_absolute_url()).content.decode()
    assert "To be confirmed" in register
    assert "Target score to be confirmed for 1 of them" in register
    page = client_for("head").get(risk.get_absolute_url()).content.decode()
    assert 'Target score</dt><dd class="govuk-summary-list__value">To be confirmed' in page


def test_adding_a_risk_with_no_target_and_no_tick_says_what_to_do(client_for, risk_world, world):
    url = reverse("risk:risk-add", args=[risk_world.parks.pk])
    response = client_for("head").post(url, add_form(world, target_impact=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose the target impact, or mark the target to be confirmed" in html
    assert "Playground equipment fails inspection" in html


def test_adding_a_target_and_ticking_to_be_confirmed_is_refused(client_for, risk_world, world):
    url = reverse("risk:risk-add", args=[risk_world.parks.pk])
    response = client_for("head").post(url, add_form(world, target_to_be_confirmed="on"))
    assert response.status_code == 400
    assert "or mark the target to be confirmed, not both" in response.content.decode()
    assert not Risk.objects.filter(ref="PK-10").exists()


# --- the next review follows the band's cadence: one date everywhere -------------------


def test_a_stale_next_review_date_is_not_shown_anywhere(client_for, risk_world):
    """PK-01 scores 9 (Medium: every 90 days) and was last reviewed on 1 October 2026; a
    next review date typed or left over from before does not count."""
    risk = risk_world.risk
    Risk.objects.filter(pk=risk.pk).update(
        last_review_date=dt.date(2026, 10, 1), next_review_date=dt.date(2030, 1, 1)
    )
    register = client_for("head").get(risk_world.parks.get_absolute_url()).content.decode()
    page = client_for("head").get(risk.get_absolute_url()).content.decode()
    assert "30 Dec 2026" in register
    assert "1 Jan 2030" not in register
    assert "30 Dec 2026 (Medium risks are reviewed every 90 days)" in page


def test_recording_a_review_stores_the_date_every_page_shows(risk_world, world):
    services.risk_review_record(
        risk=risk_world.risk,
        actor=world.people["head"],
        likelihood=4,
        impact=4,
        commentary="Worse",
        reviewed_on=dt.date.today(),
    )
    risk = Risk.objects.select_related("register__matrix").get(pk=risk_world.risk.pk)
    row = next(
        r
        for r in selectors.register_all_rows(
            risk_world.parks, selectors.RegisterFilters(), user=world.people["head"]
        )
        if r.risk.pk == risk.pk
    )
    assert risk.next_review_date == row.next_review == selectors.risk_detail(risk)["next_review"]
    assert row.next_review == dt.date.today() + dt.timedelta(days=30)  # very high
