"""The menu at the top of every signed-in page.

Which entries a person sees is asked of the permissions (as the template asked `perms`
before) once for each version of the person — their roles and permissions as the signed-in
cache keeps them (planning/person_cache.py), so any change to them asks again — or once per
request where there is no such cache; the entries' addresses are resolved once per process,
and the menu's markup is rendered once for each combination of entries shown and entry
open, then reused.
"""

from dataclasses import dataclass
from functools import cache, lru_cache

from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString

from core import clock, worklists


@dataclass(frozen=True)
class Entry:
    label: str
    route: str
    permission: str | None = None  # shown only to those who have it
    superuser: bool = False  # shown only to superusers
    marks_current: bool = True  # marked as the current page when open
    counts_work: bool = False  # shows the number of things on the person's work lists


MENU = (
    Entry("Home", "planning:home", counts_work=True),
    Entry("Directorates and services", "planning:directorate-list"),
    Entry("My updates", "planning:my-updates"),
    Entry("QA queue", "planning:qa-queue", permission="planning.view_qa_queue"),
    Entry("Performance indicators", "performance:indicator-list"),
    Entry("Finance", "planning:finance-overview", permission="planning.view_finance_overview"),
    Entry("Orphans", "planning:orphans", permission="planning.view_orphans"),
    Entry("Bring data in", "planning:import-kinds", permission="planning.bring_data_in"),
    Entry("Risk registers", "risk:register-list"),
    Entry("Recommendation tracker", "audit:tracker"),
    Entry("Board dashboard", "reporting:dashboard", permission="reporting.view_dashboard"),
    Entry("Reports", "reporting:report-list", permission="reporting.view_reportrun"),
    # Everyone who may ask for a committee download may read their own downloads there.
    Entry("Your downloads", "reporting:download-list", permission="reporting.view_reportrun"),
    Entry("Chase updates", "reporting:chaser", permission="planning.send_chaser"),
    Entry("Administration", "admin:index", superuser=True, marks_current=False),
)


def menu_items(*, user, path: str) -> SafeString:
    """The menu's list items for this person on this page, Home with the number of things
    on their work lists (core.worklists: kept until the data changes)."""
    shown = _shown(user)
    prefix = get_script_prefix()
    addresses = _addresses(prefix)
    current = next((n for n in shown if MENU[n].marks_current and addresses[n] == path), None)
    work = worklists.count_for(user=user, today=clock.today()) if user.is_authenticated else 0
    return _rendered(prefix, shown, current, work)


# The entries shown to each version of a person, in this process (a version is never reused,
# so what is kept for an old one is simply not asked for again).
_shown_by_version: dict[tuple, tuple[int, ...]] = {}
KEEP_VERSIONS = 4096


def _shown(user) -> tuple[int, ...]:
    version = getattr(user, "_gt_version", None)
    if version is None:
        return _shown_now(user)
    shown = _shown_by_version.get(version)
    if shown is None:
        if len(_shown_by_version) >= KEEP_VERSIONS:
            _shown_by_version.clear()
        shown = _shown_by_version[version] = _shown_now(user)
    return shown


def _shown_now(user) -> tuple[int, ...]:
    return tuple(
        number
        for number, entry in enumerate(MENU)
        if (not entry.superuser or user.is_superuser)
        and (entry.permission is None or user.has_perm(entry.permission))
    )


@cache
def _addresses(prefix: str) -> tuple[str, ...]:
    return tuple(reverse(entry.route) for entry in MENU)


@lru_cache(maxsize=1024)
def _rendered(prefix: str, shown: tuple[int, ...], current: int | None, work: int) -> SafeString:
    addresses = _addresses(prefix)
    entries = [
        {
            "label": MENU[n].label,
            "url": addresses[n],
            "current": n == current,
            "count": work if MENU[n].counts_work else 0,
        }
        for n in shown
    ]
    return SafeString(render_to_string("includes/menu_items.html", {"entries": entries}))
