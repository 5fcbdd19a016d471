"""The Management Board's monthly dashboard: panels, each built from the same month's
inputs, read once per page through the other apps' selectors.

A panel is a title, a template (given `data`) and a `build` taking the month's `Inputs`;
adding one is one more `register_panel` call. Every number a panel shows carries the link
to the list behind it."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

from django.urls import reverse

from core import periods
from core.query import QueryReader
from performance import selectors as performance_selectors
from performance.models import IndicatorDefinition
from performance.rag import Rating
from planning import selectors as planning_selectors
from planning.models import (
    DELIVERY_RAG_COUNTED,
    Directorate,
    FinancialYear,
    delivery_rag_shown,
)
from planning.selectors.delivery import ActionPosition, action_positions
from planning.selectors.finance import revenue_by_directorate
from risk import selectors as risk_selectors
from risk.models import Level

from .charts import Series, stacked_bars

ACTION_RAGS = [(rag, delivery_rag_shown(rag).text) for rag in DELIVERY_RAG_COUNTED]
ACTION_SERIES = [Series(s.text, s.colour) for s in map(delivery_rag_shown, DELIVERY_RAG_COUNTED)]
INDICATOR_RATINGS = [Rating.RED, Rating.AMBER, Rating.GREEN, Rating.NO_DATA, Rating.NOT_RATED]
TRAVEL = [
    ("improving", "Improving"),
    ("no-change", "No change"),
    ("worsening", "Worsening"),
    ("no-comparison", "No comparison"),
]
TOP_RISKS = 10
LISTED = 25  # rows of a list shown on the dashboard; the link behind its count has them all


def month_choices(*, today: dt.date) -> list[dt.date]:
    """Every complete month of the years on record, latest first (one query)."""
    this_month = today.replace(day=1)
    return sorted(
        (m for year in FinancialYear.objects.all() for m in year.months if m < this_month),
        reverse=True,
    )


class Inputs:
    """What the panels read for a month, each read once and shared."""

    def __init__(self, *, month: dt.date, user) -> None:
        self.month = month
        self.as_at = periods.month_end(month)
        self.user = user
        self.year = FinancialYear.objects.filter(
            start_year=FinancialYear.start_year_for(month)
        ).first()

    @property
    def month_param(self) -> str:
        return self.month.strftime("%Y-%m")

    def actions_url(self, **filters) -> str:
        query = {"month": self.month_param, **{k: v for k, v in filters.items() if v != ""}}
        return f"{reverse('reporting:dashboard-actions')}?{urlencode(query)}"

    def indicators_url(self, **filters) -> str:
        query = {"month": self.month_param, **filters}
        return f"{reverse('performance:indicator-list')}?{urlencode(query)}"

    @cached_property
    def actions(self) -> list[ActionPosition]:
        if self.year is None:
            return []
        return action_positions(year=self.year, as_at=self.as_at, user=self.user)

    @cached_property
    def ambitions(self) -> list:
        return planning_selectors.ambitions_covering(self.year) if self.year else []

    @cached_property
    def directorates(self) -> list[Directorate]:
        return list(Directorate.objects.order_by("name"))

    @cached_property
    def indicators(self) -> list:
        if self.year is None:
            return []
        definitions = list(IndicatorDefinition.objects.with_owner().order_by("ref"))
        statuses = performance_selectors.statuses_for(
            definitions, year=self.year, upto=self.month, every=True
        )
        return list(statuses.values())

    @cached_property
    def corporate_register(self):
        return next(
            (r for r in risk_selectors.registers_for_user(self.user) if r.level == Level.CORPORATE),
            None,
        )


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    template: str
    build: Callable[[Inputs], dict]


PANELS: dict[str, tuple[int, Panel]] = {}


def register_panel(panel: Panel, *, order: int) -> Panel:
    """Add (or replace, by key) a panel of the dashboard, placed by `order`."""
    PANELS[panel.key] = (order, panel)
    return panel


def dashboard_build(*, month: dt.date, user) -> list[tuple[Panel, dict]]:
    inputs = Inputs(month=month, user=user)
    return [(panel, panel.build(inputs)) for _, panel in sorted(PANELS.values(), key=_order)]


def _order(entry: tuple[int, Panel]) -> tuple[int, str]:
    return entry[0], entry[1].key


# --- actions by RAG, per ambition and per directorate -----------------------------------


def _rag_key(position: ActionPosition) -> str:
    return position.rag or "none"


def _count_row(inputs: Inputs, label: str, positions: list, **where) -> dict:
    counts = Counter(_rag_key(p) for p in positions)
    return {
        "label": label,
        "cells": [
            {
                "rag": rag,
                "word": word,
                "count": counts[rag],
                "url": inputs.actions_url(rag=rag, **where),
            }
            for rag, word in ACTION_RAGS
        ],
        "overdue": sum(p.overdue for p in positions),
        "overdue_url": inputs.actions_url(overdue="1", **where),
        "total": len(positions),
        "total_url": inputs.actions_url(**where),
    }


def _actions_table(inputs: Inputs, groups: list[tuple[str, str, int | str, list]]) -> dict:
    """groups: (label, filter name, filter value, positions)."""
    rows = [
        _count_row(inputs, label, items, **{name: value}) for label, name, value, items in groups
    ]
    total = _count_row(inputs, "All service actions", inputs.actions)
    return {
        "headings": [word for _, word in ACTION_RAGS],
        "rows": rows,
        "total": total,
        "chart": stacked_bars(
            title="Service actions by RAG",
            description="One bar per row of the table beside it, split by RAG: "
            + ", ".join(word for _, word in ACTION_RAGS),
            series=ACTION_SERIES,
            rows=[(r["label"], [c["count"] for c in r["cells"]]) for r in rows],
        ),
    }


def actions_by_ambition(inputs: Inputs) -> dict:
    by_ambition = defaultdict(list)
    for position in inputs.actions:
        by_ambition[position.ambition_id].append(position)
    groups = [
        (f"{a.ref} {a.title}".strip(), "ambition", a.pk, by_ambition.get(a.pk, []))
        for a in inputs.ambitions
    ]
    known = {a.pk for a in inputs.ambitions}
    serving_none = [p for p in inputs.actions if p.ambition_id not in known]
    groups.append(("Serving no ambition", "ambition", "none", serving_none))
    return _actions_table(inputs, groups)


def actions_by_directorate(inputs: Inputs) -> dict:
    by_directorate = defaultdict(list)
    for position in inputs.actions:
        by_directorate[position.directorate_id].append(position)
    groups = [
        (d.name, "directorate", d.pk, by_directorate[d.pk])
        for d in inputs.directorates
        if by_directorate.get(d.pk)
    ]
    return _actions_table(inputs, groups)


register_panel(
    Panel(
        "actions_by_ambition",
        "Service actions by RAG and corporate ambition",
        "reporting/dashboard/panel_actions.html",
        actions_by_ambition,
    ),
    order=10,
)
register_panel(
    Panel(
        "actions_by_directorate",
        "Service actions by RAG and directorate",
        "reporting/dashboard/panel_actions.html",
        actions_by_directorate,
    ),
    order=20,
)


# --- indicators by RAG and direction of travel ------------------------------------------


def indicators(inputs: Inputs) -> dict:
    ratings = Counter(s.rating.rating for s in inputs.indicators)
    travels = Counter(s.travel_previous.css for s in inputs.indicators)
    by_rating = [
        {"rating": r, "count": ratings[r], "url": inputs.indicators_url(rag=r.value)}
        for r in INDICATOR_RATINGS
    ]
    by_travel = [
        {
            "travel": slug,
            "word": word,
            "count": travels[slug],
            "url": inputs.indicators_url(travel=slug),
        }
        for slug, word in TRAVEL
    ]
    chart = stacked_bars(
        title="Indicators by RAG",
        description="One bar split by rating: "
        + ", ".join(f"{r['count']} {r['rating'].word}" for r in by_rating),
        series=[Series(r.word, r.css) for r in INDICATOR_RATINGS],
        rows=[("All indicators", [r["count"] for r in by_rating])],
    )
    return {
        "by_rating": by_rating,
        "by_travel": by_travel,
        "total": len(inputs.indicators),
        "total_url": inputs.indicators_url(),
        "chart": chart,
    }


register_panel(
    Panel(
        "indicators",
        "Indicators by RAG and direction of travel",
        "reporting/dashboard/panel_indicators.html",
        indicators,
    ),
    order=30,
)


# --- exceptions -------------------------------------------------------------------------


def exceptions(inputs: Inputs) -> dict:
    worst = [
        s
        for s in inputs.indicators
        if s.rating.rating == Rating.RED and s.travel_previous.word == "Worsening"
    ]
    red = [p for p in inputs.actions if p.rag == "red"]
    overdue = sorted((p for p in inputs.actions if p.overdue), key=lambda p: (p.due_date, p.pk))
    return {
        "indicators": [
            {
                "pk": s.definition.pk,
                "ref": s.definition.ref,
                "name": s.definition.name,
                "service": s.definition.service.name,
                "value": s.show(s.value_to_date),
                "target": s.show(s.target_to_date),
                "rating": s.rating,
                "travel": s.travel_previous,
                "commentary": s.latest.row.commentary if s.latest else "",
            }
            for s in worst
        ],
        "red_actions": red[:LISTED],
        "red_total": len(red),
        "red_url": inputs.actions_url(rag="red"),
        "overdue": overdue[:LISTED],
        "overdue_total": len(overdue),
        "overdue_url": inputs.actions_url(overdue="1"),
    }


register_panel(
    Panel("exceptions", "Exceptions", "reporting/dashboard/panel_exceptions.html", exceptions),
    order=40,
)


# --- overdue updates --------------------------------------------------------------------


def overdue_updates(inputs: Inputs) -> dict:
    by_lead: dict[int | None, dict] = {}
    for p in inputs.actions:
        if not p.owes_update:
            continue
        row = by_lead.setdefault(
            p.lead_id,
            {"lead": p.lead or "No lead officer", "services": set(), "due": 0, "late": 0},
        )
        row["services"].add(p.service)
        row[p.owes_update] += 1
    rows = []
    for lead_id, row in by_lead.items():
        row["services"] = ", ".join(sorted(row["services"]))
        row["url"] = inputs.actions_url(owed="1", lead=lead_id if lead_id else "none")
        rows.append(row)
    rows.sort(key=lambda r: (-r["late"], -r["due"], r["lead"]))
    return {
        "rows": rows[:LISTED],
        "leads": len(rows),
        "quarter": inputs.year.quarter_of(inputs.as_at) if inputs.year else None,
        "total": sum(r["due"] + r["late"] for r in rows),
        "total_url": inputs.actions_url(owed="1"),
    }


register_panel(
    Panel(
        "overdue_updates",
        "Overdue updates",
        "reporting/dashboard/panel_overdue_updates.html",
        overdue_updates,
    ),
    order=50,
)


# --- corporate risks --------------------------------------------------------------------


def corporate_risks(inputs: Inputs) -> dict:
    register = inputs.corporate_register
    if register is None:
        return {"register": None}
    filters = risk_selectors.RegisterFilters()
    rows = sorted(
        risk_selectors.register_all_rows(register, filters, user=inputs.user),
        key=lambda r: (-r.risk.current_score, r.risk.ref),
    )
    return {
        "register": register,
        "register_url": reverse("risk:register-detail", args=[register.pk]),
        "rows": rows[:TOP_RISKS],
        "total": len(rows),
        "heat_map": risk_selectors.heat_map(register, filters, user=inputs.user),
    }


register_panel(
    Panel(
        "corporate_risks",
        "Top corporate risks",
        "reporting/dashboard/panel_corporate_risks.html",
        corporate_risks,
    ),
    order=60,
)


# --- revenue forecast ------------------------------------------------------------------


def revenue(inputs: Inputs) -> dict:
    """The revenue forecast by directorate as reported up to the month; each directorate
    links to its services on the council's finance overview (which covers the current year)."""
    if inputs.year is None:
        return {"forecast": None}
    forecast = revenue_by_directorate(year=inputs.year, month=inputs.month)
    overview_url = ""
    current = FinancialYear.objects.current()
    if (
        inputs.user.has_perm("planning.view_finance_overview")
        and current is not None
        and current.pk == inputs.year.pk
    ):
        overview_url = f"{reverse('planning:finance-overview')}?month={inputs.month_param}"
    return {"forecast": forecast, "overview_url": overview_url}


register_panel(
    Panel(
        "revenue",
        "Revenue forecast by directorate",
        "reporting/dashboard/panel_revenue.html",
        revenue,
    ),
    order=70,
)


# --- the list behind an action count ----------------------------------------------------


@dataclass
class ActionFilters:
    """The drill-down's filters, read from the query string; anything unknown is not applied."""

    ambition: str = ""  # an ambition's id, or "none"
    directorate: int | None = None
    rag: str = ""
    overdue: bool = False
    owed: bool = False
    lead: str = ""  # a person's id, or "none"

    refused: tuple[str, ...] = field(default=(), compare=False)  # filters not applied

    @classmethod
    def from_query(cls, query) -> ActionFilters:
        read = QueryReader(query)
        filters = cls(
            ambition=read.number_or("ambition", "none"),
            directorate=read.number("directorate"),
            rag=read.choice("rag", dict(ACTION_RAGS)),
            overdue=read.flag("overdue"),
            owed=read.flag("owed"),
            lead=read.number_or("lead", "none"),
        )
        filters.refused = tuple(read.refused)
        return filters

    def keep(self, p: ActionPosition, known_ambitions: set[int]) -> bool:
        if self.ambition == "none" and p.ambition_id in known_ambitions:
            return False
        if self.ambition.isdigit() and p.ambition_id != int(self.ambition):
            return False
        if self.lead == "none" and p.lead_id is not None:
            return False
        if self.lead.isdigit() and p.lead_id != int(self.lead):
            return False
        return (
            (self.directorate is None or p.directorate_id == self.directorate)
            and (not self.rag or _rag_key(p) == self.rag)
            and (not self.overdue or p.overdue)
            and (not self.owed or bool(p.owes_update))
        )


def action_drill_down(*, month: dt.date, user, filters: ActionFilters) -> dict:
    """The actions behind one of the dashboard's counts, and words for what was chosen."""
    inputs = Inputs(month=month, user=user)
    known = {a.pk for a in inputs.ambitions}
    rows = [p for p in inputs.actions if filters.keep(p, known)]
    said = []
    if filters.rag:
        said.append(f"RAG {dict(ACTION_RAGS)[filters.rag]}")
    if filters.overdue:
        said.append("overdue")
    if filters.owed:
        said.append("update due or late")
    if filters.ambition == "none":
        said.append("serving no ambition")
    elif filters.ambition:
        ambition = next((a for a in inputs.ambitions if a.pk == int(filters.ambition)), None)
        said.append(
            f"serving {ambition.ref} {ambition.title}"
            if ambition
            else "serving an ambition not in this year's plan"
        )
    if filters.directorate:
        name = next((d.name for d in inputs.directorates if d.pk == filters.directorate), "")
        said.append(f"in {name}" if name else "in a directorate not on record")
    if filters.lead == "none":
        said.append("with no lead officer")
    elif filters.lead:
        name = next((p.lead for p in inputs.actions if p.lead_id == int(filters.lead)), "")
        said.append(f"led by {name}" if name else "led by nobody with actions this year")
    return {"rows": rows, "said": said, "year": inputs.year, "as_at": inputs.as_at}
