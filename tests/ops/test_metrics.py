"""/metrics for Prometheus: requests and their latency by page, background jobs' durations
and failures, and the jobs waiting in each queue; read with the bearer token, or from the
machine itself when none is set."""

import os
import socket

import pytest
from celery import shared_task
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


@shared_task(name="tests.ops.sample_job")
def sample_job(fail: bool = False) -> str:
    if fail:
        raise ValueError("the sample job failed")
    return "done"


def samples(response) -> dict:
    found = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def value(found: dict, name: str, **labels) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def from_elsewhere(**headers) -> Client:
    return Client(REMOTE_ADDR="10.0.0.9", **headers)


def redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def test_without_a_token_only_the_machine_itself_reads_metrics(settings):
    settings.METRICS_TOKEN = ""
    assert from_elsewhere().get("/metrics").status_code == 401
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics").status_code == 200
    # Through a proxy on the same machine the request comes from elsewhere.
    proxied = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert proxied.get("/metrics").status_code == 401


def test_with_a_token_it_is_needed_from_anywhere(settings):
    settings.METRICS_TOKEN = "s3cret-token"
    assert from_elsewhere().get("/metrics").status_code == 401
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics").status_code == 401
    wrong = from_elsewhere(HTTP_AUTHORIZATION="Bearer nope")
    assert wrong.get("/metrics").status_code == 401
    right = from_elsewhere(HTTP_AUTHORIZATION="Bearer s3cret-token")
    response = right.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_requests_are_counted_by_page_name_and_status_with_their_latency(client_for, settings):
    settings.METRICS_TOKEN = "t"
    reader = from_elsewhere(HTTP_AUTHORIZATION="Bearer t")
    before = samples(reader.get("/metrics"))
    lead = client_for("lead")
    lead.get("/")
    lead.get("/")
    lead.get("/no-such-page/")
    after = samples(reader.get("/metrics"))

    home = {"method": "GET", "view": "planning:home", "status": "200"}
    counted = "goldenthread_http_requests_total"
    assert value(after, counted, **home) - value(before, counted, **home) == 2
    missing = {"method": "GET", "view": "unmatched", "status": "404"}
    assert value(after, counted, **missing) - value(before, counted, **missing) == 1
    timed = "goldenthread_http_request_duration_seconds_count"
    assert (
        value(after, timed, method="GET", view="planning:home")
        - value(before, timed, method="GET", view="planning:home")
        == 2
    )
    # The probes and the scrape itself are not counted.
    assert not any(labels and "metrics" in str(labels) for _, labels in after)


def test_jobs_durations_and_failures_are_counted(settings):
    settings.METRICS_TOKEN = "t"
    reader = from_elsewhere(HTTP_AUTHORIZATION="Bearer t")
    before = samples(reader.get("/metrics"))
    sample_job.apply()
    sample_job.apply(kwargs={"fail": True}, throw=False)
    after = samples(reader.get("/metrics"))

    task = "tests.ops.sample_job"
    count = "goldenthread_job_duration_seconds_count"
    assert (
        value(after, count, task=task, outcome="success")
        - value(before, count, task=task, outcome="success")
        == 1
    )
    assert (
        value(after, count, task=task, outcome="failure")
        - value(before, count, task=task, outcome="failure")
        == 1
    )
    failures = "goldenthread_job_failures_total"
    assert value(after, failures, task=task) - value(before, failures, task=task) == 1


def test_queue_depth_is_read_from_redis(settings):
    if not redis_up():
        pytest.skip("needs Redis at 127.0.0.1:6379")
    import redis

    queue = f"test-metrics-{os.getpid()}"
    settings.CELERY_BROKER_URL = REDIS_URL
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    client = redis.Redis.from_url(REDIS_URL)
    client.delete(queue, f"{queue}\x06\x163")
    client.rpush(queue, "a", "b")
    client.rpush(f"{queue}\x06\x163", "c")
    try:
        found = samples(Client(REMOTE_ADDR="127.0.0.1").get("/metrics"))
    finally:
        client.delete(queue, f"{queue}\x06\x163")
    assert value(found, "goldenthread_queue_length", queue=queue) == 3


def test_an_unreachable_broker_leaves_the_queue_depth_out_not_the_page(settings):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{port}/0"
    response = Client(REMOTE_ADDR="127.0.0.1").get("/metrics")
    assert response.status_code == 200
    assert "goldenthread_queue_length{" not in response.content.decode()


def test_a_worker_serves_its_own_metrics_with_the_same_rule(settings):
    import urllib.error
    import urllib.request

    from core.ops.worker_metrics import serve

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = serve(port=port, host="127.0.0.1")
    try:
        settings.METRICS_TOKEN = ""
        sample_job.apply()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as answer:
            assert "goldenthread_job_duration_seconds" in answer.read().decode()
        settings.METRICS_TOKEN = "t"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5)
        assert refused.value.code == 401
        asked = urllib.request.Request(
            f"http://127.0.0.1:{port}/metrics", headers={"Authorization": "Bearer t"}
        )
        with urllib.request.urlopen(asked, timeout=5) as answer:
            assert answer.status == 200
    finally:
        server.shutdown()
        server.server_close()
