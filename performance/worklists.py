"""Performance's work lists on Home (core.worklists): indicator values due or late, for the
people who enter them and across a performance lead's portfolio, and values the
plausibility checks question.

A month's value is due once the month has ended and late once it has closed
(performance.periods: by the last day of the month after it); an indicator owes values only
for the months its frequency takes (quarterly ones at each quarter's last month)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from core.links import url_pattern
from core.periods import add_months, month_label
from core.worklists import Entry, Source, WorkList, register
from planning.models import FinancialYear
from planning.permissions import scope_for

from . import periods, plausibility
from .models import IndicatorDefinition, IndicatorValue

RECENT_MONTHS = 3  # values the plausibility list looks back over, by the month they describe


@dataclass
class Owed:
    definition: IndicatorDefinition
    months: list[tuple[dt.date, str]]  # (month, "due" or "late"), earliest first
    days_late: int  # days since the earliest missing month closed (0 when none is late yet)

    @property
    def late(self) -> int:
        return sum(1 for _, state in self.months if state == "late")


def values_owed(*, definitions: Q, year: FinancialYear, today: dt.date) -> list[Owed]:
    """Indicators matching `definitions` with a value missing for a month of the year that
    has ended, each with the months missing and whether each is due or late. Two queries."""
    defs = list(
        IndicatorDefinition.objects.filter(definitions)
        .select_related("service", "owner")
        .order_by("service__name", "owner__last_name", "ref")
    )
    if not defs:
        return []
    ended = [(n, m) for n, m in enumerate(year.months) if periods.is_open(month=m, today=today)]
    held = set(
        IndicatorValue.objects.in_year(year)
        .filter(definition__in=defs)
        .values_list("definition_id", "month")
    )
    owed = []
    for definition in defs:
        takes = set(definition.months_taking_values)
        months = [
            (m, "late" if today > periods.month_closes(m) else "due")
            for n, m in ended
            if n in takes and (definition.pk, m) not in held
        ]
        if months:
            first = months[0][0]
            days = (today - periods.month_closes(first)).days if months[0][1] == "late" else 0
            owed.append(Owed(definition, months, days))
    return owed


def _year(user):
    if not hasattr(user, "_gt_worklist_year"):
        user._gt_worklist_year = FinancialYear.objects.current()
    return user._gt_worklist_year


def _owed_for(user, today: dt.date) -> tuple[list[Owed], list[Owed]]:
    """(the values the person enters that are owed, those owed across their portfolio),
    read together once per request: two queries at most."""
    cached = getattr(user, "_gt_values_owed", None)
    if cached is not None:
        return cached
    scope, year = scope_for(user), _year(user)
    if year is None or scope.person_id is None:
        user._gt_values_owed = ([], [])
        return user._gt_values_owed
    mine = Q(is_corporate=True, owner_id=scope.person_id)
    if scope.services:
        mine |= Q(is_corporate=False, service__in=scope.services)
    portfolio = Q(service__portfolio__in=scope.portfolios) if scope.portfolios else Q(pk__in=[])
    owed = values_owed(definitions=mine | portfolio, year=year, today=today)
    services, person = scope.services, scope.person_id
    user._gt_values_owed = (
        [
            o
            for o in owed
            if (o.definition.is_corporate and o.definition.owner_id == person)
            or (not o.definition.is_corporate and o.definition.service_id in services)
        ],
        [
            o
            for o in owed
            if o.definition.service and o.definition.service.portfolio_id in scope.portfolios
        ],
    )
    return user._gt_values_owed


def _months_words(months: list[tuple[dt.date, str]]) -> str:
    return ", ".join(f"{month_label(m)} ({state})" for m, state in months)


def values_to_enter(*, user, today: dt.date) -> WorkList | None:
    """Heads of service and service managers (their services' own indicators) and the
    owners of corporate measures: each indicator with values due or late."""
    indicator_url = url_pattern("performance:indicator-detail")
    entries = [
        Entry(
            text=f"{o.definition.ref} {o.definition.name}",
            url=indicator_url(o.definition.pk),
            detail=f"Values missing: {_months_words(o.months)}",
            status="Late" if o.late else "Due",
            colour="red" if o.late else "yellow",
        )
        for o in _owed_for(user, today)[0]
    ]
    return WorkList("values", "Indicator values due or late", entries) if entries else None


def portfolio_values(*, user, today: dt.date) -> WorkList | None:
    """Performance leads: values missing across their portfolio, one entry for each service
    and owner, with how many are late and due and how late the oldest is."""
    if not scope_for(user).portfolios:
        return None
    owed = _owed_for(user, today)[1]
    groups: dict[tuple, dict] = defaultdict(lambda: {"due": 0, "late": 0, "days": 0})
    for o in owed:
        d = o.definition
        owner = d.owner.get_full_name() if d.owner else "No owner"
        group = groups[(str(d.service) if d.service else "No service", d.service_id, owner)]
        group["late"] += o.late
        group["due"] += len(o.months) - o.late
        group["days"] = max(group["days"], o.days_late)
    entries = []
    for (service, service_id, owner), g in groups.items():
        words = ", ".join(
            w
            for w in (
                f"{g['late']} late" if g["late"] else "",
                f"{g['due']} due" if g["due"] else "",
            )
            if w
        )
        entries.append(
            Entry(
                text=f"{service}: {owner}",
                url=f"{reverse('performance:indicator-list')}?service={service_id}"
                if service_id
                else "",
                detail=f"Values missing: {words}"
                + (f"; the oldest {g['days']} days late" if g["days"] else ""),
                status="Late" if g["late"] else "Due",
                colour="red" if g["late"] else "yellow",
            )
        )
    return WorkList("portfolio-values", "Indicator values missing in your portfolio", entries)


def questioned_values(*, user, today: dt.date) -> WorkList | None:
    """Performance leads: values for the last few months in their portfolio that the
    plausibility checks question (outside 0–100% for a percentage, or ten times or a tenth
    of the value before), for the lead to ask about. Two queries."""
    scope = scope_for(user)
    if not scope.portfolios:
        return None
    since = add_months(today.replace(day=1), -RECENT_MONTHS)
    recent = list(
        IndicatorValue.objects.filter(
            definition__service__portfolio__in=scope.portfolios, month__gte=since
        )
        .select_related("definition__service")
        .order_by("definition__service__name", "definition__ref", "month")
    )
    if not recent:
        return None
    history: dict[int, dict[dt.date, object]] = defaultdict(dict)
    for definition_id, month, value in IndicatorValue.objects.filter(
        definition__in={v.definition_id for v in recent},
        month__gte=add_months(since, -12),
        month__lt=since,
    ).values_list("definition_id", "month", "value"):
        history[definition_id][month] = value
    for v in recent:
        history[v.definition_id][v.month] = v.value
    indicator_url = url_pattern("performance:indicator-detail")
    entries = []
    for v in recent:
        d = v.definition
        before = {m: x for m, x in history[d.pk].items() if m < v.month}
        warnings = plausibility.value_warnings(
            v.value, month=v.month, fmt=d.fmt, unbounded=d.unbounded_percentage, history=before
        )
        if warnings:
            entries.append(
                Entry(
                    text=f"{d.ref} {d.name}: {month_label(v.month)}",
                    url=indicator_url(d.pk),
                    detail=f"{d.service}. {warnings[0]}",
                    status="Check",
                    colour="orange",
                )
            )
    return WorkList("questioned-values", "Values to check", entries) if entries else None


def red_indicators(*, user, today: dt.date) -> WorkList | None:
    """Directors and assistant directors: for each of their services with indicators rated
    red as things stand today (the stored rating for this month), how many. It tells rather
    than asks: not counted on the menu. One query."""
    from django.db.models import Count

    from .models import IndicatorRating
    from .rag import Rating
    from .stored import position_month

    scope, year = scope_for(user), _year(user)
    if year is None or not (scope.directorates or scope.areas):
        return None
    month = position_month(year, today)
    if month is None:
        return None
    rows = (
        IndicatorRating.objects.filter(year=year, month=month, rating=Rating.RED.value)
        .filter(
            Q(definition__service__directorate__in=scope.directorates)
            | Q(definition__service__area__in=scope.areas)
        )
        .values("definition__service_id", "definition__service__name")
        .annotate(red=Count("pk"))
        .order_by("definition__service__name")
    )
    entries = [
        Entry(
            text=f"{row['definition__service__name']}: {row['red']} red "
            f"indicator{'s' if row['red'] != 1 else ''}",
            url=f"{reverse('performance:indicator-list')}?service={row['definition__service_id']}"
            f"&rag=red",
            status="Red",
            colour="red",
        )
        for row in rows
    ]
    if not entries:
        return None
    return WorkList("red-indicators", "Red indicators in your services", entries, counted=False)


def register_sources() -> None:
    register(Source("red-indicators", 81, red_indicators, counted=False))
    register(Source("values", 40, values_to_enter))
    register(Source("portfolio-values", 41, portfolio_values))
    register(Source("questioned-values", 42, questioned_values))
