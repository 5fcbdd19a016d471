"""The tags list pages draw each row's item with: the same markup as the single item's
include, with each address from one reverse() per kind of item."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.urls import reverse

from planning.links import mark_thread_urls
from tests import factories as f

pytestmark = pytest.mark.django_db


def draw(source: str, **context) -> str:
    return Template("{% load planning_tags %}" + source).render(Context(context))


def test_an_item_links_to_its_thread_with_its_ref_and_title():
    action = f.ActionFactory(ref="A-1", title="Fix <the> roads")
    url = reverse("planning:thread", args=["action", action.pk])
    assert draw("{% item_link item %}", item=action) == (
        f'<a class="govuk-link" href="{url}"><span class="gt-ref">A-1</span> '
        "Fix &lt;the&gt; roads</a>"
    )


def test_an_item_in_a_plan_out_of_reach_is_not_a_link():
    action = f.ActionFactory()
    action.can_open = False
    drawn = draw("{% item_link item %}", item=action)
    assert "href" not in drawn
    assert "An item in a plan you cannot open" in drawn


def test_marked_addresses_are_the_routes_own():
    actions = [f.ActionFactory(), f.ActionFactory()]
    priority = f.PriorityFactory()
    actions[0].set_serves(priority)
    mark_thread_urls(actions, serves=True)
    for action in actions:
        assert action.thread_url == reverse("planning:thread", args=["action", action.pk])
    assert actions[0].serves.thread_url == reverse(
        "planning:thread", args=["priority", priority.pk]
    )


def test_what_an_item_serves_is_named_or_flagged_as_nothing_yet():
    action = f.ActionFactory()
    assert "Serves nothing yet" in draw("{% serves_link item %}", item=action)
    priority = f.PriorityFactory(title="Cleaner streets")
    action.set_serves(priority)
    drawn = draw("{% serves_link item %}", item=action)
    assert '<span class="govuk-visually-hidden">Serves </span>' in drawn
    assert "Cleaner streets" in drawn


@pytest.mark.parametrize(
    ("due", "revised", "revisions", "drawn"),
    [
        (None, None, 0, "Not set"),
        (dt.date(2026, 6, 30), None, 0, "30 Jun 2026"),
        (
            dt.date(2026, 6, 30),
            dt.date(2026, 9, 30),
            1,
            '30 Sep 2026 <span class="govuk-body-s">'
            "(revised 1 time; originally 30 Jun 2026)</span>",
        ),
        (
            None,
            dt.date(2026, 9, 30),
            2,
            '30 Sep 2026 <span class="govuk-body-s">(revised 2 times; originally not set)</span>',
        ),
    ],
)
def test_an_actions_dates_show_each_revision(due, revised, revisions, drawn):
    action = f.ActionFactory.build(due_date=due)
    action.revised_due_date = revised
    action.due_date_revisions = revisions
    assert draw("{% action_dates action %}", action=action) == drawn
