"""Reading a council's own files, as councils write them: whole workbooks of several sheets,
CSVs in the encodings office software saves, and dates, years and amounts as people type them.

The rules, in council terms:

- A file is an Excel workbook (.xlsx) or a CSV. A CSV may be UTF-8, with or without the
  byte-order mark Excel puts first, or Windows-1252 (what older Excel saves as "CSV"):
  the latter is recognised and converted, so "£" and "é" come through as typed.
- Every visible sheet of a workbook is read; hidden sheets are not, and are named so the
  person knows (a hidden "Lookups" sheet is a template's, not the council's data).
- A sheet's headings are the first row, among its first ten, that holds every heading the
  template needs: a title or a note above them is skipped.
- A cell merged across several cells (a heading spanning columns, an impact spanning the
  rows of its actions) counts as holding its value in each of them.
- Empty rows are skipped, but every row keeps its number in the sheet, so a problem is
  named by the row the person sees.
- A formula is never worked out here and never kept as a formula: the value the
  spreadsheet last worked out and saved with the file is read. A formula with no such
  value (a file made by a program and never opened in a spreadsheet) is named as a
  problem, to be opened and saved in a spreadsheet or typed as a value.
- Dates are read as 31/03/2026, 31/3/2026, 2026-03-31, 31 March 2026 or 31 Mar 2026, or a
  real date cell. A month alone ("March 2026", "Mar 2026", "03/2026", "2026-03") is its
  first day, or its last where the column says it is a deadline (`month_end`). A date that
  does not exist is named plainly: "31 November 2026 is not a date: November has 30 days".
  A year must be written in full (2026, not 26), and the day comes first (31/03/2026).
- A financial year is written 2025/26, 2025-26 or 2025/2026; its parts must follow on.
- Amounts are read as every number is (core.numbers): £ and thousands commas allowed.
  A column whose heading declares its unit in brackets, "Budget (£000)" or "Budget (£m)",
  is read in that unit and handed on in pounds, under the heading the template names in
  pounds ("budget (£)"): a council's own file in thousands imports as it stands.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from core import numbers
from core.uploads import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    UploadRefused,
    cell_text,
    check_workbook_archive,
    decode_text,
)

HEADING_SEARCH_ROWS = 10
NOT_READABLE = "The file is not a readable Excel workbook: save it again as .xlsx or CSV"
MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9
DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{2,4})")
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
WORDS_DATE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{2,4})", re.I)
WORDS_MONTH = re.compile(r"([A-Za-z]+)\.?,?\s+(\d{2,4})")
NUMBER_MONTH = re.compile(r"(\d{1,2})\s*/\s*(\d{4})|(\d{4})-(\d{1,2})")
FINANCIAL_YEAR = re.compile(r"(?:FY\s*)?(\d{4})\s*[/-]\s*(\d{2}|\d{4})", re.I)
DATE_EXAMPLE = "like 31/03/2026"


class ValueRefused(ValueError):
    """A cell's text is not the kind of value its column takes; str() is the message."""


# --- sheets ---------------------------------------------------------------------------


@dataclass
class Row:
    """One row of a sheet that has something in it: its number as the spreadsheet shows
    it, its cells as text by heading (lower case), and the headings of cells holding a
    formula with no worked-out value."""

    number: int
    cells: dict[str, str]
    unworked: list[str] = field(default_factory=list)

    def get(self, heading: str) -> str:
        return self.cells.get(heading, "")


@dataclass
class Sheet:
    name: str
    headings: list[str]
    rows: list[Row]
    heading_row: int = 1

    def column_letter(self, heading: str) -> str:
        """The spreadsheet column ("C") a heading is in, for naming a problem's place."""
        try:
            return get_column_letter(self.headings.index(heading) + 1)
        except ValueError:
            return "?"


@dataclass
class Book:
    """A file's sheets by name, in order, and the hidden sheets that were not read."""

    sheets: dict[str, Sheet]
    hidden: list[str] = field(default_factory=list)


def read_book(
    name: str,
    content: bytes,
    *,
    templates: dict[str, tuple[str, ...]],
    max_rows: int = MAX_ROWS,
) -> Book:
    """The sheets of a workbook (or the one table of a CSV, named after the file) whose
    names are in `templates` (sheet name → the headings it must have), read by the rules
    above. A sheet not in `templates` is left unread; a template sheet without its
    headings is refused, naming the missing ones. A sheet may hold `max_rows` rows (a
    council-wide bulk import takes more than a plan's upload)."""
    if name.lower().endswith(".csv"):
        tables = {_csv_sheet_name(name, templates): (_csv_table(content, max_rows), [])}
        hidden: list[str] = []
    else:
        tables, hidden = _xlsx_tables(content, wanted=set(templates), max_rows=max_rows)
    sheets = {}
    for sheet_name, (table, unworked) in tables.items():
        if sheet_name in templates:
            required = templates[sheet_name]
            sheets[sheet_name] = _sheet(sheet_name, table, unworked, required, max_rows)
    return Book(sheets, hidden)


def _csv_sheet_name(name: str, templates: dict) -> str:
    """A CSV holds one sheet: the template's only one, or the one the file is named after."""
    if len(templates) == 1:
        return next(iter(templates))
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0].strip().lower()
    for sheet_name in templates:
        if sheet_name.lower() == stem:
            return sheet_name
    raise UploadRefused(
        "A CSV holds one sheet: name the file after it ("
        + ", ".join(f"{sheet}.csv" for sheet in templates)
        + "), or upload the whole workbook as .xlsx"
    )


def _sheet(
    name: str, table: list[list], unworked: set, required: tuple[str, ...], max_rows: int
) -> Sheet:
    heading_index = _heading_index(name, table, required)
    declared = [_heading_and_unit(cell) for cell in table[heading_index][:MAX_COLUMNS]]
    headings = [heading for heading, _unit in declared]
    units = {heading: unit for heading, unit in declared if unit != numbers.POUNDS}
    rows = []
    for index in range(heading_index + 1, len(table)):
        number = index + 1
        if number > max_rows + 1:
            raise UploadRefused(
                f"The sheet “{name}” has more than {max_rows:,} rows: split it into smaller files"
            )
        cells = [_text(cell) for cell in table[index][: len(headings)]]
        if not any(cells):
            continue
        if any(len(cell) > MAX_CELL_CHARS for cell in cells):
            raise UploadRefused(
                f"Row {number} of “{name}” has a cell longer than {MAX_CELL_CHARS:,} "
                "characters: shorten it and upload the file again"
            )
        cells += [""] * (len(headings) - len(cells))
        by_heading = {h: cell for h, cell in zip(headings, cells, strict=True) if h}
        for heading, unit in units.items():
            by_heading[heading] = _in_pounds(by_heading.get(heading, ""), unit)
        missing = [
            headings[column]
            for (row, column) in unworked
            if row == index and column < len(headings) and headings[column]
        ]
        rows.append(Row(number, by_heading, missing))
    return Sheet(name, headings, rows, heading_index + 1)


MONEY_HEADING = re.compile(r"^(.*?)\s*\(([^()]*)\)$")


def _heading_and_unit(cell) -> tuple[str, str]:
    """A heading in lower case, and the money unit it declares in brackets (£ if none): a
    heading in £000 or £m is given back as the template's heading in pounds."""
    heading = cell_text(cell).lower()
    match = MONEY_HEADING.match(heading)
    if match is None or "£" not in match.group(2) and "pound" not in match.group(2):
        return heading, numbers.POUNDS
    try:
        unit = numbers.read_unit(match.group(2))
    except numbers.NumberRefused:
        return heading, numbers.POUNDS
    return f"{match.group(1)} (£)", unit


def _in_pounds(text: str, unit: str) -> str:
    """A figure typed in £000 or £m, as pounds and pence; text that is not a figure is
    handed on as typed, for the column's own reader to name the problem."""
    try:
        amount = numbers.parse_money_in_unit(text, what="the amount", unit=unit)
    except numbers.NumberRefused:
        return text
    return "" if amount is None else f"{amount:.2f}"


def _heading_index(name: str, table: list[list], required: tuple[str, ...]) -> int:
    for index, row in enumerate(table[:HEADING_SEARCH_ROWS]):
        headings = {_heading_and_unit(cell)[0] for cell in row[:MAX_COLUMNS]}
        if all(heading in headings for heading in required):
            return index
    first = next((row for row in table if any(_text(cell) for cell in row)), [])
    found = {_heading_and_unit(cell)[0] for cell in first}
    missing = [heading for heading in required if heading not in found]
    raise UploadRefused(
        f"The sheet “{name}” must have the template's column headings; missing: "
        + ", ".join(missing)
    )


def _text(cell) -> str:
    if isinstance(cell, bool):
        return "Yes" if cell else "No"
    return cell_text(cell)


def _csv_table(content: bytes, max_rows: int = MAX_ROWS) -> list[list]:
    text = decode_text(content)
    if "\x00" in text:
        raise UploadRefused("The file is not a CSV file: save it again as CSV or .xlsx")
    try:
        table = []
        for row in csv.reader(io.StringIO(text)):
            table.append(row)
            if len(table) > max_rows + 1:
                raise UploadRefused(
                    f"The file has more than {max_rows:,} rows: split it into smaller files"
                )
        return table
    except csv.Error:
        raise UploadRefused("The file is not a readable CSV file: save it again as CSV") from None


def _xlsx_tables(
    content: bytes, *, wanted: set[str], max_rows: int = MAX_ROWS
) -> tuple[dict, list[str]]:
    """Each visible wanted sheet as a table of values (merged cells filled in, formulas
    as their saved values) with the places of formulas that have none; and the names of
    hidden sheets."""
    try:
        check_workbook_archive(content)
        values = load_workbook(io.BytesIO(content), data_only=True)
        formulas = load_workbook(io.BytesIO(content), data_only=False)
    except UploadRefused:
        raise
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, EOFError):
        raise UploadRefused(NOT_READABLE) from None
    except ParseError:
        raise UploadRefused(NOT_READABLE) from None
    tables, hidden = {}, []
    for sheet in values.worksheets:
        if sheet.sheet_state != "visible":
            hidden.append(sheet.title)
            continue
        if sheet.title not in wanted:
            continue
        if sheet.max_row > max_rows + 1:
            raise UploadRefused(
                f"The sheet “{sheet.title}” has more than {max_rows:,} rows: delete any empty "
                "rows below the figures, or split it into smaller files"
            )
        tables[sheet.title] = _table(sheet, formulas[sheet.title])
    return tables, hidden


def _table(sheet, formula_sheet) -> tuple[list[list], set[tuple[int, int]]]:
    table = [list(row) for row in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)]
    for merged in sheet.merged_cells.ranges:
        top_left = table[merged.min_row - 1][merged.min_col - 1] if table else None
        for r in range(merged.min_row - 1, min(merged.max_row, len(table))):
            for c in range(merged.min_col - 1, min(merged.max_col, MAX_COLUMNS)):
                table[r][c] = top_left
    unworked = set()
    for row in formula_sheet.iter_rows(max_col=MAX_COLUMNS):
        for cell in row:
            if cell.data_type == "f" and table[cell.row - 1][cell.column - 1] is None:
                unworked.add((cell.row - 1, cell.column - 1))
    return table, unworked


def unworked_problem(heading: str) -> str:
    return (
        f"{heading.capitalize()} holds a formula whose value has not been worked out: open "
        "the file in a spreadsheet and save it, or type the value"
    )


# --- values ---------------------------------------------------------------------------


def parse_date(raw: str, *, what: str, month_end: bool = False) -> dt.date | None:
    """The date typed, by the rules above; None for nothing typed. A month alone is its
    first day, or its last with `month_end`. Raises ValueRefused with the message."""
    text = " ".join((raw or "").split())
    if not text:
        return None
    if found := ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in found.groups())
        return _date(text, year, month, day)
    if found := DAY_MONTH_YEAR.fullmatch(text):
        day, _, month, year = found.groups()
        return _date(text, _full_year(year, text, what), int(month), int(day))
    if found := WORDS_DATE.fullmatch(text):
        day, name, year = found.groups()
        return _date(text, _full_year(year, text, what), _month_named(name, text, what), int(day))
    month = _month_alone(text, what)
    if month is None:
        raise ValueRefused(f"Enter {what} as a date, {DATE_EXAMPLE} (not “{text}”)")
    year, number = month
    last = calendar.monthrange(year, number)[1]
    return dt.date(year, number, last if month_end else 1)


def _month_alone(text: str, what: str) -> tuple[int, int] | None:
    if found := WORDS_MONTH.fullmatch(text):
        name, year = found.groups()
        if name.lower() in MONTHS:
            return _full_year(year, text, what), MONTHS[name.lower()]
        return None
    if found := NUMBER_MONTH.fullmatch(text):
        month, year, iso_year, iso_month = found.groups()
        number = int(month or iso_month)
        if not 1 <= number <= 12:
            raise ValueRefused(f"{text} is not a month: there are 12 months in a year")
        return int(year or iso_year), number
    return None


def _full_year(year: str, text: str, what: str) -> int:
    if len(year) != 4:
        raise ValueRefused(f"Enter {what} with the year in full, {DATE_EXAMPLE} (not “{text}”)")
    return int(year)


def _month_named(name: str, text: str, what: str) -> int:
    number = MONTHS.get(name.lower().rstrip("."))
    if number is None:
        raise ValueRefused(f"Enter {what} as a date, {DATE_EXAMPLE} (not “{text}”)")
    return number


def _date(text: str, year: int, month: int, day: int) -> dt.date:
    """The date, or a plain message saying why it does not exist."""
    if not 1 <= month <= 12:
        raise ValueRefused(
            f"{text} is not a date: there is no month {month} (write the day first, {DATE_EXAMPLE})"
        )
    if not 1 <= year <= 9999:
        raise ValueRefused(f"{text} is not a date: the year must be written in full")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        name = calendar.month_name[month]
        if month == 2:
            name = f"February {year}"
        raise ValueRefused(f"{text} is not a date: {name} has {days} days")
    return dt.date(year, month, day)


def parse_financial_year(raw: str, *, what: str = "the financial year") -> int | None:
    """The start year of a financial year written 2025/26, 2025-26 or 2025/2026; None
    for nothing typed."""
    text = " ".join((raw or "").split())
    if not text:
        return None
    found = FINANCIAL_YEAR.fullmatch(text)
    if found is None:
        raise ValueRefused(f"Enter {what} like 2025/26 (not “{text}”)")
    start, end = int(found.group(1)), found.group(2)
    following = f"{start + 1}" if len(end) == 4 else f"{(start + 1) % 100:02d}"
    if end != following:
        raise ValueRefused(
            f"{text} is not a financial year: the year that starts in {start} is "
            f"{start}/{(start + 1) % 100:02d}"
        )
    return start


def parse_amount(raw: str, *, what: str) -> Decimal | None:
    """An amount in pounds and pence, read as every number is (core.numbers)."""
    try:
        return numbers.parse_number(raw, what=what, kind=numbers.MONEY, places=2)
    except numbers.NumberRefused as error:
        raise ValueRefused(str(error)) from None


def parse_yes_no(raw: str, *, what: str) -> bool:
    """Yes or No (also Y/N, True/False, 1/0); nothing typed is No."""
    text = (raw or "").strip().lower()
    if text in ("yes", "y", "true", "1"):
        return True
    if text in ("", "no", "n", "false", "0"):
        return False
    raise ValueRefused(f"Enter Yes or No for {what} (not “{raw.strip()}”)")
