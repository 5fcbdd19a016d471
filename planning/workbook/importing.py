"""Importing a whole-plan workbook back into a Service Business Plan.

The rules, in council terms:

- The sheets read back are About, Self-assessment, Budget, Delivery plan, Milestones,
  Policies and Contracts (layout.IMPORTED; the registers' rules are in .registers); the rest
  of the workbook is for reading. A workbook need not hold every one of them: a sheet that
  is absent leaves that part of the plan as it is. Hidden sheets are not read.
- Checking writes nothing: every row of every sheet read gets what importing it would do —
  added, changed (naming the fields) or left as it is — or its problems, each named by sheet,
  row and column. Rows of the plan that the workbook does not mention are left as they are:
  importing never removes anything.
- The About sheet, when there is one, must name this plan's service and year.
- Actions are matched by their reference, which every row must have and no two rows share;
  milestones by their action's reference and their title; self-assessment rows by theme.
- The golden-thread link ("Serves level" and "Serves reference") is matched by reference
  only, never guessed: a corporate ambition in the corporate plan covering the year, a
  delivery plan activity in that year's Delivery Plan, a directorate priority in the
  service's directorate's plan for the year. A reference that matches nothing is a problem.
- The lead officer is matched by the user name in brackets ("Alex Jones (ajones)"), a user
  name or an email address; an impact sought by its title (a new title adds an impact).
- Once the plan has been signed off an action's original due date cannot change: the
  revised due date and its reason carry a later date.
- Importing is all or nothing, and only as checked (core.uploads.checked_save); every
  record it writes keeps "Imported from <file> by <person>" in its history.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from openpyxl.utils import get_column_letter

from core.history import version_token
from core.imports import (
    ValueRefused,
    parse_date,
    parse_financial_year,
    parse_yes_no,
    read_book,
    unworked_problem,
)
from core.periods import year_label
from core.saving import save_with_history
from core.uploads import CheckedFile, CheckedRow, UploadRefused
from planning.delivery_rules import original_due_date_problem
from planning.models import (
    Ambition,
    DeliveryActivity,
    DirectoratePriority,
    Impact,
    Milestone,
    Person,
    SelfAssessmentEntry,
    ServiceAction,
    ServicePlan,
    themes_for,
)
from planning.services.delivery import plan_touch, reason_for

from . import registers
from .layout import ABOUT, DELIVERY, IMPORTED, MILESTONES, SELF_ASSESSMENT, SERVES_LEVELS, templates

ADDED, LEFT = "Will be added", "No change"
SESSION_KEY = "plan-import-{pk}"


# --- reading --------------------------------------------------------------------------


def read_workbook(name: str, content: bytes) -> dict:
    """The workbook's imported sheets as plain data (kept in the session until saved)."""
    book = read_book(name, content, templates=templates())
    if not book.sheets:
        raise UploadRefused(
            "The workbook has none of the sheets that are imported ("
            + ", ".join(IMPORTED)
            + "): download the plan's workbook and fill that in"
        )
    return {
        "hidden": book.hidden,
        "sheets": {
            sheet.name: {
                "headings": sheet.headings,
                "rows": [[row.number, row.cells, row.unworked] for row in sheet.rows],
            }
            for sheet in book.sheets.values()
        },
    }


# --- the check's result -----------------------------------------------------------------


@dataclass
class WorkbookCheck(CheckedFile):
    """A checked workbook: its rows (subject: the sheet) and the hidden sheets not read."""

    hidden: list[str] = field(default_factory=list)

    @property
    def sheets(self) -> list[tuple[str, list[CheckedRow]]]:
        return [
            (name, [row for row in self.rows if row.subject == name])
            for name in IMPORTED
            if any(row.subject == name for row in self.rows)
        ]

    @property
    def problems(self) -> list[str]:
        """Every problem, named by sheet and row (the column is in the message)."""
        return [
            f"{row.subject}, row {row.number}: {error}" for row in self.rows for error in row.errors
        ]

    def counts(self) -> dict[str, int]:
        outcomes = Counter(
            "added" if row.outcome == ADDED else "changed" if row.changed else "left"
            for row in self.rows
            if not row.errors and row.subject != ABOUT
        )
        return {
            "added": outcomes["added"],
            "changed": outcomes["changed"],
            "left": outcomes["left"],
        }


class Cells:
    """One row's cells, naming a problem by its column ("Column G (original due date)")."""

    def __init__(self, row: CheckedRow, cells: dict, headings: list[str], unworked: list[str]):
        self.row, self.cells, self.headings = row, cells, headings
        for heading in unworked:
            self.problem(heading, unworked_problem(heading))

    def text(self, heading: str) -> str:
        return (self.cells.get(heading) or "").strip()

    def has(self, heading: str) -> bool:
        return heading in self.headings

    def problem(self, heading: str, message: str) -> None:
        where = (
            f"column {get_column_letter(self.headings.index(heading) + 1)} ({heading})"
            if heading in self.headings
            else f"column {heading}"
        )
        self.row.errors.append(f"{where[0].upper()}{where[1:]}: {message}")

    def read(self, heading: str, parse, **kwargs):
        try:
            return parse(self.text(heading), **kwargs)
        except ValueRefused as error:
            self.problem(heading, str(error))
            return None


def same_text(held: str, given: str) -> bool:
    """Text as a spreadsheet keeps it: line breaks as line feeds, ends trimmed."""
    return _plain(held) == _plain(given)


def _plain(text) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _outcome(row: CheckedRow, existing, changes: list[str]) -> None:
    if existing is None:
        row.outcome, row.changed = ADDED, True
    elif changes:
        row.outcome, row.changed = "Will change: " + ", ".join(changes), True
    else:
        row.outcome = LEFT
    row.version = version_token(existing) if existing is not None else ""


# --- checking -----------------------------------------------------------------------------


@dataclass
class Lookups:
    """What the rows refer to, fetched in a fixed number of queries."""

    plan: ServicePlan
    actions: dict[str, ServiceAction]
    untitled: dict[str, list[ServiceAction]]
    impacts: dict[str, Impact]
    entries: dict[str, SelfAssessmentEntry]
    targets: dict[str, dict[str, object]]
    people: dict[str, Person]
    registers: dict[str, list]

    @classmethod
    def of(cls, plan: ServicePlan, data: dict) -> Lookups:
        actions, untitled = {}, {}
        for a in (
            ServiceAction.objects.filter(plan=plan)
            .select_related("impact")
            .prefetch_related("milestones")
        ):
            if a.ref:
                actions[a.ref.lower()] = a
            else:
                untitled.setdefault(a.title.strip().lower(), []).append(a)
        return cls(
            plan=plan,
            actions=actions,
            untitled=untitled,
            impacts={i.title.strip().lower(): i for i in Impact.objects.filter(plan=plan)},
            entries={e.theme: e for e in SelfAssessmentEntry.objects.filter(plan=plan)},
            targets=_targets(plan),
            people=_people(data),
            registers=registers.held_rows(plan),
        )


def _targets(plan: ServicePlan) -> dict[str, dict[str, object]]:
    """The items this plan's actions may serve, by kind and reference (lower case)."""
    year = plan.year
    ambitions = Ambition.objects.filter(
        plan__first_year__start_year__lte=year.start_year
    ).select_related("plan__first_year")
    return {
        "ambition": {a.ref.lower(): a for a in ambitions if a.ref and a.plan.covers(year)},
        "activity": {
            a.ref.lower(): a for a in DeliveryActivity.objects.filter(plan__year=year) if a.ref
        },
        "priority": {
            p.ref.lower(): p
            for p in DirectoratePriority.objects.filter(
                plan__year=year, plan__directorate_id=plan.service.directorate_id
            )
            if p.ref
        },
    }


def _people(data: dict) -> dict[str, Person]:
    """The people the workbook names as lead officers, by user name and email (lower case),
    in one query."""
    names = {
        _person_key(cells.get("lead officer", ""))
        for _, cells, _ in data["sheets"].get(DELIVERY, {}).get("rows", [])
    } - {""}
    if not names:
        return {}
    query = Q()
    for name in names:
        query |= Q(username__iexact=name) | Q(email__iexact=name)
    people = {}
    for person in Person.objects.filter(query):
        people.setdefault(person.username.lower(), person)
        if person.email:
            people.setdefault(person.email.lower(), person)
    return people


def _person_key(text: str) -> str:
    text = text.strip()
    if text.endswith(")") and "(" in text:
        text = text[text.rindex("(") + 1 : -1]
    return text.strip().lower()


def plan_import_check(*, plan: ServicePlan, data: dict) -> WorkbookCheck:
    """What importing the workbook (read by read_workbook) into the plan would do."""
    lookups = Lookups.of(plan, data)
    result = WorkbookCheck(rows=[], hidden=list(data.get("hidden", [])))
    sheets = data["sheets"]
    checks = {
        ABOUT: _check_about,
        SELF_ASSESSMENT: _check_self_assessment,
        DELIVERY: _check_actions,
        MILESTONES: _check_milestones,
    }
    for name in IMPORTED:
        if name in sheets and name in checks:
            result.rows += checks[name](sheets[name], lookups, sheets)
        elif name in sheets:
            result.rows += registers.check_register(
                name, sheets[name], lookups.registers[name], rows_of=_rows, outcome=_outcome
            )
    return result


def _rows(sheet: dict, name: str):
    for number, cells, unworked in sheet["rows"]:
        row = CheckedRow(number=number, subject=name)
        yield row, Cells(row, cells, sheet["headings"], unworked)


def _check_about(sheet: dict, lookups: Lookups, sheets: dict) -> list[CheckedRow]:
    plan, rows = lookups.plan, []
    for row, cells in _rows(sheet, ABOUT):
        label, value = cells.text("about this workbook").lower(), cells.text("value")
        row.detail, row.outcome = cells.text("about this workbook"), "Read only"
        if label == "service code" and value.lower() != plan.service.code.lower():
            cells.problem(
                "value",
                f"This workbook is for the service with code “{value}”, not {plan.service} "
                f"({plan.service.code}): import it into that service's plan",
            )
        if label == "financial year":
            start = cells.read("value", parse_financial_year)
            if start is not None and start != plan.year.start_year:
                cells.problem(
                    "value",
                    f"This workbook is for {year_label(start)}, not {plan.year}: import it "
                    "into that year's plan",
                )
        rows.append(row)
    return rows


def _check_self_assessment(sheet: dict, lookups: Lookups, sheets: dict) -> list[CheckedRow]:
    themes = themes_for(lookups.plan.service.self_assessment_variant)
    by_name = {t.title.lower(): t for t in themes} | {t.key: t for t in themes}
    seen, rows = set(), []
    for row, cells in _rows(sheet, SELF_ASSESSMENT):
        theme = by_name.get(cells.text("theme").lower())
        row.detail = cells.text("theme")
        if theme is None:
            cells.problem(
                "theme",
                f"“{cells.text('theme')}” is not one of this plan's themes: use one of "
                + "; ".join(t.title for t in themes),
            )
        elif theme.key in seen:
            cells.problem("theme", f"{theme.title} is on an earlier row too: keep one row")
        if row.errors:
            rows.append(row)
            continue
        seen.add(theme.key)
        narrative = cells.cells.get("narrative", "").strip()
        existing = lookups.entries.get(theme.key)
        changes = ["narrative"] if existing and not same_text(existing.narrative, narrative) else []
        if existing is None and not narrative:
            row.outcome = LEFT
        else:
            _outcome(row, existing, changes)
            row.entry = EntryChange(theme.key, narrative, existing)
        rows.append(row)
    return rows


@dataclass
class EntryChange:
    theme: str
    narrative: str
    existing: SelfAssessmentEntry | None


@dataclass
class ActionChange:
    ref: str
    values: dict
    impact_title: str
    serves: object | None
    existing: ServiceAction | None


@dataclass
class MilestoneChange:
    action: ServiceAction | None
    action_ref: str
    title: str
    due_date: dt.date
    done: bool
    existing: Milestone | None


ACTION_TEXT = {
    "action": ("title", 300),
    "description": ("description", None),
    "programme reference": ("programme_ref", 60),
    "reason for the revised due date": ("revised_due_reason", None),
}
ACTION_DATES = {
    "start date": "start_date",
    "original due date": "due_date",
    "revised due date": "revised_due_date",
}
FIELD_WORDS = {
    "title": "title",
    "description": "description",
    "programme_ref": "programme reference",
    "revised_due_reason": "reason for the revised due date",
    "start_date": "start date",
    "due_date": "original due date",
    "revised_due_date": "revised due date",
    "lead": "lead officer",
    "in_delivery_plan": "in the council's Delivery Plan",
    "impact": "impact sought",
    "serves": "serves",
}


def _check_actions(sheet: dict, lookups: Lookups, sheets: dict) -> list[CheckedRow]:
    refs = Counter(cells.get("reference", "").strip().lower() for _, cells, _ in sheet["rows"])
    used: set[int] = set()
    return [_check_action(row, cells, lookups, refs, used) for row, cells in _rows(sheet, DELIVERY)]


def _check_action(
    row: CheckedRow, cells: Cells, lookups: Lookups, refs: Counter, used: set[int]
) -> CheckedRow:
    ref = cells.text("reference")
    row.detail = f"{ref} {cells.text('action')}".strip()
    existing = lookups.actions.get(ref.lower()) if ref else None
    if not ref:
        existing = _without_reference(cells.text("action"), lookups, used)
        if existing is None:
            cells.problem("reference", "Enter the action's reference: actions are matched by it")
    elif refs[ref.lower()] > 1:
        cells.problem("reference", f"{ref} is on more than one row: each action has its own")
    values = _action_values(cells, existing)
    if not values.get("title"):
        cells.problem("action", "Enter the action")
    serves = _serves(cells, lookups)
    lead = _lead(cells, lookups)
    _action_rules(cells, values, existing, lookups.plan)
    if row.errors:
        return row
    values["lead"] = lead
    impact_title = cells.text("impact sought") if cells.has("impact sought") else None
    changes = _action_changes(existing, values, impact_title, serves, cells)
    _outcome(row, existing, changes)
    if impact_title and impact_title.lower() not in lookups.impacts:
        row.outcome += f" (adds the impact sought “{impact_title}”)"
    row.entry = ActionChange(ref, values, impact_title, serves, existing)
    return row


def _without_reference(title: str, lookups: Lookups, used: set[int]):
    """An action the plan holds without a reference is matched by its title, when exactly
    one such action has it (a row for a new action needs a reference)."""
    found = [a for a in lookups.untitled.get(title.lower(), []) if a.pk not in used]
    if len(lookups.untitled.get(title.lower(), [])) != 1 or not found:
        return None
    used.add(found[0].pk)
    return found[0]


def _action_values(cells: Cells, existing) -> dict:
    """The action's fields as the row gives them; a column the sheet lacks keeps what the
    action holds."""
    values = {}
    for heading, (name, limit) in ACTION_TEXT.items():
        if cells.has(heading):
            text = (cells.cells.get(heading) or "").strip()
            if limit and len(text) > limit:
                cells.problem(heading, f"Shorten it to {limit} characters or fewer")
            values[name] = text
        elif existing is not None:
            values[name] = getattr(existing, name)
    for heading, name in ACTION_DATES.items():
        if cells.has(heading):
            values[name] = cells.read(heading, parse_date, what=f"the {heading}", month_end=True)
        elif existing is not None:
            values[name] = getattr(existing, name)
    if cells.has("in the council's delivery plan"):
        values["in_delivery_plan"] = cells.read(
            "in the council's delivery plan", parse_yes_no, what="in the council's Delivery Plan"
        )
    elif existing is not None:
        values["in_delivery_plan"] = existing.in_delivery_plan
    return values


def _action_rules(cells: Cells, values: dict, existing, plan: ServicePlan) -> None:
    start, due = values.get("start_date"), values.get("due_date")
    if start and due and due < start:
        cells.problem("original due date", "The due date must be on or after the start date")
    if values.get("revised_due_date") and not values.get("revised_due_reason"):
        cells.problem("reason for the revised due date", "Give the reason for the revised due date")
    if existing is not None and "due_date" in values:
        problem = original_due_date_problem(
            signed_off=plan.signed_off_at is not None,
            saved=existing.due_date,
            wanted=values["due_date"],
        )
        if problem:
            cells.problem("original due date", problem)


def _serves(cells: Cells, lookups: Lookups):
    if not cells.has("serves level"):
        return "keep"
    level, ref = cells.text("serves level"), cells.text("serves reference")
    if not level and not ref:
        return None
    kind = SERVES_LEVELS.get(level.lower())
    if kind is None:
        cells.problem(
            "serves level",
            f"“{level}” is not a level an action serves: use "
            + ", ".join(name.capitalize() for name in SERVES_LEVELS),
        )
        return None
    if not ref:
        cells.problem("serves reference", f"Enter the reference of the {level.lower()} served")
        return None
    target = lookups.targets[kind].get(ref.lower())
    if target is None:
        cells.problem(
            "serves reference",
            f"No {level.lower()} has the reference {ref} in the plans this plan's actions may "
            f"serve for {lookups.plan.year}: check the reference (links are never guessed)",
        )
    return target


def _lead(cells: Cells, lookups: Lookups):
    if not cells.has("lead officer"):
        return "keep"
    key = _person_key(cells.text("lead officer"))
    if not key:
        return None
    person = lookups.people.get(key)
    if person is None:
        cells.problem(
            "lead officer",
            f"No one has the user name or email “{key}”: write the lead officer as the "
            "workbook names them, like “Alex Jones (ajones)”",
        )
    return person


def _action_changes(existing, values, impact_title, serves, cells) -> list[str]:
    if existing is None:
        return []
    changes = [
        FIELD_WORDS[name]
        for name, value in values.items()
        if name != "lead" and not _same(getattr(existing, name), value)
    ]
    if values["lead"] != "keep" and existing.lead_id != getattr(values["lead"], "pk", None):
        changes.append("lead officer")
    if impact_title is not None:
        held = existing.impact.title.strip() if existing.impact else ""
        if held.lower() != impact_title.lower():
            changes.append("impact sought")
    if serves != "keep" and existing.serves_key != (
        (serves.KIND, serves.pk) if serves is not None else None
    ):
        changes.append("serves")
    return changes


def _same(held, given) -> bool:
    if isinstance(held, str) and isinstance(given, str):
        return same_text(held, given)
    return held == given


def _check_milestones(sheet: dict, lookups: Lookups, sheets: dict) -> list[CheckedRow]:
    in_file = {
        cells.get("reference", "").strip().lower()
        for _, cells, _ in sheets.get(DELIVERY, {}).get("rows", [])
    }
    used: set[int] = set()
    rows = []
    for row, cells in _rows(sheet, MILESTONES):
        ref, title = cells.text("action reference"), cells.text("milestone")
        row.detail = f"{ref or cells.text('action')}: {title}"
        action = lookups.actions.get(ref.lower()) if ref else _untitled(cells, lookups)
        if not ref and action is None:
            cells.problem("action reference", "Enter the reference of the milestone's action")
        elif action is None and ref.lower() not in in_file:
            cells.problem(
                "action reference",
                f"No action has the reference {ref} in this plan or the Delivery plan sheet",
            )
        if not title:
            cells.problem("milestone", "Enter the milestone")
        elif len(title) > 300:
            cells.problem("milestone", "Shorten it to 300 characters or fewer")
        due = cells.read("due date", parse_date, what="the milestone's due date", month_end=True)
        if due is None and not any("(due date)" in e for e in row.errors):
            cells.problem("due date", "Enter the milestone's due date")
        done = cells.read("done", parse_yes_no, what="done") if cells.has("done") else None
        if row.errors:
            rows.append(row)
            continue
        existing = _milestone_match(action, title, used)
        if existing is not None:
            used.add(existing.pk)
        done = existing.done if done is None and existing else bool(done)
        changes = []
        if existing is not None:
            changes = [
                word
                for word, held, given in (
                    ("milestone", existing.title.strip(), title),
                    ("due date", existing.due_date, due),
                    ("done", existing.done, done),
                )
                if held != given
            ]
        _outcome(row, existing, changes)
        row.entry = MilestoneChange(action, ref, title, due, done, existing)
        rows.append(row)
    return rows


def _untitled(cells: Cells, lookups: Lookups):
    """The action without a reference the row names by title (the Action column)."""
    found = lookups.untitled.get(cells.text("action").lower(), [])
    return found[0] if len(found) == 1 else None


def _milestone_match(action, title: str, used: set[int]):
    if action is None:
        return None
    for milestone in action.milestones.all():
        if milestone.pk not in used and milestone.title.strip().lower() == title.lower():
            return milestone
    return None


# --- saving -------------------------------------------------------------------------------


@transaction.atomic
def plan_import_save(*, plan: ServicePlan, entries: list, actor, source: str) -> int:
    """Write what the checked workbook adds and changes, all or nothing, each with
    "Imported from <file> by <person>" in its history. Returns how many records."""
    who = actor.get_full_name() or actor.username
    reason = reason_for(plan, f"Imported from {source} by {who}")
    saved = 0
    impacts = {i.title.strip().lower(): i for i in Impact.objects.filter(plan=plan)}
    actions = {a.ref.lower(): a for a in ServiceAction.objects.filter(plan=plan) if a.ref}
    order = plan.items.count()
    for entry in entries:
        if isinstance(entry, EntryChange):
            record = entry.existing or SelfAssessmentEntry(plan=plan, theme=entry.theme)
            record.narrative = entry.narrative
            save_with_history(record, actor=actor, reason=reason)
        elif isinstance(entry, registers.RegisterChange):
            registers.save_register(plan, entry, actor=actor, reason=reason)
        elif isinstance(entry, ActionChange):
            if entry.existing is None:
                order += 1
            record = _action_apply(plan, entry, impacts, order, actor, reason)
            if entry.ref:
                actions[entry.ref.lower()] = record
        else:
            action = entry.action or actions[entry.action_ref.lower()]
            record = entry.existing or Milestone(action=action)
            record.title, record.due_date, record.done = entry.title, entry.due_date, entry.done
            save_with_history(record, actor=actor, reason=reason)
        saved += 1
    if saved:
        plan_touch(plan=plan, actor=actor)
    return saved


def _action_apply(plan, entry: ActionChange, impacts: dict, order: int, actor, reason: str):
    action = entry.existing or ServiceAction(plan=plan, order=order, ref=entry.ref)
    if entry.existing is not None:
        action = ServiceAction.objects.select_for_update().get(pk=action.pk)
    revised = entry.values.get("revised_due_date", action.revised_due_date)
    if revised and revised != action.revised_due_date:
        action.due_date_revisions += 1
    for name, value in entry.values.items():
        if name == "lead":
            if value != "keep":
                action.lead = value
        else:
            setattr(action, name, value)
    if entry.impact_title is not None:
        action.impact = _impact(plan, entry.impact_title, impacts, actor, reason)
    if entry.serves != "keep":
        action.set_serves(entry.serves)
    save_with_history(action, actor=actor, reason=reason)
    return action


def _impact(plan, title: str, impacts: dict, actor, reason: str):
    if not title:
        return None
    impact = impacts.get(title.lower())
    if impact is None:
        impact = Impact(plan=plan, title=title, order=len(impacts) + 1)
        save_with_history(impact, actor=actor, reason=reason)
        impacts[title.lower()] = impact
    return impact
