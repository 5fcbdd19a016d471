"""The Celery application: background jobs (report builds, uploads) run by a worker.

Each job carries the id of the request that enqueued it (a message header), so its log
lines carry it too; each job's duration and failure are counted for /metrics
(core/ops/metrics.py), and a worker with WORKER_METRICS_PORT set serves its own /metrics."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("goldenthread")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.before_task_publish.connect
def _carry_request_id(headers=None, **kwargs):
    from core.ops import context

    request_id = context.request_id.get()
    if request_id and headers is not None:
        headers[context.TASK_HEADER] = request_id


@signals.task_prerun.connect
def _job_started(task_id=None, task=None, **kwargs):
    from core.ops import context, metrics

    given = getattr(task.request, context.TASK_HEADER, None) if task else None
    if given is None and task is not None:
        given = (getattr(task.request, "headers", None) or {}).get(context.TASK_HEADER)
    # A job run inline (no broker: `make run`) keeps the id of the request it runs in.
    if given:
        request_id = context.accepted_request_id(given)
    else:
        request_id = context.request_id.get() or f"job-{task_id}"
    task.request._gt_request_token = context.request_id.set(request_id)
    metrics.job_started(task_id=task_id)


@signals.task_postrun.connect
def _job_finished(task_id=None, task=None, state=None, **kwargs):
    from core.ops import context, metrics

    metrics.job_finished(task_id=task_id, task_name=task.name, outcome=(state or "").lower())
    token = getattr(task.request, "_gt_request_token", None)
    if token is not None:
        context.request_id.reset(token)


@signals.task_failure.connect
def _job_failed(sender=None, **kwargs):
    from core.ops import metrics

    metrics.job_failed(task_name=sender.name)


@signals.worker_ready.connect
def _serve_worker_metrics(**kwargs):
    port = os.environ.get("WORKER_METRICS_PORT")
    if port:
        from core.ops.worker_metrics import serve

        serve(port=int(port))
