"""Writes to a directorate's plan on a page: its priorities and key programmes. Every
change keeps history with who and why; a save made after someone else's is refused."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from planning.history import check_version
from planning.models import DirectoratePlan, DirectoratePriority, KeyProgramme, PlanItem

from .delivery import save_with_history

PRIORITY_FIELDS = ("ref", "title", "description")
PROGRAMME_FIELDS = ("name", "summary", "programme_ref")


@transaction.atomic
def priority_save(
    *,
    plan: DirectoratePlan,
    actor,
    data: dict,
    serves: PlanItem | None,
    priority: DirectoratePriority | None = None,
    version: str = "",
) -> DirectoratePriority:
    """Add a priority to the directorate's plan or change one. Its golden-thread link (a
    delivery plan activity or an ambition) is checked by the model, with the same
    refusals as everywhere else."""
    if priority is None:
        priority = DirectoratePriority(plan=plan, order=plan.items.count() + 1)
        reason = "Priority added"
    else:
        priority = DirectoratePriority.objects.select_for_update().get(pk=priority.pk)
        check_version(priority, version)
        reason = "Priority changed"
    for name in PRIORITY_FIELDS:
        if name in data:
            setattr(priority, name, data[name].strip())
    try:
        priority.set_serves(serves)
        priority.clean()
    except ValidationError as error:
        raise ValidationError({"serves": error.messages}) from error
    save_with_history(priority, actor=actor, reason=reason)
    return priority


@transaction.atomic
def programme_save(
    *,
    plan: DirectoratePlan,
    actor,
    data: dict,
    programme: KeyProgramme | None = None,
    version: str = "",
) -> KeyProgramme:
    """Add a key programme to the directorate's plan or change one."""
    if programme is None:
        programme = KeyProgramme(plan=plan, order=plan.programmes.count() + 1)
        reason = "Key programme added"
    else:
        programme = KeyProgramme.objects.select_for_update().get(pk=programme.pk)
        check_version(programme, version)
        reason = "Key programme changed"
    for name in PROGRAMME_FIELDS:
        if name in data:
            setattr(programme, name, data[name].strip())
    save_with_history(programme, actor=actor, reason=reason)
    return programme
