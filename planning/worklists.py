"""Planning's work lists on Home (core.worklists): plans to work on, quarterly updates owed,
plans waiting for QA, a director's services and reviews of personal development plans."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator

from core.links import url_pattern
from core.worklists import Entry, Source, WorkList, register
from planning.models import FinancialYear, PlanStatus
from planning.permissions import scope_for
from planning.selectors.delivery import qa_queue
from planning.selectors.worklists import (
    missing_updates,
    missing_updates_label,
    pdp_reviews_owed,
    plans_to_work_on,
    services_overseen,
)

FEEDBACK_WORDS = 30
STATUS = {"late": ("Late", "red"), "due": ("Due", "yellow")}


def _year(user):
    """The current year, read once per request."""
    if not hasattr(user, "_gt_worklist_year"):
        user._gt_worklist_year = FinancialYear.objects.current()
    return user._gt_worklist_year


def missing_updates_url(*, quarter: int, service: int | None = None) -> str:
    query = {"quarter": quarter} | ({"service": service} if service else {})
    return f"{reverse('planning:missing-updates')}?{urlencode(query)}"


def your_plans(*, user, today: dt.date) -> WorkList | None:
    """Head of service and service managers: plans returned with feedback, with its first
    words, and next year's plan while it is a draft."""
    if not scope_for(user).services:
        return None
    entries = []
    for plan in plans_to_work_on(user=user, year=_year(user)):
        if plan.status == PlanStatus.RETURNED:
            excerpt = Truncator(plan.feedback or "").words(FEEDBACK_WORDS)
            entries.append(
                Entry(
                    text=f"Returned: {plan.year} plan",
                    url=plan.get_absolute_url(),
                    detail=f"{plan.service}. Feedback: {excerpt}" if excerpt else str(plan.service),
                    status="Returned",
                    colour="red",
                )
            )
        else:
            entries.append(
                Entry(
                    text=f"Draft: {plan.year} plan",
                    url=plan.get_absolute_url(),
                    detail=f"{plan.service}: next year's plan, still a draft",
                    status="Draft",
                    colour="grey",
                )
            )
    return WorkList("plans", "Plans to work on", entries)


def updates_owed(*, user, today: dt.date) -> WorkList | None:
    """Head of service and service managers: their services' actions whose update for this
    quarter is due or late."""
    scope = scope_for(user)
    year = _year(user)
    quarter = year.quarter_of(today) if year else None
    if not scope.services or quarter is None:
        return None
    action_url = url_pattern("planning:action-detail")
    missing = missing_updates(
        user=user,
        year=year,
        quarter=quarter,
        today=today,
        narrow=Q(plan__service__in=scope.services),
    )
    entries = [
        Entry(
            text=f"{m.ref} {m.title}".strip(),
            url=action_url(m.action_id),
            detail=f"{m.service}, led by {m.lead}"
            + (f": {m.days_late} days since the quarter before ended" if m.state == "late" else ""),
            status=STATUS[m.state][0],
            colour=STATUS[m.state][1],
        )
        for m in missing
    ]
    label = missing_updates_label(year, quarter)
    services = sorted(scope.services)
    return WorkList(
        "updates",
        f"Quarterly updates due or late ({label})",
        entries,
        more_url=missing_updates_url(quarter=quarter, service=services[0])
        if len(services) == 1
        else missing_updates_url(quarter=quarter),
        more_text=f"Every update missing for {label}",
    )


def portfolio_updates(*, user, today: dt.date) -> WorkList | None:
    """Performance leads: updates missing for this quarter across their portfolio, one entry
    for each service and lead officer, with how many are due and late and the longest wait."""
    scope = scope_for(user)
    year = _year(user)
    quarter = year.quarter_of(today) if year else None
    if not scope.portfolios or quarter is None:
        return None
    missing = missing_updates(
        user=user,
        year=year,
        quarter=quarter,
        today=today,
        narrow=Q(plan__service__portfolio__in=scope.portfolios),
    )
    groups: dict[tuple, dict] = defaultdict(lambda: {"due": 0, "late": 0, "days": 0})
    for m in missing:
        group = groups[(m.service, m.service_id, m.lead)]
        group[m.state] += 1
        group["days"] = max(group["days"], m.days_late)
    entries = []
    for (service, service_id, lead), g in groups.items():
        words = [f"{g['late']} late" if g["late"] else "", f"{g['due']} due" if g["due"] else ""]
        entries.append(
            Entry(
                text=f"{service}: {lead}",
                url=missing_updates_url(quarter=quarter, service=service_id),
                detail=", ".join(w for w in words if w)
                + (f"; the longest {g['days']} days late" if g["late"] else ""),
                status="Late" if g["late"] else "Due",
                colour="red" if g["late"] else "yellow",
            )
        )
    label = missing_updates_label(year, quarter)
    return WorkList(
        "portfolio-updates",
        f"Updates missing in your portfolio ({label})",
        entries,
        more_url=missing_updates_url(quarter=quarter),
        more_text=f"Everyone missing a {label} update",
    )


def plans_for_qa(*, user, today: dt.date) -> WorkList | None:
    """Performance leads: plans submitted for QA in their portfolio, oldest first."""
    if not scope_for(user).portfolios:
        return None
    review_url = url_pattern("planning:plan-review")
    entries = [
        Entry(
            text=f"Submitted: {plan.service} {plan.year} plan",
            url=review_url(plan.pk),
            detail=f"Submitted {plan.submitted_at:%-d %B %Y}" if plan.submitted_at else "",
            status="Submitted",
            colour="blue",
        )
        for plan in qa_queue(user=user)
    ]
    return WorkList(
        "qa", "Plans submitted for QA", entries, more_url=reverse("planning:qa-queue"),
        more_text="The QA queue",
    )  # fmt: skip


def directorate_status(*, user, today: dt.date) -> WorkList | None:
    """Directors and assistant directors: each of their services' plan for this year, its
    stage and its red actions this quarter. It tells rather than asks: not counted."""
    services = services_overseen(user=user, year=_year(user), today=today)
    if not services:
        return None
    entries = []
    for service in services:
        plan = service.plan
        if plan is None:
            entries.append(Entry(text=str(service), detail="No plan for this year yet"))
            continue
        red = plan.red_actions
        entries.append(
            Entry(
                text=f"{service}: {plan.year} plan",
                url=plan.get_absolute_url(),
                detail=f"{red} red action{'s' if red != 1 else ''} this quarter",
                status=plan.get_status_display(),
                colour="green" if plan.status == PlanStatus.PUBLISHED else "grey",
            )
        )
    return WorkList("services", "Your services", entries, counted=False)


def pdp_reviews(*, user, today: dt.date) -> WorkList | None:
    """Everyone: reviews owed on their own PDP and on those of the people they manage."""
    owed = pdp_reviews_owed(user=user, year=_year(user), today=today)
    if not owed:
        return None
    entries = [
        Entry(
            text=f"{review.part.capitalize()} review: "
            + ("your PDP" if review.own else f"{review.pdp.person.get_full_name()}'s PDP"),
            url=reverse("planning:pdp-part-edit", args=[review.pdp.pk, review.part]),
            detail=f"{review.pdp.year} personal development plan",
            status=STATUS[review.state][0],
            colour=STATUS[review.state][1],
        )
        for review in owed
    ]
    return WorkList("pdp-reviews", "Personal development plan reviews", entries)


def register_sources() -> None:
    for order, key, build in (
        (10, "plans", your_plans),
        (20, "qa", plans_for_qa),
        (30, "updates", updates_owed),
        (31, "portfolio-updates", portfolio_updates),
        (80, "services", directorate_status),
        (90, "pdp-reviews", pdp_reviews),
    ):
        register(Source(key, order, build, counted=key != "services"))
