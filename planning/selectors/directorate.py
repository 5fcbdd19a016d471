"""The directorate plan on a page: priorities, key programmes, and the services' top
improvements pulled through the golden thread."""

from __future__ import annotations

from dataclasses import dataclass, field

from planning.models import (
    DirectoratePlan,
    DirectoratePriority,
    KeyProgramme,
    ServiceAction,
    ServicePlan,
)
from planning.permissions import can_view_plan

TOP_PER_SERVICE = 2


@dataclass
class ServiceImprovements:
    service: object
    actions: list[ServiceAction] = field(default_factory=list)
    more: int = 0  # further actions serving the priorities, not shown on the page


@dataclass
class PlanOnAPage:
    plan: DirectoratePlan
    priorities: list[DirectoratePriority]
    programmes: list[KeyProgramme]
    improvements: list[ServiceImprovements]
    hidden: int  # actions in service plans this person may not open, counted only


def top_improvements_rule(actions: list[ServiceAction], limit: int = TOP_PER_SERVICE):
    """A service's top improvements are its actions serving the directorate's priorities,
    those in the council's Delivery Plan first, then in the plan's own order; at most
    `limit` are shown and the rest counted."""
    ranked = sorted(actions, key=lambda a: (not a.in_delivery_plan, a.order, a.ref, a.pk))
    return ranked[:limit], max(len(ranked) - limit, 0)


@dataclass(frozen=True)
class _Ranked:
    """What ranking an action needs, read without loading the action itself."""

    pk: int
    plan_id: int
    in_delivery_plan: bool
    order: int
    ref: str


def plan_on_a_page(*, plan: DirectoratePlan, user) -> PlanOnAPage:
    """Everything the page shows, in five queries whatever the directorate's size. Actions
    in service plans the person may not open are counted, not shown.

    A directorate's priorities are served by hundreds of actions, of which the page shows
    two per service: the actions are ranked from a few columns, each service plan is
    authorised once, and only the actions shown are loaded whole."""
    priorities = list(
        plan.items.select_related(
            "serves_activity", "serves_ambition", "plan__year", "plan__directorate"
        )
    )
    programmes = list(plan.programmes.all())
    ranked = [
        _Ranked(*row)
        for row in ServiceAction.objects.filter(
            serves_priority__plan=plan, plan__year_id=plan.year_id
        ).values_list("pk", "plan_id", "in_delivery_plan", "order", "ref")
    ]
    plans = (
        ServicePlan.objects.filter(pk__in={row.plan_id for row in ranked})
        .select_related("year", "service__directorate")
        .order_by("service__name", "service_id")
    )
    by_plan: dict[int, list[_Ranked]] = {}
    for row in ranked:
        by_plan.setdefault(row.plan_id, []).append(row)
    hidden = 0
    chosen: list[tuple[ServicePlan, list[_Ranked], int]] = []
    for service_plan in plans:
        rows = by_plan[service_plan.pk]
        if not can_view_plan(user, service_plan):
            hidden += len(rows)
            continue
        shown, more = top_improvements_rule(rows)
        chosen.append((service_plan, shown, more))
    loaded = ServiceAction.objects.select_related("serves_priority").in_bulk(
        [row.pk for _, shown, _ in chosen for row in shown]
    )
    improvements = []
    for service_plan, shown, more in chosen:
        actions = [loaded[row.pk] for row in shown if row.pk in loaded]
        for action in actions:
            action.plan = service_plan  # one plan object per service, already read
        improvements.append(ServiceImprovements(service_plan.service, actions, more))
    return PlanOnAPage(plan, priorities, programmes, improvements, hidden)
