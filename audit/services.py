"""Every write to recommendations: atomic, validated, with who and why in the history."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.history import check_version, locked
from core.saving import save_with_history
from planning.models import NotificationKind, Person
from planning.selectors.notifications import performance_leads_of
from planning.services.notifications import notify

from .models import (
    AUDIT_SOURCES,
    Audit,
    Decision,
    ExtensionRequest,
    Recommendation,
    RecommendationUpdate,
    Status,
)


@transaction.atomic
def audit_create(
    *,
    actor: Person,
    title: str,
    source: str,
    body: str,
    report_date: dt.date,
    opinion: str,
    services: list,
) -> Audit:
    """Record an audit report (internal or external, with the auditor's name and its
    assurance opinion) or another source of commitments, and the services it covers. An
    audit report always carries an opinion; other sources need not."""
    if source in AUDIT_SOURCES and not opinion:
        raise ValidationError({"opinion": "Choose the assurance opinion"})
    if not services:
        raise ValidationError({"services": "Choose at least one service covered"})
    audit = Audit(
        title=title.strip(),
        source=source,
        body=body.strip(),
        report_date=report_date,
        opinion=opinion,
    )
    save_with_history(audit, actor=actor, reason="Audit recorded")
    audit.services.set(services)
    return audit


@transaction.atomic
def recommendation_add(*, audit: Audit, actor: Person, due: dt.date, **fields) -> Recommendation:
    """Record a recommendation with the action management agreed and its due date, agreed
    on the report date. From then on the original due date is fixed: later dates come only
    through approved extensions. It belongs to one of the services the audit covers."""
    locked(audit)  # two recording the same reference at once are taken in turn
    service = fields["service"]
    if not audit.services.filter(pk=service.pk).exists():
        raise ValidationError({"service": "Choose a service this audit covers"})
    if due <= audit.report_date:
        raise ValidationError(
            {"due": f"The due date must be after the report date, {audit.report_date:%-d %B %Y}"}
        )
    if audit.recommendations.filter(ref=fields["ref"]).exists():
        raise ValidationError(
            {"ref": "This audit already has a recommendation with that reference"}
        )
    rec = recommendation_create(actor=actor, audit=audit, **fields)
    return recommendation_agree(
        recommendation=rec, actor=actor, due=due, agreed_on=audit.report_date
    )


@transaction.atomic
def recommendation_create(*, actor: Person, **fields) -> Recommendation:
    """Record a recommendation from an audit or other source (not yet agreed)."""
    rec = Recommendation(**fields)
    save_with_history(rec, actor=actor, reason="Recommendation recorded")
    return rec


@transaction.atomic
def recommendation_agree(
    *, recommendation: Recommendation, actor: Person, due: dt.date, agreed_on: dt.date
) -> Recommendation:
    """Agree the management action and its due date. Once agreed, the original due date
    never changes: later dates come only through approved extensions."""
    if recommendation.agreed_on is not None:
        raise ValidationError("The original due date is fixed once agreed: request an extension")
    recommendation.original_due_date = due
    recommendation.agreed_on = agreed_on
    save_with_history(recommendation, actor=actor, reason="Action and due date agreed")
    return recommendation


@transaction.atomic
def recommendation_update(
    *,
    recommendation: Recommendation,
    actor: Person,
    status: str,
    percent_complete: int,
    commentary: str,
    rag_override: str = "",
    rag_override_reason: str = "",
    version: str | None = None,
) -> RecommendationUpdate:
    """Post a progress update: status, percentage and commentary are kept as an update
    entry and become the recommendation's latest position. A RAG override needs a reason;
    a complete status means 100%. Refused (EditConflict) if someone changed the
    recommendation since the form was opened: their update would be silently replaced."""
    recommendation = locked(recommendation)
    check_version(recommendation, version)
    if rag_override and not rag_override_reason.strip():
        raise ValidationError({"rag_override_reason": "Enter why the RAG status is overridden"})
    if status in (Status.IMPLEMENTED, Status.VERIFIED, Status.CLOSED):
        percent_complete = 100
    recommendation.status = status
    recommendation.percent_complete = percent_complete
    recommendation.commentary = commentary
    recommendation.rag_override = rag_override
    recommendation.rag_override_reason = rag_override_reason.strip() if rag_override else ""
    update = RecommendationUpdate(
        recommendation=recommendation,
        by=actor,
        at=timezone.now(),
        commentary=commentary,
        percent_complete=percent_complete,
        status=status,
    )
    save_with_history(recommendation, actor=actor, reason="Progress update")
    save_with_history(update, actor=actor, reason="Progress update")
    return update


@transaction.atomic
def extension_request(
    *, recommendation: Recommendation, actor: Person, proposed_date: dt.date, reason: str
) -> ExtensionRequest:
    """The owner asks for a later due date, with a reason; one request waits at a time
    (two asked at once are taken in turn, so the second finds the first waiting)."""
    recommendation = locked(recommendation)
    if not recommendation.is_open:
        raise ValidationError("Only an open recommendation can be extended")
    current = recommendation.due_date
    if current is not None and proposed_date <= current:
        raise ValidationError(
            {"proposed_date": f"The new due date must be after {current:%d %B %Y}"}
        )
    if recommendation.extensions.filter(decision=Decision.PENDING).exists():
        raise ValidationError("An extension is already waiting for a decision")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why more time is needed"})
    extension = ExtensionRequest(
        recommendation=recommendation,
        requested_by=actor,
        requested_at=timezone.now(),
        proposed_date=proposed_date,
        reason=reason.strip(),
        entered_by=actor,
        entered_at=timezone.now(),
    )
    save_with_history(extension, actor=actor, reason="Extension requested")
    notify(
        recipients=[p for p in performance_leads_of(recommendation.service) if p.pk != actor.pk],
        kind=NotificationKind.EXTENSION_REQUESTED,
        subject=f"Extension to decide: {recommendation.ref} {recommendation.title}",
        body=f"{actor} asks for {extension.proposed_date:%d %B %Y}: {extension.reason}",
        link=extension.get_absolute_url(),
        event=f"extension:{extension.pk}:requested",
    )
    return extension


@transaction.atomic
def extension_decide(
    *, extension: ExtensionRequest, actor: Person, approve: bool, note: str = ""
) -> ExtensionRequest:
    """A performance lead approves (the revised due date becomes the proposed date, the
    revision count goes up by one and the reason is kept) or refuses, with who and when.
    A request is decided once: of two decisions made at once, the second finds it decided."""
    rec = locked(extension.recommendation)
    extension = locked(extension)
    if extension.decision != Decision.PENDING:
        raise ValidationError("This request has already been decided")
    if not approve and not note.strip():
        raise ValidationError({"note": "Enter why the extension is refused"})
    extension.decision = Decision.APPROVED if approve else Decision.REFUSED
    extension.decided_by = actor
    extension.decided_at = timezone.now()
    extension.decision_note = note.strip()
    save_with_history(extension, actor=actor, reason=extension.get_decision_display())
    if approve:
        rec.revised_due_date = extension.proposed_date
        rec.revision_reason = extension.reason
        rec.revision_count += 1
        save_with_history(rec, actor=actor, reason=f"Extension {rec.revision_count} approved")
    extension.recommendation = rec
    word = "approved" if approve else "refused"
    notify(
        recipients=[
            p for p in {rec.owner, extension.requested_by} if p is not None and p.pk != actor.pk
        ],
        kind=NotificationKind.EXTENSION_DECIDED,
        subject=f"Extension {word}: {rec.ref} {rec.title}",
        body=extension.decision_note,
        link=rec.get_absolute_url(),
        event=f"extension:{extension.pk}:decided",
    )
    return extension
