"""Checking and saving the Audit recommendations and Extensions sheets of a council's
recommendation tracker (the rules are in audit.imports)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.utils import timezone

from core.history import EditConflict, check_version, locked
from core.imports import parse_date
from core.saving import save_with_history
from core.uploads import CheckedRow
from planning.workbook.bulk_rows import choice, find_person, parse_whole, plain
from planning.workbook.rows import imported_reason, outcome, rows_of

from .imports import (
    COMPLETE,
    EXTENSIONS,
    RECOMMENDATIONS,
    AuditChange,
    ExtensionChange,
    Filed,
    Lookups,
    RecommendationChange,
    _changes,
)
from .models import Audit, Decision, ExtensionRequest, Recommendation, Status, priority_choices

RECOMMENDATION_TEXT = {
    "recommendation": "title",
    "agreed management action": "agreed_action",
    "reason for the revised due date": "revision_reason",
    "latest update": "commentary",
}
DECISIONS = [*Decision.choices, ("pending", "Pending")]


def _day(text: str) -> str:
    return f"{text:%-d %B %Y}"


# --- recommendations ------------------------------------------------------------------------


def check_recommendations(sheet: dict, lookups: Lookups) -> list[CheckedRow]:
    seen = Counter()
    checked = []
    for row, cells in rows_of(sheet, RECOMMENDATIONS):
        ref = cells.text("reference")
        row.detail = f"{ref} {cells.text('recommendation')}".strip()
        named = lookups.audit_named(cells)
        if not ref:
            cells.problem("reference", "Enter the recommendation's reference: it is matched by it")
        if named is None or not ref:
            checked.append(row)
            continue
        title, audit, services = named
        key = (plain(title), ref.lower())
        seen[key] += 1
        if seen[key] > 1:
            cells.problem("reference", f"{ref} is on an earlier row for the same audit")
        existing = lookups.recommendations.get(key)
        values = _recommendation_values(cells, lookups, existing, audit, services)
        lookups.filed_recommendations.setdefault(key, Filed(existing, values))
        if row.errors:
            checked.append(row)
            continue
        outcome(row, existing, _changes(existing, values))
        row.entry = RecommendationChange(title, ref, values, existing and existing.pk, row.version)
        checked.append(row)
    return checked


def _recommendation_values(cells, lookups, existing, audit, services: set) -> dict:
    values: dict = {}
    for heading, name in RECOMMENDATION_TEXT.items():
        if cells.has(heading):
            values[name] = cells.text(heading)
    if not cells.text("recommendation"):
        cells.problem("recommendation", "Enter the recommendation")
    if cells.text("service"):
        service = lookups.services.get(plain(cells.text("service")))
        if service is None:
            cells.problem("service", f"“{cells.text('service')}” is not a service here")
        elif service.pk not in services:
            cells.problem(
                "service",
                f"The audit does not cover {service.name}: add it to the audit's services",
            )
        else:
            values["service_id"] = service.pk
    elif existing is None:
        cells.problem("service", "Enter the service the recommendation is for")
    if cells.has("priority") and cells.text("priority"):
        values["priority"] = _priority(cells)
    if cells.text("owner") or existing is None:
        owner = find_person(cells, "owner", lookups.people, what="the owner")
        values["owner_id"] = owner and owner.pk
    _dates(cells, values, existing, audit, lookups)
    if cells.has("status"):
        values["status"] = choice(cells, "status", Status.choices, what="status") or (
            Status.NOT_STARTED
        )
    if cells.has("per cent complete"):
        percent = cells.read("per cent complete", parse_whole, what="the per cent complete")
        if percent is not None and not 0 <= percent <= 100:
            cells.problem("per cent complete", "Enter a per cent complete from 0 to 100")
        if percent is not None:
            values["percent_complete"] = percent
    if values.get("status") in COMPLETE:
        values["percent_complete"] = 100
    return values


def _priority(cells) -> int | None:
    text = cells.text("priority").lower()
    for value, label in priority_choices():
        words = {str(value), label.lower(), label.lower().split("(")[-1].rstrip(")")}
        if text in words:
            return value
    cells.problem(
        "priority",
        f"“{cells.text('priority')}” is not a priority: use one of "
        + ", ".join(label for _, label in priority_choices()),
    )
    return None


def _dates(cells, values: dict, existing, audit, lookups) -> None:
    """Agreed on, original and revised due dates: the original stands once agreed."""
    read = {}
    for heading, name in (
        ("agreed on", "agreed_on"),
        ("original due date", "original_due_date"),
        ("revised due date", "revised_due_date"),
    ):
        if cells.has(heading):
            deadline = heading != "agreed on"  # "March 2027" is due by its last day
            read[name] = cells.read(heading, parse_date, what=f"the {heading}", month_end=deadline)
    original = read.get("original_due_date")
    if existing is not None and existing.agreed_on is not None:
        if "original_due_date" in read and original != existing.original_due_date:
            cells.problem(
                "original due date",
                f"The original due date is fixed once agreed "
                f"({_day(existing.original_due_date)}): a later date is the revised due date",
            )
        read.pop("agreed_on", None)
        read.pop("original_due_date", None)
        original = existing.original_due_date
    else:
        if original is None and not cells.text("original due date"):
            cells.problem("original due date", "Enter the original due date")
        agreed = read.get("agreed_on") or (audit and audit.report_date)
        if agreed is None:
            filed = lookups.filed_audits.get(plain(cells.text("audit")))
            agreed = filed and filed.values.get("report_date")
        read["agreed_on"] = agreed
        if original and agreed and original <= agreed:
            cells.problem(
                "original due date",
                f"The original due date must be after the date it was agreed, {_day(agreed)}",
            )
    revised = read.get("revised_due_date")
    if revised and original and revised <= original:
        cells.problem(
            "revised due date",
            f"The revised due date must be after the original due date, {_day(original)}",
        )
    values |= read


# --- extensions -------------------------------------------------------------------------------


def check_extensions(sheet: dict, lookups: Lookups) -> list[CheckedRow]:
    today = timezone.localdate()
    checked, pending, approved, seen = [], Counter(), {}, Counter()
    for row, cells in rows_of(sheet, EXTENSIONS):
        row.detail = f"{cells.text('recommendation reference')} to {cells.text('new date asked')}"
        found = _recommendation(cells, lookups)
        values = _extension_values(cells, lookups, today)
        if found is None or row.errors:
            checked.append(row)
            continue
        key, held, filed = found
        original = (filed and filed.values.get("original_due_date")) or (
            held and held.original_due_date
        )
        if original and values["proposed_date"] <= original:
            cells.problem(
                "new date asked",
                f"The new date asked must be after the original due date, {_day(original)}",
            )
        existing = next(
            (
                e
                for e in lookups.extensions.get(held.pk if held else None, [])
                if timezone.localdate(e.requested_at) == values["requested_at"]
                and e.proposed_date == values["proposed_date"]
            ),
            None,
        )
        seen[(key, values["requested_at"], values["proposed_date"])] += 1
        if seen[(key, values["requested_at"], values["proposed_date"])] > 1:
            cells.problem("requested on", "This extension is on an earlier row")
        decided = existing is not None and existing.decision != Decision.PENDING
        if decided and values["decision"] != existing.decision:
            cells.problem(
                "decision",
                f"This extension was decided on {_day(timezone.localdate(existing.decided_at))}"
                f" ({existing.get_decision_display().lower()}): a decision stands",
            )
        if values["decision"] == Decision.PENDING:
            pending[key] += 1
            waiting = [
                e
                for e in lookups.extensions.get(held.pk if held else None, [])
                if e.decision == Decision.PENDING and e is not existing
            ]
            if pending[key] + len(waiting) > 1:
                cells.problem("decision", "Another request for this recommendation is waiting")
        elif values["decision"] == Decision.APPROVED:
            approved.setdefault(key, []).append((values["decided_at"], values, row))
        if row.errors:
            checked.append(row)
            continue
        outcome(row, existing, _changes(existing, values))
        row.entry = ExtensionChange(key[0], key[1], values, existing and existing.pk, row.version)
        checked.append(row)
    _revised_dates_agree(approved, lookups)
    return checked


def _recommendation(cells, lookups: Lookups):
    """(key, the recommendation held, as filed) that an Extensions row names."""
    ref = cells.text("recommendation reference")
    if not ref:
        cells.problem("recommendation reference", "Enter the recommendation's reference")
        return None
    keys = {*lookups.recommendations, *lookups.filed_recommendations}
    if cells.text("audit"):
        found = [k for k in keys if k == (plain(cells.text("audit")), ref.lower())]
    else:
        found = [k for k in keys if k[1] == ref.lower()]
    if not found:
        cells.problem(
            "recommendation reference",
            f"No recommendation has the reference {ref}: add it to the Audit recommendations "
            "sheet, or correct it",
        )
        return None
    if len(found) > 1:
        cells.problem(
            "recommendation reference",
            f"{ref} is used by more than one audit: add an Audit column to say which",
        )
        return None
    key = found[0]
    return key, lookups.recommendations.get(key), lookups.filed_recommendations.get(key)


def _extension_values(cells, lookups, today: dt.date) -> dict:
    requested = cells.read("requested on", parse_date, what="the date requested")
    if not cells.text("requested on"):
        cells.problem("requested on", "Enter the date the extension was requested")
    elif requested and requested > today:
        cells.problem("requested on", "The date requested must be today or in the past")
    by = find_person(cells, "requested by", lookups.people, what="who asked for it")
    proposed = cells.read("new date asked", parse_date, what="the new date asked", month_end=True)
    if not cells.text("new date asked"):
        cells.problem("new date asked", "Enter the new due date asked for")
    if not cells.text("reason"):
        cells.problem("reason", "Enter why more time was asked for")
    decision = choice(cells, "decision", DECISIONS, what="decision") or Decision.PENDING
    decision = Decision.PENDING if decision == "pending" else decision
    decided_on = cells.read("decided on", parse_date, what="the date decided")
    decided_by = None
    if decision == Decision.PENDING:
        if cells.text("decided on") or cells.text("decided by"):
            cells.problem(
                "decision", "Give the decision, or leave when and by whom it was decided empty"
            )
    else:
        if decided_on is None and not cells.text("decided on"):
            cells.problem("decided on", "Enter the date the extension was decided")
        elif decided_on and decided_on > today:
            cells.problem("decided on", "The date decided must be today or in the past")
        elif decided_on and requested and decided_on < requested:
            cells.problem(
                "decided on", f"The decision cannot come before the request, {_day(requested)}"
            )
        decided_by = find_person(cells, "decided by", lookups.people, what="who decided it")
    return {
        "requested_at": requested,
        "requested_by_id": by and by.pk,
        "proposed_date": proposed,
        "reason": cells.text("reason"),
        "decision": decision,
        "decided_at": decided_on if decision != Decision.PENDING else None,
        "decided_by_id": decided_by and decided_by.pk,
        "decision_note": cells.text("decision note"),
    }


def _revised_dates_agree(approved: dict, lookups: Lookups) -> None:
    """The revised due date given (or held) is the date of the latest approved extension."""
    for key, decided in approved.items():
        held = lookups.recommendations.get(key)
        filed = lookups.filed_recommendations.get(key)
        latest = max(
            [(d, v["proposed_date"]) for d, v, _ in decided]
            + [
                (timezone.localdate(e.decided_at), e.proposed_date)
                for e in lookups.extensions.get(held.pk if held else None, [])
                if e.decision == Decision.APPROVED
            ]
        )
        if filed is None or "revised_due_date" not in filed.values:
            continue  # the revised due date follows the extensions
        revised = filed.values["revised_due_date"]
        if revised != latest[1]:
            row = max(decided, key=lambda item: item[0])[2]
            shown = _day(revised) if revised else "empty"
            row.errors.append(
                f"The recommendation's revised due date is {shown}, not "
                f"{_day(latest[1])}, the date of its latest approved extension: make them agree"
            )
            row.entry, row.changed = None, False


# --- saving -------------------------------------------------------------------------------------


def _held(model, pk: int, version: str):
    record = model._default_manager.filter(pk=pk).first()
    if record is None:
        raise EditConflict(who=None, when=None, changes=[], removed=True)
    record = locked(record)
    check_version(record, version)
    return record


def _moment(day: dt.date | None) -> dt.datetime | None:
    """A date the source gives, as the start of that day here."""
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


@transaction.atomic
def tracker_save(*, entries: list, actor, source: str) -> int:
    """Write what the checked tracker adds and changes, all or nothing, each record with
    "Imported from <file> by <person>" in its history. A record someone saved since the
    check is refused (EditConflict). Returns how many records."""
    reason = imported_reason(source=source, actor=actor)
    audits = {plain(a.title): a for a in Audit.objects.all()}
    recommendations: dict[tuple, Recommendation] = {}
    extended: dict[tuple, Recommendation] = {}
    for entry in entries:
        if isinstance(entry, AuditChange):
            audits[plain(entry.title)] = _save_audit(entry, actor, reason)
        elif isinstance(entry, RecommendationChange):
            rec = _save_recommendation(entry, audits[plain(entry.audit)], actor, reason)
            recommendations[(plain(entry.audit), entry.ref.lower())] = rec
        elif isinstance(entry, ExtensionChange):
            key = (plain(entry.audit), entry.ref.lower())
            if key not in recommendations:
                recommendations[key] = locked(
                    Recommendation.objects.get(audit=audits[key[0]], ref__iexact=entry.ref)
                )
            _save_extension(entry, recommendations[key], actor, reason, source)
            extended[key] = recommendations[key]
    for rec in extended.values():
        _follow_extensions(rec, actor, reason)
    return len(entries)


def _save_audit(entry: AuditChange, actor, reason: str) -> Audit:
    audit = _held(Audit, entry.existing, entry.version) if entry.existing else Audit()
    audit.title = audit.title or entry.title
    values = dict(entry.values)
    services = values.pop("service_ids", [])
    for name, value in values.items():
        setattr(audit, name, value)
    save_with_history(audit, actor=actor, reason=reason)
    audit.services.add(*services)
    return audit


def _save_recommendation(entry: RecommendationChange, audit, actor, reason) -> Recommendation:
    if entry.existing:
        rec = _held(Recommendation, entry.existing, entry.version)
    else:
        locked(audit)
        rec = Recommendation(audit=audit, ref=entry.ref)
    for name, value in entry.values.items():
        setattr(rec, name, value)
    if rec.revised_due_date is None:
        rec.revision_count = 0
    elif rec.revision_count == 0:
        rec.revision_count = 1  # a revised date the tracker gives without its extensions
    save_with_history(rec, actor=actor, reason=reason)
    return rec


def _save_extension(entry: ExtensionChange, rec, actor, reason: str, source: str) -> None:
    if entry.existing:
        extension = _held(ExtensionRequest, entry.existing, entry.version)
    else:
        extension = ExtensionRequest(recommendation=rec)
    for name, value in entry.values.items():
        setattr(extension, name, _moment(value) if name.endswith("_at") else value)
    extension.entered_by, extension.entered_at = actor, timezone.now()
    extension.imported_from = source
    save_with_history(extension, actor=actor, reason=reason)


def _follow_extensions(rec: Recommendation, actor, reason: str) -> None:
    """The revised due date is the latest approved extension's; the revisions, how many."""
    approved = list(rec.extensions.filter(decision=Decision.APPROVED).order_by("decided_at", "pk"))
    if not approved:
        return
    latest = approved[-1]
    if (rec.revised_due_date, rec.revision_count) == (latest.proposed_date, len(approved)):
        return
    rec.revised_due_date, rec.revision_count = latest.proposed_date, len(approved)
    rec.revision_reason = rec.revision_reason or latest.reason
    save_with_history(rec, actor=actor, reason=reason)
