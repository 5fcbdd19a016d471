"""Writes to the resources section: budget lines, capital schemes, savings, teams, and the
workforce answers and sickness rate."""

from django.db import transaction

from core.history import one_of_a_kind
from core.saving import save_with_history
from planning.models import (
    BudgetLine,
    CapitalScheme,
    Saving,
    ServicePlan,
    Workforce,
    WorkforceTeam,
)

from .assurance import _register_save
from .delivery import plan_touch, reason_for

budget_line_save = _register_save(
    BudgetLine, ("purpose", "budget", "last_year_outturn"), "Budget line"
)
capital_scheme_save = _register_save(
    CapitalScheme,
    ("name", "budget", "completion_date", "spend_to_date", "forecast", "slippage"),
    "Capital scheme",
)
saving_save = _register_save(
    Saving,
    ("name", "amount", "q1_rag", "q2_rag", "q3_rag", "q4_rag", "forecast_delivered", "at_risk"),
    "Saving",
)
workforce_team_save = _register_save(WorkforceTeam, ("team", "fte", "vacancies", "agency"), "Team")


@transaction.atomic
def workforce_save(
    *, plan: ServicePlan, actor, answers: dict, sickness_days_per_fte, version: str | None = None
) -> Workforce:
    """Record the answers to the staffing questions and the service's sickness rate."""
    workforce = one_of_a_kind(Workforce.objects, within=plan, version=version, plan=plan)
    workforce.answers = answers
    workforce.sickness_days_per_fte = sickness_days_per_fte
    save_with_history(workforce, actor=actor, reason=reason_for(plan, "Workforce"))
    plan_touch(plan=plan, actor=actor)
    return workforce
