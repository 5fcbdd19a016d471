"""The Audit recommendations sheet of a Service Business Plan's workbook
(planning.workbook): the service's recommendations with priority, agreed action, owner,
original and revised due dates and progress, each only for those who may read it. Its
columns are those the recommendation tracker import reads (audit.imports), so the sheet
imports back unchanged."""

from __future__ import annotations

from audit.models import Recommendation
from planning.workbook.layout import Column, SheetLayout, person_label, sheet_register

LAYOUT = SheetLayout(
    "Audit recommendations",
    (
        Column("Audit", 30),
        Column("Reference", 12),
        Column("Recommendation", 40),
        Column("Service", 20),
        Column("Priority", 10, "number"),
        Column("Agreed management action", 40),
        Column("Owner", 28),
        Column("Original due date", 14, "date"),
        Column("Revised due date", 14, "date"),
        Column("Status", 14),
        Column("Per cent complete", 10, "number"),
        Column("Latest update", 40),
    ),
    required=("audit", "reference"),
)


def recommendation_rows(plan, user) -> list[list]:
    recommendations = Recommendation.objects.filter(service_id=plan.service_id).select_related(
        "audit", "owner", "service"
    )
    return [
        [
            r.audit.title,
            r.ref,
            r.title,
            r.service.name,
            r.priority,
            r.agreed_action,
            person_label(r.owner),
            r.original_due_date,
            r.revised_due_date,
            r.get_status_display(),
            r.percent_complete,
            r.commentary,
        ]
        for r in recommendations.order_by("audit__report_date", "ref")
        if user.has_perm("audit.view_recommendation", r)
    ]


def register() -> None:
    from .workbook_import import recommendations_check, recommendations_save

    sheet_register(
        layout=LAYOUT,
        rows=recommendation_rows,
        order=3,
        check=recommendations_check,
        save=recommendations_save,
    )
