"""Audit's work lists on Home (core.worklists): recommendations coming due or overdue,
extensions decided lately, and extensions waiting for a performance lead's decision."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse

from core.links import url_pattern
from core.periods import after_day
from core.worklists import Entry, Source, WorkList, register
from planning.permissions import scope_for

from .models import Decision, ExtensionRequest, Recommendation
from .permissions import recommendations_visible_to
from .selectors import pending_extensions_for_user

DUE_NOTICE_DAYS = 30
DECIDED_DAYS = 14


def _theirs(scope, path: str = "") -> Q:
    mine = Q(**{f"{path}owner_id": scope.person_id})
    if scope.services:
        mine |= Q(**{f"{path}service__in": scope.services})
    return mine


def recommendations_due(*, user, today: dt.date) -> WorkList | None:
    """Open recommendations the person owns, or of the services they are head of service or
    service manager of, due within the next 30 days or overdue. One query."""
    scope = scope_for(user)
    if scope.person_id is None:
        return None
    soon = today + dt.timedelta(days=DUE_NOTICE_DAYS)
    recs = (
        Recommendation.objects.open()
        .filter(_theirs(scope), recommendations_visible_to(user))
        .filter(
            Q(revised_due_date__lte=soon)
            | Q(revised_due_date__isnull=True, original_due_date__lte=soon)
        )
        .select_related("service")
        .order_by("original_due_date", "ref", "pk")
    )
    rec_url = url_pattern("audit:recommendation-detail")
    entries = []
    for rec in sorted(recs, key=lambda r: (r.due_date, r.ref, r.pk)):
        late = rec.days_overdue(today)
        entries.append(
            Entry(
                text=f"{rec.ref} {rec.title}",
                url=rec_url(rec.pk),
                detail=f"{rec.service}: "
                + (f"{late} days overdue" if late else f"due {rec.due_date:%-d %B %Y}"),
                status="Overdue" if late else "Due",
                colour="red" if late else "yellow",
            )
        )
    return WorkList("recommendations", "Recommendations due", entries) if entries else None


def extensions_decided(*, user, today: dt.date) -> WorkList | None:
    """Extensions decided in the last fortnight on recommendations the person asked to
    extend, owns, or that belong to their services. One query."""
    scope = scope_for(user)
    if scope.person_id is None:
        return None
    since = after_day(today - dt.timedelta(days=DECIDED_DAYS + 1))
    decided = (
        ExtensionRequest.objects.exclude(decision=Decision.PENDING)
        .filter(decided_at__gte=since)
        .filter(
            Q(requested_by_id=scope.person_id) | _theirs(scope, "recommendation__"),
            Q(recommendation__in=Recommendation.objects.filter(recommendations_visible_to(user))),
        )
        .select_related("recommendation")
        .order_by("-decided_at", "-pk")
    )
    rec_url = url_pattern("audit:recommendation-detail")
    entries = [
        Entry(
            text=f"Extension {ext.get_decision_display().lower()}: {ext.recommendation.ref}",
            url=rec_url(ext.recommendation_id),
            detail=f"{ext.recommendation.title}: to {ext.proposed_date:%-d %B %Y}, "
            f"decided {ext.decided_at:%-d %B %Y}",
            status=ext.get_decision_display(),
            colour="green" if ext.decision == Decision.APPROVED else "red",
        )
        for ext in decided
    ]
    if not entries:
        return None
    return WorkList("extensions-decided", "Extensions decided", entries, counted=False)


def extensions_to_decide(*, user, today: dt.date) -> WorkList | None:
    """Performance leads: extension requests waiting for their decision, oldest first."""
    if not scope_for(user).portfolios:
        return None
    decide_url = url_pattern("audit:extension-decide")
    entries = [
        Entry(
            text=f"Extension asked: {ext.recommendation.ref} {ext.recommendation.title}",
            url=decide_url(ext.pk),
            detail=f"{ext.recommendation.service}: to {ext.proposed_date:%-d %B %Y}, "
            f"asked {ext.requested_at:%-d %B %Y}",
            status="To decide",
            colour="blue",
        )
        for ext in pending_extensions_for_user(user)
    ]
    return WorkList(
        "extensions-to-decide", "Extensions to decide", entries, more_url=reverse("audit:tracker"),
        more_text="The recommendation tracker",
    ) if entries else None  # fmt: skip


def register_sources() -> None:
    register(Source("recommendations", 60, recommendations_due))
    register(Source("extensions-decided", 61, extensions_decided, counted=False))
    register(Source("extensions-to-decide", 25, extensions_to_decide))
