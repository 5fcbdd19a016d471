"""The Risks sheet of a Service Business Plan's workbook (planning.workbook): the service's
risk register with likelihood × impact (inherent, current, target), controls, owner and
reviews, for those who may read the register (none of it otherwise). Its columns are those
the risk register import reads (risk.imports); importing it back into the plan is in
.workbook_import."""

from __future__ import annotations

from planning.workbook.layout import Column, SheetLayout, person_label, sheet_register
from risk.models import RiskRegister

LAYOUT = SheetLayout(
    "Risks",
    (
        Column("Register", 20),
        Column("Reference", 12),
        Column("Risk", 40),
        Column("Category", 16),
        Column("Owner", 28),
        Column("Cause", 30),
        Column("Consequence", 30),
        Column("Inherent likelihood", 10, "number"),
        Column("Inherent impact", 10, "number"),
        Column("Inherent score", 10, "number"),
        Column("Existing controls", 40),
        Column("Current likelihood", 10, "number"),
        Column("Current impact", 10, "number"),
        Column("Current score", 10, "number"),
        Column("Target likelihood", 10, "number"),
        Column("Target impact", 10, "number"),
        Column("Target score", 10, "number"),
        Column("Target date", 14, "date"),
        Column("Treatment", 14),
        Column("Last review", 14, "date"),
        Column("Next review", 14, "date"),
        Column("Status", 12),
    ),
    required=("reference", "risk"),
)


def risk_rows(plan, user) -> list[list]:
    register = (
        RiskRegister.objects.select_related("service").filter(service_id=plan.service_id).first()
    )
    if register is None or not user.has_perm("risk.view_riskregister", register):
        return []
    return [
        [
            register.service.name,
            r.ref,
            r.title,
            r.get_category_display(),
            person_label(r.owner),
            r.cause,
            r.consequence,
            r.inherent_likelihood,
            r.inherent_impact,
            r.inherent_score,
            r.controls,
            r.current_likelihood,
            r.current_impact,
            r.current_score,
            r.target_likelihood,
            r.target_impact,
            r.target_score,
            r.target_date,
            r.get_treatment_display(),
            r.last_review_date,
            r.next_review_date,
            r.get_status_display(),
        ]
        for r in register.risks.select_related("owner").order_by("ref")
    ]


def register() -> None:
    from .workbook_import import risks_check, risks_save

    sheet_register(layout=LAYOUT, rows=risk_rows, order=2, check=risks_check, save=risks_save)
