"""A risk's further actions in the browser: add, change, mark done, history, and a change
saved while someone else's form was open."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from core.history import version_token
from risk import services
from risk.models import RiskAction

pytestmark = pytest.mark.django_db


def action_form(world, **changes) -> dict:
    return {
        "description": "Replant with disease-resistant species",
        "owner": str(world.people["manager"].pk),
        "due_date_0": "31",
        "due_date_1": "3",
        "due_date_2": "2027",
        "status": "not_started",
    } | changes


def test_head_adds_a_further_action(client_for, risk_world, world):
    url = reverse("risk:action-add", args=[risk_world.risk.pk])
    response = client_for("head").post(url, action_form(world))
    assert response.status_code == 302
    action = RiskAction.objects.get(description="Replant with disease-resistant species")
    assert action.risk == risk_world.risk
    assert action.owner == world.people["manager"]
    assert action.due_date == dt.date(2027, 3, 31)
    assert action.history.first().history_user == world.people["head"]
    assert action.history.first().history_change_reason == "Further action added"
    html = client_for("head").get(risk_world.risk.get_absolute_url()).content.decode()
    assert "Replant with disease-resistant species" in html


def test_a_bad_due_date_is_refused_and_keeps_what_was_typed(client_for, risk_world, world):
    url = reverse("risk:action-add", args=[risk_world.risk.pk])
    response = client_for("head").post(url, action_form(world, due_date_1="13"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "The action&#x27;s due date must be a real date" in html
    assert "Replant with disease-resistant species" in html
    assert re.search(r'name="due_date_0"[^>]*value="31"', html)
    assert not RiskAction.objects.filter(description__startswith="Replant").exists()


def test_missing_fields_are_named_in_the_error_summary(client_for, risk_world, world):
    url = reverse("risk:action-add", args=[risk_world.risk.pk])
    data = action_form(world, description="", owner="", due_date_0="", due_date_1="")
    data["due_date_2"] = ""
    html = client_for("head").post(url, data).content.decode()
    assert "Enter what will be done" in html
    assert "Choose the action&#x27;s owner" in html
    assert "Enter the action&#x27;s due date" in html


def test_an_owner_from_another_service_is_refused(client_for, risk_world, world):
    url = reverse("risk:action-add", args=[risk_world.risk.pk])
    data = action_form(world, owner=str(world.people["other_staff"].pk))
    response = client_for("head").post(url, data)
    assert response.status_code == 400
    assert "Choose a person from the list" in response.content.decode()


def test_manager_changes_owner_due_date_and_status(client_for, risk_world, world):
    action = risk_world.action
    url = reverse("risk:action-change", args=[action.pk])
    form = client_for("manager").get(url).content.decode()
    assert "Fell and burn the infected trees" in form
    data = action_form(
        world,
        description=action.description,
        owner=str(world.people["head"].pk),
        due_date_0="15",
        due_date_1="1",
        due_date_2="2027",
        status="in_progress",
        version=version_token(action),
    )
    assert client_for("manager").post(url, data).status_code == 302
    action.refresh_from_db()
    assert (action.owner, action.due_date, action.status) == (
        world.people["head"],
        dt.date(2027, 1, 15),
        "in_progress",
    )
    history = client_for("committee").get(reverse("risk:action-history", args=[action.pk]))
    html = history.content.decode()
    assert "Further action changed" in html
    assert "Due date</strong>: 31 December 2026 → 15 January 2027" in html
    assert "Status</strong>: Not started → In progress" in html


def test_a_change_saved_meanwhile_is_not_overwritten(client_for, risk_world, world):
    action = risk_world.action
    opened = version_token(action)
    services.risk_action_save(
        risk=risk_world.risk,
        actor=world.people["head"],
        action=action,
        description=action.description,
        owner_id=action.owner_id,
        due_date=dt.date(2027, 2, 28),
        status="in_progress",
        version=opened,
    )
    url = reverse("risk:action-change", args=[action.pk])
    data = action_form(world, description="Fell the trees only", version=opened)
    response = client_for("manager").post(url, data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "was changed by" in html
    assert "What they changed" in html
    assert "Fell the trees only" in html  # what was typed is kept
    action.refresh_from_db()
    assert action.description == "Fell and burn the infected trees"
    assert action.due_date == dt.date(2027, 2, 28)
    # The form now carries the new stamp: saving again keeps the second person's change.
    new_version = re.search(r'name="version" value="([^"]+)"', html).group(1)
    data["version"] = new_version
    assert client_for("manager").post(url, data).status_code == 302
    action.refresh_from_db()
    assert action.description == "Fell the trees only"


def test_marking_done_records_who_and_hides_the_button(client_for, risk_world, world):
    action = risk_world.action
    url = reverse("risk:action-done", args=[action.pk])
    response = client_for("head").post(url, {"version": version_token(action)}, follow=True)
    assert "Further action marked as done" in response.content.decode()
    action.refresh_from_db()
    assert action.status == "done"
    assert action.history.first().history_change_reason == "Further action done"
    assert action.history.first().history_user == world.people["head"]
    assert url not in response.content.decode()


def test_marking_done_after_someone_else_changed_it_is_refused(client_for, risk_world, world):
    action = risk_world.action
    stale = version_token(action)
    services.risk_action_save(
        risk=risk_world.risk,
        actor=world.people["manager"],
        action=action,
        description="Fell, burn and replant",
        owner_id=action.owner_id,
        due_date=action.due_date,
        version=stale,
    )
    url = reverse("risk:action-done", args=[action.pk])
    response = client_for("head").post(url, {"version": stale}, follow=True)
    assert "was changed by" in response.content.decode()
    action.refresh_from_db()
    assert action.status == "not_started"


def test_readers_see_actions_without_change_links(client_for, risk_world):
    html = client_for("committee").get(risk_world.risk.get_absolute_url()).content.decode()
    assert "Fell and burn the infected trees" in html
    assert reverse("risk:action-history", args=[risk_world.action.pk]) in html
    assert reverse("risk:action-change", args=[risk_world.action.pk]) not in html
    assert reverse("risk:action-add", args=[risk_world.risk.pk]) not in html


def test_another_services_head_cannot_post_to_an_action(client_for, risk_world, world):
    action = risk_world.action
    url = reverse("risk:action-change", args=[action.pk])
    data = action_form(world, version=version_token(action))
    assert client_for("other_head").post(url, data).status_code == 404
    assert client_for("lead").post(url, data).status_code == 403
    done = reverse("risk:action-done", args=[action.pk])
    assert client_for("other_head").post(done).status_code == 404
    action.refresh_from_db()
    assert action.description == "Fell and burn the infected trees"
    assert action.status == "not_started"


def test_an_action_that_does_not_exist_is_404(client_for, risk_world):
    url = reverse("risk:action-history", args=[999999])
    assert client_for("admin").get(url).status_code == 404
