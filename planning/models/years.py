"""Financial years: April to March, written "2026/27"."""

import datetime as dt

from django.db import models
from django.db.models import Q

from core import periods

from .base import TrackedModel


class FinancialYearQuerySet(models.QuerySet):
    def current(self) -> "FinancialYear | None":
        """The year an administrator has marked current, else the one containing today."""
        marked = self.filter(is_current=True).first()
        if marked is not None:
            return marked
        return self.filter(start_year=FinancialYear.start_year_for(dt.date.today())).first()


class FinancialYear(TrackedModel):
    """A council financial year, 1 April to 31 March, identified by the year it starts."""

    start_year = models.PositiveSmallIntegerField(unique=True)
    is_current = models.BooleanField(
        default=False, help_text="The year people are planning and reporting in now"
    )
    sickness_average_days = models.DecimalField(
        "council average sickness days per FTE",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Services compare their own sickness rate with this",
    )

    objects = FinancialYearQuerySet.as_manager()

    class Meta:
        ordering = ["start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_year"
            ),
            models.CheckConstraint(
                condition=Q(start_year__gte=2000) & Q(start_year__lte=2100),
                name="financial_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return periods.year_label(self.start_year)

    @property
    def starts(self) -> dt.date:
        return periods.year_starts(self.start_year)

    @property
    def ends(self) -> dt.date:
        return periods.year_ends(self.start_year)

    @property
    def months(self) -> list[dt.date]:
        """The first day of each month, April to March."""
        return periods.months_of(self.start_year)

    @property
    def quarters(self) -> list[tuple[int, dt.date, dt.date]]:
        """Quarter number with its first and last day: Q1 is April to June."""
        return periods.quarters_of(self.start_year)

    def quarter_of(self, day: dt.date) -> int | None:
        """The day's quarter of this year, or None for a day outside it."""
        return periods.quarter_of(day) if self.contains(day) else None

    def contains(self, day: dt.date) -> bool:
        return periods.start_year_of(day) == self.start_year

    @staticmethod
    def start_year_for(day: dt.date) -> int:
        return periods.start_year_of(day)
