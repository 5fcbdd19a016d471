"""The Roles sheet of an HR import: who holds which role on which unit.

The rules, in council terms:

- A row names the person (employee number, user name or email — or someone the People
  sheet adds), the role as the council reads it ("Head of service", "Director",
  "Performance lead", "Administrator", …) and the unit it is held on: a service (code or
  name) for heads of service and service managers, a directorate (code or name) for
  directors, an assistant director area by name, a portfolio by name for performance
  leads, and nothing for Board, Committee members and administrators.
- A role already held is left as it is; "Remove" Yes takes it away (kept in history).
- Only administrators give or take away roles (the permissions module decides), and
  nobody takes away their own administrator role.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.imports import Book, ValueRefused, parse_yes_no
from core.saving import remove_with_history, save_with_history
from core.uploads import CheckedRow
from planning.models import (
    AssistantDirectorArea,
    Directorate,
    Person,
    Portfolio,
    Role,
    RoleAssignment,
    Service,
)
from planning.models.organisation import SERVICE_ROLES
from planning.permissions import can_import_roles
from planning.workbook.rows import ADDED, LEFT, Cells

from .common import sheet_rows

ROLES = "Roles"
PERSON, ROLE, UNIT, REMOVE = "person", "role", "unit", "remove"
REQUIRED = (PERSON, ROLE, UNIT)
OPTIONAL = (REMOVE,)
ADMINISTRATOR = "administrator"
REMOVED = "Will be removed"
ONLY_ADMINISTRATORS = (
    "Only administrators may give or take away roles: ask an administrator to import this "
    "sheet, or leave it out"
)
UNIT_FIELD = {
    **dict.fromkeys(SERVICE_ROLES, "service"),
    Role.DIRECTOR: "directorate",
    Role.ASSISTANT_DIRECTOR: "area",
    Role.PERFORMANCE_LEAD: "portfolio",
}
UNIT_WORDS = {
    "service": "a service's code or name",
    "directorate": "a directorate's code or name",
    "area": "an assistant director area's name",
    "portfolio": "a portfolio's name",
}


@dataclass
class RoleChange:
    """A role to give (or, with `remove`, take away): the person as ("pk", id) or ("row",
    n) for someone the People sheet adds; the role; its unit's field and id."""

    person: tuple
    role: str
    unit_field: str | None
    unit_id: int | None
    remove: bool
    existing_pk: int | None


def _roles_by_name() -> dict[str, str]:
    names = {ADMINISTRATOR: ADMINISTRATOR, "admin": ADMINISTRATOR}
    for role in Role:
        names[role.label.lower()] = role.value
        names[role.value.replace("_", " ")] = role.value
    names["board member"] = Role.BOARD_MEMBER
    names["committee member"] = Role.COMMITTEE_MEMBER
    return names


class Units:
    """The units roles are held on, by code and name (lower case), and the roles held."""

    def __init__(self):
        self.by_field = {"service": {}, "directorate": {}, "area": {}, "portfolio": {}}
        for model, name in ((Service, "service"), (Directorate, "directorate")):
            for unit in model.objects.all():
                self.by_field[name][unit.code.lower()] = unit
                self.by_field[name].setdefault(unit.name.lower(), unit)
        for model, name in ((AssistantDirectorArea, "area"), (Portfolio, "portfolio")):
            for unit in model.objects.all():
                self.by_field[name].setdefault(unit.name.lower(), unit)
        self.held = {
            (
                r.person_id,
                r.role,
                r.service_id or r.directorate_id or r.area_id or r.portfolio_id,
            ): r
            for r in RoleAssignment.objects.all()
        }


def check_roles(book: Book, *, actor, lookups) -> list[CheckedRow]:
    """The Roles sheet's rows: what each would give or take away, or its problems."""
    if ROLES not in book.sheets:
        return []
    units, names, may, seen, rows = Units(), _roles_by_name(), can_import_roles(actor), {}, []
    for row, cells in sheet_rows(book, ROLES):
        row.detail = f"{cells.text(PERSON)}: {cells.text(ROLE)} {cells.text(UNIT)}".strip()
        change = _check_row(cells, lookups, units, names, actor)
        if change is not None and not row.errors:
            key = (change.person, change.role, change.unit_id)
            if key in seen:
                cells.problem(ROLE, f"This role is on row {seen[key]} too: keep one row")
            seen[key] = row.number
        if change is not None and not row.errors:
            _outcome(row, change, cells, lookups, may, actor)
        rows.append(row)
    return rows


def _check_row(cells: Cells, lookups, units: Units, names: dict, actor) -> RoleChange | None:
    person = _person(cells, lookups)
    role = names.get(" ".join(cells.text(ROLE).lower().split()))
    if role is None:
        cells.problem(
            ROLE,
            f"“{cells.text(ROLE)}” is not a role here: use one of "
            + "; ".join([*Role.labels, "Administrator"]),
        )
    try:
        remove = parse_yes_no(cells.text(REMOVE), what="remove")
    except ValueRefused as error:
        cells.problem(REMOVE, str(error))
        remove = False
    if person is None or role is None:
        return None
    unit_field, unit_id = _unit(cells, role, units)
    if cells.row.errors:
        return None
    held = None
    if person[0] == "pk" and role != ADMINISTRATOR:
        held = units.held.get((person[1], role, unit_id))
    return RoleChange(person, role, unit_field, unit_id, remove, held.pk if held else None)


def _person(cells: Cells, lookups) -> tuple | None:
    text = cells.text(PERSON)
    if not text:
        cells.problem(PERSON, "Enter the person's employee number, user name or email")
        return None
    found = lookups.in_file.get(text.lower())
    if found is not None and found.person is None:
        if found.row in lookups.left_out:
            cells.problem(PERSON, f"{text} is a leaver the People sheet leaves out")
            return None
        return ("row", found.row)
    person, problem = lookups.existing(text)
    if person is None:
        cells.problem(
            PERSON, problem or f"Nobody has the employee number, user name or email “{text}”"
        )
        return None
    return ("pk", person.pk)


def _unit(cells: Cells, role: str, units: Units) -> tuple[str | None, int | None]:
    text = cells.text(UNIT)
    field = UNIT_FIELD.get(role)
    if field is None:
        if text:
            cells.problem(UNIT, "This role is held on the whole council: leave the unit empty")
        return None, None
    if not text:
        cells.problem(UNIT, f"Enter {UNIT_WORDS[field]} for this role")
        return field, None
    unit = units.by_field[field].get(text.lower())
    if unit is None:
        cells.problem(UNIT, f"“{text}” is not {UNIT_WORDS[field]}")
        return field, None
    return field, unit.pk


def _outcome(row: CheckedRow, change: RoleChange, cells: Cells, lookups, may: bool, actor):
    if change.role == ADMINISTRATOR:
        person = lookups.by_pk.get(change.person[1]) if change.person[0] == "pk" else None
        holds = bool(person and person.is_superuser)
        if change.remove and person is not None and person.pk == actor.pk:
            cells.problem(REMOVE, "You cannot take away your own administrator role")
            return
    else:
        holds = change.existing_pk is not None
    if holds == (not change.remove):
        row.outcome = LEFT
        return
    if not may:
        cells.problem(ROLE, ONLY_ADMINISTRATORS)
        return
    row.outcome, row.changed, row.entry = (REMOVED if change.remove else ADDED), True, change


def save_roles(entries: list[RoleChange], *, actor, reason: str, added: dict) -> int:
    """Give and take away the roles checked, each kept in history."""
    for entry in entries:
        kind, key = entry.person
        person = added[key] if kind == "row" else Person.objects.get(pk=key)
        if entry.role == ADMINISTRATOR:
            person.is_superuser = person.is_staff = not entry.remove
            save_with_history(
                person, actor=actor, reason=reason, fields=["is_superuser", "is_staff"]
            )
        elif entry.remove:
            held = RoleAssignment.objects.filter(pk=entry.existing_pk).first()
            if held is not None:
                remove_with_history(held, actor=actor, reason=reason)
        else:
            assignment = RoleAssignment(person=person, role=entry.role)
            if entry.unit_field:
                setattr(assignment, f"{entry.unit_field}_id", entry.unit_id)
            save_with_history(assignment, actor=actor, reason=reason)
    return len(entries)
