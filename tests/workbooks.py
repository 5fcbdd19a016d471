"""Excel files for the upload tests, built the way a council's spreadsheet would be."""

import io

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
