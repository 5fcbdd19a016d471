"""A long golden thread draws its top levels and loads each branch below them on demand."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planning import selectors
from tests import factories as f

from .test_query_counts import grow

pytestmark = pytest.mark.django_db


def thread(item) -> str:
    return reverse("planning:thread", args=[item.KIND, item.pk])


def branch(item) -> str:
    return reverse("planning:thread-branch", args=[item.KIND, item.pk])


def test_a_limited_tree_draws_whole_levels_and_counts_what_waits_below(world):
    admin = world.people["admin"]
    tree = selectors.thread_down(world.ambition, user=admin, shown=1)
    (activity,) = tree.root.children
    assert activity.item == world.activity
    assert activity.children == []
    # A priority, three actions and three objectives wait below the activity.
    assert activity.unopened == 7
    counts = {model.KIND: count for model, count in tree.counts}
    assert counts == {"activity": 1, "priority": 1, "action": 3, "objective": 3}


def test_the_limit_counts_levels_not_single_items(world):
    admin = world.people["admin"]
    # The activity (one) and the level below it (a priority and two actions) make four.
    tree = selectors.thread_down(world.ambition, user=admin, shown=3)
    assert [n.unopened for n in tree.root.children] == [7]
    tree = selectors.thread_down(world.ambition, user=admin, shown=4)
    (activity,) = tree.root.children
    assert {n.item for n in activity.children} >= {world.priority, world.other_action}
    assert all(n.children == [] for n in activity.children)
    priority = next(n for n in activity.children if n.item == world.priority)
    assert priority.unopened == 3  # the action and its two objectives


def test_an_unlimited_tree_is_the_whole_thread(world):
    admin = world.people["admin"]
    whole = selectors.thread_down(world.ambition, user=admin)
    limited = selectors.thread_down(world.ambition, user=admin, shown=1000)
    assert len(whole.rows()) == len(limited.rows()) == 8  # every item below, for admin
    assert not any(row.node.unopened for row in limited.rows())


def test_a_long_thread_page_links_each_unopened_branch_and_leaves_it_out(
    client_for, world, monkeypatch
):
    monkeypatch.setattr(selectors, "THREAD_SHOWN", 1)
    body = client_for("admin").get(thread(world.ambition)).content.decode()
    assert world.activity.title in body
    for deeper in (world.priority, world.action, world.objective):
        assert deeper.title not in body
    # Without JavaScript the branch is the activity's own thread page; htmx loads it here.
    assert f'href="{thread(world.activity)}" hx-get="{branch(world.activity)}"' in body
    target = f"branch-activity-{world.activity.pk}"
    assert f'hx-target="#{target}"' in body
    assert f'id="{target}"' in body
    assert "Show</span> the 7 items serving this" in body
    assert "its first levels are shown" in body


def test_a_short_thread_is_drawn_whole_without_branch_links(client_for, world):
    body = client_for("admin").get(thread(world.ambition)).content.decode()
    assert world.objective.title in body
    assert "hx-get" not in body
    assert "its first levels are shown" not in body


def test_a_long_thread_page_stays_the_same_size_as_the_council_grows(
    client_for, world, monkeypatch
):
    monkeypatch.setattr(selectors, "THREAD_SHOWN", 1)
    client = client_for("lead")

    def measure():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(thread(world.ambition))
        assert response.status_code == 200
        return len(queries), response.content.decode()

    queries_before, before = measure()
    grow(world, 4)  # four more activities serving the ambition, each with a branch below
    queries_after, after = measure()
    assert queries_after == queries_before
    assert after.count("<li") == before.count("<li") + 4
    assert world.priority.title not in after


def test_a_branch_is_the_list_of_items_serving_it(client_for, world):
    response = client_for("admin").get(branch(world.activity))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<ul class="gt-thread">')
    assert "<html" not in body
    for shown in (world.priority, world.action, world.objective, world.other_action):
        assert shown.title in body
    assert world.activity.title not in body  # the branch's own item is on the page already
    assert f'href="{thread(world.priority)}"' in body


def test_a_branch_shows_only_what_the_reader_may_open(client_for, world):
    body = client_for("head").get(branch(world.activity)).content.decode()
    assert world.other_action.title in body  # Libraries' published plan
    assert "1 more in plans you cannot open" in body  # Leisure's draft plan


def test_a_branch_the_reader_cannot_open_is_not_found(client_for, world):
    objective = world.objective
    for path in (thread(objective), branch(objective)):
        response = client_for("other_head").get(path)
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()
    assert client_for("other_head").get(branch(world.action)).status_code == 404
    assert client_for("head").get(branch(world.action)).status_code == 200


def test_a_branch_of_a_long_thread_opens_its_own_branches_on_demand(client_for, world, monkeypatch):
    monkeypatch.setattr(selectors, "THREAD_SHOWN", 1)
    body = client_for("admin").get(branch(world.activity)).content.decode()
    assert world.priority.title in body
    assert world.action.title not in body
    assert f'hx-get="{branch(world.priority)}"' in body


@pytest.mark.parametrize("path", ["/thread/activity/0/branch/", "/thread/planet/1/branch/"])
def test_unknown_branches_are_not_found(client_for, world, path):
    assert client_for("admin").get(path).status_code == 404


def test_a_branch_takes_the_same_queries_for_a_bigger_council(client_for, world):
    client = client_for("head")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(branch(world.activity)).status_code == 200
        return len(queries)

    grow(world, 1)
    small = count()
    f.ActionFactory.create_batch(5, plan=world.other_plan, serves_activity=world.activity)
    grow(world, 3)
    assert count() == small
