"""Importing the Indicators sheet of a Service Business Plan's workbook (registered with
planning.workbook beside the export, see .workbook).

The rules, in council terms:

- An indicator is matched by its reference in the council's indicator library. One the plan
  does not use yet is added to the plan; one the library does not hold is added to the
  library too (responsible: the plan's service), with its type, polarity, unit, frequency and
  how its values combine. Adding to the plan, and changing what an indicator serves, is for
  those who may change the plan.
- A definition in the library is shared by every plan using it, and how it is rated changes
  from a chosen month: a row differing from the library's definition is refused, naming the
  indicator's page to change it on.
- What the indicator serves is matched by level and reference only, never guessed: one of
  this plan's actions, an activity of the year's Delivery Plan or an ambition of a corporate
  plan covering the year.
- The year's target follows the indicator's own rules: set by those who enter the
  indicator's values; none for a data-only indicator; with a justification; a profile of
  twelve months or none; and once a plan of the year using it is signed off, a change needs
  a reason, so it is made on the indicator's target page, not by a workbook. A blank annual
  target leaves the target held as it is (importing never removes).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q

from core.numbers import NumberRefused, parse_number
from core.saving import save_with_history
from core.uploads import CheckedRow
from performance.models import (
    Aggregation,
    AnnualTarget,
    Frequency,
    IndicatorDefinition,
    IndicatorType,
    IndicatorUsage,
    Justification,
    Polarity,
    Unit,
)
from performance.permissions import can_enter_values
from performance.services import target_set
from performance.stored import ratings_refresh
from performance.workbook import MONTHS
from planning.models import Ambition, DeliveryActivity, PlanStatus, ServiceAction
from planning.workbook.importing import serves_targets
from planning.workbook.rows import choice_of, outcome, rows_of, same_text

SHEET = "Indicators"
DEFINITION = {  # heading: (field, choices)
    "indicator": ("name", None),
    "type": ("type", IndicatorType.choices),
    "polarity": ("polarity", Polarity.choices),
    "unit": ("unit", Unit.choices),
    "frequency": ("frequency", Frequency.choices),
    "how values combine over a year": ("aggregation", Aggregation.choices),
}
LEVELS = {m.LEVEL_NAME.lower(): m.KIND for m in (ServiceAction, DeliveryActivity, Ambition)}
PROFILE = [f"target {month.lower()}" for month in MONTHS]


@dataclass
class IndicatorChange:
    sheet: str
    definition: IndicatorDefinition  # unsaved when new to the library
    usage: IndicatorUsage | None
    serves: object
    target: dict | None  # value, justification, reason, profile; None: left as it is


def indicators_check(*, plan, sheet: dict, user) -> list[CheckedRow]:
    """Each row of the Indicators sheet: what importing it would do, or its problems."""
    named = Q(pk__in=[])
    for _, cells, _ in sheet["rows"]:
        if cells.get("reference", "").strip():
            named |= Q(ref__iexact=cells["reference"].strip())
    library = {d.ref.lower(): d for d in IndicatorDefinition.objects.filter(named)}
    usages = {
        u.definition_id: u
        for u in IndicatorUsage.objects.filter(plan=plan).select_related("definition")
    }
    targets = {
        t.definition_id: t
        for t in AnnualTarget.objects.filter(definition__in=library.values(), year_id=plan.year_id)
    }
    fixed = set(  # signed off or published plans of the year use them (target_is_fixed)
        IndicatorUsage.objects.filter(
            definition__in=library.values(),
            plan__year_id=plan.year_id,
            plan__status__in=[PlanStatus.SIGNED_OFF, PlanStatus.PUBLISHED],
        ).values_list("definition_id", flat=True)
    )
    serves_by = serves_targets(plan) | {
        "action": {a.ref.lower(): a for a in ServiceAction.objects.filter(plan=plan) if a.ref}
    }
    may_change_plan = user is not None and user.has_perm("planning.change_serviceplan", plan)
    seen: set[str] = set()
    rows = []
    for row, cells in rows_of(sheet, SHEET):
        ref = cells.text("reference")
        row.detail = f"{ref} {cells.text('indicator')}".strip()
        if not ref:
            cells.problem("reference", "Enter the indicator's reference: it is matched by it")
        elif ref.lower() in seen:
            cells.problem("reference", f"{ref} is on an earlier row too: keep one row")
        seen.add(ref.lower())
        definition = library.get(ref.lower()) or _new_definition(cells, ref, plan)
        usage = usages.get(definition.pk) if definition.pk else None
        _definition_same(cells, definition)
        serves = _serves(cells, serves_by, plan)
        target = _target(cells, definition, targets.get(definition.pk))
        if row.errors:
            rows.append(row)
            continue
        held_target = targets.get(definition.pk)
        changes = []
        if (
            usage is not None
            and serves != "keep"
            and usage.serves_key != ((serves.KIND, serves.pk) if serves is not None else None)
        ):
            changes.append("serves")
        if target is not None and _target_differs(held_target, target):
            changes.append("target")
        if (usage is None or "serves" in changes) and not may_change_plan:
            cells.problem("reference", "Only those who may change the plan add or link indicators")
        if "target" in changes:
            _target_rules(cells, definition, user, fixed, held_target)
        if not row.errors:
            outcome(row, usage, changes)
            if usage is None and definition.pk is None:
                row.outcome += " (adds it to the council's indicator library)"
            if target is not None and "target" not in changes:
                target = None
            row.entry = IndicatorChange(SHEET, definition, usage, serves, target)
        rows.append(row)
    return rows


def _new_definition(cells, ref: str, plan) -> IndicatorDefinition:
    """A definition the library does not hold, as the row gives it (checked in full)."""
    definition = IndicatorDefinition(ref=ref, service=plan.service)
    for heading, (name, choices) in DEFINITION.items():
        if choices is None:
            value = cells.text(heading)
            if not value:
                cells.problem(heading, "Enter the indicator's name")
        else:
            value = choice_of(cells, heading, choices, what=heading, blank_ok=False)
        setattr(definition, name, value or "")
    if definition.unit == Unit.RATE:
        cells.problem("unit", "A rate needs “per how many”: add it on the plan's indicators page")
    if not cells.row.errors:
        try:
            definition.full_clean(exclude=["service", "owner", "ref"])
        except ValidationError as error:
            for message in error.messages:
                cells.problem("reference", message)
    return definition


def _definition_same(cells, definition: IndicatorDefinition) -> None:
    if definition.pk is None:
        return
    for heading, (name, choices) in DEFINITION.items():
        if not cells.has(heading):
            continue
        held = getattr(definition, name)
        text = cells.text(heading)
        labels = dict(choices) if choices else {}
        if not (same_text(str(labels.get(held, held)), text) or text.lower() == str(held)):
            cells.problem(
                heading,
                f"{definition.ref}'s definition is shared by every plan using it: change it on "
                "the indicator's page",
            )


def _serves(cells, serves_by: dict, plan):
    if not cells.has("serves level"):
        return "keep"
    level, ref = cells.text("serves level"), cells.text("serves reference")
    if not level and not ref:
        return None
    kind = LEVELS.get(level.lower())
    if kind is None:
        cells.problem(
            "serves level",
            f"“{level}” is not what an indicator measures: use "
            + ", ".join(name.capitalize() for name in LEVELS),
        )
        return None
    target = serves_by[kind].get(ref.lower()) if ref else None
    if target is None:
        cells.problem(
            "serves reference",
            f"No {level.lower()} has the reference “{ref}” for this plan in {plan.year}: "
            "check the reference (links are never guessed)",
        )
    return target


def _number(cells, heading: str):
    try:
        return parse_number(cells.text(heading), what=f"the {heading}")
    except NumberRefused as error:
        cells.problem(heading, str(error))
        return None


def _target(cells, definition, held) -> dict | None:
    """The year's target as the row gives it; None when the row gives none."""
    value = _number(cells, "annual target")
    justification = choice_of(cells, "justification", Justification.choices, what="justification")
    reason = (cells.cells.get("why this target") or "").strip()
    profile = [_number(cells, heading) if cells.has(heading) else None for heading in PROFILE]
    if value is None:
        if cells.text("annual target"):
            return None  # not a number: named already
        if justification or reason or any(p is not None for p in profile):
            cells.problem("annual target", "Enter the annual target, or leave the target blank")
        return None
    if definition.data_only:
        cells.problem("annual target", f"{definition.ref} is data only: it has no target")
    if not justification and justification is not None:
        cells.problem(
            "justification", "Choose the justification: maintain, improve or planned decline"
        )
    if not cells.has("target apr"):
        profile = held.profile_values if held else [None] * 12
    return {
        "value": value,
        "justification": justification,
        "reason": reason,
        "profile": profile if any(p is not None for p in profile) else [],
    }


def _target_differs(held: AnnualTarget | None, given: dict) -> bool:
    if held is None:
        return True
    profile = given["profile"] or [None] * 12
    return (
        held.value != given["value"]
        or held.justification != given["justification"]
        or not same_text(held.reason, given["reason"])
        or held.profile_values != [None if p is None else Decimal(p) for p in profile]
    )


def _target_rules(cells, definition, user, fixed: set, held) -> None:
    if user is None or not can_enter_values(user, definition):
        cells.problem(
            "annual target", f"Only those who enter {definition.ref}'s values set its targets"
        )
    elif held is not None and definition.pk in fixed:
        cells.problem(
            "annual target",
            "A plan using this indicator has been signed off: change the target on the "
            "indicator's target page, saying why",
        )


def indicators_save(*, plan, entry: IndicatorChange, actor, reason: str) -> None:
    """Write one checked row: the definition new to the library, its use in the plan and
    what it serves, and the year's target."""
    definition = entry.definition
    if definition.pk is None:
        definition.owner = actor
        save_with_history(definition, actor=actor, reason=reason, first_wins=False)
        ratings_refresh(definition_ids=[definition.pk])
    usage = entry.usage
    if usage is None:
        usage = IndicatorUsage(plan=plan, definition=definition, order=plan.indicators.count())
    else:
        usage = IndicatorUsage.objects.select_for_update().get(pk=usage.pk)
    if entry.serves != "keep":
        usage.set_serves(entry.serves)
    save_with_history(usage, actor=actor, reason=reason)
    if entry.target is not None:
        target_set(
            definition=definition, year=plan.year, actor=actor, change_reason=reason, **entry.target
        )
