"""Stored ratings kept right when the council adds a financial year: the new year's
ratings are worked out in the same transaction that adds it (performance.stored)."""

from django.db.models.signals import post_save

from planning.models import FinancialYear

from .stored import ratings_refresh_years_added


def year_added(sender, instance: FinancialYear, created: bool, raw: bool = False, **kwargs):
    if created and not raw:
        ratings_refresh_years_added([instance.start_year])


def connect() -> None:
    post_save.connect(year_added, sender=FinancialYear, dispatch_uid="performance.year_added")
