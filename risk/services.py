"""Every write to risk records: atomic, validated, with who and why in the history."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import periods
from core.history import check_version, locked
from core.saving import save_with_history
from planning.models import Person

from . import rules
from .models import (
    LEVEL_RANK,
    ActionStatus,
    Level,
    Risk,
    RiskAction,
    RiskEscalation,
    RiskMatrix,
    RiskRegister,
    RiskReview,
    RiskStatus,
)


def matrix_default() -> RiskMatrix:
    """The council's default 5 × 5 matrix (created once)."""
    matrix = RiskMatrix.objects.filter(name="Council matrix").order_by("-version").first()
    if matrix is None:
        matrix = RiskMatrix(
            name="Council matrix",
            likelihood_levels=rules.DEFAULT_LIKELIHOOD,
            impact_levels=rules.DEFAULT_IMPACT,
            bands=rules.DEFAULT_BANDS,
        )
        save_with_history(matrix, actor=None, reason="Default 5 × 5 matrix")
    return matrix


def matrix_in_use(matrix: RiskMatrix) -> bool:
    return matrix.pk is not None and RiskRegister.objects.filter(matrix=matrix).exists()


@transaction.atomic
def matrix_update(*, matrix: RiskMatrix, actor: Person, **changes) -> RiskMatrix:
    """Change a matrix that no register uses yet. A matrix in use is frozen, so that a
    score has the same band in every register sharing it: make a new version instead."""
    if matrix_in_use(matrix):
        raise ValidationError(
            "This matrix is used by a risk register and cannot be changed: make a new version"
        )
    for name, value in changes.items():
        setattr(matrix, name, value)
    save_with_history(matrix, actor=actor, reason="Matrix changed")
    return matrix


@transaction.atomic
def matrix_new_version(*, matrix: RiskMatrix, actor: Person, **changes) -> RiskMatrix:
    """A copy of the matrix with the next version number and the given changes; registers
    move to it only when an administrator chooses. Two administrators saving a new version
    at once are taken in turn: the first version of the matrix is held while the next
    number is read, so each gets its own."""
    first = RiskMatrix.objects.filter(name=matrix.name).order_by("version")
    list(first.select_for_update(of=("self",)).values_list("pk", flat=True)[:1])
    latest = RiskMatrix.objects.filter(name=matrix.name).order_by("-version").first()
    copy = RiskMatrix(
        name=matrix.name,
        version=latest.version + 1,
        likelihood_levels=changes.get("likelihood_levels", matrix.likelihood_levels),
        impact_levels=changes.get("impact_levels", matrix.impact_levels),
        bands=changes.get("bands", matrix.bands),
        score_only=changes.get("score_only", matrix.score_only),
    )
    save_with_history(copy, actor=actor, reason=f"New version of {matrix}")
    return copy


@transaction.atomic
def register_for(*, level: str, service=None, directorate=None, matrix=None) -> RiskRegister:
    """The register of a service, a directorate or the council, created on first use with
    the council's current matrix."""
    lookup = {"level": level}
    if level == Level.SERVICE:
        lookup["service"] = service
        directorate = service.directorate
    elif level == Level.DIRECTORATE:
        lookup["directorate"] = directorate
    register = RiskRegister.objects.filter(**lookup).select_related("matrix").first()
    if register is None:
        register = RiskRegister(
            level=level,
            service=service,
            directorate=directorate,
            matrix=matrix or matrix_default(),
        )
        save_with_history(register, actor=None, reason="Register opened")
    return register


def band_of(risk: Risk) -> rules.Band:
    return risk.register.matrix.band(risk.current_score)


@transaction.atomic
def risk_create(*, register: RiskRegister, actor: Person, **fields) -> Risk:
    """Add a risk to a register. Two people adding the same reference at once are taken
    in turn, so the second is told the reference is taken."""
    locked(register)
    fields.pop("next_review_date", None)  # follows the band's cadence, never typed
    risk = Risk(register=register, **fields)
    risk.next_review_date = risk.next_review_due(register.matrix.band(risk.current_score))
    save_with_history(risk, actor=actor, reason="Risk added")
    return risk


@transaction.atomic
def risk_review_record(
    *,
    risk: Risk,
    actor: Person,
    commentary: str,
    likelihood: int | None = None,
    impact: int | None = None,
    score: int | None = None,
    reviewed_on: dt.date | None = None,
    quarter: tuple[int, int] | None = None,
    reviewed_by_id: int | None = None,
    version: str | None = None,
) -> RiskReview:
    """Record a quarter's review: this quarter's, or an earlier quarter's recorded late
    (backdated). The quarter's scores are kept; who reviewed it and when, and who entered
    it and when, are kept apart. A quarter that has not started is refused, and so is a
    second review for a past quarter; a second review this quarter replaces the first.
    The risk's current score and last review follow the latest quarter reviewed, and its
    next review follows its band's cadence. On a score-only register the review gives a
    score alone, from 1 to the matrix's top score. Refused (EditConflict) if the risk changed
    since the form was opened — another review among them — so one review never silently
    replaces another."""
    risk = locked(risk, Risk.objects.select_related("register__matrix"))
    check_version(risk, version)
    today = timezone.localdate()
    this_quarter = periods.year_and_quarter(today)
    if quarter is None:
        quarter = periods.year_and_quarter(reviewed_on) if reviewed_on else this_quarter
    if reviewed_on is None:
        reviewed_on = min(today, periods.quarter_ends(*quarter))
    _check_review_score(risk.register.matrix, likelihood, impact, score)
    start_year, number = quarter
    review = RiskReview.objects.filter(risk=risk, start_year=start_year, quarter=number).first()
    problem = rules.review_quarter_problem(
        quarter=quarter,
        this_quarter=this_quarter,
        reviewed_on=reviewed_on,
        today=today,
        already_reviewed=review is not None,
    )
    if problem:
        field, message = problem  # shown beside the field it is about
        raise ValidationError({field: message})
    if review is None:
        review = RiskReview(risk=risk, start_year=start_year, quarter=number)
    review.reviewed_on = reviewed_on
    review.reviewed_by_id = reviewed_by_id or actor.pk
    review.entered_by = actor
    review.entered_at = timezone.now()
    review.likelihood, review.impact, review.score_given = likelihood, impact, score
    review.commentary = commentary
    later = RiskReview.objects.filter(risk=risk).filter(
        Q(start_year__gt=start_year) | Q(start_year=start_year, quarter__gt=number)
    )
    if not later.exists():
        risk.current_likelihood, risk.current_impact = likelihood, impact
        risk.current_score_given = score
        risk.last_review_date = max(reviewed_on, risk.last_review_date or reviewed_on)
        risk.next_review_date = risk.next_review_due(band_of(risk))
    late = " (backdated)" if quarter < this_quarter else ""
    save_with_history(risk, actor=actor, reason=f"Reviewed for {review.quarter_label}{late}")
    save_with_history(review, actor=actor, reason=f"Quarterly review{late}")
    return review


def _check_review_score(matrix: RiskMatrix, likelihood, impact, score) -> None:
    if matrix.score_only:
        if likelihood is not None or impact is not None or score is None:
            raise ValidationError({"score": "This register records a score only: give the score"})
        if not 1 <= score <= matrix.top_score:
            raise ValidationError({"score": f"Give a score from 1 to {matrix.top_score}"})
    elif likelihood is None or impact is None or score is not None:
        raise ValidationError("Give the likelihood and the impact")


def escalation_choices(risk: Risk) -> list[str]:
    """The registers this risk may move to: any level above its home register, or back
    down to one level lower than it is shown now (de-escalation)."""
    shown = LEVEL_RANK[risk.shown_level]
    home = LEVEL_RANK[risk.register.level]
    return [level for level, rank in LEVEL_RANK.items() if rank >= home and rank != shown]


@transaction.atomic
def risk_escalate(
    *, risk: Risk, actor: Person, to_level: str, reason: str, version: str | None = None
) -> RiskEscalation:
    """Show the risk in a higher register (escalation) or take it back down
    (de-escalation). It stays one record: same owner, same score. Who, when and why are
    logged. Refused (EditConflict) if the risk changed since the form was opened."""
    risk = locked(risk, Risk.objects.select_related("register"))
    check_version(risk, version)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the risk is moving register"})
    if risk.status != RiskStatus.OPEN:
        raise ValidationError("A closed risk cannot move register")
    if to_level not in escalation_choices(risk):
        raise ValidationError({"to_level": "Choose a register this risk can move to"})
    from_level = risk.shown_level
    risk.escalated_to = "" if to_level == risk.register.level else to_level
    entry = RiskEscalation(
        risk=risk,
        from_level=from_level,
        to_level=to_level,
        by=actor,
        at=timezone.now(),
        reason=reason.strip(),
    )
    verb = "Escalated" if LEVEL_RANK[to_level] > LEVEL_RANK[from_level] else "De-escalated"
    save_with_history(risk, actor=actor, reason=f"{verb} to {to_level}: {reason.strip()}"[:100])
    save_with_history(entry, actor=actor, reason=verb)
    return entry


def escalation_prompt(risk: Risk) -> str | None:
    threshold = getattr(settings, "RISK_ESCALATION_THRESHOLD", 16)
    return rules.escalation_prompt(risk.current_score, risk.shown_level, threshold)


@transaction.atomic
def risk_action_save(
    *,
    risk: Risk,
    actor: Person,
    description: str,
    owner_id: int,
    due_date: dt.date | None,
    status: str = ActionStatus.NOT_STARTED,
    action: RiskAction | None = None,
    version: str | None = None,
) -> RiskAction:
    """Add a further action to a risk, or change one (what, who, when, how far along).
    A change is refused if someone saved the action after the form was opened."""
    if action is None:
        action = RiskAction(risk=risk)
        reason = "Further action added"
    else:
        action = locked(action, RiskAction.objects.filter(risk=risk))
        check_version(action, version)
        reason = "Further action changed"
    if risk.status != RiskStatus.OPEN and action.pk is None:
        raise ValidationError("A closed risk cannot be given new actions")
    action.description = description.strip()
    action.owner_id = owner_id
    action.due_date = due_date
    action.status = status
    save_with_history(action, actor=actor, reason=reason)
    return action


@transaction.atomic
def risk_action_mark_done(
    *, action: RiskAction, actor: Person, version: str | None = None
) -> RiskAction:
    """Mark a further action done. Refused, like any change, if someone saved the action
    since the page was opened (they may have changed what it is)."""
    action = locked(action)
    check_version(action, version)
    if action.status == ActionStatus.DONE:
        raise ValidationError("This action is already done")
    action.status = ActionStatus.DONE
    save_with_history(action, actor=actor, reason="Further action done")
    return action
