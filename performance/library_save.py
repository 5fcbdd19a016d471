"""Saving a checked indicator library import: all or nothing, with history.

The rules, in council terms:

- Definitions first (new ones added, others changed as the definition form changes them,
  with the rule versions and ratings that follow), then values and targets.
- Every record written keeps "Imported from <file> by <person>" in its history, with who
  imported it and when; a value keeps the month it is for apart from that. An imported
  value is not marked late: lateness is about the monthly return, and the import's own
  date is in the history.
- Values are written in batches (with their history rows), whatever the file's length,
  and the stored ratings of the indicators and years they touch are worked out once at
  the end, in the same transaction.
- If a value or target the check saw has been changed since, nothing is saved.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.saving import save_with_history
from core.uploads import CHANGED_SINCE_CHECK
from planning.models import FinancialYear
from planning.workbook.rows import imported_reason

from .library_import import DefinitionEntry
from .library_values import PeriodEntry, period_version
from .models import AnnualTarget, IndicatorDefinition, IndicatorValue, Justification
from .services import definition_update
from .stored import ratings_refresh, years_for_months

BATCH = 1000


@transaction.atomic
def library_save(*, entries: list, actor, source: str) -> int:
    """Write what the check found (see performance.library_import); return how many records
    were written."""
    reason = imported_reason(source=source, actor=actor)
    saved = _save_definitions([e for e in entries if isinstance(e, DefinitionEntry)], actor, reason)
    period_entries = [e for e in entries if isinstance(e, PeriodEntry)]
    refs = {e.ref.upper() for e in period_entries}
    if not period_entries:
        return saved
    definitions = {
        d.ref.upper(): d
        for d in IndicatorDefinition.objects.select_for_update(of=("self",))
        .filter(ref__in={e.ref for e in period_entries})
        .order_by("pk")
    }
    missing = refs - set(definitions)
    if missing:
        raise ValidationError(f"{', '.join(sorted(missing))} was removed while importing")
    saved += _save_values(period_entries, definitions, actor, reason)
    saved += _save_targets(period_entries, definitions, actor, reason)
    months = {e.month for e in period_entries}
    years = set(years_for_months(months))
    years |= set(
        FinancialYear.objects.filter(start_year__in={e.start_year for e in period_entries})
    )
    ratings_refresh(definition_ids=[d.pk for d in definitions.values()], years=years)
    return saved


def _save_definitions(entries: list[DefinitionEntry], actor, reason: str) -> int:
    added = []
    for entry in entries:
        if entry.pk is None:
            definition = IndicatorDefinition(ref=entry.ref, **entry.changes)
            save_with_history(definition, actor=actor, reason=reason)
            added.append(definition.pk)
        else:
            definition = IndicatorDefinition.objects.get(pk=entry.pk)
            definition_update(
                definition=definition,
                changes=entry.changes,
                actor=actor,
                version=entry.seen,
                change_reason=reason,
            )
    if added:
        ratings_refresh(definition_ids=added)
    return len(entries)


def _save_values(entries: list[PeriodEntry], definitions: dict, actor, reason: str) -> int:
    ids = [d.pk for d in definitions.values()]
    held = {
        (v.definition_id, v.month): v
        for v in IndicatorValue.objects.select_for_update().filter(
            definition__in=ids, month__in={e.month for e in entries}
        )
    }
    targets = _held_targets(ids)
    new, changed, now = [], [], timezone.now()
    for entry in entries:
        definition = definitions[entry.ref.upper()]
        row = held.get((definition.pk, entry.month))
        target = (
            targets.get((definition.pk, entry.start_year)) if entry.target is not None else None
        )
        if entry.seen is not None and entry.seen != period_version(row, target):
            raise ValidationError(CHANGED_SINCE_CHECK)
        if entry.value is None and entry.note is None:
            continue
        if row is None:
            new.append(
                IndicatorValue(
                    definition=definition,
                    month=entry.month,
                    value=entry.value,
                    commentary=entry.note or "",
                    entered_by=actor,
                )
            )
            continue
        same_value = entry.value is None or entry.value == row.value
        if same_value and entry.note in (None, row.commentary):
            continue  # only the period's target changes
        if entry.value is not None:
            row.value = entry.value
        if entry.note is not None:
            row.commentary = entry.note
        row.entered_by, row.updated_at = actor, now
        changed.append(row)
    history = {"default_user": actor, "default_change_reason": reason, "batch_size": BATCH}
    if new:
        bulk_create_with_history(new, IndicatorValue, **history)
    if changed:
        fields = ["value", "commentary", "entered_by", "updated_at"]
        bulk_update_with_history(changed, IndicatorValue, fields, **history)
    return len(new) + len(changed)


def _held_targets(ids) -> dict:
    rows = AnnualTarget.objects.select_for_update(of=("self",)).select_related("year")
    return {(t.definition_id, t.year.start_year): t for t in rows.filter(definition__in=ids)}


def _save_targets(entries: list[PeriodEntry], definitions: dict, actor, reason: str) -> int:
    """A year's target and its profiled periods, one target record a year."""
    wanted: dict[tuple[int, int], list[PeriodEntry]] = defaultdict(list)
    for entry in entries:
        if entry.target is not None:
            wanted[definitions[entry.ref.upper()].pk, entry.start_year].append(entry)
    if not wanted:
        return 0
    held = _held_targets([pk for pk, _ in wanted])
    years = {
        y.start_year: y for y in FinancialYear.objects.filter(start_year__in={s for _, s in wanted})
    }
    for (pk, start), group in wanted.items():
        target = held.get((pk, start)) or AnnualTarget(
            definition_id=pk, year=years[start], justification=Justification.MAINTAIN
        )
        profile = [None if p is None else str(p) for p in target.profile_values]
        for entry in group:
            if entry.slot == "year":
                target.value = entry.target
            else:
                profile[entry.slot] = str(entry.target)
        target.profile = profile if any(p is not None for p in profile) else []
        save_with_history(target, actor=actor, reason=reason, first_wins=False)
    return len(wanted)
