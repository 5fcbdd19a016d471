"""Recommendation writes on the real database: fixed dates, extensions, updates."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from audit import services
from audit.models import Decision, Recommendation

pytestmark = pytest.mark.django_db


def test_the_database_refuses_to_change_an_agreed_original_due_date(audit_world):
    rec = audit_world.rec
    with pytest.raises(DatabaseError, match="fixed once agreed"), transaction.atomic():
        Recommendation.objects.filter(pk=rec.pk).update(original_due_date=dt.date(2028, 1, 1))
    rec.refresh_from_db()
    assert rec.original_due_date == dt.date(2027, 3, 31)


def test_the_database_refuses_to_un_agree_a_recommendation(audit_world):
    with pytest.raises(DatabaseError), transaction.atomic():
        Recommendation.objects.filter(pk=audit_world.rec.pk).update(agreed_on=None)


def test_a_due_date_can_be_set_before_agreement(audit_world, world):
    rec = services.recommendation_create(
        actor=world.people["head"],
        audit=audit_world.audit,
        service=world.service,
        owner=world.people["head"],
        ref="GM-9",
        title="Draft",
        original_due_date=dt.date(2027, 1, 1),
    )
    Recommendation.objects.filter(pk=rec.pk).update(original_due_date=dt.date(2027, 2, 1))
    rec.refresh_from_db()
    assert rec.original_due_date == dt.date(2027, 2, 1)


def test_agreeing_twice_is_refused(audit_world, world):
    with pytest.raises(ValidationError, match="fixed once agreed"):
        services.recommendation_agree(
            recommendation=audit_world.rec,
            actor=world.people["head"],
            due=dt.date(2028, 1, 1),
            agreed_on=dt.date(2026, 5, 1),
        )


def test_an_approved_extension_revises_the_date_and_counts(audit_world, world):
    lead = world.people["lead"]
    extension = services.extension_decide(extension=audit_world.extension, actor=lead, approve=True)
    rec = Recommendation.objects.get(pk=audit_world.rec.pk)
    assert rec.original_due_date == dt.date(2027, 3, 31)
    assert rec.revised_due_date == dt.date(2027, 6, 30)
    assert rec.revision_count == 1
    assert rec.revision_reason == "The market test found one bidder"
    assert extension.decided_by == lead
    assert extension.decided_at is not None
    second = services.extension_request(
        recommendation=rec,
        actor=world.people["head"],
        proposed_date=dt.date(2027, 9, 30),
        reason="Again",
    )
    services.extension_decide(extension=second, actor=lead, approve=True)
    rec.refresh_from_db()
    assert (rec.revision_count, rec.revised_due_date) == (2, dt.date(2027, 9, 30))


def test_a_refused_extension_changes_no_dates_and_needs_a_note(audit_world, world):
    with pytest.raises(ValidationError, match="Enter why the extension is refused"):
        services.extension_decide(
            extension=audit_world.extension, actor=world.people["lead"], approve=False
        )
    services.extension_decide(
        extension=audit_world.extension, actor=world.people["lead"], approve=False, note="No"
    )
    rec = Recommendation.objects.get(pk=audit_world.rec.pk)
    assert (rec.revised_due_date, rec.revision_count) == (None, 0)
    assert audit_world.extension.decision == Decision.REFUSED


def test_a_decided_extension_cannot_be_decided_again(audit_world, world):
    services.extension_decide(
        extension=audit_world.extension, actor=world.people["lead"], approve=True
    )
    with pytest.raises(ValidationError, match="already"):
        services.extension_decide(
            extension=audit_world.extension, actor=world.people["lead"], approve=True
        )


def test_only_one_request_waits_at_a_time(audit_world, world):
    with pytest.raises(ValidationError, match="already waiting"):
        services.extension_request(
            recommendation=audit_world.rec,
            actor=world.people["head"],
            proposed_date=dt.date(2027, 12, 1),
            reason="More",
        )


def test_an_extension_must_move_the_date_later(audit_world, world):
    with pytest.raises(ValidationError, match="must be after"):
        services.extension_request(
            recommendation=audit_world.other_rec,
            actor=world.people["other_head"],
            proposed_date=dt.date(2027, 1, 1),
            reason="Sooner?",
        )


def test_an_update_is_kept_and_an_override_needs_a_reason(audit_world, world):
    rec, head = audit_world.rec, world.people["head"]
    with pytest.raises(ValidationError, match="Enter why the RAG status is overridden"):
        services.recommendation_update(
            recommendation=rec,
            actor=head,
            status="in_progress",
            percent_complete=10,
            commentary="Started",
            rag_override="green",
        )
    services.recommendation_update(
        recommendation=rec,
        actor=head,
        status="in_progress",
        percent_complete=10,
        commentary="Started",
        rag_override="green",
        rag_override_reason="Supplier confirmed",
    )
    rec.refresh_from_db()
    assert rec.updates.count() == 1
    rating = rec.rating(dt.date(2026, 11, 23))
    assert rating.rag == "green"
    assert "Supplier confirmed" in rating.explanation
    assert rec.history.first().history_user == head


def test_implemented_means_complete(audit_world, world):
    services.recommendation_update(
        recommendation=audit_world.rec,
        actor=world.people["head"],
        status="implemented",
        percent_complete=60,
        commentary="Done",
    )
    rec = Recommendation.objects.get(pk=audit_world.rec.pk)
    assert rec.percent_complete == 100
    assert rec.rating(dt.date(2030, 1, 1)).rag == "blue"


def test_a_priority_outside_the_councils_scale_is_refused(audit_world, world, settings):
    settings.AUDIT_PRIORITIES = {1: "High", 2: "Low"}
    with pytest.raises(ValidationError, match="priority"):
        services.recommendation_create(
            actor=world.people["head"],
            audit=audit_world.audit,
            service=world.service,
            owner=world.people["head"],
            ref="GM-8",
            title="Odd",
            priority=3,
        )
