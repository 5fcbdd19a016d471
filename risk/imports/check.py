"""Checking a risk register workbook, row by row and sheet by sheet (the rules are in
risk.imports): what importing it would add, change or leave, or its problems."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from core import periods
from core.imports import Book, parse_date
from core.uploads import CheckedFile, CheckedRow
from planning.workbook.bulk_rows import choice, find_person, parse_quarter, plain, sheet_data
from planning.workbook.rows import outcome, rows_of, same_text

from .. import rules, scores
from ..models import ActionStatus, Category, Risk, RiskStatus, Treatment
from .layout import ACTIONS, FIELD_WORDS, REVIEWS, RISK_TEXT, RISKS
from .places import Lookups, Place, place_named


@dataclass
class RiskChange:
    place: tuple
    ref: str
    values: dict
    existing: int | None
    version: str


@dataclass
class ActionChange:
    place: tuple
    ref: str
    values: dict
    existing: int | None
    version: str


@dataclass
class ReviewChange:
    place: tuple
    ref: str
    quarter: tuple[int, int]
    values: dict
    existing: int | None
    version: str


def registers_check(*, book: Book, actor, options: dict) -> CheckedFile:
    """What importing the workbook would do, row by row and sheet by sheet (writes
    nothing)."""
    lookups = Lookups.of(book)
    result = CheckedFile(rows=[])
    for name, check in (
        (RISKS, _check_risks),
        (ACTIONS, _check_actions),
        (REVIEWS, _check_reviews),
    ):
        sheet = sheet_data(book, name)
        if sheet is not None:
            result.rows += check(sheet, lookups, actor)
    return result


def _check_risks(sheet: dict, lookups: Lookups, actor) -> list[CheckedRow]:
    keys = Counter()
    checked = []
    for row, cells in rows_of(sheet, RISKS):
        ref = cells.text("reference")
        row.detail = f"{ref} {cells.text('risk')}".strip()
        place = place_named(cells, "register", lookups.places, actor)
        if not ref:
            cells.problem("reference", "Enter the risk's reference: risks are matched by it")
        existing = lookups.risks.get((place.key, ref.lower())) if place and ref else None
        if place and ref:
            keys[(place.key, ref.lower())] += 1
            if keys[(place.key, ref.lower())] > 1:
                cells.problem("reference", f"{ref} is on an earlier row for the same register")
        values = _risk_values(cells, lookups, existing, place)
        if place and ref:
            lookups.filed.setdefault((place.key, ref.lower()), (place, values.get("owner")))
        if row.errors:
            checked.append(row)
            continue
        owner = values.pop("owner", None)
        if owner is not None:
            values["owner_id"] = owner.pk
        changes = _changes(existing, values)
        outcome(row, existing, changes)
        if place.register is None:
            row.outcome += f" (opens the {place})"
        row.entry = RiskChange(place.key, ref, values, existing and existing.pk, row.version)
        checked.append(row)
    return checked


def _risk_values(cells, lookups: Lookups, existing: Risk | None, place: Place | None) -> dict:
    values: dict = {}
    for heading, name in RISK_TEXT.items():
        if cells.has(heading):
            values[name] = cells.text(heading)
    if not cells.text("risk"):
        cells.problem("risk", "Enter the risk")
    values["owner"] = find_person(cells, "owner", lookups.people, what="the risk's owner")
    for heading, name, choices, what in (
        ("category", "category", Category.choices, "category"),
        ("treatment", "treatment", Treatment.choices, "treatment"),
        ("status", "status", RiskStatus.choices, "status"),
    ):
        if cells.has(heading):
            value = choice(cells, heading, choices, what=what)
            if value is not None:
                values[name] = value
    if existing is None and not cells.text("category"):
        cells.problem("category", "Choose the risk's category")
    if cells.has("target date"):
        values["target_date"] = cells.read("target date", parse_date, what="the target date")
    if place is not None:
        for kind in ("inherent", "current", "target"):
            given = scores.read(cells, place.matrix, kind, required=existing is None)
            if given is not None:
                values |= given
    if existing is None and "target_to_be_confirmed" not in values:
        values["target_to_be_confirmed"] = True  # no target given for a new risk
    return values


def _changes(existing, values: dict) -> list[str]:
    if existing is None:
        return []
    changed = []
    for name, value in values.items():
        held = getattr(existing, name)
        same = same_text(held, value) if isinstance(value, str) else held == value
        if not same:
            words = FIELD_WORDS.get(name, name.replace("_score_given", " score").replace("_", " "))
            if words not in changed:
                changed.append(words)
    return changed


def _check_actions(sheet: dict, lookups: Lookups, actor) -> list[CheckedRow]:
    seen = Counter()
    checked = []
    for row, cells in rows_of(sheet, ACTIONS):
        row.detail = f"{cells.text('risk reference')}: {cells.text('action')}"
        named = lookups.risk_named(cells, actor)
        words = cells.text("action")
        if not words:
            cells.problem("action", "Enter the action")
        owner = find_person(cells, "owner", lookups.people, what="the action's owner")
        values = {"description": words, "owner_id": owner and owner.pk}
        if cells.has("due date"):
            values["due_date"] = cells.read(
                "due date", parse_date, what="the due date", month_end=True
            )
        if cells.has("status"):
            values["status"] = choice(cells, "status", ActionStatus.choices, what="status")
            values["status"] = values["status"] or ActionStatus.NOT_STARTED
        if named and words:
            seen[(named[0].key, named[1].lower(), plain(words))] += 1
            if seen[(named[0].key, named[1].lower(), plain(words))] > 1:
                cells.problem("action", "This action is on an earlier row for the same risk")
        if row.errors:
            checked.append(row)
            continue
        place, ref, risk, _ = named
        existing = None
        if risk is not None:
            existing = next(
                (
                    a
                    for a in lookups.actions.get(risk.pk, [])
                    if plain(a.description) == plain(words)
                ),
                None,
            )
        outcome(row, existing, _changes(existing, values))
        row.entry = ActionChange(place.key, ref, values, existing and existing.pk, row.version)
        checked.append(row)
    return checked


def _check_reviews(sheet: dict, lookups: Lookups, actor) -> list[CheckedRow]:
    today = timezone.localdate()
    this_quarter = periods.year_and_quarter(today)
    seen = Counter()
    checked = []
    for row, cells in rows_of(sheet, REVIEWS):
        row.detail = f"{cells.text('risk reference')} {cells.text('quarter')}".strip()
        named = lookups.risk_named(cells, actor)
        reviewed_on = cells.read("review date", parse_date, what="the date of the review")
        if not cells.text("review date"):
            cells.problem("review date", "Enter the date of the review")
        quarter = cells.read("quarter", parse_quarter) if cells.has("quarter") else None
        if quarter is None and reviewed_on and not cells.text("quarter"):
            quarter = periods.year_and_quarter(reviewed_on)
        by = None
        if cells.text("reviewed by"):
            by = find_person(cells, "reviewed by", lookups.people, what="who reviewed it")
        given = scores.read_review(cells, named[0].matrix) if named else None
        if row.errors:
            checked.append(row)
            continue
        place, ref, risk, owner = named
        reviewer = by or owner
        if reviewer is None:
            cells.problem("reviewed by", "Enter who reviewed the risk")
            checked.append(row)
            continue
        values = given | {
            "reviewed_on": reviewed_on,
            "reviewed_by_id": reviewer.pk,
            "commentary": cells.text("note"),
        }
        existing = lookups.reviews.get((risk.pk, *quarter)) if risk else None
        changes = _changes(existing, values)
        problem = rules.review_quarter_problem(
            quarter=quarter,
            this_quarter=this_quarter,
            reviewed_on=reviewed_on,
            today=today,
            already_reviewed=existing is not None and bool(changes),
        )
        seen[(place.key, ref.lower(), quarter)] += 1
        if seen[(place.key, ref.lower(), quarter)] > 1:
            problem = ("quarter", f"{ref} has an earlier row for {periods.quarter_label(*quarter)}")
        if problem:
            heading = "quarter" if problem[0] == "quarter" else "review date"
            cells.problem(heading if cells.has(heading) else "review date", problem[1])
            checked.append(row)
            continue
        outcome(row, existing, changes)
        if row.changed and quarter < this_quarter:
            row.outcome += " (backdated)"
        row.entry = ReviewChange(
            place.key, ref, quarter, values, existing and existing.pk, row.version
        )
        checked.append(row)
    return checked
