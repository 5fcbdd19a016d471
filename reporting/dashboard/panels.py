"""The dashboard's panels: actions by RAG per ambition and per directorate, indicators by
RAG and direction of travel, exceptions, overdue updates, the top corporate risks and the
revenue forecast. Each formats the month's shared figures; none reads on its own but the
revenue forecast."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.urls import reverse

from core.links import url_pattern
from performance.rag import Rating
from planning.models import DELIVERY_RAG_COUNTED, FinancialYear, delivery_rag_shown
from planning.selectors.finance import revenue_by_directorate

from ..charts import Series, stacked_bars
from .inputs import ACTION_RAGS, LISTED, Inputs, Panel, register_panel

ACTION_SERIES = [Series(s.text, s.colour) for s in map(delivery_rag_shown, DELIVERY_RAG_COUNTED)]
INDICATOR_RATINGS = [Rating.RED, Rating.AMBER, Rating.GREEN, Rating.NO_DATA, Rating.NOT_RATED]
TRAVEL = [
    ("improving", "Improving"),
    ("no-change", "No change"),
    ("worsening", "Worsening"),
    ("no-comparison", "No comparison"),
]
WORSENING = "worsening"
TOP_RISKS = 10


# --- actions by RAG, per ambition and per directorate -----------------------------------


def _count_row(inputs: Inputs, label: str, positions: list, **where) -> dict:
    counts = Counter(p.rag_key for p in positions)
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
        "rows_and_total": [*rows, total],
        "chart": stacked_bars(
            title="Service actions by RAG",
            description="One bar per row of the table beside it, split by RAG: "
            + ", ".join(word for _, word in ACTION_RAGS),
            series=ACTION_SERIES,
            rows=[(r["label"], [c["count"] for c in r["cells"]]) for r in rows],
        ),
    }


def actions_by_ambition(inputs: Inputs) -> dict:
    groups = [
        (g.label, "ambition", g.ambition.pk if g.ambition else "none", g.positions)
        for g in inputs.delivery.groups
    ]
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
    counts = inputs.indicator_counts
    ratings, travels = counts.by_rating(), counts.by_travel()
    by_rating = [
        {"rating": r, "count": ratings[r.value], "url": inputs.indicators_url(rag=r.value)}
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
        "total": counts.total,
        "total_url": inputs.indicators_url(),
        "chart": chart,
        "recalculating": inputs.ratings_recalculating,
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
    """Red and worsening indicators, red actions and overdue actions: the first LISTED of
    each, with the count linking to all of them."""
    # counted and listed in the database (the Board lists by reference), not rated here
    worst = inputs.indicators_rated(rating=Rating.RED.value, travel=WORSENING, limit=LISTED)
    red = [p for p in inputs.actions if p.rag == "red"]
    overdue = sorted((p for p in inputs.actions if p.overdue), key=lambda p: (p.due_date, p.pk))
    indicator_url = url_pattern("performance:indicator-detail")
    return {
        "indicators": [
            {
                "pk": s.definition.pk,
                "url": indicator_url(s.definition.pk),
                "ref": s.definition.ref,
                "name": s.definition.name,
                "service": s.definition.service.name,
                "value": value,
                "target": target,
                "rating": s.rating,
                "travel": s.travel_previous,
                "commentary": s.latest.row.commentary if s.latest else "",
            }
            for s in worst
            for value, target in [s.to_date_written]  # worked out once a row
        ],
        "indicators_total": inputs.indicator_counts.counts.get((Rating.RED.value, WORSENING), 0),
        "indicators_url": inputs.indicators_url(rag=Rating.RED.value, travel="worsening"),
        "action_url": url_pattern("planning:action-detail"),
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
    rows = sorted(
        by_lead.items(), key=lambda item: (-item[1]["late"], -item[1]["due"], item[1]["lead"])
    )
    # Only the rows shown get their services written out and their link: hundreds of
    # lead officers may owe an update, and the Board sees the first LISTED.
    shown = []
    for lead_id, row in rows[:LISTED]:
        row["services"] = ", ".join(sorted(row["services"]))
        row["url"] = inputs.actions_url(owed="1", lead=lead_id if lead_id else "none")
        shown.append(row)
    return {
        "rows": shown,
        "leads": len(rows),
        "quarter": inputs.year.quarter_of(inputs.as_at) if inputs.year else None,
        "total": sum(r["due"] + r["late"] for _, r in rows),
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
    corporate = inputs.corporate_risks
    if corporate is None:
        return {"register": None}
    return {
        "register": corporate.register,
        "register_url": reverse("risk:register-detail", args=[corporate.register.pk]),
        "risk_url": url_pattern("risk:risk-detail"),
        "rows": corporate.rows[:TOP_RISKS],
        "total": len(corporate.rows),
        "heat_map": corporate.heat_map,
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
