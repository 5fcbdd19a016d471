"""Risk registers and risks around the planning test world (built once per world)."""

import datetime as dt
from dataclasses import dataclass

from risk import services
from risk.models import Category, CategoryAppetite, Level, Risk, RiskAction, RiskRegister


@dataclass
class RiskWorld:
    parks: RiskRegister
    place: RiskRegister
    corporate: RiskRegister
    libraries: RiskRegister
    risk: Risk  # Parks' own, owned by head
    escalated: Risk  # Parks', shown in Place's register too
    other_risk: Risk  # Libraries', owned by other_head
    action: RiskAction  # a further action on `risk`, owned by staff
    other_action: RiskAction  # a further action on `other_risk`


def make_risk(register, owner, ref, **fields) -> Risk:
    values = {
        "title": f"Risk {ref}",
        "category": Category.SERVICE_DELIVERY,
        "inherent_likelihood": 4,
        "inherent_impact": 4,
        "current_likelihood": 3,
        "current_impact": 3,
        "target_likelihood": 2,
        "target_impact": 2,
        "target_date": dt.date(2027, 3, 31),
    } | fields
    return services.risk_create(register=register, actor=owner, ref=ref, owner=owner, **values)


def build_risk_world(world) -> RiskWorld:
    cached = getattr(world, "_risk_world", None)
    if cached is not None:
        return cached
    p = world.people
    parks = services.register_for(level=Level.SERVICE, service=world.service)
    place = services.register_for(level=Level.DIRECTORATE, directorate=world.service.directorate)
    corporate = services.register_for(level=Level.CORPORATE)
    libraries = services.register_for(level=Level.SERVICE, service=world.other_service)
    CategoryAppetite.objects.create(category=Category.SERVICE_DELIVERY, appetite="cautious")
    risk = make_risk(
        parks,
        p["head"],
        "PK-01",
        title="Tree disease spreads through the park",
        threatens_action=world.action,
    )
    escalated = make_risk(
        parks, p["head"], "PK-02", title="Flooding closes the lakeside", current_likelihood=4
    )
    services.risk_escalate(
        risk=escalated, actor=p["head"], to_level=Level.DIRECTORATE, reason="Beyond our budget"
    )
    other = make_risk(libraries, p["other_head"], "LB-01", title="Library roof fails")
    action = services.risk_action_save(
        risk=risk,
        actor=p["head"],
        description="Fell and burn the infected trees",
        owner_id=p["staff"].pk,
        due_date=dt.date(2026, 12, 31),
    )
    other_action = services.risk_action_save(
        risk=other,
        actor=p["other_head"],
        description="Survey the roof",
        owner_id=p["other_head"].pk,
        due_date=dt.date(2026, 11, 30),
    )
    world._risk_world = RiskWorld(
        parks, place, corporate, libraries, risk, escalated, other, action, other_action
    )
    return world._risk_world
