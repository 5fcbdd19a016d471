"""Background jobs: each takes an id and calls one service."""

from celery import shared_task

from . import stored


@shared_task(name="performance.rebuild_ratings", acks_late=True, reject_on_worker_lost=True)
def ratings_rebuild_task(job_id: int) -> None:
    stored.ratings_rebuild_run(job_id=job_id)
