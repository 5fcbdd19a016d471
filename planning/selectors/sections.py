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
