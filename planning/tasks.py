"""Background jobs of the planning app: checking and saving council imports, and sending
notification emails and digests. Each takes an id and calls one service."""

import smtplib

from celery import shared_task

from planning.services import email, imports, notifications

RETRY_ON = (smtplib.SMTPException, OSError)


@shared_task(name="planning.check_import", acks_late=True, reject_on_worker_lost=True)
def import_check_task(run_id: int) -> None:
    imports.import_check_run(run_id=run_id)


@shared_task(name="planning.save_import", acks_late=True, reject_on_worker_lost=True)
def import_save_task(run_id: int) -> None:
    imports.import_save_run(run_id=run_id)


@shared_task(
    bind=True,
    name="planning.send_email",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=8,
)
def email_send_task(self, delivery_id: int) -> None:
    try:
        email.email_send(delivery_id=delivery_id)
    except RETRY_ON as exc:
        raise self.retry(exc=exc, countdown=min(30 * 2**self.request.retries, 3600)) from exc


@shared_task(name="planning.sweep_emails")
def emails_sweep_task() -> None:
    notifications.emails_sweep()


@shared_task(name="planning.daily_digest")
def daily_digest_task() -> None:
    notifications.digests_collect(delivery="daily")


@shared_task(name="planning.weekly_digest")
def weekly_digest_task() -> None:
    notifications.digests_collect(delivery="weekly")
