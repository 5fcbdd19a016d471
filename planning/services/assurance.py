"""Writes to the assurance section: the checklist and dates, and the policy and contract
registers. Each refuses a save when someone else saved the same record meanwhile."""

from django.db import transaction

from core.history import check_version, locked, one_of_a_kind
from core.saving import remove_with_history, save_with_history
from planning.models import Assurance, Contract, Policy, ServicePlan

from .delivery import plan_touch, reason_for


@transaction.atomic
def assurance_save(
    *,
    plan: ServicePlan,
    actor,
    answers: dict,
    bcp_last_tested,
    delegation_last_reviewed,
    version: str | None = None,
) -> Assurance:
    """Record the managers' checklist answers (yes / partly / no, with evidence) and the
    business continuity and scheme of delegation dates."""
    assurance = one_of_a_kind(Assurance.objects, within=plan, version=version, plan=plan)
    assurance.answers = answers
    assurance.bcp_last_tested = bcp_last_tested
    assurance.delegation_last_reviewed = delegation_last_reviewed
    save_with_history(assurance, actor=actor, reason=reason_for(plan, "Assurance checklist"))
    plan_touch(plan=plan, actor=actor)
    return assurance


def _register_save(model, fields, label):
    @transaction.atomic
    def save(
        *, plan: ServicePlan, actor, data: dict, obj=None, version: str | None = None, reason=""
    ):
        if obj is None:
            obj = model(plan=plan)
            reason = reason or f"{label} added"
        else:
            obj = locked(obj)
            check_version(obj, version)
            reason = reason or f"{label} changed"
        for name in fields:
            if name in data:
                setattr(obj, name, data[name])
        save_with_history(obj, actor=actor, reason=reason_for(plan, reason)[:100])
        plan_touch(plan=plan, actor=actor)
        return obj

    save.__doc__ = (
        f"Add a {label.lower()} to the plan's register, or change one; `reason` (for "
        "history) says where the change came from when it is not the plan's own form."
    )
    return save


@transaction.atomic
def register_row_remove(*, obj, actor, label: str, version: str | None = None) -> None:
    """Take a row off its plan's register (a budget line entered by mistake, a policy
    withdrawn). Refused (EditConflict) if someone changed the row since the person removing
    it looked at it. Its history stays, ending with who removed it, when and why."""
    obj = locked(obj, type(obj).objects.select_related("plan"))
    check_version(obj, version)
    plan = obj.plan
    remove_with_history(obj, actor=actor, reason=reason_for(plan, f"{label} removed"))
    plan_touch(plan=plan, actor=actor)


policy_save = _register_save(Policy, ("name", "owner", "next_review"), "Policy")
contract_save = _register_save(
    Contract, ("name", "supplier", "value", "end_date", "renewal_lead_months"), "Contract"
)
