"""Writing spreadsheet cells safely: the one rule every export and template follows.

openpyxl writes any string starting with "=" as a live formula. A text value starting with
=, +, -, @, a tab or a carriage return is stored as text (never a formula) and marked
quotePrefix so Excel keeps it as text when the cell is edited. Dates are written as real
dates and numbers as numbers. A line break is written as Excel's own (a line feed), so
that a cell reads back the same whichever XML library openpyxl writes with.
"""

from __future__ import annotations

import datetime as dt

from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "dd/mm/yyyy"


def is_risky_text(value: str) -> bool:
    """True for text a spreadsheet would read as a formula (or a DDE payload)."""
    return value.startswith(FORMULA_STARTS)


def write_cell(ws: Worksheet, row: int, column: int, value):
    """Write one value: dates as real dates, numbers as numbers, and any text as text."""
    cell = ws.cell(row=row, column=column)
    if value is None:
        return cell
    if isinstance(value, dt.datetime):
        cell.value = value.replace(tzinfo=None)
        cell.number_format = "dd/mm/yyyy hh:mm"
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, bool | int | float):
        cell.value = value
    else:
        text = str(value)
        cell.value = text.replace("\r\n", "\n").replace("\r", "\n")
        cell.data_type = "s"
        if is_risky_text(text):
            cell.quotePrefix = True
    return cell


def append_row(ws: Worksheet, values) -> None:
    """Add a row below the last one, every value written by `write_cell`."""
    row = ws.max_row + 1 if ws.max_row > 1 or ws.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, start=1):
        write_cell(ws, row, column, value)
