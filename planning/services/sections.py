"""Writes to the narrative sections of a Service Business Plan."""

from django.core.exceptions import ValidationError
from django.db import transaction

from core.history import Change, EditConflict, check_version, locked
from core.saving import save_with_history
from planning.models import SelfAssessmentEntry, ServicePlan, themes_for

from .delivery import plan_touch, reason_for

NEW = "new"  # the version token of a form opened before the entry existed


@transaction.atomic
def self_assessment_save(
    *, plan: ServicePlan, theme: str, narrative: str, actor, version: str | None = None
) -> SelfAssessmentEntry:
    """Save the narrative for one theme of the plan's self-assessment.

    Refused if someone saved that theme since the form was opened (including writing it
    first while this form was open)."""
    themes = {t.key: t for t in themes_for(plan.service.self_assessment_variant)}
    if theme not in themes:
        raise ValidationError("Choose a theme of this plan's self-assessment")
    locked(plan)  # one entry a theme: two first saves at once are taken in turn
    entry = SelfAssessmentEntry.objects.filter(plan=plan, theme=theme).first()
    if entry is None:
        entry = SelfAssessmentEntry(plan=plan, theme=theme)
    elif version == NEW:
        latest = entry.history.select_related("history_user").first()
        raise EditConflict(
            who=latest.history_user if latest else None,
            when=latest.history_date if latest else None,
            changes=[Change("Narrative", "(blank)", entry.narrative)],
        )
    else:
        check_version(entry, version)
    entry.narrative = narrative.strip()
    save_with_history(
        entry, actor=actor, reason=reason_for(plan, f"Self-assessment: {themes[theme].title}")
    )
    plan_touch(plan=plan, actor=actor)
    return entry


COMMITMENT_FIELDS = ("source", "title", "agreed_action", "owner", "due_date", "status", "rag")


@transaction.atomic
def commitment_save(
    *, plan: ServicePlan, actor, data: dict, commitment=None, version: str | None = None
):
    """Add a commitment to the plan or change one (refused if changed meanwhile)."""
    from planning.models import Commitment

    if commitment is None:
        commitment = Commitment(plan=plan)
        reason = "Commitment added"
    else:
        commitment = locked(commitment)
        check_version(commitment, version)
        reason = "Commitment changed"
    for name in COMMITMENT_FIELDS:
        if name in data:
            setattr(commitment, name, data[name])
    save_with_history(commitment, actor=actor, reason=reason_for(plan, reason))
    plan_touch(plan=plan, actor=actor)
    return commitment
