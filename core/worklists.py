"""Work lists on Home: what each person has to do next, gathered from every app.

Each app says what it can list by registering a `Source` from its AppConfig.ready() (core
imports no app, so the apps come to them, as with core.bulk). A source's `build(*, user,
today)` reads the person's reach once and gives back a `WorkList` (or None when the list
is not for them), in a fixed number of queries whatever the size of the council, and
starting from the detail pages' reading rule: an entry carries a link only where its
reader may open the page it leads to.

The rules, in council terms:

- The count beside Home in the menu is the number of entries in the lists that ask for
  something to be done (`counted`); lists that only tell (a director's services' status)
  are not counted.
- The count is kept in the shared cache for the person and the day, together with the data
  generation it was worked out at (core.pagecache): any write anywhere moves the generation
  on, so the count is never older than the data. Drawing Home keeps it; another page works
  it out afresh (the same fixed number of queries) only when it is not kept.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache

from core import pagecache

logger = logging.getLogger(__name__)

SHOWN = 10  # entries shown on Home in each list; the rest are a link away


@dataclass(frozen=True)
class Entry:
    """One thing to do: its words, where to do it ("" when the reader may not open the
    page) and a status word (a tag, never colour alone)."""

    text: str
    url: str = ""
    detail: str = ""
    status: str = ""  # "Late", "Due", "Returned", ...
    colour: str = ""  # the GOV.UK tag colour for the status: red, yellow, blue, grey...


@dataclass
class WorkList:
    key: str
    title: str
    entries: list[Entry] = field(default_factory=list)
    counted: bool = True
    more_url: str = ""
    more_text: str = ""
    empty_text: str = ""

    @property
    def shown(self) -> list[Entry]:
        return self.entries[:SHOWN]

    @property
    def hidden(self) -> int:
        return max(0, len(self.entries) - SHOWN)


@dataclass(frozen=True)
class Source:
    """`counted`: whether its entries count towards the menu's number (a list that only
    tells is not built for the count at all)."""

    key: str
    order: int
    build: Callable[..., WorkList | None]
    counted: bool = True


SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    """Make a work list available on Home; called from an app's ready()."""
    if source.key in SOURCES and SOURCES[source.key] is not source:
        raise ValueError(f"Two work lists are called {source.key!r}")
    SOURCES[source.key] = source
    return source


def work_lists(*, user, today: dt.date, counted_only: bool = False) -> list[WorkList]:
    """The person's work lists that have something in them (or say something when empty),
    in the apps' order; only those counted on the menu when `counted_only`."""
    found = []
    for source in sorted(SOURCES.values(), key=lambda s: (s.order, s.key)):
        if counted_only and not source.counted:
            continue
        built = source.build(user=user, today=today)
        if built is not None and (built.entries or built.empty_text):
            found.append(built)
    return found


def count_of(lists: list[WorkList]) -> int:
    return sum(len(w.entries) for w in lists if w.counted)


def work_lists_counted(*, user, today: dt.date) -> list[WorkList]:
    """The person's work lists, keeping their count for the menu (Home draws both)."""
    try:
        gen = pagecache.generation_in_use()  # read first: a write while drawing ages the count
    except Exception:  # noqa: BLE001
        logger.exception("Could not read the data generation")
        gen = None
    lists = work_lists(user=user, today=today)
    # The menu drawn with Home in the same request counts what Home has just listed.
    user._work_list_count = (today, count_of(lists))
    if gen is not None:
        count_keep(user=user, today=today, count=count_of(lists), generation=gen)
    return lists


def _key(user, today: dt.date) -> str:
    return f"worklists:count:{user.pk}:{today.isoformat()}"


def count_keep(*, user, today: dt.date, count: int, generation: int) -> None:
    """Keep the person's count for the data generation it was worked out at."""
    try:
        cache.set(_key(user, today), (generation, count), 24 * 3600)
    except Exception:  # noqa: BLE001 - the count is a shortcut; Home still shows the lists
        logger.exception("Could not keep a work list count")


def count_for(*, user, today: dt.date) -> int:
    """The person's count for the menu: kept while the data is unchanged, else worked out
    again from the lists (and kept)."""
    drawn = getattr(user, "_work_list_count", None)
    if drawn is not None and drawn[0] == today:
        return drawn[1]
    try:
        gen = pagecache.generation_in_use()
        kept = cache.get(_key(user, today))
    except Exception:  # noqa: BLE001
        logger.exception("Could not read a work list count")
        gen, kept = None, None
    if kept is not None and kept[0] == gen:
        return kept[1]
    count = count_of(work_lists(user=user, today=today, counted_only=True))
    if gen is not None:
        count_keep(user=user, today=today, count=count, generation=gen)
    return count
