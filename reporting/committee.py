"""The Audit & Governance Committee's downloads: the recommendation tracker and a risk
register, as an Excel workbook and as a PDF committee paper. Reads risk and audit only
through their selectors."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone

from audit import selectors as audit_selectors
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
    ]


def tracker_workbook(*, user, filters) -> bytes:
    rows = audit_selectors.tracker_all_rows(user=user, filters=filters)
    summary = audit_selectors.tracker_summary(user=user, filters=filters)
    wb = excel.new_workbook()
    ws = wb.active
    ws.title = "Summary"
    excel.summary_sheet(
        ws, "Recommendation tracker", timezone.localdate(), tracker_summary_sections(summary)
    )
    excel.table_sheet(
        wb.create_sheet("Recommendations"), TRACKER_COLUMNS, (_tracker_values(r) for r in rows)
    )
    return excel.to_bytes(wb)


def tracker_pdf(*, user, filters) -> bytes:
    rows = audit_selectors.tracker_all_rows(user=user, filters=filters)
    summary = audit_selectors.tracker_summary(user=user, filters=filters)
    return render_pdf(
        "reporting/pdf/tracker.html",
        {
            "title": "Recommendation tracker",
            "today": timezone.localdate(),
            "rows": rows,
            "sections": tracker_summary_sections(summary),
        },
    )


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
        risk.current_likelihood,
        risk.current_impact,
        risk.current_score,
        (row.band.colour, row.band.name),
        row.previous_score,
        row.direction.capitalize(),
        risk.target_score,
        risk.target_date,
        appetite,
        risk.get_treatment_display(),
        risk.last_review_date,
        risk.next_review_date,
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
    return [
        (
            "Risks",
            [
                ("In this download", len(rows)),
                ("Escalated from a lower register", escalated),
                ("Outside appetite", outside),
            ],
        ),
        ("By current band", sorted(bands.items())),
        ("By direction of travel", sorted(directions.items())),
        ("By directorate", sorted(directorates.items())),
    ]


def register_workbook(*, register, filters, user) -> bytes:
    rows = risk_selectors.register_all_rows(register, filters, user=user)
    wb = excel.new_workbook()
    ws = wb.active
    ws.title = "Summary"
    excel.summary_sheet(ws, str(register), timezone.localdate(), register_summary_sections(rows))
    excel.table_sheet(
        wb.create_sheet("Risks"), REGISTER_COLUMNS, (_register_values(r) for r in rows)
    )
    return excel.to_bytes(wb)


def register_pdf(*, register, filters, user) -> bytes:
    rows = risk_selectors.register_all_rows(register, filters, user=user)
    heat_map = risk_selectors.heat_map(register, filters, user=user)
    return render_pdf(
        "reporting/pdf/register.html",
        {
            "title": str(register),
            "today": timezone.localdate(),
            "rows": rows,
            "sections": register_summary_sections(rows),
            "heat_map_svg": heat_map_svg(heat_map),
        },
    )


def filename(stem: str, extension: str, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    return f"{stem}-{today:%Y-%m-%d}.{extension}"
