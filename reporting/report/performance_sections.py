"""The sections built on delivery plans and indicators: delivery plan progress by ambition
with its exceptions and their commentary, and the indicator scorecard. Each takes the
quarter's figures from reporting's `Figures` (the figures the Board's dashboard shows) and
returns plain JSON (the frozen record)."""

from __future__ import annotations

from collections import Counter

from planning.models import DELIVERY_RAG_COUNTED, delivery_rag_shown

from .registry import Period, Section, Table, register_section

RAGS = [(rag, delivery_rag_shown(rag).text) for rag in DELIVERY_RAG_COUNTED]
RAG_COLOUR = {rag: delivery_rag_shown(rag).colour for rag in DELIVERY_RAG_COUNTED}


# --- delivery plan progress by ambition -------------------------------------------------


def _exception(p) -> dict:
    return {
        "key": f"action:{p.pk}",
        "ref": p.ref,
        "title": p.title,
        "service": p.service,
        "lead": p.lead,
        "due": p.due_date.isoformat() if p.due_date else "",
        "rag": p.rag_key,
        "overdue": p.overdue,
        "commentary": p.commentary,
        "recovery_action": p.recovery_action,
    }


def delivery_build(period: Period) -> dict:
    delivery = period.figures().delivery
    rows = [
        {
            "ambition": group.label,
            "counts": [group.rag_counts[rag] for rag, _ in RAGS],
            "overdue": group.overdue,
            "total": len(group.positions),
            "exceptions": [_exception(p) for p in group.exceptions],
        }
        for group in delivery.groups
    ]
    return {
        "headings": [word for _, word in RAGS],
        "rows": rows,
        "actions": [
            {
                "key": f"action:{p.pk}",
                "label": f"Action {p.ref} ({p.service}): {p.title}",
                "rag": p.rag_key,
            }
            for p in delivery.positions
        ],
        "totals": [sum(r["counts"][n] for r in rows) for n in range(len(RAGS))],
        "overdue": sum(r["overdue"] for r in rows),
        "total": len(delivery.positions),
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
    rows = []
    for s in period.figures().indicators:
        d = s.definition
        rows.append(
            {
                "ref": d.ref,
                "name": d.name,
                "directorate": d.service.directorate.name,
                "service": d.service.name,
                "month": f"{s.latest.month:%b %Y}" if s.latest else "",
                "value": s.to_date_written[0],
                "target": s.to_date_written[1],
                "rag": s.rating.word.upper(),
                "colour": s.rating.rating.css,
                "explanation": s.rating.explanation,
                "short": s.travel_previous.word,
                "short_detail": s.travel_previous.detail,
                "long": s.travel_last_year.word,
                "long_detail": s.travel_last_year.detail,
            }
        )
    return {"rows": rows, "upto": f"{period.figures_at:%B %Y}"}


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
