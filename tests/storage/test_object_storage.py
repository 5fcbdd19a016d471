"""Files in an S3-compatible bucket (STORAGE_BUCKET set), against a real S3 server on
loopback (moto in server mode, tests/object_store.py): report runs' files and import uploads
are kept there and nowhere on this process's disk, downloads stream from it behind the same
permission checks, and /readyz says when the store cannot be reached."""

import io
import time
from pathlib import Path

import openpyxl
import pytest
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import resolve, reverse
from openpyxl import Workbook

from core.storage import storage_ready
from performance.models import IndicatorValue
from planning.models import ImportRun, ImportStatus
from reporting import services
from reporting.models import ReportRun, RunStatus
from tests.audit.world import build_audit_world
from tests.ops.test_health import closed_port
from tests.performance.world import build_performance
from tests.reporting.celery_broker import celery_inline
from tests.reporting.report_world import build_report_world

pytestmark = pytest.mark.django_db

NOWHERE = Path("/nonexistent/golden-thread-media")


@pytest.fixture(autouse=True)
def _jobs_inline():
    with celery_inline():
        yield


def streamed(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_default_storage_is_the_bucket(object_store):
    from storages.backends.s3 import S3Storage

    assert isinstance(storages["default"], S3Storage)
    name = default_storage.save("evidence/minutes.txt", io.BytesIO(b"Minutes"))
    assert object_store.keys() == ["council/evidence/minutes.txt"]
    with default_storage.open(name) as stored:
        assert stored.read() == b"Minutes"
    # Never overwritten: a second file of the same name is kept beside the first.
    second = default_storage.save("evidence/minutes.txt", io.BytesIO(b"Other"))
    assert second != name
    assert object_store.read(f"council/{name}") == b"Minutes"


def test_a_report_runs_files_are_kept_in_the_bucket_and_downloaded_from_it(
    object_store, client_for, world, django_capture_on_commit_callbacks
):
    build_report_world(world)
    client = client_for("lead")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reporting:report-generate"), {"year": world.year.pk, "quarter": "2"}
        )
    assert response.status_code == 302
    run = ReportRun.objects.get()
    assert run.status == RunStatus.DONE, run.error
    stem = f"council/reports/{world.year.start_year}-q2/budget-performance-{world.year.start_year}"
    assert object_store.keys() == [f"{stem}-q2-v1.pdf", f"{stem}-q2-v1.xlsx"]
    assert not NOWHERE.exists()

    download = client_for("board").get(reverse("reporting:run-pdf", args=[run.pk]))
    assert download.status_code == 200
    body = streamed(download)
    assert body == object_store.read(f"{stem}-q2-v1.pdf")
    assert body.startswith(b"%PDF")
    assert download["Content-Length"] == str(len(body))
    assert download["Content-Disposition"] == (
        f'attachment; filename="budget-performance-{world.year.start_year}-q2-v1.pdf"'
    )
    workbook = client.get(reverse("reporting:run-xlsx", args=[run.pk]))
    openpyxl.load_workbook(io.BytesIO(streamed(workbook)))  # opens as a workbook
    # The same checks as ever: signed out goes to sign in; an unknown run is not found.
    assert client_for(None).get(reverse("reporting:run-pdf", args=[run.pk])).status_code == 302
    assert client_for("lead").get(reverse("reporting:run-pdf", args=[999])).status_code == 404
    # A file gone from the bucket (removed by hand, a lifecycle rule) is not found, never a 500.
    object_store.client.delete_object(Bucket=object_store.bucket, Key=f"{stem}-q2-v1.pdf")
    assert client.get(reverse("reporting:run-pdf", args=[run.pk])).status_code == 404


def test_a_committee_download_is_its_requesters_alone_and_leaves_the_bucket_when_it_expires(
    object_store, client_for, world, django_capture_on_commit_callbacks
):
    build_audit_world(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("committee").post(reverse("reporting:tracker-pdf"))
    run = ReportRun.objects.get(pk=resolve(response["Location"]).kwargs["pk"])
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    (key,) = object_store.keys()
    assert key.startswith(f"council/downloads/{run.pk}/")
    url = reverse("reporting:run-download", args=[run.pk])
    assert streamed(client_for("committee").get(url)) == object_store.read(key)
    for persona in ("lead", "board"):
        assert client_for(persona).get(url).status_code == 404
    assert client_for("head").get(url).status_code == 403

    ReportRun.objects.filter(pk=run.pk).update(requested_at=run.requested_at.replace(year=2000))
    assert services.downloads_expire() == 1
    assert object_store.keys() == []


def values_file() -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.title = "Values"
    sheet.append(["Reference", "Period", "Value"])
    sheet.append(["PK-01", "April 2026", 81])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("kpis.xlsx", buffer.getvalue())


def test_an_import_upload_is_kept_in_the_bucket_until_it_is_imported(
    object_store, client_for, world, settings, django_capture_on_commit_callbacks
):
    settings.PLANNING_TODAY = "2026-11-23"
    perf = build_performance(world)
    client = client_for("lead")
    upload = values_file()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("planning:import-upload", args=["indicator-library"]), {"file": upload}
        )
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.CHECKED, run.error
    (key,) = object_store.keys()
    assert key == f"council/imports/{run.token}/kpis.xlsx"
    upload.seek(0)
    assert object_store.read(key) == upload.read()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("planning:import-run-save", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE, run.error
    assert IndicatorValue.objects.get(definition=perf.percent).value == 81
    assert object_store.keys() == []  # the file goes once imported
    assert not NOWHERE.exists()


def test_readyz_asks_the_bucket(object_store):
    response = Client(HTTP_HOST="10.1.2.3:8000").get("/readyz")
    storage = response.json()["checks"]["storage"]
    assert storage["ok"] is True, storage
    assert storage["detail"] == f"bucket {object_store.bucket} reachable"


def test_readyz_names_the_store_when_its_bucket_is_missing(object_store):
    object_store.client.delete_bucket(Bucket=object_store.bucket)
    with pytest.raises(Exception, match="404"):
        storage_ready(timeout=0.5)


def test_readyz_names_the_store_within_a_second_when_it_is_down(object_store, settings):
    settings.STORAGES["default"]["OPTIONS"]["endpoint_url"] = f"http://127.0.0.1:{closed_port()}"
    settings.STORAGES = {**settings.STORAGES}  # tell Django the setting changed
    started = time.monotonic()
    response = Client(HTTP_HOST="10.1.2.3:8000").get("/readyz")
    took = time.monotonic() - started
    assert took < 1, f"took {took:.2f} s"
    assert response.status_code == 503
    body = response.json()
    assert "storage" in body["failed"]
    assert "Could not connect" in body["checks"]["storage"]["detail"]


def test_a_file_gone_from_the_folder_is_not_found_either(client_for, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    run = ReportRun.objects.create(
        year=world.year,
        quarter=2,
        version=1,
        requested_by=world.people["lead"],
        status=RunStatus.DONE,
        pdf="reports/2026-q2/gone.pdf",
    )
    assert client_for("lead").get(reverse("reporting:run-pdf", args=[run.pk])).status_code == 404
