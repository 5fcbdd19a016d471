"""A month on the Management Board's dashboard, around the test world: a red action with
its recovery action, an overdue action with no update, and a red, worsening indicator
with its commentary (October 2026, seen from 23 November 2026)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from core.periods import UK
from performance.models import IndicatorValue
from planning import services as planning_services
from planning.models import ActionUpdate, RevenueBudget, RevenueMonth
from tests import factories as f
from tests.performance.world import build_performance

MONTH = "2026-10"
RED_COMMENTARY = "The planting contractor went into administration"
RECOVERY = "Re-tender the planting contract through the framework"
INDICATOR_COMMENTARY = "Toilets closed for refurbishment all summer"


def update_posted_on(*, on: dt.date, **kwargs) -> ActionUpdate:
    """Post an update as its lead did on the day `on` (10:00 UK time), not today: a month's
    figures count only the updates posted by its end."""
    update = planning_services.update_post(on=on, **kwargs)
    ActionUpdate.objects.filter(pk=update.pk).update(
        created_at=dt.datetime.combine(on, dt.time(10), tzinfo=UK)
    )
    planning_services.action_positions_refresh(action_ids=[update.action_id])
    update.refresh_from_db()
    return update


@dataclass
class DashboardWorld:
    red_action: object
    overdue_action: object
    red_indicator: object


def build_dashboard_world(world) -> DashboardWorld:
    cached = getattr(world, "_dashboard_world", None)
    if cached is not None:
        return cached
    head = world.people["head"]
    update_posted_on(
        action=world.action,
        actor=head,
        rag="red",
        commentary=RED_COMMENTARY,
        recovery_action=RECOVERY,
        on=dt.date(2026, 8, 14),
    )
    overdue = f.ActionFactory(
        plan=world.other_plan,
        serves_activity=world.activity,
        title="Open the new branch library",
        lead=world.people["other_head"],
        due_date=dt.date(2026, 9, 15),
    )
    perf = build_performance(world)
    for month, value, commentary in (
        (dt.date(2026, 4, 1), 72, ""),
        (dt.date(2026, 5, 1), 66, INDICATOR_COMMENTARY),
    ):
        IndicatorValue.objects.create(
            definition=perf.percent,
            month=month,
            value=Decimal(value),
            commentary=commentary,
            entered_by=head,
        )
    world._dashboard_world = DashboardWorld(world.action, overdue, perf.percent)
    return world._dashboard_world


def grow_council(world, times: int) -> None:
    """More services and actions in every state, each with a lead and updates."""
    head = world.people["head"]
    for n in range(times):
        service = f.ServiceFactory(directorate=world.service.directorate)
        plan = f.ServicePlanFactory(year=world.year, service=service)
        for rag in ("green", "amber", "red", "blue"):
            action = f.ActionFactory(
                plan=plan,
                serves_activity=world.activity,
                lead=head,
                due_date=dt.date(2026, 9, n + 1),
            )
            update_posted_on(
                action=action,
                actor=head,
                rag=rag,
                commentary="Because",
                recovery_action="Recover",
                completed_on=dt.date(2026, 8, 1),
                on=dt.date(2026, 8, 2),
            )
        budget = RevenueBudget.objects.create(
            plan=plan, original_budget=Decimal(100000), current_budget=Decimal(100000)
        )
        RevenueMonth.objects.create(
            budget=budget,
            month=dt.date(2026, 9, 1),
            actual_to_date=Decimal(50000),
            forecast_outturn=Decimal(101000),
        )
