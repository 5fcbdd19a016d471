"""Background jobs: each takes an id and calls one service."""

from celery import shared_task

from . import reminders, services


@shared_task(name="reporting.build_report", bind=True, acks_late=True, reject_on_worker_lost=True)
def report_build_task(self, run_id: int) -> None:
    # The delivery's id lets the same job, handed back after its worker died, carry on.
    services.report_build(run_id=run_id, delivery=self.request.id or "")


@shared_task(name="reporting.sweep_report_runs")
def report_runs_sweep_task() -> None:
    services.report_runs_sweep()


@shared_task(name="reporting.expire_downloads")
def downloads_expire_task() -> None:
    services.downloads_expire()


@shared_task(name="reporting.send_reminders")
def reminders_send_task() -> None:
    reminders.reminders_send()
