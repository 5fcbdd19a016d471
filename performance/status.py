"""An indicator's position in a year, built from rows already read: no database access.

The headline rating is the year-to-date position at the latest period with a value: the
period values so far combined by the indicator's aggregation, against the target to date
(see performance.rag). Direction of travel compares that latest period's value with the
period before it and with the same period last year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from core.periods import add_months
from planning.models import FinancialYear

from . import rag
from .models import AnnualTarget, IndicatorDefinition, IndicatorValue
from .rules import RuleBook, Rules, named


class ValueRow(NamedTuple):
    """What a status shows of a value: read as plain tuples, for thousands of rows."""

    definition_id: int
    month: dt.date
    value: Decimal
    commentary: str
    provisional: bool
    is_late: bool
    projected_year_end: Decimal | None


STATUS_FIELDS = ValueRow._fields


@dataclass
class MonthCell:
    month: dt.date
    index: int
    takes_value: bool
    row: IndicatorValue | None
    target: Decimal | None
    rater: Callable[[MonthCell], rag.RagResult]

    @property
    def value(self) -> Decimal | None:
        return self.row.value if self.row else None

    @cached_property
    def rating(self) -> rag.RagResult:
        """The month's own value against the month's target (worked out when shown)."""
        return self.rater(self)


@dataclass
class IndicatorStatus:
    definition: IndicatorDefinition
    year: FinancialYear
    target: AnnualTarget | None
    months: list[MonthCell]
    latest: MonthCell | None
    value_to_date: Decimal | None
    target_to_date: Decimal | None
    rating: rag.RagResult
    travel_previous: rag.Travel
    travel_last_year: rag.Travel
    extra: dict = field(default_factory=dict)

    @property
    def fmt(self) -> rag.Format:
        return self.definition.fmt

    def show(self, number: Decimal | None) -> str:
        return "" if number is None else self.fmt.value(number)


def _by_month(values: Iterable[IndicatorValue]) -> dict[dt.date, IndicatorValue]:
    return {row.month: row for row in values}


def indicator_status(
    *,
    definition: IndicatorDefinition,
    year: FinancialYear,
    target: AnnualTarget | None,
    values: Iterable[IndicatorValue],
    last_year_values: Iterable[IndicatorValue] = (),
    default_policy: rag.Policy = rag.DEFAULT_POLICY,
    book: RuleBook | None = None,
) -> IndicatorStatus:
    """Rate the indicator for the year from its rows (values of this year and last). With
    a rule book, each period is rated under the rule version in force for it (see
    performance.rules); without one, under `default_policy` and the definition's rules."""
    polarity = rag.Polarity(definition.polarity)
    aggregation = rag.Aggregation(definition.aggregation)
    fmt = definition.fmt

    def rules_for(month: dt.date | None) -> Rules:
        if book is not None:
            return book.rules(definition, month)
        return Rules(definition.policy(default_policy), "")

    annual = None if definition.data_only or target is None else target.value
    profile = target.profile_values if target and not definition.data_only else None
    own = _by_month(values)
    last_by_month = _by_month(last_year_values)
    taking = definition.months_taking_values
    periods_in_year = len(taking)

    def improving(cell: MonthCell | None, policy: rag.Policy) -> bool | None:
        """For the direction-dependent amber rule: whether the period is better than the
        one before it, compared as its direction of travel compares them (across the year
        end, and a running total by the amount added); None where nothing compares."""
        if cell is None or policy.amber != rag.AmberRule.TRAVEL:
            return None
        travel = _travel_previous(cell, months, last_by_month, taking, aggregation, polarity, fmt)
        return {"Improving": True, "Worsening": False, "No change": False}.get(travel.word)

    def rater(cell: MonthCell) -> rag.RagResult:
        rules = rules_for(cell.month)
        result = rag.rate(
            value=cell.value,
            target=cell.target,
            polarity=polarity,
            policy=rules.policy,
            fmt=fmt,
            data_only=definition.data_only,
            improving=improving(cell, rules.policy),
        )
        return named(result, rules.version)

    months = []
    for index, month in enumerate(year.months):
        row = own.get(month)
        period = taking.index(index) if index in taking else None
        month_target = None
        if period is not None and annual is not None:
            month_target = rag.period_target(
                annual=annual,
                profile=_periods(profile, taking),
                index=period,
                aggregation=aggregation,
                periods_in_year=periods_in_year,
            )
        months.append(MonthCell(month, index, period is not None, row, month_target, rater))

    entered = [cell for cell in months if cell.row is not None]
    latest = entered[-1] if entered else None
    value_to_date = target_to_date = None
    if latest is not None:
        upto = [cell.value for cell in months[: latest.index + 1] if cell.takes_value]
        value_to_date = rag.combine(upto, aggregation)
        if annual is not None:
            target_to_date = rag.target_to_date(
                annual=annual,
                profile=_periods(profile, taking),
                periods=len(upto),
                aggregation=aggregation,
                periods_in_year=periods_in_year,
            )
    elif annual is not None:
        # nothing entered yet: the year's target is what the indicator is aiming for
        target_to_date = annual
    rules = rules_for(latest.month if latest else None)
    rating = rag.rate(
        value=value_to_date,
        target=target_to_date if annual is not None else None,
        polarity=polarity,
        policy=rules.policy,
        fmt=fmt,
        data_only=definition.data_only,
        improving=improving(latest, rules.policy),
    )
    rating = named(rating, rules.version)
    return IndicatorStatus(
        definition=definition,
        year=year,
        target=target,
        months=months,
        latest=latest,
        value_to_date=value_to_date,
        target_to_date=target_to_date,
        rating=rating,
        travel_previous=_travel_previous(
            latest, months, last_by_month, taking, aggregation, polarity, fmt
        ),
        travel_last_year=_travel_last_year(latest, last_by_month, polarity, fmt),
    )


def _periods(profile: list | None, taking: tuple[int, ...]) -> list | None:
    """The profile's entries for the months that take a value (quarter ends, say)."""
    if profile is None:
        return None
    return [profile[index] for index in taking]


def _travel_previous(latest, months, last_year, taking, aggregation, polarity, fmt) -> rag.Travel:
    """The latest value against the period before it of the same frequency: in April (or
    the June quarter, or an annual value) that is March of the previous year. A running
    total (cumulative) is compared like with like: the amount added in each period."""
    if latest is None:
        return rag.direction_of_travel(current=None, previous=None, polarity=polarity)
    earlier = [
        (month, row.value if row else None)
        for month, row in ((m, last_year.get(m)) for m in _last_year_months(months, taking))
    ]
    # the latest value itself, even in a month its frequency no longer takes (a monthly
    # indicator made quarterly keeps the values it had)
    this_year = [(cell.month, cell.value) for cell in months[: latest.index] if cell.takes_value]
    periods = [*earlier, *this_year, (latest.month, latest.value)]
    if aggregation == rag.Aggregation.CUMULATIVE:
        periods = rag.period_amounts(periods, first_of_year=_first_months(months, taking))
    (previous_month, previous), current = periods[-2], periods[-1][1]
    return rag.direction_of_travel(
        current=current,
        previous=previous,
        polarity=polarity,
        against=f"{previous_month:%B %Y}",
        fmt=fmt,
        measure="added in the period" if aggregation == rag.Aggregation.CUMULATIVE else "",
    )


def _last_year_months(months: list[MonthCell], taking: tuple[int, ...]) -> list[dt.date]:
    """Last year's months taking a value, in order (the comparison reaches back to them)."""
    april = months[0].month
    return [add_months(april.replace(year=april.year - 1), index) for index in taking]


def _first_months(months: list[MonthCell], taking: tuple[int, ...]) -> set[dt.date]:
    """The first month taking a value in this year and in the last (a running total starts
    again there)."""
    first = months[taking[0]].month
    return {first, first.replace(year=first.year - 1)}


def _travel_last_year(latest, last_year, polarity, fmt) -> rag.Travel:
    if latest is None:
        return rag.direction_of_travel(current=None, previous=None, polarity=polarity)
    month = latest.month.replace(year=latest.month.year - 1)
    row = last_year.get(month)
    return rag.direction_of_travel(
        current=latest.value,
        previous=row.value if row else None,
        polarity=polarity,
        against=f"{month:%B %Y}",
        fmt=fmt,
    )


RATING_ORDER = [
    rag.Rating.RED,
    rag.Rating.AMBER,
    rag.Rating.GREEN,
    rag.Rating.NO_DATA,
    rag.Rating.NOT_RATED,
]


def rating_counts(statuses: Iterable[IndicatorStatus]) -> list[tuple[rag.Rating, int]]:
    """How many indicators are at each rating, worst first, zeros included."""
    counts = dict.fromkeys(RATING_ORDER, 0)
    for status in statuses:
        counts[status.rating.rating] += 1
    return list(counts.items())
