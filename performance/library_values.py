"""Checking the Values sheet of an indicator library import: periods, values and targets
(the rules are in performance.library_import)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from decimal import Decimal

from core import numbers, periods
from core.history import version_token
from core.imports import ValueRefused, parse_date, parse_financial_year
from core.uploads import CheckedRow
from planning.workbook.rows import Cells

from .models import COMMENTARY_MAX, DECIMALS, AnnualTarget, Frequency, IndicatorValue
from .periods import is_open

VALUES = "Values"
AMBIGUOUS = re.compile(r"\d{4}-(0[1-9]|1[0-2])")  # 2011-12: December 2011, or 2011/12?
QUARTER = re.compile(r"Q\s*([1-4])\s+(.+)", re.I)
PERIOD_EXAMPLE = "like April 2024, Q1 2024/25 or 2024/25"


@dataclass
class PeriodEntry:
    """One period of an indicator: its value and note (None: leave as held) and its
    target (`slot` "year" for the annual target, else the month's place in the year)."""

    ref: str
    month: dt.date
    start_year: int
    value: Decimal | None
    note: str | None
    target: Decimal | None
    slot: str | int
    seen: str | None = None


def parse_period(raw: str) -> tuple[str, dt.date, int]:
    """What a period cell names: ("month" | "quarter" | "year", the month its value is
    held at, the financial year's start)."""
    text = " ".join((raw or "").split())
    if not text:
        raise ValueRefused(f"Enter the period, {PERIOD_EXAMPLE}")
    if found := QUARTER.fullmatch(text):
        start = parse_financial_year(found.group(2), what="the quarter's year")
        month = periods.month_start(periods.quarter_ends(start, int(found.group(1))))
        return "quarter", month, start
    try:
        start = parse_financial_year(text)
    except ValueRefused:
        start = None
    if start is not None and AMBIGUOUS.fullmatch(text):
        month = dt.date(start, int(text[-2:]), 1)
        raise ValueRefused(
            f"{text} could be {month:%B %Y} or the year {periods.year_label(start)}: write "
            f"the month as {month:%B %Y} or the year as {periods.year_label(start)}"
        )
    if start is not None:
        return "year", periods.month_start(periods.year_ends(start)), start
    try:
        day = parse_date(text, what="the period")
    except ValueRefused as error:
        raise ValueRefused(f"{error} — or a quarter or year, {PERIOD_EXAMPLE}") from None
    return "month", periods.month_start(day), periods.start_year_of(day)


def _fits(kind: str, month: dt.date, spec) -> str:
    """Why the period does not suit the indicator's frequency ("" when it does)."""
    index = periods.month_index(month)
    if spec.frequency == Frequency.MONTHLY and kind != "month":
        return f"{spec.ref} is monthly: give a month, like April 2024"
    if spec.frequency == Frequency.QUARTERLY and (kind == "year" or index not in (2, 5, 8, 11)):
        return f"{spec.ref} is quarterly: give a quarter, like Q1 2024/25"
    if spec.frequency == Frequency.ANNUAL and kind != "year" and index != 11:
        return f"{spec.ref} is annual: give a financial year, like 2024/25"
    return ""


def _number(cells: Cells, heading: str, spec, what: str) -> Decimal | None:
    places = min(spec.decimal_places + 2, DECIMALS)
    try:
        return numbers.parse_number(
            cells.text(heading), what=what, kind=spec.number_kind, places=places
        )
    except numbers.NumberRefused as error:
        cells.problem(heading, str(error))
        return None


def _held(lookups) -> tuple[dict, dict]:
    """The values and targets held for the library's indicators the sheet names, in two
    queries."""
    ids = [d.pk for d in lookups.definitions.values()]
    values = {
        (v.definition_id, v.month): v
        for v in IndicatorValue.objects.filter(definition__in=ids).only(
            "pk", "definition_id", "month", "value", "commentary", "updated_at"
        )
    }
    targets = {(t.definition_id, t.year.start_year): t for t in _targets(ids)}
    return values, targets


def _targets(ids):
    return AnnualTarget.objects.filter(definition__in=ids).select_related("year")


def check_values(sheet, lookups, specs: dict, *, today: dt.date) -> list[CheckedRow]:
    held_values, held_targets = _held(lookups)
    rows, seen, annual_given = [], {}, set()
    for raw in sheet.rows:
        row = CheckedRow(number=raw.number, subject=VALUES)
        rows.append(row)
        cells = Cells(row, raw.cells, sheet.headings, raw.unworked)
        ref = cells.text("reference")
        row.detail = ref
        spec = specs.get(ref.upper()) if ref else None
        if spec is None:
            cells.problem(
                "reference",
                f"{ref} is not in the library or on the Indicators sheet"
                if ref
                else "Enter the indicator's reference",
            )
        period = cells.read("period", parse_period)
        if spec is None or period is None:
            continue
        kind, month, start = period
        row.month = month
        year_row = kind == "year" and spec.frequency != Frequency.ANNUAL
        if not year_row and (problem := _fits(kind, month, spec)):
            cells.problem("period", problem)
            continue
        value = _number(cells, "value", spec, "the value")
        if year_row and value is not None:
            frequency = spec.get_frequency_display().lower()
            cells.problem(
                "value", f"{spec.ref} is {frequency}: a year's row takes only the year's target"
            )
        target = _number(cells, "target", spec, "the target") if cells.has("target") else None
        note = cells.text("note") if cells.has("note") else ""
        if len(note) > COMMENTARY_MAX:
            cells.problem("note", f"Shorten the note to {COMMENTARY_MAX:,} characters or fewer")
        if value is not None and not year_row and not is_open(month=month, today=today):
            cells.problem("period", f"{periods.month_label(month)} has not ended yet")
        if target is not None and spec.data_only:
            cells.problem("target", f"{spec.ref} is data only: it takes no target")
        if target is not None and start not in lookups.years:
            cells.problem(
                "target",
                f"There is no financial year {periods.year_label(start)} yet: an "
                "administrator adds it before its targets are imported",
            )
        key = (spec.ref.upper(), month, year_row)
        if key in seen:
            cells.problem("period", f"{spec.ref} for this period is already on row {seen[key]}")
        seen[key] = raw.number
        if row.errors:
            continue
        annual = year_row or spec.frequency == Frequency.ANNUAL
        slot = "year" if annual else periods.month_index(month)
        if target is not None and slot == "year":
            annual_given.add((spec.ref.upper(), start))
        entry = PeriodEntry(spec.ref, month, start, value, note or None, target, slot)
        _judge(row, cells, entry, spec, (held_values, held_targets))
    _need_annual_targets(rows, sheet, specs, held_targets, annual_given)
    return rows


def _judge(row: CheckedRow, cells: Cells, entry: PeriodEntry, spec, held) -> None:
    """What the row would change: its value (and note) and its target."""
    held_values, held_targets = held
    value_held = held_values.get((spec.pk, entry.month)) if spec.pk else None
    target_held = held_targets.get((spec.pk, entry.start_year)) if spec.pk else None
    words = []
    fmt = spec.fmt
    if entry.value is not None:
        if value_held is None:
            words.append(f"add the value {fmt.value(entry.value)}")
        elif value_held.value != entry.value:
            was, now = fmt.value(value_held.value), fmt.value(entry.value)
            words.append(f"change the value {was} to {now}")
        elif entry.note is not None and entry.note != value_held.commentary:
            words.append("change the note")
    elif entry.note is not None:
        if value_held is None:
            cells.problem("value", "Enter the value to go with the note")
            return
        if entry.note != value_held.commentary:
            words.append("change the note")
    if entry.target is not None:
        if target_held is None:
            now = None
        elif entry.slot == "year":
            now = target_held.value
        else:
            now = target_held.profile_values[entry.slot]
        if now != entry.target:
            words.append(f"set the target to {fmt.value(entry.target)}")
    row.version = period_version(value_held, target_held if entry.target is not None else None)
    if words:
        row.outcome = "Will " + ", ".join(words)
        row.changed = True
        row.entry = replace(entry, seen=row.version)
    else:
        row.outcome = "No change"


def period_version(value, target) -> str:
    """The versions of the value and target a row would change ("" when neither is held)."""
    if value is None and target is None:
        return ""
    return f"{version_token(value)}|{version_token(target)}"


def _need_annual_targets(rows, sheet, specs, held_targets, annual_given) -> None:
    """A period's profiled target needs the year's own target, held or in the file."""
    for row in rows:
        entry = row.entry
        if entry is None or entry.target is None or entry.slot == "year":
            continue
        spec = specs[entry.ref.upper()]
        key = (entry.ref.upper(), entry.start_year)
        if key in annual_given or (spec.pk and (spec.pk, entry.start_year) in held_targets):
            continue
        row.errors.append(
            f"Column {sheet.column_letter('target')} (target): Give {entry.ref}'s target for "
            f"{periods.year_label(entry.start_year)} on a row for the year too"
        )
        row.entry, row.changed = None, False
