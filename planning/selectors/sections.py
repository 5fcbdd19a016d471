"""Reads for the narrative sections of a Service Business Plan."""

from dataclasses import dataclass

from planning.models import SelfAssessmentEntry, ServicePlan, themes_for
from planning.models.sections import Theme


@dataclass
class ThemeAnswer:
    theme: Theme
    entry: SelfAssessmentEntry | None

    @property
    def answered(self) -> bool:
        return bool(self.entry and self.entry.narrative.strip())


def self_assessment_section(plan: ServicePlan) -> list[ThemeAnswer]:
    """Each theme of the plan's self-assessment with its narrative, if written (one
    query)."""
    entries = {entry.theme: entry for entry in plan.self_assessment.all()}
    return [
        ThemeAnswer(theme, entries.get(theme.key))
        for theme in themes_for(plan.service.self_assessment_variant)
    ]


def commitments_section(plan: ServicePlan, *, today) -> list:
    """The plan's other commitments with source and owner, each marked overdue when past
    its due date and not complete (one query)."""
    from planning.delivery_rules import is_overdue

    rows = list(plan.commitments.select_related("source", "owner"))
    for row in rows:
        row.overdue = is_overdue(
            due_date=row.due_date,
            rag="blue" if row.status == "complete" else row.rag,
            today=today,
        )
    return rows
