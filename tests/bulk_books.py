"""Workbooks for the council-wide import tests, made the way councils make theirs: several
sheets, titles above the headings, merged cells, blank rows, hidden sheets and formulas
with the values a spreadsheet saved."""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl import Workbook

from core.bulk import BulkKind
from core.imports import read_book


def book_bytes(
    sheets: dict[str, list[list]], *, hidden: dict[str, list[list]] | None = None
) -> bytes:
    """An .xlsx with a sheet per entry (its first list the headings), and hidden sheets."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    for name, rows in (hidden or {}).items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_saved_values(content: bytes, values: dict[str, str]) -> bytes:
    """The workbook as a spreadsheet saves it: each formula cell (by its formula text) also
    carries the value the spreadsheet worked out, which openpyxl never writes itself."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text = data.decode()
                for formula, value in values.items():
                    text = re.sub(
                        rf"<f>{re.escape(formula)}</f><v\s*/>|<f>{re.escape(formula)}</f>(<v></v>)?",
                        f"<f>{formula}</f><v>{value}</v>",
                        text,
                    )
                data = text.encode()
            target.writestr(item, data)
    return out.getvalue()


def read(kind: BulkKind, content: bytes, name: str = "council.xlsx"):
    """The file read as the import pages read it, for the kind's check."""
    return read_book(name, content, templates=kind.templates)
