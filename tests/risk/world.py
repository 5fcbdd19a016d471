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


def build_risks_at_every_level(world) -> RiskWorld:
    """The risk world plus a risk in every kind of register and place a reader may or may
    not reach: Place's and Communities' own, the council's, Leisure's (nobody here works
    there), Libraries' escalated to Communities and to the council, and a closed one."""
    r = build_risk_world(world)
    if getattr(world, "_risks_at_every_level", False):
        return r
    p = world.people
    communities = world.other_service.directorate
    leisure = world.other_draft_plan.service
    at = {
        "communities": services.register_for(level=Level.DIRECTORATE, directorate=communities),
        "leisure": services.register_for(level=Level.SERVICE, service=leisure),
    }
    make_risk(r.place, p["director"], "PL-01", title="Depot lease ends")
    make_risk(at["communities"], p["admin"], "CM-01", title="Volunteers leave")
    make_risk(r.corporate, p["board"], "CO-01", title="Council budget gap")
    make_risk(at["leisure"], p["admin"], "LS-01", title="Pool plant fails")
    for ref, level in [("LB-02", Level.CORPORATE), ("LB-03", Level.DIRECTORATE)]:
        risk = make_risk(r.libraries, p["other_head"], ref, title=f"Libraries {ref}")
        services.risk_escalate(risk=risk, actor=p["other_head"], to_level=level, reason="Wider")
    Risk.objects.filter(pk=make_risk(r.parks, p["head"], "PK-03", title="Old bridge").pk).update(
        status="closed"
    )
    world._risks_at_every_level = True
    return r
