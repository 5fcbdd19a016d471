"""Writing a Service Business Plan as one formatted workbook, a sheet per section.

Every cell is written by core.spreadsheets.write_cell, so text that looks like a formula
stays text. Dates are real dates (dd/mm/yyyy), amounts real numbers shown in pounds. The
plan is read in a fixed number of queries whatever its size.
"""

from __future__ import annotations

import io

from django.db.models import Prefetch
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.clock import today
from core.periods import year_label
from core.spreadsheets import write_cell
from planning.models import (
    ASSURANCE_QUESTIONS,
    AssuranceAnswer,
    Milestone,
    ServiceAction,
    ServicePlan,
    themes_for,
)
from planning.models.sections import THEME_TITLES

from .layout import (
    ABOUT,
    DELIVERY,
    MILESTONES,
    OTHER_SHEETS,
    SELF_ASSESSMENT,
    SERVES_LEVELS,
    all_layouts,
    imported_sheets,
    person_label,
)

HEADING_FILL = PatternFill("solid", fgColor="1D3557")
HEADING_FONT = Font(bold=True, color="FFFFFF")
WRAP = Alignment(wrap_text=True, vertical="top")
MONEY_FORMAT = '"£"#,##0.00'
LEVEL_NAMES = {kind: name.capitalize() for name, kind in SERVES_LEVELS.items()}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_filename(plan: ServicePlan) -> str:
    return f"{plan.service.code}-business-plan-{plan.year.start_year}.xlsx"


def plan_workbook(plan: ServicePlan, *, user=None) -> bytes:
    """The plan as an .xlsx file; the other apps' sheets hold what `user` may read."""
    rows = plan_rows(plan)
    for name, other in OTHER_SHEETS.items():
        rows[name] = other.rows(plan, user) if user is not None else []
    book = Workbook()
    book.remove(book.active)
    for layout in all_layouts():
        _sheet(book.create_sheet(layout.name), layout, rows[layout.name])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet(ws, layout, rows) -> None:
    for number, column in enumerate(layout.columns, start=1):
        cell = write_cell(ws, 1, number, column.heading)
        cell.fill, cell.font, cell.alignment = HEADING_FILL, HEADING_FONT, WRAP
        ws.column_dimensions[get_column_letter(number)].width = column.width
    for r, values in enumerate(rows, start=2):
        for c, (column, value) in enumerate(zip(layout.columns, values, strict=True), start=1):
            if column.kind == "yes_no":
                value = "Yes" if value else "No"
            elif column.kind in ("money", "number") and value is not None:
                value = float(value) if value != int(value) else int(value)
            cell = write_cell(ws, r, c, value)
            cell.alignment = WRAP
            if column.kind == "money":
                cell.number_format = MONEY_FORMAT
    ws.freeze_panes = "A2"
    if layout.name != ABOUT:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(layout.columns))}{max(len(rows) + 1, 1)}"


def plan_rows(plan: ServicePlan) -> dict[str, list[list]]:
    """Each sheet's rows of values, in the layout's column order."""
    plan = ServicePlan.objects.select_related("service", "year").get(pk=plan.pk)
    actions = list(
        ServiceAction.objects.filter(plan=plan)
        .select_related("lead", "impact", "serves_priority", "serves_activity", "serves_ambition")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "pk")),
            "quarter_positions",
        )
    )
    return {
        ABOUT: _about(plan),
        SELF_ASSESSMENT: _self_assessment(plan),
        DELIVERY: [_action_row(action) for action in actions],
        MILESTONES: [
            [action.ref, action.title, m.title, m.due_date, m.done]
            for action in actions
            for m in action.milestones.all()
        ],
        "Budget": [
            [line.purpose, line.budget, line.last_year_outturn] for line in plan.budget_lines.all()
        ],
        "Capital": [
            [s.name, s.budget, s.completion_date, s.spend_to_date, s.forecast, s.slippage]
            for s in plan.capital_schemes.all()
        ],
        "Savings": [
            [
                s.name,
                s.amount,
                *(r.capitalize() for r in s.quarter_rags),
                s.forecast_delivered,
                s.at_risk,
            ]
            for s in plan.savings.all()
        ],
        "Workforce": [[t.team, t.fte, t.vacancies, t.agency] for t in plan.workforce.all()],
        "Commitments": [
            [
                c.source.name,
                c.title,
                c.agreed_action,
                person_label(c.owner),
                c.due_date,
                c.get_status_display(),
                c.get_rag_display(),
            ]
            for c in plan.commitments.select_related("source", "owner")
        ],
        "Assurance": _assurance(plan),
        "Policies": [[p.name, p.owner, p.next_review] for p in plan.policies.all()],
        "Contracts": [
            [c.name, c.supplier, c.value, c.end_date, c.renewal_lead_months]
            for c in plan.contracts.all()
        ],
    }


def _about(plan: ServicePlan) -> list[list]:
    return [
        ["Plan", str(plan)],
        ["Service code", plan.service.code],
        ["Financial year", year_label(plan.year.start_year)],
        ["Status", plan.get_status_display()],
        ["Exported on", today()],
        ["Sheets read back on import", ", ".join(imported_sheets()[1:])],
    ]


def _self_assessment(plan: ServicePlan) -> list[list]:
    entries = {entry.theme: entry.narrative for entry in plan.self_assessment.all()}
    rows = []
    for theme in themes_for(plan.service.self_assessment_variant):
        rows.append([theme.title, "\n".join(theme.prompts), entries.pop(theme.key, "")])
    for key, narrative in sorted(entries.items()):
        rows.append([THEME_TITLES.get(key, key), "", narrative])
    return rows


def _action_row(action: ServiceAction) -> list:
    serves = action.serves
    positions = sorted(action.quarter_positions.all(), key=lambda p: p.quarter)
    latest = positions[-1] if positions else None
    return [
        action.ref,
        action.title,
        action.description,
        action.impact.title if action.impact else "",
        person_label(action.lead),
        action.start_date,
        action.due_date,
        action.revised_due_date,
        action.revised_due_reason,
        action.programme_ref,
        action.in_delivery_plan,
        LEVEL_NAMES[serves.KIND] if serves else "",
        serves.ref if serves else "",
        f"Q{latest.quarter} {latest.get_rag_display()}" if latest else "",
    ]


def _assurance(plan: ServicePlan) -> list[list]:
    assurance = getattr(plan, "assurance", None)
    answers = assurance.answers if assurance else {}
    rows = []
    for key, question in ASSURANCE_QUESTIONS:
        value = answers.get(key) or {}
        answer = value.get("answer", "")
        label = AssuranceAnswer(answer).label if answer in AssuranceAnswer.values else answer
        rows.append([question, label, value.get("evidence", "")])
    if assurance:
        rows.append(["Business continuity plan last tested", "", assurance.bcp_last_tested])
        rows.append(["Scheme of delegation last reviewed", "", assurance.delegation_last_reviewed])
    return rows
