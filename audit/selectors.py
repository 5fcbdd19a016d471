"""Reads of the recommendation tracker, with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone

from core.links import url_pattern
from core.query import QueryReader
from planning.choices import grouped_choices, services_by_directorate
from planning.models import Directorate, Service

from . import rules
from .models import (
    OPEN_STATUSES,
    Decision,
    ExtensionRequest,
    Recommendation,
    Source,
    Status,
    TrackerRule,
)
from .permissions import recommendations_visible_to

PAGE_SIZE = 50
RELATED = ("audit", "service__directorate", "owner")


@dataclass
class TrackerFilters:
    """What the tracker (and its downloads) is narrowed to, from the query string."""

    directorate: int | None = None
    service: int | None = None
    status: str = ""
    priority: int | None = None
    overdue: bool = False
    source: str = ""
    refused: tuple[str, ...] = field(default=(), compare=False)  # filters not applied

    @classmethod
    def from_query(cls, query) -> TrackerFilters:
        read = QueryReader(query)
        filters = cls(
            directorate=read.number("directorate"),
            service=read.number("service"),
            status=read.choice("status", [*Status.values, "open"]),
            priority=read.number("priority"),
            overdue=read.flag("overdue"),
            source=read.choice("source", Source.values),
        )
        filters.refused = tuple(read.refused)
        return filters

    def query_string(self, **changes) -> str:
        values = {
            "directorate": self.directorate,
            "service": self.service,
            "status": self.status,
            "priority": self.priority,
            "overdue": "1" if self.overdue else "",
            "source": self.source,
        } | changes
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})


def recommendation_list_for_user(*, user) -> QuerySet[Recommendation]:
    """Every recommendation the person may open (the detail page's rule): where the
    tracker, its counts and downloads, a plan's and an audit's lists start."""
    return Recommendation.objects.filter(recommendations_visible_to(user))


def tracker_queryset(*, user, filters: TrackerFilters, today: dt.date) -> QuerySet:
    recs = recommendation_list_for_user(user=user)
    if filters.directorate:
        recs = recs.filter(service__directorate_id=filters.directorate)
    if filters.service:
        recs = recs.filter(service_id=filters.service)
    if filters.status == "open":
        recs = recs.filter(status__in=OPEN_STATUSES)
    elif filters.status:
        recs = recs.filter(status=filters.status)
    if filters.priority:
        recs = recs.filter(priority=filters.priority)
    if filters.source:
        recs = recs.filter(audit__source=filters.source)
    if filters.overdue:
        recs = recs.overdue(today)
    return recs


@dataclass
class TrackerRow:
    rec: Recommendation
    rating: rules.ProgressRating
    days_overdue: int
    pending_extension: ExtensionRequest | None = None
    url: str = ""  # the recommendation's page, on a page of rows


def _rows(recs, today: dt.date) -> list[TrackerRow]:
    """Each recommendation rated by the council's rule, read once (one query)."""
    policy = TrackerRule.current()
    return [TrackerRow(r, r.rating(today, policy), r.days_overdue(today)) for r in recs]


def _page_rows(recs, today: dt.date) -> list[TrackerRow]:
    """A page's rows, each with its recommendation's address from one reverse()."""
    rows = _rows(recs, today)
    rec_url = url_pattern("audit:recommendation-detail")
    for row in rows:
        row.url = rec_url(row.rec.pk)
    return rows


def tracker_page(*, user, filters: TrackerFilters, page) -> Page:
    today = timezone.localdate()
    recs = tracker_queryset(user=user, filters=filters, today=today).select_related(*RELATED)
    result = Paginator(recs.order_by("service__name", "ref", "pk"), PAGE_SIZE).get_page(page)
    result.rows = _page_rows(result.object_list, today)
    return result


def tracker_all_rows(*, user, filters: TrackerFilters) -> list[TrackerRow]:
    today = timezone.localdate()
    recs = tracker_queryset(user=user, filters=filters, today=today).select_related(*RELATED)
    return _rows(recs.order_by("service__directorate__name", "service__name", "ref", "pk"), today)


@dataclass
class Summary:
    total: int
    open: int
    overdue: int
    extended: int
    implemented: int
    by_priority: list[tuple[str, int]]
    by_directorate: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    rule: str = ""  # the council's RAG rule, in words


def tracker_summary(*, user, filters: TrackerFilters) -> Summary:
    """Counts for committee: open, overdue, extended (revised at least once), implemented
    (implemented, verified or closed), and open recommendations by priority and directorate;
    and the council's RAG rule in words. Two queries."""
    today = timezone.localdate()
    recs = tracker_queryset(user=user, filters=filters, today=today)
    rows = list(
        recs.values_list(
            "status",
            "priority",
            "revision_count",
            "original_due_date",
            "revised_due_date",
            "service__directorate__name",
        )
    )
    from .models import priority_choices

    labels = dict(priority_choices())
    status_labels = dict(Status.choices)
    open_rows = [r for r in rows if r[0] in OPEN_STATUSES]
    overdue = sum(1 for r in open_rows if (r[4] or r[3]) is not None and (r[4] or r[3]) < today)
    by_priority = Counter(r[1] for r in open_rows)
    by_directorate = Counter(r[5] for r in open_rows)
    by_status = Counter(r[0] for r in rows)
    return Summary(
        total=len(rows),
        open=len(open_rows),
        overdue=overdue,
        extended=sum(1 for r in rows if r[2] > 0),
        implemented=sum(1 for r in rows if r[0] in rules.COMPLETE),
        by_priority=[(labels.get(p, str(p)), by_priority[p]) for p in sorted(by_priority)],
        by_directorate=sorted(by_directorate.items()),
        by_status=[(status_labels[s], by_status[s]) for s in Status.values if by_status[s]],
        rule=TrackerRule.current().description,
    )


def filter_options() -> dict:
    from .models import priority_choices

    return {
        "directorates": list(Directorate.objects.order_by("name").values_list("pk", "name")),
        "services": services_by_directorate(),
        "statuses": [("open", "Open (not started or in progress)"), *Status.choices],
        "priorities": priority_choices(),
        "sources": Source.choices,
    }


def recommendation_detail(rec: Recommendation) -> dict:
    return {
        "updates": list(rec.updates.select_related("by")),
        "extensions": list(
            rec.extensions.select_related("requested_by", "decided_by", "entered_by")
        ),
        "rating": rec.rating(timezone.localdate()),
        "days_overdue": rec.days_overdue(timezone.localdate()),
    }


def pending_extensions_for_user(user) -> list[ExtensionRequest]:
    """Extension requests waiting for this performance lead (or any, for administrators)."""
    from planning.permissions import scope_for

    scope = scope_for(user)
    readable = recommendation_list_for_user(user=user)
    pending = ExtensionRequest.objects.filter(
        decision=Decision.PENDING, recommendation__in=readable
    ).select_related("recommendation__service", "recommendation__audit", "requested_by")
    if not scope.is_admin:
        pending = pending.filter(Q(recommendation__service__portfolio_id__in=scope.portfolios))
    return list(pending.order_by("requested_at"))


def plan_recommendations(*, user, service, page) -> Page:
    return tracker_page(user=user, filters=TrackerFilters(service=service.pk), page=page)


def audit_list(page, *, user) -> Page:
    """Audits and other sources, newest report first, each with its counts of the
    recommendations the person may read (one query for the page, one for the count)."""
    from django.db.models import Count

    from .models import Audit

    readable = Q(
        recommendations__in=Recommendation.objects.filter(recommendations_visible_to(user))
    )
    audits = Audit.objects.annotate(
        recommendation_count=Count("recommendations", filter=readable, distinct=True),
        open_count=Count(
            "recommendations",
            filter=readable & Q(recommendations__status__in=OPEN_STATUSES),
            distinct=True,
        ),
    ).order_by("-report_date", "title", "pk")
    return Paginator(audits, PAGE_SIZE).get_page(page)


def audit_services(audit) -> list[Service]:
    return list(audit.services.select_related("directorate").order_by("name"))


def audit_recommendations_page(*, user, audit, page) -> Page:
    """The audit's recommendations the person may read, as tracker rows."""
    today = timezone.localdate()
    recs = (
        recommendation_list_for_user(user=user)
        .filter(audit=audit)
        .select_related(*RELATED)
        .order_by("ref", "pk")
    )
    result = Paginator(recs, PAGE_SIZE).get_page(page)
    result.rows = _page_rows(result.object_list, today)
    return result


def service_choices() -> list[tuple[int, str]]:
    return list(Service.objects.order_by("name").values_list("pk", "name"))


def recommendation_form_choices(
    audit, *, first_service_id: int | None = None
) -> tuple[list, list, dict[int, int]]:
    """The services the audit covers, the people working in them (labelled with their
    service, and grouped by it with `first_service_id`'s first) and which service each
    person works in."""
    from planning.models import Person

    services = list(audit.services.order_by("name").values_list("pk", "name"))
    names = dict(services)
    people = list(Person.objects.filter(is_active=True, service_id__in=names))
    owner_services = {person.pk: person.service_id for person in people}
    owners = grouped_choices(
        people,
        value=lambda p: p.pk,
        label=lambda p: f"{p} ({names[p.service_id]})",
        group=lambda p: names[p.service_id],
        first=names.get(first_service_id),
    )
    return services, owners, owner_services


def service_list_by_pk(*, pks) -> list[Service]:
    return list(Service.objects.filter(pk__in=pks))


def service_get(*, pk: int) -> Service:
    return Service.objects.get(pk=pk)
