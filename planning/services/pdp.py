"""Writes to Personal Development Plans: objectives, development needs and the mid-year
and year-end review notes. The owner and their line managers write them; every change
keeps history with who and why, and a save made after someone else's is refused."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from core.history import check_version, locked
from core.saving import save_with_history
from planning.models import PdpObjective, PersonalDevelopmentPlan, PlanItem, ServiceAction

OBJECTIVE_FIELDS = ("ref", "title", "description")

# The PDP's own narrative parts: URL slug → (field, what history calls the change).
PDP_PARTS = {
    "development-needs": ("development_needs", "Development needs"),
    "mid-year": ("mid_year_review", "Mid-year review notes"),
    "year-end": ("year_end_review", "Year-end review notes"),
}


def own_service_problem(*, owner_service_id: int | None, target: PlanItem | None) -> str | None:
    """A personal objective that serves a service action serves an action of its owner's
    own service: a person delivers their own service's plan, not another's. Objectives
    may still serve a directorate priority, delivery activity or ambition directly."""
    if not isinstance(target, ServiceAction):
        return None
    if owner_service_id is None:
        return "Choose a directorate priority or higher: this person is not in a service"
    if target.plan.service_id != owner_service_id:
        return "Choose an action from this person's own service"
    return None


@transaction.atomic
def objective_save(
    *,
    plan: PersonalDevelopmentPlan,
    actor,
    data: dict,
    serves: PlanItem | None,
    objective: PdpObjective | None = None,
    version: str | None = None,
) -> PdpObjective:
    """Add an objective to the PDP or change one (refused if changed meanwhile).

    The golden-thread link is checked by the model (higher level, same year) and here
    (an action must be of the owner's own service), with the same refusals as elsewhere."""
    if objective is None:
        objective = PdpObjective(plan=plan, order=plan.items.count() + 1)
        reason = "Objective added"
    else:
        objective = locked(objective)
        check_version(objective, version)
        reason = "Objective changed"
    problem = own_service_problem(owner_service_id=plan.person.service_id, target=serves)
    if problem:
        raise ValidationError({"serves": problem})
    for name in OBJECTIVE_FIELDS:
        if name in data:
            setattr(objective, name, data[name].strip())
    try:
        objective.set_serves(serves)
        objective.clean()
    except ValidationError as error:
        raise ValidationError({"serves": error.messages}) from error
    save_with_history(objective, actor=actor, reason=reason)
    return objective


@transaction.atomic
def pdp_part_save(
    *, plan: PersonalDevelopmentPlan, actor, part: str, text: str, version: str | None = None
) -> PersonalDevelopmentPlan:
    """Save the development needs, or the mid-year or year-end review notes."""
    if part not in PDP_PARTS:
        raise ValidationError("Choose a part of the personal development plan")
    name, label = PDP_PARTS[part]
    row = locked(plan)
    check_version(row, version)
    setattr(row, name, text.strip())
    save_with_history(row, actor=actor, reason=f"{label} saved")
    return row
