"""Report runs: each generation of the quarterly Budget & Performance report, with the
frozen snapshot of everything it shows and the files built from that snapshot."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from planning.models import FinancialYear, Person, TrackedModel


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Building"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


class ReportKind(models.TextChoices):
    BUDGET_PERFORMANCE = "budget_performance", "Quarterly Budget & Performance report"
    TRACKER_PDF = "tracker_pdf", "Recommendation tracker (PDF)"
    TRACKER_XLSX = "tracker_xlsx", "Recommendation tracker (Excel)"
    REGISTER_PDF = "register_pdf", "Risk register (PDF)"
    REGISTER_XLSX = "register_xlsx", "Risk register (Excel)"


# A committee download is one person's file: the tracker or a register as they see it, with
# the filters they chose. It has no quarter or version, and only a register download names
# a register.
DOWNLOADS = [
    ReportKind.TRACKER_PDF,
    ReportKind.TRACKER_XLSX,
    ReportKind.REGISTER_PDF,
    ReportKind.REGISTER_XLSX,
]
REGISTER_DOWNLOADS = [ReportKind.REGISTER_PDF, ReportKind.REGISTER_XLSX]
PDF_DOWNLOADS = [ReportKind.TRACKER_PDF, ReportKind.REGISTER_PDF]


def report_path(run: ReportRun, filename: str) -> str:
    if run.is_download:
        return f"downloads/{run.pk}/{filename}"
    return f"reports/{run.year.start_year}-q{run.quarter}/{filename}"


class ReportRun(TrackedModel):
    """One generation of a report. A run is queued, built by a worker (snapshot first,
    then the PDF), and ends ready or failed; once ready its snapshot and files never
    change. A new generation for the same quarter is a new version.

    A committee download (the tracker or a register, as PDF or Excel) is a run too: it
    records whose it is, the register and the filters, and keeps the rows as the requester
    saw them beside the file built from them."""

    kind = models.CharField(
        max_length=32, choices=ReportKind.choices, default=ReportKind.BUDGET_PERFORMANCE
    )
    year = models.ForeignKey(
        FinancialYear, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    quarter = models.PositiveSmallIntegerField(null=True, blank=True)
    version = models.PositiveSmallIntegerField(null=True, blank=True)
    register = models.ForeignKey(
        "risk.RiskRegister", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    filters = models.CharField(
        max_length=2000, blank=True, help_text="The download's filters, as in its address"
    )
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    retry_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="retries"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # The job delivery building it (Celery's task id), and how many times a worker has
    # started it: a worker that died mid-build leaves its delivery to be taken again.
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    snapshot = models.JSONField(null=True, blank=True)
    pdf = models.FileField(upload_to=report_path, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    xlsx = models.FileField(upload_to=report_path, blank=True)

    class Meta:
        ordering = ["-year__start_year", "-quarter", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "quarter", "version"], name="report_run_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | (Q(quarter__gte=1) & Q(quarter__lte=4)),
                name="report_run_quarter_1_to_4",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_run_progress_max"),
            # A report has its quarter and version and no register or filters; a download
            # has neither quarter nor version, and a register only if it is a register's.
            models.CheckConstraint(
                condition=(
                    Q(
                        kind=ReportKind.BUDGET_PERFORMANCE,
                        year__isnull=False,
                        quarter__isnull=False,
                        version__isnull=False,
                        register__isnull=True,
                        filters="",
                    )
                    | Q(
                        kind__in=DOWNLOADS,
                        year__isnull=True,
                        quarter__isnull=True,
                        version__isnull=True,
                    )
                    & (
                        Q(kind__in=REGISTER_DOWNLOADS, register__isnull=False)
                        | (~Q(kind__in=REGISTER_DOWNLOADS) & Q(register__isnull=True))
                    )
                ),
                name="report_run_report_or_download",
            ),
        ]

    def __str__(self) -> str:
        if self.is_download:
            return f"{self.title}, requested {self.requested_at:%d/%m/%Y %H:%M}"
        return f"{self.get_kind_display()}, {self.period_label} (version {self.version})"

    def get_absolute_url(self) -> str:
        return reverse("reporting:run-detail", args=[self.pk])

    @property
    def is_download(self) -> bool:
        return self.kind in DOWNLOADS

    @property
    def is_pdf_download(self) -> bool:
        return self.kind in PDF_DOWNLOADS

    @property
    def title(self) -> str:
        """What the run makes, as its page's heading says it."""
        if self.kind in REGISTER_DOWNLOADS:
            return f"{self.register} ({'PDF' if self.is_pdf_download else 'Excel'})"
        return self.get_kind_display()

    @property
    def download_file(self):
        """A download's one file: its PDF or its workbook."""
        return self.pdf if self.is_pdf_download else self.xlsx

    @property
    def period_label(self) -> str:
        return f"Q{self.quarter} {self.year.label}" if self.year_id else ""

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)

    @property
    def can_retry(self) -> bool:
        """Only a failed run can be tried again: one queued, building or ready cannot."""
        return self.status == RunStatus.FAILED

    @property
    def status_colour(self) -> str:
        return {"queued": "grey", "running": "blue", "done": "green", "failed": "red"}[self.status]


class Chaser(TrackedModel):
    """A performance lead's chaser for one quarter's action updates (or one month's values)
    in their portfolio: sent once whatever the number of clicks."""

    sent_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=120, unique=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.key
