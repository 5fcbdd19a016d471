"""An import checked and saved by a real Celery worker on Redis (started by its own PID, as
CI runs it), sharing the PostgreSQL test database."""

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from performance.models import IndicatorValue
from planning.models import ImportRun, ImportStatus
from tests.performance.world import build_performance
from tests.reporting.celery_broker import celery_on_broker
from tests.reporting.test_job_service import REDIS_URL, worker  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def wait_while_working(run: ImportRun, timeout: float = 60) -> ImportRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if not run.is_working:
            return run
        time.sleep(0.2)
    pytest.fail(f"The import did not finish in {timeout} s: {run.status} {run.step}")


def test_a_real_worker_checks_and_imports_a_file(worker, world, client, settings):  # noqa: F811
    settings.MEDIA_ROOT = worker["media"]
    settings.PLANNING_TODAY = "2026-11-23"
    perf = build_performance(world)
    book = Workbook()
    sheet = book.active
    sheet.title = "Values"
    sheet.append(["Reference", "Period", "Value"])
    sheet.append(["PK-01", "April 2026", 81])
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(world.people["lead"])
    with celery_on_broker(REDIS_URL, queue=worker["queue"]):
        response = client.post(
            reverse("planning:import-upload", args=["indicator-library"]),
            {"file": SimpleUploadedFile("kpis.xlsx", buffer.getvalue())},
        )
        assert response.status_code == 302
        run = wait_while_working(ImportRun.objects.get())
        assert run.status == ImportStatus.CHECKED, f"{run.error}\n{worker['log'].read_text()}"
        assert run.added == 1
        client.post(reverse("planning:import-run-save", args=[run.pk]))
        run = wait_while_working(run)
    assert run.status == ImportStatus.DONE, f"{run.error}\n{worker['log'].read_text()[-3000:]}"
    assert IndicatorValue.objects.get(definition=perf.percent).value == 81
