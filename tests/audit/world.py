"""Audits and recommendations around the planning test world (built once per world)."""

import datetime as dt
from dataclasses import dataclass

from audit import services
from audit.models import Audit, ExtensionRequest, Opinion, Recommendation, Source


@dataclass
class AuditWorld:
    audit: Audit
    rec: Recommendation  # Parks', owned by head, agreed, with a pending extension
    other_rec: Recommendation  # Libraries', owned by other_head
    extension: ExtensionRequest


def make_recommendation(audit, service, owner, ref, *, due=dt.date(2027, 3, 31), **fields):
    rec = services.recommendation_create(
        actor=owner,
        audit=audit,
        service=service,
        owner=owner,
        ref=ref,
        title=fields.pop("title", f"Recommendation {ref}"),
        **fields,
    )
    if due is not None:
        services.recommendation_agree(
            recommendation=rec, actor=owner, due=due, agreed_on=dt.date(2026, 4, 1)
        )
    return rec


def build_audit_world(world) -> AuditWorld:
    cached = getattr(world, "_audit_world", None)
    if cached is not None:
        return cached
    p = world.people
    audit = Audit.objects.create(
        title="Grounds maintenance contracts",
        source=Source.INTERNAL_AUDIT,
        body="Internal Audit Partnership",
        report_date=dt.date(2026, 3, 1),
        opinion=Opinion.LIMITED,
    )
    audit.services.set([world.service, world.other_service])
    rec = make_recommendation(
        audit, world.service, p["head"], "GM-1", title="Retender the mowing contract", priority=1
    )
    other = make_recommendation(audit, world.other_service, p["other_head"], "GM-2")
    extension = services.extension_request(
        recommendation=rec,
        actor=p["head"],
        proposed_date=dt.date(2027, 6, 30),
        reason="The market test found one bidder",
    )
    world._audit_world = AuditWorld(audit, rec, other, extension)
    return world._audit_world


def build_recommendations_everywhere(world) -> AuditWorld:
    """The audit world plus a Leisure recommendation (nobody here works there), one of
    Libraries' owned by Parks' staff member, and a Place one in no service of the area."""
    a = build_audit_world(world)
    if getattr(world, "_recommendations_everywhere", False):
        return a
    p, leisure = world.people, world.other_draft_plan.service
    a.audit.services.add(leisure)
    make_recommendation(a.audit, leisure, p["admin"], "GM-3", title="Pool contract")
    make_recommendation(a.audit, world.other_service, p["staff"], "GM-4", title="Shared van")
    make_recommendation(a.audit, world.service, p["manager"], "GM-5", due=None)
    world._recommendations_everywhere = True
    return a
