"""Reads for the resources section (six queries)."""

from dataclasses import dataclass

from planning.delivery_rules import sickness_comparison
from planning.models import STAFFING_QUESTIONS, ServicePlan, Workforce


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

    @property
    def budget_total(self):
        return sum(line.budget for line in self.budget_lines)

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
    return ResourcesSection(
        budget_lines=list(plan.budget_lines.all()),
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
