"""The sections built on delivery plans and indicators: delivery plan progress by ambition
with its exceptions and their commentary, and the indicator scorecard. Each reads its app
only through that app's selectors and returns plain JSON (the frozen record)."""

from __future__ import annotations

from collections import Counter, defaultdict

from performance import selectors as performance_selectors
from performance.models import IndicatorDefinition
from planning import selectors as planning_selectors
from planning.models import DELIVERY_RAG_COUNTED, delivery_rag_shown
from planning.selectors.delivery import action_positions

from .registry import Period, Section, Table, register_section

RAGS = [(rag, delivery_rag_shown(rag).text) for rag in DELIVERY_RAG_COUNTED]
RAG_COLOUR = {rag: delivery_rag_shown(rag).colour for rag in DELIVERY_RAG_COUNTED}


def _as_at(period: Period):
    """Figures stand at the quarter's end, or at the day taken if the quarter is still open."""
    return min(period.ends, period.as_at)


# --- delivery plan progress by ambition -------------------------------------------------


def delivery_build(period: Period) -> dict:
    positions = action_positions(year=period.year, as_at=_as_at(period), user=period.actor)
    ambitions = planning_selectors.ambitions_covering(period.year)
    by_ambition = defaultdict(list)
    for p in positions:
        by_ambition[p.ambition_id].append(p)
    groups = [(a.pk, f"{a.ref} {a.title}".strip()) for a in ambitions]
    groups.append((None, "Serving no ambition"))
    known = {a.pk for a in ambitions}
    rows = []
    for pk, label in groups:
        items = (
            by_ambition.get(pk, []) if pk else [p for p in positions if p.ambition_id not in known]
        )
        counts = Counter(p.rag or "none" for p in items)
        rows.append(
            {
                "ambition": label,
                "counts": [counts[rag] for rag, _ in RAGS],
                "overdue": sum(p.overdue for p in items),
                "total": len(items),
                "exceptions": [
                    {
                        "key": f"action:{p.pk}",
                        "ref": p.ref,
                        "title": p.title,
                        "service": p.service,
                        "lead": p.lead,
                        "due": p.due_date.isoformat() if p.due_date else "",
                        "rag": p.rag or "none",
                        "overdue": p.overdue,
                        "commentary": p.commentary,
                        "recovery_action": p.recovery_action,
                    }
                    for p in items
                    if p.rag == "red" or p.overdue
                ],
            }
        )
    return {
        "headings": [word for _, word in RAGS],
        "rows": rows,
        "actions": [
            {
                "key": f"action:{p.pk}",
                "label": f"Action {p.ref} ({p.service}): {p.title}",
                "rag": p.rag or "none",
            }
            for p in positions
        ],  # fmt: skip
        "totals": [sum(r["counts"][n] for r in rows) for n in range(len(RAGS))],
        "overdue": sum(r["overdue"] for r in rows),
        "total": len(positions),
    }


def delivery_summary(data: dict) -> list:
    red = data["totals"][0]
    return [
        ("Service actions", data["total"]),
        ("Service actions rated Red", red),
        ("Service actions overdue", data["overdue"]),
    ]


def delivery_rag(data: dict) -> list[dict]:
    return [
        {
            "key": a["key"],
            "label": a["label"],
            "rag": dict(RAGS)[a["rag"]].upper(),
            "colour": RAG_COLOUR[a["rag"]],
        }
        for a in data["actions"]
    ]


def delivery_tables(data: dict) -> list[Table]:
    words = dict(RAGS)
    return [
        Table(
            "Delivery by ambition",
            ["Ambition", *data["headings"], "Overdue", "All actions"],
            [[r["ambition"], *r["counts"], r["overdue"], r["total"]] for r in data["rows"]],
        ),
        Table(
            "Delivery exceptions",
            ["Ambition", "Ref", "Action", "Service", "Lead officer", "Due", "RAG", "Overdue"]
            + ["Commentary", "Recovery action"],
            [
                [
                    r["ambition"],
                    e["ref"],
                    e["title"],
                    e["service"],
                    e["lead"],
                    e["due"],
                    (RAG_COLOUR[e["rag"]], words[e["rag"]].upper()),
                    "Overdue" if e["overdue"] else "",
                    e["commentary"],
                    e["recovery_action"],
                ]
                for r in data["rows"]
                for e in r["exceptions"]
            ],
        ),
    ]


register_section(
    Section(
        key="delivery_progress",
        title="Delivery plan progress by ambition",
        order=45,
        build=delivery_build,
        template="reporting/report/section_delivery_progress.html",
        summary=delivery_summary,
        rag_items=delivery_rag,
        tables=delivery_tables,
    )
)


# --- the indicator scorecard ------------------------------------------------------------


def scorecard_build(period: Period) -> dict:
    definitions = list(
        IndicatorDefinition.objects.with_owner().order_by("service__directorate__name", "ref")
    )
    last_month = period.ends.replace(day=1)
    upto = min(last_month, period.as_at.replace(day=1))
    statuses = performance_selectors.statuses_for(
        definitions, year=period.year, upto=upto, every=True
    )
    rows = []
    for d in definitions:
        s = statuses[d.pk]
        rows.append(
            {
                "ref": d.ref,
                "name": d.name,
                "directorate": d.service.directorate.name,
                "service": d.service.name,
                "month": f"{s.latest.month:%b %Y}" if s.latest else "",
                "value": s.show(s.value_to_date),
                "target": s.show(s.target_to_date),
                "rag": s.rating.word.upper(),
                "colour": s.rating.rating.css,
                "explanation": s.rating.explanation,
                "short": s.travel_previous.word,
                "short_detail": s.travel_previous.detail,
                "long": s.travel_last_year.word,
                "long_detail": s.travel_last_year.detail,
            }
        )
    return {"rows": rows, "upto": f"{upto:%B %Y}"}


def scorecard_summary(data: dict) -> list:
    counts = Counter(r["rag"] for r in data["rows"])
    return [("Indicators", len(data["rows"]))] + [
        (f"Indicators rated {word.title()}", counts[word]) for word in ("RED", "AMBER", "GREEN")
    ]


def scorecard_rag(data: dict) -> list[dict]:
    return [
        {
            "key": f"indicator:{r['ref']}",
            "label": f"Indicator {r['ref']}: {r['name']}",
            "rag": r["rag"],
            "colour": r["colour"],
        }
        for r in data["rows"]
    ]


def scorecard_tables(data: dict) -> list[Table]:
    return [
        Table(
            "Indicator scorecard",
            ["Ref", "Indicator", "Directorate", "Service", "Latest month", "Value to date"]
            + ["Target to date", "RAG", "Explanation", "Short trend", "Long trend"],
            [
                [
                    r["ref"],
                    r["name"],
                    r["directorate"],
                    r["service"],
                    r["month"],
                    r["value"],
                    r["target"],
                    (r["colour"], r["rag"]),
                    r["explanation"],
                    f"{r['short']}: {r['short_detail']}" if r["short_detail"] else r["short"],
                    f"{r['long']}: {r['long_detail']}" if r["long_detail"] else r["long"],
                ]
                for r in data["rows"]
            ],
        )
    ]


register_section(
    Section(
        key="indicator_scorecard",
        title="Indicator scorecard",
        order=50,
        build=scorecard_build,
        template="reporting/report/section_indicator_scorecard.html",
        summary=scorecard_summary,
        rag_items=scorecard_rag,
        tables=scorecard_tables,
    )
)
