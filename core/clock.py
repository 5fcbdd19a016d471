"""Today's date, as the council's planning year sees it."""

import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    """Today, for deciding which quarter an update is for and what is overdue.

    PLANNING_TODAY (a YYYY-MM-DD setting) fixes the date: for demonstrations and tests of
    a given point in the planning year."""
    fixed = getattr(settings, "PLANNING_TODAY", "")
    return dt.date.fromisoformat(fixed) if fixed else timezone.localdate()
