"""A checked row of an imported workbook and its cells: what every sheet's check shares."""

from __future__ import annotations

from django.db.models import Q
from openpyxl.utils import get_column_letter

from core.history import version_token
from core.imports import ValueRefused, unworked_problem
from core.uploads import CheckedRow
from planning.models import Person

ADDED, LEFT = "Will be added", "No change"


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


def outcome(row: CheckedRow, existing, changes: list[str]) -> None:
    if existing is None:
        row.outcome, row.changed = ADDED, True
    elif changes:
        row.outcome, row.changed = "Will change: " + ", ".join(changes), True
    else:
        row.outcome = LEFT
    row.version = version_token(existing) if existing is not None else ""


def rows_of(sheet: dict, name: str):
    for number, cells, unworked in sheet["rows"]:
        row = CheckedRow(number=number, subject=name)
        yield row, Cells(row, cells, sheet["headings"], unworked)


def person_key(text: str) -> str:
    """The user name or email a cell names: "Alex Jones (ajones)" is ajones."""
    text = (text or "").strip()
    if text.endswith(")") and "(" in text:
        text = text[text.rindex("(") + 1 : -1]
    return text.strip().lower()


def people_named(cells) -> dict[str, Person]:
    """The people the cells name (as person_key reads them), by user name and email in
    lower case, in one query."""
    names = {person_key(text) for text in cells} - {""}
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


def imported_reason(*, source: str, actor) -> str:
    """The history reason of every record an import writes: "Imported from <file> by
    <person>"."""
    who = actor.get_full_name() or actor.username
    return f"Imported from {source} by {who}"


def person_problem(cells: Cells, heading: str, people: dict, *, what: str):
    """The person a cell names, or None with a problem named for the column (a blank cell
    is None without a problem)."""
    key = person_key(cells.text(heading))
    if not key:
        return None
    person = people.get(key)
    if person is None:
        cells.problem(
            heading,
            f"No one has the user name or email “{key}”: write the {what} as the workbook "
            "names them, like “Alex Jones (ajones)”",
        )
    return person


def choice_of(cells: Cells, heading: str, choices, *, what: str, blank_ok: bool = True):
    """The stored value of a choice written by its label (or its value), in any case."""
    text = cells.text(heading)
    if not text:
        if not blank_ok:
            cells.problem(heading, f"Enter the {what}")
        return ""
    by_text = {str(label).lower(): value for value, label in choices}
    by_text |= {str(value).lower(): value for value, _ in choices}
    found = by_text.get(text.lower())
    if found is None:
        labels = ", ".join(str(label) for _, label in choices)
        cells.problem(heading, f"Use one of {labels} for the {what}, not “{text}”")
    return found
