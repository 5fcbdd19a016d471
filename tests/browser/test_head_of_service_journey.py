"""A head of service follows the golden thread with the keyboard alone: from their home page
to their service plan, into one of its actions, up to the corporate ambition it serves, and
down again to the personal objectives of the people who work for them.

Every page on the way is checked with axe (WCAG 2.2 AA) by the steps in steps.py.
"""

import re

from .steps import (
    assert_focus_visible,
    follow_link,
    heading,
    link,
    section,
    sign_in,
)


def people_below(person) -> list:
    """Everyone under `person` in the line-management tree."""
    from planning.models import Person

    below, frontier = [], [person]
    while frontier:
        frontier = list(Person.objects.filter(line_manager__in=frontier))
        below += frontier
    return below


def up_the_thread(item) -> list:
    """The items `item` serves, nearest first, ending at a corporate ambition."""
    chain = []
    while (item := item.serves) is not None:
        chain.append(item)
    return chain


def heads_journey():
    """What the journey should find, read from the demo council: head's service plan, the
    action in it that most of head's staff serve, and those staff's objectives."""
    from planning.models import FinancialYear, Person, ServicePlan

    head = Person.objects.get(username="head")
    staff = set(people_below(head))
    plan = ServicePlan.objects.get(service=head.service, year=FinancialYear.objects.current())

    def staff_objectives(action):
        objectives = action.objectives.select_related("plan__person")
        return [objective for objective in objectives if objective.plan.person in staff]

    action = max(plan.items.all(), key=lambda action: len(staff_objectives(action)))
    objectives = staff_objectives(action)
    assert len({o.plan.person for o in objectives}) >= 2, "the demo council has changed shape"
    return plan, action, objectives


def assert_objectives_listed(down, objectives) -> None:
    """Each objective is listed with its owner's name in brackets."""
    text = " ".join(down.all_inner_texts())
    text = " ".join(text.split())
    for objective in objectives:
        assert f"{objective} ({objective.plan.person})" in text


def test_head_of_service_follows_the_golden_thread_with_the_keyboard(
    page, live_server, demo_council
):
    plan, action, objectives = heads_journey()
    sign_in(page, live_server, "head")
    sign_out = page.get_by_role("button", name=re.compile("^Sign out"))
    assert sign_out.bounding_box()["height"] >= 24, "Sign out is below the minimum target size"

    # The first Tab on a page reaches the skip link, which takes focus past the navigation.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"

    follow_link(page, str(plan), within=section(page, "Plans you look after"))
    assert page.url.endswith(plan.get_absolute_url())
    assert plan.service.name in heading(page)

    follow_link(page, str(action), within=page.get_by_role("table", name="Delivery plan actions"))
    assert re.search(rf"/thread/action/{action.pk}/$", page.url)
    assert str(action) in heading(page)
    assert_objectives_listed(section(page, "Down the thread"), objectives)

    chain = up_the_thread(action)
    assert [item.KIND for item in chain] == ["priority", "activity", "ambition"]
    for served in chain:
        up = section(page, "Up the thread")
        assert served.LEVEL_NAME in up.first.inner_text()
        follow_link(page, str(served), within=up)
        assert page.url.endswith(served.get_absolute_url())
        assert str(served) in heading(page)
    assert "A corporate ambition is the top of the golden thread." in page.inner_text("main")

    # Down from the ambition, the action is there with head's staff's objectives under it.
    down = section(page, "Down the thread")
    action_link = link(down, str(action))
    assert action_link.count() == 1
    assert_objectives_listed(action_link.locator("xpath=ancestor::li[1]"), objectives)

    # And the tree is walkable from here too: back down to the action.
    follow_link(page, str(action), within=down)
    assert page.url.endswith(action.get_absolute_url())


def test_pages_work_without_javascript(open_page, live_server, demo_council):
    plan, action, objectives = heads_journey()
    page = open_page(javascript=False)
    sign_in(page, live_server, "head")
    assert "Plans you look after" in page.inner_text("main")

    follow_link(page, str(plan), within=section(page, "Plans you look after"))
    assert str(action) in page.inner_text("main")

    follow_link(page, str(action), within=page.get_by_role("table", name="Delivery plan actions"))
    assert str(action) in heading(page)
    assert_objectives_listed(section(page, "Down the thread"), objectives)
    assert "js-enabled" not in (page.get_attribute("body", "class") or "")
