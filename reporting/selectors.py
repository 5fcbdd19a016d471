"""Reads of report runs, with a fixed number of queries."""

from __future__ import annotations

from django.db.models import QuerySet

from planning.models import FinancialYear

from .models import ReportRun


def report_runs() -> QuerySet[ReportRun]:
    """Every run, newest quarter and version first, with what the list shows (one query)."""
    return ReportRun.objects.select_related("year", "requested_by").defer("snapshot")


def changes_for(run: ReportRun) -> list[dict]:
    return (run.snapshot or {}).get("changes", [])


def year_starting(*, start_year: int) -> FinancialYear | None:
    return FinancialYear.objects.filter(start_year=start_year).first()
