"""Reads of report runs, with a fixed number of queries; and the council's figures as they
stood at a date, which the Board's dashboard and the quarterly report both show."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from django.db.models import QuerySet

from performance.selectors import (
    CouncilRatings,
    StoredStatus,
    council_ratings,
    council_statuses,
    council_statuses_rated,
    rebuild_in_progress,
)
from planning.models import FinancialYear
from planning.selectors.delivery import (
    ActionPosition,
    AmbitionDelivery,
    DeliveryByAmbition,
    delivery_by_ambition,
)
from risk.selectors import CorporateRisks, corporate_risks_for_user

from .models import DOWNLOADS, ReportKind, ReportRun


def report_runs() -> QuerySet[ReportRun]:
    """Every quarterly report run, newest quarter and version first, with what the list
    shows (one query). Committee downloads are their requesters' own: see downloads_for."""
    return (
        ReportRun.objects.filter(kind=ReportKind.BUDGET_PERFORMANCE)
        .select_related("year", "requested_by")
        .defer("snapshot")
    )


def downloads_for(user) -> QuerySet[ReportRun]:
    """The person's own committee downloads, newest first (one query)."""
    return (
        ReportRun.objects.filter(kind__in=DOWNLOADS, requested_by=user)
        .select_related("register", "requested_by")
        .defer("snapshot")
        .order_by("-requested_at", "-pk")
    )


def changes_for(run: ReportRun) -> list[dict]:
    return (run.snapshot or {}).get("changes", [])


class Figures:
    """What the council's delivery plans, indicators and corporate risks showed at `as_at`,
    as one person may see them. The Board's dashboard panels and the quarterly report's
    sections take their figures from here and only format them, so a month the two both
    cover shows the same numbers. Each read is made once, when first wanted."""

    def __init__(self, *, year: FinancialYear | None, as_at: dt.date, user) -> None:
        self.year = year
        self.as_at = as_at
        self.user = user

    @cached_property
    def delivery(self) -> DeliveryByAmbition:
        """Every service action of the year as at `as_at`, and the same by ambition."""
        if self.year is None:
            return DeliveryByAmbition(
                positions=[], ambitions=[], groups=[AmbitionDelivery(None, [])]
            )
        return delivery_by_ambition(year=self.year, as_at=self.as_at, user=self.user)

    @property
    def actions(self) -> list[ActionPosition]:
        return self.delivery.positions

    @cached_property
    def indicators(self) -> list[StoredStatus]:
        """Every indicator's stored status as it stood at the end of `as_at`'s month."""
        if self.year is None:
            return []
        return council_statuses(year=self.year, upto=self.as_at.replace(day=1))

    @cached_property
    def indicator_counts(self) -> CouncilRatings:
        """How many of `indicators` stood at each rating and direction of travel, counted
        in the database without reading them."""
        if self.year is None:
            return CouncilRatings({})
        return council_ratings(year=self.year, upto=self.as_at.replace(day=1))

    def indicators_rated(self, *, rating: str, travel: str, limit: int) -> list[StoredStatus]:
        """The first `limit` of `indicators` at this rating and direction of travel, by
        reference."""
        if self.year is None:
            return []
        return council_statuses_rated(
            year=self.year,
            upto=self.as_at.replace(day=1),
            rating=rating,
            travel=travel,
            limit=limit,
        )

    @cached_property
    def ratings_recalculating(self) -> bool:
        """Whether a change of the council's RAG policy is still being worked through."""
        return rebuild_in_progress() is not None

    @cached_property
    def corporate_risks(self) -> CorporateRisks | None:
        return corporate_risks_for_user(user=self.user)


def year_starting(*, start_year: int) -> FinancialYear | None:
    return FinancialYear.objects.filter(start_year=start_year).first()
