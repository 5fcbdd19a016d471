"""Importing people and their roles from a council's HR export.

The rules, in council terms:

- A person is found by their employee number, else their user name, else their email —
  never by their name alone. Whichever finds them first is who the row is about; an
  employee number or user name that belongs to someone else is a problem. A row that
  finds nobody adds a person, who gets no password: they sign in as the council decides
  (its single sign-on, or a password set by an administrator).
- An empty cell leaves that detail as it is. The service is matched by its code or name
  and the team by its name within that service; one the council does not have is a
  problem, never created. The line manager is named by employee number, user name or
  email, and may be someone the same file adds. Line management that would go round in a
  circle is a problem on each row in the circle.
- "Leaver" Yes makes the person inactive (they can no longer sign in) and keeps them and
  their history; "No" makes an inactive person active again. A leaver the council does
  not hold yet is left out. Nobody can mark themselves a leaver.
- Roles (the Roles sheet) are given, or taken away with "Remove" Yes, only by
  administrators, and only an administrator may change an administrator's record, or
  anyone's user name or email (how they sign in): a performance lead importing people can
  neither make anyone an administrator nor change one, nor take over anyone's sign-in.
  Nor can they make themselves anyone's line manager (which would open that person's
  development plan to them). Nobody can take away their own administrator role. Every
  role given or taken away is kept in history.
- Checking writes nothing; saving is all or nothing, every record keeping "Imported from
  <file> by <person>" in its history.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from core.history import EditConflict
from core.imports import Book, ValueRefused, parse_yes_no
from core.saving import save_with_history
from core.uploads import CheckedFile, CheckedRow
from planning.models import Person, Service, Team
from planning.permissions import can_import_roles, can_import_sign_in_details
from planning.workbook.rows import LEFT, Cells, imported_reason

from . import roles
from .common import sheet_rows, too_long
from .managers import circles, manager_named, manager_pk

PEOPLE = "People"
EMPLOYEE, USER, FIRST, LAST, EMAIL = (
    "employee number",
    "user name",
    "first name",
    "last name",
    "email",
)
JOB, SERVICE, TEAM, MANAGER, LEAVER = "job title", "service", "team", "line manager", "leaver"
TEMPLATES = {PEOPLE: (EMPLOYEE, USER, FIRST, LAST, EMAIL), roles.ROLES: roles.REQUIRED}
OPTIONAL = {PEOPLE: (JOB, SERVICE, TEAM, MANAGER, LEAVER), roles.ROLES: roles.OPTIONAL}
EXAMPLES = {
    PEOPLE: [
        ["E1000", "sclarke", "Sam", "Clarke", "sam.clarke@example.gov.uk", "Director of Place"]
        + ["", "", "", ""],
        ["E1001", "ajones", "Alex", "Jones", "alex.jones@example.gov.uk", "Head of Parks"]
        + ["parks", "Grounds", "E1000", "No"],
    ],
    roles.ROLES: [["E1001", "Head of service", "parks", ""]],
}
TEXT_FIELDS = {FIRST: "first_name", LAST: "last_name", EMAIL: "email", JOB: "job_title"}
LIMITS = {EMPLOYEE: 30, USER: 150, FIRST: 150, LAST: 150, EMAIL: 254, JOB: 200}
VERSION_FIELDS = (
    "username",
    "employee_number",
    "first_name",
    "last_name",
    "email",
    "job_title",
    "service_id",
    "team_id",
    "line_manager_id",
    "is_active",
    "is_superuser",
)
NO_PASSWORD = "They sign in as the council decides"
LEFT_OUT = "Left out: a leaver the council does not hold yet"


@dataclass
class PersonChange:
    """What saving one People row writes. `manager`: "keep", None, ("pk", id) or ("row", n)
    for someone the same file adds."""

    row: int
    existing_pk: int | None
    values: dict = field(default_factory=dict)
    manager: object = "keep"
    version: str = ""


@dataclass
class Found:
    """A person a row is about: an existing person, or one the file adds on that row."""

    row: int
    person: Person | None
    name: str


# --- checking -------------------------------------------------------------------------


class Lookups:
    """Everyone, and the council's services and teams, in a fixed number of queries."""

    def __init__(self):
        self.people = list(Person.objects.all())
        self.by_pk = {p.pk: p for p in self.people}
        self.by_employee = {p.employee_number.lower(): p for p in self.people if p.employee_number}
        self.by_username = {p.username.lower(): p for p in self.people}
        self.by_email: dict[str, list[Person]] = {}
        for p in self.people:
            if p.email:
                self.by_email.setdefault(p.email.lower(), []).append(p)
        self.services = {}
        for s in Service.objects.all():
            self.services[s.code.lower()] = s
            self.services.setdefault(s.name.lower(), s)
        self.teams = {(t.service_id, t.name.lower()): t for t in Team.objects.all()}
        # The file's people by each of their identifiers (lower case).
        self.in_file: dict[str, Found] = {}
        # Rows of leavers the council does not hold, which the file leaves out.
        self.left_out: set[int] = set()

    def existing(self, key: str) -> tuple[Person | None, str]:
        """Whoever an identifier names among the council's people, by employee number,
        user name or email in that order; and a problem if the email is shared."""
        key = key.lower()
        if key in self.by_employee:
            return self.by_employee[key], ""
        if key in self.by_username:
            return self.by_username[key], ""
        found = self.by_email.get(key, [])
        if len(found) > 1:
            return None, f"{len(found)} people have the email {key}: name them by employee number"
        return (found[0] if found else None), ""


def people_import_check(*, book: Book, actor, options: dict | None = None) -> CheckedFile:
    """What importing the HR export would do, row by row; writes nothing."""
    lookups = Lookups()
    checked = [(row, cells) for row, cells in sheet_rows(book, PEOPLE)]
    for row, cells in checked:
        _identify(row, cells, lookups)
    for row, cells in checked:
        if not row.errors:
            _check_person(row, cells, lookups, actor)
    circles(checked, lookups, heading=MANAGER, left_out=LEFT_OUT)
    for row, _ in checked:
        if row.errors or row.outcome in (LEFT, LEFT_OUT):
            row.entry = None
    rows = [row for row, _ in checked]
    lookups.left_out = {row.number for row in rows if row.outcome == LEFT_OUT}
    rows += roles.check_roles(book, actor=actor, lookups=lookups)
    return CheckedFile(rows=rows)


def _identify(row: CheckedRow, cells: Cells, lookups: Lookups) -> None:
    """Who the row is about, by employee number, else user name, else email."""
    for heading, limit in LIMITS.items():
        too_long(cells, heading, limit)
    employee, user, email = cells.text(EMPLOYEE), cells.text(USER), cells.text(EMAIL)
    row.detail = " ".join(filter(None, [cells.text(FIRST), cells.text(LAST)])) or user or email
    if not (employee or user or email):
        cells.problem(
            EMPLOYEE,
            "Enter the person's employee number, user name or email: people are matched by "
            "these, never by name",
        )
        return
    person = None
    if employee:
        person = lookups.by_employee.get(employee.lower())
    if person is None and user:
        person = lookups.by_username.get(user.lower())
    if person is None and email:
        found = lookups.by_email.get(email.lower(), [])
        if len(found) > 1:
            cells.problem(
                EMAIL,
                f"{len(found)} people have this email: give the employee number or user name",
            )
            return
        person = found[0] if found else None
    for heading, value, index in (
        (EMPLOYEE, employee, lookups.by_employee),
        (USER, user, lookups.by_username),
    ):
        other = index.get(value.lower()) if value else None
        if other is not None and other != person:
            cells.problem(
                heading, f"{value} belongs to {other} ({other.username}), not this person"
            )
    if person is None and not user and not email:
        cells.problem(USER, "Enter a user name or email for a new person")
    found = Found(row.number, person, row.detail)
    keys = {employee.lower(), user.lower(), email.lower()} - {""}
    earlier = next((lookups.in_file[k] for k in sorted(keys) if k in lookups.in_file), None)
    if earlier is None and person is not None:
        earlier = lookups.in_file.get(("pk", person.pk))
    if earlier is not None:
        cells.problem(EMPLOYEE, f"This person is on row {earlier.row} too: keep one row")
        return
    for key in keys:
        lookups.in_file[key] = found
    if person is not None:
        lookups.in_file[("pk", person.pk)] = found
    row.entry = PersonChange(row=row.number, existing_pk=person.pk if person else None)


def _check_person(row: CheckedRow, cells: Cells, lookups: Lookups, actor) -> None:
    entry: PersonChange = row.entry
    person = lookups.by_pk.get(entry.existing_pk)
    if person is not None and person.is_superuser and not can_import_roles(actor):
        cells.problem(
            USER, "Only an administrator may change an administrator's record: leave this row out"
        )
        return
    values = _details(cells, person, lookups)
    moved = [
        heading
        for heading, name in ((USER, "username"), (EMAIL, "email"))
        if person is not None and name in values and values[name] != getattr(person, name)
    ]
    if moved and not can_import_sign_in_details(actor):
        cells.problem(
            moved[0],
            "Only an administrator may change someone's user name or email: they are how "
            "the person signs in",
        )
    leaver = _leaver(cells, person, actor)
    if leaver is not None:
        values["is_active"] = not leaver
    entry.manager = manager_named(cells, MANAGER, person=person, number=row.number, lookups=lookups)
    if (
        entry.manager == ("pk", actor.pk)
        and not can_import_sign_in_details(actor)
        and (person is None or person.line_manager_id != actor.pk)
    ):
        # A line manager reads their reports' personal development plans.
        cells.problem(
            MANAGER, "Only an administrator may make you someone's line manager through an import"
        )
    if row.errors:
        return
    if person is None:
        if values.get("is_active") is False:
            row.outcome = LEFT_OUT
            return
        if not cells.text(FIRST) or not cells.text(LAST):
            cells.problem(FIRST, "Enter the new person's first and last names")
            return
        values["username"] = _new_username(cells, lookups)
        if row.errors:
            return
    entry.values = values
    changes = [
        _label(name)
        for name, value in values.items()
        if person is not None and getattr(person, name) != value
    ]
    if (
        person is not None
        and entry.manager != "keep"
        and (entry.manager[0] == "row" or entry.manager[1] != person.line_manager_id)
    ):
        changes.append("line manager")
    if person is None:
        row.outcome, row.changed = f"Will be added: {NO_PASSWORD}", True
    elif changes:
        row.outcome, row.changed = "Will change: " + ", ".join(changes), True
    else:
        row.outcome = LEFT
    row.version = entry.version = person_version(person)


def person_version(person: Person | None) -> str:
    """The person's details as the check saw them: a save finding them otherwise (someone
    changed the person meanwhile) is refused by the upload machinery's fingerprint."""
    if person is None:
        return ""
    held = [getattr(person, name) for name in VERSION_FIELDS]
    return hashlib.sha256(repr(held).encode()).hexdigest()[:16]


def _details(cells: Cells, person, lookups: Lookups) -> dict:
    values = {}
    if cells.text(EMPLOYEE):
        values["employee_number"] = cells.text(EMPLOYEE)
    for heading, name in TEXT_FIELDS.items():
        if cells.text(heading):
            values[name] = cells.text(heading)
    if "email" in values:
        try:
            validate_email(values["email"])
        except ValidationError:
            cells.problem(EMAIL, "Enter an email address like name@council.gov.uk")
        if person is not None and values["email"].lower() == person.email.lower():
            del values["email"]  # the same address, written in other capitals
    user = cells.text(USER)
    if user and person is not None and user != person.username:
        values["username"] = _checked_username(cells, user, lookups, person)
    service = person.service if person else None
    if cells.text(SERVICE):
        service = lookups.services.get(cells.text(SERVICE).lower())
        if service is None:
            cells.problem(SERVICE, f"No service has the code or name “{cells.text(SERVICE)}”")
            return values
        values["service_id"] = service.pk
    if cells.text(TEAM):
        team = lookups.teams.get((service.pk if service else None, cells.text(TEAM).lower()))
        if team is None:
            where = f"in {service}" if service else "without a service: give the service too"
            cells.problem(TEAM, f"There is no team called “{cells.text(TEAM)}” {where}")
        else:
            values["team_id"] = team.pk
    elif (
        person is not None
        and person.team_id
        and values.get("service_id", person.service_id) != (person.service_id)
    ):
        # A person moved to another service leaves their old service's team.
        values["team_id"] = None
    return values


def _checked_username(cells: Cells, user: str, lookups: Lookups, person) -> str:
    try:
        UnicodeUsernameValidator()(user)
    except ValidationError:
        cells.problem(USER, "A user name may hold only letters, digits and @ . + - _")
    other = lookups.by_username.get(user.lower())
    if other is not None and other != person:
        cells.problem(USER, f"The user name {user} belongs to {other}")
    return user


def _new_username(cells: Cells, lookups: Lookups) -> str:
    user = cells.text(USER) or cells.text(EMAIL).lower()
    return _checked_username(cells, user, lookups, None)


def _leaver(cells: Cells, person, actor) -> bool | None:
    if not cells.text(LEAVER):
        return None
    try:
        leaver = parse_yes_no(cells.text(LEAVER), what="leaver")
    except ValueRefused as error:
        cells.problem(LEAVER, str(error))
        return None
    if leaver and person is not None and person.pk == actor.pk:
        cells.problem(LEAVER, "You cannot mark yourself as a leaver")
    return leaver


def _label(name: str) -> str:
    return {"service_id": "service", "team_id": "team", "is_active": "leaver"}.get(
        name, name.replace("_", " ")
    )


# --- saving ---------------------------------------------------------------------------


@transaction.atomic
def people_import_save(*, entries: list, actor, source: str) -> int:
    """Write the people first, then their line managers (who may be added by the same
    file), then the roles; all or nothing."""
    reason = imported_reason(source=source, actor=actor)
    added: dict[int, Person] = {}
    later = []
    saved = 0
    for entry in entries:
        if not isinstance(entry, PersonChange):
            continue
        person = _person_save(entry, actor, reason, added)
        if entry.manager != "keep" and entry.manager and entry.manager[0] == "row":
            later.append((person, entry.manager[1]))
        saved += 1
    for person, row in later:
        person.line_manager = added[row]
        save_with_history(person, actor=actor, reason=reason, fields=["line_manager"])
    role_entries = [e for e in entries if not isinstance(e, PersonChange)]
    saved += roles.save_roles(role_entries, actor=actor, reason=reason, added=added)
    return saved


def _person_save(entry: PersonChange, actor, reason: str, added: dict) -> Person:
    if entry.existing_pk is not None:
        person = Person.objects.select_for_update().get(pk=entry.existing_pk)
        if person_version(person) != entry.version:
            raise EditConflict(who=None, when=None, changes=[])
    else:
        person = Person()
        person.set_unusable_password()
    for name, value in entry.values.items():
        setattr(person, name, value)
    if entry.manager != "keep":
        person.line_manager_id = manager_pk(entry.manager)
    save_with_history(person, actor=actor, reason=reason)
    if entry.existing_pk is None:
        added[entry.row] = person
    return person
