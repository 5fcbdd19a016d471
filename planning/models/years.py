"""Financial years: April to March, written "2026/27"."""

import datetime as dt

from django.db import models
from django.db.models import Q

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
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def starts(self) -> dt.date:
        return dt.date(self.start_year, 4, 1)

    @property
    def ends(self) -> dt.date:
        return dt.date(self.start_year + 1, 3, 31)

    @property
    def months(self) -> list[dt.date]:
        """The first day of each month, April to March."""
        return [
            dt.date(self.start_year + (month < 4), month, 1)
            for month in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)
        ]

    @property
    def quarters(self) -> list[tuple[int, dt.date, dt.date]]:
        """Quarter number with its first and last day: Q1 is April to June."""
        result = []
        for number in range(1, 5):
            first = self.months[(number - 1) * 3]
            after = self.months[number * 3] if number < 4 else dt.date(self.start_year + 1, 4, 1)
            result.append((number, first, after - dt.timedelta(days=1)))
        return result

    def quarter_of(self, day: dt.date) -> int | None:
        for number, first, last in self.quarters:
            if first <= day <= last:
                return number
        return None

    def contains(self, day: dt.date) -> bool:
        return self.starts <= day <= self.ends

    @staticmethod
    def start_year_for(day: dt.date) -> int:
        return day.year if day.month >= 4 else day.year - 1
