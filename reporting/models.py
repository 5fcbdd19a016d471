"""Report runs: each generation of the quarterly Budget & Performance report, with the
frozen snapshot of everything it shows and the files built from that snapshot."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from planning.models import FinancialYear, TrackedModel


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Building"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


class ReportKind(models.TextChoices):
    BUDGET_PERFORMANCE = "budget_performance", "Quarterly Budget & Performance report"


def report_path(run: ReportRun, filename: str) -> str:
    return f"reports/{run.year.start_year}-q{run.quarter}/{filename}"


class ReportRun(TrackedModel):
    """One generation of a report. A run is queued, built by a worker (snapshot first,
    then the PDF), and ends ready or failed; once ready its snapshot and files never
    change. A new generation for the same quarter is a new version."""

    kind = models.CharField(
        max_length=32, choices=ReportKind.choices, default=ReportKind.BUDGET_PERFORMANCE
    )
    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="+")
    quarter = models.PositiveSmallIntegerField()
    version = models.PositiveSmallIntegerField()
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
                condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="report_run_quarter_1_to_4"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_run_progress_max"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.period_label} (version {self.version})"

    def get_absolute_url(self) -> str:
        return reverse("reporting:run-detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        return f"Q{self.quarter} {self.year.label}"

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
