"""Pages people meet when something goes wrong: a mistyped sign-in, a missing page."""

import re

from .steps import press_enter_to_navigate, sign_in, submit_sign_in, tab_to, visit


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
