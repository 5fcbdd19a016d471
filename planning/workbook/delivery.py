"""Checking and importing the Delivery plan and Milestones sheets (see importing's rules):
actions matched by reference (or, without one, by a title only one such action has),
milestones by their action and title, golden-thread links by level and reference only."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from core.imports import parse_date, parse_yes_no
from core.saving import save_with_history
from core.uploads import CheckedRow
from planning.delivery_rules import original_due_date_problem
from planning.models import Impact, Milestone, ServiceAction, ServicePlan

from .layout import DELIVERY, MILESTONES, SERVES_LEVELS
from .rows import Cells, outcome, person_key, rows_of, same_text


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


def check_actions(sheet: dict, lookups, sheets: dict) -> list[CheckedRow]:
    refs = Counter(cells.get("reference", "").strip().lower() for _, cells, _ in sheet["rows"])
    used: set[int] = set()
    return [
        _check_action(row, cells, lookups, refs, used) for row, cells in rows_of(sheet, DELIVERY)
    ]


def _check_action(
    row: CheckedRow, cells: Cells, lookups, refs: Counter, used: set[int]
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
    outcome(row, existing, changes)
    if impact_title and impact_title.lower() not in lookups.impacts:
        row.outcome += f" (adds the impact sought “{impact_title}”)"
    row.entry = ActionChange(ref, values, impact_title, serves, existing)
    return row


def _without_reference(title: str, lookups, used: set[int]):
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


def _serves(cells: Cells, lookups):
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


def _lead(cells: Cells, lookups):
    if not cells.has("lead officer"):
        return "keep"
    key = person_key(cells.text("lead officer"))
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


def check_milestones(sheet: dict, lookups, sheets: dict) -> list[CheckedRow]:
    in_file = {
        cells.get("reference", "").strip().lower()
        for _, cells, _ in sheets.get(DELIVERY, {}).get("rows", [])
    }
    used: set[int] = set()
    rows = []
    for row, cells in rows_of(sheet, MILESTONES):
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
        outcome(row, existing, changes)
        row.entry = MilestoneChange(action, ref, title, due, done, existing)
        rows.append(row)
    return rows


def _untitled(cells: Cells, lookups):
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


def action_apply(plan, entry: ActionChange, impacts: dict, order: int, actor, reason: str):
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
