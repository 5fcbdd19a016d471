"""Background jobs: each takes an id and calls one service."""

from celery import shared_task

from .services import imports


@shared_task(name="planning.check_import", acks_late=True, reject_on_worker_lost=True)
def import_check_task(run_id: int) -> None:
    imports.import_check_run(run_id=run_id)


@shared_task(name="planning.save_import", acks_late=True, reject_on_worker_lost=True)
def import_save_task(run_id: int) -> None:
    imports.import_save_run(run_id=run_id)
