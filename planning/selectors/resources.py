"""Reads for the resources section (seven queries)."""

from dataclasses import dataclass

from planning.delivery_rules import sickness_comparison
from planning.finance_rules import PlanBudget, plan_budget
from planning.models import STAFFING_QUESTIONS, RevenueBudget, ServicePlan, Workforce


@dataclass
class ResourcesSection:
    budget_lines: list
    capital_schemes: list
    savings: list
    teams: list
    workforce: Workforce | None
    staffing: list[tuple[str, str, str]]
    council_sickness: object
    sickness: str | None
    budget: PlanBudget

    @property
    def budget_total(self):
        """What the budget lines add up to (PlanBudget.lines_total), 0 with none."""
        return self.budget.lines_total or 0

    @property
    def outturn_total(self):
        return sum(line.last_year_outturn or 0 for line in self.budget_lines)

    @property
    def savings_total(self):
        return sum(saving.amount for saving in self.savings)

    @property
    def fte_total(self):
        return sum(team.fte for team in self.teams)

    @property
    def vacancies_total(self):
        return sum(team.vacancies for team in self.teams)

    @property
    def agency_total(self):
        return sum(team.agency for team in self.teams)


def resources_section(plan: ServicePlan) -> ResourcesSection:
    workforce = Workforce.objects.filter(plan=plan).first()
    answers = workforce.answers if workforce else {}
    council = plan.year.sickness_average_days
    lines = list(plan.budget_lines.all())
    return ResourcesSection(
        budget_lines=lines,
        budget=plan_budget_figures(plan, lines=lines),
        capital_schemes=list(plan.capital_schemes.all()),
        savings=list(plan.savings.all()),
        teams=list(plan.workforce.all()),
        workforce=workforce,
        staffing=[(key, q, answers.get(key, "")) for key, q in STAFFING_QUESTIONS],
        council_sickness=council,
        sickness=sickness_comparison(
            service_days=workforce.sickness_days_per_fte if workforce else None,
            council_days=council,
        ),
    )


def plan_budget_figures(plan: ServicePlan, *, lines: list | None = None) -> PlanBudget:
    """The plan's revenue budget (finance_rules.PlanBudget): the Finance section's budget and
    the Resources section's lines (one query, two unless the lines are given)."""
    revenue = RevenueBudget.objects.filter(plan=plan).first()
    if lines is None:
        lines = list(plan.budget_lines.all())
    return plan_budget(
        original=revenue.original_budget if revenue else None,
        current=revenue.current_budget if revenue else None,
        line_budgets=[line.budget for line in lines],
    )
