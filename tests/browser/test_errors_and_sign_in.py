"""Pages people meet when something goes wrong: a mistyped sign-in, a missing page."""

import re

from .steps import guard_for, press_enter_to_navigate, sign_in, submit_sign_in, tab_to, visit


def focused_id(page) -> str:
    return page.evaluate("document.activeElement.id")


def test_wrong_password_shows_an_error_summary_linked_to_the_field(page, live_server, demo_council):
    submit_sign_in(page, live_server, "head", "not-the-password")

    assert page.title().startswith("Error: ")
    summary = page.get_by_role("alert")
    assert "There is a problem" in summary.inner_text()
    # GOV.UK Frontend moves focus to the summary, so it is read out first.
    assert "govuk-error-summary" in page.evaluate("document.activeElement.className")
    error = summary.get_by_role("link", name="Enter a correct username and password")
    assert error.get_attribute("href") == "#id_username"

    tab_to(page, error, max_presses=1)
    page.keyboard.press("Enter")
    assert focused_id(page) == "id_username"
    assert page.input_value("#id_username") == "head"


def test_empty_sign_in_lists_each_missing_field(page, live_server, demo_council):
    visit(page, f"{live_server.url}/accounts/login/")
    tab_to(page, page.get_by_role("button", name="Sign in"))
    press_enter_to_navigate(page)

    summary = page.get_by_role("alert")
    links = summary.get_by_role("link")
    assert links.all_inner_texts() == ["Enter your username", "Enter your password"]
    tab_to(page, links.nth(1), max_presses=2)
    page.keyboard.press("Enter")
    assert focused_id(page) == "id_password"


def test_missing_page_is_a_helpful_404(page, live_server, demo_council):
    response = visit(page, f"{live_server.url}/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"

    sign_in(page, live_server, "head")
    response = visit(page, "/thread/action/999999/")
    assert response.status == 404
    assert re.match(r"^Page not found", page.title())
    tab_to(page, page.get_by_role("link", name="Go to the home page"))
    press_enter_to_navigate(page)
    assert page.url == f"{live_server.url}/"


def test_too_many_wrong_passwords_lock_the_sign_in_with_a_page_saying_what_to_do(
    page, live_server, demo_council, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        submit_sign_in(page, live_server, "head", "not-the-password")
        assert page.title().startswith("Error: ")

    submit_sign_in(page, live_server, "head", "not-the-password")
    assert page.locator("h1").inner_text() == "Too many attempts to sign in"
    submit_sign_in(page, live_server, "head", "demo-password-2026")
    assert page.locator("h1").inner_text() == "Too many attempts to sign in"
    assert "contact your administrator" in page.locator("main").inner_text()
    tab_to(page, page.get_by_role("link", name="Back to sign in"))
    press_enter_to_navigate(page)
    assert page.url == f"{live_server.url}/accounts/login/"


def test_the_page_guard_fails_a_page_whose_script_the_policy_blocks(
    page, live_server, demo_council
):
    """Guard for every journey: an inline script without the nonce is blocked and reported."""
    visit(page, f"{live_server.url}/accounts/login/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "document.title = 'ran'";
            document.body.appendChild(script);
        }"""
    )
    page.wait_for_timeout(200)
    guard = guard_for(page)
    assert page.title() != "ran"
    violations = [p for p in guard.problems if p.startswith("Content-Security-Policy violation")]
    assert violations, guard.problems
    guard.problems.clear()  # reported as it should be: not a failure of this test
