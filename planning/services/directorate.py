"""Writes to a directorate's plan on a page: its priorities and key programmes. Every
change keeps history with who and why; a save made after someone else's is refused."""

from __future__ import annotations

from django.db import transaction

from core.history import check_version, locked
from core.saving import save_with_history
from planning.models import DirectoratePlan, DirectoratePriority, KeyProgramme, PlanItem

from .levels import plan_item_save

PROGRAMME_FIELDS = ("name", "summary", "programme_ref")


def priority_save(
    *,
    plan: DirectoratePlan,
    actor,
    data: dict,
    serves: PlanItem | None,
    priority: DirectoratePriority | None = None,
    version: str | None = None,
) -> DirectoratePriority:
    """Add a priority to the directorate's plan or change one. It serves a delivery plan
    activity or an ambition."""
    return plan_item_save(
        plan=plan, actor=actor, data=data, serves=serves, item=priority, version=version
    )


@transaction.atomic
def programme_save(
    *,
    plan: DirectoratePlan,
    actor,
    data: dict,
    programme: KeyProgramme | None = None,
    version: str | None = None,
) -> KeyProgramme:
    """Add a key programme to the directorate's plan or change one."""
    if programme is None:
        programme = KeyProgramme(plan=plan, order=plan.programmes.count() + 1)
        reason = "Key programme added"
    else:
        programme = locked(programme)
        check_version(programme, version)
        reason = "Key programme changed"
    for name in PROGRAMME_FIELDS:
        if name in data:
            setattr(programme, name, data[name].strip())
    save_with_history(programme, actor=actor, reason=reason)
    return programme
