"""Single sign-on in a real browser: someone new signs in through the council's sign-in
service (the test OpenID Connect provider), lands on Home with the role their group
gives, and signs out of both."""

import re

from planning.models import GroupRole, Portfolio, Role

from .steps import assert_accessible, guard_for, heading, press_enter_to_navigate, tab_to, visit


def test_a_performance_lead_signs_in_with_the_councils_account_and_out_again(
    page, live_server, demo_council, sso
):
    guard_for(page).elsewhere.add(sso.issuer)
    portfolio = Portfolio.objects.order_by("name").first()
    GroupRole.objects.create(
        group="gt-performance-leads", role=Role.PERFORMANCE_LEAD, portfolio=portfolio
    )

    visit(page, f"{live_server.url}/accounts/login/")
    tab_to(page, page.get_by_role("button", name="Sign in with Test Council"))
    with page.expect_navigation(url=re.compile(rf"^{re.escape(sso.issuer)}/interaction/")):
        page.keyboard.press("Enter")

    # The provider's own form, not ours: typed into as a person would.
    tab_to(page, page.get_by_label("Account name"))
    page.keyboard.type("pat.lead")
    tab_to(page, page.get_by_label("Account password"), max_presses=3)
    page.keyboard.type("pat-provider-password")
    with page.expect_navigation(url=f"{live_server.url}/"):
        page.keyboard.press("Enter")
    assert_accessible(page)

    # Home, with the performance lead's menu their group gave them.
    assert page.url == f"{live_server.url}/"
    navigation = page.get_by_role("navigation", name=re.compile("Menu|Service", re.I)).first
    assert navigation.get_by_role("link", name="QA queue").count() == 1
    sign_out = page.get_by_role("button", name="Sign out Pat Okafor")
    assert sign_out.count() == 1
    assert heading(page)

    # Signing out here ends the provider's session too: it asks, then sends them back.
    tab_to(page, sign_out)
    with page.expect_navigation(url=re.compile(rf"^{re.escape(sso.issuer)}/session/end")):
        page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("button", name="Yes, sign me out"))
    with page.expect_navigation(url=f"{live_server.url}/accounts/login/"):
        page.keyboard.press("Enter")
    assert_accessible(page)
    assert page.get_by_role("button", name=re.compile("^Sign out")).count() == 0

    # Signing in again asks for the password again.
    tab_to(page, page.get_by_role("button", name="Sign in with Test Council"))
    with page.expect_navigation(url=re.compile(rf"^{re.escape(sso.issuer)}/interaction/")):
        page.keyboard.press("Enter")
    assert page.get_by_label("Account password").count() == 1


def test_with_passwords_off_an_administrator_uses_the_break_glass_sign_in(
    page, live_server, demo_council, sso, settings
):
    from planning.demo import DEMO_PASSWORD

    settings.LOCAL_SIGNIN = False
    visit(page, f"{live_server.url}/accounts/login/")
    assert page.get_by_role("button", name="Sign in with Test Council").count() == 1
    assert page.get_by_label("Password", exact=True).count() == 0

    # The provider is down: a page says so.
    settings.OIDC_ISSUER = "http://127.0.0.1:9"
    response = visit(page, f"{live_server.url}/accounts/sso/start/")
    assert response.status == 503
    assert heading(page) == "Sign-in is not available at the moment"

    visit(page, f"{live_server.url}/accounts/break-glass/")
    tab_to(page, page.get_by_label("Username", exact=True))
    page.keyboard.type("admin")
    tab_to(page, page.get_by_label("Password", exact=True), max_presses=3)
    page.keyboard.type(DEMO_PASSWORD)
    press_enter_to_navigate(page)
    assert page.url == f"{live_server.url}/"
    assert page.get_by_role("link", name="Administration").count() == 1
