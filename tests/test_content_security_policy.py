"""Every page is sent with the Content-Security-Policy, and passes it: no inline script or
style without the request's nonce, no event-handler or style attributes, nothing eval'd.

The pages are those of the permission matrix, opened as an administrator (who may open
them all), plus the sign-in, lock-out, error and admin pages. The HTML is parsed, not
searched, so an attribute is found however it is written.
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.test_permissions import row_modules

pytestmark = pytest.mark.django_db


class InlineCode(HTMLParser):
    """Collects what a strict policy would block in one HTML document."""

    def __init__(self, nonce: str | None, *, style_attributes_allowed: bool = False):
        super().__init__()
        self.nonce = nonce
        self.style_attributes_allowed = style_attributes_allowed
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        handlers = [name for name, _ in attrs if name.startswith("on")]
        if handlers:
            self.problems.append(f"<{tag}> has event handler {handlers}")
        if "style" in attributes and not self.style_attributes_allowed:
            self.problems.append(f"<{tag}> has a style attribute: {attributes['style']!r}")
        inline_script = tag == "script" and "src" not in attributes and _runs(attributes)
        if (inline_script or tag == "style") and (
            not self.nonce or attributes.get("nonce") != self.nonce
        ):
            self.problems.append(f"inline <{tag}> without the request's nonce")
        for name in ("href", "src", "action", "formaction"):
            if (attributes.get(name) or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}> is a javascript: URL")
        if any(name.startswith("hx-on") for name in attributes):
            self.problems.append(f"<{tag}> has an hx-on attribute, which htmx runs with eval")


def _runs(attributes: dict) -> bool:
    """A <script> whose content the browser would run (data blocks such as JSON do not)."""
    kind = (attributes.get("type") or "text/javascript").lower()
    return kind in {"text/javascript", "module", "application/javascript"}


def assert_strict(policy: str) -> None:
    assert "default-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy


def policy_nonce(response) -> str | None:
    """The nonce the policy allows, or None for a page (say an htmx fragment) that needs none."""
    policy = response["Content-Security-Policy"]
    assert_strict(policy)
    match = re.search(r"script-src 'self' 'nonce-([^']+)'", policy)
    return match.group(1) if match else None


def problems_on(response, **options) -> list[str]:
    if "Content-Security-Policy" not in response:
        return ["no Content-Security-Policy header"]
    nonce = policy_nonce(response)
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    parser = InlineCode(nonce, **options)
    parser.feed(response.content.decode())
    return parser.problems


def matrix_urls(world) -> list[str]:
    urls = []
    for _app, module in row_modules():
        named = module.urls(world)
        urls += [named[name] for name, row in module.MATRIX.items() if row["admin"] == 200]
    return urls


def test_every_page_an_administrator_opens_passes_the_policy(client_for, world):
    client = client_for("admin")
    urls = matrix_urls(world)
    assert len(urls) > 50
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if problems := problems_on(response):
            found[url] = problems
    assert not found, found


def test_the_nonce_is_new_for_every_response(client_for, world):
    client = client_for("admin")
    home = reverse("planning:home")
    first, second = policy_nonce(client.get(home)), policy_nonce(client.get(home))
    assert first
    assert first != second
    assert f'nonce="{first}"' not in client.get(home).content.decode()


def test_the_sign_in_page_passes_the_policy(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert problems_on(response) == []


def test_an_error_page_passes_the_policy(client_for, world):
    response = client_for("head").get("/no-such-page/")
    assert response.status_code == 404
    assert problems_on(response) == []


def test_the_lock_out_page_passes_the_policy(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("login"), {"username": "head", "password": "wrong"})
    assert response.status_code == 429
    assert problems_on(response) == []


@pytest.mark.parametrize(
    "name", ["admin:index", "admin:planning_person_changelist", "admin:planning_person_add"]
)
def test_admin_pages_run_no_inline_script(client_for, world, name):
    """Django's admin sets a few style attributes of its own (blocked, to no harm); its
    scripts all come from files."""
    response = client_for("admin").get(reverse(name))
    assert response.status_code == 200
    assert problems_on(response, style_attributes_allowed=True) == []
