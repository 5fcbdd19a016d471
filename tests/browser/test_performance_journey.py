"""A head of service enters three months of values for two indicators with the keyboard
alone: a mistyped value is refused with a clear error and nothing else typed is lost; once
corrected, the plan shows each rating with its explanation and its direction of travel.
Then they link an indicator up the golden thread to a Delivery Plan activity, and narrow
its amber tolerance: the rating and its explanation change to say so.

Every page on the way is checked with axe (WCAG 2.2 AA) by the steps in steps.py.
"""

import datetime as dt

import pytest

from .steps import follow_link, press_enter_to_navigate, sign_in, tab_to, visit

pytestmark = pytest.mark.django_db(transaction=True)

# Only months that have ended take values: the grid is opened as on 23 November 2026.
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def perf(world, monkeypatch):
    from performance import views
    from tests.performance.world import build_performance

    monkeypatch.setattr(views, "today", lambda: TODAY)
    return build_performance(world)


def type_into(page, field_id: str, text: str) -> None:
    tab_to(page, page.locator(f"#{field_id}"), max_presses=300)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def choose_with_arrow_keys(
    page, select_id: str, value: str, *, max_presses: int = 20, key: str = "ArrowDown"
) -> None:
    """With the select focused, press the down arrow (or `key`) until `value` is chosen."""
    for _ in range(max_presses):
        if page.input_value(f"#{select_id}") == value:
            return
        page.keyboard.press(key)
    raise AssertionError(f"{value} was not reached in #{select_id}")


def test_head_enters_three_months_for_two_indicators(page, live_server, world, perf):
    sign_in(page, live_server, "head", "test-password-123")
    visit(page, f"{live_server.url}/performance/plans/{world.service_plan.pk}/indicators/")
    follow_link(page, "Enter values")
    # The grid opens at October's quarter, the latest month due; spring is a link away.
    follow_link(page, "Q1: April to June 2026")

    typed = {
        perf.percent: [
            ("202604", "88", "Spring survey"),
            ("202605", "86", ""),
            ("202606", "80", "Wet June"),
        ],
        perf.days: [
            ("202604", "9", "Fewer reports"),
            ("202605", "11", ""),
            ("202606", "8O", "Extra crew"),  # a letter O where a zero was meant
        ],
    }
    for definition, months in typed.items():
        for month, value, commentary in months:
            cell = f"{definition.pk}-{month}"
            type_into(page, f"v-{cell}", value)
            if commentary:
                page.keyboard.press("Tab")
                page.keyboard.type(commentary)
    tab_to(page, page.get_by_role("button", name="Save values"), max_presses=300)
    press_enter_to_navigate(page)

    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter the June 2026 value for PK-02 as a number, like 82.5" in summary
    for definition, months in typed.items():
        for month, value, commentary in months:
            cell = f"{definition.pk}-{month}"
            assert page.input_value(f"#v-{cell}") == value
            assert page.input_value(f"#c-{cell}") == commentary

    # The error summary's link takes the keyboard to the field: correct it and save.
    tab_to(page, page.locator(".govuk-error-summary a"))
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == f"v-{perf.days.pk}-202606"
    page.keyboard.press("Control+A")
    page.keyboard.type("8")
    tab_to(page, page.get_by_role("button", name="Save values"), max_presses=300)
    press_enter_to_navigate(page)

    table = page.locator("#indicators").inner_text()
    # PK-01: the average of 88, 86 and 80 is 84.7 against 90, 5.9% short: amber, and June
    # is down on May. PK-02: 9.3 days on average against 10, lower is better: met.
    assert "AMBER: 84.7% is 5.9% below the 90.0% target (amber within 10%)" in table
    assert "GREEN: 9.3 days meets the 10.0 days target (target met)" in table
    assert "Worsening" in table
    assert "Improving" in table
    assert "Wet June" in table

    # What PK-01 measures: from the plan's action up to the Delivery Plan activity.
    follow_link(page, "Indicator definitions")
    follow_link(page, "Change what PK-01 measures")
    tab_to(page, page.get_by_label("What does this indicator measure?"))
    choose_with_arrow_keys(page, "id_serves", f"activity:{world.activity.pk}")
    tab_to(page, page.get_by_role("button", name="Save link"))
    press_enter_to_navigate(page)
    assert "Link saved for PK-01" in page.locator(".govuk-notification-banner").inner_text()
    measures = page.locator(f"#def-{perf.percent.pk} + dl").inner_text()
    assert f"Delivery plan activity: {world.activity}" in measures

    # How PK-01 is rated: an amber tolerance of 5% from April, the start of this year,
    # makes 5.9% short a red (a change applies from this month unless told otherwise).
    follow_link(page, "PK-01 Park users satisfied")
    explanation = "84.7% is 5.9% below the 90.0% target"
    assert f"AMBER: {explanation} (amber within 10%)" in page.inner_text("main")
    follow_link(page, "Change the definition of PK-01")
    type_into(page, "id_tolerance_percent", "5")
    tab_to(page, page.get_by_label("Apply changes to how it is rated from"), max_presses=50)
    choose_with_arrow_keys(page, "id_rules_from", "2026-04-01", key="ArrowUp")
    tab_to(page, page.get_by_role("button", name="Save changes"), max_presses=50)
    press_enter_to_navigate(page)
    red = f"RED: {explanation} (red beyond 5%, under PK-01's rules from April 2026)"
    assert red in page.inner_text("main")
    visit(page, f"{live_server.url}/performance/plans/{world.service_plan.pk}/indicators/")
    assert red in page.locator("#indicators").inner_text()
