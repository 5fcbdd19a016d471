"""A performance lead walks a long golden thread down from a corporate ambition: the page
draws its top level, and each branch below opens in place with the keyboard (htmx) and closes
again; with JavaScript off the same link opens the branch's own thread page.
Every page and every opened branch is checked with axe."""

import pytest

from .steps import (
    assert_accessible,
    follow_link,
    heading,
    press_enter_in_place,
    section,
    sign_in,
    tab_to,
    visit,
)


@pytest.fixture
def long_threads(monkeypatch):
    """Threads drawn one level at a time, as a whole council's are."""
    from planning import selectors

    monkeypatch.setattr(selectors, "THREAD_SHOWN", 1)


def ambition_with_branches():
    """The first corporate ambition, one activity serving it that has items below, and
    those items' titles."""
    from planning.models import Ambition

    for ambition in Ambition.objects.order_by("pk"):
        for activity in ambition.activities.order_by("order", "ref", "pk"):
            below = [*activity.priorities.all(), *activity.actions.all()]
            if below:
                return ambition, activity, below
    raise AssertionError("The demo council has no activity with items below it")


def show_link(scope, activity):
    return scope.locator(f'a[data-thread-branch="branch-activity-{activity.pk}"]')


def test_lead_opens_and_closes_a_branch_in_place(page, live_server, demo_council, long_threads):
    ambition, activity, below = ambition_with_branches()
    sign_in(page, live_server, "lead")
    visit(page, f"{live_server.url}{ambition.get_absolute_url()}")
    assert activity.title in page.inner_text("main")
    assert below[0].title not in page.inner_text("main")

    toggle = show_link(page, activity)
    branch = page.locator(f"#branch-activity-{activity.pk}")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert toggle.get_attribute("aria-controls") == f"branch-activity-{activity.pk}"
    tab_to(page, toggle)
    press_enter_in_place(page, branch.get_by_role("link", name=str(below[0]), exact=True))
    assert toggle.get_attribute("aria-expanded") == "true"
    assert toggle.inner_text().startswith("Hide")
    assert page.url.endswith(ambition.get_absolute_url())
    assert (
        page.evaluate("() => document.activeElement.getAttribute('data-thread-branch')")
        == f"branch-activity-{activity.pk}"
    ), "focus left the toggle"
    for item in below:
        assert item.title in branch.inner_text()

    # Closing it asks the server nothing more: the branch is hidden, focus stays.
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert branch.is_hidden()
    assert toggle.inner_text().startswith("Show")
    page.keyboard.press("Enter")
    assert branch.is_visible()
    assert requests == []
    assert_accessible(page)


def test_without_javascript_a_branch_is_its_own_page(
    open_page, live_server, demo_council, long_threads
):
    ambition, activity, below = ambition_with_branches()
    page = open_page(javascript=False)
    sign_in(page, live_server, "lead")
    visit(page, f"{live_server.url}{ambition.get_absolute_url()}")
    toggle = show_link(page, activity)
    assert toggle.get_attribute("aria-expanded") is None
    name = " ".join(toggle.inner_text().split())
    follow_link(page, name, within=section(page, "Down the thread"))
    assert page.url.endswith(activity.get_absolute_url())
    assert activity.title in heading(page)
    for item in below:
        assert item.title in page.inner_text("main")
