"""A checked row of an imported workbook and its cells: what every sheet's check shares."""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from core.history import version_token
from core.imports import ValueRefused, unworked_problem
from core.uploads import CheckedRow

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
