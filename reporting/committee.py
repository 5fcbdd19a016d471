"""The Audit & Governance Committee's downloads: the recommendation tracker and a risk
register, as an Excel workbook and as a PDF committee paper. Reads risk and audit only
through their selectors."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone
from django.utils.html import format_html

from audit import selectors as audit_selectors
from core.templatetags.ratings import rating
from risk import selectors as risk_selectors

from . import excel
from .pdf import render_pdf
from .svg import heat_map_svg

TRACKER_COLUMNS = [
    excel.Column("Reference", 12),
    excel.Column("Title", 40),
    excel.Column("Source", 22),
    excel.Column("Audit or review", 30),
    excel.Column("Directorate", 22),
    excel.Column("Service", 22),
    excel.Column("Owner", 20),
    excel.Column("Priority", 12),
    excel.Column("Agreed management action", 40),
    excel.Column("Original due date", 14),
    excel.Column("Revised due date", 14),
    excel.Column("Revisions", 10),
    excel.Column("Reason for revision", 30),
    excel.Column("Status", 22),
    excel.Column("% complete", 10),
    excel.Column("Days overdue", 10),
    excel.Column("RAG", 10),
    excel.Column("RAG explanation", 40),
    excel.Column("Latest update", 40),
]


def _tracker_values(row) -> list:
    rec = row.rec
    return [
        rec.ref,
        rec.title,
        rec.audit.get_source_display(),
        rec.audit.title,
        rec.service.directorate.name,
        rec.service.name,
        str(rec.owner),
        rec.priority_label(),
        rec.agreed_action,
        rec.original_due_date,
        rec.revised_due_date,
        rec.revision_count,
        rec.revision_reason,
        rec.get_status_display(),
        rec.percent_complete,
        row.days_overdue,
        (row.rating.rag, row.rating.rag.upper()),
        row.rating.explanation,
        rec.commentary,
    ]


def tracker_summary_sections(summary) -> list:
    return [
        (
            "Recommendations",
            [
                ("Open", summary.open),
                ("Overdue", summary.overdue),
                ("Extended", summary.extended),
                ("Implemented", summary.implemented),
                ("All in this download", summary.total),
            ],
        ),
        ("Open by priority", summary.by_priority),
        ("Open by directorate", summary.by_directorate),
        ("By status", summary.by_status),
        ("RAG rule", [("Rule", summary.rule)]),
    ]


REGISTER_COLUMNS = [
    excel.Column("Reference", 12),
    excel.Column("Title", 40),
    excel.Column("Home register", 28),
    excel.Column("Shown in", 14),
    excel.Column("Category", 18),
    excel.Column("Owner", 20),
    excel.Column("Cause", 30),
    excel.Column("Event", 30),
    excel.Column("Consequence", 30),
    excel.Column("Threatens", 30),
    excel.Column("Inherent score", 10),
    excel.Column("Existing controls", 30),
    excel.Column("Current likelihood", 10),
    excel.Column("Current impact", 10),
    excel.Column("Current score", 10),
    excel.Column("Band", 12),
    excel.Column("Last quarter", 10),
    excel.Column("Direction", 12),
    excel.Column("Target score", 10),
    excel.Column("Target date", 14),
    excel.Column("Within appetite", 10),
    excel.Column("Treatment", 12),
    excel.Column("Last review", 14),
    excel.Column("Next review", 14),
    excel.Column("Status", 10),
]


def _register_values(row) -> list:
    risk = row.risk
    appetite = {None: "Not set", True: "Yes", False: "No"}[row.within_appetite]
    threat = risk.threatens
    return [
        risk.ref,
        risk.title,
        str(risk.register),
        risk.get_escalated_to_display() or risk.register.get_level_display(),
        risk.get_category_display(),
        str(risk.owner),
        risk.cause,
        risk.event,
        risk.consequence,
        str(threat) if threat else "",
        risk.inherent_score,
        risk.controls,
        "Score only" if risk.score_only else risk.current_likelihood,
        "Score only" if risk.score_only else risk.current_impact,
        risk.current_score,
        (row.band.colour, row.band.name),
        row.previous_score,
        row.direction.capitalize(),
        risk.target_shown if risk.target_score is None else risk.target_score,
        risk.target_date,
        appetite,
        risk.get_treatment_display(),
        risk.last_review_date,
        row.next_review,
        risk.get_status_display(),
    ]


def register_summary_sections(rows) -> list:
    bands = Counter(row.band.name for row in rows)
    directions = Counter(row.direction.capitalize() for row in rows)
    directorates = Counter(
        row.risk.register.directorate.name if row.risk.register.directorate_id else "Corporate"
        for row in rows
    )
    escalated = sum(1 for row in rows if row.risk.escalated_to)
    outside = sum(1 for row in rows if row.within_appetite is False)
    to_be_confirmed = sum(1 for row in rows if row.risk.target_to_be_confirmed)
    return [
        (
            "Risks",
            [
                ("In this download", len(rows)),
                ("Escalated from a lower register", escalated),
                ("Outside appetite", outside),
                ("Target score to be confirmed", to_be_confirmed),
            ],
        ),
        ("By current band", sorted(bands.items())),
        ("By direction of travel", sorted(directions.items())),
        ("By directorate", sorted(directorates.items())),
    ]


def register_rows_snapshot(*, register, filters, user) -> dict:
    rows = risk_selectors.register_all_rows(register, filters, user=user)
    heat_map = risk_selectors.heat_map(register, filters, user=user)
    return {
        "kind": "register",
        "title": str(register),
        "produced": timezone.localdate().isoformat(),
        "sections": register_summary_sections(rows),
        "rows": [_frozen(_register_values(row)) for row in rows],
        "escalated": [n for n, row in enumerate(rows) if row.risk.escalated_to],
        "heat_map_svg": heat_map_svg(heat_map),
    }


# --- a download's snapshot, and its files built from it -------------------------------
#
# The worker reads the rows once, as the person who asked sees them, and keeps them as
# plain values (dates as ISO text, a RAG or band as [colour, label]). The workbook and the
# committee paper are both drawn from that snapshot, never from the live records.

TRACKER_DATES = {9, 10}
REGISTER_DATES = {19, 22, 23}


def tracker_rows_snapshot(*, user, filters) -> dict:
    rows = audit_selectors.tracker_all_rows(user=user, filters=filters)
    summary = audit_selectors.tracker_summary(user=user, filters=filters)
    return {
        "kind": "tracker",
        "title": "Recommendation tracker",
        "produced": timezone.localdate().isoformat(),
        "sections": tracker_summary_sections(summary),
        "rows": [_frozen(_tracker_values(row)) for row in rows],
    }


def _frozen(values: list) -> list:
    return [value.isoformat() if isinstance(value, dt.date) else value for value in values]


def _thawed(values: list, dates: set[int]) -> list:
    """A snapshot row as the workbook writes it: real dates, and (colour, label) pairs."""
    out = []
    for n, value in enumerate(values):
        if n in dates and value:
            value = dt.date.fromisoformat(value)
        elif isinstance(value, list):
            value = tuple(value)
        out.append(value)
    return out


def snapshot_workbook(snapshot: dict) -> bytes:
    tracker = snapshot["kind"] == "tracker"
    columns, dates = (
        (TRACKER_COLUMNS, TRACKER_DATES) if tracker else (REGISTER_COLUMNS, REGISTER_DATES)
    )
    wb = excel.new_workbook()
    ws = wb.active
    ws.title = "Summary"
    produced = dt.date.fromisoformat(snapshot["produced"])
    excel.summary_sheet(ws, snapshot["title"], produced, snapshot["sections"])
    excel.table_sheet(
        wb.create_sheet("Recommendations" if tracker else "Risks"),
        columns,
        (_thawed(values, dates) for values in snapshot["rows"]),
    )
    return excel.to_bytes(wb)


def _date(value: str | None, empty: str) -> str:
    return dt.date.fromisoformat(value).strftime("%d/%m/%Y") if value else empty


def _tracker_cells(v: list) -> tuple:
    """One printed row of the tracker, as the cells' finished text (the RAG drawn with the
    rating tag): the template only lays the cells out."""
    revisions = v[11]
    revised = (
        f"{_date(v[10], '')} ({revisions} revision{'s' if revisions != 1 else ''})"
        if revisions
        else "Not revised"
    )
    colour, word = v[16]
    return (
        v[0],
        v[1],
        f"{v[3]} ({v[2]})",
        f"{v[5]}, {v[6]}",
        v[7],
        _date(v[9], "Not agreed"),
        revised,
        f"{v[13]}, {v[14]}%",
        v[15],
        format_html("{} {}", rating(colour, word), v[17]),
        v[18],
    )


def _register_cells(v: list, escalated: bool) -> tuple:
    colour, band = v[15]
    home = f"{v[2]} (escalated to {v[3].lower()})" if escalated else v[2]
    appetite = {"Yes": "Within", "No": "Outside"}.get(v[20], "Not set")
    previous = "None" if v[16] is None else v[16]
    return (
        v[0],
        v[1],
        home,
        v[5],
        v[10],
        format_html("{} {}", v[14], rating(colour, band)),
        f"{previous} ({v[17].lower()})",
        v[18],
        appetite,
        v[21],
        _date(v[23], "Not set"),
    )


def snapshot_pdf(snapshot: dict) -> bytes:
    context = {
        "title": snapshot["title"],
        "today": dt.date.fromisoformat(snapshot["produced"]),
        "sections": snapshot["sections"],
    }
    if snapshot["kind"] == "tracker":
        rows = [_tracker_cells(values) for values in snapshot["rows"]]
        return render_pdf("reporting/pdf/tracker.html", {**context, "rows": rows})
    escalated = set(snapshot["escalated"])
    rows = [_register_cells(v, n in escalated) for n, v in enumerate(snapshot["rows"])]
    return render_pdf(
        "reporting/pdf/register.html",
        {**context, "rows": rows, "heat_map_svg": snapshot["heat_map_svg"]},
    )


def filename(stem: str, extension: str, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    return f"{stem}-{today:%Y-%m-%d}.{extension}"
