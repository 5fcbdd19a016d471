"""Risk pages: happy paths, bad input kept with an error summary, wrong methods."""

import re

import pytest
from django.urls import reverse

from core.history import version_token
from risk.models import Risk, RiskEscalation, RiskRegister, RiskReview
from tests import factories as f
from tests.risk.world import build_risks_at_every_level

pytestmark = pytest.mark.django_db


def test_plan_section_shows_the_services_register_and_heat_map(client_for, risk_world, world):
    response = client_for("head").get(reverse("risk:plan-risks", args=[world.service_plan.pk]))
    html = response.content.decode()
    assert "Tree disease spreads through the park" in html
    assert "Heat map" in html
    assert 'aria-current="page">Service risks' in html


def test_register_filters_to_a_heat_map_cell(client_for, risk_world):
    url = reverse("risk:register-detail", args=[risk_world.parks.pk])
    html = client_for("head").get(url + "?likelihood=4&impact=3").content.decode()
    assert "Flooding closes the lakeside" in html
    assert "Tree disease spreads" not in html


def test_directorate_register_shows_the_escalated_risk_once(client_for, risk_world):
    url = reverse("risk:register-detail", args=[risk_world.place.pk])
    html = client_for("director").get(url).content.decode()
    assert html.count("Flooding closes the lakeside") == 1
    assert "Tree disease spreads" not in html
    html = client_for("director").get(url + "?include=services").content.decode()
    assert "Tree disease spreads" in html


def test_head_records_a_review(client_for, risk_world):
    url = reverse("risk:risk-review", args=[risk_world.risk.pk])
    response = client_for("head").post(
        url,
        {
            "likelihood": "4",
            "impact": "4",
            "commentary": "Spread to the arboretum",
            "version": version_token(risk_world.risk),
        },
    )
    assert response.status_code == 302
    risk = Risk.objects.get(pk=risk_world.risk.pk)
    assert risk.current_score == 16
    assert RiskReview.objects.get(risk=risk).commentary == "Spread to the arboretum"


def test_a_review_without_commentary_is_refused_and_keeps_the_input(client_for, risk_world):
    url = reverse("risk:risk-review", args=[risk_world.risk.pk])
    response = client_for("head").post(url, {"likelihood": "4", "impact": "2", "commentary": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter what has changed since the last review" in html
    assert re.search(r'name="likelihood"[^>]*value="4"[^>]*checked', html)
    assert not RiskReview.objects.exists()


def test_head_escalates_with_a_reason(client_for, risk_world):
    url = reverse("risk:risk-escalate", args=[risk_world.risk.pk])
    response = client_for("head").post(
        url,
        {
            "to_level": "directorate",
            "reason": "Needs capital",
            "version": version_token(risk_world.risk),
        },
    )
    assert response.status_code == 302
    assert Risk.objects.get(pk=risk_world.risk.pk).escalated_to == "directorate"
    assert RiskEscalation.objects.filter(risk=risk_world.risk, reason="Needs capital").exists()


def test_escalating_without_a_reason_shows_an_error(client_for, risk_world):
    url = reverse("risk:risk-escalate", args=[risk_world.risk.pk])
    response = client_for("head").post(url, {"to_level": "directorate", "reason": ""})
    assert response.status_code == 400
    assert "Enter why the risk is moving register" in response.content.decode()


def test_risk_detail_shows_where_it_is_shown_and_the_log(client_for, risk_world):
    html = client_for("director").get(risk_world.escalated.get_absolute_url()).content.decode()
    assert "Parks risk register" in html
    assert "Place directorate risk register" in html
    assert "Beyond our budget" in html


def test_another_services_head_cannot_post_a_review(client_for, risk_world):
    url = reverse("risk:risk-review", args=[risk_world.risk.pk])
    response = client_for("other_head").post(
        url, {"likelihood": "1", "impact": "1", "commentary": "x"}
    )
    assert response.status_code == 404
    assert not RiskReview.objects.exists()


@pytest.mark.parametrize("name", ["register-list"])
def test_pages_refuse_post(client_for, risk_world, name):
    assert client_for("head").post(reverse(f"risk:{name}")).status_code == 405


def add_form(world, **changes) -> dict:
    return {
        "ref": "PK-10",
        "title": "Playground equipment fails inspection",
        "cause": "Ageing equipment",
        "event": "An inspection finds unsafe equipment",
        "consequence": "Playgrounds close",
        "category": "health_safety",
        "owner": str(world.people["manager"].pk),
        "threatens_action": str(world.action.pk),
        "inherent_likelihood": "4",
        "inherent_impact": "4",
        "current_likelihood": "3",
        "current_impact": "4",
        "target_likelihood": "2",
        "target_impact": "2",
        "controls": "Monthly inspections",
        "treatment": "treat",
    } | changes


def test_head_adds_a_risk_linked_to_the_action_it_threatens(client_for, risk_world, world):
    url = reverse("risk:risk-add", args=[risk_world.parks.pk])
    response = client_for("head").post(url, add_form(world))
    assert response.status_code == 302
    risk = Risk.objects.get(register=risk_world.parks, ref="PK-10")
    assert risk.owner == world.people["manager"]
    assert risk.threatens == world.action
    assert risk.current_score == 12
    assert risk.next_review_date is not None
    assert risk.history.first().history_user == world.people["head"]


def test_adding_a_risk_with_missing_scores_keeps_what_was_typed(client_for, risk_world, world):
    url = reverse("risk:risk-add", args=[risk_world.parks.pk])
    response = client_for("head").post(url, add_form(world, current_impact=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose the current impact" in html
    assert "Playground equipment fails inspection" in html
    assert not Risk.objects.filter(ref="PK-10").exists()


def test_a_duplicate_reference_is_refused(client_for, risk_world, world):
    url = reverse("risk:risk-add", args=[risk_world.parks.pk])
    response = client_for("head").post(url, add_form(world, ref="PK-01"))
    assert response.status_code == 400
    assert Risk.objects.filter(ref="PK-01").count() == 1


def test_the_whole_council_filter_shows_staff_only_the_risks_they_may_open(client_for, world):
    r = build_risks_at_every_level(world)
    url = r.corporate.get_absolute_url() + "?include=all&status=all"
    page = client_for("staff").get(url)
    refs = {row.risk.ref for row in page.context["page"].rows}
    # Parks' own (closed too), Place's, the council's and what Libraries escalated to it.
    assert refs == {"PK-01", "PK-02", "PK-03", "PL-01", "CO-01", "LB-02"}
    assert page.context["heat_map"].total == len(refs)
    for ref in ("LB-01", "LB-03", "CM-01", "LS-01"):
        hidden = Risk.objects.get(ref=ref).get_absolute_url()
        assert client_for("staff").get(hidden).status_code == 404


def test_every_service_filter_shows_no_service_risk_its_reader_gets_404_on(client_for, world):
    build_risks_at_every_level(world)
    communities = RiskRegister.objects.get(
        level="directorate", directorate=world.other_service.directorate
    )
    page = client_for("other_staff").get(communities.get_absolute_url() + "?include=services")
    refs = {row.risk.ref for row in page.context["page"].rows}
    assert refs == {"CM-01", "LB-01", "LB-02", "LB-03"}  # not Leisure's LS-01
    leisure_risk = Risk.objects.get(ref="LS-01").get_absolute_url()
    assert client_for("other_staff").get(leisure_risk).status_code == 404


def test_the_owner_and_action_pickers_are_grouped_govuk_selects(client_for, risk_world, world):
    other = f.ServiceFactory(name="Leisure", directorate=world.service.directorate)
    newcomer = f.PersonFactory(service=other, first_name="Zia", last_name="Khan")
    url = reverse("risk:risk-add", args=[risk_world.place.pk])
    html = client_for("director").get(url).content.decode()
    owner = html[html.index('<select name="owner"') :]
    owner = owner[: owner.index("</select>")]
    assert 'class="govuk-select"' in owner
    assert '<option value="" selected>Choose a person</option>' in owner
    manager = world.people["manager"]
    assert f'<optgroup label="{world.service.name}">' in owner
    assert f'<option value="{manager.pk}">{manager.get_full_name()}</option>' in owner
    assert '<optgroup label="Leisure">' in owner
    assert f'<option value="{newcomer.pk}">Zia Khan</option>' in owner
    action = html[html.index('<select name="threatens_action"') :]
    action = action[: action.index("</select>")]
    assert 'class="govuk-select"' in action
    assert f'<option value="{world.action.pk}">{world.action}</option>' in action
