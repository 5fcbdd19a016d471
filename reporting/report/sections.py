"""The sections with data today: service actions by ambition, the corporate risk summary
with its heat map (from reporting's `Figures`, as the Board's dashboard shows it), and overdue
audit recommendations. Each reads its app only through selectors and returns plain JSON (the
frozen record)."""

from __future__ import annotations

from collections import Counter

from audit import selectors as audit_selectors
from planning import selectors as planning_selectors

from ..svg import heat_map_svg
from .registry import Period, Section, Table, register_section


def _date(value) -> str:
    return value.isoformat() if value else ""


# --- delivery: what serves each ambition -----------------------------------------------


def ambitions_build(period: Period) -> dict:
    rows = planning_selectors.service_actions_by_ambition(year=period.year, as_at=period.as_at)
    return {
        "rows": [
            {
                "ref": row.ambition.ref,
                "title": row.ambition.title,
                "actions": row.actions,
                "overdue": row.overdue,
                "services": row.services,
            }
            for row in rows
        ],
        "total_actions": sum(row.actions for row in rows),
        "total_overdue": sum(row.overdue for row in rows),
    }


def ambitions_summary(data: dict) -> list:
    return [
        ("Service actions serving an ambition", data["total_actions"]),
        ("Service actions past their due date", data["total_overdue"]),
    ]


def ambitions_tables(data: dict) -> list[Table]:
    return [
        Table(
            "Actions by ambition",
            ["Ref", "Ambition", "Service actions", "Past due date", "Services"],
            [
                [r["ref"], r["title"], r["actions"], r["overdue"], r["services"]]
                for r in data["rows"]
            ],
        )
    ]


register_section(
    Section(
        key="ambitions",
        title="Service actions by corporate ambition",
        order=40,
        build=ambitions_build,
        template="reporting/report/section_ambitions.html",
        summary=ambitions_summary,
        tables=ambitions_tables,
    )
)


# --- the corporate risk summary ---------------------------------------------------------


def corporate_risks_build(period: Period) -> dict:
    corporate = period.figures().corporate_risks
    if corporate is None:
        return {"register": "", "rows": [], "heat_map": [], "heat_map_svg": "", "total": 0}
    heat = corporate.heat_map
    return {
        "register": str(corporate.register),
        "rows": [
            {
                "ref": row.risk.ref,
                "title": row.risk.title,
                "owner": str(row.risk.owner),
                "home": str(row.risk.register),
                "score": row.risk.current_score,
                "band": row.band.name,
                "colour": row.band.colour,
                "previous": row.previous_score,
                "direction": row.direction,
                "target": row.risk.target_score,
            }
            for row in corporate.rows
        ],
        "heat_map": [
            {
                "likelihood": cell.likelihood,
                "impact": cell.impact,
                "band": cell.band.name,
                "count": cell.count,
                "previous": cell.previous,
            }
            for _, _, cells in heat.rows
            for cell in cells
        ],
        "heat_map_svg": heat_map_svg(heat),
        "total": heat.total,
    }


def corporate_risks_summary(data: dict) -> list:
    bands = Counter(row["band"] for row in data["rows"])
    return [("Corporate risks", len(data["rows"]))] + [
        (f"Corporate risks, {band}", count) for band, count in sorted(bands.items())
    ]


def corporate_risks_rag(data: dict) -> list[dict]:
    return [
        {
            "key": f"risk:{row['ref']}",
            "label": f"Risk {row['ref']}: {row['title']}",
            "rag": row["band"],
            "colour": row["colour"],
        }
        for row in data["rows"]
    ]


def corporate_risks_tables(data: dict) -> list[Table]:
    return [
        Table(
            "Corporate risks",
            ["Ref", "Risk", "Owner", "Home register", "Score", "Band", "Last quarter", "Direction"],
            [
                [
                    r["ref"],
                    r["title"],
                    r["owner"],
                    r["home"],
                    r["score"],
                    (r["colour"], r["band"]),
                    r["previous"],
                    r["direction"],
                ]
                for r in data["rows"]
            ],
        )
    ]


register_section(
    Section(
        key="corporate_risks",
        title="Corporate risk summary",
        order=80,
        build=corporate_risks_build,
        template="reporting/report/section_corporate_risks.html",
        summary=corporate_risks_summary,
        rag_items=corporate_risks_rag,
        tables=corporate_risks_tables,
    )
)


# --- overdue audit recommendations -------------------------------------------------------


def overdue_recommendations_build(period: Period) -> dict:
    rows = audit_selectors.tracker_all_rows(
        user=period.actor, filters=audit_selectors.TrackerFilters(overdue=True)
    )
    return {
        "rows": [
            {
                "ref": row.rec.ref,
                "title": row.rec.title,
                "audit": row.rec.audit.title,
                "directorate": row.rec.service.directorate.name,
                "service": row.rec.service.name,
                "owner": str(row.rec.owner),
                "priority": row.rec.priority_label(),
                "due": _date(row.rec.due_date),
                "days_overdue": row.days_overdue,
                "percent_complete": row.rec.percent_complete,
                "rag": row.rating.rag,
                "explanation": row.rating.explanation,
                "commentary": row.rec.commentary,
            }
            for row in rows
        ]
    }


def overdue_recommendations_summary(data: dict) -> list:
    return [("Overdue audit recommendations", len(data["rows"]))]


def overdue_recommendations_rag(data: dict) -> list[dict]:
    return [
        {
            "key": f"recommendation:{row['service']}:{row['ref']}",
            "label": f"Recommendation {row['ref']} ({row['service']}): {row['title']}",
            "rag": row["rag"].upper(),
            "colour": row["rag"],
        }
        for row in data["rows"]
    ]


def overdue_recommendations_tables(data: dict) -> list[Table]:
    headings = ["Ref", "Recommendation", "Audit", "Directorate", "Service", "Owner"]
    headings += ["Priority", "Due", "Days overdue", "% complete", "RAG", "Latest update"]
    return [
        Table(
            "Overdue recommendations",
            headings,
            [
                [
                    r["ref"],
                    r["title"],
                    r["audit"],
                    r["directorate"],
                    r["service"],
                    r["owner"],
                    r["priority"],
                    r["due"],
                    r["days_overdue"],
                    r["percent_complete"],
                    (r["rag"], r["rag"].upper()),
                    r["commentary"],
                ]
                for r in data["rows"]
            ],
        )
    ]


register_section(
    Section(
        key="overdue_recommendations",
        title="Overdue audit recommendations",
        order=90,
        build=overdue_recommendations_build,
        template="reporting/report/section_overdue_recommendations.html",
        summary=overdue_recommendations_summary,
        rag_items=overdue_recommendations_rag,
        tables=overdue_recommendations_tables,
    )
)
