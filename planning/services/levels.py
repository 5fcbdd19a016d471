"""Writes to the plan levels edited as lists of items: the Corporate Plan's ambitions,
the Delivery Plan's activities and a directorate's priorities. Each change keeps history
with who and why; a save made after someone else's is refused; the golden-thread link is
checked by the model with the same refusals as everywhere else."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from core.history import check_version, locked
from core.saving import save_with_history
from planning.models import (
    Ambition,
    CorporatePlan,
    DeliveryActivity,
    DeliveryPlan,
    DirectoratePlan,
    DirectoratePriority,
    PlanItem,
)

ITEM_FIELDS = {
    Ambition: ("ref", "title", "description", "success_measures"),
    DeliveryActivity: ("ref", "title", "description", "how_measured"),
    DirectoratePriority: ("ref", "title", "description"),
}


@transaction.atomic
def plan_item_save(
    *,
    plan: CorporatePlan | DeliveryPlan | DirectoratePlan,
    actor,
    data: dict,
    serves: PlanItem | None = None,
    item: PlanItem | None = None,
    version: str | None = None,
) -> PlanItem:
    """Add an item to the plan or change one."""
    model = plan.items.model
    noun = model.LEVEL_NAME.split()[-1].capitalize()
    if item is None:
        item = model(plan=plan, order=plan.items.count() + 1)
        reason = f"{noun} added"
    else:
        item = locked(item)
        check_version(item, version)
        reason = f"{noun} changed"
    for name in ITEM_FIELDS[model]:
        if name in data:
            setattr(item, name, data[name].strip())
    if model.SERVES_FIELDS:
        try:
            item.set_serves(serves)
            item.clean()
        except ValidationError as error:
            raise ValidationError({"serves": error.messages}) from error
    save_with_history(item, actor=actor, reason=reason)
    return item
