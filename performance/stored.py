"""Stored ratings: what the RAG engine says of each indicator at the end of each month of
each year, kept in IndicatorRating so that lists, dashboards and reports read a row instead
of rating every indicator on every request.

The engine stays the one source of truth: ratings_refresh works each position out with
performance.status.indicator_status, from the same rows the live pages use, and is called in
the same transaction as every change that alters a rating — a value, a target or profile,
an indicator's definition, the council's policy. A value in one year also changes the next
year's comparison with the same period last year, so both years are refreshed.

An indicator with no stored row for a month (a year added after its values, say) reads as
it would with nothing held: no data (not rated if data only), no comparison.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db import connections, router, transaction
from django.db.models import F
from django.utils import timezone

from planning.models import FinancialYear

from . import rag
from .models import (
    AnnualTarget,
    IndicatorDefinition,
    IndicatorRating,
    IndicatorValue,
    JobStatus,
    RatingsRebuild,
)
from .rules import RuleBook
from .status import STATUS_FIELDS, IndicatorStatus, ValueRow, indicator_status

BATCH = 1000
REBUILD_BATCH = 100  # indicators recalculated (and committed) at a time
log = logging.getLogger(__name__)


# --- writing ------------------------------------------------------------------------


def years_for_months(months: Iterable[dt.date]) -> list[FinancialYear]:
    """The years whose stored ratings a value in one of these months changes: the year it
    falls in, and the next (whose comparison with last year reads it)."""
    starts = {FinancialYear.start_year_for(month) for month in months}
    wanted = starts | {start + 1 for start in starts}
    return list(FinancialYear.objects.filter(start_year__in=wanted))


def ratings_refresh_years_added(start_years) -> int:
    """Rate every indicator for years just added, and for the year after each (whose
    comparison with last year reads them): values are kept by month, so a year can be
    added after values for its months are held."""
    starts = set(start_years)
    return ratings_refresh(
        definition_ids=IndicatorDefinition.objects.values_list("pk", flat=True),
        years=FinancialYear.objects.filter(start_year__in=starts | {s + 1 for s in starts}),
    )


@transaction.atomic
def ratings_refresh(
    *,
    definition_ids: Iterable[int],
    years: Iterable[FinancialYear] | None = None,
    from_month: dt.date | None = None,
) -> int:
    """Work out afresh, with the RAG engine, the stored ratings of these indicators for every
    month of these years (every year when None), and replace the rows held — only the months
    from `from_month` on, when given (a rule version that applies from then: the periods
    before keep the ratings they were given). Reads six queries whatever the number of
    indicators; returns how many rows were written. Call it inside the transaction that
    made the change."""
    ids = sorted(set(definition_ids))
    chosen = [pk for pk, y in _by_pk(years).items() if from_month is None or y.ends >= from_month]
    if not ids or not chosen:
        return 0
    years = list(FinancialYear.objects.filter(pk__in=chosen).order_by("start_year"))
    known = set(FinancialYear.objects.values_list("start_year", flat=True))
    # The indicators are held until the transaction ends (in the order every writer takes
    # them), so that two refreshes of one indicator (a value saved during a recalculation)
    # are taken in turn rather than writing the same rows at once.
    definitions = list(
        IndicatorDefinition.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .order_by("pk")
    )
    book = RuleBook.read(ids)
    targets = {
        (t.definition_id, t.year_id): t
        for t in AnnualTarget.objects.filter(definition__in=ids, year__in=years)
    }
    values: dict[int, list[ValueRow]] = defaultdict(list)
    rows = (
        IndicatorValue.objects.filter(
            definition__in=ids,
            month__gte=_year_before(years[0].starts),
            month__lte=years[-1].ends,
        )
        .order_by("month")
        .values_list(*STATUS_FIELDS)
    )
    for row in map(ValueRow._make, rows):
        values[row.definition_id].append(row)
    rows = []
    for definition in definitions:
        for year in years:
            rows.extend(
                _year_rows(
                    definition,
                    year,
                    target=targets.get((definition.pk, year.pk)),
                    values=values[definition.pk],
                    last_year_known=year.start_year - 1 in known,
                    book=book,
                    from_month=from_month,
                )
            )
    held = IndicatorRating.objects.filter(definition__in=ids, year__in=years)
    if from_month is not None:
        held = held.filter(month__gte=from_month)
    held.delete()
    _insert(rows)
    return len(rows)


def _by_pk(years: Iterable[FinancialYear] | None) -> dict[int, FinancialYear]:
    return {y.pk: y for y in (FinancialYear.objects.all() if years is None else years)}


def _year_rows(
    definition, year, *, target, values, last_year_known, book, from_month=None
) -> list[tuple]:
    """The month-end positions of one indicator's year (from `from_month` on, if given), as
    rows to insert. A position depends only on the values entered up to that month, so each
    distinct set is rated once."""
    own = [row for row in values if year.starts <= row.month <= year.ends]
    last_year = []
    if last_year_known:
        starts, ends = _year_before(year.starts), _year_before(year.ends)
        last_year = [row for row in values if starts <= row.month <= ends]
    rated: dict[int, tuple] = {}
    rows = []
    for month in year.months:
        if from_month is not None and month < from_month:
            continue
        upto = [row for row in own if row.month <= month]
        if len(upto) not in rated:
            status = indicator_status(
                definition=definition,
                year=year,
                target=target,
                values=upto,
                last_year_values=last_year,
                book=book,
            )
            rated[len(upto)] = _prepared(_fields_of(status))
        rows.append((definition.pk, year.pk, _prepare_month(month), *rated[len(upto)]))
    return rows


def _fields_of(status: IndicatorStatus) -> dict:
    latest = status.latest.row if status.latest else None
    previous, last_year = status.travel_previous, status.travel_last_year
    return {
        "latest_month": latest.month if latest else None,
        "latest_value": latest.value if latest else None,
        "commentary": latest.commentary if latest else "",
        "provisional": latest.provisional if latest else False,
        "is_late": latest.is_late if latest else False,
        "projected_year_end": latest.projected_year_end if latest else None,
        "value_to_date": _text(status.value_to_date),
        "target_to_date": _text(status.target_to_date),
        "rating": status.rating.rating.value,
        "explanation": status.rating.explanation,
        "rule": status.rating.rule,
        "travel": previous.css,
        "travel_word": previous.word,
        "travel_arrow": previous.arrow,
        "travel_explanation": previous.explanation,
        "travel_last_year": last_year.css,
        "travel_last_year_word": last_year.word,
        "travel_last_year_arrow": last_year.arrow,
        "travel_last_year_explanation": last_year.explanation,
    }


# Rows are written as prepared tuples: a year's months mostly share one position, and the
# ORM's per-object work would cost more than the rating itself at a council's scale.
_FIELDS = {f.attname: f for f in IndicatorRating._meta.concrete_fields if f.attname != "id"}
_KEY = ("definition_id", "year_id", "month")


def _prepared(fields: dict) -> tuple:
    connection = connections[router.db_for_write(IndicatorRating)]
    return tuple(
        _FIELDS[name].get_db_prep_save(fields[name], connection)
        for name in _FIELDS
        if name not in _KEY
    )


def _prepare_month(month: dt.date):
    connection = connections[router.db_for_write(IndicatorRating)]
    return _FIELDS["month"].get_db_prep_save(month, connection)


def _insert(rows: list[tuple]) -> None:
    if not rows:
        return
    connection = connections[router.db_for_write(IndicatorRating)]
    quote = connection.ops.quote_name
    columns = [*_KEY, *(name for name in _FIELDS if name not in _KEY)]
    names = ", ".join(quote(_FIELDS[name].column) for name in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(IndicatorRating._meta.db_table)} ({names}) VALUES ({marks})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def _text(number: Decimal | None) -> str:
    return "" if number is None else str(number)


def _number(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def _year_before(day: dt.date) -> dt.date:
    return day.replace(year=day.year - 1)


# --- recalculating everything -------------------------------------------------------


class Overtaken(Exception):
    """A later policy change queued its own recalculation, which will do this one's work."""


def ratings_rebuild(*, job_id: int | None = None, progress=None) -> int:
    """Recalculate every stored rating, a batch of indicators at a time, each batch in its
    own transaction (a value saved meanwhile refreshes its own indicator as usual). With a
    job, only the months from its policy's first month on (the periods before keep their
    ratings), and its progress is written as it goes; `progress(done, total)` is told too.
    Returns how many indicators were recalculated."""
    ids = list(IndicatorDefinition.objects.order_by("pk").values_list("pk", flat=True))
    years = list(FinancialYear.objects.all())
    from_month = None
    if job_id is not None:
        job = RatingsRebuild.objects.select_related("policy").filter(pk=job_id).first()
        from_month = job.policy.effective_from if job else None
    done = 0
    for start in range(0, len(ids), REBUILD_BATCH):
        batch = ids[start : start + REBUILD_BATCH]
        if job_id is not None and RatingsRebuild.objects.filter(pk__gt=job_id).exists():
            raise Overtaken
        with transaction.atomic():
            ratings_refresh(definition_ids=batch, years=years, from_month=from_month)
            done += len(batch)
            if job_id is not None:
                RatingsRebuild.objects.filter(pk=job_id).update(done=done, total=len(ids))
        if progress is not None:
            progress(done, len(ids))
    return done


def ratings_rebuild_enqueue(*, job_id: int) -> bool:
    """Hand a recalculation to a worker (inline where jobs run in the request). If the job
    service cannot be reached the job waits with a note, and `manage.py ratings_rebuild`
    does the same work. True when handed over."""
    from .tasks import ratings_rebuild_task

    try:
        ratings_rebuild_task.apply_async(
            args=[job_id], queue=ratings_rebuild_task.app.conf.task_default_queue
        )
    except Exception as exc:  # the broker's errors vary by transport
        log.warning("Ratings recalculation %s waiting: job service unreachable (%s)", job_id, exc)
        RatingsRebuild.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
            note="Waiting for the job service: it will run when the service is back"
        )
        return False
    return True


def ratings_rebuild_run(*, job_id: int) -> None:
    """Run a queued recalculation: only from queued (a second delivery does nothing), and a
    job overtaken by a later policy change stops, leaving the later job to finish the work."""
    claimed = RatingsRebuild.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), note=""
    )
    if not claimed:
        return
    try:
        ratings_rebuild(job_id=job_id)
    except Overtaken:
        RatingsRebuild.objects.filter(pk=job_id).update(
            status=JobStatus.DONE,
            finished_at=timezone.now(),
            note="Overtaken by a later change of policy, recalculated by its own job",
        )
        return
    except Exception:
        log.exception("Ratings recalculation %s failed", job_id)
        RatingsRebuild.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            note="The recalculation stopped: run it again with manage.py ratings_rebuild",
        )
        return
    RatingsRebuild.objects.filter(pk=job_id).update(
        status=JobStatus.DONE, finished_at=timezone.now()
    )


def rebuild_in_progress() -> RatingsRebuild | None:
    """The recalculation under way, if any (one query)."""
    return (
        RatingsRebuild.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
        .order_by("-pk")
        .first()
    )


def rebuild_latest() -> RatingsRebuild | None:
    return RatingsRebuild.objects.select_related("requested_by", "policy").first()


# --- reading ------------------------------------------------------------------------


class LatestValue(NamedTuple):
    """The latest value by the month's end, as a status shows it."""

    month: dt.date
    value: Decimal
    row: ValueRow


@dataclass
class StoredStatus:
    """An indicator's position as stored: the parts of an IndicatorStatus that lists,
    dashboards and reports show, under the same names, so a page reads either."""

    definition: IndicatorDefinition
    year: FinancialYear
    latest: LatestValue | None
    value_to_date: Decimal | None
    target_to_date: Decimal | None
    rating: rag.RagResult
    travel_previous: rag.Travel
    travel_last_year: rag.Travel

    @property
    def fmt(self) -> rag.Format:
        return self.definition.fmt

    def show(self, number: Decimal | None) -> str:
        return "" if number is None else self.fmt.value(number)

    @property
    def to_date_shown(self) -> tuple[str, str] | None:
        """The year-to-date value and target as the explanation writes them (None unless
        both are held)."""
        if self.value_to_date is None or self.target_to_date is None:
            return None
        return rag.shown_against(self.value_to_date, self.target_to_date, self.fmt)

    @property
    def to_date_written(self) -> tuple[str, str]:
        """The year-to-date value and target as every page, export and report writes them:
        as the explanation does when both are held (a miss never looks like the target),
        otherwise each on its own ("" for one not held)."""
        return self.to_date_shown or (self.show(self.value_to_date), self.show(self.target_to_date))


def stored_status(
    definition: IndicatorDefinition, year: FinancialYear, row: IndicatorRating | None
) -> StoredStatus:
    if row is None:
        return _nothing_held(definition, year)
    latest = None
    if row.latest_month is not None:
        value = ValueRow(
            definition.pk,
            row.latest_month,
            row.latest_value,
            row.commentary,
            row.provisional,
            row.is_late,
            row.projected_year_end,
        )
        latest = LatestValue(row.latest_month, row.latest_value, value)
    return StoredStatus(
        definition=definition,
        year=year,
        latest=latest,
        value_to_date=_number(row.value_to_date),
        target_to_date=_number(row.target_to_date),
        rating=rag.RagResult(rag.Rating(row.rating), row.explanation, row.rule),
        travel_previous=rag.Travel(row.travel_word, row.travel_arrow, row.travel_explanation),
        travel_last_year=rag.Travel(
            row.travel_last_year_word, row.travel_last_year_arrow, row.travel_last_year_explanation
        ),
    )


_EMPTY: dict[tuple, IndicatorStatus] = {}


def _nothing_held(definition: IndicatorDefinition, year: FinancialYear) -> StoredStatus:
    """The position with no value held: the engine's own words (which depend only on
    whether the indicator is data only), worked out once."""
    key = (definition.data_only,)
    if key not in _EMPTY:
        _EMPTY[key] = indicator_status(definition=definition, year=year, target=None, values=[])
    empty = _EMPTY[key]
    return StoredStatus(
        definition=definition,
        year=year,
        latest=None,
        value_to_date=None,
        target_to_date=None,
        rating=empty.rating,
        travel_previous=empty.travel_previous,
        travel_last_year=empty.travel_last_year,
    )


def nothing_held_rating(*, data_only: bool) -> rag.Rating:
    return rag.Rating.NOT_RATED if data_only else rag.Rating.NO_DATA


NO_COMPARISON = "no-comparison"


STORED_FIELDS = [
    f.attname
    for f in IndicatorRating._meta.concrete_fields
    if f.attname not in ("id", "definition_id", "year_id", "month")
]


def with_stored_fields(relation: str) -> dict:
    """Annotations that read a stored row's fields through `relation` (a FilteredRelation
    to one month's rating) along with the indicator, in the same query."""
    return {f"{relation}_{name}": F(f"{relation}__{name}") for name in ["id", *STORED_FIELDS]}


def stored_from(definition: IndicatorDefinition, relation: str) -> IndicatorRating | None:
    """The stored row read along with `definition` (see with_stored_fields), if any."""
    if getattr(definition, f"{relation}_id", None) is None:
        return None
    return IndicatorRating(
        **{name: getattr(definition, f"{relation}_{name}") for name in STORED_FIELDS}
    )


def position_month(year: FinancialYear, upto: dt.date | None) -> dt.date | None:
    """The stored month a position "as it stood at the end of `upto`" reads: the year's
    last month when `upto` is None or after the year; None (nothing held yet) before it."""
    if upto is None or upto > year.ends:
        return year.months[-1]
    if upto < year.starts:
        return None
    return upto.replace(day=1)


def stored_statuses(
    definitions: list[IndicatorDefinition],
    *,
    year: FinancialYear,
    upto: dt.date | None = None,
    every: bool = False,
) -> dict[int, StoredStatus]:
    """Each definition's stored position in the year as it stood at the end of the month
    `upto` (the year's end when None): one query, whatever the number. `every` says the
    definitions are all the council's, so the read needs no list of ids."""
    month = position_month(year, upto)
    held: dict[int, IndicatorRating] = {}
    if month is not None and definitions:
        rows = IndicatorRating.objects.filter(year=year, month=month)
        if not every:
            rows = rows.filter(definition__in=[d.pk for d in definitions])
        held = {row.definition_id: row for row in rows}
    return {d.pk: stored_status(d, year, held.get(d.pk)) for d in definitions}
