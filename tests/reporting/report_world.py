"""A quarter's worth of data for the Budget & Performance report, around the test world:
a corporate risk, an overdue recommendation with its owner's latest update."""

import datetime as dt
from dataclasses import dataclass

from audit import services as audit_services
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
    world._report_world = ReportWorld(corporate_risk, overdue)
    return world._report_world
