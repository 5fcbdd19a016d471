"""Uploading capital schemes' figures from the ledger's export (CSV or .xlsx), and the
template to fill in.

The rules, in council terms:

- Each row is one capital scheme's figures: the service (its code, or its name when no
  other service has that name), the financial year (like 2026/27; blank means the current
  year), the scheme's name as the service's plan holds it, and the spend to date, the
  forecast spend this year and the slippage to future years, in pounds. A blank figure is
  held as not known; a row with no figures at all is skipped.
- Schemes are added by the service on its plan's Resources page: a scheme the plan does not
  hold is a row error, never a new scheme. Names match whatever their case or spacing.
- Checking a file writes nothing: every row gets its outcome (changes, no change, skipped)
  or its problems by row number, as for revenue figures. A row is refused when the service
  or scheme is unknown, the person may not enter that service's finance, a figure is not an
  amount in pounds and pence, or the same scheme is on an earlier row.
- Saving is all or nothing, and only what was checked: if a scheme changed since the check,
  nothing is saved and the person checks again.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from openpyxl import Workbook

from core import uploads
from core.history import version_token
from core.money import pounds_and_pence
from core.spreadsheets import append_row
from core.uploads import CheckedFile, CheckedRow
from planning.finance_upload import (
    Lookups,
    magnitude_problems,
    parse_year,
    plan_problem,
    row_amount,
    row_unit,
    scale_warnings,
)
from planning.finance_upload import skipped as skipped_row
from planning.models import CapitalScheme, FinancialYear, ServicePlan

COLUMNS = (
    "service",
    "service name",
    "year",
    "scheme",
    "spend to date",
    "forecast",
    "slippage",
)
REQUIRED = ("service", "scheme", "spend to date", "forecast", "slippage")
# Each figure: its column, the scheme's field, and how a message names it.
FIGURES = (
    ("spend to date", "spend_to_date", "the spend to date"),
    ("forecast", "forecast", "the forecast spend this year"),
    ("slippage", "slippage", "the slippage to future years"),
)

# The figures judged against the scheme's budget for their units: slippage may rightly be
# a small part of it.
SPENDING = ("spend_to_date", "forecast")

# The file's data rows as dicts of text by column heading, numbered from row 2.
read_rows = partial(
    uploads.read_rows,
    required=REQUIRED,
    empty="The file is empty: use the template and add a row for each capital scheme",
)


def scheme_key(name: str) -> str:
    return " ".join(name.split()).lower()


@dataclass
class CapitalEntry:
    """A scheme's figures to save, and the version of the scheme they were checked against:
    the arguments of the scheme's save (`obj` the scheme, `data` its figures)."""

    plan: ServicePlan
    obj: CapitalScheme
    data: dict[str, Decimal | None]
    version: str


@dataclass
class RowFigures:
    result: CheckedRow
    service: object
    year: FinancialYear
    figures: dict[str, Decimal | None]
    unit: str = "£"  # what the row's amounts were written in


def dry_run(*, rows: list[dict[str, str]], actor) -> CheckedFile:
    """Every row's outcome or its problems, by row number. Writes nothing."""
    lookups = Lookups()
    current = FinancialYear.objects.current()
    results = [
        CheckedRow(number=n, subject=raw.get("service", ""), detail=raw.get("scheme", ""))
        for n, raw in enumerate(rows, 2)
    ]
    checked = [
        _parse(result, raw, lookups, current) for result, raw in zip(results, rows, strict=True)
    ]
    figures = [row for row in checked if row is not None]
    lookups.load_plans({(r.service.pk, r.year.pk) for r in figures})
    schemes: dict[tuple[int, str], list[CapitalScheme]] = {}
    for scheme in CapitalScheme.objects.filter(plan__in=lookups.plans.values()):
        schemes.setdefault((scheme.plan_id, scheme_key(scheme.name)), []).append(scheme)
    seen: dict[int, int] = {}
    for row in figures:
        plan = lookups.plans.get((row.service.pk, row.year.pk))
        problem = plan_problem(plan, row.service, row.year, actor=actor)
        scheme = None
        if not problem:
            scheme, problem = _scheme(plan, row.result.detail, schemes)
        if not problem and scheme.pk in seen:
            problem = f"“{scheme.name}” of {plan.service.code} is already on row {seen[scheme.pk]}"
        if problem:
            row.result.errors.append(problem)
            continue
        too_big = magnitude_problems(
            {what: row.figures[field] for _, field, what in FIGURES if field in SPENDING},
            budget=scheme.budget,
            unit=row.unit,
        )
        if too_big:
            row.result.errors.extend(too_big)
            continue
        seen[scheme.pk] = row.result.number
        _judge(row, plan=plan, scheme=scheme)
        if row.result.changed:
            row.result.warnings = scale_warnings(
                {what: row.figures[field] for _, field, what in FIGURES if field in SPENDING},
                budget=scheme.budget,
            )
    return CheckedFile(results)


def _scheme(plan: ServicePlan, name: str, schemes) -> tuple[CapitalScheme | None, str]:
    found = schemes.get((plan.pk, scheme_key(name)), [])
    if len(found) == 1:
        return found[0], ""
    if found:
        return None, (
            f"More than one of {plan.service.name}'s capital schemes is called “{name}”: "
            "give them different names on the plan's Resources page"
        )
    return None, (
        f"{plan.service.name} has no capital scheme called “{name}” in {plan.year}: "
        "schemes are added on the plan's Resources page"
    )


def _parse(result: CheckedRow, raw: dict[str, str], lookups: Lookups, current) -> RowFigures | None:
    """One row's own checks: its figures if it has no problems, else None."""
    if skipped_row(result, raw, tuple(column for column, _, _ in FIGURES)):
        return None
    service = lookups.service(result.subject)
    if isinstance(service, str):
        result.errors.append(service)
    year = parse_year(raw.get("year", ""), lookups.years) or current
    if isinstance(year, str):
        result.errors.append(year)
    elif year is None:
        result.errors.append("Enter the financial year like 2026/27")
    if not result.detail.strip():
        result.errors.append("Enter the capital scheme's name as the plan holds it")
    unit = row_unit(result, raw)
    figures = {
        field: row_amount(result, raw, column, what, required=False, unit=unit) if unit else None
        for column, field, what in FIGURES
    }
    if result.errors:
        return None
    return RowFigures(result, service, year, figures, unit=unit)


def _judge(row: RowFigures, *, plan: ServicePlan, scheme: CapitalScheme) -> None:
    """The row's outcome against the scheme's figures held: what it changes, or no change."""
    result = row.result
    result.entry = CapitalEntry(
        plan=plan, obj=scheme, data=row.figures, version=version_token(scheme)
    )
    changes = [
        f"{column} {pounds_and_pence(getattr(scheme, field), missing='none')} to "
        f"{pounds_and_pence(row.figures[field], missing='none')}"
        for column, field, _ in FIGURES
        if getattr(scheme, field) != row.figures[field]
    ]
    result.changed = bool(changes)
    result.version = result.entry.version if changes else ""
    result.outcome = f"Changes {', '.join(changes)}" if changes else "No change"


# --- the template --------------------------------------------------------------------


def template_workbook(*, plans: list[ServicePlan]) -> bytes:
    """A workbook to fill in: the headings, then a row for each capital scheme of the plans
    the person enters finance for, with the figures held. Every text cell is written as
    text."""
    by_pk = {plan.pk: plan for plan in plans}
    schemes = CapitalScheme.objects.filter(plan__in=plans).order_by("pk")
    book = Workbook()
    sheet = book.active
    sheet.title = "Capital"
    sheet.append(list(COLUMNS))
    for scheme in sorted(schemes, key=lambda s: by_pk[s.plan_id].service.name):
        plan = by_pk[scheme.plan_id]
        figures = [getattr(scheme, field) for _, field, _ in FIGURES]
        append_row(
            sheet,
            [plan.service.code, plan.service.name, plan.year.label, scheme.name]
            + [None if amount is None else float(amount) for amount in figures],
        )
    for column, width in zip("ABCDEFG", (16, 36, 10, 40, 16, 16, 16), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
