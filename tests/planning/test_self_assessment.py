"""The self-assessment section: six themes, or the children's safeguarding questions."""

import pytest
from django.urls import reverse

from planning import services
from planning.models import SelfAssessmentEntry, Service

pytestmark = pytest.mark.django_db


def edit_url(plan, theme: str) -> str:
    return reverse("planning:self-assessment-edit", args=[plan.pk, theme])


def test_the_section_shows_the_six_themes_with_their_prompts(client_for, world):
    url = reverse("planning:plan-self-assessment", args=[world.service_plan.pk])
    body = client_for("head").get(url).content.decode()
    for title in (
        "Leadership and governance",
        "Performance and outcomes",
        "Commissioning and quality",
        "National priorities and partnerships",
        "Resource and workforce management",
        "Culture and challenge",
    ):
        assert title in body
    assert "How are decisions made, recorded and checked?" in body
    assert body.count("Not written yet") == 6


def test_a_childrens_safeguarding_service_answers_the_inspection_questions(client_for, world):
    Service.objects.filter(pk=world.service.pk).update(
        self_assessment_variant="childrens_safeguarding"
    )
    url = reverse("planning:plan-self-assessment", args=[world.service_plan.pk])
    body = client_for("head").get(url).content.decode()
    assert "What do we know about the quality and impact of our practice?" in body
    assert "Areas for development" in body
    assert "Leadership and governance" not in body
    assert client_for("head").get(edit_url(world.service_plan, "leadership")).status_code == 404


def test_head_writes_a_narrative_and_it_is_kept_in_history(client_for, world):
    client = client_for("head")
    page = client.get(edit_url(world.service_plan, "culture")).content.decode()
    assert "govuk-character-count" in page
    response = client.post(
        edit_url(world.service_plan, "culture"),
        {"narrative": "Staff raise problems early.", "version": "new"},
    )
    assert response.status_code == 302
    entry = SelfAssessmentEntry.objects.get(plan=world.service_plan, theme="culture")
    assert entry.narrative == "Staff raise problems early."
    assert entry.history.latest().history_user == world.people["head"]
    assert entry.history.latest().history_change_reason == (
        "Self-assessment: Culture and challenge"
    )
    world.service_plan.refresh_from_db()
    assert world.service_plan.last_edited_by == world.people["head"]


def test_a_narrative_written_by_someone_else_meanwhile_is_not_overwritten(client_for, world):
    services.self_assessment_save(
        plan=world.service_plan,
        theme="culture",
        narrative="Manager's words",
        actor=world.people["manager"],
        version="new",
    )
    response = client_for("head").post(
        edit_url(world.service_plan, "culture"),
        {"narrative": "Head's words", "version": "new"},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Manager&#x27;s words" in body
    assert "Head&#x27;s words" in body
    entry = SelfAssessmentEntry.objects.get(plan=world.service_plan, theme="culture")
    assert entry.narrative == "Manager's words"
    # Saving again, now knowing, keeps the head's words.
    token = body.split('name="version" value="')[1].split('"')[0]
    response = client_for("head").post(
        edit_url(world.service_plan, "culture"), {"narrative": "Head's words", "version": token}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.narrative == "Head's words"


def test_an_over_long_narrative_is_refused_and_kept(client_for, world):
    text = "x" * 5001
    response = client_for("head").post(
        edit_url(world.service_plan, "culture"), {"narrative": text, "version": "new"}
    )
    assert response.status_code == 400
    assert text in response.content.decode()


def test_check_your_answers_counts_self_assessment_themes(client_for, world):
    url = reverse("planning:plan-submit", args=[world.service_plan.pk])
    body = client_for("head").get(url).content.decode()
    assert "Self-assessment" in body
    assert body.count("Not written yet") == 6
