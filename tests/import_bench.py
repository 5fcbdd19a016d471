"""A 10,000-row indicator library file, and importing it as the worker does: shared by the
bench (`python -m tests.bench --imports`) and the slow query-count test."""

from __future__ import annotations

import io
import time
import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from core import periods
from planning.models import ImportRun, ImportStatus
from planning.services import imports

GOAL_SECONDS = 60
FIRST_MONTH = (2009, 4)


def library_file(
    *, rows: int, indicators: int = 50, service: str = "", prefix: str = "BENCH"
) -> bytes:
    """An Indicators sheet of `indicators` new monthly indicators and a Values sheet of
    `rows` monthly values spread over them, month after month from April 2009."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Indicators")
    sheet.append(["Reference", "Title", "Unit", "Polarity", "Frequency", "Owner", "Service"])
    refs = [f"{prefix}-{n:03d}" for n in range(indicators)]
    for ref in refs:
        sheet.append([ref, f"Bench indicator {ref}", "Number", "Higher", "Monthly", "", service])
    values = book.create_sheet("Values")
    values.append(["Reference", "Period", "Value", "Note"])
    first = periods.year_starts(FIRST_MONTH[0])
    for n in range(rows):
        month = periods.add_months(first, n // indicators)
        values.append([refs[n % indicators], f"{month:%B %Y}", n % 97, ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass
class Timed:
    check_seconds: float
    save_seconds: float
    check_queries: int
    save_queries: int
    run: ImportRun

    @property
    def seconds(self) -> float:
        return self.check_seconds + self.save_seconds


def import_as_the_worker_does(*, content: bytes, actor, name: str = "library.xlsx") -> Timed:
    """Upload, check and import the file through the services the worker runs (no
    queue), timing and counting the queries of the check and of the import."""
    run = ImportRun(
        kind="indicator-library", token=uuid.uuid4().hex, file_name=name, started_by=actor
    )
    run.file.save(name, ContentFile(content), save=False)
    run.save()
    with CaptureQueriesContext(connection) as checking:
        started = time.perf_counter()
        imports.import_check_run(run_id=run.pk)
        check_seconds = time.perf_counter() - started
    run.refresh_from_db()
    assert run.status == ImportStatus.CHECKED, run.error
    assert not run.problems, [row for row in run.checked["rows"] if row[3]][:3]
    with transaction.atomic():
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportStatus.IMPORT_QUEUED, imported_by=actor
        )
    with CaptureQueriesContext(connection) as saving:
        started = time.perf_counter()
        imports.import_save_run(run_id=run.pk)
        save_seconds = time.perf_counter() - started
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE, run.error
    return Timed(check_seconds, save_seconds, len(checking), len(saving), run)
