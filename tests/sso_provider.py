"""A real OpenID Connect provider for the single sign-on tests: the npm `oidc-provider`
package (tests/oidc_provider/, installed there by `make setup`), started by the tests on a
free loopback port and stopped after them.

Without Node.js or that package the tests that need it are skipped with the reason;
REQUIRE_OIDC_PROVIDER=1 (as in CI) turns that skip into a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.urls import reverse

FOLDER = Path(__file__).parent / "oidc_provider"
CLIENT_ID = "golden-thread"
CLIENT_SECRET = "test-client-secret-not-for-use-anywhere-else"  # noqa: S105 - provider.mjs's
# The test people in provider.mjs: account name → (password, subject, email, groups).
PEOPLE = {
    "pat.lead": ("pat-provider-password", "oid-0001-pat", "pat.okafor@council.example"),
    "sam.staff": ("sam-provider-password", "oid-0002-sam", "sam.jones@council.example"),
    "alex.board": ("alex-provider-password", "oid-0003-alex", "alex.reid@council.example"),
}


def provider_missing() -> str | None:
    if shutil.which("node") is None:
        return "Node.js is not installed"
    if not (FOLDER / "node_modules" / "oidc-provider").is_dir():
        return f"oidc-provider is not installed: make setup (npm ci --prefix {FOLDER})"
    return None


@dataclass(frozen=True)
class TestProvider:
    issuer: str

    @property
    def origin(self) -> str:
        return self.issuer


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_provider():
    """`node provider.mjs` on a free loopback port, ready when its discovery document is."""
    if missing := provider_missing():
        if os.environ.get("REQUIRE_OIDC_PROVIDER") == "1":
            pytest.fail(f"REQUIRE_OIDC_PROVIDER=1 but {missing}")
        pytest.skip(missing)
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [shutil.which("node"), "provider.mjs", str(port)],
            cwd=FOLDER,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for_discovery(issuer, process, log)
            yield TestProvider(issuer)
        finally:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for_discovery(issuer: str, process: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            pytest.fail(f"The test OpenID provider stopped: {log.read().decode()}")
        try:
            found = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1)
            if found.ok and found.json().get("issuer") == issuer:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    pytest.fail(f"The test OpenID provider did not answer at {issuer} within 20 seconds")


@pytest.fixture
def sso(settings, oidc_provider) -> TestProvider:
    """Single sign-on with the test provider, configured as a council would, by settings
    alone (people added at first sign-in, groups asked for)."""
    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_SCOPES = "openid email profile groups"
    settings.OIDC_PROVIDER_NAME = "Test Council"
    settings.OIDC_CREATE_USERS = True
    # As config/settings.py adds the service's origin when OIDC_ISSUER is set at start-up.
    settings.SECURE_CSP = {
        **settings.SECURE_CSP,
        "form-action": [*settings.SECURE_CSP["form-action"], oidc_provider.origin],
    }
    return oidc_provider


def provider_pages(browser: requests.Session, url: str, username: str, password: str):
    """Follow the sign-in service's pages from `url` as a browser would, signing in with the
    account's name and password on its form if asked; returns the address it sends the
    browser back to (this app's callback), or the last page if it does not."""
    issuer = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    response = browser.get(url, allow_redirects=False, timeout=10)
    for _ in range(10):
        if response.is_redirect:
            target = urljoin(response.url, response.headers["location"])
            if not target.startswith(issuer):
                return target
            response = browser.get(target, allow_redirects=False, timeout=10)
            continue
        form = re.search(r'action="(/interaction/[^"]+/login)"', response.text)
        if response.status_code != 200 or not form or password is None:
            return response
        response = browser.post(
            urljoin(issuer, form.group(1)),
            data={"username": username, "password": password},
            allow_redirects=False,
            timeout=10,
        )
        password = None  # asked again: the password was wrong
    raise AssertionError("The sign-in service kept redirecting")


def sign_in_through_provider(client, username: str, password: str | None = None, browser=None):
    """Sign in with the test client as `username` at the test provider; returns the
    callback's response."""
    password = password if password is not None else PEOPLE[username][0]
    start = client.get(reverse("sso-start"))
    assert start.status_code == 302, start
    back = provider_pages(browser or requests.Session(), start["Location"], username, password)
    assert isinstance(back, str), f"Not sent back: {back.status_code} {back.text[:500]}"
    parts = urlsplit(back)
    return client.get(f"{parts.path}?{parts.query}")
