"""Import runs: each council file brought in through the bulk imports (core.bulk), from the
upload through its check (the dry run) to the import, kept as a record of who brought what
in and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be checked"
    CHECKING = "checking", "Being checked"
    CHECKED = "checked", "Checked"
    IMPORT_QUEUED = "import_queued", "Waiting to be imported"
    IMPORTING = "importing", "Being imported"
    DONE = "done", "Imported"
    FAILED = "failed", "Failed"


WORKING = (
    ImportStatus.QUEUED,
    ImportStatus.CHECKING,
    ImportStatus.IMPORT_QUEUED,
    ImportStatus.IMPORTING,
)


def import_path(run: ImportRun, filename: str) -> str:
    return f"imports/{run.token}/{filename}"


class ImportRun(models.Model):
    """One file brought in: checked first (what importing it would add, change or leave,
    and its problems, kept here rather than in anyone's session), then imported all or
    nothing, only as checked. The file is kept until the import is done. Every change of
    state is in history; the checked rows are not copied into it (they are the run's
    own record)."""

    kind = models.SlugField(max_length=50)
    token = models.CharField(max_length=32, unique=True)
    file_name = models.CharField(max_length=255)
    file = models.FileField(upload_to=import_path, max_length=400, blank=True)
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=200, blank=True)
    checked = models.JSONField(null=True, blank=True)
    hidden_sheets = models.JSONField(default=list, blank=True)
    problems = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    left = models.PositiveIntegerField(default=0)
    saved = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    imported_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["checked", "progress", "step"])

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="import_run_progress_max"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name}, {self.started_at:%d/%m/%Y %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("planning:import-run", args=[self.pk])

    @property
    def is_working(self) -> bool:
        return self.status in WORKING

    @property
    def can_import(self) -> bool:
        """Checked, with no problems and something to add or change."""
        return (
            self.status == ImportStatus.CHECKED
            and not self.problems
            and (self.added + self.changed) > 0
        )

    @property
    def status_colour(self) -> str:
        return {
            ImportStatus.CHECKED: "blue" if not self.problems else "orange",
            ImportStatus.DONE: "green",
            ImportStatus.FAILED: "red",
        }.get(self.status, "grey")
