"""Every write to planning data goes through here."""

from django.db import transaction
from simple_history.utils import update_change_reason

from .models import PlanItem


@transaction.atomic
def item_link(*, item: PlanItem, target: PlanItem | None, actor) -> PlanItem:
    """Set the item a plan item serves (or none, leaving it an orphan).

    The model refuses targets of the same or a lower level, and targets from another year.
    """
    item.set_serves(target)
    item.full_clean()
    item._history_user = actor
    item.save()
    reason = f"Linked to {target.LEVEL_NAME.lower()} {target}" if target else "Unlinked"
    update_change_reason(item, reason)
    return item
