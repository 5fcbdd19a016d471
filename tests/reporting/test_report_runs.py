"""The quarterly report built end to end (jobs inline): snapshot first, then the PDF and the
Excel download read back; versions frozen; changes since last quarter; stale runs."""

import datetime as dt
import hashlib
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from reporting import services
from reporting.models import ReportRun, RunStatus
from risk import services as risk_services
from tests.reporting.dashboard_world import (
    RECOVERY,
    RED_COMMENTARY,
    build_dashboard_world,
    update_posted_on,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def build(world, report_world, django_capture_on_commit_callbacks):
    """Ask for a report as the performance lead and let the commit hand it to the (inline)
    job, as a request would."""

    def build(quarter=2, persona="lead"):
        with django_capture_on_commit_callbacks(execute=True):
            run = services.report_request(
                actor=world.people[persona], year=world.year, quarter=quarter
            )
        run.refresh_from_db()
        return run

    return build


def pdf_text(run) -> str:
    with run.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_a_generated_report_is_done_with_its_snapshot_pdf_and_workbook(build):
    run = build()
    assert run.status == RunStatus.DONE, run.error
    assert run.progress == 100
    assert run.version == 1
    assert run.started_at <= run.finished_at
    keys = [section["key"] for section in run.snapshot["sections"]]
    assert keys == [
        "revenue",
        "capital",
        "savings",
        "ambitions",
        "delivery_progress",
        "indicator_scorecard",
        "corporate_risks",
        "overdue_recommendations",
    ]
    with run.pdf.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == run.pdf_sha256


def test_the_pdf_reads_back_with_totals_items_commentary_and_page_numbers(build):
    text = pdf_text(build())
    assert "Budget & Performance report" in text
    assert "Quarter 2 2026/27" in text
    assert "Contents" in text
    assert "Green and clean places" in text
    assert "Service actions serving an ambition 3" in text
    assert "Overdue audit recommendations 1" in text
    assert "CR-01" in text
    assert "Medium-term budget gap is not closed" in text
    assert "Fence the depot" in text
    assert "Contractor booked for the first week of December" in text
    assert "Page 2 of" in text


def test_the_pdf_is_tagged_with_language_and_title(build):
    run = build()
    with run.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).lower() == "en-gb"
    assert "Budget & Performance report" in reader.metadata.title
    assert reader.pages[0].mediabox.width == pytest.approx(595, abs=1)  # A4 portrait


def test_the_snapshot_workbook_has_a_summary_and_a_sheet_per_table(build):
    run = build()
    with run.xlsx.open("rb") as handle:
        wb = openpyxl.load_workbook(io.BytesIO(handle.read()))
    assert wb.sheetnames == [
        "Summary",
        "Revenue by directorate",
        "Capital programme",
        "Savings",
        "Actions by ambition",
        "Delivery by ambition",
        "Delivery exceptions",
        "Indicator scorecard",
        "Corporate risks",
        "Overdue recommendations",
        "Changed since last quarter",
    ]
    counts = {row[0]: row[1] for row in wb["Summary"].iter_rows(values_only=True) if row[0]}
    assert counts["Overdue audit recommendations"] == 1
    assert counts["Corporate risks"] == 1
    recs = list(wb["Overdue recommendations"].iter_rows(min_row=2, values_only=True))
    assert recs[0][0] == "GM-4"
    assert recs[0][7] == dt.datetime(2026, 6, 1)  # a real date
    assert recs[0][10] == "RED"


def test_the_pdf_reads_back_a_delivery_exception_with_its_commentary_and_the_scorecard(
    build, world
):
    build_dashboard_world(world)
    text = pdf_text(build(quarter=2))
    assert "Delivery plan progress by ambition" in text
    assert "Replant the park" in text
    assert RED_COMMENTARY in text
    assert f"Recovery action: {RECOVERY}" in text
    assert "Open the new branch library" in text  # overdue with no update yet
    assert "Indicator scorecard" in text
    assert "PK-01 Park users satisfied" in text
    assert "69.0% 90.0% RED Worsening" in text
    assert "Service actions rated Red 1" in text


def test_the_workbook_carries_the_exceptions_and_the_scorecard(build, world):
    build_dashboard_world(world)
    run = build(quarter=2)
    with run.xlsx.open("rb") as handle:
        wb = openpyxl.load_workbook(io.BytesIO(handle.read()))
    exceptions = list(wb["Delivery exceptions"].iter_rows(min_row=2, values_only=True))
    red = next(row for row in exceptions if row[2] == "Replant the park")
    assert red[6] == "RED"
    assert red[8] == RED_COMMENTARY
    assert red[9] == RECOVERY
    scorecard = {row[0]: row for row in wb["Indicator scorecard"].iter_rows(values_only=True)}
    assert scorecard["PK-01"][7] == "RED"
    assert scorecard["PK-01"][9].startswith("Worsening")


def test_an_action_whose_rag_moved_is_in_the_changes_since_last_quarter(build, world):
    build_dashboard_world(world)
    build(quarter=2)
    update_posted_on(
        action=world.action,
        actor=world.people["head"],
        rag="amber",
        commentary="New contractor started",
        on=dt.date(2026, 11, 2),
    )
    run = build(quarter=3)
    labels = [c["label"] for c in run.snapshot["changes"]]
    assert any("Replant the park" in label for label in labels)


def test_the_pdf_reads_back_finance_totals_by_directorate_capital_and_savings(build):
    text = pdf_text(build(quarter=2))
    # revenue at September: Place (Parks) £80,000 over, red; Communities (Libraries) under
    assert "£1,000,000 £520,000 £1,080,000 £80,000 +8.0% Red" in text
    assert "RED: forecast overspend of £80,000 (8.0%) reaches the red threshold" in text
    assert "£500,000 £240,000 £490,000 -£10,000 -2.0% Green" in text
    assert "Council total RED: forecast overspend of £70,000 (4.7%)" in text
    assert "£1,500,000 £760,000 £1,570,000 £70,000 +4.7% Red" in text
    assert "Storm damage to the lakeside trees" in text
    assert "£2,000,000" not in text  # October is after the quarter
    assert "Capital programme total 1 £300,000 £120,000 £250,000 £50,000" in text
    assert "Lakeside boardwalk" in text
    assert "Savings total (2) £65,000 £35,000 £30,000" in text
    assert "Blue (delivered) 1 £25,000" in text


def test_the_workbook_carries_finance_figures_as_numbers(build):
    run = build(quarter=2)
    with run.xlsx.open("rb") as handle:
        wb = openpyxl.load_workbook(io.BytesIO(handle.read()))
    revenue = list(wb["Revenue by directorate"].iter_rows(min_row=2, values_only=True))
    total = revenue[-1]
    assert total[0] == "Council total"
    assert total[3:8] == (1500000, 760000, 1570000, 70000, 4.7)
    assert total[8] == "Red"
    counts = {row[0]: row[1] for row in wb["Summary"].iter_rows(values_only=True) if row[0]}
    assert counts["Capital slipping to future years (£)"] == 50000
    assert counts["Savings at risk (£)"] == 30000


def test_changing_data_afterwards_changes_neither_the_pdf_nor_the_snapshot(
    build, report_world, world
):
    first = build()
    with first.pdf.open("rb") as handle:
        before = handle.read()
    frozen = first.snapshot
    rec = report_world.overdue
    rec.title = "Renamed after the meeting"
    rec.save()
    second = build()
    assert second.version == 2
    assert "Renamed after the meeting" in pdf_text(second)
    first.refresh_from_db()
    with first.pdf.open("rb") as handle:
        assert handle.read() == before
    assert hashlib.sha256(before).hexdigest() == first.pdf_sha256
    assert first.snapshot == frozen
    assert "Renamed after the meeting" not in pdf_text(first)


def test_changed_since_last_quarter_lists_items_whose_rag_moved(build, report_world, world):
    build(quarter=2)
    risk_services.risk_review_record(
        risk=report_world.corporate_risk,
        actor=world.people["board"],
        likelihood=1,
        impact=2,
        commentary="Savings plan agreed",
    )
    run = build(quarter=3)
    changes = run.snapshot["changes"]
    assert [c["label"] for c in changes] == ["Risk CR-01: Medium-term budget gap is not closed"]
    assert changes[0]["before"] != changes[0]["now"]
    assert "version 1" in run.snapshot["compared_with"]
    assert "Risk CR-01" in pdf_text(run)


def test_a_run_that_fails_keeps_the_reason(build, world, monkeypatch):
    from reporting.report import registry

    def broken(period):
        raise ValueError("the ledger export is missing")

    section = registry.SECTIONS["ambitions"]
    monkeypatch.setitem(
        registry.SECTIONS, "ambitions", registry.Section(**{**section.__dict__, "build": broken})
    )
    run = build()
    assert run.status == RunStatus.FAILED
    assert "the ledger export is missing" in run.error
    assert run.finished_at is not None


def test_a_stale_running_run_is_started_again_and_built(world, report_world, settings):
    """Its worker died mid-build: the sweep puts it back on the queue (inline here)."""
    run = ReportRun.objects.create(
        year=world.year,
        quarter=2,
        version=1,
        requested_by=world.people["lead"],
        status=RunStatus.RUNNING,
        task_id="dead-workers-delivery",
        attempts=1,
        started_at=timezone.now() - dt.timedelta(minutes=20),
        heartbeat_at=timezone.now() - dt.timedelta(minutes=10),
    )
    result = services.report_runs_sweep()
    assert (result.restarted, result.failed) == (1, 0)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.attempts == 2
    assert run.history.filter(
        history_change_reason="Started again after its worker stopped"
    ).exists()


def test_a_redelivered_job_carries_on_with_its_run_and_another_delivery_does_nothing(
    world, report_world
):
    run = ReportRun.objects.create(
        year=world.year,
        quarter=2,
        version=1,
        requested_by=world.people["lead"],
        status=RunStatus.RUNNING,
        task_id="first-delivery",
        attempts=1,
        heartbeat_at=timezone.now(),
    )
    assert services.report_build(run_id=run.pk, delivery="someone-elses") is None
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING
    assert services.report_build(run_id=run.pk, delivery="first-delivery") is not None
    run.refresh_from_db()
    assert (run.status, run.attempts) == (RunStatus.DONE, 2)


def test_a_stale_running_run_ends_failed_with_the_reason_and_can_be_retried(
    world, report_world, django_capture_on_commit_callbacks, settings
):
    """Started REPORT_MAX_ATTEMPTS times already: it ends failed for a person to retry."""
    run = ReportRun.objects.create(
        year=world.year,
        quarter=2,
        version=1,
        requested_by=world.people["lead"],
        status=RunStatus.RUNNING,
        attempts=settings.REPORT_MAX_ATTEMPTS,
        started_at=timezone.now() - dt.timedelta(minutes=20),
        heartbeat_at=timezone.now() - dt.timedelta(minutes=10),
    )
    result = services.report_runs_sweep()
    assert result.failed == 1
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "no sign of life" in run.error
    with django_capture_on_commit_callbacks(execute=True):
        retry = services.report_retry(run=run, actor=world.people["lead"])
    retry.refresh_from_db()
    assert retry.retry_of == run
    assert retry.version == 2
    assert retry.status == RunStatus.DONE


@pytest.mark.parametrize("status", [RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.DONE])
def test_a_run_that_has_not_failed_is_refused_a_retry(world, status):
    run = ReportRun.objects.create(
        year=world.year, quarter=2, version=1, requested_by=world.people["lead"], status=status
    )
    assert not run.can_retry
    with pytest.raises(ValidationError, match="Only a failed report can be tried again"):
        services.report_retry(run=run, actor=world.people["lead"])
    assert ReportRun.objects.count() == 1


def test_only_a_failed_run_can_be_retried():
    assert [s for s in RunStatus if ReportRun(status=s).can_retry] == [RunStatus.FAILED]


def test_a_running_run_with_a_recent_heartbeat_is_left_alone(world):
    run = ReportRun.objects.create(
        year=world.year,
        quarter=2,
        version=1,
        requested_by=world.people["lead"],
        status=RunStatus.RUNNING,
        heartbeat_at=timezone.now() - dt.timedelta(seconds=30),
    )
    assert services.report_runs_sweep().failed == 0
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING


def test_a_kept_run_is_handed_over_by_the_sweep(world, report_world):
    run = ReportRun.objects.create(
        year=world.year, quarter=2, version=1, requested_by=world.people["lead"]
    )
    assert services.report_runs_sweep().requeued == 1
    run.refresh_from_db()
    assert run.status == RunStatus.DONE


def test_a_duplicate_delivery_does_not_build_twice(build):
    run = build()
    assert services.report_build(run_id=run.pk) is None
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.history.filter(history_change_reason="Built").count() == 1
