"""A Service Business Plan's way through QA: draft → submitted → returned with feedback or
signed off → published, and rolling a plan forward into next year."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.saving import save_with_history
from planning.models import (
    NotificationKind,
    PlanReview,
    PlanStatus,
    ReviewStep,
    ServicePlan,
)
from planning.selectors.notifications import heads_of, performance_leads_of

from .notifications import notify

SUBMITTABLE = (PlanStatus.DRAFT, PlanStatus.RETURNED)


def _lock(plan: ServicePlan) -> None:
    """Hold the plan's row for the rest of the transaction and read its current state, so
    two people acting on it at once are taken in turn."""
    ServicePlan.objects.select_for_update().filter(pk=plan.pk).first()
    plan.refresh_from_db()


def _move(plan: ServicePlan, *, actor, to: str, step: str, feedback: str = "") -> PlanReview:
    plan.status = to
    if to == PlanStatus.SIGNED_OFF and plan.signed_off_at is None:
        plan.signed_off_at = timezone.now()
    save_with_history(plan, actor=actor, reason=ReviewStep(step).label)
    review = PlanReview(plan=plan, step=step, actor=actor, feedback=feedback)
    save_with_history(review, actor=actor, reason=ReviewStep(step).label)
    _tell(plan, review)
    return review


def _tell(plan: ServicePlan, review: PlanReview) -> None:
    """Who hears of each step: a submitted plan the performance leads of the service's
    portfolio, who QA it; a return (with its feedback), a sign-off and a publication the
    service's heads of service. Whoever took the step is not told of it."""
    service = plan.service
    if review.step == ReviewStep.SUBMITTED:
        kind, recipients = NotificationKind.PLAN_SUBMITTED, performance_leads_of(service)
        subject = f"Submitted for sign-off: {service} {plan.year} plan"
    else:
        kind = {
            ReviewStep.RETURNED: NotificationKind.PLAN_RETURNED,
            ReviewStep.SIGNED_OFF: NotificationKind.PLAN_SIGNED_OFF,
            ReviewStep.PUBLISHED: NotificationKind.PLAN_PUBLISHED,
        }[review.step]
        recipients = heads_of(service)
        word = {"returned": "Returned", "signed_off": "Signed off", "published": "Published"}
        subject = f"{word[review.step]}: {service} {plan.year} plan"
    notify(
        recipients=[p for p in recipients if p.pk != review.actor_id],
        kind=kind,
        subject=subject,
        body=review.feedback,
        link=plan.get_absolute_url(),
        event=f"plan:{plan.pk}:review:{review.pk}",
    )


@transaction.atomic
def plan_submit(*, plan: ServicePlan, actor) -> PlanReview:
    """The head of service submits a draft (or returned) plan for sign-off."""
    _lock(plan)
    if plan.status not in SUBMITTABLE:
        raise ValidationError(f"A {plan.get_status_display().lower()} plan cannot be submitted")
    return _move(plan, actor=actor, to=PlanStatus.SUBMITTED, step=ReviewStep.SUBMITTED)


@transaction.atomic
def plan_return(*, plan: ServicePlan, actor, feedback: str) -> PlanReview:
    """The performance lead returns a submitted plan with written feedback."""
    _lock(plan)
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError("Only a submitted plan can be returned")
    if not feedback.strip():
        raise ValidationError({"feedback": "Enter your feedback for the head of service"})
    return _move(
        plan,
        actor=actor,
        to=PlanStatus.RETURNED,
        step=ReviewStep.RETURNED,
        feedback=feedback.strip(),
    )


def sign_off_problem(*, status: str, last_edited_by_id: int | None, actor_id: int) -> str | None:
    """A plan is signed off only once submitted, and never by the person who last edited
    it: QA is a second pair of eyes."""
    if status != PlanStatus.SUBMITTED:
        return "Only a submitted plan can be signed off"
    if last_edited_by_id is not None and last_edited_by_id == actor_id:
        return (
            "You cannot sign off this plan because you made the last change to it: "
            "another performance lead or an administrator must sign it off"
        )
    return None


@transaction.atomic
def plan_sign_off(*, plan: ServicePlan, actor) -> PlanReview:
    """The performance lead for the service's portfolio signs a submitted plan off."""
    _lock(plan)
    problem = sign_off_problem(
        status=plan.status, last_edited_by_id=plan.last_edited_by_id, actor_id=actor.pk
    )
    if problem:
        raise ValidationError(problem)
    return _move(plan, actor=actor, to=PlanStatus.SIGNED_OFF, step=ReviewStep.SIGNED_OFF)


@transaction.atomic
def plan_publish(*, plan: ServicePlan, actor) -> PlanReview:
    """A signed-off plan is published: it stays live and editable in year."""
    _lock(plan)
    if plan.status != PlanStatus.SIGNED_OFF:
        raise ValidationError("Only a signed-off plan can be published")
    return _move(plan, actor=actor, to=PlanStatus.PUBLISHED, step=ReviewStep.PUBLISHED)
