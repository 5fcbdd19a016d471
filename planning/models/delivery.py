"""The delivery plan section of a Service Business Plan: the impacts a service seeks, the
milestones of its actions, and the quarterly RAG updates their lead officers post."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from core.ratings import Shown

from .base import TrackedModel
from .organisation import Person
from .plans import ServiceAction, ServicePlan


class DeliveryRag(models.TextChoices):
    """The lead officer's judgement of an action's delivery."""

    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"
    BLUE = "blue", "Blue (completed)"


NO_UPDATE = "No update yet"

# The delivery RAGs as reports count them: worst first, then the actions with no update yet.
DELIVERY_RAG_COUNTED = ["red", "amber", "green", "blue", "none"]


def delivery_rag_shown(value: str | None) -> Shown:
    """An action's delivery RAG as drawn: its colour and word; no update yet is grey."""
    if value in DeliveryRag.values:
        return Shown(value, DeliveryRag(value).label)
    return Shown("grey", NO_UPDATE)


RAG_MEANINGS = {
    DeliveryRag.GREEN: "On track",
    DeliveryRag.AMBER: "Obstacles that may prevent delivery to specification, time or cost, "
    "but recoverable",
    DeliveryRag.RED: "Obstacles likely to prevent delivery: needs significant intervention "
    "or a revised plan",
    DeliveryRag.BLUE: "Completed",
}


class Impact(TrackedModel):
    """An impact the service seeks this year; its actions sit under it."""

    plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE, related_name="impacts")
    title = models.CharField("impact sought", max_length=300)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    rolled_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Milestone(TrackedModel):
    """A dated step towards an action's deliverable, done or not done."""

    action = models.ForeignKey(ServiceAction, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=300)
    due_date = models.DateField()
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.title


class ActionUpdate(TrackedModel):
    """One quarterly RAG update on an action. Every update is kept; the latest counts."""

    action = models.ForeignKey(ServiceAction, on_delete=models.CASCADE, related_name="updates")
    quarter = models.PositiveSmallIntegerField()
    rag = models.CharField("RAG status", max_length=10, choices=DeliveryRag.choices)
    commentary = models.TextField(blank=True)
    recovery_action = models.TextField(blank=True)
    completed_on = models.DateField("completion date", null=True, blank=True)
    posted_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["action", "quarter"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="update_quarter_1_to_4"
            ),
            models.CheckConstraint(
                condition=~Q(rag__in=["amber", "red"]) | ~Q(commentary=""),
                name="update_amber_red_commentary",
                violation_error_message="Amber and red updates need commentary",
            ),
            models.CheckConstraint(
                condition=~Q(rag="red") | ~Q(recovery_action=""),
                name="update_red_recovery",
                violation_error_message="A red update needs the recovery action",
            ),
            models.CheckConstraint(
                condition=~Q(rag="blue") | Q(completed_on__isnull=False),
                name="update_blue_completed_on",
                violation_error_message="A blue update needs the completion date",
            ),
        ]

    def __str__(self) -> str:
        return f"Q{self.quarter} {self.get_rag_display()}"

    def clean(self) -> None:
        from planning.delivery_rules import update_problems

        problems = update_problems(
            rag=self.rag,
            commentary=self.commentary,
            recovery_action=self.recovery_action,
            completed_on=self.completed_on,
        )
        if problems:
            raise ValidationError(problems)


class ActionQuarter(models.Model):
    """An action's delivery position for one quarter of its plan's year, kept so that the
    Board's dashboard and the quarterly report read it rather than work it out from every
    update on every request: the update that counts for the quarter (the latest posted for
    it or an earlier quarter) and which quarters up to it have had an update. A quarter
    before the action's first update has no row.

    Derived from the action's updates by planning.services.action_positions_refresh, in the
    same transaction as whatever changes them; the updates themselves keep the history.
    What depends on the date (overdue, an update owed) is worked out when read."""

    action = models.ForeignKey(
        ServiceAction, on_delete=models.CASCADE, related_name="quarter_positions"
    )
    quarter = models.PositiveSmallIntegerField()
    rag = models.CharField("RAG status", max_length=10, choices=DeliveryRag.choices)
    commentary = models.TextField(blank=True)
    recovery_action = models.TextField(blank=True)
    quarters_updated = models.CharField(
        max_length=4, help_text="The quarters up to this one with an update, as digits: '124'"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "quarter"], name="one_position_a_quarter"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="position_quarter_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"Q{self.quarter} {self.get_rag_display()}"

    @property
    def updated_in(self) -> set[int]:
        return {int(q) for q in self.quarters_updated}
