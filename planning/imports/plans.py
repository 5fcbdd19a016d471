"""Importing the Corporate Plan's ambitions, the Delivery Plan's activities and each
directorate's priorities from a council's own file.

The rules, in council terms:

- Every row names its financial year (2025/26 or 2025-26), which must be one of the
  council's years. An ambition belongs to the Corporate Plan covering that year, which must
  already exist; an activity to that year's Delivery Plan and a priority to its
  directorate's plan for the year, each added when the year has none yet.
- Items are matched by their reference within their own plan; every row needs one and no
  two rows of a plan share one. A reference the plan does not hold adds an item.
- The golden-thread link is matched by reference within that year's plans only, never
  guessed: an activity serves an ambition of the Corporate Plan covering its year; a
  priority serves an activity of that year's Delivery Plan or such an ambition. Items added
  by the same file count. A reference that matches nothing is a problem, and nothing is
  linked by title.
- A column the file leaves out leaves that part of each item as it is; importing never
  removes an item.
- Who may change each plan is what the edit pages allow (the permissions module): the
  Corporate and Delivery Plans administrators and Management Board members, a directorate's
  plan its director and administrators. A row for a plan the person may not change is
  refused, naming the plan, and the model's own rules refuse a link as the edit pages do.
- Checking writes nothing; saving is all or nothing, each record keeping "Imported from
  <file> by <person>" in its history.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from core.history import check_version, locked, version_token
from core.imports import Book
from core.saving import save_with_history
from core.uploads import CheckedFile, CheckedRow
from planning.models import (
    Ambition,
    CorporatePlan,
    DeliveryActivity,
    DeliveryPlan,
    Directorate,
    DirectoratePlan,
    DirectoratePriority,
    FinancialYear,
)
from planning.permissions import can_change_plan
from planning.workbook.rows import LEFT, Cells, imported_reason, outcome, same_text

from .common import read_order, read_year, sheet_rows, too_long, untold

AMBITIONS, ACTIVITIES, PRIORITIES = "Ambitions", "Delivery plan", "Directorate priorities"
YEAR, REF, TITLE, DESCRIPTION, ORDER = (
    "financial year",
    "reference",
    "title",
    "description",
    "order",
)
MEASURES = {"ambition": "success measures", "activity": "how progress is measured"}
MEASURE_FIELD = {"ambition": "success_measures", "activity": "how_measured"}
SERVES_AMBITION, SERVES_ACTIVITY, DIRECTORATE = "serves ambition", "serves activity", "directorate"

TEMPLATES = {
    AMBITIONS: (YEAR, REF, TITLE),
    ACTIVITIES: (YEAR, REF, TITLE),
    PRIORITIES: (YEAR, DIRECTORATE, REF, TITLE),
}
OPTIONAL = {
    AMBITIONS: (DESCRIPTION, MEASURES["ambition"], ORDER),
    ACTIVITIES: (DESCRIPTION, MEASURES["activity"], SERVES_AMBITION, ORDER),
    PRIORITIES: (DESCRIPTION, SERVES_ACTIVITY, SERVES_AMBITION, ORDER),
}
EXAMPLES = {
    AMBITIONS: [["2026/27", "A1", "A greener borough", "Cleaner air and streets", "", "1"]],
    ACTIVITIES: [["2026/27", "DA1", "Plant 5,000 trees", "", "Trees planted", "A1", "1"]],
    PRIORITIES: [["2026/27", "place", "DP1", "Parks for everyone", "", "DA1", "", "1"]],
}
SHEET_KIND = {AMBITIONS: "ambition", ACTIVITIES: "activity", PRIORITIES: "priority"}
MODELS = {"ambition": Ambition, "activity": DeliveryActivity, "priority": DirectoratePriority}
WHO_CHANGES = {
    "ambition": "administrators and Management Board members change it",
    "activity": "administrators and Management Board members change it",
    "priority": "its director and administrators change it",
}


@dataclass
class ItemChange:
    """What saving one row writes: the item (by kind, plan and reference), its values and
    what it serves ("keep" to leave the link, None for nothing, else (kind, reference))."""

    kind: str
    year: int
    directorate_id: int | None
    ref: str
    values: dict
    serves: object
    existing_pk: int | None
    version: str


# --- checking -------------------------------------------------------------------------


class Lookups:
    """The council's years, plans and items, in a fixed number of queries."""

    def __init__(self):
        self.years = {y.start_year: y for y in FinancialYear.objects.all()}
        self.corporate = list(CorporatePlan.objects.select_related("first_year"))
        self.delivery = {p.year.start_year: p for p in DeliveryPlan.objects.select_related("year")}
        self.directorate_plans = {
            (p.directorate_id, p.year.start_year): p
            for p in DirectoratePlan.objects.select_related("year", "directorate")
        }
        self.directorates = {}
        for d in Directorate.objects.all():
            self.directorates[d.code.lower()] = d
            self.directorates.setdefault(d.name.lower(), d)
        self.items = {}
        for model in MODELS.values():
            for item in _with_serves(model.objects.exclude(ref=""), model):
                self.items[(model.KIND, item.plan_id, item.ref.lower())] = item
        # References the file adds, by (kind, plan key, reference).
        self.added: set[tuple] = set()

    def corporate_for(self, year) -> CorporatePlan | None:
        return next((c for c in self.corporate if c.covers(year)), None)


def plans_import_check(*, book: Book, actor, options: dict | None = None) -> CheckedFile:
    """What importing the file would do, row by row and sheet by sheet; writes nothing."""
    lookups = Lookups()
    rows: list[CheckedRow] = []
    for sheet in (AMBITIONS, ACTIVITIES, PRIORITIES):
        seen: dict[tuple, int] = {}
        for row, cells in sheet_rows(book, sheet):
            _check_row(SHEET_KIND[sheet], row, cells, lookups, seen, actor)
            rows.append(row)
    return CheckedFile(rows=rows)


def _check_row(kind, row, cells: Cells, lookups: Lookups, seen: dict, actor) -> None:
    ref, title = cells.text(REF), cells.text(TITLE)
    row.detail = f"{ref} {title}".strip()
    year = read_year(cells, YEAR, lookups.years)
    directorate = _directorate(cells, lookups) if kind == "priority" else None
    if not ref:
        cells.problem(REF, f"Enter the {_noun(kind)}'s reference: items are matched by it")
    too_long(cells, REF, 30)
    too_long(cells, TITLE, 300)
    if year is None or (kind == "priority" and directorate is None) or not ref:
        return
    plan, plan_key = _plan(kind, year, directorate, lookups, cells)
    if plan_key is None:
        return
    if not _may_change(actor, kind, plan, year, directorate):
        cells.problem(
            YEAR, f"You may not change {_plan_name(kind, year, directorate)}: " + WHO_CHANGES[kind]
        )
        return
    key = (kind, plan_key, ref.lower())
    if key in seen:
        cells.problem(REF, f"Reference {ref} is on row {seen[key]} too: keep one row")
        return
    seen[key] = row.number
    existing = lookups.items.get((kind, plan.pk, ref.lower())) if plan else None
    if untold(cells, TITLE):
        cells.problem(TITLE, f"Enter the {_noun(kind)}")
    serves = _serves(kind, cells, year, plan_key, lookups)
    if row.errors:
        return
    values = {"title": title}
    for heading, name in (
        (DESCRIPTION, "description"),
        (MEASURES.get(kind), MEASURE_FIELD.get(kind)),
    ):
        if heading and cells.has(heading):
            values[name] = cells.cells.get(heading, "").strip()
    order = read_order(cells)
    if order is not None:
        values["order"] = order
    if row.errors:
        return
    changes = [
        name.replace("_", " ")
        for name, value in values.items()
        if existing is not None
        and not (
            same_text(getattr(existing, name), value)
            if name != "order"
            else existing.order == value
        )
    ]
    if serves != "keep" and existing is not None and _serves_key(existing) != _lower(serves):
        changes.append("serves")
    outcome(row, existing, changes)
    lookups.added.add(key)
    row.entry = ItemChange(
        kind=kind,
        year=year.start_year,
        directorate_id=directorate.pk if directorate else None,
        ref=ref,
        values=values,
        serves=serves,
        existing_pk=existing.pk if existing else None,
        version=version_token(existing),
    )
    if row.outcome == LEFT:
        row.entry = None


def _noun(kind: str) -> str:
    return {"ambition": "ambition", "activity": "activity", "priority": "priority"}[kind]


def _directorate(cells: Cells, lookups: Lookups):
    text = cells.text(DIRECTORATE)
    if not text:
        cells.problem(DIRECTORATE, "Enter the directorate's code or name")
        return None
    found = lookups.directorates.get(text.lower())
    if found is None:
        cells.problem(DIRECTORATE, f"No directorate has the code or name “{text}”")
    return found


def _plan(kind, year, directorate, lookups: Lookups, cells: Cells):
    """The plan the row belongs to (None if the import adds it) and a key naming it."""
    corporate = lookups.corporate_for(year)
    needs_corporate = kind == "ambition" or (
        kind == "activity" and year.start_year not in lookups.delivery
    )
    if needs_corporate and corporate is None:
        cells.problem(YEAR, f"No Corporate Plan covers {year}: an administrator adds it first")
        return None, None
    if kind == "ambition":
        return corporate, ("corporate", corporate.pk)
    if kind == "activity":
        return lookups.delivery.get(year.start_year), ("delivery", year.start_year)
    plan = lookups.directorate_plans.get((directorate.pk, year.start_year))
    return plan, ("directorate", directorate.pk, year.start_year)


def _may_change(actor, kind, plan, year, directorate) -> bool:
    """What the edit pages allow: the plan's change permission (for a plan the import adds,
    the permission on that plan as it would be)."""
    if plan is None:
        if kind == "activity":
            plan = DeliveryPlan(year=year)
        else:
            plan = DirectoratePlan(year=year, directorate=directorate)
    return can_change_plan(actor, plan)


def _plan_name(kind, year, directorate) -> str:
    if kind == "ambition":
        return f"the Corporate Plan covering {year}"
    if kind == "activity":
        return f"the Delivery Plan {year}"
    return f"{directorate}'s plan {year}"


def _serves(kind, cells: Cells, year, plan_key, lookups: Lookups):
    """What the row's item serves: matched by reference within the year's plans only."""
    if kind == "ambition":
        return "keep"
    columns = [c for c in (SERVES_ACTIVITY, SERVES_AMBITION) if cells.has(c)]
    if kind == "activity":
        columns = [c for c in columns if c == SERVES_AMBITION]
    if not columns:
        return "keep"
    given = [(c, cells.text(c)) for c in columns if cells.text(c)]
    if len(given) > 1:
        cells.problem(given[1][0], "An item serves one item above it, not several")
        return None
    if not given:
        return None
    column, ref = given[0]
    if column == SERVES_ACTIVITY:
        delivery = lookups.delivery.get(year.start_year)
        found = (delivery and ("activity", delivery.pk, ref.lower()) in lookups.items) or (
            "activity",
            ("delivery", year.start_year),
            ref.lower(),
        ) in lookups.added
        where = f"the Delivery Plan {year}"
        target = ("activity", ref)
    else:
        corporate = lookups.corporate_for(year)
        found = corporate is not None and (
            ("ambition", corporate.pk, ref.lower()) in lookups.items
            or ("ambition", ("corporate", corporate.pk), ref.lower()) in lookups.added
        )
        where = f"the Corporate Plan covering {year}"
        target = ("ambition", ref)
    if not found:
        cells.problem(column, f"No {target[0]} has the reference “{ref}” in {where}")
        return None
    return target


def _lower(serves):
    return (serves[0], serves[1].lower()) if serves else None


def _serves_key(item) -> tuple[str, str] | None:
    target = item.serves
    return (target.KIND, target.ref.lower()) if target is not None else None


# --- saving ---------------------------------------------------------------------------


KIND_ORDER = {"ambition": 0, "activity": 1, "priority": 2}


@transaction.atomic
def plans_import_save(*, entries: list, actor, source: str) -> int:
    """Write what the checked file adds and changes, all or nothing: ambitions first, then
    activities, then priorities, so that links to items added by the same file hold."""
    reason = imported_reason(source=source, actor=actor)
    saved = 0
    for entry in sorted(entries, key=lambda e: KIND_ORDER[e.kind]):
        _save_item(entry, actor, reason)
        saved += 1
    return saved


def _save_item(entry: ItemChange, actor, reason: str) -> None:
    model = MODELS[entry.kind]
    year = FinancialYear.objects.get(start_year=entry.year)
    plan = _plan_for_save(entry.kind, year, entry.directorate_id, actor, reason)
    if entry.existing_pk is not None:
        item = locked(model.objects.get(pk=entry.existing_pk))
        check_version(item, entry.version)
    else:
        item = model(plan=plan, ref=entry.ref, order=plan.items.count() + 1)
    for name, value in entry.values.items():
        setattr(item, name, value)
    if entry.serves != "keep":
        try:
            item.set_serves(_target(entry.serves, year))
            item.clean()
        except ValidationError as error:
            raise ValidationError(f"{entry.ref}: " + "; ".join(error.messages)) from error
    save_with_history(item, actor=actor, reason=reason)


def _plan_for_save(kind, year, directorate_id, actor, reason):
    corporate = next(c for c in CorporatePlan.objects.all() if c.covers(year))
    if kind == "ambition":
        return corporate
    if kind == "activity":
        plan = DeliveryPlan.objects.filter(year=year).first()
        if plan is None:
            plan = DeliveryPlan(year=year, corporate_plan=corporate)
            save_with_history(plan, actor=actor, reason=reason)
        return plan
    plan = DirectoratePlan.objects.filter(year=year, directorate_id=directorate_id).first()
    if plan is None:
        plan = DirectoratePlan(year=year, directorate_id=directorate_id)
        save_with_history(plan, actor=actor, reason=reason)
    return plan


def _target(serves, year):
    if serves is None:
        return None
    kind, ref = serves
    if kind == "activity":
        return DeliveryActivity.objects.get(plan__year=year, ref__iexact=ref)
    corporate = next(c for c in CorporatePlan.objects.all() if c.covers(year))
    return Ambition.objects.get(plan=corporate, ref__iexact=ref)


def _with_serves(queryset, model):
    return queryset.select_related(*model.SERVES_FIELDS) if model.SERVES_FIELDS else queryset
