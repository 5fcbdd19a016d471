"""Every edit form carries the record's version, and a save without it — missing, not a
version at all, or an old one — is refused with the conflict page (409), never taken as
"last one wins" and never a server error. Nothing is saved on a refusal."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from core.history import EditConflict, check_version, version_token
from planning import services as planning_services
from planning.models import RevenueBudget, RevenueMonth
from tests.audit.world import build_audit_world
from tests.concurrency import _FormFields
from tests.performance.world import build_performance
from tests.risk.world import build_risk_world

pytestmark = pytest.mark.django_db

BAD_TOKENS = {
    "missing": None,
    "empty": "",
    "not a version": "yesterday",
    "an impossible date": "2026-13-45T99:99:99+00:00",
    "a huge year": "99999999999999999999-01-01T00:00:00",
    "other scripts": "²³¹",
    "a new form's": "new",
}


@pytest.fixture(autouse=True)
def _planning_day(settings):
    settings.PLANNING_TODAY = "2026-11-23"


def budget_line(world):
    line = planning_services.budget_line_save(
        plan=world.service_plan,
        actor=world.people["head"],
        data={"purpose": "Grass cutting", "budget": Decimal("1000")},
    )
    return "head", reverse("planning:resource-edit", args=["budget", line.pk]), line, {}


def finance_month(world):
    budget = RevenueBudget.objects.create(
        plan=world.service_plan, original_budget=10000, current_budget=10000
    )
    month = RevenueMonth.objects.create(
        budget=budget, month=dt.date(2026, 9, 1), actual_to_date=1, forecast_outturn=1
    )
    url = reverse("planning:revenue-month-edit", args=[world.service_plan.pk, 2026, 9])
    return "head", url, month, {"forecast_outturn": "9000"}


def action(world):
    return "head", reverse("planning:action-edit", args=[world.action.pk]), world.action, {}


def serves_link(world):
    url = reverse("planning:item-serves", args=["action", world.action.pk])
    return "head", url, world.action, {}


def pdp_part(world):
    url = reverse("planning:pdp-part-edit", args=[world.pdp.pk, "development-needs"])
    return "staff", url, world.pdp, {"text": "First aid course"}


def recommendation(world):
    rec = build_audit_world(world).rec
    url = reverse("audit:recommendation-update", args=[rec.pk])
    return "head", url, rec, {"commentary": "Tender out"}


def risk_review(world):
    risk = build_risk_world(world).risk
    url = reverse("risk:risk-review", args=[risk.pk])
    return "head", url, risk, {"commentary": "Spread to the arboretum"}


def risk_escalation(world):
    risk = build_risk_world(world).risk
    url = reverse("risk:risk-escalate", args=[risk.pk])
    return "head", url, risk, {"to_level": "directorate", "reason": "Needs capital"}


def risk_action(world):
    row = build_risk_world(world).action
    return "head", reverse("risk:action-change", args=[row.pk]), row, {}


def target(world):
    perf = build_performance(world)
    row = perf.percent.targets.get(year=world.year)
    url = reverse("performance:indicator-target", args=[perf.percent.pk])
    return "head", url, row, {"value": "95"}


FORMS = {
    f.__name__: f
    for f in (
        budget_line,
        finance_month,
        action,
        serves_link,
        pdp_part,
        recommendation,
        risk_review,
        risk_escalation,
        risk_action,
        target,
    )
}


def page_fields(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    parser = _FormFields()
    parser.feed(response.content.decode())
    return next(f for f in parser.forms if "version" in f)


@pytest.mark.parametrize("form", FORMS)
def test_each_edit_form_carries_the_records_version(client_for, world, form):
    persona, url, obj, _ = FORMS[form](world)
    assert page_fields(client_for(persona), url)["version"] == version_token(obj)


@pytest.mark.parametrize("form", FORMS)
def test_each_edit_form_saves_with_its_own_version(client_for, world, form):
    persona, url, obj, typed = FORMS[form](world)
    client = client_for(persona)
    response = client.post(url, page_fields(client, url) | typed)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.mark.parametrize("token", BAD_TOKENS)
@pytest.mark.parametrize("form", FORMS)
def test_a_save_without_the_current_version_is_refused_with_the_conflict_page(
    client_for, world, form, token
):
    persona, url, obj, typed = FORMS[form](world)
    client = client_for(persona)
    data = page_fields(client, url) | typed
    if BAD_TOKENS[token] is None:
        del data["version"]
    else:
        data["version"] = BAD_TOKENS[token]
    before = obj.history.count()
    response = client.post(url, data)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Your changes have not been saved" in body or "after you opened this page" in body
    obj.refresh_from_db()
    assert obj.history.count() == before
    assert f'value="{version_token(obj)}"' in body  # saving again keeps what was typed


def test_a_grid_cell_posted_without_the_version_it_showed_is_refused(client_for, world):
    perf = build_performance(world)
    url = (
        reverse("performance:plan-values", args=[world.service_plan.pk]) + "?quarter=2"
    )  # September
    client = client_for("head")
    cell = f"{perf.percent.pk}-202609"
    assert client.post(url, {f"v-{cell}": "80", f"s-{cell}": ""}).status_code == 302
    response = client.post(url, {f"v-{cell}": "85"})  # no s- field: it saw nothing
    assert response.status_code == 400
    assert "while you were editing" in response.content.decode()
    assert perf.percent.values.get(month=dt.date(2026, 9, 1)).value == 80


@pytest.mark.parametrize("token", [t for t in BAD_TOKENS.values() if t is not None])
def test_a_bad_token_is_a_conflict_not_an_error(world, token):
    with pytest.raises(EditConflict):
        check_version(world.action, token)


def test_a_save_from_no_form_has_nothing_to_compare(world):
    check_version(world.action, None)  # seeding, or an upload that checks its own versions


def test_a_record_not_saved_yet_has_nothing_to_conflict_with(world):
    check_version(RevenueMonth(), "")
