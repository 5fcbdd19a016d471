"""The directorate plan on a page: priorities, key programmes, and the services' top
improvements pulled through the golden thread."""

from __future__ import annotations

from dataclasses import dataclass, field

from planning.models import DirectoratePlan, DirectoratePriority, KeyProgramme, ServiceAction
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


def plan_on_a_page(*, plan: DirectoratePlan, user) -> PlanOnAPage:
    """Everything the page shows, in three queries whatever the directorate's size. Actions
    in service plans the person may not open are counted, not shown."""
    priorities = list(
        plan.items.select_related(
            "serves_activity", "serves_ambition", "plan__year", "plan__directorate"
        )
    )
    programmes = list(plan.programmes.all())
    actions = (
        ServiceAction.objects.filter(serves_priority__plan=plan, plan__year_id=plan.year_id)
        .select_related("plan__year", "plan__service__directorate", "serves_priority")
        .order_by("plan__service__name", "plan__service_id")
    )
    by_service: dict[int, list[ServiceAction]] = {}
    services = {}
    hidden = 0
    for action in actions:
        if not can_view_plan(user, action.plan):
            hidden += 1
            continue
        services[action.plan.service_id] = action.plan.service
        by_service.setdefault(action.plan.service_id, []).append(action)
    improvements = []
    for service_id, rows in by_service.items():
        shown, more = top_improvements_rule(rows)
        improvements.append(ServiceImprovements(services[service_id], shown, more))
    return PlanOnAPage(plan, priorities, programmes, improvements, hidden)
