"""The Corporate Plan's ambitions and the Delivery Plan's activities, written in the
browser by administrators and Management Board members."""

import pytest
from django.urls import reverse

from core.history import version_token
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_board_member_adds_an_ambition_with_its_success_measures(client_for, world):
    response = client_for("board").post(
        reverse("planning:ambition-add", args=[world.corporate.pk]),
        {"ref": "A9", "title": "A fairer borough", "measures": "Gap in life expectancy narrows"},
    )
    assert response.status_code == 302
    ambition = world.corporate.items.get(ref="A9")
    assert ambition.success_measures == "Gap in life expectancy narrows"
    record = ambition.history.get()
    assert (record.history_user, record.history_change_reason) == (
        world.people["board"],
        "Ambition added",
    )
    page = client_for("staff").get(world.corporate.get_absolute_url()).content.decode()
    assert "Gap in life expectancy narrows" in page
    assert reverse("planning:ambition-add", args=[world.corporate.pk]) not in page


def test_an_activity_serves_an_ambition_of_a_plan_covering_its_year(client_for, world):
    url = reverse("planning:activity-add", args=[world.delivery.pk])
    response = client_for("admin").post(
        url,
        {
            "title": "Tree for every child",
            "measures": "Trees planted",
            "serves": f"ambition:{world.ambition.pk}",
        },
    )
    assert response.status_code == 302
    activity = world.delivery.items.get(title="Tree for every child")
    assert (activity.serves_ambition, activity.how_measured) == (world.ambition, "Trees planted")

    old_plan = f.CorporatePlanFactory(first_year=f.FinancialYearFactory(start_year=2020))
    stale = f.AmbitionFactory(plan=old_plan, title="Old ambition")
    response = client_for("admin").post(
        url, {"title": "Out of time", "serves": f"ambition:{stale.pk}"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'href="#id_serves"' in body
    assert "Choose an item from 2026/27 in the list" in body
    assert 'value="Out of time"' in body


def test_an_activity_cannot_serve_another_activity(client_for, world):
    response = client_for("board").post(
        reverse("planning:activity-add", args=[world.delivery.pk]),
        {"title": "Sideways", "serves": f"activity:{world.activity.pk}"},
    )
    assert response.status_code == 400
    assert "cannot serve another delivery plan activity" in response.content.decode()


def test_an_ambition_needs_a_title(client_for, world):
    response = client_for("board").post(
        reverse("planning:ambition-add", args=[world.corporate.pk]),
        {"title": "", "measures": "Kept"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'href="#id_title"' in body
    assert "Enter the ambition" in body
    assert "Kept" in body


def test_an_ambition_changed_meanwhile_is_not_overwritten_and_history_shows_both(client_for, world):
    url = reverse("planning:ambition-edit", args=[world.ambition.pk])
    stale = version_token(world.ambition)
    client_for("admin").post(url, {"title": "Green, clean places", "version": stale})
    response = client_for("board").post(url, {"title": "Cleaner places", "version": stale})
    assert response.status_code == 409
    body = response.content.decode()
    assert "Cleaner places" in body
    assert "Green and clean places" in body  # what the other person changed it from
    world.ambition.refresh_from_db()
    assert world.ambition.title == "Green, clean places"
    history = client_for("staff").get(
        reverse("planning:item-history", args=["ambition", world.ambition.pk])
    )
    assert "Green and clean places → Green, clean places" in history.content.decode()


def test_a_head_of_service_may_read_but_not_change_the_delivery_plan(client_for, world):
    response = client_for("head").post(
        reverse("planning:activity-edit", args=[world.activity.pk]),
        {"title": "Mine now", "serves": ""},
    )
    assert response.status_code == 403
    world.activity.refresh_from_db()
    assert world.activity.title != "Mine now"
