"""The finance sections of the report: revenue by directorate, the capital programme and
savings delivery. Each reads planning's finance selectors and freezes plain JSON: money in
whole pounds, percentages to one decimal place, every RAG with its word and explanation."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from planning.selectors import finance as finance_selectors

from .registry import Period, Section, Table, register_section


def whole(value) -> int:
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def one_place(value) -> float | None:
    if value is None:
        return None
    return float(Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _revenue_row(row) -> dict:
    return {
        "name": row.name,
        "original_budget": whole(row.original_budget),
        "current_budget": whole(row.current_budget),
        "actual_to_date": whole(row.actual_to_date),
        "forecast": whole(row.forecast),
        "variance": whole(row.variance.amount),
        "variance_percent": one_place(row.variance.percent),
        "rag": row.rating.rag,
        "rag_word": row.rating.word,
        "colour": row.rating.css,
        "explanation": row.explanation,
    }


# --- revenue ------------------------------------------------------------------------------


def report_month(period: Period):
    """The quarter's last month, or the last month closed by the report date if earlier."""
    last = period.ends.replace(day=1)
    return min(last, finance_selectors.default_month(period.year, period.as_at))


def revenue_build(period: Period) -> dict:
    month = report_month(period)
    forecast = finance_selectors.revenue_by_directorate(year=period.year, month=month)
    return {
        "month": month.isoformat(),
        "month_label": f"{month:%B %Y}",
        "rows": [
            _revenue_row(d.row)
            | {"services": [_revenue_row(s) | {"commentary": s.commentary} for s in d.services]}
            for d in forecast.directorates
        ],
        "total": _revenue_row(forecast.total),
    }


def revenue_summary(data: dict) -> list:
    total = data["total"]
    return [
        ("Revenue budget (£)", total["current_budget"]),
        ("Revenue forecast outturn (£)", total["forecast"]),
        ("Revenue variance (£)", total["variance"]),
        ("Revenue forecast RAG", total["rag_word"]),
    ]


def revenue_rag(data: dict) -> list[dict]:
    items = [
        {
            "key": f"revenue:{r['name']}",
            "label": f"Revenue, {r['name']}",
            "rag": r["rag_word"],
            "colour": r["colour"],
        }
        for r in data["rows"]
    ]
    total = data["total"]
    items.append(
        {
            "key": "revenue:council",
            "label": "Revenue, council total",
            "rag": total["rag_word"],
            "colour": total["colour"],
        }
    )
    return items


def revenue_tables(data: dict) -> list[Table]:
    headings = ["Directorate", "Service", "Original budget (£)", "Current budget (£)"]
    headings += ["Actual to date (£)", "Forecast outturn (£)", "Variance (£)", "Variance (%)"]
    headings += ["RAG", "Explanation", "Commentary"]

    def line(row, directorate, service, commentary=""):
        return [
            directorate,
            service,
            row["original_budget"],
            row["current_budget"],
            row["actual_to_date"],
            row["forecast"],
            row["variance"],
            row["variance_percent"],
            (row["colour"], row["rag_word"]),
            row["explanation"],
            commentary,
        ]

    rows = []
    for d in data["rows"]:
        rows.append(line(d, d["name"], "All services"))
        rows += [line(s, d["name"], s["name"], s["commentary"]) for s in d["services"]]
    rows.append(line(data["total"], "Council total", ""))
    return [Table("Revenue by directorate", headings, rows)]


register_section(
    Section(
        key="revenue",
        title="Revenue budget and forecast by directorate",
        order=10,
        build=revenue_build,
        template="reporting/report/section_revenue.html",
        summary=revenue_summary,
        rag_items=revenue_rag,
        tables=revenue_tables,
    )
)


# --- capital ------------------------------------------------------------------------------


def capital_build(period: Period) -> dict:
    schemes = finance_selectors.capital_programme(year=period.year)
    by_directorate = defaultdict(list)
    for s in schemes:
        by_directorate[s.directorate].append(s)

    def totals(rows):
        return {
            "budget": whole(sum((r.budget for r in rows), Decimal(0))),
            "spend_to_date": whole(sum((r.spend_to_date for r in rows), Decimal(0))),
            "forecast": whole(sum((r.forecast for r in rows), Decimal(0))),
            "slippage": whole(sum((r.slippage for r in rows), Decimal(0))),
        }

    return {
        "schemes": [
            {
                "directorate": s.directorate,
                "service": s.service,
                "name": s.name,
                "budget": whole(s.budget),
                "spend_to_date": whole(s.spend_to_date),
                "forecast": whole(s.forecast),
                "slippage": whole(s.slippage),
                "completion": s.completion_date.isoformat() if s.completion_date else "",
            }
            for s in schemes
        ],
        "directorates": [
            {"name": name, "schemes": len(rows)} | totals(rows)
            for name, rows in by_directorate.items()
        ],
        "total": {"schemes": len(schemes)} | totals(schemes),
    }


def capital_summary(data: dict) -> list:
    total = data["total"]
    return [
        ("Capital schemes", total["schemes"]),
        ("Capital budget (£)", total["budget"]),
        ("Capital forecast this year (£)", total["forecast"]),
        ("Capital slipping to future years (£)", total["slippage"]),
    ]


def capital_tables(data: dict) -> list[Table]:
    headings = ["Directorate", "Service", "Scheme", "Budget (£)", "Spend to date (£)"]
    headings += ["Forecast this year (£)", "Slipping to future years (£)", "Expected completion"]
    rows = [
        [
            s["directorate"],
            s["service"],
            s["name"],
            s["budget"],
            s["spend_to_date"],
            s["forecast"],
            s["slippage"],
            s["completion"],
        ]
        for s in data["schemes"]
    ]
    t = data["total"]
    rows.append(
        [
            "Total",
            "",
            f"{t['schemes']} schemes",
            t["budget"],
            t["spend_to_date"],
            t["forecast"],
            t["slippage"],
            "",
        ]
    )
    return [Table("Capital programme", headings, rows)]


register_section(
    Section(
        key="capital",
        title="Capital programme",
        order=20,
        build=capital_build,
        template="reporting/report/section_capital.html",
        summary=capital_summary,
        tables=capital_tables,
    )
)


# --- savings ------------------------------------------------------------------------------

SAVING_COLOURS = ("blue", "green", "amber", "red", "")


def savings_build(period: Period) -> dict:
    rows = finance_selectors.savings_programme(year=period.year, quarter=period.quarter)
    return {
        "rows": [
            {
                "directorate": r.directorate,
                "service": r.service,
                "name": r.name,
                "amount": whole(r.amount),
                "forecast_delivered": whole(r.forecast_delivered),
                "at_risk": whole(r.at_risk),
                "rag": r.rag,
                "rag_word": r.rag_word,
                "colour": r.rag or "grey",
            }
            for r in rows
        ],
        "by_rag": [
            {
                "rag": rag,
                "word": finance_selectors.SavingRow("", "", "", 0, 0, 0, rag).rag_word,
                "colour": rag or "grey",
                "count": sum(1 for r in rows if r.rag == rag),
                "amount": whole(sum((r.amount for r in rows if r.rag == rag), Decimal(0))),
            }
            for rag in SAVING_COLOURS
        ],
        "total": {
            "savings": len(rows),
            "amount": whole(sum((r.amount for r in rows), Decimal(0))),
            "forecast_delivered": whole(sum((r.forecast_delivered for r in rows), Decimal(0))),
            "at_risk": whole(sum((r.at_risk for r in rows), Decimal(0))),
        },
    }


def savings_summary(data: dict) -> list:
    total = data["total"]
    return [
        ("Savings approved (£)", total["amount"]),
        ("Savings forecast delivered (£)", total["forecast_delivered"]),
        ("Savings at risk (£)", total["at_risk"]),
    ] + [(f"Savings, {r['word']}", r["count"]) for r in data["by_rag"] if r["count"]]


def savings_rag(data: dict) -> list[dict]:
    return [
        {
            "key": f"saving:{r['service']}:{r['name']}",
            "label": f"Saving ({r['service']}): {r['name']}",
            "rag": r["rag_word"],
            "colour": r["colour"],
        }
        for r in data["rows"]
    ]


def savings_tables(data: dict) -> list[Table]:
    headings = ["Directorate", "Service", "Saving", "Approved (£)", "Forecast delivered (£)"]
    headings += ["At risk (£)", "RAG"]
    rows = [
        [
            r["directorate"],
            r["service"],
            r["name"],
            r["amount"],
            r["forecast_delivered"],
            r["at_risk"],
            (r["colour"], r["rag_word"]),
        ]
        for r in data["rows"]
    ]
    t = data["total"]
    rows.append(
        [
            "Total",
            "",
            f"{t['savings']} savings",
            t["amount"],
            t["forecast_delivered"],
            t["at_risk"],
            "",
        ]
    )
    return [Table("Savings", headings, rows)]


register_section(
    Section(
        key="savings",
        title="Savings delivery",
        order=30,
        build=savings_build,
        template="reporting/report/section_savings.html",
        summary=savings_summary,
        rag_items=savings_rag,
        tables=savings_tables,
    )
)
