"""Scaling out: two web processes and two Celery workers that share nothing but PostgreSQL,
Redis and the object store. A person signs in on web process A and asks for a report there;
one of the workers builds it into the bucket; web process B, which never saw the sign-in or
the request, serves the same person the file. Real gunicorn and `celery worker` processes,
started and stopped here by their own PIDs; needs PostgreSQL (DATABASE_URL) and Redis."""

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse

from reporting.models import ReportRun, RunStatus
from tests.reporting.report_world import build_report_world
from tests.reporting.test_job_service import MUST_RUN, _database_url, redis_reachable

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/0"
PASSWORD = "a-long-test-password-4812"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def cluster(object_store, tmp_path):
    """Starts processes sharing one environment (database, Redis, bucket, secret key, a
    queue and a cache prefix of this test's own); stops them all at the end."""
    if not redis_reachable():
        if MUST_RUN:
            pytest.fail("Redis is not reachable, and CI needs the scale-out test")
        pytest.skip("Redis is not reachable: the scale-out test needs it")
    if connection.vendor != "postgresql":
        if MUST_RUN:
            pytest.fail("The scale-out test needs PostgreSQL (set DATABASE_URL)")
        pytest.skip("The scale-out test shares the test database: set DATABASE_URL")
    run_id = uuid.uuid4().hex[:8]
    env = {
        **os.environ,
        **object_store.environment(),
        "DATABASE_URL": _database_url(),
        "DB_CONN_MAX_AGE": "0",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"scale-{run_id}",
        "CELERY_QUEUE": f"test-scale-{run_id}",
        "SECRET_KEY": f"scale-out-test-{run_id}-" + "x" * 40,
        "DEBUG": "0",
        "ALLOW_PLAIN_HTTP": "1",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        # Nothing may be written to a files folder: every file goes to the bucket.
        "MEDIA_ROOT": str(tmp_path / "no-files-here"),
        "WEB_WORKERS": "1",
        "WEB_THREADS": "2",
        "LOG_LEVEL": "INFO",
    }
    started: list[tuple[subprocess.Popen, Path]] = []

    def start(name: str, command: list[str], ready, **extra) -> Path:
        log = tmp_path / f"{name}.log"
        with log.open("w") as out:
            process = subprocess.Popen(
                command, cwd=ROOT, env={**env, **extra}, stdout=out, stderr=subprocess.STDOUT
            )
        started.append((process, log))
        deadline = time.monotonic() + 90
        while not ready(log):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{name} did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        return log

    def web(name: str) -> str:
        port = free_port()
        address = f"http://127.0.0.1:{port}"

        def answers(_log) -> bool:
            try:
                return requests.get(f"{address}/healthz", timeout=1).status_code == 200
            except requests.RequestException:
                return False

        command = [sys.executable, "-m", "gunicorn", "config.wsgi", "-c", "config/gunicorn.py"]
        start(name, command, answers, WEB_BIND=f"127.0.0.1:{port}")
        return address

    def worker(name: str) -> Path:
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo"]
        command += ["--loglevel=INFO", "--without-gossip", "--without-mingle"]
        command += ["--without-heartbeat", f"--hostname={name}@%h"]
        return start(name, command, lambda log: "ready." in log.read_text())

    yield web, worker, tmp_path / "no-files-here"
    for process, _ in started:
        process.terminate()
    for process, _ in started:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def csrf_token(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=20)
    assert page.status_code == 200, page.text[:2000]
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def test_a_report_asked_for_on_one_web_process_is_downloaded_from_the_other(
    cluster, object_store, world
):
    web, worker, files_folder = cluster
    build_report_world(world)
    lead = world.people["lead"]
    lead.password = PBKDF2PasswordHasher().encode(PASSWORD, "scaleoutsalt")
    lead.save(update_fields=["password"])
    a, b = web("web-a"), web("web-b")
    logs = [worker("worker-1"), worker("worker-2")]

    browser = requests.Session()
    login = f"{a}{reverse('login')}"
    token = csrf_token(browser, login)
    signed_in = browser.post(
        login,
        {
            "username": lead.username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": token,
        },
        timeout=20,
        allow_redirects=False,
    )
    assert signed_in.status_code == 302, signed_in.text[:2000]
    generate = f"{a}{reverse('reporting:report-generate')}"
    token = csrf_token(browser, generate)
    asked = browser.post(
        generate,
        {
            "year": world.year.pk,
            "quarter": "2",
            "csrfmiddlewaretoken": token,
        },
        timeout=30,
        allow_redirects=False,
    )
    assert asked.status_code == 302, asked.text[:2000]
    run = ReportRun.objects.get()
    deadline = time.monotonic() + 180
    while not run.is_finished and time.monotonic() < deadline:
        time.sleep(0.5)
        run.refresh_from_db()
    worker_logs = "\n".join(log.read_text()[-2000:] for log in logs)
    assert run.status == RunStatus.DONE, f"{run.status} {run.error}\n{worker_logs}"
    built_by = [log.name for log in logs if "succeeded" in log.read_text()]
    assert len(built_by) == 1, worker_logs

    # Web process B never saw this person sign in: the session comes from the shared cache,
    # the run from the database and the file from the bucket.
    download = browser.get(f"{b}{reverse('reporting:run-pdf', args=[run.pk])}", timeout=30)
    assert download.status_code == 200, download.text[:2000]
    assert download.content.startswith(b"%PDF")
    key = f"{object_store.prefix}/{run.pdf.name}"
    assert download.content == object_store.read(key)
    assert download.headers["Content-Disposition"].startswith("attachment")
    # Signed out, B sends the request to sign in; nothing was written to a files folder.
    anonymous = requests.get(
        f"{b}{reverse('reporting:run-pdf', args=[run.pk])}", timeout=20, allow_redirects=False
    )
    assert anonymous.status_code == 302
    assert not files_folder.exists()
