"""Revenue monitoring for each service and year: the original and current budget, and for
each month the actual spend to date and the forecast outturn; and the thresholds the council
sets for rating a forecast overspend at service, directorate and council level."""

from django.db import models
from django.db.models import Q

from .base import TrackedModel
from .plans import ServicePlan
from .resources import money


class FinanceLevel(models.TextChoices):
    SERVICE = "service", "Service"
    DIRECTORATE = "directorate", "Directorate"
    COUNCIL = "council", "Council"


class FinanceThreshold(TrackedModel):
    """When a forecast overspend turns amber or red at one level. Each colour has a
    percentage of the current budget and an amount in pounds; whichever is reached first
    (the lower) applies. A blank threshold is not used."""

    level = models.CharField(max_length=12, choices=FinanceLevel.choices, unique=True)
    amber_percent = models.DecimalField(
        "amber from overspend of (% of budget)", max_digits=5, decimal_places=2, null=True
    )
    amber_amount = money("amber from overspend of (£)", null=True)
    red_percent = models.DecimalField(
        "red from overspend of (% of budget)", max_digits=5, decimal_places=2, null=True
    )
    red_amount = money("red from overspend of (£)", null=True)

    class Meta:
        ordering = ["level"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(amber_percent__gte=0) | Q(amber_percent__isnull=True))
                & (Q(red_percent__gte=0) | Q(red_percent__isnull=True))
                & (Q(amber_amount__gte=0) | Q(amber_amount__isnull=True))
                & (Q(red_amount__gte=0) | Q(red_amount__isnull=True)),
                name="finance_threshold_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} finance thresholds"


class RevenueBudget(TrackedModel):
    """A service's revenue budget for the year of its plan: as set at the start of the
    year (original) and as it stands after virements (current)."""

    plan = models.OneToOneField(
        ServicePlan, on_delete=models.CASCADE, related_name="revenue_budget"
    )
    original_budget = money("original budget (£)")
    current_budget = money("current budget (£)")

    class Meta:
        ordering = ["plan__service__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(original_budget__gte=0) & Q(current_budget__gte=0),
                name="revenue_budget_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"Revenue budget of {self.plan}"


class RevenueMonth(TrackedModel):
    """What finance reported for one month: spend to date and the forecast for the year."""

    budget = models.ForeignKey(RevenueBudget, on_delete=models.CASCADE, related_name="months")
    month = models.DateField(help_text="The first day of the month")
    actual_to_date = money("actual spend to date (£)")
    forecast_outturn = money("forecast outturn (£)")
    commentary = models.TextField(blank=True)

    class Meta:
        ordering = ["budget", "month"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "month"], name="one_revenue_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="revenue_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.budget.plan.service} {self.month:%B %Y}"
