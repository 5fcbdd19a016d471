"""Bulk imports for a whole council: the kinds of file a council brings when it moves in.

Each app says what it can import by registering a `BulkKind` from its AppConfig.ready()
(core imports no app, so the apps come to it). A kind is its sheets and their headings (the
downloadable template is made from them), who may import it, and two functions:

- `check(*, book, actor, options)` reads a `core.imports.Book` and writes nothing: it gives
  back a `core.uploads.CheckedFile` whose rows say, row by row and sheet by sheet, what
  importing would add, change or leave, or name each problem by sheet, row and column.
- `save(*, entries, actor, source)` writes what the check found, all or nothing, keeping
  "Imported from <source> by <person>" in every record's history, and gives back how many
  records it wrote.

The rules, in council terms:

- A council's file is always checked first (a dry run) and saved only as it was checked.
- Who may import a kind is the permissions module's answer to `kind.permission`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from core.spreadsheets import append_row, is_risky_text
from core.uploads import EMPTY_ROW, CheckedFile


@dataclass(frozen=True)
class BulkKind:
    """One kind of council-wide import. `templates` maps each sheet's name to the headings
    it must have (as `core.imports.read_book` takes them); `optional` maps a sheet to the
    headings it may also have; `examples` maps a sheet to example rows for the template;
    `options` names the choices the person makes beside the file (a unit, a year), as
    (name, label, choices) triples, passed to `check` as a dict."""

    slug: str
    title: str
    summary: str
    permission: str
    templates: dict[str, tuple[str, ...]]
    check: Callable
    save: Callable
    optional: dict[str, tuple[str, ...]] = field(default_factory=dict)
    examples: dict[str, list[list[str]]] = field(default_factory=dict)
    options: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = ()


KINDS: dict[str, BulkKind] = {}


def register(kind: BulkKind) -> BulkKind:
    """Make a kind of import available; called from an app's ready()."""
    if kind.slug in KINDS and KINDS[kind.slug] is not kind:
        raise ValueError(f"Two bulk imports are called {kind.slug!r}")
    KINDS[kind.slug] = kind
    return kind


def kinds_for(user) -> list[BulkKind]:
    """The kinds this person may import, in the order the apps registered them."""
    return [kind for kind in KINDS.values() if user.has_perm(kind.permission)]


# --- limits, templates and the check kept for the pages ---------------------------------

# A council-wide import is bigger than a plan's upload: several years of a whole library.
MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024
SHOWN_ROWS = 200
SHOWN_PROBLEMS = 200


def template_workbook(kind: BulkKind) -> bytes:
    """The kind's template: a sheet per template sheet with its headings (the optional
    ones after), the example rows, and a Notes sheet saying how to fill it in. Every cell
    is written as text or number, never as a formula."""
    book = Workbook()
    book.remove(book.active)
    for name, headings in kind.templates.items():
        sheet = book.create_sheet(name)
        append_row(sheet, [*headings, *kind.optional.get(name, ())])
        for example in kind.examples.get(name, []):
            append_row(sheet, example)
        for column in range(1, sheet.max_column + 1):
            sheet.column_dimensions[get_column_letter(column)].width = 20
    notes = book.create_sheet("Notes")
    append_row(notes, [kind.title])
    append_row(notes, [kind.summary])
    for name, headings in kind.templates.items():
        append_row(notes, [f"{name}: needs the columns {', '.join(headings)}"])
        if kind.optional.get(name):
            append_row(notes, [f"{name}: may also have {', '.join(kind.optional[name])}"])
    append_row(notes, ["Remove the example rows before importing. Rows are checked first."])
    notes.column_dimensions["A"].width = 100
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_csv(kind: BulkKind) -> bytes | None:
    """A CSV template (UTF-8 with Excel's byte-order mark) for a kind of one sheet; None
    for a kind of several sheets, which only a workbook can hold. A cell a spreadsheet
    would read as a formula is written with a leading apostrophe."""
    if len(kind.templates) != 1:
        return None
    name, headings = next(iter(kind.templates.items()))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*headings, *kind.optional.get(name, ())])
    for example in kind.examples.get(name, []):
        writer.writerow([f"'{cell}" if is_risky_text(str(cell)) else cell for cell in example])
    return buffer.getvalue().encode("utf-8-sig")


def checked_record(checked: CheckedFile) -> dict:
    """What a check found, as plain data to keep with the import run (not the session):
    each row's sheet, number, outcome, problems, warnings, whether it changes anything and
    what it is about (`detail`), the counts, and a
    fingerprint of the whole, so that importing can tell whether anything has moved since
    the person read the dry run."""
    rows = [
        [row.subject, row.number, row.outcome, row.errors, row.warnings, row.changed, row.detail]
        for row in checked.rows
        if row.outcome != EMPTY_ROW
    ]
    return {
        "rows": rows,
        "counts": counts_of(checked),
        "fingerprint": fingerprint_of(checked),
    }


def counts_of(checked: CheckedFile) -> dict[str, int]:
    counts = {"added": 0, "changed": 0, "left": 0, "problems": 0}
    for row in checked.rows:
        if row.outcome == EMPTY_ROW:
            continue
        if row.errors:
            counts["problems"] += 1
        elif row.changed and not row.version:
            counts["added"] += 1
        elif row.changed:
            counts["changed"] += 1
        else:
            counts["left"] += 1
    return counts


def fingerprint_of(checked: CheckedFile) -> str:
    return hashlib.sha256(
        json.dumps(checked.fingerprint, default=str).encode(), usedforsecurity=False
    ).hexdigest()
