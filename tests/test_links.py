"""Every link a page draws can be followed by the person reading it.

Signed in as each persona of the permission matrix's world, the crawl starts from every
matrix URL that persona may open, reads every internal `<a href>` on each page, follows
each link once (GET), and reads the pages it finds the same way, to a bounded depth and
number of requests. A link that answers 403 or 404 is a page showing someone a door they
cannot open: draw text instead. Skipped: signing out, Django's own admin (administrators
only, not our pages), static files and links off the site.
"""

from collections import deque
from html.parser import HTMLParser
from importlib import import_module
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from tests import factories as f
from tests.test_permissions import row_modules
from tests.world import PERSONAS

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

DEPTH = 2  # the matrix's pages, the pages they link to, and what those link to
MOST_REQUESTS = 600  # per persona: keeps the crawl to a few minutes
SKIPPED = ("/accounts/logout/", "/admin/", "/static/", "/media/")
BROKEN = {403, 404}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def internal_links(page_url: str, html: str) -> set[str]:
    parser = Links()
    parser.feed(html)
    found = set()
    for href in parser.hrefs:
        url, _ = urldefrag(urljoin(page_url, href))
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path and not path.startswith(SKIPPED):
            found.add(path)
    return found


def matrix_pages(world) -> dict[str | None, set[str]]:
    """Each persona's starting pages: the matrix URLs it opens (200)."""
    pages: dict[str | None, set[str]] = {persona: set() for persona in PERSONAS}
    for app, module in row_modules():
        urls = import_module(f"tests.{app}.permission_rows").urls(world)
        for name, row in module.MATRIX.items():
            for persona, status in row.items():
                if persona is not None and status == 200:
                    pages[persona].add(urls[name])
    return pages


def crawl(client, start: set[str]) -> list[tuple[str, str, int]]:
    """(page, link, status) for every link found that answers 403 or 404."""
    broken = []
    seen = set(start)
    queue = deque((url, 0, None) for url in sorted(start))
    requests = 0
    while queue and requests < MOST_REQUESTS:
        url, depth, linked_from = queue.popleft()
        response = client.get(url)
        requests += 1
        if response.status_code in BROKEN and linked_from is not None:
            broken.append((linked_from, url, response.status_code))
        is_page = response.get("Content-Type", "").startswith("text/html")
        if response.status_code != 200 or not is_page or depth >= DEPTH:
            continue
        for link in sorted(internal_links(url, response.content.decode()) - seen):
            seen.add(link)
            queue.append((link, depth + 1, url))
    return broken


def links_across_reach(world) -> None:
    """Rows that put a page beside something some of its readers cannot open: a private
    PDP's objective among the orphans, Libraries' published action serving a priority of
    Communities' draft directorate plan, and a second service of Place with a draft plan
    (on Place's directorate plan, which Parks' staff read)."""
    f.ObjectiveFactory(plan=world.pdp, title="Orphan objective")
    communities = f.DirectoratePlanFactory(
        year=world.year, directorate=world.other_service.directorate
    )
    world.other_action.set_serves(f.PriorityFactory(plan=communities, title="Draft priority"))
    world.other_action.save()
    nursery = f.ServiceFactory(name="Tree nursery", directorate=world.service.directorate)
    f.ServicePlanFactory(year=world.year, service=nursery)


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_links_to_a_page_its_reader_cannot_open(client_for, world, persona):
    links_across_reach(world)
    start = matrix_pages(world)[persona]
    broken = crawl(client_for(persona), start)
    listed = "\n".join(f"  {page} → {link} ({status})" for page, link, status in broken)
    assert not broken, f"{persona} is shown links they cannot follow:\n{listed}"
