"""The "Bring data in" pages: templates, the upload, the check as a job with its progress
page, the dry run, the import, and who sees which run."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from performance.models import IndicatorValue
from planning.models import ImportRun, ImportStatus
from tests.performance.world import build_performance
from tests.reporting.celery_broker import celery_inline

pytestmark = pytest.mark.django_db
KIND = "indicator-library"


@pytest.fixture(autouse=True)
def _jobs_inline(settings, tmp_path):
    """Jobs run inline, as in `make run`; files are kept in a folder of the test's own."""
    settings.PLANNING_TODAY = "2026-11-23"
    settings.MEDIA_ROOT = tmp_path / "media"
    with celery_inline():
        yield


@pytest.fixture
def perf(world):
    return build_performance(world)


def values_file(*rows, name="kpis.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.title = "Values"
    sheet.append(["Reference", "Period", "Value", "Target", "Note"])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def upload(client, file, capture):
    with capture(execute=True):
        response = client.post(reverse("planning:import-upload", args=[KIND]), {"file": file})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportRun.objects.latest("pk"), response


def test_the_bring_in_page_lists_the_kinds_with_their_templates(client_for, world):
    page = client_for("lead").get(reverse("planning:import-kinds")).content.decode()
    assert "Indicator library" in page
    assert reverse("planning:import-template", args=[KIND, "xlsx"]) in page
    # Two sheets: no CSV template is offered, and asking for one is not found.
    assert reverse("planning:import-template", args=[KIND, "csv"]) not in page
    client = client_for("lead")
    assert client.get(reverse("planning:import-template", args=[KIND, "csv"])).status_code == 404
    response = client.get(reverse("planning:import-template", args=[KIND, "xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Indicators", "Values", "Notes"]


def test_a_head_of_service_may_not_bring_the_library_in(client_for, world):
    """A head of service keeps their service's risk register, so the page lists that kind
    for them, but never the indicator library."""
    client = client_for("head")
    listing = client.get(reverse("planning:import-kinds"))
    assert listing.status_code == 200
    assert "Risk registers" in listing.content.decode()
    assert reverse("planning:import-upload", args=[KIND]) not in listing.content.decode()
    template = reverse("planning:import-template", args=[KIND, "xlsx"])
    assert client.get(template).status_code == 403
    response = client.post(
        reverse("planning:import-upload", args=[KIND]), {"file": values_file(("PK-01",))}
    )
    assert response.status_code == 403
    assert not ImportRun.objects.exists()


def test_an_unknown_kind_is_not_found(client_for, world):
    response = client_for("lead").get(reverse("planning:import-upload", args=["nothing"]))
    assert response.status_code == 404


def test_a_file_with_a_mistake_is_checked_then_fixed_and_imported(
    client_for, world, perf, django_capture_on_commit_callbacks
):
    client = client_for("lead")
    run, response = upload(
        client,
        values_file(("PK-01", "April 2026", 80, None, "Survey"), ("PK-01", "May 2026", "lots")),
        django_capture_on_commit_callbacks,
    )
    assert response["Location"] == run.get_absolute_url()
    run.refresh_from_db()
    assert run.status == ImportStatus.CHECKED
    assert (run.problems, run.added) == (1, 1)
    page = client.get(run.get_absolute_url())
    text = page.content.decode()
    assert "Values, row 3: Column C (value): Enter the value" in text
    assert "Will add the value 80.0%" in text
    assert "govuk-error-summary" in text
    assert ">Import " not in text  # nothing can be imported from a file with problems
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("planning:import-run-save", args=[run.pk]))
    assert not IndicatorValue.objects.exists()

    fixed, _ = upload(
        client,
        values_file(("PK-01", "April 2026", 80, None, "Survey"), ("PK-01", "May 2026", 82)),
        django_capture_on_commit_callbacks,
    )
    fixed.refresh_from_db()
    assert "Import 2 rows" in client.get(fixed.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("planning:import-run-save", args=[fixed.pk]))
    assert response.status_code == 302
    fixed.refresh_from_db()
    assert (fixed.status, fixed.saved) == (ImportStatus.DONE, 2)
    assert not fixed.file  # the file is not kept once imported
    assert IndicatorValue.objects.count() == 2
    result = client.get(fixed.get_absolute_url()).content.decode()
    assert "2 records written" in result
    # The indicator's page keeps who imported each value and when apart from its month.
    detail = client.get(perf.percent.get_absolute_url()).content.decode()
    history = detail.split('id="value-history"')[1].split("</table>")[0]
    assert f"Imported from kpis.xlsx by {world.people['lead']}" in history
    assert "Apr 2026" in history
    assert "For the month" in history


def test_a_value_saved_after_the_check_stops_the_import_and_shows_the_new_check(
    client_for, world, perf, django_capture_on_commit_callbacks
):
    client = client_for("lead")
    run, _ = upload(
        client, values_file(("PK-01", "April 2026", 80)), django_capture_on_commit_callbacks
    )
    IndicatorValue.objects.create(definition=perf.percent, month=dt.date(2026, 4, 1), value=70)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("planning:import-run-save", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportStatus.CHECKED
    assert "changed since the file was checked" in run.error
    assert IndicatorValue.objects.get().value == 70
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Will change the value 70.0% to 80.0%" in page


def test_an_unreadable_file_is_named_on_the_upload_page(client_for, world):
    response = client_for("lead").post(
        reverse("planning:import-upload", args=[KIND]),
        {"file": SimpleUploadedFile("kpis.xlsm", b"PK")},
    )
    assert response.status_code == 400
    assert "without macros" in response.content.decode()


def test_a_workbook_without_the_headings_fails_its_check_saying_why(
    client_for, world, django_capture_on_commit_callbacks
):
    book = Workbook()
    book.active.title = "Values"
    book.active.append(["Ref", "When"])
    buffer = io.BytesIO()
    book.save(buffer)
    client = client_for("lead")
    run, _ = upload(
        client, SimpleUploadedFile("v.xlsx", buffer.getvalue()), django_capture_on_commit_callbacks
    )
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED
    page = client.get(run.get_absolute_url()).content.decode()
    assert "missing: reference, period, value" in page


def test_someone_elses_run_does_not_exist_for_them_but_an_administrator_sees_it(
    client_for, world, django_capture_on_commit_callbacks
):
    run = ImportRun.objects.create(
        kind=KIND, token="t", file_name="x.xlsx", started_by=world.people["lead"]
    )
    assert client_for("board").get(run.get_absolute_url()).status_code == 404
    assert client_for("admin").get(run.get_absolute_url()).status_code == 200
    response = client_for("head").post(reverse("planning:import-run-save", args=[run.pk]))
    assert response.status_code == 404


def test_the_progress_page_polls_while_working_and_asks_for_the_whole_page_when_done(
    client_for, world
):
    run = ImportRun.objects.create(
        kind=KIND, token="t", file_name="x.xlsx", started_by=world.people["lead"]
    )
    client = client_for("lead")
    page = client.get(run.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert '<meta http-equiv="refresh"' in page  # without JavaScript, by refresh
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.CHECKED, checked={"rows": []})
    response = client.get(
        reverse("planning:import-run-progress", args=[run.pk]), headers={"HX-Request": "true"}
    )
    assert response["HX-Refresh"] == "true"
