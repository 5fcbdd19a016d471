"""Many people pressing the same button at the same moment, against a real server.

Each person is a separate signed-in session in its own thread: it opens the form (as a
browser would, reading the fields the page sends, the CSRF and version tokens among them),
waits until everyone has the page open, then posts. Redirects are not followed, so each
answer's status is what the server said to that post. Every request has a timeout."""

from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookiejar import Cookie, CookieJar, eff_request_host

from django.conf import settings
from django.test import Client
from django.urls import reverse

TIMEOUT = 60  # seconds, for every request and for everyone to reach the start line


class _FormFields(HTMLParser):
    """The fields a browser would send from each of the page's forms that post, except
    signing out: hidden and text inputs, checked boxes, text areas, selections."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self._form: dict[str, str] | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {}
            if a.get("action") != reverse("logout"):
                self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    self._form[name] = a.get("value") or "on"
            elif kind not in ("submit", "button", "file"):
                self._form[name] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self._form[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self._form[self._select] = a.get("value") or ""

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is the answer itself


@dataclass
class Answer:
    status: int
    body: str
    location: str = ""


class Browser:
    """One signed-in person's browser: its own session cookie and CSRF cookie."""

    def __init__(self, base_url: str, person):
        self.base = base_url
        self.jar = CookieJar()
        client = Client()
        client.force_login(person)
        # The cookie jar files a dotless host such as "localhost" under "localhost.local".
        _, host = eff_request_host(urllib.request.Request(base_url))
        name = settings.SESSION_COOKIE_NAME
        self.jar.set_cookie(_cookie(name, client.cookies[name].value, host))
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect
        )

    def get(self, path: str) -> Answer:
        return self._open(urllib.request.Request(self.base + path))

    def form(self, path: str) -> dict[str, str]:
        """Open the page and read its posting form's fields, as they stand."""
        page = self.get(path)
        assert page.status == 200, f"GET {path} answered {page.status}"
        parser = _FormFields()
        parser.feed(page.body)
        forms = [f for f in parser.forms if "csrfmiddlewaretoken" in f]
        assert forms, f"no form that posts on {path}"
        return forms[0]

    def post(self, path: str, data: dict[str, str]) -> Answer:
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.base + path, data=body, method="POST")
        request.add_header("Referer", self.base + path)
        return self._open(request)

    def _open(self, request) -> Answer:
        try:
            with self.opener.open(request, timeout=TIMEOUT) as response:
                return Answer(response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read().decode(), error.headers.get("Location", ""))


def _cookie(name: str, value: str, host: str) -> Cookie:
    return Cookie(
        version=0,
        name=name,
        value=value,
        port=None,
        port_specified=False,
        domain=host,
        domain_specified=False,
        domain_initial_dot=False,
        path="/",
        path_specified=True,
        secure=False,
        expires=None,
        discard=True,
        comment=None,
        comment_url=None,
        rest={},
    )


def race(live_server, people: list, path: str, fields=None, *, post_to: str | None = None):
    """Everyone opens `path`, and once all have it open, all post its form at once (with
    `fields(n)` — the n-th person's typing — over what the page held). The answers, in
    the order of `people`."""
    browsers = [Browser(live_server.url, person) for person in people]
    start = threading.Barrier(len(browsers), timeout=TIMEOUT)

    def one(n: int) -> Answer:
        browser = browsers[n]
        data = browser.form(path) | (fields(n) if fields else {})
        start.wait()
        return browser.post(post_to or path, data)

    with ThreadPoolExecutor(max_workers=len(browsers)) as pool:
        return list(pool.map(one, range(len(browsers)), timeout=TIMEOUT * 3))


def statuses(answers: list[Answer]) -> list[int]:
    return sorted(answer.status for answer in answers)
