"""Stored ratings kept right when the council adds a financial year.

Values are kept by month, so a year can be added after values for its months (an earlier
year, typed in later) are held: the new year's ratings are worked out in the same
transaction that adds it, with the year after it, whose comparison with last year reads it."""

from django.db.models.signals import post_save

from planning.models import FinancialYear

from .models import IndicatorDefinition
from .stored import ratings_refresh


def year_added(sender, instance: FinancialYear, created: bool, raw: bool = False, **kwargs):
    if not created or raw:
        return
    years = FinancialYear.objects.filter(
        start_year__in=[instance.start_year, instance.start_year + 1]
    )
    ratings_refresh(
        definition_ids=IndicatorDefinition.objects.values_list("pk", flat=True), years=years
    )


def connect() -> None:
    post_save.connect(year_added, sender=FinancialYear, dispatch_uid="performance.year_added")
