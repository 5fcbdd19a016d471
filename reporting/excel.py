"""Committee workbooks: styled, frozen, filtered, and safe from formula injection.

Every cell goes through core.spreadsheets.write_cell, the one rule for keeping text
from becoming a formula.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.spreadsheets import write_cell

HEADER_FILL = PatternFill("solid", fgColor="1D3557")
HEADER_FONT = Font(bold=True, color="FFFFFF")
# Fill and text colour for RAG and band cells: filled AND labelled with the word.
RAG_FILLS = {
    "green": ("CCE2D8", "005A30"),
    "amber": ("FFF7BF", "594D00"),
    "red": ("F4CDC6", "942514"),
    "blue": ("BBD4EA", "0C2D4A"),
    "grey": ("E5E6E7", "383F43"),
}
WRAP = Alignment(wrap_text=True, vertical="top")


def rag_cell(ws: Worksheet, row: int, column: int, colour: str, label: str):
    cell = write_cell(ws, row, column, label)
    fill, text = RAG_FILLS.get(colour, RAG_FILLS["grey"])
    cell.fill = PatternFill("solid", fgColor=fill)
    cell.font = Font(bold=True, color=text)
    return cell


@dataclass(frozen=True)
class Column:
    heading: str
    width: int


def table_sheet(
    ws: Worksheet,
    columns: Sequence[Column],
    rows: Iterable[Sequence],
    rag_columns: dict[int, int] | None = None,
) -> None:
    """A header row (styled, frozen, with an autofilter) and the rows below it. Each row is
    a sequence of values; for a column listed in `rag_columns` (column → index of its
    colour in the row's extra values) the value is (colour, label)."""
    for n, column in enumerate(columns, start=1):
        cell = write_cell(ws, 1, n, column.heading)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = WRAP
        ws.column_dimensions[get_column_letter(n)].width = column.width
    last = 1
    for r, values in enumerate(rows, start=2):
        last = r
        for c, value in enumerate(values, start=1):
            if isinstance(value, tuple):
                rag_cell(ws, r, c, *value)
            else:
                write_cell(ws, r, c, value).alignment = WRAP
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"


def summary_sheet(ws: Worksheet, title: str, generated: dt.date, sections) -> None:
    """Counts for committee: a title, the date, then (heading, [(label, count)]) sections."""
    write_cell(ws, 1, 1, title).font = Font(bold=True, size=14)
    write_cell(ws, 2, 1, "Produced on")
    write_cell(ws, 2, 2, generated)
    row = 4
    for heading, pairs in sections:
        cell = write_cell(ws, row, 1, heading)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        write_cell(ws, row, 2, "Count").font = HEADER_FONT
        ws.cell(row=row, column=2).fill = HEADER_FILL
        row += 1
        for label, count in pairs:
            write_cell(ws, row, 1, label)
            write_cell(ws, row, 2, count)
            row += 1
        row += 1
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 14


def new_workbook() -> Workbook:
    return Workbook()


def to_bytes(wb: Workbook) -> bytes:
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
