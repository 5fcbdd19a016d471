"""Bringing a council's recommendation tracker in from its own workbook (a core.bulk kind).

The rules, in council terms:

- Sheet Audits: each audit (or other source of commitments) by its title, with its source,
  auditor, report date, assurance opinion and the services it covers (names or codes,
  separated by commas or semicolons). An audit is matched by its title, never guessed; a
  title two audits share is a problem. Services are added to an audit, never taken away.
- Sheet Audit recommendations: the audit's title, the recommendation's reference and
  title, the service, priority, agreed management action, owner, the date it was agreed
  (the report date if not given), the original due date, the revised due date and its
  reason, status, per cent complete and latest update. A recommendation is matched by its
  audit and reference. Once agreed, its original due date stands: a later date is the
  revised due date. A complete status means 100%.
- Sheet Extensions: each extension as the source gives it — the recommendation's
  reference (and audit, where two audits use it), when it was requested and by whom, the
  new date asked, the reason, the decision, when and by whom it was decided. Those dates
  are the source's, never today's, and may not be in the future; a decision comes on or
  after its request. Who imported it and when are kept apart. An extension is matched by
  its recommendation, the day it was requested and the date asked; a decision already
  recorded stands. One request at most waits for a decision.
- The revised due date is the date of the latest approved extension, and the number of
  revisions the number approved; a tracker that gives a revised date without its
  extensions counts one revision.
- People are named by user name or email ("Alex Jones (ajones)" as exported).
- Who may import: planning.permissions.bulk_registers (administrators, performance leads).
- Importing is all or nothing, only as checked, and every record keeps "Imported from
  <file> by <person>" in its history. Nothing is removed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from core import bulk
from core.imports import Book, parse_date
from core.uploads import CheckedFile, CheckedRow
from planning.models import Service
from planning.permissions import IMPORT_RECOMMENDATION_TRACKER
from planning.workbook.bulk_rows import choice, plain, sheet_data
from planning.workbook.rows import outcome, people_named, rows_of, same_text

from .models import (
    AUDIT_SOURCES,
    Audit,
    ExtensionRequest,
    Opinion,
    Recommendation,
    Source,
    Status,
)

AUDITS, RECOMMENDATIONS, EXTENSIONS = "Audits", "Audit recommendations", "Extensions"
TEMPLATES = {
    AUDITS: ("audit", "report date"),
    RECOMMENDATIONS: ("audit", "reference", "recommendation"),
    EXTENSIONS: ("recommendation reference", "requested on", "requested by", "new date asked"),
}
OPTIONAL = {
    AUDITS: ("source", "auditor", "opinion", "services"),
    RECOMMENDATIONS: (
        "service",
        "priority",
        "agreed management action",
        "owner",
        "agreed on",
        "original due date",
        "revised due date",
        "reason for the revised due date",
        "status",
        "per cent complete",
        "latest update",
    ),
    EXTENSIONS: ("audit", "reason", "decision", "decided on", "decided by", "decision note"),
}
COMPLETE = (Status.IMPLEMENTED, Status.VERIFIED, Status.CLOSED)
SEPARATORS = re.compile(r"[;,\n]")
FIELD_WORDS = {
    "body": "auditor",
    "report_date": "report date",
    "service_ids": "services",
    "title": "recommendation",
    "agreed_action": "agreed management action",
    "owner_id": "owner",
    "agreed_on": "agreed on",
    "original_due_date": "original due date",
    "revised_due_date": "revised due date",
    "revision_reason": "reason for the revised due date",
    "percent_complete": "per cent complete",
    "commentary": "latest update",
    "service_id": "service",
    "requested_by_id": "requested by",
    "decided_by_id": "decided by",
    "decided_at": "decided on",
    "decision_note": "decision note",
}


def _changes(existing, values: dict) -> list[str]:
    if existing is None:
        return []
    changed = []
    for name, value in values.items():
        if name == "service_ids":
            held = {s.pk for s in existing.services.all()}
            same = set(value) <= held
        else:
            held = getattr(existing, name)
            if isinstance(held, dt.datetime):
                held = timezone.localdate(held)
            same = same_text(held, value) if isinstance(value, str) else held == value
        if not same:
            changed.append(FIELD_WORDS.get(name, name.replace("_", " ")))
    return changed


# --- what the rows refer to -------------------------------------------------------------------


@dataclass
class Filed:
    """An audit or recommendation as the file gives it, for the sheets after it."""

    held: object | None
    values: dict


@dataclass
class Lookups:
    audits: dict[str, list[Audit]]
    services: dict[str, Service]
    recommendations: dict[tuple, Recommendation]  # (audit title, reference), lower case
    extensions: dict[int, list[ExtensionRequest]]
    people: dict
    filed_audits: dict[str, Filed] = field(default_factory=dict)
    filed_recommendations: dict[tuple, Filed] = field(default_factory=dict)

    @classmethod
    def of(cls, book: Book) -> Lookups:
        named = set()
        for sheet, heading in (
            (RECOMMENDATIONS, "owner"),
            (EXTENSIONS, "requested by"),
            (EXTENSIONS, "decided by"),
        ):
            if sheet in book.sheets:
                named |= {row.get(heading) for row in book.sheets[sheet].rows}
        audits: dict[str, list[Audit]] = {}
        for audit in Audit.objects.prefetch_related("services"):
            audits.setdefault(plain(audit.title), []).append(audit)
        services = {}
        for service in Service.objects.all():
            services.setdefault(plain(service.name), service)
            services.setdefault(plain(service.code), service)
        recommendations = {
            (plain(r.audit.title), r.ref.lower()): r
            for r in Recommendation.objects.select_related("audit")
        }
        extensions: dict[int, list[ExtensionRequest]] = {}
        for extension in ExtensionRequest.objects.all():
            extensions.setdefault(extension.recommendation_id, []).append(extension)
        return cls(audits, services, recommendations, extensions, people_named(named))

    def audit_named(self, cells, heading: str = "audit") -> tuple[str, Audit | None, set] | None:
        """(title, the audit held or None, the services it covers) for an audit title."""
        title = cells.text(heading)
        if not title:
            cells.problem(heading, "Enter the audit's title")
            return None
        filed = self.filed_audits.get(plain(title))
        held = self.audits.get(plain(title), [])
        if len(held) > 1:
            cells.problem(heading, f"Two audits are called “{title}”: rename one first")
            return None
        if filed is None and not held:
            cells.problem(
                heading, f"No audit is called “{title}”: add it to the Audits sheet, or correct it"
            )
            return None
        audit = held[0] if held else None
        services = {s.pk for s in audit.services.all()} if audit else set()
        if filed is not None:
            services |= set(filed.values.get("service_ids", ()))
        return (audit.title if audit else title), audit, services


def _services(cells, lookups: Lookups) -> list[int]:
    found = []
    for name in SEPARATORS.split(cells.text("services")):
        if not name.strip():
            continue
        service = lookups.services.get(plain(name))
        if service is None:
            cells.problem(
                "services", f"“{name.strip()}” is not a service here: use its name or code"
            )
        else:
            found.append(service.pk)
    return found


# --- the check --------------------------------------------------------------------------------


@dataclass
class AuditChange:
    title: str
    values: dict
    existing: int | None
    version: str


@dataclass
class RecommendationChange:
    audit: str
    ref: str
    values: dict
    existing: int | None
    version: str


@dataclass
class ExtensionChange:
    audit: str
    ref: str
    values: dict
    existing: int | None
    version: str


def tracker_check(*, book: Book, actor, options: dict) -> CheckedFile:
    """What importing the workbook would do, row by row and sheet by sheet (writes
    nothing)."""
    from .import_rows import check_extensions, check_recommendations

    lookups = Lookups.of(book)
    result = CheckedFile(rows=[])
    for name, check in (
        (AUDITS, _check_audits),
        (RECOMMENDATIONS, check_recommendations),
        (EXTENSIONS, check_extensions),
    ):
        sheet = sheet_data(book, name)
        if sheet is not None:
            result.rows += check(sheet, lookups)
    return result


def _check_audits(sheet: dict, lookups: Lookups) -> list[CheckedRow]:
    seen = Counter()
    checked = []
    for row, cells in rows_of(sheet, AUDITS):
        title = cells.text("audit")
        row.detail = title
        held = lookups.audits.get(plain(title), [])
        if not title:
            cells.problem("audit", "Enter the audit's title: audits are matched by it")
        elif len(held) > 1:
            cells.problem("audit", f"Two audits are called “{title}”: rename one first")
        seen[plain(title)] += 1
        if title and seen[plain(title)] > 1:
            cells.problem("audit", f"“{title}” is on an earlier row")
        existing = held[0] if len(held) == 1 else None
        values = _audit_values(cells, lookups, existing)
        if title:
            lookups.filed_audits.setdefault(plain(title), Filed(existing, values))
        if row.errors:
            checked.append(row)
            continue
        outcome(row, existing, _changes(existing, values))
        row.entry = AuditChange(title, values, existing and existing.pk, row.version)
        checked.append(row)
    return checked


def _audit_values(cells, lookups: Lookups, existing: Audit | None) -> dict:
    values: dict = {}
    report_date = cells.read("report date", parse_date, what="the report date")
    if report_date is None and not cells.text("report date"):
        cells.problem("report date", "Enter the report date")
    values["report_date"] = report_date
    if cells.has("source"):
        values["source"] = choice(cells, "source", Source.choices, what="source")
    if not cells.text("source") and existing is None:
        cells.problem(
            "source", "Choose the source: " + ", ".join(label for _, label in Source.choices)
        )
    if cells.has("auditor"):
        values["body"] = cells.text("auditor")
    if not values.get("body") and existing is None:
        cells.problem("auditor", "Enter the auditor or body")
    if cells.has("opinion"):
        values["opinion"] = choice(cells, "opinion", Opinion.choices, what="opinion") or ""
    source = values.get("source") or (existing and existing.source)
    opinion = values.get("opinion", existing.opinion if existing else "")
    if source in AUDIT_SOURCES and not opinion and not cells.row.errors:
        cells.problem("opinion", "Choose the assurance opinion: an audit report always has one")
    if cells.has("services"):
        values["service_ids"] = _services(cells, lookups)
    if existing is None and not values.get("service_ids"):
        cells.problem("services", "Enter at least one service the audit covers")
    return values


def _save(*, entries: list, actor, source: str) -> int:
    from .import_rows import tracker_save

    return tracker_save(entries=entries, actor=actor, source=source)


KIND = bulk.BulkKind(
    slug="recommendation-tracker",
    title="Recommendation tracker",
    summary=(
        "Audits and other sources of commitments, their recommendations with original and "
        "revised due dates, and each extension as the tracker records it"
    ),
    permission=IMPORT_RECOMMENDATION_TRACKER,
    templates=TEMPLATES,
    optional=OPTIONAL,
    check=tracker_check,
    save=_save,
    examples={
        AUDITS: [
            [
                "Grounds maintenance",
                "01/03/2026",
                "Internal audit",
                "Audit Partnership",
                "Limited assurance",
                "Parks; Libraries",
            ]
        ],
        RECOMMENDATIONS: [
            [
                "Grounds maintenance",
                "GM-1",
                "Retender the mowing contract",
                "Parks",
                "1",
                "Run a tender",
                "ajones",
                "01/03/2026",
                "31/03/2026",
                "30/06/2026",
                "One bidder",
                "In progress",
                "40",
                "Tender out",
            ]
        ],
        EXTENSIONS: [
            [
                "GM-1",
                "15/03/2026",
                "ajones",
                "30/06/2026",
                "Grounds maintenance",
                "One bidder",
                "Approved",
                "20/03/2026",
                "blead",
                "",
            ]
        ],
    },
)


def register() -> None:
    bulk.register(KIND)
