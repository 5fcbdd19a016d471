"""Committee downloads as jobs: asking answers at once with the run's page, the worker builds
the file from the rows as the requester saw them, and the run and its file are the
requester's own (jobs inline unless a test holds them back)."""

import io

import openpyxl
import pytest
from django.urls import resolve, reverse

from reporting import committee, services
from reporting.models import ReportKind, ReportRun, RunStatus

pytestmark = pytest.mark.django_db


def addresses(risk_world):
    register = risk_world.place.pk
    return {
        ReportKind.TRACKER_XLSX: reverse("reporting:tracker-xlsx") + "?overdue=1",
        ReportKind.TRACKER_PDF: reverse("reporting:tracker-pdf"),
        ReportKind.REGISTER_XLSX: reverse("reporting:register-xlsx", args=[register])
        + "?include=services",
        ReportKind.REGISTER_PDF: reverse("reporting:register-pdf", args=[register]),
    }


def ask(client, url, django_capture_on_commit_callbacks, *, build=True):
    with django_capture_on_commit_callbacks(execute=build) as callbacks:
        response = client.post(url)
    assert response.status_code == 302
    run = ReportRun.objects.get(pk=resolve(response["Location"]).kwargs["pk"])
    assert response["Location"] == run.get_absolute_url()
    return run, callbacks


def test_each_download_is_asked_for_with_a_form_and_answers_with_a_queued_run(
    client_for, world, audit_world, risk_world, django_capture_on_commit_callbacks
):
    client = client_for("committee")
    for kind, url in addresses(risk_world).items():
        form = client.get(url)
        assert form.status_code == 200
        html = form.content.decode()
        assert 'method="post"' in html
        assert "csrfmiddlewaretoken" in html
        assert "Prepare the download" in html
        assert not ReportRun.objects.exists()  # looking at the form records nothing
        run, callbacks = ask(client, url, django_capture_on_commit_callbacks, build=False)
        assert len(callbacks) == 1  # handed to the worker once the request commits
        assert run.kind == kind
        assert run.status == RunStatus.QUEUED
        assert run.requested_by == world.people["committee"]
        assert run.year is None
        assert run.version is None
        page = client.get(run.get_absolute_url()).content.decode()
        assert "is being prepared" in page
        assert 'http-equiv="refresh"' in page
        ReportRun.objects.all().delete()


def test_a_run_records_its_register_and_filters(
    client_for, risk_world, django_capture_on_commit_callbacks
):
    url = addresses(risk_world)[ReportKind.REGISTER_XLSX]
    run, _ = ask(client_for("committee"), url, django_capture_on_commit_callbacks, build=False)
    assert run.register == risk_world.place
    assert "include=services" in run.filters


def test_the_built_run_keeps_the_rows_and_the_file(
    client_for, risk_world, django_capture_on_commit_callbacks
):
    url = addresses(risk_world)[ReportKind.REGISTER_XLSX]
    client = client_for("committee")
    run, _ = ask(client, url, django_capture_on_commit_callbacks)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    assert {row[0] for row in run.snapshot["rows"]} == {"PK-01", "PK-02"}
    response = client.get(reverse("reporting:run-download", args=[run.pk]))
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert {row[0] for row in wb["Risks"].iter_rows(min_row=2, values_only=True)} == {
        "PK-01",
        "PK-02",
    }
    assert response["Content-Disposition"].startswith('attachment; filename="place-')


def test_someone_else_cannot_open_the_requesters_download(
    client_for, audit_world, django_capture_on_commit_callbacks
):
    run, _ = ask(
        client_for("committee"),
        reverse("reporting:tracker-pdf"),
        django_capture_on_commit_callbacks,
    )
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    for persona in ("lead", "admin", "board"):
        other = client_for(persona)
        for name in ("run-detail", "run-progress", "run-download", "run-pdf", "run-retry"):
            assert other.get(reverse(f"reporting:{name}", args=[run.pk])).status_code == 404
        listed = other.get(reverse("reporting:download-list")).content.decode()
        assert run.get_absolute_url() not in listed
    assert client_for("head").get(run.get_absolute_url()).status_code == 403


def test_downloads_are_listed_for_their_requester_and_not_among_the_reports(
    client_for, audit_world, django_capture_on_commit_callbacks
):
    client = client_for("lead")
    run, _ = ask(client, reverse("reporting:tracker-xlsx"), django_capture_on_commit_callbacks)
    reports = client.get(reverse("reporting:report-list")).content.decode()
    assert run.get_absolute_url() not in reports
    assert "No reports have been generated yet." in reports
    mine = client.get(reverse("reporting:download-list")).content.decode()
    assert run.get_absolute_url() in mine
    assert "Recommendation tracker (Excel)" in mine


def test_a_failed_build_shows_failed_with_a_retry_that_builds(
    client_for, audit_world, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(snapshot):
        raise ValueError("the printer ran out of paper")

    client = client_for("committee")
    with monkeypatch.context() as patch:
        patch.setattr(committee, "snapshot_pdf", broken)
        run, _ = ask(client, reverse("reporting:tracker-pdf"), django_capture_on_commit_callbacks)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    page = client.get(run.get_absolute_url()).content.decode()
    assert "This download could not be prepared" in page
    assert "the printer ran out of paper" in page
    retry_url = reverse("reporting:run-retry", args=[run.pk])
    assert retry_url in page
    assert "Try preparing this download again" in client.get(retry_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url)
    retry = ReportRun.objects.get(retry_of=run)
    assert response["Location"] == retry.get_absolute_url()
    assert retry.kind == run.kind
    assert retry.filters == run.filters
    assert retry.status == RunStatus.DONE, retry.error
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(retry_url, follow=True)
    assert "already been tried again" in again.content.decode()
    assert ReportRun.objects.count() == 2


def test_a_download_whose_filters_cannot_be_read_is_refused_before_any_run(client_for, world):
    response = client_for("committee").post(reverse("reporting:tracker-pdf") + "?status=nonsense")
    assert response.status_code == 400
    assert not ReportRun.objects.exists()


def test_asking_does_not_read_the_rows(
    client_for, audit_world, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    """The request only records the run: its queries do not depend on the tracker's size."""
    client = client_for("committee")
    with django_assert_max_num_queries(25), django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("reporting:tracker-pdf"))


def test_a_report_and_a_download_are_told_apart_by_the_database(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ReportRun.objects.create(
            kind=ReportKind.TRACKER_PDF, year=world.year, requested_by=world.people["lead"]
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportRun.objects.create(kind=ReportKind.REGISTER_PDF, requested_by=world.people["lead"])
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportRun.objects.create(
            kind=ReportKind.BUDGET_PERFORMANCE, requested_by=world.people["lead"]
        )
    assert services.download_request(
        actor=world.people["lead"], kind=ReportKind.TRACKER_PDF
    ).is_download
