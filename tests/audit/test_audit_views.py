"""Recording audits and their recommendations in the browser: performance leads and
administrators, GOV.UK forms with three-field dates, the original due date fixed."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit import services
from audit.models import Audit, Recommendation

pytestmark = pytest.mark.django_db


def audit_form(world, **changes) -> dict:
    return {
        "title": "Payroll controls",
        "source": "external_audit",
        "body": "Northgate Audit LLP",
        "report_date_0": "12",
        "report_date_1": "5",
        "report_date_2": "2026",
        "opinion": "reasonable",
        "services": [str(world.service.pk), str(world.other_service.pk)],
    } | changes


def rec_form(world, **changes) -> dict:
    return {
        "ref": "PC-1",
        "title": "Reconcile starters and leavers monthly",
        "priority": "1",
        "finding": "Leavers were paid for two months",
        "recommendation": "Reconcile HR and payroll records each month",
        "agreed_action": "Monthly reconciliation signed by the head of service",
        "service": str(world.service.pk),
        "owner": str(world.people["manager"].pk),
        "due_0": "30",
        "due_1": "9",
        "due_2": "2026",
    } | changes


def test_lead_records_an_audit(client_for, audit_world, world):
    response = client_for("lead").post(reverse("audit:audit-add"), audit_form(world))
    assert response.status_code == 302
    audit = Audit.objects.get(title="Payroll controls")
    assert (audit.source, audit.body, audit.report_date, audit.opinion) == (
        "external_audit",
        "Northgate Audit LLP",
        dt.date(2026, 5, 12),
        "reasonable",
    )
    assert set(audit.services.all()) == {world.service, world.other_service}
    assert audit.history.first().history_user == world.people["lead"]
    assert response.url == reverse("audit:audit-detail", args=[audit.pk])


def test_an_audit_without_an_opinion_is_refused_and_keeps_what_was_typed(
    client_for, audit_world, world
):
    data = audit_form(world, opinion="", report_date_1="14")
    response = client_for("lead").post(reverse("audit:audit-add"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Choose the assurance opinion" in html
    assert "The report date must be a real date" in html
    assert 'value="Northgate Audit LLP"' in html
    assert re.search(rf'value="{world.other_service.pk}"[^>]*checked', html)
    assert not Audit.objects.filter(title="Payroll controls").exists()


def test_a_scrutiny_review_needs_no_opinion_but_needs_a_service(client_for, audit_world, world):
    data = audit_form(world, source="scrutiny", opinion="", services=[])
    response = client_for("admin").post(reverse("audit:audit-add"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose at least one service covered" in html
    assert "Choose the assurance opinion" not in html
    data["services"] = [str(world.service.pk)]
    assert client_for("admin").post(reverse("audit:audit-add"), data).status_code == 302


def test_lead_adds_a_recommendation_with_its_due_date_agreed(client_for, audit_world, world):
    url = reverse("audit:recommendation-add", args=[audit_world.audit.pk])
    response = client_for("lead").post(url, rec_form(world))
    assert response.status_code == 302
    rec = Recommendation.objects.get(audit=audit_world.audit, ref="PC-1")
    assert rec.owner == world.people["manager"]
    assert rec.original_due_date == dt.date(2026, 9, 30)
    assert rec.agreed_on == audit_world.audit.report_date
    assert rec.priority == 1
    assert rec.history.first().history_user == world.people["lead"]
    html = client_for("committee").get(response.url).content.decode()
    assert "Reconcile starters and leavers monthly" in html
    # Fixed once agreed: the existing rule refuses a second agreement.
    with pytest.raises(
        ValidationError, match="The original due date is fixed once agreed: request an extension"
    ):
        services.recommendation_agree(
            recommendation=rec,
            actor=world.people["lead"],
            due=dt.date(2027, 1, 1),
            agreed_on=dt.date(2026, 6, 1),
        )


def test_an_owner_outside_the_chosen_service_is_refused(client_for, audit_world, world):
    url = reverse("audit:recommendation-add", args=[audit_world.audit.pk])
    data = rec_form(world, owner=str(world.people["other_staff"].pk))
    response = client_for("lead").post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose an owner who works in the chosen service" in html
    assert "Monthly reconciliation signed by the head of service" in html
    assert not Recommendation.objects.filter(ref="PC-1").exists()


def test_a_due_date_before_the_report_is_refused(client_for, audit_world, world):
    url = reverse("audit:recommendation-add", args=[audit_world.audit.pk])
    data = rec_form(world, due_0="1", due_1="1", due_2="2026")
    response = client_for("lead").post(url, data)
    assert response.status_code == 400
    assert "The due date must be after the report date, 1 March 2026" in response.content.decode()
    assert re.search(r'name="due_2"[^>]*value="2026"', response.content.decode())


def test_a_missing_due_date_and_a_duplicate_reference_are_named(client_for, audit_world, world):
    url = reverse("audit:recommendation-add", args=[audit_world.audit.pk])
    data = rec_form(world, due_0="", due_1="", due_2="")
    html = client_for("lead").post(url, data).content.decode()
    assert "Enter the agreed due date" in html
    response = client_for("lead").post(url, rec_form(world, ref="GM-1"))
    assert response.status_code == 400
    assert "already has a recommendation with that reference" in response.content.decode()


def test_a_service_the_audit_does_not_cover_is_refused(client_for, audit_world, world):
    audit_world.audit.services.set([world.service])
    url = reverse("audit:recommendation-add", args=[audit_world.audit.pk])
    data = rec_form(world, service=str(world.other_service.pk))
    response = client_for("lead").post(url, data)
    assert response.status_code == 400
    assert "Choose a service this audit covers" in response.content.decode()


def test_heads_and_the_committee_cannot_record(client_for, audit_world, world):
    assert client_for("head").post(reverse("audit:audit-add"), audit_form(world)).status_code == 403
    url = reverse("audit:recommendation-add", args=[audit_world.audit.pk])
    assert client_for("committee").post(url, rec_form(world)).status_code == 403
    assert client_for("head").post(url, rec_form(world)).status_code == 404
    assert not Audit.objects.filter(title="Payroll controls").exists()
    assert not Recommendation.objects.filter(ref="PC-1").exists()


def test_audit_list_counts_recommendations_and_links_from_the_tracker(client_for, audit_world):
    tracker = client_for("committee").get(reverse("audit:tracker")).content.decode()
    assert reverse("audit:audit-list") in tracker
    html = client_for("committee").get(reverse("audit:audit-list")).content.decode()
    assert "Grounds maintenance contracts" in html
    assert "Limited assurance" in html
    assert "Record an audit" not in html
    assert "Record an audit" in client_for("lead").get(reverse("audit:audit-list")).content.decode()


def test_audit_pages_refuse_post_and_unknown_audits(client_for, audit_world):
    assert client_for("lead").post(reverse("audit:audit-list")).status_code == 405
    url = reverse("audit:audit-detail", args=[audit_world.audit.pk])
    assert client_for("lead").post(url).status_code == 405
    assert client_for("lead").get(reverse("audit:audit-detail", args=[999999])).status_code == 404
