"""Writes to the delivery plan section: impacts, actions, milestones, due-date revisions
and quarterly RAG updates. Every write keeps history with who and why, stamps the plan
with its last editor, and is marked in history when it happens after sign-off."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction

from core.clock import today
from core.history import (
    Change,
    EditConflict,
    check_version,
    locked,
    version_token,
)
from core.saving import save_with_history
from planning.delivery_rules import (
    original_due_date_problem,
    quarter_positions,
    revision_problems,
    update_problems,
)
from planning.models import (
    ActionQuarter,
    ActionUpdate,
    Impact,
    Milestone,
    PlanItem,
    ServiceAction,
    ServicePlan,
)

# Fields of an action its edit form may change (the due-date revision has its own form).
ACTION_FIELDS = (
    "ref",
    "title",
    "description",
    "impact",
    "lead",
    "start_date",
    "due_date",
    "programme_ref",
    "in_delivery_plan",
)


def reason_for(plan: ServicePlan, reason: str) -> str:
    """Changes to a plan after it has been signed off say so in history."""
    return f"After sign-off: {reason}" if plan.signed_off_at else reason


def plan_touch(*, plan: ServicePlan, actor) -> None:
    """Record who last changed the plan (they may not sign it off)."""
    if plan.last_edited_by_id != getattr(actor, "pk", None):
        plan.last_edited_by = actor
        save_with_history(plan, actor=actor, reason="Edited", fields=["last_edited_by"])


@transaction.atomic
def impact_save(
    *,
    plan: ServicePlan,
    actor,
    title: str,
    description: str = "",
    impact: Impact | None = None,
    version: str | None = None,
) -> Impact:
    """Add an impact sought to the plan, or change one (refused if changed meanwhile)."""
    if impact is None:
        impact = Impact(plan=plan, order=plan.impacts.count() + 1)
        reason = "Impact added"
    else:
        impact = locked(impact)
        check_version(impact, version)
        reason = "Impact changed"
    impact.title, impact.description = title, description
    save_with_history(impact, actor=actor, reason=reason_for(plan, reason))
    plan_touch(plan=plan, actor=actor)
    return impact


@transaction.atomic
def action_save(
    *,
    plan: ServicePlan,
    actor,
    data: dict,
    serves: PlanItem | None,
    action: ServiceAction | None = None,
    version: str | None = None,
) -> ServiceAction:
    """Add an action to the plan or change one.

    Refused if someone saved it since the form was opened, and — once the plan has been
    signed off — if the original due date would change (that is a revision, with a reason).
    The golden-thread link is checked by the model, with the same refusals as elsewhere.
    """
    if action is None:
        action = ServiceAction(plan=plan, order=plan.items.count() + 1)
        reason = "Action added"
    else:
        action = locked(action, ServiceAction.objects.select_related("plan"))
        check_version(action, version)
        problem = original_due_date_problem(
            signed_off=plan.signed_off_at is not None,
            saved=action.due_date,
            wanted=data.get("due_date", action.due_date),
        )
        if problem:
            raise ValidationError({"due_date": problem})
        reason = "Action changed"
    for name in ACTION_FIELDS:
        if name in data:
            setattr(action, name, data[name])
    if action.impact_id and action.impact.plan_id != plan.pk:
        raise ValidationError({"impact": "Choose an impact from this plan"})
    action.set_serves(serves)
    save_with_history(action, actor=actor, reason=reason_for(plan, reason))
    plan_touch(plan=plan, actor=actor)
    return action


@transaction.atomic
def action_revise_due_date(
    *,
    action: ServiceAction,
    actor,
    revised_due_date: dt.date | None,
    reason: str,
    version: str | None = None,
) -> ServiceAction:
    """Set a revised due date with its reason; the original stays, the count goes up."""
    action = locked(action, ServiceAction.objects.select_related("plan"))
    check_version(action, version)
    problems = revision_problems(
        current_due=action.current_due_date, wanted=revised_due_date, reason=reason
    )
    if problems:
        raise ValidationError(problems)
    action.revised_due_date = revised_due_date
    action.revised_due_reason = reason.strip()
    action.due_date_revisions += 1
    save_with_history(
        action,
        actor=actor,
        reason=reason_for(action.plan, f"Due date revised: {reason.strip()}"),
    )
    plan_touch(plan=action.plan, actor=actor)
    return action


@transaction.atomic
def milestone_save(
    *,
    action: ServiceAction,
    actor,
    title: str,
    due_date: dt.date,
    done: bool = False,
    milestone: Milestone | None = None,
) -> Milestone:
    """Add a milestone to an action, or change one."""
    milestone = milestone or Milestone(action=action)
    verb = "changed" if milestone.pk else "added"
    milestone.title, milestone.due_date, milestone.done = title, due_date, done
    save_with_history(milestone, actor=actor, reason=reason_for(action.plan, f"Milestone {verb}"))
    plan_touch(plan=action.plan, actor=actor)
    return milestone


NO_UPDATES = "none"  # the updates version of an action nobody has updated yet


def updates_version(action: ServiceAction) -> str:
    """What an update form carries to notice someone else posting meanwhile: the change
    stamp of the action's latest update."""
    latest = ActionUpdate.objects.filter(action=action).order_by("-created_at", "-pk").first()
    return version_token(latest) if latest else NO_UPDATES


@transaction.atomic
def milestone_mark(*, milestone: Milestone, actor, done: bool) -> bool:
    """Mark a milestone done or not done; False if it already was (two people pressing
    the same button at once make one change, not two)."""
    milestone = locked(milestone, Milestone.objects.select_related("action__plan"))
    if milestone.done == done:
        return False
    milestone.done = done
    reason = reason_for(milestone.action.plan, "Milestone changed")
    save_with_history(milestone, actor=actor, reason=reason)
    plan_touch(plan=milestone.action.plan, actor=actor)
    return True


@transaction.atomic
def update_post(
    *,
    action: ServiceAction,
    actor,
    rag: str,
    commentary: str = "",
    recovery_action: str = "",
    completed_on: dt.date | None = None,
    on: dt.date | None = None,
    version: str | None = None,
) -> ActionUpdate:
    """Post the lead officer's quarterly RAG update on an action, for the quarter `on`
    (today) falls in. Every update is kept; the rules of update_problems apply.

    The latest update is the action's RAG, so one posted from a form (`version`: the
    latest update the person saw) is refused if someone posted another since: it would
    silently replace theirs."""
    action = locked(action, ServiceAction.objects.select_related("plan__year"))
    if version is not None and version != updates_version(action):
        latest = ActionUpdate.objects.filter(action=action).order_by("-created_at", "-pk").first()
        raise EditConflict(
            who=latest.posted_by if latest else None,
            when=latest.created_at if latest else None,
            changes=[
                Change("Latest update", "", f"{latest.get_rag_display()}: {latest.commentary}")
            ]
            if latest
            else [],
        )
    on = on or today()
    problems = update_problems(
        rag=rag,
        commentary=commentary,
        recovery_action=recovery_action,
        completed_on=completed_on,
        today=on,
    )
    if problems:
        raise ValidationError(problems)
    quarter = action.plan.year.quarter_of(on)
    if quarter is None:
        raise ValidationError(f"Updates for {action.plan.year} can only be posted during that year")
    update = ActionUpdate(
        action=action,
        quarter=quarter,
        rag=rag,
        commentary=commentary.strip(),
        recovery_action=recovery_action.strip() if rag == "red" else "",
        completed_on=completed_on if rag == "blue" else None,
        posted_by=actor,
    )
    save_with_history(update, actor=actor, reason=f"Q{quarter} update: {update.get_rag_display()}")
    action_positions_refresh(action_ids=[action.pk])
    return update


@transaction.atomic
def action_positions_refresh(*, action_ids) -> None:
    """Rewrite the stored quarterly positions (ActionQuarter) of these actions from their
    updates, by the rule of planning.delivery_rules.quarter_positions. Called in the same
    transaction as anything that adds, changes or removes an update; `action_ids` may be a
    list or a queryset of ids (a read, a delete and one insert per 500 positions)."""
    if isinstance(action_ids, list | tuple | set | frozenset):
        action_ids = list(action_ids)
        if not action_ids:
            return
    updates = defaultdict(list)
    for action_id, *update in ActionUpdate.objects.filter(action_id__in=action_ids).values_list(
        "action_id", "quarter", "created_at", "pk", "rag", "commentary", "recovery_action"
    ):
        updates[action_id].append(update)
    ActionQuarter.objects.filter(action_id__in=action_ids).delete()
    ActionQuarter.objects.bulk_create(
        [
            ActionQuarter(
                action_id=action_id,
                quarter=quarter,
                rag=position.rag,
                commentary=position.commentary,
                recovery_action=position.recovery_action,
                quarters_updated="".join(str(q) for q in sorted(position.quarters_updated)),
            )
            for action_id, rows in updates.items()
            for quarter, position in quarter_positions(rows).items()
        ],
        batch_size=500,
    )
