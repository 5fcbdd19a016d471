"""A quarter's worth of data for the Budget & Performance report, around the test world:
a corporate risk, an overdue recommendation with its owner's latest update."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal as D

from audit import services as audit_services
from planning.models import CapitalScheme, RevenueBudget, RevenueMonth, Saving
from tests.audit.world import build_audit_world, make_recommendation
from tests.risk.world import build_risk_world, make_risk


@dataclass
class ReportWorld:
    corporate_risk: object
    overdue: object


def build_report_world(world) -> ReportWorld:
    cached = getattr(world, "_report_world", None)
    if cached is not None:
        return cached
    p = world.people
    risks = build_risk_world(world)
    audits = build_audit_world(world)
    corporate_risk = make_risk(
        risks.corporate,
        p["board"],
        "CR-01",
        title="Medium-term budget gap is not closed",
        current_likelihood=4,
        current_impact=5,
    )
    overdue = make_recommendation(
        audits.audit,
        world.service,
        p["head"],
        "GM-4",
        title="Fence the depot",
        due=dt.date(2026, 6, 1),
    )
    audit_services.recommendation_update(
        recommendation=overdue,
        actor=p["head"],
        status="in_progress",
        percent_complete=30,
        commentary="Contractor booked for the first week of December",
    )
    finance_world(world)
    world._report_world = ReportWorld(corporate_risk, overdue)
    return world._report_world


def finance_world(world) -> None:
    """Parks forecasts an £80,000 overspend on £1m at September (red); Libraries a £10,000
    underspend on £500,000. October's figures come after the second quarter."""
    parks = RevenueBudget.objects.create(
        plan=world.service_plan, original_budget=D(950000), current_budget=D(1000000)
    )
    for month, actual, forecast, note in (
        (dt.date(2026, 8, 1), D(400000), D(1030000), ""),
        (dt.date(2026, 9, 1), D(520000), D(1080000), "Storm damage to the lakeside trees"),
        (dt.date(2026, 10, 1), D(600000), D(2000000), "Not yet in the quarter"),
    ):
        RevenueMonth.objects.create(
            budget=parks,
            month=month,
            actual_to_date=actual,
            forecast_outturn=forecast,
            commentary=note,
        )
    libraries = RevenueBudget.objects.create(
        plan=world.other_plan, original_budget=D(500000), current_budget=D(500000)
    )
    RevenueMonth.objects.create(
        budget=libraries,
        month=dt.date(2026, 9, 1),
        actual_to_date=D(240000),
        forecast_outturn=D(490000),
    )
    CapitalScheme.objects.create(
        plan=world.service_plan,
        name="Lakeside boardwalk",
        budget=D(300000),
        spend_to_date=D(120000),
        forecast=D(250000),
        slippage=D(50000),
    )
    Saving.objects.create(
        plan=world.service_plan,
        name="Shared grounds maintenance contract",
        amount=D(40000),
        q1_rag="amber",
        q2_rag="red",
        forecast_delivered=D(10000),
        at_risk=D(30000),
    )
    Saving.objects.create(
        plan=world.other_plan,
        name="Self-service kiosks",
        amount=D(25000),
        q1_rag="blue",
        forecast_delivered=D(25000),
        at_risk=D(0),
    )
