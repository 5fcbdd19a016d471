"""Telling people: a notification on their page for each event, and an email at once or in
a digest as each person chooses per kind (docs/adr/0022-notifications-and-email.md).

Every app calls `notify(...)` inside the transaction that makes the change: the
notification and its email row are written with the change, so a change rolled back
tells nobody, and the email is handed to the job service only once it has committed."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.saving import save_with_history
from planning.models import (
    Delivery,
    EmailDelivery,
    EmailStatus,
    Notification,
    NotificationKind,
    NotificationPreference,
    Person,
)
from planning.selectors.notifications import unread_count_for

log = logging.getLogger(__name__)

# A claim older than this is taken to be a worker that died before sending: the email is
# tried again (the one case where a person might get it twice: see ADR 0022).
STALE_CLAIM = dt.timedelta(minutes=15)
# A pending email not handed over for this long (the job service was down) is handed over
# again by the sweep.
REQUEUE_AFTER = dt.timedelta(minutes=2)


def _recount_unread(person_ids: Iterable[int]) -> None:
    """Count again the unread notifications of people whose notifications changed: now,
    for the writer's next page, and once the change commits, for everyone's."""
    ids = set(person_ids)

    def recount():
        for pk in ids:
            unread_count_for(person_id=pk, refresh=True)

    if ids:
        recount()
        transaction.on_commit(recount)


def preferences_for(person_ids: Iterable[int], kind: str) -> dict[int, str]:
    """How each person wants this kind told: email at once unless they chose otherwise."""
    ids = list(set(person_ids))
    chosen = dict(
        NotificationPreference.objects.filter(person_id__in=ids, kind=kind).values_list(
            "person_id", "delivery"
        )
    )
    return {pk: chosen.get(pk, Delivery.IMMEDIATE) for pk in ids}


def notify(
    *,
    recipients: Iterable[Person | None],
    kind: str,
    subject: str,
    event: str,
    link: str = "",
    body: str = "",
) -> list[Notification]:
    """Tell each recipient about one event (named by `event`, e.g. "plan:12:returned:40").
    A person already told of that event is not told again; nobody is told of their own
    absence (None recipients are skipped). Returns the notifications made now."""
    people = {p.pk: p for p in recipients if p is not None and p.is_active}
    if not people:
        return []
    key = f"{kind}:{event}"[:200]
    already = set(
        Notification.objects.filter(recipient_id__in=people, key=key).values_list(
            "recipient_id", flat=True
        )
    )
    wanted = preferences_for(set(people) - already, kind)
    made = []
    for person_id, delivery in sorted(wanted.items()):
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient_id=person_id,
                    kind=kind,
                    subject=subject[:300],
                    body=body,
                    link=link,
                    key=key,
                    delivery=delivery,
                )
                if delivery == Delivery.IMMEDIATE and people[person_id].email:
                    notification.email = EmailDelivery.objects.create(
                        recipient_id=person_id, key=f"n:{notification.pk}"
                    )
                    notification.save(update_fields=["email"])
                    email_enqueue_on_commit(notification.email_id)
        except IntegrityError:  # told of it at the same moment by another process
            continue
        made.append(notification)
    _recount_unread(n.recipient_id for n in made)
    return made


def email_enqueue_on_commit(delivery_id: int) -> None:
    transaction.on_commit(lambda: email_enqueue(delivery_id=delivery_id))


def email_enqueue(*, delivery_id: int) -> bool:
    """Hand one email to the job service. When the service cannot be reached the email
    stays pending and the sweep hands it over later: delayed, never lost."""
    from planning.tasks import email_send_task

    try:
        email_send_task.delay(delivery_id)
    except Exception:  # noqa: BLE001 - any broker failure leaves the row for the sweep
        log.warning("Email %s left for the sweep: the job service is unreachable", delivery_id)
        return False
    return True


def email_claim(*, delivery_id: int, now: dt.datetime | None = None) -> bool:
    """Take a pending email for sending (or one whose sender died long ago). Only one
    worker wins the conditional update; any other finds nothing to do."""
    now = now or timezone.now()
    from django.db.models import F, Q

    return bool(
        EmailDelivery.objects.filter(pk=delivery_id)
        .filter(
            Q(status=EmailStatus.PENDING)
            | Q(status=EmailStatus.SENDING, claimed_at__lt=now - STALE_CLAIM)
        )
        .update(status=EmailStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )


def email_release(*, delivery_id: int, error: str) -> None:
    """The mail server refused or could not be reached: the email is pending again, to be
    retried, and nothing was sent."""
    EmailDelivery.objects.filter(pk=delivery_id, status=EmailStatus.SENDING).update(
        status=EmailStatus.PENDING, last_error=error[:2000]
    )


def email_mark_sent(*, delivery_id: int) -> None:
    EmailDelivery.objects.filter(pk=delivery_id).update(
        status=EmailStatus.SENT, sent_at=timezone.now(), last_error=""
    )


def emails_sweep(*, now: dt.datetime | None = None) -> int:
    """Hand over again every email left pending (the job service was down when it was
    written, or a retry was lost) or claimed by a worker that died. Returns how many."""
    now = now or timezone.now()
    from django.db.models import Q

    ids = list(
        EmailDelivery.objects.filter(
            Q(status=EmailStatus.PENDING, created_at__lt=now - REQUEUE_AFTER)
            | Q(status=EmailStatus.SENDING, claimed_at__lt=now - STALE_CLAIM)
        ).values_list("pk", flat=True)[:500]
    )
    return sum(email_enqueue(delivery_id=pk) for pk in ids)


@transaction.atomic
def digests_collect(*, delivery: str, now: dt.datetime | None = None) -> list[int]:
    """Gather each person's notifications waiting for their daily (or weekly) digest into
    one email each. Run twice for the same day (or week), nothing is gathered twice."""
    now = now or timezone.now()
    waiting = (
        Notification.objects.select_for_update()
        .filter(delivery=delivery, email__isnull=True, created_at__lte=now)
        .exclude(recipient__email="")
        .order_by("recipient_id", "pk")
    )
    by_person: dict[int, list[int]] = {}
    for recipient_id, pk in waiting.values_list("recipient_id", "pk"):
        by_person.setdefault(recipient_id, []).append(pk)
    made = []
    stamp = now.strftime("%Y-%m-%dT%H%M")
    for person_id, ids in by_person.items():
        email = EmailDelivery.objects.create(
            recipient_id=person_id, key=f"{delivery}:{person_id}:{stamp}:{ids[-1]}"
        )
        Notification.objects.filter(pk__in=ids).update(email=email)
        email_enqueue_on_commit(email.pk)
        made.append(email.pk)
    return made


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        _recount_unread([notification.recipient_id])


def notifications_mark_all_read(*, person: Person) -> int:
    count = Notification.objects.filter(recipient=person, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    _recount_unread([person.pk])
    return count


@transaction.atomic
def preferences_save(*, person: Person, choices: dict[str, str], actor: Person) -> None:
    """Keep each kind's choice; a kind left at the default (email at once) keeps no row."""
    existing = {
        p.kind: p for p in NotificationPreference.objects.select_for_update().filter(person=person)
    }
    for kind, delivery in choices.items():
        if kind not in NotificationKind.values or delivery not in Delivery.values:
            continue
        row = existing.get(kind) or NotificationPreference(person=person, kind=kind)
        if row.pk and row.delivery == delivery:
            continue
        if not row.pk and delivery == Delivery.IMMEDIATE:
            continue
        row.delivery = delivery
        save_with_history(row, actor=actor, reason="Notification preference", first_wins=False)


def unsubscribe(*, person: Person, kind: str) -> None:
    """Stop emails of one kind (from the link in an email): shown on the page only."""
    preferences_save(person=person, choices={kind: Delivery.PAGE}, actor=person)
