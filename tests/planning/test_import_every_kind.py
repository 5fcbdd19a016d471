"""Every kind of council import the apps register goes through the same pages: its
template downloads, the template's own example rows upload and are checked in the
background, the dry run is drawn, and importing them ends as imported or as a check that
names its problems — never as a server error."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from core.bulk import KINDS
from planning.models import ImportRun, ImportStatus
from tests.performance.world import build_performance
from tests.reporting.celery_broker import celery_inline
from tests.risk.world import build_risk_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _jobs_inline(settings, tmp_path):
    settings.PLANNING_TODAY = "2026-11-23"
    settings.MEDIA_ROOT = tmp_path / "media"
    with celery_inline():
        yield


def test_the_apps_register_every_kind_the_council_brings():
    assert set(KINDS) >= {
        "indicator-library",
        "risk-registers",
        "recommendation-tracker",
        "plans",
        "people",
    }


@pytest.mark.parametrize("slug", sorted(KINDS))
def test_each_kind_goes_from_template_to_import_through_the_pages(
    slug, client_for, world, django_capture_on_commit_callbacks
):
    build_performance(world)
    build_risk_world(world)
    client = client_for("admin")
    listing = client.get(reverse("planning:import-kinds")).content.decode()
    assert KINDS[slug].title in listing
    template = client.get(reverse("planning:import-template", args=[slug, "xlsx"]))
    assert template.status_code == 200
    book = load_workbook(io.BytesIO(template.content))
    assert set(KINDS[slug].templates) <= set(book.sheetnames)
    file = SimpleUploadedFile(f"{slug}.xlsx", template.content)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("planning:import-upload", args=[slug]), {"file": file})
    assert response.status_code == 302, response.content.decode()[:2000]
    run = ImportRun.objects.latest("pk")
    run.refresh_from_db()
    assert run.status in (ImportStatus.CHECKED, ImportStatus.FAILED), run.error
    dry_run = client.get(run.get_absolute_url())
    assert dry_run.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(reverse("planning:import-run-save", args=[run.pk]))
    assert saved.status_code in (302, 400, 409), saved.content.decode()[:2000]
    run.refresh_from_db()
    assert run.status in (ImportStatus.DONE, ImportStatus.CHECKED, ImportStatus.FAILED)
    if run.status == ImportStatus.DONE:
        assert run.saved >= 0
    else:
        assert run.problems or run.error
    assert client.get(run.get_absolute_url()).status_code == 200
