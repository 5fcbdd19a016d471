"""Every request has an id (the proxy's, when sensible, or a new one) returned in
X-Request-ID; with LOG_FORMAT=json each log line is one JSON object carrying it."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.ops.logs import RequestContextFilter, json_formatter

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def json_lines():
    """The lines the JSON handler writes while the test runs, parsed."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(json_formatter())
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


@pytest.mark.django_db
def test_a_sensible_request_id_is_kept_and_returned(client):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="lb-7f3a.2_x:1")
    assert response["X-Request-ID"] == "lb-7f3a.2_x:1"


@pytest.mark.django_db
@pytest.mark.parametrize("given", ["", "has space", "x" * 65, "<script>", "a\nb", "-leading"])
def test_a_missing_or_unsafe_request_id_is_replaced(client, given):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID=given)
    made = response["X-Request-ID"]
    assert made != given
    assert len(made) == 32
    assert made.isalnum()


@pytest.mark.django_db
def test_each_request_closes_with_one_json_line_with_its_id_person_path_status_duration(
    client_for, world, json_lines
):
    person = world.people["lead"]
    client_for("lead").get("/", HTTP_X_REQUEST_ID="req-123")
    closing = [line for line in json_lines() if line["logger"] == "goldenthread.request"]
    assert len(closing) == 1
    line = closing[0]
    assert line["request_id"] == "req-123"
    assert line["user_id"] == person.pk
    assert line["path"] == "/"
    assert line["status"] == 200
    assert line["duration_ms"] > 0
    assert line["level"] == "INFO"
    assert line["message"] == "GET / 200"
    assert line["time"][:2] == "20"


@pytest.mark.django_db
def test_a_signed_out_visit_logs_no_person(client, json_lines):
    client.get("/accounts/login/")
    (line,) = [line for line in json_lines() if line["logger"] == "goldenthread.request"]
    assert line["user_id"] is None
    assert line["status"] == 200


def test_the_probes_write_no_log_line(client, json_lines):
    client.get("/healthz")
    assert json_lines() == []


def test_log_format_json_makes_the_app_write_json_lines_and_text_stays_the_default():
    script = "import logging; logging.getLogger('planning').warning('Plan %s kept', 7)"

    def run(**extra):
        env = {**os.environ, "LOG_LEVEL": "INFO", **extra}
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", script],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return result.stderr.strip().splitlines()[-1]

    line = json.loads(run(LOG_FORMAT="json"))
    assert line["message"] == "Plan 7 kept"
    assert line["logger"] == "planning"
    assert line["level"] == "WARNING"
    assert set(line) >= {"time", "request_id", "user_id", "path", "status", "duration_ms"}
    text = run()
    assert text.endswith("WARNING planning Plan 7 kept")
    assert not text.startswith("{")


def test_with_json_logs_gunicorn_leaves_the_request_lines_to_the_app():
    from tests.test_deployment_files import _gunicorn_config

    assert _gunicorn_config(LOG_FORMAT="json")["accesslog"] == "None"
    assert _gunicorn_config(LOG_FORMAT="text")["accesslog"] == "-"


@pytest.mark.django_db(transaction=True)
def test_a_job_run_inline_logs_with_the_request_that_ran_it(
    client_for, json_lines, world, settings, tmp_path
):
    """Without a broker (`make run`) a report is built inside the request that asked."""
    from django.urls import reverse

    from tests.reporting.celery_broker import celery_inline
    from tests.reporting.report_world import build_report_world

    settings.MEDIA_ROOT = tmp_path
    build_report_world(world)
    with celery_inline():  # enqueued as the request's transaction commits
        client_for("lead").post(
            reverse("reporting:report-generate"),
            {"year": world.year.pk, "quarter": "2"},
            HTTP_X_REQUEST_ID="req-inline-9",
        )
    built = [line for line in json_lines() if line["logger"] == "reporting.services"]
    assert built
    assert {line["request_id"] for line in built} == {"req-inline-9"}
