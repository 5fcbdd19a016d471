"""Reading an uploaded spreadsheet (CSV or Excel .xlsx) into rows of text, for every upload.

Reading never writes anything. A file that cannot be read as a whole (too big, macro-enabled,
not really a workbook, in an unknown encoding, without the template's headings) is refused with
a message that tells the person what to do. Cells come through as text: a formula comes
through as its text, never as a value worked out by a spreadsheet, so "=SUM(A1:A9)"
is kept as typed.

A file is read a row at a time and never further than it may go: every row counts toward the
5,000-row limit, empty ones too, so reading stops at row 5,002 whatever the file claims (a
workbook whose sheet says it has 1,048,576 rows, or a CSV of nothing but blank lines). Only
the first 50 columns are read, a cell may hold 10,000 characters, and a workbook may open up
to 25 MB. A checked file's page shows at most 200 rows and 50 problems, then says how many
more there are.

Saving a checked file is all or nothing, and only as it was checked: if what a row would do
has moved since the person saw it (someone saved one of its records meanwhile), nothing is
saved, the file is shown checked again, and saving again saves it (see checked_save).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from core.history import EditConflict

MAX_ROWS = 5000
MAX_COLUMNS = 50
MAX_CELL_CHARS = 10_000
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UNZIPPED_BYTES = 25 * 1024 * 1024
SHOWN_ROWS = 200
SHOWN_PROBLEMS = 50
EMPTY_ROW = "Empty row: skipped"
TOO_MANY_ROWS = (
    f"The file has more than {MAX_ROWS:,} rows, counting empty ones: delete any empty rows "
    "below the figures, or split the file into smaller files"
)
MONTH_FORMATS = ("%Y-%m", "%Y-%m-%d", "%b %Y", "%B %Y", "%m/%Y", "%d/%m/%Y")
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xls", ".xlsb")
EXPIRED = "Upload the file again: the checked file has expired"
CHANGED_SINCE_CHECK = (
    "Figures have changed since the file was checked, so nothing has been saved: check what "
    "each row would do now, then save again"
)
REMOVED_WHILE_SAVING = "Something in the file was removed while saving: check it again"


class UploadRefused(Exception):
    """The file as a whole cannot be read; the message says why, for the person."""


@dataclass
class CheckedRow:
    """One data row of a file after checking. `subject` is what the row is about as the
    file names it (an indicator's reference, a service); `detail` the item of the subject it
    is about, for a file whose rows are not months (a capital scheme); `entry` is what saving
    the row would write; `changed` whether that adds or changes anything; `version` the
    version of the record it changes, as the check found it ("" for a new one)."""

    number: int
    subject: str
    month: dt.date | None = None
    detail: str = ""
    outcome: str = ""
    errors: list[str] = field(default_factory=list)
    entry: object | None = None
    changed: bool = False
    warnings: list[str] = field(default_factory=list)
    version: str = ""


@dataclass
class CheckedFile:
    """A file's rows after checking (a dry run): nothing has been written."""

    rows: list[CheckedRow]

    @property
    def errors(self) -> list[tuple[int, str]]:
        return [(row.number, error) for row in self.rows for error in row.errors]

    @property
    def warnings(self) -> list[tuple[int, str]]:
        """Figures that look wrong (see the plausibility rules): they may still be saved,
        once the person has seen them."""
        return [(row.number, warning) for row in self.rows for warning in row.warnings]

    @property
    def shown_errors(self) -> list[tuple[int, str]]:
        return self.errors[:SHOWN_PROBLEMS]

    @property
    def errors_not_shown(self) -> int:
        return max(len(self.errors) - SHOWN_PROBLEMS, 0)

    @property
    def shown_warnings(self) -> list[tuple[int, str]]:
        return self.warnings[:SHOWN_PROBLEMS]

    @property
    def warnings_not_shown(self) -> int:
        return max(len(self.warnings) - SHOWN_PROBLEMS, 0)

    @property
    def empty_rows(self) -> int:
        return sum(row.outcome == EMPTY_ROW for row in self.rows)

    @property
    def shown_rows(self) -> list[CheckedRow]:
        """The rows to list on the page, in order: those with problems or warnings first
        in line for a place, then the rest, never more than SHOWN_ROWS; empty rows are only
        counted."""
        rows = [row for row in self.rows if row.outcome != EMPTY_ROW]
        rows.sort(key=lambda row: (not (row.errors or row.warnings), row.number))
        return sorted(rows[:SHOWN_ROWS], key=lambda row: row.number)

    @property
    def rows_not_shown(self) -> int:
        listed = sum(row.outcome != EMPTY_ROW for row in self.rows)
        return max(listed - SHOWN_ROWS, 0)

    @property
    def entries(self) -> list:
        """What saving the file would write: the rows that add or change something."""
        return [row.entry for row in self.rows if row.entry is not None and row.changed]

    @property
    def changes(self) -> int:
        return len(self.entries)

    @property
    def fingerprint(self) -> list[list]:
        """What the person was shown, and the versions of the records saving would change,
        to tell at saving whether anything has moved since."""
        return [[row.number, row.outcome, row.errors, row.version] for row in self.rows]


def checked_keep(session, key: str, *, name: str, rows: list, checked: CheckedFile) -> None:
    """Keep a checked file in the person's session until they save it: its name, its rows
    and what the check showed them."""
    session[key] = {"name": name, "rows": rows, "seen": checked.fingerprint}


@dataclass
class Saving:
    """How saving a checked file went: the file as checked at saving, why nothing was saved
    (`refusal`, or the rows' own problems), the status for the page (302: saved) and how
    many records were saved."""

    result: CheckedFile | None
    refusal: str = ""
    status: int = 400
    saved: int = 0

    @property
    def done(self) -> bool:
        return self.status == 302


def checked_save(
    session,
    key: str,
    *,
    check: Callable[[list], CheckedFile],
    save: Callable[[list, str], int],
) -> Saving:
    """Save the file kept under `key` (see checked_keep): `check(rows)` checks its rows
    again, `save(entries, file name)` saves what they add or change, all or nothing.

    Nothing is saved when the checked file has expired, when any row has problems, or when
    what a row would do (or the version of the record it changes) is not what the person
    was shown: someone saved one of its records since the check. Then the file is shown as
    it is checked now, and saving again saves that. A refusal by the save itself (someone
    saved a record between this check and the save, a record was removed, a rule refused
    it) leaves everything as it was."""
    pending = session.get(key)
    if pending is None:
        return Saving(None, EXPIRED, 400)
    result = check(pending["rows"])
    if result.fingerprint != pending["seen"]:
        session[key] = pending | {"seen": result.fingerprint}
        return Saving(result, CHANGED_SINCE_CHECK, 409)
    if result.errors:
        return Saving(result, "", 400)
    try:
        saved = save(result.entries, pending["name"])
    except EditConflict as error:
        return Saving(result, str(error), 409)
    except ObjectDoesNotExist:
        return Saving(result, REMOVED_WHILE_SAVING, 409)
    except ValidationError as error:
        return Saving(result, "; ".join(error.messages), 400)
    del session[key]
    return Saving(result, "", 302, saved)


def file_problem(*, name: str, size: int, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """Why a chosen file cannot be taken at all, from its name and size; "" if it can."""
    name = name.lower()
    if name.endswith(MACRO_SUFFIXES):
        return (
            "The file must be a CSV or an Excel workbook without macros (.xlsx): "
            "save it as .xlsx or .csv and upload it again"
        )
    if not name.endswith((".csv", ".xlsx")):
        return "The file must be a CSV or Excel (.xlsx) file"
    if size > max_bytes:
        return f"The file must be smaller than {max_bytes // (1024 * 1024)} MB"
    return ""


def read_rows(
    name: str, content: bytes, *, required: tuple[str, ...], empty: str
) -> list[dict[str, str]]:
    """The file's data rows as dicts of text by column heading (lower case), in order: the
    first is the file's row 2. `required` headings must all be in the first row; `empty` is
    the message for a file with nothing in it. Reading stops, refusing the file, at the
    first row past the limit (empty rows count)."""
    table = _xlsx_rows(content) if name.lower().endswith(".xlsx") else _csv_rows(content)
    try:
        first = next(table, None)
        if first is None:
            raise UploadRefused(empty)
        header = [cell_text(cell).lower() for cell in first[:MAX_COLUMNS]]
        missing = [column for column in required if column not in header]
        if missing:
            raise UploadRefused(
                "The first row must be the column headings from the template; "
                f"missing: {', '.join(missing)}"
            )
        rows = []
        for number, row in enumerate(table, start=2):
            if number > MAX_ROWS + 1:
                raise UploadRefused(TOO_MANY_ROWS)
            rows.append(_row_dict(number, row, header))
        return rows
    finally:
        table.close()


def _row_dict(number: int, row, header: list[str]) -> dict[str, str]:
    cells = [cell_text(cell) for cell in row[: len(header)]]
    if any(len(cell) > MAX_CELL_CHARS for cell in cells):
        raise UploadRefused(
            f"Row {number} has a cell longer than {MAX_CELL_CHARS:,} characters: shorten it "
            "and upload the file again"
        )
    cells += [""] * (len(header) - len(cells))
    return {name: cell for name, cell in zip(header, cells, strict=True) if name}


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


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    """The CSV's rows one at a time (blank lines as empty rows)."""
    text = decode_text(content)
    if "\x00" in text:
        raise UploadRefused("The file is not a CSV file: save it again as CSV or .xlsx")
    try:
        yield from csv.reader(io.StringIO(text))
    except csv.Error as error:
        if "field limit" in str(error):
            raise UploadRefused(
                f"A cell is longer than {MAX_CELL_CHARS:,} characters: shorten it and upload "
                "the file again"
            ) from None
        raise UploadRefused("The file is not a readable CSV file: save it again as CSV") from None


def decode_text(content: bytes) -> str:
    """A CSV's text: UTF-8 (with or without Excel's byte-order mark), else Windows-1252,
    what older Excel saves as "CSV", so "£" and "é" come through as typed. (Read through
    core.imports.decode_text by the multi-sheet imports, too.)"""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError:
        raise UploadRefused(
            "The file's text is in an encoding that cannot be recognised: save it again "
            "as “CSV UTF-8”"
        ) from None


def _xlsx_rows(content: bytes) -> Iterator[tuple]:
    """The first sheet's rows one at a time, read as the file goes (openpyxl's read-only
    mode), no wider than MAX_COLUMNS: a row the sheet skips comes through as empty."""
    workbook = _open_workbook(content)
    try:
        sheet = workbook.worksheets[0]
        yield from sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    except (zipfile.BadZipFile, KeyError, IndexError, ValueError, OSError, EOFError, ParseError):
        raise UploadRefused(
            "The file is not a readable Excel workbook: save it again as .xlsx or CSV"
        ) from None
    finally:
        workbook.close()


def _open_workbook(content: bytes):
    try:
        check_workbook_archive(content)
        # Formulas come through as their text, never as a value worked out by a spreadsheet.
        return load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except UploadRefused:
        raise
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        ValueError,
        OSError,
        EOFError,
        ParseError,
    ):
        raise UploadRefused(
            "The file is not a readable Excel workbook: save it again as .xlsx or CSV"
        ) from None


def check_workbook_archive(content: bytes) -> None:
    """Refuse a workbook with macros, or one too big once unzipped, before opening it."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts = archive.infolist()
        if any(part.filename.lower().endswith("vbaproject.bin") for part in parts):
            raise UploadRefused(
                "The workbook contains macros: save it as an Excel workbook without "
                "macros (.xlsx) and upload it again"
            )
        if sum(part.file_size for part in parts) > MAX_UNZIPPED_BYTES:
            raise UploadRefused(
                "The workbook is too big once opened: copy only the figures into the "
                "template, or save them as CSV, and upload that"
            )
