"""Shared vocabulary for the permission matrix: each app's rows live in
tests/<app>/permission_rows.py as MATRIX (name → persona → status) and urls(world)."""

import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

import openpyxl
import pypdf
from django.http import Http404

from tests.world import PERSONAS

ALL = PERSONAS
ANON = None
SEES_ALL = {"admin", "lead", "board"}  # whole-council readers of plans
PARKS_PEOPLE = {"head", "manager", "staff", "director", "ad"}


def expect(default: int, **overrides: int) -> dict:
    return {persona: overrides.get(persona, default) for persona in ALL} | {
        ANON: overrides.get("anon", 302)
    }


def allowed(who: set[str], otherwise: int) -> dict:
    return expect(otherwise, **dict.fromkeys(who, 200))


# --- "sees exactly these rows": lists, counts and downloads -------------------------
# Each app may also list its list pages and downloads as LISTINGS (names) and
# listings(world) (name → Listing). For every role that gets the page, the records it
# shows must be exactly those it shows an administrator (who sees everything the filters
# pick) that the role may open on their detail page.


@dataclass(frozen=True)
class Entity:
    """A kind of record: every one in the test world, the detail page's fetch-and-authorise
    (raising 404 when out of reach), and the text naming a record in a row."""

    records: Callable[[], Iterable]
    fetch: Callable  # fetch(user, pk), as the detail view calls it
    mark: Callable[[object], str]

    def may_open(self, user, record) -> bool:
        try:
            self.fetch(user, record.pk)
        except Http404:
            return False
        return True

    def shown(self, text: str, records) -> set:
        return {r.pk for r in records if _named(self.mark(r), text)}


def _named(mark: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(mark)}(?![\w-])", text) is not None


ROW_TAGS = ("tr", "li", "dd")


class _Rows(HTMLParser):
    """The text of every table row, list item and summary value of the page's main
    content, or only of those inside the element with id `within`."""

    def __init__(self, within: str | None) -> None:
        super().__init__()
        self.rows: list[str] = []
        self._open: list[list[str]] = []
        self._within = within
        self._container: str | None = None  # the tag of the element read inside
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        if self._depth == 0 and (
            dict(attrs).get("id") == self._within if self._within else tag == "main"
        ):
            self._container = tag
        if tag == self._container:
            self._depth += 1
        if self._depth and tag in ROW_TAGS:
            self._open.append([])

    def handle_endtag(self, tag):
        if tag in ROW_TAGS and self._open:
            self.rows.append(" ".join(self._open.pop()))
        if tag == self._container and self._depth:
            self._depth -= 1

    def handle_data(self, data):
        for row in self._open:
            row.append(data)


def html_rows(response, within: str | None = None) -> str:
    parser = _Rows(within)
    parser.feed(response.content.decode())
    return "\n".join(parser.rows)


def rows_of(element_id: str) -> Callable:
    """Read only the rows inside the element with this id (the list, not the page's
    other panels)."""
    return lambda response: html_rows(response, within=element_id)


def xlsx_rows(response) -> str:
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return "\n".join(
        " ".join("" if v is None else str(v) for v in row)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


def pdf_rows(response) -> str:
    pages = pypdf.PdfReader(io.BytesIO(response.content)).pages
    return "\n".join(page.extract_text() for page in pages)


def prepared(read: Callable) -> Callable:
    """A committee download is prepared by a worker: from its form page (the GET), ask for
    it as the reader would, let the job run inline, and read back the file it offers."""

    def read_prepared(response) -> str:
        import tempfile
        from types import SimpleNamespace

        from django.test import TestCase, override_settings
        from django.urls import resolve, reverse

        from tests.reporting.celery_broker import celery_inline

        client, request = response.client, response.wsgi_request
        with (
            tempfile.TemporaryDirectory() as media,
            override_settings(MEDIA_ROOT=media),
            celery_inline(),
        ):
            with TestCase.captureOnCommitCallbacks(execute=True):
                asked = client.post(request.get_full_path())
            run = resolve(asked["Location"]).kwargs["pk"]
            file = client.get(reverse("reporting:run-download", args=[run]))
            assert file.status_code == 200, "the prepared download was not offered"
            return read(SimpleNamespace(content=b"".join(file.streaming_content)))

    return read_prepared


@dataclass(frozen=True)
class Listing:
    """A list page or download (`url`, read back by `read`) of `entity`'s records; `count`,
    when given, reads the number the page states for them (it must equal the rows)."""

    url: str
    entity: Entity
    read: Callable = html_rows
    count: Callable | None = None
