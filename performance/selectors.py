"""Named reads for the performance pages, each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q

from core.query import QueryReader
from planning.choices import grouped_choices, services_by_directorate
from planning.models import (
    Directorate,
    FinancialYear,
    PlanStatus,
    ServicePlan,
)
from planning.permissions import plans_visible_to

from . import rag
from .models import (
    AnnualTarget,
    IndicatorDefinition,
    IndicatorType,
    IndicatorUsage,
    IndicatorValue,
    RagPolicy,
)
from .permissions import can_enter_values
from .status import IndicatorStatus, indicator_status, rating_counts


def previous_year(year: FinancialYear) -> FinancialYear | None:
    return FinancialYear.objects.filter(start_year=year.start_year - 1).first()


class ValueRow(NamedTuple):
    """What a status shows of a value: read as plain tuples, for thousands of rows."""

    definition_id: int
    month: dt.date
    value: Decimal
    commentary: str
    provisional: bool
    is_late: bool
    projected_year_end: Decimal | None


STATUS_FIELDS = (
    "definition_id",
    "month",
    "value",
    "commentary",
    "provisional",
    "is_late",
    "projected_year_end",
)


def statuses_for(
    definitions: list[IndicatorDefinition],
    *,
    year: FinancialYear,
    upto: dt.date | None = None,
    every: bool = False,
) -> dict[int, IndicatorStatus]:
    """Each definition's status for the year (as it stood at the end of the month `upto`,
    when given: later values are left out): five queries at most, whatever the number.
    `every` says `definitions` are all the council's, so the reads need no list of ids (a
    list of hundreds of ids costs more to send than the rows it saves).

    Of last year only the month a year before each indicator's latest value is read: that
    is all the comparison with the same period last year needs."""
    policy = RagPolicy.current()
    last = previous_year(year)
    ids = [d.pk for d in definitions]
    mine = {} if every else {"definition__in": ids}
    targets = {t.definition_id: t for t in AnnualTarget.objects.filter(year=year, **mine)}
    values: dict[int, list] = defaultdict(list)
    last_values: dict[int, list] = defaultdict(list)
    rows = (
        IndicatorValue.objects.in_year(year)
        .filter(month__lte=min(year.ends, upto or year.ends), **mine)
        .order_by("month")
        .values_list(*STATUS_FIELDS)
    )
    for row in map(ValueRow._make, rows):
        values[row.definition_id].append(row)
    # each indicator's latest month, a year earlier (the rows are in month order)
    wanted = {pk: _year_before(held[-1].month) for pk, held in values.items()}
    if last is not None and wanted:
        theirs = {} if every else {"definition__in": list(wanted)}
        rows = IndicatorValue.objects.filter(month__in=set(wanted.values()), **theirs).values_list(
            *STATUS_FIELDS
        )
        for row in map(ValueRow._make, rows):
            if wanted.get(row.definition_id) == row.month:
                last_values[row.definition_id].append(row)
    return {
        d.pk: indicator_status(
            definition=d,
            year=year,
            target=targets.get(d.pk),
            values=values[d.pk],
            last_year_values=last_values[d.pk],
            default_policy=policy,
        )
        for d in definitions
    }


def council_statuses(*, year: FinancialYear, upto: dt.date) -> list[IndicatorStatus]:
    """Every indicator of the council with its status as it stood at the end of the month
    `upto`, by directorate then reference (six queries at most, whatever the number)."""
    definitions = list(
        IndicatorDefinition.objects.with_owner().order_by("service__directorate__name", "ref")
    )
    return list(statuses_for(definitions, year=year, upto=upto, every=True).values())


def _year_before(month: dt.date) -> dt.date:
    return month.replace(year=month.year - 1)


# --- a plan's indicators -----------------------------------------------------------


@dataclass
class PlanIndicator:
    usage: IndicatorUsage
    status: IndicatorStatus
    can_enter: bool


def plan_indicators(*, plan: ServicePlan, user) -> list[PlanIndicator]:
    usages = list(
        plan.indicators.select_related(
            "definition__service__directorate",
            "definition__owner",
            "serves_action",
            "serves_activity",
            "serves_ambition",
        )
    )
    statuses = statuses_for([u.definition for u in usages], year=plan.year)
    return [
        PlanIndicator(u, statuses[u.definition_id], can_enter_values(user, u.definition))
        for u in usages
    ]


def plan_definitions(*, plan: ServicePlan) -> list[IndicatorUsage]:
    return list(
        plan.indicators.select_related(
            "definition__service",
            "definition__owner",
            "serves_action",
            "serves_activity",
            "serves_ambition",
        )
    )


CORPORATE_MEASURES = "Corporate measures"


def library_choices(definitions, *, service) -> list:
    """Indicators of the library (a queryset, fetched here in one query) grouped for a
    plan's "use an indicator" form: corporate measures first, then the plan's own
    service's indicators, then every other service's."""
    return grouped_choices(
        definitions.select_related("service"),
        value=lambda d: d.pk,
        label=str,
        group=lambda d: CORPORATE_MEASURES if d.is_corporate else str(d.service),
        first=[CORPORATE_MEASURES, str(service)],
    )


# --- the council-wide list ---------------------------------------------------------


TRAVEL_WORDS = {"improving": "Improving", "worsening": "Worsening", "no-change": "No change",
                "no-comparison": "No comparison"}  # fmt: skip


@dataclass
class IndicatorFilters:
    directorate: int | None = None
    service: int | None = None
    rating: str = ""
    type: str = ""
    delivery_plan: bool = False
    travel: str = ""  # the direction of travel's word, as a slug: improving, worsening, ...
    month: dt.date | None = None  # ratings as they stood at this month's end

    refused: tuple[str, ...] = field(default=(), compare=False)  # filters not applied

    @classmethod
    def from_query(cls, query) -> IndicatorFilters:
        read = QueryReader(query)
        filters = cls(
            directorate=read.number("directorate"),
            service=read.number("service"),
            rating=read.choice("rag", rag.Rating._value2member_map_),
            type=read.choice("type", IndicatorType.values),
            delivery_plan=read.flag("delivery_plan"),
            travel=read.choice("travel", TRAVEL_WORDS),
            month=read.month("month"),
        )
        filters.refused = tuple(read.refused)
        return filters


@dataclass
class IndicatorList:
    year: FinancialYear | None
    statuses: list[IndicatorStatus]
    counts: list[tuple[rag.Rating, int]]
    by_directorate: list[tuple[Directorate, list[tuple[rag.Rating, int]]]]
    directorates: list[Directorate]
    services: list[tuple[str, list[tuple[int, str]]]]  # (directorate, [(pk, name)])


def indicator_list(*, filters: IndicatorFilters, year: FinancialYear | None, user) -> IndicatorList:
    """Every indicator matching the filters with its rating for the year, and the counts
    of each rating overall and by directorate (six queries whatever the council's size).
    A service's indicators are its own and those its plans use, of the plans the person
    may open: the filter never tells what a plan out of reach holds."""
    rows = IndicatorDefinition.objects.select_related("service")
    if filters.directorate:
        rows = rows.filter(service__directorate_id=filters.directorate)
    if filters.service:
        used = Q(usages__plan__service=filters.service) & plans_visible_to(
            user, ServicePlan, "usages__plan__"
        )
        rows = rows.filter(Q(service_id=filters.service) | used)
    if filters.type:
        rows = rows.filter(type=filters.type)
    if filters.delivery_plan:
        rows = rows.filter(in_delivery_plan=True)
    definitions = list(rows.distinct().order_by("ref"))
    upto = filters.month if year and filters.month and year.contains(filters.month) else None
    statuses = list(statuses_for(definitions, year=year, upto=upto).values()) if year else []
    if filters.rating:
        statuses = [s for s in statuses if s.rating.rating == filters.rating]
    if filters.travel:
        statuses = [s for s in statuses if s.travel_previous.css == filters.travel]
    grouped: dict[int, list] = defaultdict(list)
    for status in statuses:
        grouped[status.definition.service.directorate_id].append(status)
    directorates = list(Directorate.objects.order_by("name"))
    return IndicatorList(
        year=year,
        statuses=statuses,
        counts=rating_counts(statuses),
        by_directorate=[(d, rating_counts(grouped[d.pk])) for d in directorates if grouped[d.pk]],
        directorates=directorates,
        services=services_by_directorate(),
    )


# --- one indicator -----------------------------------------------------------------


@dataclass
class IndicatorPage:
    definition: IndicatorDefinition
    status: IndicatorStatus | None
    last_year: IndicatorStatus | None
    targets: list
    target_history: list
    values: list
    value_history: list
    usages: list[IndicatorUsage]


def indicator_page(
    *, definition: IndicatorDefinition, year: FinancialYear | None, user
) -> IndicatorPage:
    """The indicator's status this year and last, its targets, values and their history,
    and the plans using it that the person may open."""
    status = last_status = None
    targets = list(definition.targets.select_related("year").order_by("-year__start_year"))
    values = list(definition.values.select_related("entered_by").order_by("-month"))
    if year is not None:
        policy = RagPolicy.current()
        by_year = {t.year_id: t for t in targets}
        last = previous_year(year)

        def status_for(which: FinancialYear, before: FinancialYear | None) -> IndicatorStatus:
            return indicator_status(
                definition=definition,
                year=which,
                target=by_year.get(which.pk),
                values=sorted((v for v in values if which.contains(v.month)), key=_month),
                last_year_values=[v for v in values if before and before.contains(v.month)],
                default_policy=policy,
            )

        status = status_for(year, last)
        if last is not None:
            last_status = status_for(last, None)
    return IndicatorPage(
        definition=definition,
        status=status,
        last_year=last_status,
        targets=targets,
        target_history=list(
            AnnualTarget.history.filter(definition_id=definition.pk)
            .select_related("history_user", "year")
            .order_by("-history_date")[:50]
        ),
        values=values,
        value_history=list(
            IndicatorValue.history.filter(definition_id=definition.pk)
            .select_related("history_user")
            .order_by("-history_date")[:100]
        ),
        usages=list(
            definition.usages.filter(plans_visible_to(user, ServicePlan, "plan__")).select_related(
                "plan__service", "plan__year"
            )
        ),
    )


def _month(row: IndicatorValue):
    return row.month


def target_is_fixed(*, definition: IndicatorDefinition, year: FinancialYear) -> bool:
    """Whether a plan of the year using the indicator is signed off (or published): its
    targets then change only with a reason."""
    return definition.usages.filter(
        plan__year=year, plan__status__in=[PlanStatus.SIGNED_OFF, PlanStatus.PUBLISHED]
    ).exists()


def value_history(*, entries) -> dict[int, dict[dt.date, Decimal]]:
    """The values held for the entries' indicators, by indicator and month, from a year
    before the earliest entry up to the latest, with the entries' own values laid over
    them: what a value typed now is compared with (performance.plausibility). One query."""
    if not entries:
        return {}
    months = [entry.month for entry in entries]
    start = _year_before(min(months))
    history: dict[int, dict[dt.date, Decimal]] = defaultdict(dict)
    for definition_id, month, value in IndicatorValue.objects.filter(
        definition__in={entry.definition.pk for entry in entries},
        month__gte=start,
        month__lte=max(months),
    ).values_list("definition_id", "month", "value"):
        history[definition_id][month] = value
    for entry in entries:
        if entry.value is not None:
            history[entry.definition.pk][entry.month] = entry.value
    return history


def year_for_list(*, month: dt.date | None) -> FinancialYear | None:
    """The year the indicator list shows: the one holding the chosen month, else this year."""
    if month:
        return FinancialYear.objects.filter(start_year=FinancialYear.start_year_for(month)).first()
    return FinancialYear.objects.current()


def values_in_year(*, year: FinancialYear, definitions) -> list[IndicatorValue]:
    """The values of these indicators for the year, with their definitions."""
    return list(
        IndicatorValue.objects.in_year(year)
        .filter(definition__in=definitions)
        .select_related("definition")
    )


def values_held(*, year: FinancialYear, definitions, months=None) -> dict:
    """The values already held for these indicators in the year (or in those of its
    `months`), by (indicator, month)."""
    rows = IndicatorValue.objects.in_year(year).filter(definition__in=definitions)
    if months is not None:
        rows = rows.filter(month__in=months)
    return {(row.definition_id, row.month): row for row in rows}


def target_get(*, definition: IndicatorDefinition, year: FinancialYear) -> AnnualTarget | None:
    return definition.targets.filter(year=year).first()


def definitions_not_in_plan(*, plan: ServicePlan):
    """The library's indicators the plan does not use yet, by reference."""
    return IndicatorDefinition.objects.exclude(usages__plan=plan).order_by("ref")
