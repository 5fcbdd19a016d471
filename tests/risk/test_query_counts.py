"""Register, heat map and tracker pages run the same number of queries at any size."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit import services as audit_services
from core import periods
from risk import services
from risk.models import Level, RiskReview
from tests import factories as f
from tests.audit.world import build_audit_world, make_recommendation
from tests.risk.world import make_risk

pytestmark = pytest.mark.django_db

BUDGET = 25


def grow(world, risk_world, audit_world, times: int) -> None:
    """Add `times` services to Place, each with a register of risks (some escalated, all
    reviewed last quarter) and recommendations with extensions."""
    p = world.people
    today = dt.date.today()
    last_year, last_quarter = periods.previous_quarter(*periods.year_and_quarter(today))
    for _ in range(times):
        service = f.ServiceFactory(
            directorate=world.service.directorate, portfolio=world.service.portfolio
        )
        register = services.register_for(level=Level.SERVICE, service=service)
        for n in range(3):
            owner = f.PersonFactory(service=service)
            risk = make_risk(register, owner, f"R{n}", current_likelihood=n + 1)
            RiskReview.objects.create(
                risk=risk,
                start_year=last_year,
                quarter=last_quarter,
                reviewed_on=today,
                reviewed_by=owner,
                likelihood=2,
                impact=2,
            )
            services.risk_review_record(
                risk=risk, actor=owner, likelihood=n + 2, impact=3, commentary=""
            )
            if n == 0:
                services.risk_escalate(
                    risk=risk, actor=owner, to_level=Level.CORPORATE, reason="Big"
                )
            own = make_risk(risk_world.parks, p["head"], f"PK-{service.pk}-{n}")
            services.risk_escalate(
                risk=own, actor=p["head"], to_level=Level.DIRECTORATE, reason="Up"
            )
            services.risk_action_save(
                risk=risk_world.escalated,
                actor=p["head"],
                description=f"Step {service.pk}-{n}",
                owner_id=p["head"].pk,
                due_date=today,
            )
            rec = make_recommendation(audit_world.audit, service, owner, f"{service.pk}-{n}")
            own_rec = make_recommendation(
                audit_world.audit, world.service, p["head"], f"P{service.pk}-{n}"
            )
            audit_services.extension_request(
                recommendation=own_rec,
                actor=p["head"],
                proposed_date=dt.date(2028, 1, 1),
                reason="Time",
            )
            audit_services.recommendation_update(
                recommendation=rec,
                actor=owner,
                status="in_progress",
                percent_complete=20,
                commentary="On",
            )
        other_audit = audit_services.audit_create(
            actor=p["lead"],
            title=f"Audit of service {service.pk}",
            source="internal_audit",
            body="Internal Audit",
            report_date=dt.date(2026, 3, 1),
            opinion="limited",
            services=[service, world.service],
        )
        make_recommendation(other_audit, service, owner, f"A{service.pk}")
        audit_world.audit.services.add(service)


def pages(world, risk_world, audit_world):
    r, a = risk_world, audit_world
    return [
        ("head", reverse("risk:register-list")),
        ("head", reverse("risk:register-detail", args=[r.parks.pk])),
        ("director", reverse("risk:register-detail", args=[r.place.pk])),
        ("director", reverse("risk:register-detail", args=[r.place.pk]) + "?include=services"),
        ("committee", reverse("risk:register-detail", args=[r.corporate.pk]) + "?include=all"),
        ("head", reverse("risk:plan-risks", args=[world.service_plan.pk])),
        ("head", reverse("risk:risk-detail", args=[r.escalated.pk])),
        ("committee", reverse("audit:tracker")),
        ("lead", reverse("audit:tracker") + "?overdue=1"),
        ("head", reverse("audit:tracker")),
        ("head", reverse("audit:plan-recommendations", args=[world.service_plan.pk])),
        ("head", reverse("audit:recommendation-detail", args=[a.rec.pk])),
        ("committee", reverse("risk:action-history", args=[r.action.pk])),
        ("head", reverse("risk:action-add", args=[r.escalated.pk])),
        ("director", reverse("risk:risk-add", args=[r.place.pk])),
        ("lead", reverse("audit:audit-list")),
        ("lead", reverse("audit:audit-detail", args=[a.audit.pk])),
        ("committee", reverse("audit:audit-detail", args=[a.audit.pk])),
        ("lead", reverse("audit:recommendation-add", args=[a.audit.pk])),
        ("committee", reverse("reporting:tracker-xlsx")),
        ("committee", reverse("reporting:register-xlsx", args=[r.place.pk]) + "?include=services"),
    ]


def count(client_for, persona, url) -> int:
    client = client_for(persona)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (persona, url)
    return len(queries)


def test_risk_and_tracker_pages_do_not_grow_with_the_data(client_for, world, risk_world):
    audit_world = build_audit_world(world)
    grow(world, risk_world, audit_world, 1)
    small = {key: count(client_for, *key) for key in pages(world, risk_world, audit_world)}
    grow(world, risk_world, audit_world, 5)
    large = {key: count(client_for, *key) for key in pages(world, risk_world, audit_world)}
    grown = {key: (small[key], large[key]) for key in small if small[key] != large[key]}
    assert not grown, f"query counts grew with the data (small, large): {grown}"
    over = {key: n for key, n in large.items() if n > BUDGET}
    assert not over, f"pages over the budget of {BUDGET} queries: {over}"


def test_the_bigger_data_really_is_bigger(client_for, world, risk_world):
    audit_world = build_audit_world(world)
    url = reverse("risk:register-detail", args=[risk_world.place.pk]) + "?include=services"
    grow(world, risk_world, audit_world, 1)
    before = client_for("director").get(url).content.count(b"<tr")
    grow(world, risk_world, audit_world, 5)
    after = client_for("director").get(url).content.count(b"<tr")
    assert after >= before + 20
