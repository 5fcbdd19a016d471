"""Reading import runs: a person's own, and one run's dry run laid out by sheet."""

from __future__ import annotations

from dataclasses import dataclass

from core import bulk
from planning.models import ImportRun


def import_runs_for_user(*, user, limit: int = 20) -> list[ImportRun]:
    """The person's own import runs, newest first (administrators see others' by address)."""
    return list(
        ImportRun.objects.filter(started_by=user)
        .defer("checked")
        .select_related("started_by")[:limit]
    )


@dataclass
class DryRun:
    """A checked file as the page shows it: the problems first (sheet, row and column in
    each), then each sheet's rows, never more than the page can carry."""

    problems: list[str]
    problems_not_shown: int
    sheets: list[tuple[str, list[list]]]
    rows_not_shown: int


def dry_run_of(run: ImportRun) -> DryRun | None:
    if not run.checked:
        return None
    rows = run.checked["rows"]
    problems = [
        f"{sheet}, row {number}: {error}"
        for sheet, number, _, errors, *_ in rows
        for error in errors
    ]
    shown = sorted(rows, key=lambda r: (not r[3], r[0], r[1]))[: bulk.SHOWN_ROWS]
    sheets: dict[str, list[list]] = {}
    for row in sorted(shown, key=lambda r: r[1]):
        sheets.setdefault(row[0], []).append(row)
    return DryRun(
        problems=problems[: bulk.SHOWN_PROBLEMS],
        problems_not_shown=max(len(problems) - bulk.SHOWN_PROBLEMS, 0),
        sheets=list(sheets.items()),
        rows_not_shown=max(len(rows) - bulk.SHOWN_ROWS, 0),
    )
