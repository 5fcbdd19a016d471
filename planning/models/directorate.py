"""What a directorate's "plan on a page" holds besides its priorities."""

from django.db import models

from .base import TrackedModel
from .plans import DirectoratePlan


class KeyProgramme(TrackedModel):
    """A key transformation or improvement programme the directorate runs this year."""

    plan = models.ForeignKey(DirectoratePlan, on_delete=models.CASCADE, related_name="programmes")
    name = models.CharField("programme", max_length=200)
    summary = models.TextField("what it will deliver this year", blank=True)
    programme_ref = models.CharField(
        "programme reference",
        max_length=60,
        blank=True,
        help_text="The programme's reference in the council's programme-management system",
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name
