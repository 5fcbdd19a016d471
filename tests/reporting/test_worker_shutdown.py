"""A worker stopped or killed in the middle of building a report loses nothing: the job goes
back on the queue (acknowledged only once built), and the next worker carries the same run
on to the end (docs/adr/0024). Real `celery worker` processes (prefork, as in production),
PostgreSQL and Redis, in a Redis database of these tests' own: a short visibility timeout
there would hand other people's jobs back too."""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from reporting.models import ReportRun, RunStatus
from tests.reporting.celery_broker import celery_on_broker
from tests.reporting.report_world import build_report_world
from tests.reporting.test_job_service import MUST_RUN, _database_url, redis_reachable

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
BROKER = "redis://127.0.0.1:6379/12"
VISIBILITY = 3


@pytest.fixture
def workers(tmp_path, settings):
    """Starts workers on a queue of this test's own; stops any still running at the end."""
    if not redis_reachable():
        if MUST_RUN:
            pytest.fail("Redis is not reachable, and CI needs the real worker")
        pytest.skip("Redis is not reachable: the real-worker tests need it")
    if connection.vendor != "postgresql":
        if MUST_RUN:
            pytest.fail("The real-worker tests need PostgreSQL (set DATABASE_URL)")
        pytest.skip("The real-worker tests share the test database: set DATABASE_URL")
    queue = f"test-shutdown-{uuid.uuid4().hex[:8]}"
    settings.MEDIA_ROOT = tmp_path / "media"
    started = []

    def start(name: str) -> tuple[subprocess.Popen, Path]:
        log = tmp_path / f"{name}.log"
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "REDIS_URL": BROKER,
            "CACHE_URL": "",
            "CELERY_QUEUE": queue,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "DB_CONN_MAX_AGE": "0",
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "INFO",
            # As the image and manifests run workers: SIGTERM stops the job after
            # WORKER_SHUTDOWN_SECONDS and hands it back to the queue.
            "REMAP_SIGTERM": "SIGQUIT",
            "WORKER_SHUTDOWN_SECONDS": "0",
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
        }
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork"]
        command += ["--concurrency=1", "--loglevel=INFO", "--without-gossip", "--without-mingle"]
        command += ["--without-heartbeat", f"--hostname={name}@%h"]
        with log.open("w") as out:
            process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        started.append(process)
        deadline = time.monotonic() + 60
        while "ready" not in log.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"The worker did not start:\n{log.read_text()}")
            time.sleep(0.2)
        return process, log

    with celery_on_broker(BROKER, queue=queue):
        yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def wait_for(run: ReportRun, statuses, timeout: float = 120, poll: float = 0.05) -> ReportRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status in statuses:
            return run
        time.sleep(poll)
    pytest.fail(f"The run stayed {run.status} ({run.step}) for {timeout} s")


def ask_for_the_report(client, world, request_id: str) -> ReportRun:
    build_report_world(world)
    client.force_login(world.people["lead"])
    response = client.post(
        reverse("reporting:report-generate"),
        {"year": world.year.pk, "quarter": "2"},
        HTTP_X_REQUEST_ID=request_id,
    )
    assert response.status_code == 302
    return ReportRun.objects.get()


def json_lines(log: Path) -> list[dict]:
    lines = []
    for text in log.read_text().splitlines():
        if text.startswith("{"):
            lines.append(json.loads(text))
    return lines


def test_a_worker_told_to_stop_mid_build_hands_the_job_back_and_the_next_one_finishes(
    workers, world, client
):
    first, first_log = workers("first")
    run = ask_for_the_report(client, world, "req-stop-1")
    run = wait_for(run, {RunStatus.RUNNING, RunStatus.DONE, RunStatus.FAILED})
    assert run.status == RunStatus.RUNNING, "the job must still be running when stopped"
    first.send_signal(signal.SIGTERM)
    assert first.wait(timeout=60) is not None
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING, f"built before the stop:\n{first_log.read_text()}"

    second, second_log = workers("second")
    run = wait_for(run, {RunStatus.DONE, RunStatus.FAILED})
    assert run.status == RunStatus.DONE, f"{run.error}\n{second_log.read_text()[-3000:]}"
    assert run.attempts == 2
    # The second worker's lines about the job carry the id of the request that asked for it.
    built = [line for line in json_lines(second_log) if "built" in line["message"]]
    assert built, second_log.read_text()[-3000:]
    assert built[0]["request_id"] == "req-stop-1"
    assert built[0]["logger"] == "reporting.services"


def test_a_worker_killed_mid_build_loses_nothing_the_job_comes_back_after_the_timeout(
    workers, world, client
):
    first, first_log = workers("first")
    run = ask_for_the_report(client, world, "req-kill-1")
    run = wait_for(run, {RunStatus.RUNNING, RunStatus.DONE, RunStatus.FAILED})
    assert run.status == RunStatus.RUNNING, "the job must still be running when killed"
    first.kill()  # SIGKILL: no chance to hand anything back
    first.wait()
    time.sleep(VISIBILITY + 0.5)
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING

    second, second_log = workers("second")
    run = wait_for(run, {RunStatus.DONE, RunStatus.FAILED})
    assert run.status == RunStatus.DONE, f"{run.error}\n{second_log.read_text()[-3000:]}"
    assert run.attempts == 2
