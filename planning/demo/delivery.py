"""The delivery plan section of every demo Service Business Plan, and the plans' QA trail.

Each plan gets two or three impacts sought with its actions shared out under them, a few
milestones per action, and the quarterly RAG updates its lead officers have posted so far
this year: mostly green, some amber and red (with commentary and recovery actions), some
completed (blue). Some actions have revised due dates, some are overdue. Plans that have
been through QA carry their trail: submitted, returned with feedback, signed off,
published.
"""

import datetime as dt
from collections import defaultdict

from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from core import periods
from core.clock import today
from planning.models import (
    ActionUpdate,
    Impact,
    Milestone,
    PlanReview,
    PlanStatus,
    ReviewStep,
    ServiceAction,
    ServicePlan,
)
from planning.services import action_positions_refresh

from .base import HISTORY_REASON, Council, bulk_add, rng_for
from .people import head_slot, username_for
from .words import (
    AMBER_COMMENTARY,
    GREEN_COMMENTARY,
    IMPACT_TEMPLATES,
    MILESTONE_TEMPLATES,
    QA_FEEDBACK,
    RECOVERY_ACTIONS,
    RED_COMMENTARY,
    REVISION_REASONS,
)

SIGNED = (PlanStatus.SIGNED_OFF, PlanStatus.PUBLISHED)
STEPS = {
    PlanStatus.SUBMITTED: (ReviewStep.SUBMITTED,),
    PlanStatus.RETURNED: (ReviewStep.SUBMITTED, ReviewStep.RETURNED),
    PlanStatus.SIGNED_OFF: (ReviewStep.SUBMITTED, ReviewStep.SIGNED_OFF),
    PlanStatus.PUBLISHED: (ReviewStep.SUBMITTED, ReviewStep.SIGNED_OFF, ReviewStep.PUBLISHED),
}


def delivery_seed(*, council: Council) -> None:
    """Impacts, milestones, revised dates, quarterly updates and QA steps for every plan
    that has none yet."""
    plans = {
        plan.pk: plan for plan in ServicePlan.objects.filter(pk__in=council.service_plans.values())
    }
    people = _service_people(council)
    new_plans = _impacts_seed(council=council, plans=plans)
    _actions_arrange(council=council, plan_ids=new_plans, plans=plans)
    _milestones_seed(council=council, plan_ids=new_plans)
    _updates_seed(council=council, plan_ids=new_plans)
    _reviews_seed(council=council, plans=plans, people=people)


def _service_people(council: Council) -> dict[int, tuple[int, int]]:
    """Each plan's head of service and performance lead (person ids)."""
    result = {}
    for directorate, _, entry in council.scale.services():
        head = council.people[username_for(head_slot(service=entry))]
        lead = council.people[username_for(f"lead.{directorate.portfolio}")]
        result[council.service_plans[entry.code]] = (head, lead)
    return result


def _impacts_seed(*, council: Council, plans: dict[int, ServicePlan]) -> list[int]:
    have = set(Impact.objects.filter(plan_id__in=plans).values_list("plan_id", flat=True))
    rows = []
    new_plans = []
    for _, _, entry in council.scale.services():
        plan_id = council.service_plans[entry.code]
        if plan_id in have:
            continue
        new_plans.append(plan_id)
        rng = rng_for("impacts", entry.code)
        templates = rng.sample(IMPACT_TEMPLATES, rng.randint(2, 3))
        for number, template in enumerate(templates, start=1):
            subject = entry.subjects[(number - 1) % len(entry.subjects)]
            rows.append(Impact(plan_id=plan_id, title=template.format(s=subject), order=number))
    bulk_add(council=council, model=Impact, rows=rows)
    return new_plans


def _actions_arrange(
    *, council: Council, plan_ids: list[int], plans: dict[int, ServicePlan]
) -> None:
    """Share each new plan's actions out under its impacts; flag Delivery Plan actions and
    programme references; revise some due dates in plans already signed off; and record
    the plans' sign-off date and last editor."""
    impacts = defaultdict(list)
    for impact_id, plan_id in Impact.objects.filter(plan_id__in=plan_ids).values_list(
        "pk", "plan_id"
    ):
        impacts[plan_id].append(impact_id)
    actions = list(ServiceAction.objects.filter(plan_id__in=plan_ids).order_by("plan_id", "order"))
    for action in actions:
        rng = rng_for("arrange", action.ref)
        choices = impacts[action.plan_id]
        action.impact_id = choices[(action.order - 1) % len(choices)]
        action.in_delivery_plan = action.serves_activity_id is not None or rng.random() < 0.1
        if rng.random() < 0.15:
            action.programme_ref = f"PMO-{rng.randint(100, 999)}"
        signed = plans[action.plan_id].status in SIGNED
        if signed and action.due_date and rng.random() < 0.12:
            revisions = rng.choice((1, 1, 2))
            action.revised_due_date = action.due_date + dt.timedelta(days=rng.randint(45, 120))
            action.revised_due_reason = rng.choice(REVISION_REASONS)
            action.due_date_revisions = revisions
    if actions:
        bulk_update_with_history(
            actions,
            ServiceAction,
            [
                "impact",
                "in_delivery_plan",
                "programme_ref",
                "revised_due_date",
                "revised_due_reason",
                "due_date_revisions",
            ],
            batch_size=500,
            default_change_reason=HISTORY_REASON,
        )
    signed_plans = [plans[pk] for pk in plan_ids if plans[pk].status in SIGNED]
    now = timezone.now()
    for plan in signed_plans:
        plan.signed_off_at = now
    if signed_plans:
        bulk_update_with_history(
            signed_plans, ServicePlan, ["signed_off_at"], default_change_reason=HISTORY_REASON
        )


def _milestones_seed(*, council: Council, plan_ids: list[int]) -> None:
    rows = []
    for pk, ref, start, due in ServiceAction.objects.filter(plan_id__in=plan_ids).values_list(
        "pk", "ref", "start_date", "due_date"
    ):
        if not (start and due):
            continue
        rng = rng_for("milestones", ref)
        count = rng.randint(1, 2 if council.scale.is_small else 1)
        span = (due - start).days
        for number in range(1, count + 1):
            day = start + dt.timedelta(days=span * number // (count + 1))
            rows.append(
                Milestone(
                    action_id=pk,
                    title=rng.choice(MILESTONE_TEMPLATES),
                    due_date=day,
                    done=day < today() and rng.random() < 0.8,
                )
            )
    bulk_add(council=council, model=Milestone, rows=rows)


def _quarter_now(council: Council) -> int:
    return periods.quarter_reached(council.year.start_year, today())


def _updates_seed(*, council: Council, plan_ids: list[int]) -> None:
    """Updates for every finished quarter an action was live in, and for the current
    quarter for about half of them: the rest are due. Each action's story is one of
    steady green, a wobble to amber, trouble (red) or completed (blue)."""
    quarter_now = _quarter_now(council)
    year = council.year
    rows = []
    for action in ServiceAction.objects.filter(plan_id__in=plan_ids).order_by("pk"):
        rng = rng_for("updates", action.ref)
        first = year.quarter_of(action.start_date) if action.start_date else 1
        last = quarter_now if rng.random() < 0.5 else quarter_now - 1
        quarters = list(range(first or 1, last + 1))
        if not quarters:
            continue
        story = rng.choices(("green", "amber", "red", "blue"), (50, 20, 12, 18))[0]
        for position, quarter in enumerate(quarters, start=1):
            final = position == len(quarters)
            rag = story if final else ("green" if story == "blue" else rng.choice(("green", story)))
            rows.append(_update_row(action=action, quarter=quarter, rag=rag, rng=rng, year=year))
    saved = bulk_add(council=council, model=ActionUpdate, rows=rows)
    # Each update was posted in its quarter (as at a past month's end, the dashboard counts
    # only what was posted by then), not when the demo was seeded.
    for row, posted in zip(saved, (row.posted for row in rows), strict=True):
        row.created_at = posted
    ActionUpdate.objects.bulk_update(saved, ["created_at"], batch_size=500)
    action_positions_refresh(
        action_ids=ServiceAction.objects.filter(plan_id__in=plan_ids).values("pk")
    )


def _update_row(*, action, quarter: int, rag: str, rng, year) -> ActionUpdate:
    _, quarter_start, quarter_end = year.quarters[quarter - 1]
    row = ActionUpdate(action_id=action.pk, quarter=quarter, rag=rag, posted_by_id=action.lead_id)
    posted_on = max(
        quarter_start, min(quarter_end, today()) - dt.timedelta(days=rng.randint(0, 10))
    )
    row.posted = dt.datetime.combine(posted_on, dt.time(10), tzinfo=periods.UK)
    if rag == "green":
        row.commentary = rng.choice(GREEN_COMMENTARY) if rng.random() < 0.6 else ""
    elif rag in ("amber", "red"):
        row.commentary = rng.choice(AMBER_COMMENTARY if rag == "amber" else RED_COMMENTARY)
    if rag == "red":
        row.recovery_action = rng.choice(RECOVERY_ACTIONS)
    if rag == "blue":
        row.completed_on = min(quarter_end, today()) - dt.timedelta(days=rng.randint(0, 20))
    return row


def _reviews_seed(
    *, council: Council, plans: dict[int, ServicePlan], people: dict[int, tuple[int, int]]
) -> None:
    """The QA trail of every plan that has left draft, with the head as last editor."""
    have = set(PlanReview.objects.filter(plan_id__in=plans).values_list("plan_id", flat=True))
    rows, touched = [], []
    for plan_id, plan in plans.items():
        if plan_id in have or plan.status not in STEPS or plan_id not in people:
            continue
        head, lead = people[plan_id]
        for step in STEPS[plan.status]:
            actor = head if step == ReviewStep.SUBMITTED else lead
            feedback = ""
            if step == ReviewStep.RETURNED:
                feedback = rng_for("feedback", plan_id).choice(QA_FEEDBACK)
            rows.append(PlanReview(plan_id=plan_id, step=step, actor_id=actor, feedback=feedback))
        plan.last_edited_by_id = head
        touched.append(plan)
    bulk_add(council=council, model=PlanReview, rows=rows)
    if touched:
        bulk_update_with_history(
            touched, ServicePlan, ["last_edited_by"], default_change_reason=HISTORY_REASON
        )
