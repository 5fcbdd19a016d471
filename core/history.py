"""Reading the history django-simple-history keeps of every record: per-item timelines
(who, when, field: old → new, why) and the changes someone else saved while a form was
open (concurrent edit detection), with the row locks and first-save guard that keep
simultaneous check-then-write saves from overwriting or double-counting."""

from __future__ import annotations

import datetime as dt
import json
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import IntegrityError, models, transaction
from django.utils.dateparse import parse_datetime

IGNORED = {"created_at", "updated_at"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: dt.datetime
    who: object | None
    kind: str  # "Created", "Changed", "Deleted"
    reason: str
    changes: list[Change] = field(default_factory=list)


class EditConflict(Exception):
    """Someone saved (or removed) the record after the form was opened: the save is
    refused."""

    def __init__(
        self,
        *,
        who,
        when,
        changes: list[Change],
        removed: bool = False,
        at_once: bool = False,
        unchecked: bool = False,
    ):
        self.who, self.when, self.changes, self.removed = who, when, changes, removed
        self.unchecked = unchecked
        if unchecked:
            super().__init__(
                "This form came back without the version it was opened on, so it cannot be "
                "checked against changes made since. Your changes have not been saved: check "
                "what is there now, then save again."
            )
            return
        if at_once:
            super().__init__(
                "Someone else saved this at the same moment as you. Your changes have not "
                "been saved: check what is there now, then save again."
            )
            return
        if removed:
            super().__init__(
                "This was removed by someone else while you were looking at it. Nothing "
                "has been saved."
            )
            return
        names = ", ".join(change.field for change in changes) or "it"
        by = f" by {who}" if who else ""
        super().__init__(
            f"This was changed{by} while you were editing ({names}). Your changes have not "
            "been saved: check what they changed, then save again to keep yours."
        )


def version_token(obj: models.Model | None) -> str:
    """What an edit form carries to notice a later save: the record's change stamp ("" for
    a record not saved yet, or none at all)."""
    return obj.updated_at.isoformat() if obj is not None and obj.pk and obj.updated_at else ""


def check_version(obj: models.Model, token: str | None) -> None:
    """Refuse (EditConflict) unless `token` is the change stamp of the record as it is now:
    someone saved it since the form was opened, or the form came back without its stamp
    (or with one that is not a stamp at all). A record not saved yet has nothing to
    conflict with, and nor has a save that comes from no form (`token` None: seeding,
    an upload that checks its own versions)."""
    if token is None or not obj.pk or (token and token == version_token(obj)):
        return
    seen_at = _stamp(token)
    records = list(obj.history.select_related("history_user").order_by("-history_date"))
    current = records[0] if records else None
    seen = next((r for r in records if seen_at and r.updated_at == seen_at), None)
    changes = _diff(obj, current, seen) if current and seen else []
    raise EditConflict(
        who=current.history_user if current else None,
        when=current.history_date if current else None,
        changes=changes,
        unchecked=seen_at is None,
    )


def _stamp(token: str | None) -> dt.datetime | None:
    """The moment a version token names, or None for anything that is not one."""
    try:
        return parse_datetime(token or "")
    except (ValueError, TypeError, OverflowError):
        return None


def locked(obj: models.Model, queryset=None):
    """Hold the record's row until the transaction ends, and bring `obj` up to date with
    it, so that whoever checks it and then writes it does both before anyone else can.
    Refused (EditConflict) if it was removed meanwhile. Returns `obj`."""
    queryset = type(obj)._default_manager if queryset is None else queryset
    row = queryset.select_for_update(of=("self",)).filter(pk=obj.pk).first()
    if row is None:
        raise EditConflict(who=None, when=None, changes=[], removed=True)
    for model_field in obj._meta.concrete_fields:
        setattr(obj, model_field.attname, getattr(row, model_field.attname))
    obj._state.fields_cache.update(row._state.fields_cache)
    return obj


def one_of_a_kind(queryset, *, within: models.Model, version: str | None, **key):
    """The one record of its kind that `key` names (a plan's checklist, its budget, a
    month's figures), or a new one when there is none yet. `within` (the record it belongs
    to) is held until the transaction ends, so two first saves at once are taken in turn,
    the second seeing the first; a record saved since the form was opened (`version`) is
    refused (EditConflict)."""
    locked(within)
    obj = queryset.filter(**key).first()
    if obj is None:
        return queryset.model(**key)
    check_version(obj, version)
    return obj


@contextmanager
def first_save_wins(obj: models.Model | None = None):
    """Two people adding the same one-of-a-kind record at the same moment (the month's
    figures, the quarter's review): the database's unique constraint lets one in, and the
    other is refused as an edit conflict rather than failing. Saving a record that already
    exists (`obj` given and not new) needs no such guard."""
    if obj is not None and not obj._state.adding:
        yield
        return
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        if not _is_unique_violation(error):
            raise
        raise EditConflict(who=None, when=None, changes=[], at_once=True) from error


def _is_unique_violation(error: IntegrityError) -> bool:
    cause = error.__cause__
    code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    return code == "23505" or "UNIQUE constraint failed" in str(error)


def timeline(obj: models.Model) -> list[HistoryEntry]:
    """Every saved version of the record, newest first, each with what changed from the
    version before it (a fixed number of queries: the versions with the people who saved
    them, and one per kind of link that changed, however long the history)."""
    records = list(obj.history.select_related("history_user").order_by("history_date", "pk"))
    names = _link_names(obj, records)
    entries = []
    previous = None
    for record in records:
        kind = {"+": "Created", "~": "Changed", "-": "Deleted"}[record.history_type]
        if previous is not None:
            changes = _diff(obj, record, previous, names)
        elif record.history_type == "+":
            changes = field_values(obj, record)
        else:
            changes = []
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                kind=kind,
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
        previous = record
    return list(reversed(entries))


def _link_names(obj: models.Model, records) -> dict[str, dict]:
    """For each link (foreign key) whose target changed over the history, the names of
    every record it pointed to: one query per such link, not one per change."""
    names = {}
    for model_field in obj._meta.concrete_fields:
        if not isinstance(model_field, models.ForeignKey) or model_field.name in IGNORED:
            continue
        values = {getattr(record, model_field.attname) for record in records}
        targets = values - {None}
        if targets and len(values) > 1:  # it changed, to or from a record
            related = model_field.related_model._base_manager.filter(pk__in=targets)
            names[model_field.name] = {item.pk: str(item) for item in related}
    return names


def _diff(obj: models.Model, new, old, names: dict | None = None) -> list[Change]:
    delta = new.diff_against(old, excluded_fields=IGNORED)
    changes = []
    for change in delta.changes:
        model_field = obj._meta.get_field(change.field)
        if isinstance(model_field, models.JSONField):
            changes += _json_changes(obj, model_field, change.old, change.new)
            continue
        changes.append(
            Change(
                field=_first_upper(str(model_field.verbose_name)),
                old=_show(obj, model_field, change.old, names),
                new=_show(obj, model_field, change.new, names),
            )
        )
    return changes


def field_values(obj: models.Model, record=None) -> list[Change]:
    """What the record holds (or held, in the historical `record` given), field by field
    in words, blank fields left out: a creation in history, a row about to be removed.
    Links to other records are left out too: they name the record's place (its plan, its
    parent), which the page already shows, and would cost a query each."""
    record = obj if record is None else record
    changes = []
    for model_field in obj._meta.concrete_fields:
        if (
            model_field.primary_key
            or model_field.name in IGNORED
            or isinstance(model_field, models.ForeignKey)
        ):
            continue
        value = getattr(record, model_field.attname, None)
        if value in (None, "", {}, []):
            continue
        if isinstance(model_field, models.JSONField):
            changes += _json_changes(obj, model_field, {}, value)
            continue
        label = _first_upper(str(model_field.verbose_name))
        changes.append(Change(field=label, old="", new=_show(obj, model_field, value)))
    return changes


def _json_changes(obj, model_field, old, new) -> list[Change]:
    """A JSON field (a checklist's answers, say) changes line by line: each question whose
    answer moved is its own change, in words, never the raw stored structure. A model
    names how its JSON fields read as lines in `history_lines` (field name → function of
    the stored value returning {label: text}); other JSON fields read key by key."""
    lines = getattr(type(obj), "history_lines", {}).get(model_field.name, _json_lines)
    before, after = lines(_loaded(old)), lines(_loaded(new))
    changes = []
    for label in dict.fromkeys([*after, *before]):
        was, now = before.get(label, ""), after.get(label, "")
        if was != now:
            changes.append(Change(field=label, old=was or "(blank)", new=now or "(blank)"))
    return changes


def _loaded(value) -> dict:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {"": value}
    return value if isinstance(value, dict) else {}


def _json_lines(value: dict) -> dict[str, str]:
    return {_first_upper(str(key).replace("_", " ")): str(item) for key, item in value.items()}


def _first_upper(text: str) -> str:
    """Capitalise the first letter only: "quarter 1 RAG" → "Quarter 1 RAG"."""
    return text[:1].upper() + text[1:]


def _show(obj, model_field, value, names: dict | None = None) -> str:
    if value in (None, ""):
        return "(blank)"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(model_field, models.ForeignKey):
        if names is not None:
            return names.get(model_field.name, {}).get(value, "(removed)")
        related = model_field.related_model.objects.filter(pk=value).first()
        return str(related) if related else "(removed)"
    if isinstance(value, dt.date):
        return value.strftime("%-d %B %Y")
    return str(value)
