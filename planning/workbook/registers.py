"""Importing the plan's simple registers from its workbook: the revenue budget's lines,
capital schemes, savings, workforce teams, the policy register and the contract register.

The rules, in council terms: each row is matched to a line the plan holds by its name (what
the money buys, the capital scheme, the saving, the team, the policy, the contract), in any
case, in order when two share a name; a name the plan does not hold adds a line. Amounts
are in pounds (core.numbers: £ and commas allowed), dates as every import reads them,
full-time equivalents as numbers of 0 or more, a saving's quarterly RAG as Green, Amber, Red
or Blue (delivered), or blank while not yet given; a blank vacant or agency FTE keeps what
the team holds (0 for a new team). Nothing is removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.imports import parse_amount, parse_date
from core.numbers import NumberRefused, parse_number
from core.saving import save_with_history
from core.uploads import CheckedRow
from planning.models import BudgetLine, CapitalScheme, Contract, Policy, Saving, WorkforceTeam
from planning.models.resources import SAVING_RAG


@dataclass(frozen=True)
class Field:
    heading: str
    name: str
    kind: str = "text"  # text, money, date, months, fte, rag
    required: bool = False


@dataclass(frozen=True)
class Register:
    model: type
    related: str  # the plan's related name
    key: Field
    fields: tuple[Field, ...]


REGISTERS = {
    "Budget": Register(
        BudgetLine,
        "budget_lines",
        Field("what the money buys", "purpose", required=True),
        (
            Field("budget this year (£)", "budget", "money", required=True),
            Field("last year's outturn (£)", "last_year_outturn", "money"),
        ),
    ),
    "Capital": Register(
        CapitalScheme,
        "capital_schemes",
        Field("capital scheme", "name", required=True),
        (
            Field("capital budget (£)", "budget", "money", required=True),
            Field("expected completion", "completion_date", "date"),
            Field("spend to date (£)", "spend_to_date", "money"),
            Field("forecast spend this year (£)", "forecast", "money"),
            Field("slipping to future years (£)", "slippage", "money"),
        ),
    ),
    "Savings": Register(
        Saving,
        "savings",
        Field("saving", "name", required=True),
        (
            Field("amount (£)", "amount", "money", required=True),
            *(Field(f"q{n} rag", f"q{n}_rag", "rag") for n in range(1, 5)),
            Field("forecast delivered (£)", "forecast_delivered", "money"),
            Field("at risk (£)", "at_risk", "money"),
        ),
    ),
    "Workforce": Register(
        WorkforceTeam,
        "workforce",
        Field("team", "team", required=True),
        (
            Field("fte in post", "fte", "fte", required=True),
            Field("vacant fte", "vacancies", "fte"),
            Field("agency fte", "agency", "fte"),
        ),
    ),
    "Policies": Register(
        Policy,
        "policies",
        Field("policy", "name", required=True),
        (Field("owner", "owner"), Field("next review date", "next_review", "date", True)),
    ),
    "Contracts": Register(
        Contract,
        "contracts",
        Field("contract", "name", required=True),
        (
            Field("supplier", "supplier", required=True),
            Field("value (£)", "value", "money", required=True),
            Field("end date", "end_date", "date", required=True),
            Field("renewal lead time (months)", "renewal_lead_months", "months"),
        ),
    ),
}


@dataclass
class RegisterChange:
    sheet: str
    values: dict
    existing: object | None


def held_rows(plan) -> dict[str, list]:
    """The lines each register holds now (a query each)."""
    return {name: list(getattr(plan, r.related).all()) for name, r in REGISTERS.items()}


def check_register(name: str, sheet: dict, held: list, *, rows_of, outcome) -> list[CheckedRow]:
    """Each row of a register sheet: what importing it would do, or its problems."""
    register, used, checked = REGISTERS[name], set(), []
    for row, cells in rows_of(sheet, name):
        values = {}
        for field in (register.key, *register.fields):
            if not cells.has(field.heading):
                continue
            value = _read(cells, field)
            if value in (None, "") and field.required and not _has_problem(row, field):
                what = field.heading.replace(" (£)", "").replace("fte", "FTE")
                cells.problem(field.heading, f"Enter the {what}")
            values[field.name] = value
        key = values.get(register.key.name) or ""
        row.detail = key
        if row.errors:
            checked.append(row)
            continue
        existing = next(
            (
                line
                for line in held
                if line.pk not in used
                and getattr(line, register.key.name).strip().lower() == key.lower()
            ),
            None,
        )
        changes = []
        if existing is not None:
            used.add(existing.pk)
            changes = [
                f.heading
                for f in (register.key, *register.fields)
                if f.name in values
                and not _kept(register, f.name, values[f.name])
                and _differs(getattr(existing, f.name), values[f.name])
            ]
        outcome(row, existing, changes)
        row.entry = RegisterChange(name, values, existing)
        checked.append(row)
    return checked


def _kept(register: Register, name: str, value) -> bool:
    """A blank the record cannot hold (vacant or agency FTE) keeps what it holds: 0 for a
    new line."""
    return value is None and not register.model._meta.get_field(name).null


def _has_problem(row: CheckedRow, field: Field) -> bool:
    return any(f"({field.heading})" in error for error in row.errors)


def _read(cells, field: Field):
    text = cells.text(field.heading)
    if field.kind == "money":
        return cells.read(field.heading, parse_amount, what=f"the {field.heading}")
    if field.kind == "date":
        return cells.read(field.heading, parse_date, what=f"the {field.heading}")
    if field.kind == "rag":
        return _rag(cells, field, text)
    if field.kind == "fte":
        try:
            number = parse_number(text, what=f"the {field.heading.replace('fte', 'FTE')}", places=2)
        except NumberRefused as error:
            cells.problem(field.heading, str(error))
            return None
        if number is not None and number < 0:
            cells.problem(field.heading, "Enter a number of 0 or more")
            return None
        return number
    if field.kind == "months":
        try:
            number = parse_number(text, what="the renewal lead time", places=0)
        except NumberRefused as error:
            cells.problem(field.heading, str(error))
            return None
        if number is None:
            return None
        if not 0 <= number <= 60:
            cells.problem(field.heading, "Enter a lead time of 60 months or fewer")
            return None
        return int(number)
    if len(text) > 300:
        cells.problem(field.heading, "Shorten it to 300 characters or fewer")
    return text


def _rag(cells, field: Field, text: str) -> str | None:
    if not text:
        return ""
    by_text = {label.lower(): value for value, label in SAVING_RAG} | {
        value: value for value, _ in SAVING_RAG
    }
    found = by_text.get(text.lower())
    if found is None:
        cells.problem(
            field.heading, "Enter Green, Amber, Red or Blue (delivered), or leave it blank"
        )
    return found


def _differs(held, given) -> bool:
    if isinstance(held, Decimal) and isinstance(given, Decimal):
        return held != given
    if isinstance(held, str):
        return held.strip() != (given or "").strip()
    return held != given


def save_register(plan, entry: RegisterChange, *, actor, reason: str) -> None:
    register = REGISTERS[entry.sheet]
    record = entry.existing or register.model(plan=plan)
    for name, value in entry.values.items():
        if _kept(register, name, value):
            continue
        setattr(record, name, value)
    save_with_history(record, actor=actor, reason=reason)
