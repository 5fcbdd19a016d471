"""Planning pages: happy paths, bad input and wrong methods."""

import pytest
from django.urls import reverse

from core.history import version_token

pytestmark = pytest.mark.django_db


def serves_url(item) -> str:
    return reverse("planning:item-serves", args=[item.KIND, item.pk])


def link(item, value: str) -> dict:
    """The link form as the page sends it: the choice, and the item's current version."""
    item.refresh_from_db()
    return {"serves": value, "version": version_token(item)}


def test_head_links_their_action_to_a_delivery_activity(client_for, world):
    response = client_for("head").post(
        serves_url(world.action), link(world.action, f"activity:{world.activity.pk}")
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:thread", args=["action", world.action.pk])
    world.action.refresh_from_db()
    assert world.action.serves == world.activity
    assert world.action.history.latest().history_user == world.people["head"]


def test_linking_an_action_sideways_is_refused_with_a_clear_message(client_for, world):
    response = client_for("head").post(
        serves_url(world.action), {"serves": f"action:{world.other_action.pk}"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "a service action cannot serve another service action" in body
    world.action.refresh_from_db()
    assert world.action.serves == world.priority


def test_linking_an_action_downwards_is_refused_with_a_clear_message(client_for, world):
    response = client_for("head").post(
        serves_url(world.action), {"serves": f"objective:{world.objective.pk}"}
    )
    assert response.status_code == 400
    assert "a personal objective is below a service action" in response.content.decode()


def test_linking_to_another_years_item_is_refused(client_for, world):
    from tests import factories as f

    old = f.ActivityFactory(plan__year=f.FinancialYearFactory(start_year=2025))
    response = client_for("head").post(serves_url(world.action), {"serves": f"activity:{old.pk}"})
    assert response.status_code == 400
    assert "Choose an item from 2026/27" in response.content.decode()


@pytest.mark.parametrize("value", ["nonsense", "activity:abc", "planet:1", "activity:999999"])
def test_malformed_link_is_refused_and_the_choice_is_kept(client_for, world, value):
    response = client_for("head").post(serves_url(world.action), {"serves": value})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()


def test_unlinking_leaves_an_orphan(client_for, world):
    response = client_for("head").post(serves_url(world.action), link(world.action, ""))
    assert response.status_code == 302
    world.action.refresh_from_db()
    assert world.action.serves is None
    assert world.action.history.latest().history_change_reason == "Unlinked"


def test_link_form_shows_the_current_link(client_for, world):
    response = client_for("head").get(serves_url(world.action))
    body = response.content.decode()
    assert f'value="priority:{world.priority.pk}" selected' in body


def test_thread_page_walks_up_and_down(client_for, world):
    response = client_for("head").get(reverse("planning:thread", args=["action", world.action.pk]))
    body = response.content.decode()
    for text in [world.ambition.title, world.activity.title, world.priority.title]:
        assert text in body
    assert world.objective.title in body  # staff's objective: head is in their management line


def test_other_directorate_head_is_not_told_the_draft_plan_exists(client_for, world):
    response = client_for("other_head").get(
        reverse("planning:plan-detail", args=["service", world.service_plan.pk])
    )
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_published_plan_is_readable_but_not_linkable_by_another_head(client_for, world):
    client = client_for("head")
    assert client.get(world.other_plan.get_absolute_url()).status_code == 200
    response = client.post(serves_url(world.other_action), {"serves": ""})
    assert response.status_code == 403
    assert "You do not have permission" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/plans/service/99999999999999999999999/",
        "/plans/planet/1/",
        "/plans/service/abc/",
        "/thread/action/0/",
        "/thread/objective/99999999999999999999/",
        "/organisation/services/99999999999999999999/",
        "/organisation/directorates/0/",
        "/orphans/?year=abc",
        "/no-such-page/",
    ],
)
def test_unknown_ids_and_paths_get_a_404_page(client_for, world, path):
    response = client_for("admin").get(path)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_wrong_method_on_a_read_only_page_gets_a_readable_405(client_for, world, method):
    response = getattr(client_for("head"), method)(reverse("planning:home"))
    assert response.status_code == 405
    assert "That action is not possible here" in response.content.decode()


def test_sign_out_needs_a_post(client_for, world):
    client = client_for("head")
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("planning:home")).status_code == 302


def test_wrong_password_shows_the_error_and_keeps_the_username(client, world):
    response = client.post(reverse("login"), {"username": "head", "password": "wrong"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter a correct username and password" in body
    assert 'value="head"' in body


def test_missing_csrf_token_gets_a_readable_403(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.people["head"])
    response = client.post(serves_url(world.action), {"serves": ""})
    assert response.status_code == 403
    assert "Your form expired" in response.content.decode()


def test_orphans_page_lists_orphans_for_a_chosen_year(client_for, world):
    from tests import factories as f

    f.ActionFactory(plan=world.service_plan, title="Lonely action")
    response = client_for("lead").get(reverse("planning:orphans"), {"year": world.year.pk})
    assert response.status_code == 200
    assert "Lonely action" in response.content.decode()


def test_pdp_page_is_private_to_owner_and_managers(client_for, world):
    url = world.pdp.get_absolute_url()
    assert world.objective.title in client_for("staff").get(url).content.decode()
    assert client_for("manager").get(url).status_code == 200
    assert client_for("lead").get(url).status_code == 404
