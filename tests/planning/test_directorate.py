"""The directorate plan on a page: the director writes priorities and key programmes,
the services' top improvements come up the golden thread, and it prints on one A4 page."""

import pytest
from django.urls import reverse

from core.history import version_token
from planning.models import DirectoratePlan, KeyProgramme, Person, Role
from planning.selectors.directorate import plan_on_a_page, top_improvements_rule
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_director_adds_a_priority_serving_a_delivery_activity(client_for, world):
    plan = world.directorate_plan
    response = client_for("director").post(
        reverse("planning:priority-add", args=[plan.pk]),
        {"ref": "PE-P9", "title": "Cleaner streets", "serves": f"activity:{world.activity.pk}"},
    )
    assert response.status_code == 302
    priority = plan.items.get(ref="PE-P9")
    assert priority.serves_activity == world.activity
    assert priority.history.get().history_user == world.people["director"]
    page = client_for("director").get(plan.get_absolute_url()).content.decode()
    assert "Cleaner streets" in page


def test_a_priority_cannot_serve_another_priority_and_nothing_typed_is_lost(client_for, world):
    response = client_for("director").post(
        reverse("planning:priority-add", args=[world.directorate_plan.pk]),
        {"title": "Sideways", "serves": f"priority:{world.priority.pk}"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'href="#id_serves"' in body
    assert "cannot serve another directorate priority" in body
    assert 'value="Sideways"' in body


def test_a_priority_from_another_year_is_refused(client_for, world):
    next_year = f.FinancialYearFactory(start_year=2027)
    later = f.ActivityFactory(plan=f.DeliveryPlanFactory(year=next_year))
    response = client_for("director").post(
        reverse("planning:priority-add", args=[world.directorate_plan.pk]),
        {"title": "Too early", "serves": f"activity:{later.pk}"},
    )
    assert response.status_code == 400
    assert "Choose an item from 2026/27" in response.content.decode()


def test_a_priority_changed_meanwhile_is_not_overwritten(client_for, world):
    url = reverse("planning:priority-edit", args=[world.priority.pk])
    stale = version_token(world.priority)
    serves = f"activity:{world.activity.pk}"
    client_for("admin").post(url, {"title": "Greener places", "serves": serves, "version": stale})
    response = client_for("director").post(
        url, {"title": "Greenest places", "serves": serves, "version": stale}
    )
    assert response.status_code == 409
    assert "Greenest places" in response.content.decode()
    world.priority.refresh_from_db()
    assert world.priority.title == "Greener places"


def test_the_director_adds_and_changes_a_key_programme_with_history(client_for, world):
    plan = world.directorate_plan
    client = client_for("director")
    client.post(
        reverse("planning:programme-add", args=[plan.pk]),
        {"name": "Waste redesign", "summary": "Food waste for all", "programme_ref": "P-1"},
    )
    programme = plan.programmes.get()
    response = client.post(
        reverse("planning:programme-edit", args=[programme.pk]),
        {"name": "Waste redesign", "summary": "Food waste from October", "programme_ref": "P-1"}
        | {"version": version_token(programme)},
    )
    assert response.status_code == 302
    history = client.get(reverse("planning:item-history", args=["programme", programme.pk]))
    assert "Food waste for all → Food waste from October" in history.content.decode()


def test_a_programme_needs_a_name_and_a_short_summary(client_for, world):
    response = client_for("director").post(
        reverse("planning:programme-add", args=[world.directorate_plan.pk]),
        {"name": "", "summary": "x" * 601},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the programme&#x27;s name" in body
    assert "must be 600 characters or fewer" in body
    assert not KeyProgramme.objects.exists()


def test_top_improvements_put_delivery_plan_actions_first_and_count_the_rest(world):
    rows = [
        f.ActionFactory(plan=world.service_plan, ref=f"P{n}", order=n, in_delivery_plan=n == 3)
        for n in (1, 2, 3)
    ]
    shown, more = top_improvements_rule(rows)
    assert [a.ref for a in shown] == ["P3", "P1"]
    assert more == 1


def test_improvements_in_plans_the_reader_cannot_open_are_counted_not_shown(world):
    hidden_service = f.ServiceFactory(directorate=world.service.directorate)
    draft = f.ServicePlanFactory(year=world.year, service=hidden_service)
    f.ActionFactory(plan=draft, serves_priority=world.priority, title="Secret draft action")
    reader = world.people["head"]  # works in Place, not in the new service
    page = plan_on_a_page(plan=world.directorate_plan, user=reader)
    titles = [a.title for group in page.improvements for a in group.actions]
    assert "Replant the park" in titles
    assert "Secret draft action" not in titles
    assert page.hidden == 1
    director = plan_on_a_page(plan=world.directorate_plan, user=world.people["director"])
    assert director.hidden == 0


def pdf_pages(html: str) -> list:
    from weasyprint import HTML

    return HTML(string=html, base_url=".").render().pages


@pytest.mark.parametrize("scale", ["small", "council"])
def test_the_demo_directorate_plan_prints_on_exactly_one_a4_page(client, settings, scale):
    from planning.demo import demo_council_seed

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_council_seed(scale=scale)
    director = Person.objects.get(username="director")
    directorate = director.roles.get(role=Role.DIRECTOR).directorate
    plan = DirectoratePlan.objects.get(directorate=directorate, year__is_current=True)
    client.force_login(director)
    response = client.get(reverse("planning:directorate-print", args=[plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    page = plan_on_a_page(plan=plan, user=director)
    assert page.priorities
    assert page.programmes
    assert page.improvements
    for group in page.improvements:
        assert group.service.name in html
    pages = pdf_pages(html)
    assert len(pages) == 1
    # A4 portrait, in CSS pixels (96 to the inch): 210 mm × 297 mm.
    assert (pages[0].width, pages[0].height) == (
        pytest.approx(793.7, abs=1),
        pytest.approx(1122.5, abs=1),
    )


def test_the_print_test_would_notice_a_second_page(world):
    """Guard for the test above: the same renderer counts an overflowing page as two."""
    long = "<p>line</p>" * 200
    html = f"<html><head><style>@page {{ size: A4; }}</style></head><body>{long}</body></html>"
    assert len(pdf_pages(html)) > 1
