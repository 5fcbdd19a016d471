"""Reading an uploaded spreadsheet (CSV or Excel .xlsx) into rows of text, for every upload.

Reading never writes anything. A file that cannot be read as a whole (too big, macro-enabled,
not really a workbook, not UTF-8, without the template's headings) is refused with a message
that tells the person what to do. Cells come through as text: a formula comes through as its
text, never as a value worked out by a spreadsheet, so "=SUM(A1:A9)" is kept as typed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

MAX_ROWS = 5000
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MONTH_FORMATS = ("%Y-%m", "%Y-%m-%d", "%b %Y", "%B %Y", "%m/%Y", "%d/%m/%Y")
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xls", ".xlsb")


class UploadRefused(Exception):
    """The file as a whole cannot be read; the message says why, for the person."""


@dataclass
class CheckedRow:
    """One data row of a file after checking. `subject` is what the row is about as the
    file names it (an indicator's reference, a service); `detail` the item of the subject it
    is about, for a file whose rows are not months (a capital scheme); `entry` is what saving
    the row would write; `changed` whether that adds or changes anything."""

    number: int
    subject: str
    month: dt.date | None = None
    detail: str = ""
    outcome: str = ""
    errors: list[str] = field(default_factory=list)
    entry: object | None = None
    changed: bool = False


@dataclass
class CheckedFile:
    """A file's rows after checking (a dry run): nothing has been written."""

    rows: list[CheckedRow]

    @property
    def errors(self) -> list[tuple[int, str]]:
        return [(row.number, error) for row in self.rows for error in row.errors]

    @property
    def entries(self) -> list:
        """What saving the file would write: the rows that add or change something."""
        return [row.entry for row in self.rows if row.entry is not None and row.changed]

    @property
    def changes(self) -> int:
        return len(self.entries)

    @property
    def fingerprint(self) -> list[list]:
        """What the person was shown, to tell at saving whether anything has moved since."""
        return [[row.number, row.outcome, row.errors] for row in self.rows]


def file_problem(*, name: str, size: int) -> str:
    """Why a chosen file cannot be taken at all, from its name and size; "" if it can."""
    name = name.lower()
    if name.endswith(MACRO_SUFFIXES):
        return (
            "The file must be a CSV or an Excel workbook without macros (.xlsx): "
            "save it as .xlsx or .csv and upload it again"
        )
    if not name.endswith((".csv", ".xlsx")):
        return "The file must be a CSV or Excel (.xlsx) file"
    if size > MAX_UPLOAD_BYTES:
        return "The file must be smaller than 2 MB"
    return ""


def read_rows(
    name: str, content: bytes, *, required: tuple[str, ...], empty: str
) -> list[dict[str, str]]:
    """The file's data rows as dicts of text by column heading (lower case), in order: the
    first is the file's row 2. `required` headings must all be in the first row; `empty` is
    the message for a file with nothing in it."""
    reader = _xlsx_table if name.lower().endswith(".xlsx") else _csv_table
    table = reader(content)
    if not table:
        raise UploadRefused(empty)
    header = [str(cell or "").strip().lower() for cell in table[0]]
    missing = [column for column in required if column not in header]
    if missing:
        raise UploadRefused(
            "The first row must be the column headings from the template; "
            f"missing: {', '.join(missing)}"
        )
    body = [row for row in table[1:] if any(cell_text(cell) for cell in row)]
    if len(body) > MAX_ROWS:
        raise UploadRefused(
            f"The file has more than {MAX_ROWS:,} rows: split it into smaller files"
        )
    return [
        {name: cell_text(row[i]) if i < len(row) else "" for i, name in enumerate(header) if name}
        for row in table[1:]
    ]


def cell_text(cell) -> str:
    """A cell as text: dates as ISO dates, whole numbers without ".0", the rest as typed."""
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def parse_month(raw: str) -> dt.date | None:
    """The first day of the month written as 2026-04, April 2026, 04/2026 and the like."""
    for pattern in MONTH_FORMATS:
        try:
            return dt.datetime.strptime(raw.strip(), pattern).date().replace(day=1)
        except ValueError:
            continue
    return None


def _csv_table(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadRefused(
            "The file must be a CSV saved as UTF-8: save it again as UTF-8 CSV"
        ) from None
    if "\x00" in text:
        raise UploadRefused("The file is not a CSV file: save it again as CSV or .xlsx")
    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error:
        raise UploadRefused("The file is not a readable CSV file: save it again as CSV") from None


def _xlsx_table(content: bytes) -> list[list]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if any(name.lower().endswith("vbaproject.bin") for name in archive.namelist()):
                raise UploadRefused(
                    "The workbook contains macros: save it as an Excel workbook without "
                    "macros (.xlsx) and upload it again"
                )
        # Formulas come through as their text, never as a value worked out by a spreadsheet.
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except UploadRefused:
        raise
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        raise UploadRefused(
            "The file is not a readable Excel workbook: save it again as .xlsx or CSV"
        ) from None
    sheet = workbook.worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        rows.append(list(row))
        if len(rows) > MAX_ROWS + 1:
            break
    workbook.close()
    return rows
