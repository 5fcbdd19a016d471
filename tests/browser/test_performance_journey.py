"""A head of service enters three months of values for two indicators, by keyboard alone,
in Chromium; a mistyped value is refused with a clear error and nothing else typed is lost;
the plan then shows each rating with its explanation and direction of travel. Every page
passes axe (WCAG 2.2 AA)."""

import datetime as dt
import os
import shutil

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _require_browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required (REQUIRE_BROWSER=1) but was not found")
        pytest.skip("Chromium is not installed (apt-get install chromium)")


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def assert_accessible(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    violations = results.response["violations"]
    found = [f"{v['id']}: {[node['target'] for node in v['nodes']]}" for v in violations]
    assert not found, f"axe violations on {page.url}: {found}"


def tab_to(page, selector: str, *, limit: int = 400) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user."""
    for _ in range(limit):
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


@pytest.fixture
def perf(world):
    from tests.performance.world import build_performance

    return build_performance(world)


@pytest.fixture
def journey(monkeypatch, world, perf, live_server):
    _require_browser()
    from performance import views

    monkeypatch.setattr(views, "today", lambda: dt.date(2026, 11, 23))
    return live_server


def test_head_enters_three_months_by_keyboard(journey, page, world, perf):
    page.goto(f"{journey.url}/accounts/login/")
    type_into(page, "#id_username", "head")
    type_into(page, "#id_password", "test-password-123")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{journey.url}/")

    page.goto(f"{journey.url}/performance/plans/{world.service_plan.pk}/indicators/")
    assert_accessible(page)
    tab_to(page, "a[href$='/indicators/values/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/indicators/values/")
    assert_accessible(page)

    typed = {
        perf.percent: [
            ("202604", "88", "Spring survey"),
            ("202605", "86", ""),
            ("202606", "80", "Wet June"),
        ],
        perf.days: [
            ("202604", "9", "Fewer reports"),
            ("202605", "11", ""),
            ("202606", "8O", "Extra crew"),
        ],  # a letter O, not a zero
    }
    for definition, months in typed.items():
        for month, value, commentary in months:
            key = f"{definition.pk}-{month}"
            type_into(page, f"#v-{key}", value)
            if commentary:
                page.keyboard.press("Tab")
                page.keyboard.type(commentary)
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector(".govuk-error-summary")

    summary = page.inner_text(".govuk-error-summary")
    assert "Enter the June 2026 value for PK-02 as a number, like 82.5" in summary
    for definition, months in typed.items():
        for month, value, commentary in months:
            key = f"{definition.pk}-{month}"
            assert page.input_value(f"#v-{key}") == value
            assert page.input_value(f"#c-{key}") == commentary
    assert_accessible(page)

    # Follow the error summary's link to the field, correct it, save.
    tab_to(page, ".govuk-error-summary a")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+A")
    page.keyboard.type("8")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/indicators/")

    body = page.inner_text("#indicators")
    # PK-01: average of 88, 86, 80 is 84.7 against 90, 5.9% below: amber, down on May.
    assert "AMBER: 84.7% is 5.9% below the 90.0% target (amber within 10%)" in body
    # PK-02: average 9.3 days against 10, lower is better: met, and down on May (better).
    assert "GREEN: 9.3 days meets the 10.0 days target (target met)" in body
    assert "Worsening" in body
    assert "Improving" in body
    assert "Wet June" in body
    assert_accessible(page)
