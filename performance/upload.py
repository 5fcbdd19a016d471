"""Bulk upload of indicator values from CSV or Excel (.xlsx), and the template to fill in.

Reading a file never writes anything: it gives every row's outcome and every problem with
its row number (the dry run). Saving is all or nothing, through services.values_save, and
only as checked (core.uploads.checked_save).
Text is kept as typed: a commentary starting "=" is stored as text, never evaluated, and
the template writes every text cell as text so a spreadsheet cannot turn it into a formula.
"""

from __future__ import annotations

import io
from dataclasses import replace

from openpyxl import Workbook

from core import numbers, uploads
from core.history import version_token
from core.spreadsheets import append_row
from core.uploads import CheckedFile, CheckedRow, UploadRefused, parse_month

from . import plausibility
from .models import COMMENTARY_MAX, DECIMALS, IndicatorDefinition, IndicatorValue
from .selectors import value_history
from .services import ValueEntry, entry_problems, held_values, is_change

COLUMNS = ("reference", "indicator", "month", "value", "commentary", "provisional", "projected")
REQUIRED = ("reference", "month", "value")
YES, NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0", ""}
__all__ = ["UploadRefused", "dry_run", "parse_month", "read_rows", "template_workbook"]


def read_rows(name: str, content: bytes) -> list[dict[str, str]]:
    """The file's data rows as dicts of text by column, numbered from row 2 in order."""
    return uploads.read_rows(
        name,
        content,
        required=REQUIRED,
        empty="The file is empty: use the template and add a row for each value",
    )


def dry_run(
    *, rows: list[dict[str, str]], definitions: dict[str, IndicatorDefinition], actor, today
) -> CheckedFile:
    """Every row's outcome (new value, change, no change) or its problems, by row number.

    `definitions` are the plan's indicators by reference; anything else is refused."""
    results, seen = [], {}
    for number, raw in enumerate(rows, start=2):
        ref = raw.get("reference", "").strip()
        result = CheckedRow(number=number, subject=ref)
        results.append(result)
        if not any(raw.values()):
            result.outcome = uploads.EMPTY_ROW
            continue
        definition = definitions.get(ref.upper()) if ref else None
        if definition is None:
            result.errors.append(
                f"Enter the reference of one of this plan's indicators (not “{ref}”)"
                if ref
                else "Enter the indicator's reference"
            )
        month = parse_month(raw.get("month", ""))
        result.month = month
        if month is None:
            result.errors.append("Enter the month as year and month, like 2026-04")
        places = min(definition.decimal_places + 2, DECIMALS) if definition else DECIMALS
        value = projected = None
        kind = definition.number_kind if definition else numbers.NUMBER
        try:
            value = numbers.parse_number(
                raw.get("value", ""), what="the value", kind=kind, places=places
            )
        except numbers.NumberRefused as error:
            result.errors.append(str(error))
        try:
            projected = numbers.parse_number(
                raw.get("projected", ""),
                what="the projected year-end value",
                kind=kind,
                places=places,
            )
        except numbers.NumberRefused as error:
            result.errors.append(str(error))
        commentary = raw.get("commentary", "")
        if len(commentary) > COMMENTARY_MAX:
            result.errors.append(
                f"The commentary for {ref or 'this row'} has {len(commentary):,} characters: "
                f"shorten it to {COMMENTARY_MAX:,} or fewer, as on the entry grid"
            )
        provisional = raw.get("provisional", "").strip().lower()
        if provisional not in YES | NO:
            result.errors.append("Enter yes or no for provisional, or leave it empty")
        if value is None and not result.errors:
            result.errors.append("Enter the value as a number, like 82.5")
        if definition is None or month is None or result.errors:
            continue
        if (definition.pk, month) in seen:
            result.errors.append(
                f"{ref} for {month:%B %Y} is already on row {seen[definition.pk, month]}"
            )
            continue
        seen[definition.pk, month] = number
        result.entry = ValueEntry(
            definition=definition,
            month=month,
            value=value,
            commentary=commentary,
            provisional=provisional in YES,
            projected_year_end=projected,
        )
    _judge(results, actor=actor, today=today)
    return CheckedFile(results)


def _judge(results: list[CheckedRow], *, actor, today) -> None:
    entries = [r.entry for r in results if r.entry is not None]
    held = held_values(entries) if entries else {}
    history = value_history(entries=entries)
    for result in results:
        entry = result.entry
        if entry is None:
            continue
        before = held.get((entry.definition.pk, entry.month))
        if not is_change(entry, before):
            result.outcome = "No change"
            continue
        problems = entry_problems(entry=entry, actor=actor, today=today, held=before)
        if problems:
            result.errors.extend(problems)
            result.entry = None
            continue
        # Saving is refused if someone changes the value between this check and the save.
        result.version = version_token(before)
        result.entry = replace(entry, seen=result.version)
        result.changed = True
        fmt = entry.definition.fmt
        if before is None or before.value != entry.value:
            result.warnings = plausibility.value_warnings(
                entry.value,
                month=entry.month,
                fmt=fmt,
                unbounded=entry.definition.unbounded_percentage,
                history=history.get(entry.definition.pk, {}),
            )
        if before is None:
            result.outcome = f"New value: {fmt.value(entry.value)}"
        elif before.value != entry.value:
            result.outcome = f"Changes {fmt.value(before.value)} to {fmt.value(entry.value)}"
        else:
            result.outcome = "Changes the commentary or flags"


# --- the template --------------------------------------------------------------------


def template_workbook(
    *, definitions: list[IndicatorDefinition], values: list[IndicatorValue]
) -> bytes:
    """A workbook to fill in: the headings, then the values already held (to correct) and
    a blank row for each indicator. Every text cell is written as text."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Values"
    sheet.append(list(COLUMNS))
    for row in sorted(values, key=lambda v: (v.definition.ref, v.month)):
        append_row(
            sheet,
            [
                row.definition.ref,
                row.definition.name,
                f"{row.month:%Y-%m}",
                f"{row.value.normalize():f}",
                row.commentary,
                "yes" if row.provisional else "no",
                "" if row.projected_year_end is None else f"{row.projected_year_end.normalize():f}",
            ],
        )
    for definition in definitions:
        append_row(sheet, [definition.ref, definition.name, "", "", "", "", ""])
    for column, width in zip("ABCDEFG", (14, 40, 10, 10, 50, 12, 12), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
