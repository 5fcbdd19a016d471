"""Council files for the bulk import tests, made the way councils make them: a title above
the headings, merged cells, blank rows, a hidden lookup sheet, formulas with the values a
spreadsheet saved beside them."""

import io
import re
import zipfile

from openpyxl import Workbook

from core.bulk import KINDS
from core.imports import read_book


def workbook(sheets: dict[str, list[list]], *, title: str = "", hidden: bool = True) -> Workbook:
    """A workbook of the given sheets (first row of each: the headings), each with a title
    row and a blank row above the headings when `title` is given, and a hidden sheet."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        if title:
            sheet.append([title])
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
            sheet.append([])
        for row in rows:
            sheet.append(row)
    if hidden:
        lookups = book.create_sheet("Lookups")
        lookups.append(["Directorates"])
        lookups.sheet_state = "hidden"
    return book


def saved(book: Workbook, *, values: dict[tuple[str, str], str] | None = None) -> bytes:
    """The workbook's bytes; `values` puts a saved value beside each formula cell named by
    (sheet, cell), as Excel or LibreOffice would on saving."""
    buffer = io.BytesIO()
    names = [sheet.title for sheet in book.worksheets]
    book.save(buffer)
    content = buffer.getvalue()
    if not values:
        return content
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            for (sheet, cell), value in values.items():
                if item.filename == f"xl/worksheets/sheet{names.index(sheet) + 1}.xml":
                    data = re.sub(
                        rf'<c r="{cell}"([^>]*)><f>(.*?)</f><v\s*(?:/>|></v>)'.encode(),
                        rf'<c r="{cell}"\1 t="str"><f>\2</f><v>{value}</v>'.encode(),
                        data,
                    )
            target.writestr(item, data)
    return out.getvalue()


def check(slug: str, name: str, content: bytes, actor):
    kind = KINDS[slug]
    book = read_book(name, content, templates=kind.templates)
    return kind.check(book=book, actor=actor, options={})


def save(slug: str, checked, actor, source: str) -> int:
    return KINDS[slug].save(entries=checked.entries, actor=actor, source=source)


def outcomes(checked) -> list[tuple]:
    return [(row.subject, row.number, row.outcome, row.errors) for row in checked.rows]
