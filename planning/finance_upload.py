"""Uploading services' monthly revenue figures from the ledger's export (CSV or .xlsx), and
the template to fill in.

The rules, in council terms:

- Each row is one service's figures for one month: the service (its code, or its name when
  no other service has that name), the financial year (like 2026/27; blank means the year
  the month falls in), the month, the actual spend to date and the forecast outturn, in
  pounds. A commentary column, when the file has one, replaces the month's commentary;
  without it the commentary held is kept.
- Checking a file writes nothing: every row gets its outcome (new month, changes, no
  change, skipped) or its problems by row number. A row is refused when the service is
  unknown, the person may not enter that service's finance, the service has no plan or no
  revenue budget for the year, the month is not in the year, a figure is not an amount in
  pounds and pence, or the same service and month is on an earlier row.
- Saving is all or nothing, and only what was checked: if the figures held changed since
  the check, nothing is saved and the person checks again.
- Text is kept as typed: "=SUM(A1:A9)" is stored as text, and the template writes every text
  cell as text so a spreadsheet cannot turn it into a formula.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook

from core import numbers, uploads
from core.history import version_token
from core.money import pounds_and_pence
from core.spreadsheets import append_row
from core.uploads import CheckedFile, CheckedRow
from planning.finance_rules import magnitude_problem, scale_warning
from planning.models import FinancialYear, RevenueBudget, RevenueMonth, Service, ServicePlan
from planning.permissions import can_enter_finance

COLUMNS = (
    "service",
    "service name",
    "year",
    "month",
    "actual to date",
    "forecast outturn",
    "commentary",
)
REQUIRED = ("service", "month", "actual to date", "forecast outturn")
FIGURES = ("actual to date", "forecast outturn", "commentary")
LARGEST = Decimal(10) ** 12
MAX_COMMENTARY = 4000
YEAR = re.compile(r"^(\d{4})(?:\s*[/-]\s*(\d{2}|\d{4}))?$")
MONTH_NAMES = {
    name.lower(): number
    for number in range(1, 13)
    for name in (dt.date(2000, number, 1).strftime("%B"), dt.date(2000, number, 1).strftime("%b"))
}


def read_rows(name: str, content: bytes) -> list[dict[str, str]]:
    """The file's data rows as dicts of text by column heading, numbered from row 2."""
    return uploads.read_rows(
        name,
        content,
        required=REQUIRED,
        empty="The file is empty: use the template and add a row for each service's month",
    )


@dataclass
class RevenueEntry:
    """One month's figures to save, and the version of the record they were checked
    against ("" when there was none)."""

    plan: ServicePlan
    month: dt.date
    actual_to_date: Decimal
    forecast_outturn: Decimal
    commentary: str
    version: str = ""


def parse_money(raw: str, *, what: str, unit: str = numbers.POUNDS) -> Decimal | None:
    """An amount as a ledger writes it: 125000, 125,000.50, £125,000, read as every number
    is (core.numbers), in the unit declared (£, £000 or £m) and given back in pounds. Empty
    is None. Raises ValueError with the message to show."""
    amount = numbers.parse_money_in_unit(raw, what=what, unit=unit, largest=LARGEST)
    if amount is not None and amount < 0:
        raise ValueError(f"{what.capitalize()} cannot be negative")
    return amount


def with_unit(rows: list[dict[str, str]], *, unit: str) -> list[dict[str, str]]:
    """The rows with the unit chosen when uploading (£, £000 or £m) wherever a row does not
    give its own in a unit column; empty rows stay empty. Kept with the rows, so saving reads
    them in the unit they were checked in."""
    return [
        raw if raw.get("unit", "").strip() or not any(raw.values()) else raw | {"unit": unit}
        for raw in rows
    ]


def row_unit(result: CheckedRow, raw: dict[str, str]) -> str | None:
    """The unit the row's amounts are in (pounds unless it or the upload says otherwise);
    None, with the problem on the result, for a unit that is not £, £000 or £m."""
    try:
        return numbers.read_unit(raw.get("unit", ""))
    except numbers.NumberRefused as error:
        result.errors.append(str(error))
        return None


def parse_year(raw: str, years: dict[int, FinancialYear]) -> FinancialYear | None | str:
    """The financial year written as 2026/27, 2026-27, 2026/2027 or 2026; a message if the
    text is not a year the council has, None if blank."""
    text = raw.strip()
    if not text:
        return None
    found = YEAR.match(text)
    start = int(found.group(1)) if found else None
    end = found.group(2) if found else None
    if start is None or (end is not None and not str(start + 1).endswith(end)):
        return f"Enter the financial year like 2026/27 (not “{text}”)"
    if start not in years:
        return f"There is no financial year {text}"
    return years[start]


def parse_row_month(raw: str, year: FinancialYear | None) -> dt.date | None:
    """The month as 2026-09, September 2026 and the like; with a year given, the month's
    name alone (September) is that month of the year."""
    month = uploads.parse_month(raw)
    if month is None and year is not None:
        number = MONTH_NAMES.get(raw.strip().lower())
        if number is not None:
            month = next(m for m in year.months if m.month == number)
    return month


class Lookups:
    """Everything the rows refer to, fetched in a fixed number of queries whatever the size
    of the file: services, years, plans, budgets and the months already held."""

    def __init__(self):
        self.years = {y.start_year: y for y in FinancialYear.objects.all()}
        self.by_code, self.by_name = {}, {}
        for service in Service.objects.only("pk", "code", "name"):
            self.by_code[service.code.lower()] = service
            self.by_name.setdefault(service.name.strip().lower(), []).append(service)
        self.plans = {}
        self.budgets = {}
        self.held = {}

    def service(self, text: str) -> Service | str:
        key = text.strip().lower()
        if not key:
            return "Enter the service's code"
        if key in self.by_code:
            return self.by_code[key]
        named = self.by_name.get(key, [])
        if len(named) == 1:
            return named[0]
        if named:
            return f"More than one service is called “{text}”: enter its code instead"
        return f"Enter the code of one of the council's services (not “{text}”)"

    def load_plans(self, wanted: set[tuple[int, int]]) -> None:
        """The plans for (service, year) pairs, in one query."""
        if not wanted:
            return
        service_ids = {s for s, _ in wanted}
        year_ids = {y for _, y in wanted}
        for plan in ServicePlan.objects.filter(
            service_id__in=service_ids, year_id__in=year_ids
        ).select_related("service", "year"):
            self.plans[plan.service_id, plan.year_id] = plan

    def load(self, wanted: set[tuple[int, int]], months: set[dt.date]) -> None:
        """Plans for (service, year) pairs, their budgets and the months held for them."""
        if not wanted:
            return
        self.load_plans(wanted)
        for budget in RevenueBudget.objects.filter(plan__in=self.plans.values()):
            self.budgets[budget.plan_id] = budget
        for record in RevenueMonth.objects.filter(
            budget__in=self.budgets.values(), month__in=months
        ).select_related("budget"):
            self.held[record.budget.plan_id, record.month] = record


@dataclass
class RowFigures:
    """A row that passed its own checks, before it is matched with the plans held."""

    result: CheckedRow
    service: Service
    year: FinancialYear
    month: dt.date
    actual: Decimal
    forecast: Decimal
    commentary: str | None  # None: the file has no commentary column
    unit: str = numbers.POUNDS  # what the row's amounts were written in


def dry_run(*, rows: list[dict[str, str]], actor) -> CheckedFile:
    """Every row's outcome or its problems, by row number (the file's first row being the
    headings). Writes nothing."""
    lookups = Lookups()
    results = [
        CheckedRow(number=n, subject=raw.get("service", "")) for n, raw in enumerate(rows, 2)
    ]
    checked = [_parse(result, raw, lookups) for result, raw in zip(results, rows, strict=True)]
    figures = [row for row in checked if row is not None]
    lookups.load({(r.service.pk, r.year.pk) for r in figures}, {r.month for r in figures})
    seen: dict[tuple[int, dt.date], int] = {}
    for row in figures:
        plan = lookups.plans.get((row.service.pk, row.year.pk))
        problem = plan_problem(plan, row.service, row.year, actor=actor) or _budget_problem(
            plan, lookups
        )
        if not problem and (plan.pk, row.month) in seen:
            problem = (
                f"{plan.service.code} for {row.month:%B %Y} is already on row "
                f"{seen[plan.pk, row.month]}"
            )
        if problem:
            row.result.errors.append(problem)
            continue
        budget = lookups.budgets[plan.pk].current_budget
        too_big = magnitude_problems(
            {"the actual spend to date": row.actual, "the forecast outturn": row.forecast},
            budget=budget,
            unit=row.unit,
        )
        if too_big:
            row.result.errors.extend(too_big)
            continue
        seen[plan.pk, row.month] = row.result.number
        _judge(row, plan=plan, held=lookups.held.get((plan.pk, row.month)))
        if row.result.changed:
            row.result.warnings = scale_warnings(
                {"the actual spend to date": row.actual, "the forecast outturn": row.forecast},
                budget=lookups.budgets[plan.pk].current_budget,
            )
    return CheckedFile(results)


def magnitude_problems(
    figures: dict[str, Decimal | None], *, budget: Decimal | None, unit: str
) -> list[str]:
    """The figures (by what they are) too big to fit the budget, whatever the unit
    (finance_rules.magnitude_problem)."""
    found = [
        magnitude_problem(figure, budget=budget, what=what, unit=unit)
        for what, figure in figures.items()
    ]
    return [problem for problem in found if problem]


def scale_warnings(figures: dict[str, Decimal | None], *, budget: Decimal | None) -> list[str]:
    """The figures (by what they are) that look written in £ thousands or £ millions
    against the budget in pounds (finance_rules.scale_warning)."""
    warnings = [scale_warning(figure, budget=budget, what=what) for what, figure in figures.items()]
    return [warning for warning in warnings if warning]


def plan_problem(plan, service: Service, year: FinancialYear, *, actor) -> str:
    """Why a row cannot be saved to the service's plan for the year: there is none, or the
    person may not enter its finance. "" if it can."""
    if plan is None:
        return f"{service.name} has no service plan for {year}"
    if not can_enter_finance(actor, plan):
        return f"You cannot enter finance for {plan.service.name}"
    return ""


def _budget_problem(plan: ServicePlan, lookups: Lookups) -> str:
    if plan.pk not in lookups.budgets:
        return (
            f"Set {plan.service.name}'s revenue budget for {plan.year} before uploading its months"
        )
    return ""


def _parse(result: CheckedRow, raw: dict[str, str], lookups: Lookups) -> RowFigures | None:
    """One row's own checks: its figures if it has no problems, else None (with the
    problems, or why it is skipped, on the result)."""
    if skipped(result, raw, FIGURES):
        return None
    service = lookups.service(result.subject)
    if isinstance(service, str):
        result.errors.append(service)
    year, month = _year_and_month(result, raw, lookups)
    unit = row_unit(result, raw)
    amounts = [
        row_amount(result, raw, column, what, unit=unit) if unit else None
        for column, what in (
            ("actual to date", "the actual spend to date"),
            ("forecast outturn", "the forecast outturn"),
        )
    ]
    commentary = raw.get("commentary")
    if commentary is not None and len(commentary) > MAX_COMMENTARY:
        result.errors.append(f"The commentary must be {MAX_COMMENTARY:,} characters or fewer")
    if result.errors:
        return None
    return RowFigures(result, service, year, month, *amounts, commentary=commentary, unit=unit)


def skipped(result: CheckedRow, raw: dict[str, str], figures: tuple[str, ...]) -> bool:
    """True, with why on the result, for a row that is empty or has none of the figures."""
    if not any(raw.values()):
        result.outcome = uploads.EMPTY_ROW
    elif not any(raw.get(column, "") for column in figures):
        result.outcome = "No figures: skipped"
    else:
        return False
    return True


def _year_and_month(result: CheckedRow, raw: dict[str, str], lookups: Lookups):
    """The row's year and month; a blank year is the one the month falls in."""
    given = raw.get("year", "")
    year = parse_year(given, lookups.years)
    if isinstance(year, str):
        result.errors.append(year)
        year = None
    month = result.month = parse_row_month(raw.get("month", ""), year)
    if month is None:
        result.errors.append("Enter the month like 2026-09 or September 2026")
    elif not given:
        year = lookups.years.get(FinancialYear.start_year_for(month))
        if year is None:
            result.errors.append(f"There is no financial year for {month:%B %Y}")
    elif year is not None and month not in year.months:
        result.errors.append(f"{month:%B %Y} is not in {year}")
    return year, month


def row_amount(
    result: CheckedRow,
    raw: dict[str, str],
    column: str,
    what: str,
    *,
    required: bool = True,
    unit: str = numbers.POUNDS,
) -> Decimal | None:
    """The amount in the row's column, in pounds from the row's unit; a problem on the
    result if it is not an amount (or, when required, is blank)."""
    try:
        amount = parse_money(raw.get(column, ""), what=what, unit=unit)
    except ValueError as error:
        result.errors.append(str(error))
        return None
    if amount is None and required:
        result.errors.append(f"Enter {what}")
    return amount


def _judge(row: RowFigures, *, plan: ServicePlan, held: RevenueMonth | None) -> None:
    """The row's outcome against the month held: new, what it changes, or no change."""
    result = row.result
    commentary = row.commentary
    if commentary is None:  # no commentary column: keep what is held
        commentary = held.commentary if held else ""
    result.entry = RevenueEntry(
        plan=plan,
        month=row.month,
        actual_to_date=row.actual,
        forecast_outturn=row.forecast,
        commentary=commentary,
        version=version_token(held),
    )
    if held is None:
        result.changed = True
        result.outcome = (
            f"New month: actual {pounds_and_pence(row.actual)}, "
            f"forecast {pounds_and_pence(row.forecast)}"
        )
        return
    changes = []
    if held.actual_to_date != row.actual:
        changes.append(
            f"actual {pounds_and_pence(held.actual_to_date)} to {pounds_and_pence(row.actual)}"
        )
    if held.forecast_outturn != row.forecast:
        changes.append(
            f"forecast {pounds_and_pence(held.forecast_outturn)} to "
            f"{pounds_and_pence(row.forecast)}"
        )
    if held.commentary != commentary:
        changes.append("the commentary")
    result.changed = bool(changes)
    result.version = result.entry.version if changes else ""
    result.outcome = f"Changes {', '.join(changes)}" if changes else "No change"


# --- the template --------------------------------------------------------------------


def template_workbook(*, plans: list[ServicePlan], month: dt.date) -> bytes:
    """A workbook to fill in: the headings, then a row for each service the person enters
    finance for, for the month being reported, with the figures already held (to correct)
    or blank. Every text cell is written as text."""
    budgets = {b.plan_id: b for b in RevenueBudget.objects.filter(plan__in=plans)}
    held = {
        r.budget.plan_id: r
        for r in RevenueMonth.objects.filter(
            budget__in=budgets.values(), month=month
        ).select_related("budget")
    }
    book = Workbook()
    sheet = book.active
    sheet.title = "Revenue"
    sheet.append(list(COLUMNS))
    for plan in sorted(plans, key=lambda p: p.service.name):
        if plan.pk not in budgets:
            continue
        record = held.get(plan.pk)
        append_row(
            sheet,
            [
                plan.service.code,
                plan.service.name,
                plan.year.label,
                f"{month:%Y-%m}",
                float(record.actual_to_date) if record else None,
                float(record.forecast_outturn) if record else None,
                record.commentary if record else "",
            ],
        )
    for column, width in zip("ABCDEFG", (16, 36, 10, 10, 16, 18, 50), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
