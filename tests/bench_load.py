"""The load run of `make bench`, as a locust file: people signed in as the demo users browse
the busiest pages, thinking 0.5–1.5 s between pages.

tests/bench.py starts locust with this file against a gunicorn it started itself, and passes
the pages (BENCH_LOAD_PAGES: JSON rows of name, user, url and weight) and the demo password
(BENCH_LOAD_PASSWORD). Each demo user signs in once, before the run starts; every simulated
person is one of the demo users (in turn) and shares that user's session, so the run times
the pages, not password hashing. Static files are not requested: a browser would keep them.
"""

import itertools
import json
import os
import random
import re
import urllib.parse

import requests
from locust import HttpUser, between, events, task

PAGES: list[dict] = json.loads(os.environ.get("BENCH_LOAD_PAGES", "[]"))
PASSWORD = os.environ.get("BENCH_LOAD_PASSWORD", "")
USERS = sorted({page["user"] for page in PAGES})
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

sessions: dict[str, str] = {}  # demo user -> session cookie
turns = itertools.count()


def sign_in(host: str, username: str) -> str:
    """Sign in through the sign-in page as a person would; the session cookie."""
    browser = requests.Session()
    address = urllib.parse.urljoin(host, "/accounts/login/")
    form = browser.get(address, timeout=30)
    token = CSRF_FIELD.search(form.text)
    if form.status_code != 200 or token is None:
        raise RuntimeError(f"The sign-in page answered {form.status_code} without a form")
    answer = browser.post(
        address,
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token[1]},
        headers={"Referer": address},
        allow_redirects=False,
        timeout=30,
    )
    if answer.status_code != 302 or "sessionid" not in browser.cookies:
        raise RuntimeError(f"{username} could not sign in (HTTP {answer.status_code})")
    return browser.cookies["sessionid"]


@events.test_start.add_listener
def sign_everyone_in(environment, **_kwargs) -> None:
    for username in USERS:
        sessions[username] = sign_in(environment.host, username)


class DemoPerson(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.username = USERS[next(turns) % len(USERS)]
        self.client.cookies.set("sessionid", sessions[self.username])
        mine = [page for page in PAGES if page["user"] == self.username]
        self.pages = list(itertools.chain.from_iterable([page] * page["weight"] for page in mine))

    @task
    def open_a_page(self) -> None:
        page = random.choice(self.pages)  # noqa: S311 - a mix of pages, not a secret
        with self.client.get(
            page["url"], name=page["name"], allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
