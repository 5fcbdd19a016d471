"""The report pages as a performance lead and others use them (jobs inline)."""

import pytest
from django.urls import reverse

from reporting.models import ReportRun, RunStatus

pytestmark = pytest.mark.django_db

GENERATE = reverse("reporting:report-generate")


def post_generate(client, django_capture_on_commit_callbacks, data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(GENERATE, data)


def test_a_lead_generates_a_report_and_lands_on_its_page(
    client_for, world, report_world, django_capture_on_commit_callbacks
):
    client = client_for("lead")
    response = post_generate(
        client, django_capture_on_commit_callbacks, {"year": world.year.pk, "quarter": "2"}
    )
    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == run.get_absolute_url()
    assert run.status == RunStatus.DONE
    page = client.get(run.get_absolute_url())
    html = page.content.decode()
    assert "Q2 2026/27 report requested (version 1)" in html
    assert reverse("reporting:run-pdf", args=[run.pk]) in html
    assert 'http-equiv="refresh"' not in html  # finished: nothing to poll
    assert "hx-get" not in html
    download = client.get(reverse("reporting:run-pdf", args=[run.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_form_offers_this_quarter(client_for, world):
    """Financial quarters start in April: November is in quarter 3."""
    import re

    from django.utils import timezone

    html = client_for("lead").get(GENERATE).content.decode()
    checked = re.search(r'value="(\d)"\s*checked', html)
    assert checked.group(1) == str((timezone.localdate().month - 4) % 12 // 3 + 1)


def test_a_missing_quarter_is_re_rendered_with_the_error_and_the_year_kept(client_for, world):
    response = client_for("lead").post(GENERATE, {"year": world.year.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Choose a quarter" in html
    assert f'value="{world.year.pk}" selected' in html
    assert not ReportRun.objects.exists()


def test_a_head_of_service_may_not_generate(client_for, world):
    assert (
        client_for("head").post(GENERATE, {"year": world.year.pk, "quarter": "2"}).status_code
        == 403
    )
    assert not ReportRun.objects.exists()
    assert (
        client_for("board").post(GENERATE, {"year": world.year.pk, "quarter": "2"}).status_code
        == 403
    )


def test_generate_refuses_other_methods(client_for, world):
    assert client_for("lead").put(GENERATE).status_code == 405


def test_a_running_report_polls_with_htmx_and_refreshes_without_javascript(client_for, world):
    run = ReportRun.objects.create(
        year=world.year,
        quarter=2,
        version=1,
        requested_by=world.people["lead"],
        status=RunStatus.RUNNING,
        progress=40,
        step="Taking figures: Corporate risk summary",
    )
    html = client_for("board").get(run.get_absolute_url()).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html
    progress = reverse("reporting:run-progress", args=[run.pk])
    assert f'hx-get="{progress}"' in html
    assert "refresh to see progress" in html
    fragment = client_for("board").get(progress).content.decode()
    assert fragment.lstrip().startswith('<div id="run-progress"')
    assert "<html" not in fragment
    assert "40% – Taking figures: Corporate risk summary" in fragment
    assert client_for("board").get(reverse("reporting:run-pdf", args=[run.pk])).status_code == 404


def test_a_failed_report_shows_why_and_a_lead_tries_again(
    client_for, world, report_world, django_capture_on_commit_callbacks
):
    failed = ReportRun.objects.create(
        year=world.year,
        quarter=2,
        version=1,
        requested_by=world.people["lead"],
        status=RunStatus.FAILED,
        error="The job stopped without finishing: no sign of life",
    )
    board_html = client_for("board").get(failed.get_absolute_url()).content.decode()
    assert "The job stopped without finishing" in board_html
    assert "Try again" not in board_html
    client = client_for("lead")
    assert "Try again" in client.get(failed.get_absolute_url()).content.decode()
    retry_url = reverse("reporting:run-retry", args=[failed.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url)
    retry = ReportRun.objects.get(retry_of=failed)
    assert response["Location"] == retry.get_absolute_url()
    assert retry.version == 2
    assert retry.status == RunStatus.DONE
    assert client_for("board").post(retry_url).status_code == 403


def test_only_a_failed_report_can_be_retried(client_for, world):
    run = ReportRun.objects.create(
        year=world.year, quarter=2, version=1, requested_by=world.people["lead"]
    )
    response = client_for("lead").post(reverse("reporting:run-retry", args=[run.pk]))
    assert response.status_code == 302
    assert ReportRun.objects.count() == 1


def test_an_unknown_run_is_404(client_for, world):
    assert client_for("lead").get(reverse("reporting:run-detail", args=[999])).status_code == 404


def test_the_list_shows_every_version_with_downloads_for_ready_ones(client_for, world):
    lead = world.people["lead"]
    ReportRun.objects.create(year=world.year, quarter=2, version=1, requested_by=lead)
    ReportRun.objects.create(
        year=world.year, quarter=2, version=2, requested_by=lead, status=RunStatus.FAILED
    )
    html = client_for("committee").get(reverse("reporting:report-list")).content.decode()
    assert html.count("Q2 2026/27") >= 2
    assert "Failed" in html
    assert "Generate a report" not in html
    assert (
        "Generate a report"
        in client_for("lead").get(reverse("reporting:report-list")).content.decode()
    )


def test_the_list_takes_the_same_queries_at_two_sizes(client_for, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lead = world.people["lead"]
    client = client_for("lead")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("reporting:report-list")).status_code == 200
        return len(ctx)

    for v in range(1, 4):
        ReportRun.objects.create(year=world.year, quarter=1, version=v, requested_by=lead)
    small = count()
    for v in range(4, 30):
        ReportRun.objects.create(year=world.year, quarter=1, version=v, requested_by=lead)
    assert count() == small
