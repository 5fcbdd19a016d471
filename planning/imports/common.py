"""What the council-wide imports of planning share: walking a sheet's rows as checked rows,
reading a financial year, and the history line every imported record keeps."""

from __future__ import annotations

from core.imports import Book, parse_financial_year
from core.uploads import CheckedRow
from planning.workbook.rows import Cells


def sheet_rows(book: Book, name: str):
    """Each row of the named sheet as a checked row (its subject the sheet) and its cells;
    nothing for a sheet the file does not have."""
    sheet = book.sheets.get(name)
    if sheet is None:
        return
    for row in sheet.rows:
        checked = CheckedRow(number=row.number, subject=name)
        yield checked, Cells(checked, row.cells, sheet.headings, row.unworked)


def read_year(cells: Cells, heading: str, years: dict) -> object | None:
    """The financial year a row names (2025/26 or 2025-26), which must be one of the
    council's years; None (with the problem noted) otherwise."""
    if not cells.text(heading):
        cells.problem(heading, "Enter the financial year, like 2025/26")
        return None
    start = cells.read(heading, parse_financial_year)
    if start is None:
        return None
    year = years.get(start)
    if year is None:
        cells.problem(
            heading,
            f"{start}/{(start + 1) % 100:02d} is not one of the council's financial years: "
            "an administrator adds it first",
        )
    return year


def too_long(cells: Cells, heading: str, limit: int) -> bool:
    if len(cells.text(heading)) > limit:
        cells.problem(heading, f"{heading.capitalize()} must be {limit} characters or fewer")
        return True
    return False


def read_order(cells: Cells, heading: str = "order") -> int | None:
    """The item's place in its plan: a whole number, or nothing to keep (or append)."""
    text = cells.text(heading)
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or int(text) > 100_000:
        cells.problem(heading, f"Enter the order as a whole number, like 3 (not “{text}”)")
        return None
    return int(text)


def untold(cells: Cells, heading: str) -> bool:
    """Nothing in the cell, and no problem named for it yet (a formula without its value
    is named once, not also as missing)."""
    return not cells.text(heading) and not any(
        f"({heading})" in error for error in cells.row.errors
    )
