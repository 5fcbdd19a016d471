"""Every write of the reporting app: asking for a report, building it, and keeping runs
honest when the job service is down or a worker dies."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max, Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.text import slugify

from audit.selectors import TrackerFilters
from core.history import locked
from core.saving import remove_with_history, save_with_history
from planning.models import FinancialYear, NotificationKind
from planning.services.notifications import notify
from risk.models import RiskRegister
from risk.selectors import RegisterFilters

from . import committee
from .models import DOWNLOADS, REGISTER_DOWNLOADS, ReportKind, ReportRun, RunStatus
from .report.files import report_pdf, report_workbook
from .report.registry import Period
from .report.snapshot import rag_changes, snapshot_take

log = logging.getLogger(__name__)

WAITING = "Waiting for the job service: it will run when the service is back"
ONLY_FAILED = "Only a failed report can be tried again"


def report_request(
    *, actor, year: FinancialYear, quarter: int, retry_of: ReportRun | None = None
) -> ReportRun:
    """Ask for a new version of the quarter's report. The job is handed to the worker only
    once this transaction has committed (so the worker finds the run)."""
    with transaction.atomic():
        FinancialYear.objects.select_for_update().get(pk=year.pk)  # one version number at a time
        latest = ReportRun.objects.filter(
            kind=ReportKind.BUDGET_PERFORMANCE, year=year, quarter=quarter
        ).aggregate(v=Max("version"))["v"]
        run = ReportRun(
            year=year,
            quarter=quarter,
            version=(latest or 0) + 1,
            requested_by=actor,
            retry_of=retry_of,
            step="Queued",
        )
        _queue(run, actor=actor)
    return run


def _queue(run: ReportRun, *, actor) -> None:
    """Record a new run, asked for or tried again, in history as the person's, and hand it
    to the worker once the transaction commits (so the worker finds it)."""
    run._history_user = actor
    reason = "Retried" if run.retry_of_id else "Requested"
    save_with_history(run, actor=None, reason=reason, first_wins=False)
    transaction.on_commit(lambda: report_enqueue(run_id=run.pk))


def download_request(
    *,
    actor,
    kind: ReportKind,
    filters: str = "",
    register: RiskRegister | None = None,
    retry_of: ReportRun | None = None,
) -> ReportRun:
    """Ask for a committee download (the tracker or a register, as PDF or Excel) with the
    filters as in the page's address. The request answers at once: the worker reads the rows
    as `actor` sees them and builds the file, handed over once this transaction commits."""
    if kind not in DOWNLOADS:
        raise ValidationError("Not a committee download")
    with transaction.atomic():
        run = ReportRun(
            kind=kind,
            register=register if kind in REGISTER_DOWNLOADS else None,
            filters=filters,
            requested_by=actor,
            retry_of=retry_of,
            step="Queued",
        )
        _queue(run, actor=actor)
    return run


def report_retry(*, run: ReportRun, actor) -> ReportRun:
    """A failed run is tried again, once: a report as a new version of the same quarter's
    report, a download as a new download with the same filters. Two people pressing "Try
    again" at the same moment make one new run, and the second is told it is already being
    tried again."""
    with transaction.atomic():
        run = locked(run, ReportRun.objects.select_related("year", "register"))
        if not run.can_retry:
            raise ValidationError(ONLY_FAILED)
        earlier = run.retries.order_by("pk").first()
        if earlier is not None:
            if run.is_download:
                raise ValidationError("This download has already been tried again")
            raise ValidationError(
                f"This report has already been tried again, as version {earlier.version}"
            )
        if run.is_download:
            return download_request(
                actor=actor,
                kind=run.kind,
                filters=run.filters,
                register=run.register,
                retry_of=run,
            )
        return report_request(actor=actor, year=run.year, quarter=run.quarter, retry_of=run)


def report_enqueue(*, run_id: int) -> bool:
    """Hand the run to a worker. If the job service cannot be reached (within the short
    broker timeouts in settings), the run stays queued with a note and the periodic sweep
    hands it over later. True when handed over."""
    from .tasks import report_build_task

    try:
        # The queue is read at call time, so a changed setting applies at once.
        report_build_task.apply_async(
            args=[run_id], queue=report_build_task.app.conf.task_default_queue
        )
    except Exception as exc:  # the broker's errors vary by transport: any failure keeps the run
        log.warning("Report run %s kept for later: job service unreachable (%s)", run_id, exc)
        ReportRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(step=WAITING)
        return False
    ReportRun.objects.filter(pk=run_id, status=RunStatus.QUEUED, enqueued_at=None).update(
        enqueued_at=timezone.now()
    )
    ReportRun.objects.filter(pk=run_id, status=RunStatus.QUEUED, step=WAITING).update(step="Queued")
    return True


def _progress(run_id: int, percent: int, step: str) -> None:
    """Progress and a sign of life, written straight to the row (not history-worthy)."""
    ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
        progress=percent, step=step[:200], heartbeat_at=timezone.now()
    )


def _claim(run_id: int, delivery: str = "") -> bool:
    """Only one worker builds a run: from queued, or — when the very job that started it
    is handed over again because its worker stopped mid-build (shut down or killed: the job
    is only acknowledged once built, docs/adr/0024) — again from where it was left running.
    Any other delivery of the job (a re-enqueue by the sweep, a duplicate) does nothing."""
    now = timezone.now()
    mine = Q(status=RunStatus.QUEUED)
    if delivery:
        mine |= Q(status=RunStatus.RUNNING, task_id=delivery)
    return bool(
        ReportRun.objects.filter(mine, pk=run_id).update(
            status=RunStatus.RUNNING,
            task_id=delivery,
            attempts=F("attempts") + 1,
            started_at=now,
            heartbeat_at=now,
            progress=1,
            step="Starting",
        )
    )


def _previous_snapshot(run: ReportRun) -> tuple[dict | None, str]:
    year, quarter = run.year.start_year, run.quarter - 1
    if quarter == 0:
        year, quarter = year - 1, 4
    previous = (
        ReportRun.objects.filter(
            kind=run.kind, year__start_year=year, quarter=quarter, status=RunStatus.DONE
        )
        .order_by("-version")
        .first()
    )
    if previous is None:
        return None, ""
    return previous.snapshot, str(previous)


def report_build(*, run_id: int, delivery: str = "") -> ReportRun | None:
    """Build a queued run: FIRST freeze the snapshot and store it, THEN print the PDF and
    the Excel download from it. Any failure ends the run failed with the reason."""
    if not _claim(run_id, delivery):
        return None
    run = ReportRun.objects.select_related("year", "requested_by", "register").get(pk=run_id)
    if run.is_download:
        return _download_build(run)
    try:
        period = Period(
            year=run.year, quarter=run.quarter, as_at=timezone.localdate(), actor=run.requested_by
        )

        def on_section(n, total, title):
            _progress(run_id, 5 + int(45 * (n - 1) / total), f"Taking figures: {title}")

        snapshot = snapshot_take(period=period, version=run.version, on_section=on_section)
        previous, label = _previous_snapshot(run)
        snapshot["changes"] = rag_changes(previous, snapshot)
        snapshot["compared_with"] = label
        run.refresh_from_db()
        run.snapshot = snapshot
        run.progress, run.step, run.heartbeat_at = 50, "Figures frozen", timezone.now()
        save_with_history(
            run,
            actor=None,
            reason="Snapshot frozen",
            fields=["snapshot", "progress", "step", "heartbeat_at"],
        )

        _progress(run_id, 55, "Printing the PDF")
        pdf = report_pdf(snapshot)
        _progress(run_id, 85, "Building the Excel download")
        workbook = report_workbook(snapshot)
        stem = f"budget-performance-{run.year.start_year}-q{run.quarter}-v{run.version}"
        run.refresh_from_db()
        run.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        run.xlsx.save(f"{stem}.xlsx", ContentFile(workbook), save=False)
        run.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        run.status, run.progress, run.step = RunStatus.DONE, 100, "Ready"
        run.finished_at = run.heartbeat_at = timezone.now()
        save_with_history(run, actor=None, reason="Built")
        log.info("Report run %s built (start %s)", run_id, run.attempts)
        _tell_ready(run)
        return run
    except Exception as exc:
        log.exception("Report run %s failed", run_id)
        report_fail(run_id=run_id, reason=f"The report could not be built: {exc}")
        return None


def _download_build(run: ReportRun) -> ReportRun | None:
    """Read the rows as the requester sees them now (the same read rules as the pages),
    keep them as the run's snapshot, and build the one file from that snapshot."""
    run_id = run.pk
    try:
        query = QueryDict(run.filters)
        if run.kind in REGISTER_DOWNLOADS:
            _progress(run_id, 5, "Reading the risks you may see")
            filters = RegisterFilters.from_query(query)
            snapshot = committee.register_rows_snapshot(
                register=run.register, filters=filters, user=run.requested_by
            )
        else:
            _progress(run_id, 5, "Reading the recommendations you may see")
            filters = TrackerFilters.from_query(query)
            snapshot = committee.tracker_rows_snapshot(user=run.requested_by, filters=filters)
        if filters.refused:
            raise ValueError("the filters could not be read")
        rows = len(snapshot["rows"])
        if run.is_pdf_download:
            _progress(run_id, 20, f"Printing {rows:,} rows to PDF")
            content, extension = committee.snapshot_pdf(snapshot), "pdf"
        else:
            _progress(run_id, 20, f"Writing {rows:,} rows to Excel")
            content, extension = committee.snapshot_workbook(snapshot), "xlsx"
        run.refresh_from_db()
        run.snapshot = snapshot
        name = committee.filename(download_stem(run), extension)
        run.download_file.save(name, ContentFile(content), save=False)
        if run.is_pdf_download:
            run.pdf_sha256 = hashlib.sha256(content).hexdigest()
        run.status, run.progress, run.step = RunStatus.DONE, 100, "Ready"
        run.finished_at = run.heartbeat_at = timezone.now()
        save_with_history(run, actor=None, reason="Built")
        _tell_ready(run)
        return run
    except Exception as exc:
        log.exception("Download %s failed", run_id)
        report_fail(run_id=run_id, reason=f"The download could not be built: {exc}")
        return None


def _tell_ready(run: ReportRun) -> None:
    """The person who asked for a report or download is told when it is ready."""
    when = f" Q{run.quarter} {run.year}" if run.quarter and run.year_id else ""
    notify(
        recipients=[run.requested_by],
        kind=NotificationKind.REPORT_READY,
        subject=f"Ready: {run.title}{when}",
        link=run.get_absolute_url(),
        event=f"run:{run.pk}:ready",
    )


def download_stem(run: ReportRun) -> str:
    if run.kind in REGISTER_DOWNLOADS:
        return slugify(str(run.register))
    return "recommendation-tracker"


def report_fail(*, run_id: int, reason: str) -> None:
    run = ReportRun.objects.get(pk=run_id)
    if run.status == RunStatus.DONE:
        return
    run.status, run.error, run.step = RunStatus.FAILED, reason[:2000], "Failed"
    run.finished_at = timezone.now()
    save_with_history(run, actor=None, reason="Failed")


@dataclass
class SweepResult:
    requeued: int = 0
    failed: int = 0
    restarted: int = 0


def _start_again(run: ReportRun, *, seen: dt.datetime) -> None:
    """Put a run whose worker stopped mid-build back on the queue, saying so on its page;
    the old delivery, should it ever come back, finds the run taken and does nothing."""
    with transaction.atomic():
        run = locked(run, ReportRun.objects.all())
        if run.status != RunStatus.RUNNING:
            return
        run.status, run.task_id, run.progress = RunStatus.QUEUED, "", 0
        run.enqueued_at = run.heartbeat_at = None
        run.step = (
            f"Starting again: its worker stopped at {seen:%H:%M} (attempt {run.attempts + 1} "
            f"of {settings.REPORT_MAX_ATTEMPTS})"
        )[:200]
        save_with_history(run, actor=None, reason="Started again after its worker stopped")
        transaction.on_commit(lambda: report_enqueue(run_id=run.pk))


def report_runs_sweep(*, now: dt.datetime | None = None) -> SweepResult:
    """Run by the scheduler every minute. A run building with no sign of life for
    REPORT_STALE_SECONDS (its worker died) is put back on the queue to start again, until it
    has been started REPORT_MAX_ATTEMPTS times; then it ends failed with the reason (never
    "building" for ever). A queued run never handed over, or handed over
    REPORT_REQUEUE_SECONDS ago and not started, is handed over again (a duplicate delivery
    does nothing)."""
    now = now or timezone.now()
    result = SweepResult()
    stale = now - dt.timedelta(seconds=settings.REPORT_STALE_SECONDS)
    for run in ReportRun.objects.filter(status=RunStatus.RUNNING).filter(
        Q(heartbeat_at__lt=stale) | Q(heartbeat_at=None)
    ):
        seen = timezone.localtime(run.heartbeat_at or run.started_at or run.requested_at)
        if run.attempts < settings.REPORT_MAX_ATTEMPTS:
            _start_again(run, seen=seen)
            result.restarted += 1
            continue
        report_fail(
            run_id=run.pk,
            reason=(
                "The job stopped without finishing: no sign of life from the worker since "
                f"{seen:%H:%M on %d/%m/%Y}. The worker may have been restarted. "
                "Generate it again to retry."
            ),
        )
        result.failed += 1
    waited = now - dt.timedelta(seconds=settings.REPORT_REQUEUE_SECONDS)
    for run_id in (
        ReportRun.objects.filter(status=RunStatus.QUEUED)
        .filter(Q(enqueued_at=None) | Q(enqueued_at__lt=waited))
        .values_list("pk", flat=True)
    ):
        if report_enqueue(run_id=run_id):
            ReportRun.objects.filter(pk=run_id).update(enqueued_at=now)
            result.requeued += 1
    return result


def downloads_expire(*, now: dt.datetime | None = None) -> int:
    """A committee download is kept DOWNLOADS_KEEP_DAYS (default 30) after it was asked for;
    then its run and its file are removed, the run's history saying why (the scheduler runs
    this daily; `manage.py expire_downloads` runs it by hand). A download still queued or
    building is left to the sweep, and the quarterly reports are never removed. Returns how
    many downloads were removed."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.DOWNLOADS_KEEP_DAYS)
    reason = f"Removed: downloads are kept {settings.DOWNLOADS_KEEP_DAYS} days"
    old = (
        ReportRun.objects.filter(kind__in=DOWNLOADS, requested_at__lt=cutoff)
        .exclude(status__in=[RunStatus.QUEUED, RunStatus.RUNNING])
        .defer("snapshot")
    )
    removed = 0
    for run in old:
        files = [(field.storage, field.name) for field in (run.pdf, run.xlsx) if field]
        with transaction.atomic():
            ReportRun.objects.filter(retry_of=run).update(retry_of=None)
            remove_with_history(run, actor=None, reason=reason)
        for storage, name in files:
            storage.delete(name)
        removed += 1
    return removed
