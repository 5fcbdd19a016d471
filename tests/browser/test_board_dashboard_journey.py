"""A Management Board member reads the monthly dashboard and drills from a red count down
to the actions behind it, and on to one of them. Keyboard only; every page checked with
axe (the steps do it after each navigation)."""

import re

from .steps import heading, press_enter_to_navigate, sign_in, tab_to


def test_board_member_drills_from_a_red_count_to_the_actions_behind_it(
    open_page, live_server, demo_council, settings
):
    from planning.models import ActionUpdate

    settings.PLANNING_TODAY = "2026-11-23"
    # Red updates are posted in the demo's quarters 1 and 2; the latest complete month is
    # October 2026, in quarter 3, so those updates stand unless a later one replaced them.
    assert ActionUpdate.objects.filter(rag="red", quarter__lte=3).exists()

    page = open_page()
    sign_in(page, live_server, "board")
    menu = page.get_by_role("navigation", name="Menu")
    tab_to(page, menu.get_by_role("link", name="Board dashboard", exact=True))
    press_enter_to_navigate(page)
    assert heading(page) == "Management Board dashboard October 2026"

    by_ambition = page.locator("#actions_by_ambition")
    assert by_ambition.locator("svg[role=img]").count() == 1  # the chart, beside its table
    red = by_ambition.get_by_role("link", name=re.compile(r"^\d+ Red actions, ")).first
    count = int(red.inner_text().split()[0])
    ambition = red.get_attribute("href")
    assert "rag=red" in ambition
    assert "ambition=" in ambition
    tab_to(page, red, max_presses=200)
    press_enter_to_navigate(page)

    assert heading(page).startswith("Service actions: RAG Red, serving ")
    main = page.locator("main")
    assert f"{count} action" in main.inner_text()
    rows = main.locator("tbody tr")
    assert rows.count() == min(count, 50)
    for n in range(rows.count()):
        assert "Red" in rows.nth(n).locator("td").nth(4).inner_text()

    first = rows.first.get_by_role("link").first
    title = first.inner_text()
    tab_to(page, first, max_presses=200)
    press_enter_to_navigate(page)
    assert title.split(" ", 1)[-1] in heading(page)
    assert "Red" in page.locator("main").inner_text()
