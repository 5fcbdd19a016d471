"""Tracker pages: happy paths, bad input kept with an error summary, wrong methods."""

import datetime as dt

import pytest
from django.urls import reverse

from audit.models import Decision, ExtensionRequest, Recommendation
from core.history import version_token

pytestmark = pytest.mark.django_db


def test_tracker_filters_from_the_query_string(client_for, audit_world, world):
    url = reverse("audit:tracker")
    html = client_for("committee").get(url).content.decode()
    assert "Retender the mowing contract" in html
    assert "GM-2" in html
    html = client_for("committee").get(url + f"?service={world.other_service.pk}").content.decode()
    assert "Retender the mowing contract" not in html
    html = client_for("committee").get(url + "?priority=1").content.decode()
    assert "GM-2" not in html


def test_a_head_sees_only_their_reach_in_the_tracker(client_for, audit_world):
    html = client_for("head").get(reverse("audit:tracker")).content.decode()
    assert "GM-1" in html
    assert "GM-2" not in html


def test_plan_section_lists_the_services_recommendations(client_for, audit_world, world):
    url = reverse("audit:plan-recommendations", args=[world.service_plan.pk])
    html = client_for("head").get(url).content.decode()
    assert "Retender the mowing contract" in html
    assert 'aria-current="page">Audit recommendations' in html


def test_head_updates_a_recommendation(client_for, audit_world):
    url = reverse("audit:recommendation-update", args=[audit_world.rec.pk])
    response = client_for("head").post(
        url,
        {
            "status": "in_progress",
            "percent_complete": "40",
            "commentary": "Tender out",
            "version": version_token(audit_world.rec),
        },
    )
    assert response.status_code == 302
    rec = Recommendation.objects.get(pk=audit_world.rec.pk)
    assert (rec.status, rec.percent_complete, rec.commentary) == ("in_progress", 40, "Tender out")


def test_the_update_form_carries_the_recommendations_version(client_for, audit_world):
    url = reverse("audit:recommendation-update", args=[audit_world.rec.pk])
    html = client_for("head").get(url).content.decode()
    assert f'value="{version_token(audit_world.rec)}"' in html


def test_an_update_made_on_a_page_opened_before_anothers_is_refused(client_for, audit_world):
    """Two owners updating at once: the second sees the first's update, keeps their text
    and can save again with the new version."""
    rec = audit_world.rec
    url = reverse("audit:recommendation-update", args=[rec.pk])
    seen = version_token(rec)
    typed = {"status": "in_progress", "percent_complete": "40", "commentary": "Tender out"}
    first = client_for("head").post(url, typed | {"version": seen})
    assert first.status_code == 302
    second = client_for("head").post(url, typed | {"commentary": "Bids in", "version": seen})
    assert second.status_code == 409
    body = second.content.decode()
    assert "Bids in" in body
    rec.refresh_from_db()
    assert rec.commentary == "Tender out"
    assert f'value="{version_token(rec)}"' in body
    again = client_for("head").post(
        url, typed | {"commentary": "Bids in", "version": version_token(rec)}
    )
    assert again.status_code == 302
    rec.refresh_from_db()
    assert rec.commentary == "Bids in"


def test_an_override_without_a_reason_is_refused_and_keeps_the_input(client_for, audit_world):
    url = reverse("audit:recommendation-update", args=[audit_world.rec.pk])
    response = client_for("head").post(
        url,
        {
            "status": "in_progress",
            "percent_complete": "140",
            "commentary": "Kept text",
            "rag_override": "green",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Percentage complete must be 100 or less" in html
    assert "Enter why the RAG status is overridden" in html
    assert "Kept text" in html


def test_head_requests_and_lead_approves_an_extension(client_for, audit_world):
    rec = audit_world.rec
    lead = client_for("lead")
    response = lead.post(
        reverse("audit:extension-decide", args=[audit_world.extension.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    response = client_for("head").post(
        reverse("audit:extension-request", args=[rec.pk]),
        {
            "proposed_date_0": "31",
            "proposed_date_1": "12",
            "proposed_date_2": "2027",
            "reason": "Snow",
        },
    )
    assert response.status_code == 302
    pending = ExtensionRequest.objects.get(recommendation=rec, decision=Decision.PENDING)
    assert pending.proposed_date == dt.date(2027, 12, 31)
    html = client_for("committee").get(reverse("audit:tracker")).content.decode()
    assert "31 Mar 2027" in html  # the original date stays
    assert "30 Jun 2027" in html
    assert "revised 1 time" in html


def test_an_extension_earlier_than_the_due_date_is_refused(client_for, audit_world):
    response = client_for("other_head").post(
        reverse("audit:extension-request", args=[audit_world.other_rec.pk]),
        {"proposed_date_0": "1", "proposed_date_1": "1", "proposed_date_2": "2027", "reason": "x"},
    )
    assert response.status_code == 400
    assert "The new due date must be after 31 March 2027" in response.content.decode()


def test_a_refusal_needs_a_note(client_for, audit_world):
    response = client_for("lead").post(
        reverse("audit:extension-decide", args=[audit_world.extension.pk]), {"decision": "refuse"}
    )
    assert response.status_code == 400
    assert "Enter why the extension is refused" in response.content.decode()


def test_the_tracker_refuses_post(client_for, audit_world):
    assert client_for("head").post(reverse("audit:tracker")).status_code == 405
