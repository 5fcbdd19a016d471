"""Pages draw a link only where the reader may follow it, and plain text otherwise."""

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_directorate_plan_is_a_link_only_for_those_who_may_open_it(client_for, world):
    url = reverse("planning:directorate-detail", args=[world.service.directorate.pk])
    plan_url = world.directorate_plan.get_absolute_url()
    assert f'href="{plan_url}"' in page(client_for("staff"), url)
    outside = page(client_for("other_staff"), url)
    assert f'href="{plan_url}"' not in outside
    assert f"Directorate plan {world.year}" in outside


def test_a_service_plan_is_a_link_only_for_those_who_may_open_it(client_for, world):
    url = reverse("planning:service-detail", args=[world.service.pk])
    plan_url = world.service_plan.get_absolute_url()
    assert f'href="{plan_url}"' in page(client_for("head"), url)
    outside = page(client_for("committee"), url)
    assert f'href="{plan_url}"' not in outside
    assert f"{world.year} plan" in outside


def test_orphan_objectives_are_counted_not_named_for_a_performance_lead(client_for, world):
    orphan = f.ObjectiveFactory(plan=world.pdp, title="Orphan objective")
    thread_url = reverse("planning:thread", args=["objective", orphan.pk])
    body = page(client_for("lead"), reverse("planning:orphans"))
    assert "Orphan objective" not in body
    assert "in plans you cannot open" in body
    assert f'href="{thread_url}"' not in body
    assert f'href="{thread_url}"' in page(client_for("admin"), reverse("planning:orphans"))


def test_what_an_action_serves_is_not_named_where_its_plan_is_out_of_reach(client_for, world):
    communities = f.DirectoratePlanFactory(
        year=world.year, directorate=world.other_service.directorate
    )
    priority = f.PriorityFactory(plan=communities, title="Draft communities priority")
    world.other_action.set_serves(priority)
    world.other_action.save()
    thread_url = reverse("planning:thread", args=["priority", priority.pk])
    for url in [
        world.other_plan.get_absolute_url(),
        reverse("planning:plan-delivery", args=[world.other_plan.pk]),
        reverse("planning:action-detail", args=[world.other_action.pk]),
    ]:
        body = page(client_for("staff"), url)
        assert "Draft communities priority" not in body, url
        assert "An item in a plan you cannot open" in body, url
        assert f'href="{thread_url}"' not in body, url
        assert f'href="{thread_url}"' in page(client_for("other_head"), url), url


def test_the_thread_up_neither_links_nor_names_out_of_reach_items(client_for, world):
    communities = f.DirectoratePlanFactory(
        year=world.year, directorate=world.other_service.directorate
    )
    priority = f.PriorityFactory(plan=communities, title="Draft communities priority")
    world.other_action.set_serves(priority)
    world.other_action.save()
    body = page(
        client_for("staff"), reverse("planning:thread", args=["action", world.other_action.pk])
    )
    assert "Draft communities priority" not in body
    assert "An item in a plan you cannot open" in body
    assert reverse("planning:thread", args=["priority", priority.pk]) not in body


def test_a_directorate_plan_links_only_to_the_service_plans_its_reader_may_open(client_for, world):
    nursery = f.ServiceFactory(name="Tree nursery", directorate=world.service.directorate)
    draft = f.ServicePlanFactory(year=world.year, service=nursery)
    url = world.directorate_plan.get_absolute_url()
    staff = page(client_for("staff"), url)
    assert "Tree nursery" in staff
    assert f'href="{draft.get_absolute_url()}"' not in staff
    assert f'href="{world.service_plan.get_absolute_url()}"' in staff
    assert f'href="{draft.get_absolute_url()}"' in page(client_for("director"), url)
