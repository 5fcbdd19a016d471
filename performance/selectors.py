"""Named reads for the performance pages, each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, FilteredRelation, Q, Value, When
from django.db.models.functions import Coalesce

from core.periods import months_of
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
    IndicatorRating,
    IndicatorType,
    IndicatorUsage,
    IndicatorValue,
    RagPolicy,
)
from .permissions import can_enter_values
from .rules import RuleBook
from .status import (
    RATING_ORDER,
    STATUS_FIELDS,
    IndicatorStatus,
    ValueRow,
    indicator_status,
)
from .stored import (
    NO_COMPARISON,
    StoredStatus,
    position_month,
    rebuild_in_progress,
    stored_from,
    stored_status,
    stored_statuses,
    with_stored_fields,
)


def previous_year(year: FinancialYear) -> FinancialYear | None:
    return FinancialYear.objects.filter(start_year=year.start_year - 1).first()


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

    Of last year only the month a year before each indicator's latest value, and March,
    February and December are read: all that the comparisons with the same period last
    year and, early in the year, with the previous period need (March; and a running
    total's amount in March is March's total less February's, or December's quarterly)."""
    last = previous_year(year)
    ids = [d.pk for d in definitions]
    book = RuleBook.read(None if every else ids)
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
        ends = {last.months[-1], last.months[-2], last.months[-4]}
        months = set(wanted.values()) | ends
        rows = IndicatorValue.objects.filter(month__in=months, **theirs).values_list(*STATUS_FIELDS)
        for row in map(ValueRow._make, rows):
            if wanted.get(row.definition_id) == row.month or row.month in ends:
                last_values[row.definition_id].append(row)
    return {
        d.pk: indicator_status(
            definition=d,
            year=year,
            target=targets.get(d.pk),
            values=values[d.pk],
            last_year_values=last_values[d.pk],
            book=book,
        )
        for d in definitions
    }


def council_statuses(*, year: FinancialYear, upto: dt.date) -> list[StoredStatus]:
    """Every indicator of the council with its stored position as it stood at the end of
    the month `upto`, by directorate then reference (two queries, whatever the number)."""
    definitions = list(
        IndicatorDefinition.objects.with_owner().order_by("service__directorate__name", "ref")
    )
    return list(stored_statuses(definitions, year=year, upto=upto, every=True).values())


@dataclass
class CouncilRatings:
    """How many of the council's indicators stood at each stored rating and direction of
    travel (against the previous period) at a month's end: `counts[(rating, travel)]`, by
    the values' slugs ("red", "worsening"); an indicator with no stored row counts as with
    nothing held."""

    counts: dict[tuple[str, str], int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def by_rating(self) -> Counter[str]:
        counted = Counter()
        for (rating, _), n in self.counts.items():
            counted[rating] += n
        return counted

    def by_travel(self) -> Counter[str]:
        counted = Counter()
        for (_, travel), n in self.counts.items():
            counted[travel] += n
        return counted


def council_ratings(*, year: FinancialYear, upto: dt.date) -> CouncilRatings:
    """The counts of the council's indicators by stored rating and direction of travel as
    they stood at the end of the month `upto`, counted in the database (one query, whatever
    the number): the same figures as counting council_statuses."""
    rows = _with_stored_rating(
        IndicatorDefinition.objects.all(), year=year, month=position_month(year, upto)
    )
    counted = rows.order_by().values_list("listed_rag", "listed_travel").annotate(n=Count("pk"))
    return CouncilRatings({(rating, travel): n for rating, travel, n in counted})


def council_statuses_rated(
    *, year: FinancialYear, upto: dt.date, rating: str, travel: str, limit: int
) -> list[StoredStatus]:
    """The first `limit` of the council's indicators, by reference, whose stored rating and
    direction of travel at the end of the month `upto` are `rating` and `travel`, each with
    its stored status (one query, whatever the number)."""
    month = position_month(year, upto)
    if month is not None and travel != NO_COMPARISON and rating not in NOTHING_HELD:
        # only a stored row holds such a rating: read the month's rows by their index
        held = (
            IndicatorRating.objects.filter(year=year, month=month, rating=rating, travel=travel)
            .select_related("definition__service__directorate")
            .order_by("definition__ref", "definition_id")
        )
        return [stored_status(row.definition, year, row) for row in held[:limit]]
    rows = (
        _with_stored_rating(IndicatorDefinition.objects.all(), year=year, month=month)
        .filter(listed_rag=rating, listed_travel=travel)
        .select_related("service__directorate")
        .order_by("ref", "pk")
    )
    if month is not None:
        rows = rows.annotate(**with_stored_fields("stored"))
    return [stored_status(d, year, stored_from(d, "stored")) for d in rows[:limit]]


# the ratings an indicator with no stored row reads as
NOTHING_HELD = {rag.Rating.NO_DATA.value, rag.Rating.NOT_RATED.value}


def _year_before(month: dt.date) -> dt.date:
    return month.replace(year=month.year - 1)


# --- a plan's indicators -----------------------------------------------------------


@dataclass
class PlanIndicator:
    usage: IndicatorUsage
    status: StoredStatus
    can_enter: bool
    earlier: list[StoredStatus] = field(default_factory=list)


EARLIEST_YEAR = 2000  # as FinancialYear's own constraint


def earlier_years(
    definition_ids: list[int], *, before: FinancialYear, years: int | None = None
) -> dict[int, list[StoredStatus]]:
    """Each indicator's position at the end of each earlier year holding a value (the
    year's outturn, its target and rating, as stored), newest first: `years` of them at
    most, or all. One query, whatever the number of indicators or years."""
    first = EARLIEST_YEAR if years is None else max(EARLIEST_YEAR, before.start_year - years)
    ends = [months_of(start)[-1] for start in range(first, before.start_year)]
    rows = (
        IndicatorRating.objects.filter(
            definition__in=definition_ids,
            year__start_year__gte=first,
            year__start_year__lt=before.start_year,
            month__in=ends,
            latest_month__isnull=False,
        )
        .select_related("year", "definition")
        .order_by("definition", "-year__start_year")
    )
    found: dict[int, list[StoredStatus]] = defaultdict(list)
    for row in rows:
        found[row.definition_id].append(stored_status(row.definition, row.year, row))
    return found


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
    statuses = stored_statuses([u.definition for u in usages], year=plan.year)
    earlier = earlier_years([u.definition_id for u in usages], before=plan.year, years=2)
    return [
        PlanIndicator(
            u,
            statuses[u.definition_id],
            can_enter_values(user, u.definition),
            earlier.get(u.definition_id, []),
        )
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
    """Indicators of the library (rows, or a queryset fetched here in one query) grouped
    for a plan's "use an indicator" form: corporate measures first, then the plan's own
    service's indicators, then every other service's."""
    if hasattr(definitions, "select_related"):
        definitions = definitions.select_related("service")
    return grouped_choices(
        definitions,
        value=lambda d: d.pk,
        label=str,
        group=lambda d: CORPORATE_MEASURES if d.is_corporate else str(d.service),
        first=[CORPORATE_MEASURES, str(service)],
    )


LIBRARY_OFFERED = 200  # indicators the "use an indicator" list offers at once


@dataclass
class LibraryOffer:
    """What the plan's "use an indicator" page offers: every indicator the plan does not use
    yet while the library is small; in a large library, those matching the search (by
    reference or name), else the corporate measures and the plan's own service's."""

    choices: list
    offered: int
    available: int
    search: str
    searchable: bool  # the library is too large to offer whole

    @property
    def more(self) -> int:
        return self.available - self.offered


def library_offer(*, plan: ServicePlan, search: str = "", keep: int | None = None) -> LibraryOffer:
    """Three queries whatever the size of the library. `keep` is an indicator chosen on a
    form being shown again: it is offered whatever the search."""
    available = definitions_not_in_plan(plan=plan)
    total = available.count()
    search = search.strip()[:100]
    searchable = total > LIBRARY_OFFERED
    rows = available
    if search:
        rows = rows.filter(Q(ref__icontains=search) | Q(name__icontains=search))
    elif searchable:
        rows = rows.filter(Q(is_corporate=True) | Q(service=plan.service_id))
    if keep:
        rows = available.filter(Q(pk__in=rows.values("pk")[:LIBRARY_OFFERED]) | Q(pk=keep))
    rows = list(rows.select_related("service")[:LIBRARY_OFFERED])
    return LibraryOffer(
        choices=library_choices(rows, service=plan.service),
        offered=len(rows),
        available=total,
        search=search,
        searchable=searchable or bool(search),
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
    page: Page  # the page's indicators, each with its stored status
    total: int
    counts: list[tuple[rag.Rating, int]]
    by_directorate: list[tuple[Directorate, list[tuple[rag.Rating, int]]]]
    directorates: list[Directorate]
    services: list[tuple[str, list[tuple[int, str]]]]  # (directorate, [(pk, name)])
    recalculating: bool = False  # a change of the council's policy is being worked through

    @property
    def statuses(self) -> list[StoredStatus]:
        return self.page.object_list


PER_PAGE = 50


class _Counted:
    """A query already counted: the paginator takes its length as given and reads only
    the page's rows."""

    def __init__(self, rows, total: int) -> None:
        self.rows, self.total = rows, total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index: slice):
        # An empty page is read all the same (one row at most), so that a page costs the
        # same number of queries whether or not any indicator matches.
        start, stop = index.start or 0, index.stop or 0
        return list(self.rows[start : max(stop, start + 1)])[: stop - start]


def indicator_list(
    *,
    filters: IndicatorFilters,
    year: FinancialYear | None,
    user,
    page: str | int | None = 1,
    per_page: int = PER_PAGE,
) -> IndicatorList:
    """One page of the indicators matching the filters, with each one's stored rating for
    the year, and the counts of each rating overall and by directorate. Filters, counts and
    paging are done in the database against the stored ratings, so only the page's
    indicators are read (a fixed number of queries whatever the council's size). A service's
    indicators are its own and those its plans use, of the plans the person may open: the
    filter never tells what a plan out of reach holds."""
    rows = IndicatorDefinition.objects.all()
    if filters.directorate:
        rows = rows.filter(service__directorate_id=filters.directorate)
    if filters.service:
        used = IndicatorUsage.objects.filter(
            Q(plan__service=filters.service) & plans_visible_to(user, ServicePlan, "plan__")
        )
        rows = rows.filter(Q(service_id=filters.service) | Q(pk__in=used.values("definition_id")))
    if filters.type:
        rows = rows.filter(type=filters.type)
    if filters.delivery_plan:
        rows = rows.filter(in_delivery_plan=True)
    upto = filters.month if year and filters.month and year.contains(filters.month) else None
    if year is None:
        month, rows = None, rows.none()
    else:
        month = position_month(year, upto)
        rows = _with_stored_rating(rows, year=year, month=month)
    if filters.rating in _NOTHING_HELD or (filters.rating and month is None):
        rows = rows.filter(listed_rag=filters.rating)
    elif filters.rating:
        # Any other rating is only ever a stored one: asked for directly, the database
        # finds that rating's rows by index instead of rating every indicator first.
        rated = IndicatorRating.objects.filter(year=year, month=month, rating=filters.rating)
        rows = rows.filter(pk__in=rated.values("definition_id"))
    if filters.travel:
        rows = rows.filter(listed_travel=filters.travel)
    grouped: dict[int, dict[str, int]] = defaultdict(dict)
    for directorate, rating, n in (
        rows.order_by().values_list("service__directorate_id", "listed_rag").annotate(n=Count("pk"))
        if year is not None
        else ()
    ):
        grouped[directorate][rating] = n
    total = sum(n for counts in grouped.values() for n in counts.values())
    listed = rows.select_related("service").order_by("ref")
    if month is not None:
        listed = listed.annotate(**with_stored_fields("stored"))
    shown = Paginator(_Counted(listed, total), per_page).get_page(page)
    if year is not None:
        shown.object_list = [
            stored_status(d, year, stored_from(d, "stored")) for d in shown.object_list
        ]
    directorates = list(Directorate.objects.order_by("name"))
    overall = Counter()
    for counts in grouped.values():
        overall.update(counts)
    return IndicatorList(
        year=year,
        page=shown,
        total=total,
        counts=_in_order(overall),
        by_directorate=[(d, _in_order(grouped[d.pk])) for d in directorates if grouped[d.pk]],
        directorates=directorates,
        services=services_by_directorate(),
        recalculating=rebuild_in_progress() is not None,
    )


# What an indicator with no stored rating for the month is listed as.
_NOTHING_HELD = {rag.Rating.NOT_RATED.value, rag.Rating.NO_DATA.value}


def _with_stored_rating(rows, *, year: FinancialYear, month: dt.date | None):
    """The definitions with their stored rating and direction of travel at the month's end
    (`listed_rag`, `listed_travel`): with no stored row, as with nothing held."""
    nothing_held = Case(
        When(data_only=True, then=Value(rag.Rating.NOT_RATED.value)),
        default=Value(rag.Rating.NO_DATA.value),
    )
    if month is None:
        return rows.annotate(listed_rag=nothing_held, listed_travel=Value(NO_COMPARISON))
    return rows.annotate(
        stored=FilteredRelation("ratings", condition=Q(ratings__year=year, ratings__month=month)),
    ).annotate(
        listed_rag=Coalesce(F("stored__rating"), nothing_held),
        listed_travel=Coalesce(F("stored__travel"), Value(NO_COMPARISON)),
    )


def _in_order(counts: dict[str, int]) -> list[tuple[rag.Rating, int]]:
    """Counts by rating, worst first, zeros included (as status.rating_counts)."""
    return [(rating, counts.get(rating.value, 0)) for rating in RATING_ORDER]


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
    rule_versions: list = field(default_factory=list)  # newest first
    earlier: list[StoredStatus] = field(default_factory=list)


def indicator_page(
    *, definition: IndicatorDefinition, year: FinancialYear | None, user
) -> IndicatorPage:
    """The indicator's status this year and last, its targets, values and their history,
    and the plans using it that the person may open."""
    status = last_status = None
    targets = list(definition.targets.select_related("year").order_by("-year__start_year"))
    values = list(definition.values.select_related("entered_by").order_by("-month"))
    versions = list(definition.rule_versions.select_related("recorded_by").order_by("pk"))
    if year is not None:
        book = RuleBook(list(RagPolicy.objects.all()), {definition.pk: versions})
        by_year = {t.year_id: t for t in targets}
        last = previous_year(year)

        def status_for(which: FinancialYear, before: FinancialYear | None) -> IndicatorStatus:
            return indicator_status(
                definition=definition,
                year=which,
                target=by_year.get(which.pk),
                values=sorted((v for v in values if which.contains(v.month)), key=_month),
                last_year_values=[v for v in values if before and before.contains(v.month)],
                book=book,
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
        rule_versions=versions[::-1],
        earlier=[] if year is None else earlier_years([definition.pk], before=year)[definition.pk],
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
