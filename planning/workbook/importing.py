"""Importing a whole-plan workbook back into a Service Business Plan.

The rules, in council terms:

- Every sheet is read back (layout.imported_sheets): planning's own here and in .delivery,
  .registers (budget, capital, savings, workforce, policies, contracts) and .sections
  (commitments, assurance); the Indicators, Risks and Audit recommendations sheets by the
  apps that keep them, through the check and save they register (layout.sheet_register),
  each refusing what the importer may not change on that app's own pages. A workbook need
  not hold every sheet: a sheet that is absent leaves that part of the plan as it is.
  Hidden sheets are not read.
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

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from core.imports import (
    parse_financial_year,
    read_book,
)
from core.periods import year_label
from core.saving import save_with_history
from core.uploads import CheckedFile, CheckedRow, UploadRefused
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

from . import delivery, registers, sections
from .layout import (
    ABOUT,
    DELIVERY,
    MILESTONES,
    OTHER_SHEETS,
    SELF_ASSESSMENT,
    imported_sheets,
    templates,
)
from .rows import ADDED, LEFT, imported_reason, outcome, people_named, rows_of, same_text

SESSION_KEY = "plan-import-{pk}"


# --- reading --------------------------------------------------------------------------


def read_workbook(name: str, content: bytes) -> dict:
    """The workbook's imported sheets as plain data (kept in the session until saved)."""
    book = read_book(name, content, templates=templates())
    if not book.sheets:
        raise UploadRefused(
            "The workbook has none of the sheets that are imported ("
            + ", ".join(imported_sheets())
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
            for name in imported_sheets()
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
            targets=serves_targets(plan),
            people=_people(data),
            registers=registers.held_rows(plan),
        )


def serves_targets(plan: ServicePlan) -> dict[str, dict[str, object]]:
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
    """The people the workbook names as lead officers and commitments' owners, by user name
    and email (lower case), in one query."""
    named = (
        cells.get(heading, "")
        for sheet, heading in ((DELIVERY, "lead officer"), ("Commitments", "owner"))
        for _, cells, _ in data["sheets"].get(sheet, {}).get("rows", [])
    )
    return people_named(named)


def plan_import_check(*, plan: ServicePlan, data: dict, user=None) -> WorkbookCheck:
    """What importing the workbook (read by read_workbook) into the plan would do, for
    `user` (the other apps' sheets refuse what they may not change; without a user, every
    row of those sheets that would add or change something is refused)."""
    lookups = Lookups.of(plan, data)
    result = WorkbookCheck(rows=[], hidden=list(data.get("hidden", [])))
    sheets = data["sheets"]
    checks = {
        ABOUT: _check_about,
        SELF_ASSESSMENT: _check_self_assessment,
        DELIVERY: delivery.check_actions,
        MILESTONES: delivery.check_milestones,
        **sections.CHECKS,
    }
    for name in imported_sheets():
        if name not in sheets:
            continue
        if name in checks:
            result.rows += checks[name](sheets[name], lookups, sheets)
        elif name in OTHER_SHEETS:
            result.rows += OTHER_SHEETS[name].check(plan=plan, sheet=sheets[name], user=user)
        else:
            result.rows += registers.check_register(
                name, sheets[name], lookups.registers[name], rows_of=rows_of, outcome=outcome
            )
    return result


def _check_about(sheet: dict, lookups: Lookups, sheets: dict) -> list[CheckedRow]:
    plan, rows = lookups.plan, []
    for row, cells in rows_of(sheet, ABOUT):
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
    for row, cells in rows_of(sheet, SELF_ASSESSMENT):
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
            outcome(row, existing, changes)
            row.entry = EntryChange(theme.key, narrative, existing)
        rows.append(row)
    return rows


@dataclass
class EntryChange:
    theme: str
    narrative: str
    existing: SelfAssessmentEntry | None


# --- saving -------------------------------------------------------------------------------


@transaction.atomic
def plan_import_save(*, plan: ServicePlan, entries: list, actor, source: str) -> int:
    """Write what the checked workbook adds and changes, all or nothing, each with
    "Imported from <file> by <person>" in its history. Returns how many records."""
    reason = reason_for(plan, imported_reason(source=source, actor=actor))
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
        elif isinstance(entry, sections.SECTION_CHANGES):
            sections.save_section(plan, entry, actor=actor, reason=reason)
        elif getattr(entry, "sheet", None) in OTHER_SHEETS:
            OTHER_SHEETS[entry.sheet].save(plan=plan, entry=entry, actor=actor, reason=reason)
        elif isinstance(entry, delivery.ActionChange):
            if entry.existing is None:
                order += 1
            record = delivery.action_apply(plan, entry, impacts, order, actor, reason)
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
