"""Prometheus metrics (prometheus-client), read at /metrics.

- `goldenthread_http_requests_total{method,view,status}` and
  `goldenthread_http_request_duration_seconds{method,view}`: every request but the probes,
  labelled by the URL's name (never the raw path, which would make a series per record).
- `goldenthread_job_duration_seconds{task,outcome}` and `goldenthread_job_failures_total{task}`:
  every background job, from Celery's signals (config/celery.py).
- `goldenthread_queue_length{queue}`: jobs waiting in each Redis queue, read when scraped.

Several processes (gunicorn's workers, a prefork Celery worker's children) share their
counts through files in PROMETHEUS_MULTIPROC_DIR when it is set, as prometheus-client's
multiprocess mode asks; a worker also serves its own /metrics on WORKER_METRICS_PORT."""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import time

from django.conf import settings
from django.urls import Resolver404, resolve
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

logger = logging.getLogger(__name__)

REQUESTS = Counter("goldenthread_http_requests", "Requests answered", ["method", "view", "status"])
LATENCY = Histogram(
    "goldenthread_http_request_duration_seconds",
    "Time to answer a request",
    ["method", "view"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
JOB_SECONDS = Histogram(
    "goldenthread_job_duration_seconds",
    "Time a background job ran",
    ["task", "outcome"],
    buckets=(0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600),
)
JOB_FAILURES = Counter("goldenthread_job_failures", "Background jobs that failed", ["task"])
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
# Redis keeps a queue's messages of priority n (above 0) in a list of its own.
PRIORITY_SEPARATOR = "\x06\x16"

_job_started: dict[str, float] = {}


def view_name(request) -> str:
    """The URL's name; a page served from the page cache was never resolved, so resolve it."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return "unmatched"
    return match.view_name


def request_observed(*, request, status: int, seconds: float) -> None:
    view = view_name(request)
    method = request.method if request.method in METHODS else "other"
    REQUESTS.labels(method, view, str(status)).inc()
    LATENCY.labels(method, view).observe(seconds)


def job_started(*, task_id: str) -> None:
    _job_started[task_id] = time.perf_counter()


def job_finished(*, task_id: str, task_name: str, outcome: str) -> None:
    started = _job_started.pop(task_id, None)
    if started is not None:
        JOB_SECONDS.labels(task_name, outcome).observe(time.perf_counter() - started)


def job_failed(*, task_name: str) -> None:
    JOB_FAILURES.labels(task_name).inc()


class QueueLengthCollector:
    """How many jobs wait in each queue the workers read, asked of Redis at scrape time
    with a short timeout (an unreachable broker leaves the figure out, never the page)."""

    def collect(self):
        url = settings.CELERY_BROKER_URL
        if not url.startswith(("redis://", "rediss://")):
            return
        import redis

        gauge = GaugeMetricFamily(
            "goldenthread_queue_length", "Jobs waiting in the queue", labels=["queue"]
        )
        try:
            client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
            for queue in queues():
                keys = [queue] + [f"{queue}{PRIORITY_SEPARATOR}{n}" for n in (3, 6, 9)]
                with client.pipeline(transaction=False) as pipe:
                    for key in keys:
                        pipe.llen(key)
                    gauge.add_metric([queue], sum(pipe.execute()))
        except redis.RedisError as exc:
            logger.warning("Queue lengths not read: %s", exc)
            return
        yield gauge


def queues() -> list[str]:
    extra = [q.strip() for q in os.environ.get("METRICS_QUEUES", "").split(",") if q.strip()]
    return list(dict.fromkeys([settings.CELERY_TASK_DEFAULT_QUEUE, *extra]))


def exposition() -> bytes:
    """Every metric in Prometheus's text format."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        body = generate_latest(registry)
    else:
        body = generate_latest(REGISTRY)
    queues_registry = CollectorRegistry()
    queues_registry.register(QueueLengthCollector())
    return body + generate_latest(queues_registry)


def may_read(*, authorization: str, remote_addr: str, forwarded: bool = False) -> bool:
    """/metrics is read with `Authorization: Bearer <METRICS_TOKEN>`; with no token set,
    only from the machine itself (loopback) and not through a proxy on it (a forwarded
    request comes from elsewhere, whatever address the proxy connects from)."""
    token = settings.METRICS_TOKEN
    if token:
        scheme, _, given = authorization.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), token)
    if forwarded:
        return False
    try:
        return ipaddress.ip_address(remote_addr).is_loopback
    except ValueError:
        return False
