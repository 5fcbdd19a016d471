"""Reads for Home's work lists and the missing-updates page: each a fixed number of queries
whatever the size of the council, each starting from the detail pages' reading rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from django.db.models import Count, FilteredRelation, OuterRef, Q, Subquery

from core.periods import month_index, quarter_ends, quarter_label
from planning.delivery_rules import BLUE, first_quarter, pdp_review_state, update_due_state
from planning.models import (
    FinancialYear,
    PersonalDevelopmentPlan,
    PlanReview,
    PlanStatus,
    ReviewStep,
    Service,
    ServiceAction,
    ServicePlan,
)
from planning.permissions import plans_visible_to, scope_for

# --- missing quarterly updates ------------------------------------------------------------


@dataclass
class MissingUpdate:
    """An action whose update for a quarter has not come in: "due" while the quarter is
    under way (and the quarter before was updated), "late" otherwise, with the days since
    the end of the earliest quarter of the unbroken run of quarters it is missing for."""

    action_id: int
    ref: str
    title: str
    service_id: int
    service: str
    lead_id: int | None
    lead: str
    quarter: int
    state: str
    days_late: int
    url: str = ""


def quarters_so_far(year: FinancialYear, today: dt.date) -> list[int]:
    """The quarters of the year updates can be owed for by today: up to today's quarter,
    all four once the year is over, none before it starts."""
    if today < year.starts:
        return []
    return list(range(1, (year.quarter_of(today) or 4) + 1))


def missing_updates(
    *, user, year: FinancialYear, quarter: int, today: dt.date, narrow: Q | None = None
) -> list[MissingUpdate]:
    """Every action the person may open in the year's Service Business Plans whose update
    for `quarter` has not come in (the rule of delivery_rules.update_due_state: an action
    not yet started, or completed — BLUE — by an earlier quarter, owes nothing), by service,
    then lead, then reference. A quarter that has ended makes a missing update late; how
    late is counted from the end of the earliest quarter of the run of quarters missed up to
    it. `narrow` keeps only the
    actions a list wants (a service, a portfolio). One query."""
    current = year.quarter_of(today) or (4 if today > year.ends else 0)
    rows = (
        ServiceAction.objects.filter(plan__year=year)
        .filter(plans_visible_to(user, ServicePlan, "plan__"))
        .filter(narrow or Q())
        .annotate(
            stored=FilteredRelation(
                "quarter_positions", condition=Q(quarter_positions__quarter=quarter)
            )
        )
        .order_by("plan__service__name", "lead__last_name", "lead__first_name", "ref", "pk")
        .values_list(
            "pk",
            "ref",
            "title",
            "plan__service_id",
            "plan__service__name",
            "lead_id",
            "lead__first_name",
            "lead__last_name",
            "start_date",
            "stored__rag",
            "stored__quarters_updated",
        )
    )

    @cache
    def first_owed(start: dt.date | None) -> int:
        return first_quarter(start_date=start, year_start=year.starts, quarter_of=year.quarter_of)

    found = []
    for pk, ref, title, service_id, service, lead_id, first, last, start, rag, done in rows:
        updated = {int(q) for q in done or ""}
        state = update_due_state(
            quarter_now=quarter,
            quarters_updated=updated,
            first_owed=first_owed(start),
            completed=rag == BLUE,
        )
        if state is None:
            continue
        earliest, owed_from = quarter, first_owed(start)
        while earliest - 1 >= owed_from and earliest - 1 not in updated:
            earliest -= 1
        if quarter < current:
            state = "late"
        days = (today - quarter_ends(year.start_year, earliest)).days if earliest < current else 0
        found.append(
            MissingUpdate(
                action_id=pk,
                ref=ref,
                title=title,
                service_id=service_id,
                service=service,
                lead_id=lead_id,
                lead=f"{first or ''} {last or ''}".strip() or "No lead officer",
                quarter=quarter,
                state=state,
                days_late=max(days, 0),
            )
        )
    return found


def missing_updates_label(year: FinancialYear, quarter: int) -> str:
    return quarter_label(year.start_year, quarter)


# --- plans to work on, and plans waiting for QA ------------------------------------------


def plans_to_work_on(*, user, year: FinancialYear | None) -> list[ServicePlan]:
    """The plans of the services the person is head of service or service manager of that
    need them: returned with feedback (any year), and next year's plan while still a draft.
    Each carries `feedback`, the latest written feedback of its return. One query."""
    services = scope_for(user).services
    if not services:
        return []
    wanted = Q(status=PlanStatus.RETURNED)
    if year is not None:
        wanted |= Q(status=PlanStatus.DRAFT, year__start_year=year.start_year + 1)
    feedback = PlanReview.objects.filter(plan=OuterRef("pk"), step=ReviewStep.RETURNED)
    return list(
        ServicePlan.objects.filter(wanted, service__in=services)
        .select_related("service", "year")
        .annotate(feedback=Subquery(feedback.order_by("-created_at", "-pk").values("feedback")[:1]))
        .order_by("year__start_year", "service__name")
    )


# --- a director's services ------------------------------------------------------------------


def services_overseen(*, user, year: FinancialYear | None, today: dt.date) -> list[Service]:
    """The services of the directorates the person directs and the areas they are assistant
    director of, each with `plan` (this year's Service Business Plan, or None) and on it
    `red_actions`, the actions whose delivery position this quarter is RED. Two queries."""
    scope = scope_for(user)
    if not (scope.directorates or scope.areas):
        return []
    services = list(
        Service.objects.filter(Q(directorate__in=scope.directorates) | Q(area__in=scope.areas))
        .select_related("directorate")
        .order_by("directorate__name", "name")
    )
    plans = {}
    if year is not None:
        quarter = year.quarter_of(today) or 4
        red = Count(
            "items",
            filter=Q(
                items__quarter_positions__quarter=quarter, items__quarter_positions__rag="red"
            ),
        )
        plans = {
            plan.service_id: plan
            for plan in ServicePlan.objects.filter(year=year, service__in=services)
            .select_related("year")
            .annotate(red_actions=red)
        }
    for service in services:
        service.plan = plans.get(service.pk)
    return services


# --- reviews of personal development plans ------------------------------------------------


@dataclass(frozen=True)
class PdpReview:
    pdp: PersonalDevelopmentPlan
    part: str  # "mid-year" or "year-end"
    state: str  # "due" or "late"
    own: bool


def pdp_reviews_owed(*, user, year: FinancialYear | None, today: dt.date) -> list[PdpReview]:
    """The reviews owed this month on the person's own PDP and those of the people they
    line-manage directly (the rule of delivery_rules.pdp_review_state). One query."""
    if year is None or not year.contains(today):
        return []
    month = month_index(today) + 1
    if month < 7:
        return []
    pdps = (
        PersonalDevelopmentPlan.objects.filter(year=year)
        .filter(Q(person=user) | Q(person__line_manager=user))
        .select_related("person", "year")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    owed = []
    for pdp in pdps:
        for part, written in (
            ("mid-year", pdp.mid_year_review),
            ("year-end", pdp.year_end_review),
        ):
            state = pdp_review_state(part=part, month_of_year=month, written=bool(written.strip()))
            if state:
                owed.append(
                    PdpReview(pdp=pdp, part=part, state=state, own=pdp.person_id == user.pk)
                )
    return owed
