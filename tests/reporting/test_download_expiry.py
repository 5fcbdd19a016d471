"""Committee downloads are kept DOWNLOADS_KEEP_DAYS (default 30) days: then the scheduler (or
`manage.py expire_downloads`) removes their runs and files; reports are never removed."""

import datetime as dt
import io
import os

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from reporting import services
from reporting.models import ReportKind, ReportRun, RunStatus
from tests import factories as f

pytestmark = pytest.mark.django_db


def download(*, days_ago: int, status=RunStatus.DONE) -> ReportRun:
    run = ReportRun.objects.create(
        kind=ReportKind.TRACKER_PDF, requested_by=f.PersonFactory(), status=status
    )
    run.pdf.save("tracker.pdf", ContentFile(b"%PDF-1.7 expiry"), save=True)
    ReportRun.objects.filter(pk=run.pk).update(
        requested_at=timezone.now() - dt.timedelta(days=days_ago)
    )
    return run


def test_downloads_are_kept_thirty_days_by_default():
    assert settings.DOWNLOADS_KEEP_DAYS == 30


def test_a_download_older_than_the_limit_is_removed_with_its_file():
    old, recent = download(days_ago=31), download(days_ago=29)
    old_file = old.pdf.path
    assert services.downloads_expire() == 1
    assert not ReportRun.objects.filter(pk=old.pk).exists()
    assert not os.path.exists(old_file)
    assert ReportRun.objects.filter(pk=recent.pk).exists()
    assert os.path.exists(recent.pdf.path)
    last = ReportRun.history.filter(id=old.pk).latest("history_date")
    assert last.history_type == "-"
    assert "kept 30 days" in last.history_change_reason


def test_the_limit_is_the_setting(settings):
    settings.DOWNLOADS_KEEP_DAYS = 7
    download(days_ago=8)
    assert services.downloads_expire() == 1


def test_a_download_still_being_built_is_left_to_the_sweep():
    download(days_ago=40, status=RunStatus.RUNNING)
    assert services.downloads_expire() == 0


def test_a_retry_of_an_old_download_is_kept_when_the_old_one_goes():
    old = download(days_ago=40, status=RunStatus.FAILED)
    retry = download(days_ago=1)
    ReportRun.objects.filter(pk=retry.pk).update(retry_of=old)
    assert services.downloads_expire() == 1
    retry.refresh_from_db()
    assert retry.retry_of is None


def test_the_command_removes_old_downloads_and_says_how_many():
    download(days_ago=31)
    out = io.StringIO()
    call_command("expire_downloads", stdout=out)
    assert "Removed 1 committee download older than 30 days." in out.getvalue()
    assert not ReportRun.objects.exists()


def test_the_scheduler_expires_downloads_daily():
    from config.celery import app
    from reporting.tasks import downloads_expire_task

    entry = settings.CELERY_BEAT_SCHEDULE["expire-downloads"]
    assert entry["task"] == downloads_expire_task.name
    assert entry["schedule"] == 24 * 3600
    assert downloads_expire_task.name in app.tasks
    download(days_ago=31)
    downloads_expire_task()  # the job's body, as the worker runs it
    assert not ReportRun.objects.exists()
