"""Rolling plans forward into next year.

A Service Business Plan rolls forward with what is still live: its impacts, open actions,
self-assessment narrative, teams and staffing answers, assurance checklist, policy
register, running contracts and open commitments. A copied action keeps its link up the
golden thread where what it served exists next year: the same ambition (if the corporate
plan covers next year), or next year's copy of a delivery activity or directorate priority.
Every copy remembers what it was copied from (`rolled_from`), so when a higher plan is
rolled forward later, the copies below are linked to its new items then. Copies whose link
cannot be re-pointed are listed on the new plan as needing linking.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from core.saving import save_with_history
from planning.models import (
    Ambition,
    Assurance,
    CommitmentStatus,
    CorporatePlan,
    DeliveryPlan,
    DirectoratePlan,
    DirectoratePriority,
    FinancialYear,
    PlanItem,
    ServiceAction,
    ServicePlan,
    Workforce,
)


def _next_year(year: FinancialYear) -> FinancialYear:
    next_year = FinancialYear.objects.filter(start_year=year.start_year + 1).first()
    if next_year is None:
        raise ValidationError(f"There is no {year.start_year + 1} financial year yet")
    return next_year


def _clone(obj, **changes):
    """An unsaved copy of `obj` with `changes` applied."""
    copy = type(obj).objects.get(pk=obj.pk)
    copy.pk = copy.id = None
    copy._state.adding = True
    for name, value in changes.items():
        setattr(copy, name, value)
    return copy


def _copy(obj, *, actor, reason: str, **changes):
    """Save a copy of `obj` with `changes` applied, as a new record with its own history."""
    copy = _clone(obj, **changes)
    save_with_history(copy, actor=actor, reason=reason)
    return copy


# --- following the golden thread into next year ---------------------------------------


def next_year_targets(items: list[PlanItem], *, year: FinancialYear) -> dict[tuple, PlanItem]:
    """For each item's target up the thread, the item it should serve in `year`: an
    ambition whose corporate plan covers that year stays the same; an activity or priority
    is replaced by its copy in that year. Targets with nothing in `year` are left out.
    One query per level served."""
    wanted: dict[type, set[int]] = {}
    for item in items:
        key = _target_key(item)
        if key is not None:
            wanted.setdefault(key[0], set()).add(key[1])
    found: dict[tuple, PlanItem] = {}
    for model, ids in wanted.items():
        if model is Ambition:
            for ambition in Ambition.objects.filter(pk__in=ids).select_related("plan__first_year"):
                if ambition.plan.covers(year):
                    found[(Ambition, ambition.pk)] = ambition
        else:
            for copy in model.objects.filter(rolled_from__in=ids, plan__year=year):
                found[(model, copy.rolled_from_id)] = copy
    return found


def _target_key(item: PlanItem) -> tuple | None:
    for field in item.SERVES_FIELDS:
        value = getattr(item, f"{field}_id")
        if value is not None:
            return type(item)._meta.get_field(field).related_model, value
    return None


def _repoint_below(copies: dict[int, PlanItem], *, model: type, year, actor) -> int:
    """Link next year's copies of lower items to `copies` (old id → new item of `model`)
    where last year's original served the old item and the copy serves nothing yet."""
    linked = 0
    for lower in (DirectoratePriority, ServiceAction):
        field = lower.serves_field_for(model)
        if field is None:
            continue
        unlinked = dict.fromkeys(lower.SERVES_FIELDS)
        waiting = lower.objects.filter(
            plan__year=year, **{f"rolled_from__{field}__in": list(copies)}, **unlinked
        ).select_related("rolled_from")
        for item in waiting:
            target = copies[getattr(item.rolled_from, f"{field}_id")]
            item.set_serves(target)
            save_with_history(
                item, actor=actor, reason=f"Linked to {target.LEVEL_NAME.lower()} {target}"
            )
            linked += 1
    return linked


# --- the Service Business Plan -------------------------------------------------------


@transaction.atomic
def plan_roll_forward(*, plan: ServicePlan, actor) -> ServicePlan:
    """Start next year's plan from this one, as a draft with what is still live. Completed
    (BLUE) actions, completed commitments, contracts ended before next year, milestones,
    budget lines, capital schemes, savings and the sickness rate stay behind: they belong to
    this year. A revised due date becomes the copy's original due date."""
    next_year = _next_year(plan.year)
    if ServicePlan.objects.filter(service=plan.service, year=next_year).exists():
        raise ValidationError(f"{plan.service} already has a plan for {next_year}")
    new_plan = ServicePlan(
        service=plan.service, year=next_year, rolled_forward_from=plan, last_edited_by=actor
    )
    reason = f"Rolled forward from {plan.year}"
    save_with_history(new_plan, actor=actor, reason=reason)
    impacts = {
        impact.pk: _copy(impact, actor=actor, reason=reason, plan=new_plan, rolled_from=impact)
        for impact in plan.impacts.all()
    }
    _copy_actions(plan, new_plan, impacts=impacts, actor=actor, reason=reason)
    for entry in plan.self_assessment.all():
        _copy(entry, actor=actor, reason=reason, plan=new_plan)
    _copy_workforce(plan, new_plan, actor=actor, reason=reason)
    _copy_assurance(plan, new_plan, actor=actor, reason=reason)
    for commitment in plan.commitments.exclude(status=CommitmentStatus.COMPLETE):
        _copy(commitment, actor=actor, reason=reason, plan=new_plan)
    return new_plan


def _copy_actions(plan, new_plan, *, impacts, actor, reason) -> None:
    from planning.selectors.delivery import open_actions

    actions = open_actions(plan)
    targets = next_year_targets(actions, year=new_plan.year)
    for action in actions:
        copy = ServiceAction(
            plan=new_plan,
            ref=action.ref,
            title=action.title,
            description=action.description,
            order=action.order,
            lead_id=action.lead_id,
            due_date=action.current_due_date,
            impact=impacts.get(action.impact_id),
            programme_ref=action.programme_ref,
            in_delivery_plan=action.in_delivery_plan,
            rolled_from=action,
        )
        copy.set_serves(targets.get(_target_key(action)))
        save_with_history(copy, actor=actor, reason=reason)


def _copy_workforce(plan, new_plan, *, actor, reason) -> None:
    for team in plan.workforce.all():
        _copy(team, actor=actor, reason=reason, plan=new_plan)
    workforce = Workforce.objects.filter(plan=plan).first()
    if workforce is not None:
        # The sickness rate is a measure of the last twelve months: next year's is new.
        _copy(workforce, actor=actor, reason=reason, plan=new_plan, sickness_days_per_fte=None)


def _copy_assurance(plan, new_plan, *, actor, reason) -> None:
    assurance = Assurance.objects.filter(plan=plan).first()
    if assurance is not None:
        _copy(assurance, actor=actor, reason=reason, plan=new_plan)
    for policy in plan.policies.all():
        _copy(policy, actor=actor, reason=reason, plan=new_plan)
    for contract in plan.contracts.filter(end_date__gte=new_plan.year.starts):
        _copy(contract, actor=actor, reason=reason, plan=new_plan)


# --- the plans above: delivery plan and directorate plans ----------------------------


@transaction.atomic
def annual_plan_roll_forward(*, plan: DeliveryPlan | DirectoratePlan, actor):
    """Start next year's delivery plan or directorate plan from this one, with every item
    copied and its link up kept where it can be (see `next_year_targets`). Next year's
    copies of the items below that served this plan's items — priorities, service actions —
    are then linked to the new copies."""
    next_year = _next_year(plan.year)
    if isinstance(plan, DeliveryPlan):
        corporate = plan.corporate_plan
        if not corporate.covers(next_year):
            corporate = next((c for c in CorporatePlan.objects.all() if c.covers(next_year)), None)
        if corporate is None:
            raise ValidationError(f"No corporate plan covers {next_year} yet")
        if DeliveryPlan.objects.filter(year=next_year).exists():
            raise ValidationError(f"There is already a delivery plan for {next_year}")
        new_plan = DeliveryPlan(year=next_year, corporate_plan=corporate)
    else:
        if DirectoratePlan.objects.filter(directorate=plan.directorate, year=next_year).exists():
            raise ValidationError(f"{plan.directorate} already has a plan for {next_year}")
        new_plan = DirectoratePlan(year=next_year, directorate=plan.directorate)
    reason = f"Rolled forward from {plan.year}"
    save_with_history(new_plan, actor=actor, reason=reason)
    items = list(plan.items.all())
    targets = next_year_targets(items, year=next_year)
    copies = {}
    for item in items:
        copy = _clone(item, plan=new_plan, rolled_from=item)
        copy.set_serves(targets.get(_target_key(item)))
        save_with_history(copy, actor=actor, reason=reason)
        copies[item.pk] = copy
    _repoint_below(copies, model=type(plan.items.model()), year=next_year, actor=actor)
    return new_plan
