"""The resources section of a Service Business Plan: the revenue budget and what it buys,
capital plans, named savings with their quarterly RAG, and the workforce."""

from django.db import models
from django.db.models import Q

from .base import TrackedModel
from .plans import ServicePlan

SAVING_RAG = [("green", "Green"), ("amber", "Amber"), ("red", "Red"), ("blue", "Blue (delivered)")]

STAFFING_QUESTIONS = (
    ("pressures", "Which roles are hardest to recruit to or keep, and why?"),
    ("skills", "What skills will the service need that it does not have now?"),
    ("changes", "What changes to the team structure are planned this year?"),
)


def money(name: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(name, max_digits=14, decimal_places=2, **kwargs)


class BudgetLine(TrackedModel):
    """A line of the revenue budget, said as what the money buys."""

    plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE, related_name="budget_lines")
    purpose = models.CharField("what the money buys", max_length=300)
    budget = money("budget this year (£)")
    last_year_outturn = money("last year's outturn (£)", null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.purpose


class CapitalScheme(TrackedModel):
    plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE, related_name="capital_schemes")
    name = models.CharField("capital scheme", max_length=300)
    budget = money("capital budget (£)")
    completion_date = models.DateField("expected completion", null=True, blank=True)
    spend_to_date = money("spend to date (£)", null=True, blank=True)
    forecast = money("forecast spend this year (£)", null=True, blank=True)
    slippage = money("slipping to future years (£)", null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def figures(self) -> tuple:
        """Spend to date, forecast this year and slippage to future years (None: not known)."""
        return self.spend_to_date, self.forecast, self.slippage


class Saving(TrackedModel):
    """A named saving with its RAG for each quarter: Blue means delivered."""

    plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE, related_name="savings")
    name = models.CharField("saving", max_length=300)
    amount = money("amount (£)")
    q1_rag = models.CharField("quarter 1 RAG", max_length=10, blank=True, choices=SAVING_RAG)
    q2_rag = models.CharField("quarter 2 RAG", max_length=10, blank=True, choices=SAVING_RAG)
    q3_rag = models.CharField("quarter 3 RAG", max_length=10, blank=True, choices=SAVING_RAG)
    q4_rag = models.CharField("quarter 4 RAG", max_length=10, blank=True, choices=SAVING_RAG)
    forecast_delivered = money("forecast delivered (£)", null=True, blank=True)
    at_risk = money("at risk (£)", null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="saving_amount")]

    def __str__(self) -> str:
        return self.name

    @property
    def quarter_rags(self) -> list[str]:
        return [self.q1_rag, self.q2_rag, self.q3_rag, self.q4_rag]

    def rag_at(self, quarter: int) -> str:
        """The latest RAG given up to and including the quarter ("" if none yet)."""
        return next((rag for rag in reversed(self.quarter_rags[:quarter]) if rag), "")


class WorkforceTeam(TrackedModel):
    """One team's shape: full-time equivalents in post, vacancies and agency cover."""

    plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE, related_name="workforce")
    team = models.CharField(max_length=200)
    fte = models.DecimalField("FTE in post", max_digits=7, decimal_places=2)
    vacancies = models.DecimalField("vacant FTE", max_digits=7, decimal_places=2, default=0)
    agency = models.DecimalField("agency FTE", max_digits=7, decimal_places=2, default=0)

    class Meta:
        ordering = ["team", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fte__gte=0) & Q(vacancies__gte=0) & Q(agency__gte=0),
                name="workforce_not_negative",
            )
        ]

    def __str__(self) -> str:
        return self.team


def staffing_lines(answers: dict) -> dict[str, str]:
    """The staffing answers as their history reads them: one line per question."""
    questions = dict(STAFFING_QUESTIONS)
    return {
        questions.get(key, key): answers.get(key, "")
        for key in [*questions, *sorted(set(answers) - set(questions))]
    }


class Workforce(TrackedModel):
    """The plan's answers to the staffing questions and its sickness rate."""

    history_lines = {"answers": staffing_lines}

    plan = models.OneToOneField(
        ServicePlan, on_delete=models.CASCADE, related_name="workforce_summary"
    )
    answers = models.JSONField(default=dict, blank=True)
    sickness_days_per_fte = models.DecimalField(
        "sickness days lost per FTE (last 12 months)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )

    def __str__(self) -> str:
        return f"Workforce of {self.plan}"
