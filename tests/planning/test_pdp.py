"""Personal Development Plans in the browser: objectives up the golden thread,
development needs, mid-year and year-end notes; private to owner, line managers and
administrators."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from core.history import version_token
from planning.models import PdpObjective, PersonalDevelopmentPlan
from planning.services.pdp import own_service_problem
from tests import factories as f

pytestmark = pytest.mark.django_db


def add_url(pdp) -> str:
    return reverse("planning:objective-add", args=[pdp.pk])


def part_url(pdp, part: str) -> str:
    return reverse("planning:pdp-part-edit", args=[pdp.pk, part])


def test_staff_add_an_objective_serving_an_action_of_their_own_service(client_for, world):
    response = client_for("staff").post(
        add_url(world.pdp),
        {
            "ref": "O9",
            "title": "Plant 200 trees",
            "description": "",
            "serves": f"action:{world.action.pk}",
        },
    )
    assert response.status_code == 302
    objective = world.pdp.items.get(ref="O9")
    assert objective.serves_action == world.action
    record = objective.history.get()
    assert (record.history_user, record.history_change_reason) == (
        world.people["staff"],
        "Objective added",
    )
    page = client_for("staff").get(world.pdp.get_absolute_url()).content.decode()
    assert "Plant 200 trees" in page
    assert world.action.title in page


def test_an_action_of_another_service_is_refused_and_nothing_typed_is_lost(client_for, world):
    response = client_for("staff").post(
        add_url(world.pdp),
        {"title": "Run the reading challenge", "serves": f"action:{world.other_action.pk}"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert 'href="#id_serves"' in body
    assert "Choose an item from 2026/27 in the list" in body
    assert "Run the reading challenge" in body
    assert not world.pdp.items.filter(title="Run the reading challenge").exists()


def test_an_objective_cannot_serve_another_objective(client_for, world):
    other = f.ObjectiveFactory(plan=world.manager_pdp)
    response = client_for("staff").post(
        add_url(world.pdp), {"title": "Copy my manager", "serves": f"objective:{other.pk}"}
    )
    assert response.status_code == 400
    assert "cannot serve another personal objective" in response.content.decode()


def test_an_objective_needs_words(client_for, world):
    response = client_for("staff").post(add_url(world.pdp), {"title": "", "serves": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'href="#id_title"' in body
    assert "Enter the objective" in body


def test_the_objective_form_offers_only_own_service_actions_and_counts_characters(
    client_for, world
):
    body = client_for("staff").get(add_url(world.pdp)).content.decode()
    assert f'value="action:{world.action.pk}"' in body
    assert f'value="action:{world.other_action.pk}"' not in body
    assert "govuk-character-count" in body


def test_the_owner_writes_a_mid_year_note_and_the_line_manager_a_year_end_note(client_for, world):
    pdp = world.pdp
    client = client_for("staff")
    token = version_token(pdp)
    response = client.post(part_url(pdp, "mid-year"), {"text": "On track.", "version": token})
    assert response.status_code == 302
    pdp.refresh_from_db()
    client = client_for("manager")
    response = client.post(
        part_url(pdp, "year-end"), {"text": "All met.", "version": version_token(pdp)}
    )
    assert response.status_code == 302
    pdp.refresh_from_db()
    assert (pdp.mid_year_review, pdp.year_end_review) == ("On track.", "All met.")
    history = client.get(reverse("planning:item-history", args=["pdp", pdp.pk])).content.decode()
    assert "Year-end review notes saved" in history
    assert "Mid-year review notes saved" in history
    assert escape(str(world.people["manager"])) in history


def test_a_note_saved_meanwhile_is_not_overwritten(client_for, world):
    pdp = world.pdp
    stale = version_token(pdp)
    client_for("manager").post(
        part_url(pdp, "development-needs"), {"text": "Coaching course", "version": stale}
    )
    response = client_for("staff").post(
        part_url(pdp, "development-needs"), {"text": "Data skills", "version": stale}
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Coaching course" in body  # what they changed
    assert "Data skills" in body  # what you typed
    pdp.refresh_from_db()
    assert pdp.development_needs == "Coaching course"


def test_an_objective_changed_meanwhile_is_not_overwritten(client_for, world):
    objective = world.objective
    url = reverse("planning:objective-edit", args=[objective.pk])
    stale = version_token(objective)
    serves = f"action:{world.action.pk}"
    client_for("manager").post(
        url, {"title": "Lead the replanting well", "serves": serves, "version": stale}
    )
    response = client_for("staff").post(
        url, {"title": "Lead all the replanting", "serves": serves, "version": stale}
    )
    assert response.status_code == 409
    assert "Lead all the replanting" in response.content.decode()
    objective.refresh_from_db()
    assert objective.title == "Lead the replanting well"
    timeline = client_for("staff").get(
        reverse("planning:item-history", args=["objective", objective.pk])
    )
    assert "Lead the replanting → Lead the replanting well" in timeline.content.decode()


def test_a_colleague_cannot_write_into_someone_elses_pdp(client_for, world):
    response = client_for("other_staff").post(
        part_url(world.pdp, "mid-year"), {"text": "Sneaky", "version": ""}
    )
    assert response.status_code == 404
    response = client_for("other_staff").post(add_url(world.pdp), {"title": "Sneaky", "serves": ""})
    assert response.status_code == 404
    assert not PersonalDevelopmentPlan.objects.filter(mid_year_review="Sneaky").exists()
    assert not PdpObjective.objects.filter(title="Sneaky").exists()


def test_the_pdp_page_shows_change_links_only_to_those_who_may_write(client_for, world):
    own = client_for("staff").get(world.pdp.get_absolute_url()).content.decode()
    assert reverse("planning:objective-add", args=[world.pdp.pk]) in own
    assert part_url(world.pdp, "year-end") in own


@pytest.mark.parametrize(
    ("owner_service", "target_service", "refused"),
    [("parks", "parks", False), ("parks", "libraries", True), (None, "parks", True)],
)
def test_objectives_serve_actions_of_their_owners_service(
    world, owner_service, target_service, refused
):
    services = {"parks": world.service, "libraries": world.other_service}
    action = world.action if target_service == "parks" else world.other_action
    owner = services[owner_service].pk if owner_service else None
    assert (own_service_problem(owner_service_id=owner, target=action) is not None) is refused


def test_objectives_may_serve_a_priority_directly(world):
    assert own_service_problem(owner_service_id=world.service.pk, target=world.priority) is None
