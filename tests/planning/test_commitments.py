"""Other commitments: recommendations from sources other than audit."""

import datetime as dt

import pytest
from django.urls import reverse

from core.history import version_token
from planning import services
from planning.models import Commitment, CommitmentSource

pytestmark = pytest.mark.django_db


def form(source, **extra) -> dict:
    data = {
        "source": source.pk,
        "title": "Publish park safety inspections",
        "agreed_action": "Quarterly on the website",
        "status": "in_progress",
        "rag": "amber",
        "due_date_0": "1",
        "due_date_1": "10",
        "due_date_2": "2026",
    }
    return data | extra


def test_the_sources_are_a_list_administrators_keep(world):
    names = list(CommitmentSource.objects.values_list("name", flat=True))
    assert names[:2] == ["Annual governance statement", "Scrutiny task-and-finish group"]


def test_head_adds_a_commitment_and_an_overdue_one_says_so(client_for, world):
    source = CommitmentSource.objects.first()
    client = client_for("head")
    url = reverse("planning:commitment-add", args=[world.service_plan.pk])
    response = client.post(url, form(source, owner=world.people["manager"].pk))
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert commitment.owner == world.people["manager"]
    assert commitment.due_date == dt.date(2026, 10, 1)
    body = client.get(
        reverse("planning:plan-commitments", args=[world.service_plan.pk])
    ).content.decode()
    assert "Publish park safety inspections" in body
    assert "Overdue" in body
    assert "gt-rag--amber" in body


def test_a_commitment_needs_a_source_and_a_recommendation(client_for, world):
    url = reverse("planning:commitment-add", args=[world.service_plan.pk])
    response = client_for("head").post(
        url, {"agreed_action": "Something typed", "status": "not_started"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Select where the commitment comes from" in body
    assert "Enter the recommendation" in body
    assert "Something typed" in body


def test_a_complete_commitment_is_not_overdue(client_for, world):
    source = CommitmentSource.objects.first()
    services.commitment_save(
        plan=world.service_plan,
        actor=world.people["head"],
        data={
            "source": source,
            "title": "Done",
            "status": "complete",
            "due_date": dt.date(2026, 5, 1),
            "rag": "blue",
        },
    )
    body = (
        client_for("head")
        .get(reverse("planning:plan-commitments", args=[world.service_plan.pk]))
        .content.decode()
    )
    assert "Overdue" not in body


def test_a_conflicting_edit_is_refused(client_for, world):
    source = CommitmentSource.objects.first()
    commitment = services.commitment_save(
        plan=world.service_plan,
        actor=world.people["head"],
        data={"source": source, "title": "Original", "status": "not_started"},
    )
    token = version_token(commitment)
    services.commitment_save(
        plan=world.service_plan,
        actor=world.people["manager"],
        data={"title": "Manager's change"},
        commitment=commitment,
        version=token,
    )
    response = client_for("head").post(
        reverse("planning:commitment-edit", args=[commitment.pk]),
        form(source, title="Head's change", version=token),
    )
    assert response.status_code == 409
    commitment.refresh_from_db()
    assert commitment.title == "Manager's change"
