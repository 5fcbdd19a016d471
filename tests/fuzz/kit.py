"""What the fuzz tests share: finding every form and query parameter on the pages of the
permission matrix, the bad input put in them, and a request that fails the test on a server
error or on anything saved by an answer that refuses.

The examples are derived from a fixed seed (the same run every time, in CI too), and the
run is bounded by FUZZ_EXAMPLES (examples per form and per list; default 4) and
FUZZ_SECONDS (a time budget for each test's generated examples, after the fixed ones;
default 60).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import import_module
from unittest import mock
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.http import QueryDict
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from tests.test_permissions import row_modules

# Who opens every page to find its forms and parameters (an administrator sees every form;
# the others see the forms their work gives them, filled in as it fills them in).
ROLES = ("admin", "lead", "head", "staff", "committee")
# Who else posts the forms, in turn: people who mostly may not (their answer must be 403 or
# 404, saving nothing), so the checks before a form is read are fuzzed too.
OUTSIDERS = ("other_head", "board", "director")
# Fields sent as the page drew them: the CSRF token (the test client does not check it)
# (the change stamp is fuzzed like any other field: a bad one is refused with the 409 page).
UNTOUCHED = {"csrfmiddlewaretoken"}
OUR_APPS = ("planning", "performance", "risk", "audit", "reporting")
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))
SECONDS = float(os.environ.get("FUZZ_SECONDS", "60"))
# Forms and pages that are not ours to fuzz: signing in and out, and Django's own admin.
NOT_OURS = ("/accounts/", "/admin/")

# Input people really type, and input nobody should: each one is put in every field.
NASTY = [
    "",
    " \t\n ",
    "Parks\x00",
    "Carbon neutral by 2030¹",
    "²",
    "١٢",
    "１２",
    "-99999999999999999999",
    "9" * 30,
    "1e400",
    "NaN",
    "85,2",
    "=1+1",
    "x" * 5000,
    "2026-13-45",
    "action:²",
    "\u202e<script>alert(1)</script>",
]


# --- reading pages --------------------------------------------------------------------


@dataclass
class Form:
    page: str
    action: str
    multipart: bool
    # name → the values a browser would send unchanged, and the values it could send
    fields: dict[str, list[str]] = field(default_factory=dict)
    options: dict[str, list[str]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    buttons: set[str] = field(default_factory=set)
    roles: list[str] = field(default_factory=list)  # everyone whose page drew it

    def __str__(self) -> str:
        return f"POST {self.action} (form on {self.page})"

    @property
    def touchable(self) -> list[str]:
        return sorted(name for name in self.fields if name not in UNTOUCHED)


class PageParser(HTMLParser):
    """The post forms on a page, the names of its GET forms' fields and the query
    parameters of its links to itself."""

    def __init__(self, page: str):
        super().__init__()
        self.page = page
        self.forms: list[Form] = []
        self.query_names: set[str] = set()
        self._form: Form | None = None
        self._get_form = False
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                action = urljoin(self.page, a.get("action") or self.page)
                multipart = "multipart" in a.get("enctype", "")
                self._form = Form(self.page, action, multipart)
            else:
                self._get_form = True
        elif tag == "a" and a.get("href"):
            link = urlsplit(urljoin(self.page, a["href"]))
            if link.path == urlsplit(self.page).path:
                self.query_names |= {name for name, _ in parse_qsl(link.query)}
        elif tag in ("input", "select", "textarea", "button") and a.get("name"):
            self._field(tag, a)
        elif tag == "option" and self._select and self._form:
            self._form.options[self._select].append(a.get("value", ""))
            if "selected" in a:
                self._form.fields[self._select].append(a.get("value", ""))

    def _field(self, tag, a):
        name = a["name"]
        if self._get_form:
            self.query_names.add(name)
            return
        form = self._form
        if form is None:
            return
        kind = a.get("type", "text").lower()
        form.fields.setdefault(name, [])
        form.options.setdefault(name, [])
        if tag == "select":
            self._select = name
        elif tag == "textarea":
            self._textarea = name
        elif kind == "file":
            form.files.append(name)
            del form.fields[name], form.options[name]
        elif kind in ("checkbox", "radio"):
            form.options[name].append(a.get("value", "on"))
            if "checked" in a:
                form.fields[name].append(a.get("value", "on"))
        elif tag == "button" or kind == "submit":
            form.buttons.add(name)
            form.options[name].append(a.get("value", ""))
        else:
            form.fields[name].append(a.get("value", ""))

    def handle_data(self, data):
        if self._textarea and self._form:
            values = self._form.fields[self._textarea]
            values[-1:] = [(values[-1] if values else "") + data]

    def handle_endtag(self, tag):
        if tag == "form":
            if self._form:
                self._finish(self._form)
            self._form, self._get_form = None, False
        elif tag == "select" and self._select and self._form:
            name = self._select
            if not self._form.fields[name] and self._form.options[name]:
                self._form.fields[name] = [self._form.options[name][0]]
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def _finish(self, form: Form):
        path = urlsplit(form.action).path
        if not path.startswith(NOT_OURS):
            # a named button is sent only when it is the one pressed: the first, here
            for name in form.buttons:
                form.fields[name] = form.options[name][:1]
            self.forms.append(form)


class ReadNames:
    """The query parameters a view reads while answering (any QueryDict it asks)."""

    def __init__(self):
        self.names: set[str] = set()

    def __enter__(self):
        names = self.names

        def spy(original):
            def read(query, key, *args, **kwargs):
                names.add(key)
                return original(query, key, *args, **kwargs)

            return read

        # Django's QueryDict is watched, not replaced: every read still answers as it would.
        self._patches = [
            mock.patch.object(QueryDict, method, spy(getattr(QueryDict, method)))
            for method in ("get", "getlist", "__getitem__")
        ]
        for patch in self._patches:
            patch.start()
        return self

    def __exit__(self, *exc):
        for patch in self._patches:
            patch.stop()


# --- what must hold after every request -------------------------------------------------


def tracked_tables() -> list[str]:
    """Every table of our apps, their history tables included."""
    return sorted(
        model._meta.db_table
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
        if not model._meta.proxy
    )


def row_counts(tables: list[str]) -> dict[str, int]:
    """How many rows each table holds, in one query."""
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def is_refusal(response) -> bool:
    if response.status_code in (400, 409):
        return True
    return response.status_code == 200 and b"govuk-error-summary" in response.content


@dataclass
class Run:
    """One client for all the requests, signed in as whoever makes the next one."""

    client: object
    people: dict
    tables: list[str]
    signed_in: str | None = None

    def as_role(self, role: str):
        if role != self.signed_in:
            self.client.force_login(self.people[role])
            self.signed_in = role
        return self.client

    def request(self, role: str, method: str, url: str, data=None, *, what: str):
        """Make one request inside a savepoint that is always rolled back (so every example
        meets the same council), and check what must hold."""
        client = self.as_role(role)
        with transaction.atomic():
            before = row_counts(self.tables)
            try:
                if method == "get":
                    response = client.get(url, data or {})
                else:
                    response = client.post(url, data or {})
            except Exception as error:
                raise AssertionError(f"{what}: raised {error!r} with {data!r}") from error
            assert response.status_code < 500, f"{what}: {response.status_code} with {data!r}"
            if method == "get" or response.status_code >= 400 or is_refusal(response):
                after = row_counts(self.tables)
                changed = {t: (before[t], after[t]) for t in self.tables if before[t] != after[t]}
                assert not changed, (
                    f"{what}: answered {response.status_code} yet saved {changed} with {data!r}"
                )
            transaction.set_rollback(True)
        return response


# --- finding every form and parameter ----------------------------------------------------


def matrix_urls(world) -> list[str]:
    urls: set[str] = set()
    for app, _module in row_modules():
        urls |= set(import_module(f"tests.{app}.permission_rows").urls(world).values())
    return sorted(u for u in urls if not u.startswith(NOT_OURS))


@dataclass
class Query:
    names: set[str] = field(default_factory=set)
    roles: list[str] = field(default_factory=list)


@dataclass
class Found:
    forms: list[Form] = field(default_factory=list)
    queries: dict[str, Query] = field(default_factory=dict)  # url → what it reads


def discover(run: Run, urls: list[str]) -> Found:
    found, forms = Found(), {}
    for role in ROLES:
        client = run.as_role(role)
        for url in urls:
            with ReadNames() as read:
                response = client.get(url)
            if response.status_code != 200:
                continue
            names = read.names
            if response.get("Content-Type", "").startswith("text/html"):
                parser = PageParser(url)
                parser.feed(response.content.decode())
                names |= parser.query_names
                for form in parser.forms:
                    key = (urlsplit(form.action).path, tuple(sorted(form.fields)))
                    forms.setdefault(key, form).roles.append(role)
            names -= UNTOUCHED
            if names:
                query = found.queries.setdefault(url, Query())
                query.names |= names
                query.roles.append(role)
    found.forms = list(forms.values())
    return found


# --- generated input ---------------------------------------------------------------------

bad_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.integers().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(lambda d: d.isoformat()),
)


def form_payloads(form: Form):
    """Who posts the form, and the form as their page filled it in with some of its fields
    replaced by bad input (or another of their own options), and bad files."""
    names = form.touchable

    def value_for(name):
        own = form.options.get(name) or []
        return st.one_of(bad_text, st.sampled_from(own)) if own else bad_text

    changes = (
        st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True).flatmap(
            lambda chosen: st.fixed_dictionaries({n: value_for(n) for n in chosen})
        )
        if names
        else st.just({})
    )
    uploads = st.fixed_dictionaries(
        {name: st.one_of(st.binary(max_size=200), bad_text.map(str.encode)) for name in form.files}
    )
    return st.tuples(st.sampled_from(form.roles), changes, uploads)


def posted(form: Form, changes: dict, uploads: dict) -> dict:
    data: dict = {name: list(values) for name, values in form.fields.items()}
    for name, value in changes.items():
        data[name] = [value]
    for name, content in uploads.items():
        data[name] = SimpleUploadedFile("figures.csv", content, content_type="text/csv")
    return {name: value for name, value in data.items() if value != []}


def date_inputs(form: Form) -> list[str]:
    """The GOV.UK three-field dates on the form (name_0, name_1, name_2)."""
    return sorted(
        name[:-2] for name in form.fields if name.endswith("_2") and f"{name[:-2]}_0" in form.fields
    )


def rotated(names, turn: int) -> dict:
    """Turn `turn` of a sweep: each name gets a different one of NASTY, so that over
    len(NASTY) turns every name gets every one."""
    return {name: NASTY[(turn + i) % len(NASTY)] for i, name in enumerate(sorted(names))}


class Budget:
    def __init__(self, seconds: float):
        self.ends = time.monotonic() + seconds

    def left(self) -> bool:
        return time.monotonic() < self.ends


def fuzz(strategy, check, *, examples: int):
    @seed(20261204)
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def search(example):
        check(example)

    search()
