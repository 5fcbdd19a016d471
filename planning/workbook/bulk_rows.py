"""What the council-wide imports of registers and trackers share (core.bulk kinds in risk
and audit): sheets as the row checker reads them, people named by user name or email,
choices written as their label, whole numbers and quarters. The people's lookup and the
history reason are every import's, in planning.workbook.rows.

The rules, in council terms:

- A person is named by their user name or email address, or as the workbooks write them,
  "Alex Jones (ajones)". A name matching no one is a problem, never a guess.
- A choice (a category, a status) is written as the pages show it ("Service delivery") or
  by its short name; anything else is a problem that lists the choices.
- A quarter is written "Q2 2025/26" (also "2025/26 Q2", "Q2 2025-26").
- Every record an import writes keeps "Imported from <file> by <person>" in its history.
"""

from __future__ import annotations

import re

from core.imports import Book, ValueRefused, parse_financial_year
from planning.workbook.delivery import person_key

QUARTER = re.compile(r"Q([1-4])\s+(.+)|(.+?)\s+Q([1-4])", re.I)


def sheet_data(book: Book, name: str) -> dict | None:
    """A sheet of the book as planning.workbook.rows.rows_of reads it; None if absent."""
    sheet = book.sheets.get(name)
    if sheet is None:
        return None
    return {
        "headings": sheet.headings,
        "rows": [[row.number, row.cells, row.unworked] for row in sheet.rows],
    }


def find_person(cells, heading: str, people: dict, *, what: str, required: bool = True):
    """The person a cell names, or None with the problem noted."""
    text = cells.text(heading)
    if not text:
        if required:
            cells.problem(heading, f"Enter {what}: a user name or email address")
        return None
    person = people.get(person_key(text))
    if person is None:
        cells.problem(
            heading,
            f"No one here has the user name or email “{person_key(text)}”: add them first "
            "(people and roles), or correct the name",
        )
    return person


def choice(cells, heading: str, choices, *, what: str) -> str | None:
    """The choice a cell names by its label or short name (any case); None for nothing
    typed, or with the problem noted."""
    text = cells.text(heading)
    if not text:
        return None
    for value, label in choices:
        if text.lower() in (str(value).lower(), str(label).lower()):
            return value
    cells.problem(
        heading,
        f"“{text}” is not a {what}: use one of " + ", ".join(str(label) for _, label in choices),
    )
    return None


def parse_whole(raw: str, *, what: str) -> int | None:
    """A whole number such as a likelihood or a score; None for nothing typed."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueRefused(f"Enter {what} as a whole number (not “{text}”)") from None
    if not value.is_integer():
        raise ValueRefused(f"Enter {what} as a whole number (not “{text}”)")
    return int(value)


def parse_quarter(raw: str, *, what: str = "the quarter") -> tuple[int, int] | None:
    """(financial year's first year, quarter) from "Q2 2025/26"; None for nothing typed."""
    text = " ".join((raw or "").split())
    if not text:
        return None
    found = QUARTER.fullmatch(text)
    if found is None:
        raise ValueRefused(f"Enter {what} like Q2 2025/26 (not “{text}”)")
    number, year = (found.group(1), found.group(2)) if found.group(1) else found.group(4, 3)
    start = parse_financial_year(year, what=f"the year of {what}")
    return start, int(number)


def plain(text) -> str:
    """Text compared as a spreadsheet keeps it: spaces and line ends evened out."""
    return " ".join(str(text or "").split()).lower()
