"""Notification emails through a real SMTP server on loopback (aiosmtpd, started here), read
back as the recipient's mail program would; a mail server that fails is retried without a
second copy; a job service that cannot be reached delays an email, never loses it."""

import email
import re
import socket
import threading
from datetime import timedelta
from email import policy

import pytest
from aiosmtpd.controller import Controller
from celery.exceptions import Retry
from django.urls import reverse
from django.utils import timezone

from planning.models import (
    Delivery,
    EmailDelivery,
    EmailStatus,
    NotificationKind,
    NotificationPreference,
)
from planning.services.email import email_send
from planning.services.notifications import emails_sweep, notify
from tests.reporting.celery_broker import celery_on_broker

pytestmark = pytest.mark.django_db

CLOSED_PORT_URL = "redis://127.0.0.1:6390/0"


class Inbox:
    """Keeps every message the server accepts, parsed."""

    def __init__(self) -> None:
        self.messages: list = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def use_smtp(settings, port: int) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
        }
    }


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    use_smtp(settings, port)
    try:
        yield inbox
    finally:
        controller.stop()


def test_an_email_arrives_with_text_and_html_and_its_stop_link_works(
    world, smtp_server, client, django_capture_on_commit_callbacks
):
    head = world.people["head"]
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[head],
            kind=NotificationKind.PLAN_RETURNED,
            subject="Returned: Parks 2026/27 plan",
            body="Add a target for every indicator",
            link=world.service_plan.get_absolute_url(),
            event="plan:returned",
        )
    assert len(smtp_server.messages) == 1
    recipients, message = smtp_server.messages[0]
    assert recipients == [head.email]
    assert message["Subject"] == "Golden Thread: Returned: Parks 2026/27 plan"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Add a target for every indicator" in text
    assert "Add a target for every indicator" in html
    assert '<html lang="en-GB">' in html
    assert "<title>" in html
    stop = re.search(r"http://localhost:8000(/notifications/stop/\S+/)", text).group(1)
    assert stop in html
    assert message["List-Unsubscribe"] == f"<http://localhost:8000{stop}>"
    assert client.get(stop).status_code == 200
    client.post(stop)
    assert NotificationPreference.objects.get(person=head).delivery == Delivery.PAGE
    assert EmailDelivery.objects.get().status == EmailStatus.SENT


def test_a_failing_mail_server_is_retried_and_the_email_goes_once(world, settings):
    head = world.people["head"]
    port = free_port()
    use_smtp(settings, port)  # nothing listens there yet
    (note,) = notify(recipients=[head], kind=NotificationKind.CHASER, subject="Hi", event="x")
    delivery_id = note.email_id
    with pytest.raises(OSError):
        email_send(delivery_id=delivery_id)
    row = EmailDelivery.objects.get(pk=delivery_id)
    assert (row.status, row.attempts) == (EmailStatus.PENDING, 1)
    assert "ConnectionRefusedError" in row.last_error

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert email_send(delivery_id=delivery_id) is True
        assert email_send(delivery_id=delivery_id) is False  # a retry arriving late
    finally:
        controller.stop()
    assert len(inbox.messages) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (EmailStatus.SENT, 2)


def test_two_workers_claiming_one_email_send_it_once(world, smtp_server):
    (note,) = notify(
        recipients=[world.people["head"]], kind=NotificationKind.CHASER, subject="Hi", event="x"
    )
    results = [email_send(delivery_id=note.email_id) for _ in range(2)]
    assert results == [True, False]
    assert len(smtp_server.messages) == 1


def test_a_job_service_outage_delays_the_email_and_the_sweep_sends_it_once(
    world, smtp_server, django_capture_on_commit_callbacks
):
    head = world.people["head"]
    with celery_on_broker(CLOSED_PORT_URL), django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[head], kind=NotificationKind.CHASER, subject="Hi", event="x")
    row = EmailDelivery.objects.get()
    assert row.status == EmailStatus.PENDING
    assert smtp_server.messages == []

    # The sweep leaves a fresh row alone, then hands over the one still waiting (inline
    # here: the job service is back), and a second sweep finds nothing to send.
    assert emails_sweep() == 0
    later = timezone.now() + timedelta(minutes=5)
    assert emails_sweep(now=later) == 1
    assert emails_sweep(now=later) == 0
    assert len(smtp_server.messages) == 1
    row.refresh_from_db()
    assert row.status == EmailStatus.SENT


def test_a_digest_lists_each_kind_with_its_own_stop_link(
    world, smtp_server, django_capture_on_commit_callbacks
):
    from planning.services.notifications import digests_collect

    head = world.people["head"]
    for kind in (NotificationKind.CHASER, NotificationKind.RISK_REVIEW_DUE):
        NotificationPreference.objects.create(person=head, kind=kind, delivery=Delivery.WEEKLY)
        notify(recipients=[head], kind=kind, subject=f"About {kind}", event="x")
    with django_capture_on_commit_callbacks(execute=True):
        digests_collect(delivery=Delivery.WEEKLY)
    (_, message) = smtp_server.messages[0]
    text = message.get_body(("plain",)).get_content()
    assert text.count("/notifications/stop/") == 2
    assert 'Stop emails about "Risk review due"' in text
    assert reverse("planning:notification-settings") in text


def test_the_email_job_retries_a_failing_mail_server_then_the_sweep_sends_it_once(world, settings):
    from planning.tasks import email_send_task

    port = free_port()
    use_smtp(settings, port)  # nothing listens there
    (note,) = notify(
        recipients=[world.people["head"]], kind=NotificationKind.CHASER, subject="Hi", event="x"
    )
    with pytest.raises(Retry):  # the job asks to be run again later
        email_send_task.apply(args=[note.email_id])
    row = EmailDelivery.objects.get(pk=note.email_id)
    assert (row.status, row.attempts) == (EmailStatus.PENDING, 1)

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        later = timezone.now() + timedelta(minutes=5)
        assert emails_sweep(now=later) == 1
        assert emails_sweep(now=later) == 0
    finally:
        controller.stop()
    assert len(inbox.messages) == 1
