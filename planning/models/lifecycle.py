"""The QA trail of a Service Business Plan: every submission, return, sign-off and
publication, with who did it and the feedback given."""

from django.db import models

from .base import TrackedModel
from .organisation import Person
from .plans import ServicePlan


class ReviewStep(models.TextChoices):
    SUBMITTED = "submitted", "Submitted for sign-off"
    RETURNED = "returned", "Returned with feedback"
    SIGNED_OFF = "signed_off", "Signed off"
    PUBLISHED = "published", "Published"


class PlanReview(TrackedModel):
    """One step of a plan's QA: kept for good, newest first."""

    plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE, related_name="reviews")
    step = models.CharField(max_length=20, choices=ReviewStep.choices)
    actor = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    feedback = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.plan}: {self.get_step_display()}"
