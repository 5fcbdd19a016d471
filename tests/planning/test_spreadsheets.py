"""The one rule for spreadsheet cells: text never becomes a formula."""

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from core.spreadsheets import append_row


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://example.com","x")', "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"]
)
def test_formula_like_text_is_written_as_text(text):
    book = Workbook()
    append_row(book.active, [text, "plain", 3, dt.date(2026, 4, 1)])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    # XML reads a carriage return back as a line feed; what matters is that it is text.
    assert sheet["A1"].value == text.replace("\r", "\n")
    assert sheet["A1"].quotePrefix
    assert not sheet["B1"].quotePrefix
    assert sheet["C1"].value == 3
    assert sheet["D1"].value == dt.datetime(2026, 4, 1)


def test_rows_are_added_below_existing_ones():
    book = Workbook()
    append_row(book.active, ["heading"])
    append_row(book.active, ["value"])
    assert [c.value for c in book.active["A"]] == ["heading", "value"]
