"""Risk's work lists on Home (core.worklists): risk reviews coming due or overdue."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from core.links import url_pattern
from core.worklists import Entry, Source, WorkList, register
from planning.permissions import scope_for

from .models import Risk
from .permissions import risks_visible_to

REVIEW_NOTICE_DAYS = 14


def reviews_due(*, user, today: dt.date) -> WorkList | None:
    """Open risks the person owns, or in the registers of the services they are head of
    service or service manager of, whose next review (set by the band's cadence) falls
    within the next fortnight: "Overdue" once the date has passed. Only risks the person
    may open are listed. One query."""
    scope = scope_for(user)
    if scope.person_id is None:
        return None
    theirs = Q(owner_id=scope.person_id)
    if scope.services:
        theirs |= Q(register__service__in=scope.services)
    risks = (
        Risk.objects.open()
        .filter(theirs, risks_visible_to(user))
        .filter(next_review_date__lte=today + dt.timedelta(days=REVIEW_NOTICE_DAYS))
        .select_related("register__service", "owner")
        .order_by("next_review_date", "ref", "pk")
    )
    risk_url = url_pattern("risk:risk-detail")
    entries = [
        Entry(
            text=f"{risk.ref} {risk.title}",
            url=risk_url(risk.pk),
            detail=f"Review {'was due' if risk.next_review_date < today else 'due'} "
            f"{risk.next_review_date:%-d %B %Y}; owner {risk.owner.get_full_name()}",
            status="Overdue" if risk.next_review_date < today else "Due",
            colour="red" if risk.next_review_date < today else "yellow",
        )
        for risk in risks
    ]
    return WorkList("risk-reviews", "Risk reviews due", entries) if entries else None


def register_sources() -> None:
    register(Source("risk-reviews", 50, reviews_due))
