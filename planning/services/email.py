"""Sending the emails notifications ask for: one notification's, or a day's or week's digest,
as plain text with an accessible HTML alternative and a link to stop each kind."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from planning.models import Delivery, EmailDelivery, NotificationKind

from .notifications import email_claim, email_mark_sent, email_release

UNSUBSCRIBE_SALT = "planning.notifications.unsubscribe"


def unsubscribe_token(*, person_id: int, kind: str) -> str:
    """A signed token naming one person and one kind: whoever holds the email may stop that
    kind for that person, and nothing else."""
    return signing.dumps({"p": person_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_read(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in NotificationKind.values:
        return None
    return int(data["p"]), data["k"]


def _absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def email_message(delivery: EmailDelivery) -> EmailMultiAlternatives:
    """The email for a delivery row: its notifications, each with its link, and below them
    one link per kind to stop emails of that kind."""
    notifications = list(delivery.notifications.order_by("created_at", "pk"))
    person = delivery.recipient
    kinds = sorted({n.kind for n in notifications})
    context = {
        "person": person,
        "service_name": settings.SERVICE_NAME,
        "council_name": settings.COUNCIL_NAME,
        "items": [{"n": n, "url": _absolute(n.link) if n.link else ""} for n in notifications],
        "digest": len(notifications) != 1 or notifications[0].delivery != Delivery.IMMEDIATE,
        "page_url": _absolute(reverse("planning:notification-list")),
        "settings_url": _absolute(reverse("planning:notification-settings")),
        "unsubscribe": [
            {
                "label": NotificationKind(kind).label,
                "url": _absolute(
                    reverse(
                        "planning:unsubscribe",
                        args=[unsubscribe_token(person_id=person.pk, kind=kind)],
                    )
                ),
            }
            for kind in kinds
        ],
    }
    if context["digest"]:
        subject = f"{settings.SERVICE_NAME}: {len(notifications)} notifications for you"
    else:
        subject = f"{settings.SERVICE_NAME}: {notifications[0].subject}"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("planning/email/notification.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe'][0]['url']}>",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(
        render_to_string("planning/email/notification.html", context), "text/html"
    )
    return message


def email_send(*, delivery_id: int) -> bool:
    """Send one email once: claim it, send it, mark it sent. Returns False when there was
    nothing to send (already sent, or another worker has it). A mail server failure puts
    it back to pending and is raised, for the job to be retried."""
    if not email_claim(delivery_id=delivery_id):
        return False
    delivery = EmailDelivery.objects.select_related("recipient").get(pk=delivery_id)
    if not delivery.recipient.email or not delivery.notifications.exists():
        email_mark_sent(delivery_id=delivery_id)
        return False
    try:
        email_message(delivery).send(fail_silently=False)
    except Exception as exc:
        email_release(delivery_id=delivery_id, error=f"{type(exc).__name__}: {exc}")
        raise
    email_mark_sent(delivery_id=delivery_id)
    return True
