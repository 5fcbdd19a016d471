"""Walking the golden thread up and down."""

import pytest
from django.urls import reverse

from planning import selectors, services
from planning.models import ServiceAction
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_thread_up_from_an_objective_reaches_the_ambition(world):
    chain = selectors.thread_up(world.objective, user=world.people["staff"])
    assert all(link.visible for link in chain)
    assert chain == [world.ambition, world.activity, world.priority, world.action, world.objective]


def test_thread_up_from_an_orphan_is_just_the_item(world):
    orphan = f.ActionFactory(plan=world.service_plan)
    assert selectors.thread_up(orphan, user=world.people["head"]) == [orphan]


def test_thread_down_from_an_ambition_reaches_every_level(world):
    tree = selectors.thread_down(world.ambition, user=world.people["admin"])
    counts = {model.KIND: count for model, count in tree.counts}
    # Activity → priority → Parks action; Libraries and Leisure actions serve the activity.
    assert counts == {"activity": 1, "priority": 1, "action": 3, "objective": 3}
    activity = tree.root.children[0]
    assert activity.item == world.activity
    priority = next(n for n in activity.children if n.item == world.priority)
    action = priority.children[0]
    assert action.item == world.action
    assert {n.item.plan.person.username for n in action.children} == {"staff", "manager"}


def test_thread_down_hides_what_the_person_cannot_open_but_counts_it(world):
    tree = selectors.thread_down(world.ambition, user=world.people["head"])
    counts = {model.KIND: count for model, count in tree.counts}
    assert counts == {"activity": 1, "priority": 1, "action": 3, "objective": 3}
    activity = tree.root.children[0]
    shown_actions = [n.item for n in activity.children if isinstance(n.item, ServiceAction)]
    # The Libraries plan is published; Leisure's draft is out of head's reach.
    assert shown_actions == [world.other_action]
    assert activity.hidden_children == 1
    # head manages staff and manager (directly or through the chain) but not Libraries staff.
    other = next(n for n in activity.children if n.item == world.other_action)
    assert other.children == []
    assert other.hidden_children == 1


def test_line_manager_sees_objectives_of_everyone_below_them(world):
    tree = selectors.thread_down(world.action, user=world.people["director"])
    assert {n.item.plan.person.username for n in tree.root.children} == {"staff", "manager"}
    tree = selectors.thread_down(world.action, user=world.people["lead"])
    assert tree.root.children == []
    assert tree.root.hidden_children == 2


def test_linking_records_who_and_why(world):
    head = world.people["head"]
    services.item_link(item=world.action, target=world.activity, actor=head)
    world.action.refresh_from_db()
    assert world.action.serves == world.activity
    assert world.action.serves_priority is None
    latest = world.action.history.latest()
    assert latest.history_user == head
    assert latest.history_change_reason.startswith("Linked to delivery plan activity")


def test_orphans_are_listed_by_level_and_directorate(world):
    orphan_action = f.ActionFactory(plan=world.service_plan, title="Orphan action")
    orphan_objective = f.ObjectiveFactory(plan=world.pdp, title="Orphan objective")
    groups = {
        g.model.KIND: g
        for g in selectors.orphans_for_year(year=world.year, user=world.people["admin"])
    }
    assert groups["action"].by_directorate == {"Place": [orphan_action]}
    assert groups["objective"].by_directorate == {"Place": [orphan_objective]}
    assert groups["activity"].total == 0
    assert groups["priority"].total == 0


def test_link_choices_offer_only_higher_levels_of_the_same_year(world):
    groups = dict(selectors.serves_choices(world.action, user=world.people["head"]))
    assert list(groups) == [
        "Directorate priorities",
        "Delivery plan activities",
        "Corporate ambitions",
    ]
    values = {value for options in groups.values() for value, _ in options}
    assert f"priority:{world.priority.pk}" in values
    assert f"activity:{world.activity.pk}" in values
    assert f"ambition:{world.ambition.pk}" in values
    assert not any(v.startswith(("action:", "objective:")) for v in values)


def test_thread_up_names_items_in_plans_out_of_reach_by_level_only(client_for, world):
    """A link made before links were checked (another service's draft action) must not
    show its title to someone who gets 404 on it."""
    from planning.models import PdpObjective

    objective = PdpObjective.objects.filter(plan=world.other_pdp).get()
    PdpObjective.objects.filter(pk=objective.pk).update(serves_action=world.action)
    objective.refresh_from_db()
    chain = selectors.thread_up(objective, user=world.people["other_staff"])
    assert [link.visible for link in chain] == [True, True, False, False, True]
    url = reverse("planning:thread", args=["objective", objective.pk])
    page = client_for("other_staff").get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert world.action.title not in text
    assert world.priority.title not in text
    assert text.count("An item in a plan you cannot open") == 2
    assert world.ambition.title in text


def test_orphans_count_private_objectives_without_naming_them(client_for, world):
    f.ObjectiveFactory(plan=world.pdp, title="Orphan objective")
    groups = {
        g.model.KIND: g
        for g in selectors.orphans_for_year(year=world.year, user=world.people["lead"])
    }
    assert (groups["objective"].total, groups["objective"].hidden) == (0, 1)
    text = client_for("lead").get(reverse("planning:orphans")).content.decode()
    assert "Orphan objective" not in text
    assert "1 in plans you cannot open (counted, not shown)" in text
    admin_text = client_for("admin").get(reverse("planning:orphans")).content.decode()
    assert "Orphan objective" in admin_text
