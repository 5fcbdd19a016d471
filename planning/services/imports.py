"""Bringing a council's data in: an import run from its upload, through its check (a dry
run, in the background) to its import (all or nothing, in the background).

The rules, in council terms:

- A file is checked before anything is written; what the check found is kept with the
  run, so the person reads the dry run from any page or device, and the file itself is
  kept until the import is done.
- Importing saves only what the person read. The file is checked again first: if anything
  it would add or change has moved since (someone saved a record meanwhile), nothing is
  saved and the dry run is shown as it is now, to be read and imported again.
- A file with problems cannot be imported: the person fixes the file and uploads it again.
- Who may import a kind is the kind's permission (planning.permissions.bulk).
"""

from __future__ import annotations

import logging
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core import bulk
from core.history import EditConflict
from core.imports import read_book
from core.saving import save_with_history
from core.uploads import CHANGED_SINCE_CHECK, UploadRefused
from planning.models import ImportRun, ImportStatus

log = logging.getLogger(__name__)
WAITING = "Waiting for the job service"
NOT_CHECKED = "Only a checked file without problems can be imported"


def import_kind(run: ImportRun) -> bulk.BulkKind:
    kind = bulk.KINDS.get(run.kind)
    if kind is None:
        raise ValidationError(f"Files of the kind “{run.kind}” can no longer be imported")
    return kind


@transaction.atomic
def import_start(
    *, kind: bulk.BulkKind, name: str, content: bytes, options: dict, actor
) -> ImportRun:
    """Keep the file and hand its check to a worker (once this transaction commits)."""
    if not actor.has_perm(kind.permission):
        raise PermissionDenied(f"You cannot import the {kind.title.lower()}")
    run = ImportRun(
        kind=kind.slug,
        token=uuid.uuid4().hex,
        file_name=name.rsplit("/", 1)[-1][:255],
        options=options,
        started_by=actor,
        step="Waiting to be checked",
    )
    run.file.save(run.file_name, ContentFile(content), save=False)
    save_with_history(run, actor=actor, reason=f"Uploaded {run.file_name}", first_wins=False)
    transaction.on_commit(lambda: import_enqueue(run_id=run.pk, step="check"))
    return run


def import_enqueue(*, run_id: int, step: str) -> bool:
    """Hand the run's check (or import) to a worker; if the job service cannot be reached
    the run waits, saying so, and the person may ask again. True when handed over."""
    from planning.tasks import import_check_task, import_save_task

    task = import_check_task if step == "check" else import_save_task
    try:
        task.apply_async(args=[run_id], queue=task.app.conf.task_default_queue)
    except Exception as exc:  # the broker's errors vary by transport
        log.warning("Import run %s kept for later: job service unreachable (%s)", run_id, exc)
        ImportRun.objects.filter(pk=run_id).update(step=WAITING)
        return False
    return True


def _progress(run_id: int, percent: int, step: str) -> None:
    ImportRun.objects.filter(pk=run_id).update(progress=percent, step=step[:200])


def _claim(run_id: int, waiting: str, working: str) -> ImportRun | None:
    """Only one worker takes a run, and only from waiting: a repeated job does nothing."""
    if not ImportRun.objects.filter(pk=run_id, status=waiting).update(
        status=working, progress=5, step="Reading the file"
    ):
        return None
    return ImportRun.objects.select_related("started_by").get(pk=run_id)


def _check(run: ImportRun, kind: bulk.BulkKind):
    with run.file.open("rb") as stored:
        content = stored.read()
    book = read_book(run.file_name, content, templates=kind.templates, max_rows=bulk.MAX_ROWS)
    del content
    _progress(run.pk, 30, f"Checking {sum(len(s.rows) for s in book.sheets.values()):,} rows")
    return book.hidden, kind.check(book=book, actor=run.started_by, options=run.options)


def _keep_check(run: ImportRun, hidden: list[str], checked) -> None:
    record = bulk.checked_record(checked)
    counts = record["counts"]
    run.checked, run.hidden_sheets = record, hidden
    run.problems, run.added = counts["problems"], counts["added"]
    run.changed, run.left = counts["changed"], counts["left"]
    run.checked_at = timezone.now()


def _fail(run: ImportRun, message: str) -> None:
    run.status, run.error, run.progress, run.step = ImportStatus.FAILED, message, 100, ""
    save_with_history(run, actor=run.started_by, reason="Failed", first_wins=False)


def import_check_run(*, run_id: int) -> ImportRun | None:
    """The worker's check: read the file, check it with the kind's rules, keep the result."""
    run = _claim(run_id, ImportStatus.QUEUED, ImportStatus.CHECKING)
    if run is None:
        return None
    try:
        hidden, checked = _check(run, import_kind(run))
    except (UploadRefused, ValidationError) as error:
        _fail(run, "; ".join(getattr(error, "messages", [str(error)])))
        return run
    except Exception:
        log.exception("Import run %s could not be checked", run_id)
        _fail(run, "The file could not be checked: try again, or ask an administrator")
        return run
    _keep_check(run, hidden, checked)
    run.status, run.progress, run.step = ImportStatus.CHECKED, 100, "Checked"
    save_with_history(run, actor=run.started_by, reason="Checked", first_wins=False)
    return run


def import_confirm(*, run: ImportRun, actor) -> ImportRun:
    """The person asks to import what they read: the import is handed to a worker."""
    if not actor.has_perm(import_kind(run).permission):
        raise PermissionDenied("You can no longer import this kind of file")
    with transaction.atomic():
        if not ImportRun.objects.filter(pk=run.pk, status=ImportStatus.CHECKED, problems=0).update(
            status=ImportStatus.IMPORT_QUEUED, step="Waiting to be imported", progress=0
        ):
            raise ValidationError(NOT_CHECKED)
        run.refresh_from_db()
        run.imported_by, run.error = actor, ""
        save_with_history(run, actor=actor, reason="Import asked for", first_wins=False)
        transaction.on_commit(lambda: import_enqueue(run_id=run.pk, step="save"))
    return run


def import_save_run(*, run_id: int) -> ImportRun | None:
    """The worker's import: check the file again and, if it reads as the person read it,
    save it all or nothing; otherwise keep the new check and save nothing."""
    run = _claim(run_id, ImportStatus.IMPORT_QUEUED, ImportStatus.IMPORTING)
    if run is None:
        return None
    actor = run.imported_by or run.started_by
    try:
        kind = import_kind(run)
        with transaction.atomic():
            hidden, checked = _check(run, kind)
            if checked.errors or bulk.fingerprint_of(checked) != run.checked["fingerprint"]:
                _keep_check(run, hidden, checked)
                run.status, run.progress, run.step = ImportStatus.CHECKED, 100, "Checked again"
                run.error = CHANGED_SINCE_CHECK
                save_with_history(run, actor=actor, reason="Changed since", first_wins=False)
                return run
            _progress(run.pk, 60, f"Saving {checked.changes:,} rows")
            saved = kind.save(entries=checked.entries, actor=actor, source=run.file_name)
            run.status, run.saved, run.imported_at = ImportStatus.DONE, saved, timezone.now()
            run.progress, run.step = 100, "Imported"
            save_with_history(run, actor=actor, reason="Imported", first_wins=False)
    except (EditConflict, ValidationError, UploadRefused) as error:
        run.refresh_from_db()
        run.status, run.step, run.progress = ImportStatus.CHECKED, "Not imported", 100
        run.error = "; ".join(getattr(error, "messages", [str(error)])) + ": nothing was saved"
        save_with_history(run, actor=actor, reason="Not imported", first_wins=False)
        return run
    except Exception:
        log.exception("Import run %s could not be imported", run_id)
        run.refresh_from_db()
        _fail(run, "The file could not be imported, and nothing was saved: try again")
        return run
    run.file.delete(save=False)
    ImportRun.objects.filter(pk=run.pk).update(file="")
    return run
