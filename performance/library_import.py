"""Importing the council's indicator library: definitions, and years of values and targets.

The rules, in council terms:

- The file has an Indicators sheet (one row per indicator), a Values sheet (one row per
  indicator and period), or both. A CSV holds one of them, named after it (Values.csv).
- Indicators are matched by reference (capitals or not): a reference the library holds is
  changed only where the file differs; a new one is added and needs its title, unit,
  polarity, frequency and service. A blank cell leaves an existing indicator's setting as
  it is, except the tolerance: blank there means the council's default, as on the
  definition form. A tolerance with "%" is a percentage of the target, without it an
  amount in the indicator's unit. The owner is a user name or email ("Alex Jones (ajones)"
  as exported). A new indicator's type is Outcome and its values combine as the latest
  snapshot unless the optional columns say otherwise.
- A period is a month ("April 2024", "Apr 2024", "2024-04", or any date in it), a quarter
  ("Q1 2024/25") or a financial year ("2024/25"). A quarter's value is held at its last
  month, a year's at March, as the indicator's frequency takes them: a monthly indicator
  takes months, a quarterly one quarters (or their last months), an annual one years.
  A period that could be read two ways ("2011-12": December 2011, or the year 2011/12?)
  is refused, never guessed.
- A value is for a period that has ended. A value already held is changed only where the
  file differs; a blank note leaves the held commentary as it is. Importing never removes.
- A target on a year's row is the year's target; on a month's or quarter's row it is that
  period's profiled target. A year needs its annual target (held, or on a row for the
  year) before periods of it can be profiled. Data-only indicators take no target.
- Nothing is written by checking; every problem is named by sheet, row and column.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.db.models import Q

from core import clock, numbers
from core.bulk import BulkKind
from core.history import version_token
from core.imports import Book
from core.uploads import CheckedFile, CheckedRow, UploadRefused
from planning.models import FinancialYear, Person, Service
from planning.workbook.delivery import person_key
from planning.workbook.rows import ADDED, LEFT, Cells

from .library_values import check_values
from .models import (
    DECIMALS,
    Aggregation,
    Frequency,
    IndicatorDefinition,
    IndicatorType,
    Polarity,
    Unit,
)

INDICATORS, VALUES = "Indicators", "Values"
TEMPLATES = {
    INDICATORS: ("reference", "title", "unit", "polarity", "frequency", "owner", "service"),
    VALUES: ("reference", "period", "value"),
}
OPTIONAL = {
    INDICATORS: ("tolerance", "type", "how values combine", "decimal places", "description"),
    VALUES: ("target", "note"),
}
EXAMPLES = {
    INDICATORS: [
        ["PI-01", "Visitors satisfied with parks", "Percentage", "Higher is better"]
        + ["Monthly", "ajones", "parks", "10%", "Outcome", "Latest snapshot", "1", ""],
    ],
    VALUES: [
        ["PI-01", "April 2024", "82.5", "85", "Wet month"],
        ["PI-01", "2024/25", "", "85", ""],
    ],
}


def _choices(choices, **more) -> dict[str, str]:
    words = {label.lower(): value for value, label in choices.choices}
    words |= {str(value).lower(): value for value in choices.values}
    return words | more


UNITS = _choices(Unit, **{"%": Unit.PERCENTAGE, "£": Unit.MONEY, "money": Unit.MONEY})
POLARITIES = _choices(Polarity, higher=Polarity.HIGHER, lower=Polarity.LOWER)
FREQUENCIES = _choices(Frequency, yearly=Frequency.ANNUAL)
TYPES = _choices(IndicatorType)
AGGREGATIONS = _choices(
    Aggregation,
    sum=Aggregation.SUM,
    average=Aggregation.AVERAGE,
    latest=Aggregation.LATEST,
    cumulative=Aggregation.CUMULATIVE,
)


@dataclass
class DefinitionEntry:
    """An indicator to add (`pk` None) or the settings of one to change."""

    ref: str
    changes: dict
    pk: int | None
    seen: str


@dataclass
class Lookups:
    definitions: dict[str, IndicatorDefinition]
    people: dict[str, Person]
    services: dict[str, Service]
    years: dict[int, FinancialYear]


def _lookups(book: Book) -> Lookups:
    """What the file refers to, in a fixed number of queries whatever its length."""
    refs, people = set(), set()
    for sheet in book.sheets.values():
        for row in sheet.rows:
            ref = row.get("reference").strip()
            refs |= {ref, ref.upper()}
            people.add(person_key(row.get("owner")))
    definitions = {
        d.ref.upper(): d
        for d in IndicatorDefinition.objects.select_related("service", "owner").filter(
            ref__in=refs - {""}
        )
    }
    query = Q(pk__in=[])
    for name in people - {""}:
        query |= Q(username__iexact=name) | Q(email__iexact=name)
    found = {}
    for person in Person.objects.filter(query):
        found.setdefault(person.username.lower(), person)
        if person.email:
            found.setdefault(person.email.lower(), person)
    services = {}
    for service in Service.objects.all():
        services.setdefault(service.code.lower(), service)
        services.setdefault(service.name.lower(), service)
    years = {year.start_year: year for year in FinancialYear.objects.all()}
    return Lookups(definitions, found, services, years)


def library_check(*, book: Book, actor, options: dict) -> CheckedFile:
    """What importing the file would do to the indicator library, row by row (see above)."""
    if not book.sheets:
        raise UploadRefused(
            "The file has neither an Indicators nor a Values sheet: download the template "
            "and fill that in"
        )
    lookups = _lookups(book)
    rows: list[CheckedRow] = []
    specs = dict(lookups.definitions)
    if INDICATORS in book.sheets:
        rows += _check_indicators(book.sheets[INDICATORS], lookups, specs)
    if VALUES in book.sheets:
        rows += check_values(book.sheets[VALUES], lookups, specs, today=clock.today())
    return CheckedFile(rows)


# --- the Indicators sheet ---------------------------------------------------------------


def _pick(cells: Cells, heading: str, words: dict[str, str], what: str):
    text = cells.text(heading)
    if not text:
        return None
    if text.lower() not in words:
        shown = sorted({key for key in words if len(key) > 2})[:6]
        cells.problem(heading, f"Enter {what} as one of: {', '.join(shown)} (not “{text}”)")
        return None
    return words[text.lower()]


def _tolerance(cells: Cells) -> dict:
    text = cells.text("tolerance")
    if not text:
        return {"tolerance_percent": None, "tolerance_absolute": None}
    percent = "%" in text
    try:
        number = numbers.parse_number(
            text,
            what="the tolerance",
            kind=numbers.PERCENTAGE if percent else numbers.NUMBER,
            places=2 if percent else DECIMALS,
        )
    except numbers.NumberRefused as error:
        cells.problem("tolerance", str(error))
        return {}
    if number < 0 or (percent and number > 100):
        cells.problem("tolerance", "Enter the tolerance as 0% to 100%, or an amount of 0 or more")
        return {}
    if percent:
        return {"tolerance_percent": number, "tolerance_absolute": None}
    return {"tolerance_percent": None, "tolerance_absolute": number}


def _read_definition(cells: Cells, lookups: Lookups, held) -> dict:
    """The settings the row gives, by field name (blank cells give none, but tolerance)."""
    given = {
        "name": cells.text("title"),
        "unit": _pick(cells, "unit", UNITS, "the unit"),
        "polarity": _pick(cells, "polarity", POLARITIES, "the polarity"),
        "frequency": _pick(cells, "frequency", FREQUENCIES, "the frequency"),
        "type": _pick(cells, "type", TYPES, "the type"),
        "aggregation": _pick(cells, "how values combine", AGGREGATIONS, "how values combine"),
        "description": cells.text("description"),
    }
    if len(given["name"]) > 300:
        cells.problem("title", "Shorten the title to 300 characters or fewer")
    places = cells.text("decimal places")
    if places:
        if places.isascii() and places.isdigit() and int(places) <= 4:
            given["decimal_places"] = int(places)
        else:
            cells.problem("decimal places", "Enter the decimal places as 0 to 4")
    if owner := cells.text("owner"):
        given["owner"] = lookups.people.get(person_key(owner))
        if given["owner"] is None:
            cells.problem("owner", f"Nobody signs in as “{owner}”: give a user name or email")
    if service := cells.text("service"):
        given["service"] = lookups.services.get(service.lower())
        if given["service"] is None:
            cells.problem("service", f"There is no service “{service}”: give its code or name")
    if cells.has("tolerance"):
        given |= _tolerance(cells)
    given = {name: value for name, value in given.items() if value not in (None, "")} | {
        name: value for name, value in given.items() if name.startswith("tolerance_")
    }
    if held is None:
        for heading, name in (
            ("title", "name"),
            ("unit", "unit"),
            ("polarity", "polarity"),
            ("frequency", "frequency"),
            ("service", "service"),
        ):
            if name not in given and not any(heading in e for e in cells.row.errors):
                cells.problem(heading, f"Enter the new indicator's {heading}")
        given.setdefault("type", IndicatorType.OUTCOME)
        given.setdefault("aggregation", Aggregation.LATEST)
    if given.get("unit") == Unit.RATE and not getattr(held, "rate_per", None):
        cells.problem("unit", "Add a rate indicator on its page first: it needs “per how many”")
    return given


def _check_indicators(sheet, lookups: Lookups, specs: dict) -> list[CheckedRow]:
    rows, seen = [], {}
    for raw in sheet.rows:
        row = CheckedRow(number=raw.number, subject=INDICATORS)
        rows.append(row)
        cells = Cells(row, raw.cells, sheet.headings, raw.unworked)
        ref = cells.text("reference")
        row.detail = ref
        if not ref:
            cells.problem("reference", "Enter the indicator's reference")
            continue
        if len(ref) > 30:
            cells.problem("reference", "Shorten the reference to 30 characters or fewer")
            continue
        if ref.upper() in seen:
            cells.problem("reference", f"{ref} is already on row {seen[ref.upper()]}")
            continue
        seen[ref.upper()] = raw.number
        held = lookups.definitions.get(ref.upper())
        given = _read_definition(cells, lookups, held)
        if row.errors:
            continue
        if held is None:
            specs[ref.upper()] = IndicatorDefinition(ref=ref, **given)
            row.outcome, row.changed = ADDED, True
            row.entry = DefinitionEntry(ref, given, None, "")
            continue
        changes = {name: value for name, value in given.items() if getattr(held, name) != value}
        spec = copy.copy(held)
        for name, value in changes.items():
            setattr(spec, name, value)
        specs[ref.upper()] = spec
        row.version = version_token(held)
        if changes:
            labels = sorted({IndicatorDefinition._meta.get_field(n).verbose_name for n in changes})
            row.outcome, row.changed = "Will change: " + ", ".join(labels), True
            row.entry = DefinitionEntry(held.ref, changes, held.pk, row.version)
        else:
            row.outcome = LEFT
    return rows


def library_kind(save) -> BulkKind:
    return BulkKind(
        slug="indicator-library",
        title="Indicator library",
        summary=(
            "Indicator definitions, and several years of their values and targets, by month, "
            "quarter or year"
        ),
        permission="performance.import_indicator_library",
        templates=TEMPLATES,
        optional=OPTIONAL,
        examples=EXAMPLES,
        check=library_check,
        save=save,
    )
