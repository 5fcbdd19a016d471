"""Steps for browser journeys: visit a page, tab to a control, follow a link, sign in.

Every step that lands on a new page checks it with axe before returning, and each page
opened through the `page` or `open_page` fixtures carries a `PageGuard` that fails the test
if any page it loaded escaped that check, or if the page raised a JavaScript error.

People use these pages with the keyboard alone, so the journeys do too: `tab_to` presses
Tab until the wanted control has focus (and checks the focus can be seen), then Enter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the harness skips cleanly when Playwright is not installed
    from playwright.sync_api import Locator, Page, Response

# WCAG 2.2 AA, the level public bodies must meet.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}

MAX_TABS = 80

# Chromium reports what the Content-Security-Policy blocks as console errors starting
# "Refused to"; this also reports each violation event, with the directive, in the same words.
REPORT_POLICY_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`Refused to allow ${event.blockedURI || "inline code"}: it violates the `
    + `Content-Security-Policy directive ${event.violatedDirective}`);
});
"""


@dataclass
class Visit:
    url: str
    checked: bool = False


@dataclass
class PageGuard:
    """Watches one browser page: every document it loads, and anything that goes wrong."""

    page: Page
    javascript: bool = True
    visits: list[Visit] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # Sites not ours that the journey passes through (the council's sign-in service): their
    # pages are not checked with axe, and what they load is their own business.
    elsewhere: set[str] = field(default_factory=set)
    _checker: Page | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.page.add_init_script(REPORT_POLICY_VIOLATIONS)
        self.page.on("load", lambda page: self.visits.append(Visit(page.url)))
        self.page.on("pageerror", self._on_page_error)
        self.page.on("console", self._on_console)
        self.page.on("response", self._on_response)
        self.page.on("requestfailed", self._on_request_failed)
        _GUARDS[id(self.page)] = self

    def _on_page_error(self, error) -> None:
        self.problems.append(f"JavaScript error on {self.page.url}: {error}")

    def _on_console(self, message) -> None:
        # A failed load is reported (with its URL) by _on_response; a page's own 4xx
        # status is often what the test wants.
        if message.type == "error" and message.text.startswith("Refused to"):
            self.problems.append(
                f"Content-Security-Policy violation on {self.page.url}: {message.text}"
            )
        elif message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(f"Console error on {self.page.url}: {message.text}")

    def _ours(self, url: str) -> bool:
        return not any(url.startswith(origin) for origin in self.elsewhere)

    def _on_response(self, response) -> None:
        if _form_shown_again_in_place(response) or not self._ours(response.url):
            return
        if response.request.resource_type != "document" and response.status >= 400:
            self.problems.append(
                f"{response.url} answered {response.status} (loaded by {self.page.url})"
            )

    def _on_request_failed(self, request) -> None:
        if request.resource_type != "document" and self._ours(request.url):
            self.problems.append(f"{request.url} failed: {request.failure}")

    def mark_checked(self) -> None:
        if not self.visits:
            raise AssertionError(f"No page has loaded yet ({self.page.url})")
        self.visits[-1].checked = True

    def unchecked(self) -> list[str]:
        return [visit.url for visit in self.visits if not visit.checked and self._ours(visit.url)]

    def checker(self) -> Page:
        """A JavaScript-enabled page to run axe on what a no-JavaScript page shows."""
        if self._checker is None:
            self._checker = self.page.context.browser.new_context().new_page()
        return self._checker

    def close(self) -> None:
        if self._checker is not None:
            self._checker.context.close()
        _GUARDS.pop(id(self.page), None)

    def report(self) -> list[str]:
        escaped = [f"Page loaded but never checked with axe: {url}" for url in self.unchecked()]
        return escaped + self.problems


_GUARDS: dict[int, PageGuard] = {}


def _form_shown_again_in_place(response) -> bool:
    """An htmx request answered with a form re-shown with its errors (400) or an edit
    conflict (409): the page swaps it in, as a full page would show it."""
    return response.status in (400, 409) and bool(response.request.headers.get("hx-request"))


def guard_for(page: Page) -> PageGuard:
    try:
        return _GUARDS[id(page)]
    except KeyError:
        raise AssertionError(
            "This page has no guard: open pages with the `page` or `open_page` fixtures"
        ) from None


# --- accessibility -----------------------------------------------------------------


def assert_accessible(page: Page) -> None:
    """Run axe-core (WCAG 2.2 AA rules) on the page as it stands; fail listing each problem."""
    from axe_playwright_python.sync_playwright import Axe

    guard = guard_for(page)
    page.wait_for_load_state("load")
    target = page if guard.javascript else _as_shown_without_javascript(page, guard)
    results = Axe().run(target, options=AXE_OPTIONS)
    guard.mark_checked()
    violations = results.response["violations"]
    if violations:
        raise AssertionError(describe_violations(page.url, violations))


def describe_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe found {len(violations)} accessibility problem(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


def _as_shown_without_javascript(page: Page, guard: PageGuard) -> Page:
    """axe needs script timers, which a no-JavaScript page does not run: load the same
    markup, scripts removed and <noscript> content shown, into a scripting page."""
    html = page.content()
    html = re.sub(r"<script\b[^>]*>.*?</script>", "", html, flags=re.S | re.I)
    html = re.sub(r"</?noscript\b[^>]*>", "", html, flags=re.I)
    checker = guard.checker()
    url = page.url.split("#")[0]

    def serve(route) -> None:
        if route.request.resource_type == "document":
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
        else:
            route.continue_()

    checker.route("**/*", serve)
    try:
        checker.goto(url)
    finally:
        checker.unroute("**/*")
    return checker


# --- moving around -----------------------------------------------------------------


def visit(page: Page, path: str) -> Response:
    """Open a page by its address (as if typed into the address bar), then check it."""
    response = page.goto(path)
    assert_accessible(page)
    return response


def tab_to(page: Page, target: Locator, *, max_presses: int = MAX_TABS) -> None:
    """Press Tab until `target` has focus (none if it has it already), failing after
    `max_presses` with where focus went."""
    targets = target.element_handles()
    if not targets:
        raise AssertionError(f"Nothing on {page.url} matches {target}")
    trail = []
    for presses in range(max_presses + 1):
        if presses:
            page.keyboard.press("Tab")
        reached, focused = page.evaluate(
            """(targets) => {
                const el = document.activeElement;
                const text = (el.getAttribute("aria-label") || el.textContent || el.name || "")
                    .replace(/\\s+/g, " ").trim().slice(0, 50);
                return [targets.includes(el), `${el.tagName.toLowerCase()} "${text}"`];
            }""",
            targets,
        )
        if reached:
            assert_focus_visible(page)
            return
        trail.append(focused)
    raise AssertionError(
        f"Pressed Tab {max_presses} times on {page.url} without reaching {target}. "
        f"Focus went: {' → '.join(trail)}"
    )


def assert_focus_visible(page: Page) -> None:
    """The focused control shows a focus indicator (WCAG 2.4.7): GOV.UK Frontend draws
    it with a box shadow or a non-transparent outline."""
    style = page.evaluate(
        """() => {
            const s = getComputedStyle(document.activeElement);
            return {shadow: s.boxShadow, outline: s.outlineStyle, colour: s.outlineColor};
        }"""
    )
    transparent = style["colour"] in ("transparent", "rgba(0, 0, 0, 0)")
    outlined = style["outline"] != "none" and not transparent
    assert style["shadow"] != "none" or outlined, f"Focus is not visible on {page.url}: {style}"


def press_enter_to_navigate(page: Page) -> Page:
    """Press Enter on the focused link or button and wait for the next page, then check it."""
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    return page


def press_enter_in_place(page: Page, until: Locator) -> Page:
    """Press Enter on the focused link or button of a part of the page that htmx replaces
    in place: no new page loads; wait until `until` shows, then check the page with axe."""
    loads = len(guard_for(page).visits)
    page.keyboard.press("Enter")
    until.first.wait_for(state="visible")
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling')")
    assert len(guard_for(page).visits) == loads, f"A new page loaded: {page.url}"
    assert_accessible(page)
    return page


def focused_id(page: Page) -> str:
    return page.evaluate("() => document.activeElement.id")


def link(scope: Page | Locator, name: str) -> Locator:
    return scope.get_by_role("link", name=name, exact=True)


def follow_link(page: Page, name: str, *, within: Locator | None = None) -> Page:
    """Tab to the link with this accessible name (inside `within` if given) and press Enter."""
    tab_to(page, link(within or page, name))
    return press_enter_to_navigate(page)


def sign_in(page: Page, live_server, username: str, password: str | None = None) -> Page:
    """Sign in through the real form with the keyboard (the demo password unless given);
    fails unless it lands signed in."""
    from planning.demo import DEMO_PASSWORD

    submit_sign_in(page, live_server, username, password or DEMO_PASSWORD)
    # Hidden behind the Menu button on narrow screens, but there.
    sign_out = page.get_by_role("button", name=re.compile(r"^Sign out"), include_hidden=True)
    assert sign_out.count() == 1, f"{username} did not get signed in: now on {page.url}"
    return page


def submit_sign_in(page: Page, live_server, username: str, password: str) -> Page:
    visit(page, f"{live_server.url}/accounts/login/")
    tab_to(page, page.get_by_label("Username", exact=True))
    page.keyboard.type(username)
    tab_to(page, page.get_by_label("Password", exact=True), max_presses=3)
    page.keyboard.type(password)
    return press_enter_to_navigate(page)


def section(page: Page, name: str) -> Locator:
    """The content under the h2 called `name`, up to the next h2."""
    return page.locator(
        f"xpath=//h2[normalize-space()='{name}']/following-sibling::*"
        f"[not(self::h2)][count(preceding-sibling::h2)="
        f"count(//h2[normalize-space()='{name}']/preceding-sibling::h2)+1]"
    )


def heading(page: Page) -> str:
    """The page's h1 as read out (caption included)."""
    return " ".join(page.locator("h1").inner_text().split())
