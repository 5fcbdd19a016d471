"""Importing the Audit recommendations sheet of a Service Business Plan's workbook
(registered with planning.workbook beside the export, see .workbook).

The rules, in council terms:

- A recommendation is matched by its audit (the audit's title, among the audits covering
  the plan's service or holding its recommendations) and its reference within that audit;
  one the audit does not hold is added for the plan's service, agreed on the audit's report
  date (for those who record audits: performance leads and administrators). Changing one is
  for those who may change it on its own page: its owner, the service's head and managers,
  administrators.
- The tracker's date rules hold: the original due date never moves once agreed, and a
  revised due date comes only from an approved extension, with its request and decision
  kept. A row that moves either date is refused, naming the page to ask on; a new
  recommendation has an original due date after the report date and no revised date yet.
- A change of status, per cent complete or latest update is kept as a progress update, as
  posting one on the recommendation's page does; an implemented, verified or closed
  recommendation is 100% complete.
- Nothing is removed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from audit.models import Audit, Recommendation, RecommendationUpdate, Status, priority_choices
from core.imports import parse_date
from core.numbers import NumberRefused, parse_number
from core.saving import save_with_history
from core.uploads import CheckedRow
from planning.workbook.rows import choice_of, outcome, people_named, person_problem, rows_of

SHEET = "Audit recommendations"
DONE = (Status.IMPLEMENTED, Status.VERIFIED, Status.CLOSED)
PROGRESS = ("status", "percent_complete", "commentary")


@dataclass
class RecommendationChange:
    sheet: str
    values: dict
    existing: Recommendation | None
    audit: Audit | None


def recommendations_check(*, plan, sheet: dict, user) -> list[CheckedRow]:
    """Each row of the sheet: what importing it would do, or its problems."""
    audits: dict[str, list[Audit]] = {}
    service = Q(services=plan.service_id) | Q(recommendations__service_id=plan.service_id)
    for audit in Audit.objects.filter(service).distinct():
        audits.setdefault(audit.title.strip().lower(), []).append(audit)
    held = {
        (r.audit_id, r.ref.strip().lower()): r
        for r in Recommendation.objects.filter(audit__in=[a for v in audits.values() for a in v])
    }
    people = people_named(cells.get("owner", "") for _, cells, _ in sheet["rows"])
    may_add = user is not None and user.has_perm("audit.add_audit")
    seen: set[tuple] = set()
    rows = []
    for row, cells in rows_of(sheet, SHEET):
        ref, title = cells.text("reference"), cells.text("audit")
        row.detail = f"{title}: {ref}"
        found = audits.get(title.lower(), [])
        if not title:
            cells.problem("audit", "Enter the audit the recommendation comes from")
        elif not found:
            cells.problem(
                "audit",
                f"No audit covering {plan.service} has the title “{title}”: record it first",
            )
        elif len(found) > 1:
            cells.problem("audit", f"More than one audit has the title “{title}”: tell them apart")
        if not ref:
            cells.problem("reference", "Enter the recommendation's reference: it is matched by it")
        audit = found[0] if len(found) == 1 else None
        key = (audit.pk if audit else None, ref.lower())
        if audit and ref and key in seen:
            cells.problem("reference", f"{ref} is on an earlier row too: each has its own")
        seen.add(key)
        existing = held.get(key) if audit else None
        if existing is not None and existing.service_id != plan.service_id:
            cells.problem("reference", f"{ref} belongs to another service's plan")
        values = _values(cells, people, existing)
        dates = _dates(cells, existing, audit)
        if row.errors:
            rows.append(row)
            continue
        changes = _changes(existing, values)
        if existing is None and not may_add:
            cells.problem(
                "reference", "Only performance leads and administrators add recommendations"
            )
        elif changes and existing is not None and not _may_change(user, existing):
            cells.problem("reference", f"You may not change {ref}: its owner or service does")
        if not row.errors:
            outcome(row, existing, [HEADINGS[name] for name in changes])
            new = {"ref": ref} if existing is None else {}
            row.entry = RecommendationChange(SHEET, values | dates | new, existing, audit)
        rows.append(row)
    return rows


def _may_change(user, rec: Recommendation) -> bool:
    return user is not None and user.has_perm("audit.change_recommendation", rec)


def _number(cells, heading: str, what: str):
    try:
        number = parse_number(cells.text(heading), what=what, places=0)
    except NumberRefused as error:
        cells.problem(heading, str(error))
        return None
    return int(number) if number is not None else None


HEADINGS = {
    "title": "recommendation",
    "priority": "priority",
    "agreed_action": "agreed management action",
    "owner": "owner",
    "status": "status",
    "percent_complete": "per cent complete",
    "commentary": "latest update",
}


def _values(cells, people, existing) -> dict:
    """The recommendation's fields as the row gives them; a column the sheet lacks keeps
    what a recommendation the audit holds has."""

    def given(name: str) -> bool:
        return existing is None or cells.has(HEADINGS[name])

    values = {name: getattr(existing, name) for name in HEADINGS if not given(name)}
    if given("title"):
        values["title"] = cells.text("recommendation")
        if not values["title"]:
            cells.problem("recommendation", "Enter the recommendation's title")
        elif len(values["title"]) > 300:
            cells.problem("recommendation", "Shorten it to 300 characters or fewer")
    if given("priority"):
        values["priority"] = _priority(cells)
    if given("agreed_action"):
        values["agreed_action"] = (cells.cells.get("agreed management action") or "").strip()
    if given("owner"):
        values["owner"] = person_problem(cells, "owner", people, what="owner")
        if values["owner"] is None and not cells.text("owner"):
            cells.problem("owner", "Enter the recommendation's owner")
    if given("status"):
        values["status"] = (
            choice_of(cells, "status", Status.choices, what="status") or Status.NOT_STARTED
        )
    if given("percent_complete"):
        values["percent_complete"] = (
            _number(cells, "per cent complete", "the per cent complete") or 0
        )
    if given("commentary"):
        values["commentary"] = (cells.cells.get("latest update") or "").strip()
    percent, status = values["percent_complete"], values["status"]
    if not 0 <= percent <= 100:
        cells.problem("per cent complete", "Enter a percentage from 0 to 100")
    elif status in DONE and percent != 100:
        cells.problem(
            "per cent complete", f"A recommendation {Status(status).label.lower()} is 100% complete"
        )
    return values


def _priority(cells):
    priorities = dict(priority_choices())
    priority = _number(cells, "priority", "the priority")
    if priority is None and "(priority)" not in " ".join(cells.row.errors):
        cells.problem("priority", "Enter the priority")
    elif priority is not None and priority not in priorities:
        cells.problem(
            "priority", "Use one of the council's priorities: " + ", ".join(priorities.values())
        )
    return priority


def _dates(cells, existing, audit) -> dict:
    """The tracker's rules for the two dates: never silently moved."""
    original = cells.read("original due date", parse_date, what="the original due date")
    revised = cells.read("revised due date", parse_date, what="the revised due date")
    if existing is None:
        if original is None and not cells.text("original due date"):
            cells.problem("original due date", "Enter the due date agreed")
        elif audit and original and original <= audit.report_date:
            cells.problem(
                "original due date",
                f"The due date must be after the report date, {audit.report_date:%-d %B %Y}",
            )
        if revised is not None:
            cells.problem(
                "revised due date",
                "A revised due date comes only from an approved extension: leave it blank",
            )
        return {"original_due_date": original}
    if cells.has("original due date") and original != existing.original_due_date:
        cells.problem(
            "original due date",
            "The original due date never moves once agreed: request an extension on the "
            "recommendation's page",
        )
    if cells.has("revised due date") and revised != existing.revised_due_date:
        cells.problem(
            "revised due date",
            "A revised due date comes only from an approved extension: request one on the "
            "recommendation's page",
        )
    return {}


def _changes(existing, values: dict) -> list[str]:
    if existing is None:
        return []
    return [
        name
        for name, value in values.items()
        if name in HEADINGS and _differs(getattr(existing, name), value)
    ]


def _differs(held, given) -> bool:
    if isinstance(held, str):
        return held.replace("\r\n", "\n").strip() != (given or "").strip()
    return held != given


def recommendations_save(*, plan, entry: RecommendationChange, actor, reason: str) -> None:
    """Write one checked row: a new recommendation agreed on its audit's report date, or the
    changes to one, a change of progress kept as a progress update."""
    values = dict(entry.values)
    if entry.existing is None:
        rec = Recommendation(
            audit=entry.audit, service=plan.service, agreed_on=entry.audit.report_date, **values
        )
        progress = values["commentary"] or values["status"] != Status.NOT_STARTED
    else:
        rec = Recommendation.objects.select_for_update().get(pk=entry.existing.pk)
        progress = any(_differs(getattr(rec, name), values[name]) for name in PROGRESS)
        for name, value in values.items():
            setattr(rec, name, value)
    save_with_history(rec, actor=actor, reason=reason)
    if progress:
        update = RecommendationUpdate(
            recommendation=rec,
            by=actor,
            at=timezone.now(),
            commentary=rec.commentary,
            percent_complete=rec.percent_complete,
            status=rec.status,
        )
        save_with_history(update, actor=actor, reason=reason)
