"""Every write to planning data goes through here."""

from django.db import transaction

from core.history import check_version, locked
from core.saving import save_with_history
from planning.models import PlanItem


@transaction.atomic
def item_link(
    *, item: PlanItem, target: PlanItem | None, actor, version: str | None = None
) -> PlanItem:
    """Set the item a plan item serves (or none, leaving it an orphan).

    The model refuses targets of the same or a lower level, and targets from another year;
    a link changed by someone else since the form was opened is refused (EditConflict).
    """
    item = locked(item)
    check_version(item, version)
    item.set_serves(target)
    reason = f"Linked to {target.LEVEL_NAME.lower()} {target}" if target else "Unlinked"
    save_with_history(item, actor=actor, reason=reason)
    return item


from .assurance import (  # noqa: E402
    assurance_save,
    contract_save,
    policy_save,
    register_row_remove,
)
from .delivery import (  # noqa: E402
    action_positions_refresh,
    action_revise_due_date,
    action_save,
    impact_save,
    milestone_mark,
    milestone_save,
    update_post,
)
from .directorate import priority_save, programme_save  # noqa: E402
from .levels import plan_item_save  # noqa: E402
from .lifecycle import (  # noqa: E402
    plan_publish,
    plan_return,
    plan_sign_off,
    plan_submit,
)
from .pdp import objective_save, pdp_part_save  # noqa: E402
from .resources import (  # noqa: E402
    budget_line_save,
    capital_scheme_save,
    saving_save,
    workforce_save,
    workforce_team_save,
)
from .roll_forward import annual_plan_roll_forward, plan_roll_forward  # noqa: E402
from .sections import commitment_save, self_assessment_save  # noqa: E402

__all__ = [
    "budget_line_save",
    "capital_scheme_save",
    "saving_save",
    "workforce_save",
    "workforce_team_save",
    "assurance_save",
    "contract_save",
    "policy_save",
    "register_row_remove",
    "commitment_save",
    "self_assessment_save",
    "action_positions_refresh",
    "action_revise_due_date",
    "action_save",
    "impact_save",
    "item_link",
    "milestone_mark",
    "milestone_save",
    "objective_save",
    "pdp_part_save",
    "plan_item_save",
    "plan_publish",
    "plan_return",
    "plan_roll_forward",
    "annual_plan_roll_forward",
    "plan_sign_off",
    "plan_submit",
    "priority_save",
    "programme_save",
    "update_post",
]
