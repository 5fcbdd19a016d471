"""Excel files for the upload tests, built the way a council's spreadsheet would be."""

import io
import re
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

from openpyxl import Workbook


def xlsx_bytes(rows: list[list], headings: str) -> bytes:
    """An .xlsx whose first row holds the comma-separated `headings`, then `rows`."""
    book = Workbook()
    sheet = book.active
    sheet.append(headings.strip().split(","))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class Saved:
    """A formula with the value a spreadsheet saved beside it when the file was last saved
    (openpyxl saves none: messy_workbook puts it in, as Excel or LibreOffice would)."""

    formula: str
    value: str


def messy_workbook(
    sheets: dict[str, list[list]],
    *,
    merges: dict[str, list[str]] | None = None,
    spaced: bool = True,
) -> bytes:
    """A workbook as a council keeps one: each sheet (first list: its headings) under a
    merged title row, a blank row after every data row (data rows are 3, 5, 7, …; 3, 4, 5, …
    when not `spaced`), cells
    merged as `merges` says, `Saved` formulas with their saved values, and a hidden sheet
    of lists."""
    book = Workbook()
    book.remove(book.active)
    formulas = []
    for index, (name, rows) in enumerate(sheets.items(), start=1):
        sheet = book.create_sheet(name)
        sheet["A1"] = f"{name}: Parks 2026/27 (draft)"
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
        for column, heading in enumerate(rows[0], start=1):
            sheet.cell(2, column, heading)
        for number, row in enumerate(rows[1:]):
            for column, value in enumerate(row, start=1):
                cell = sheet.cell(3 + (2 if spaced else 1) * number, column)
                if isinstance(value, Saved):
                    cell.value = value.formula
                    formulas.append((index, cell.coordinate, value))
                else:
                    cell.value = value
        for cells in (merges or {}).get(name, []):
            sheet.merge_cells(cells)
    lists = book.create_sheet("Lists")
    lists.append(["Green", "Amber", "Red"])
    lists.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return _with_saved_values(buffer.getvalue(), formulas)


def _with_saved_values(content: bytes, formulas: list) -> bytes:
    if not formulas:
        return content
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            for index, where, saved in formulas:
                if item.filename == f"xl/worksheets/sheet{index}.xml":
                    formula = escape(saved.formula.removeprefix("="))
                    found = rf'<c r="{where}"([^>]*)><f>{re.escape(formula)}</f><v\s*/?>(</v>)?'
                    kept = rf'<c r="{where}"\1 t="str"><f>{formula}</f><v>{escape(saved.value)}</v>'
                    data, count = re.subn(found.encode(), kept.encode(), data)
                    assert count == 1, (where, data[:2000])
            target.writestr(item, data)
    return out.getvalue()
