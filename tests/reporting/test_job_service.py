"""The report on the real job service: a Celery worker on Redis, started here by its own
PID (as CI runs it), and the answers when Redis cannot be reached."""

import io
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from reporting import services
from reporting.models import ReportRun, RunStatus
from tests.reporting.celery_broker import celery_on_broker
from tests.reporting.report_world import build_report_world

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
CLOSED_PORT_URL = "redis://127.0.0.1:6390/0"
MUST_RUN = any(os.environ.get(name) for name in ("CI", "REQUIRE_BROWSER"))


def redis_reachable() -> bool:
    from urllib.parse import urlparse

    parsed = urlparse(REDIS_URL)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real `celery worker --pool=solo` on Redis, using the test database (its name is
    the one pytest-django created: see TEST NAME in config/settings.py) and a queue of its
    own, so that other checkouts' workers on the same Redis never take its jobs."""
    if not redis_reachable():
        if MUST_RUN:
            pytest.fail(f"Redis is not reachable at {REDIS_URL}, and CI needs the real worker")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: the real-worker tests need it")
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            if MUST_RUN:
                pytest.fail("The real-worker tests need PostgreSQL (set DATABASE_URL)")
            pytest.skip("The real-worker tests share the test database: set DATABASE_URL")
        database_url = _database_url()
    queue = f"test-reports-{uuid.uuid4().hex[:8]}"
    media = tmp_path_factory.mktemp("worker-media")
    log = tmp_path_factory.mktemp("worker-log") / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "CELERY_QUEUE": queue,
        "MEDIA_ROOT": str(media),
        "DB_CONN_MAX_AGE": "0",
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo"]
    command += ["--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while "ready." not in log.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"The worker did not start:\n{log.read_text()}")
            time.sleep(0.2)
        yield {"queue": queue, "media": media, "log": log}
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_finished(run: ReportRun, timeout: float = 120) -> ReportRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.is_finished:
            return run
        time.sleep(0.25)
    pytest.fail(f"The report did not finish in {timeout} s: {run.status} {run.step}")


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_a_real_worker_builds_the_report_and_later_changes_leave_it_alone(
    worker, world, client, settings
):
    settings.MEDIA_ROOT = worker["media"]
    report = build_report_world(world)
    client.force_login(world.people["lead"])
    with celery_on_broker(REDIS_URL, queue=worker["queue"]):
        response = client.post(
            reverse("reporting:report-generate"), {"year": world.year.pk, "quarter": "2"}
        )
        assert response.status_code == 302
        run = wait_until_finished(ReportRun.objects.get())
    assert run.status == RunStatus.DONE, f"{run.error}\n{worker['log'].read_text()[-3000:]}"
    assert run.enqueued_at is not None
    stored = Path(worker["media"]) / run.pdf.name
    before = stored.read_bytes()
    text = pdf_text(stored)
    assert "Overdue audit recommendations 1" in text
    assert "Service actions serving an ambition 3" in text
    assert "Fence the depot" in text
    assert "Contractor booked for the first week of December" in text
    assert "CR-01" in text
    frozen = run.snapshot

    report.overdue.title = "Changed after the meeting"
    report.overdue.save()
    download = client.get(reverse("reporting:run-pdf", args=[run.pk]))
    assert b"".join(download.streaming_content) == before
    run.refresh_from_db()
    assert run.snapshot == frozen
    assert stored.read_bytes() == before


def test_a_closed_broker_port_answers_within_five_seconds_and_keeps_the_request(world, client):
    client.force_login(world.people["lead"])
    with celery_on_broker(CLOSED_PORT_URL):
        started = time.monotonic()
        response = client.post(
            reverse("reporting:report-generate"),
            {"year": world.year.pk, "quarter": "2"},
            follow=True,
        )
        took = time.monotonic() - started
    assert took <= 5, f"took {took:.1f} s"
    html = response.content.decode()
    assert "The job service cannot be reached just now" in html
    assert "will run when the job service is back" in html
    run = ReportRun.objects.get()
    assert run.status == RunStatus.QUEUED
    assert run.enqueued_at is None
    assert run.step == services.WAITING


def test_a_broker_that_accepts_but_never_answers_still_answers_within_five_seconds(world, client):
    """Redis up but unresponsive (the case where Celery's defaults hang for 25 s and more)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    client.force_login(world.people["lead"])
    try:
        with celery_on_broker(f"redis://127.0.0.1:{listener.getsockname()[1]}/0"):
            started = time.monotonic()
            response = client.post(
                reverse("reporting:report-generate"), {"year": world.year.pk, "quarter": "2"}
            )
            took = time.monotonic() - started
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()
    assert response.status_code == 302
    assert took <= 5, f"took {took:.1f} s"
    assert ReportRun.objects.get().status == RunStatus.QUEUED


def test_a_kept_request_runs_when_the_job_service_is_back(worker, world, settings):
    settings.MEDIA_ROOT = worker["media"]
    build_report_world(world)
    with celery_on_broker(CLOSED_PORT_URL):
        run = services.report_request(actor=world.people["lead"], year=world.year, quarter=2)
    run.refresh_from_db()
    assert run.status == RunStatus.QUEUED
    with celery_on_broker(REDIS_URL, queue=worker["queue"]):
        assert services.report_runs_sweep().requeued == 1
        run = wait_until_finished(run)
    assert run.status == RunStatus.DONE, run.error


def test_a_run_whose_worker_died_ends_failed_and_a_retry_builds(worker, world, settings):
    """The worker takes the job, then dies, for the last of REPORT_MAX_ATTEMPTS times: no
    sign of life, so the sweep ends it failed with the reason; a retry is a new version the
    (restarted) worker builds."""
    import datetime as dt

    from django.utils import timezone

    settings.MEDIA_ROOT = worker["media"]
    build_report_world(world)
    long_ago = timezone.now() - dt.timedelta(seconds=settings.REPORT_STALE_SECONDS + 60)
    dead = ReportRun.objects.create(
        year=world.year,
        quarter=2,
        version=1,
        requested_by=world.people["lead"],
        status=RunStatus.RUNNING,
        attempts=settings.REPORT_MAX_ATTEMPTS,
        progress=55,
        step="Printing the PDF",
        started_at=long_ago,
        heartbeat_at=long_ago,
    )
    assert services.report_runs_sweep().failed == 1
    dead.refresh_from_db()
    assert dead.status == RunStatus.FAILED
    assert "no sign of life from the worker" in dead.error
    with celery_on_broker(REDIS_URL, queue=worker["queue"]):
        retry = services.report_retry(run=dead, actor=world.people["lead"])
        retry = wait_until_finished(retry)
    assert retry.status == RunStatus.DONE, retry.error
    assert retry.version == 2


def test_a_real_worker_prepares_a_committee_download_as_its_requester_sees_it(
    worker, world, client, settings
):
    from tests.audit.world import build_audit_world

    settings.MEDIA_ROOT = worker["media"]
    build_audit_world(world)
    client.force_login(world.people["committee"])
    with celery_on_broker(REDIS_URL, queue=worker["queue"]):
        started = time.monotonic()
        response = client.post(reverse("reporting:tracker-pdf"))
        took = time.monotonic() - started
        assert response.status_code == 302
        run = wait_until_finished(ReportRun.objects.get())
    assert took <= 5, f"took {took:.1f} s"
    assert run.status == RunStatus.DONE, f"{run.error}\n{worker['log'].read_text()[-3000:]}"
    assert run.requested_by == world.people["committee"]
    text = pdf_text(Path(worker["media"]) / run.pdf.name)
    assert "Recommendation tracker" in text
    assert "GM-1" in text
    download = client.get(reverse("reporting:run-download", args=[run.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(world.people["lead"])
    assert client.get(reverse("reporting:run-download", args=[run.pk])).status_code == 404
