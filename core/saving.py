"""The one way a record is written or removed with its history: who did it and why are kept
with every version django-simple-history records."""

from __future__ import annotations

from django.db import models

from core.history import first_save_wins


def save_with_history(
    obj: models.Model,
    *,
    actor,
    reason: str,
    fields: list[str] | None = None,
    first_wins: bool = True,
) -> None:
    """Save the record, checked, with who saved it (`actor`; None: whoever is signed in,
    if anyone) and why (`reason`) in its history.

    The record is validated in full first. Saving only some `fields` (a stamp such as who
    last edited a plan, a job's progress) writes and records just those and the record's
    change stamp (`updated_at`, so an edit form opened before still notices), and does not
    re-validate the rest.
    Two people adding the same one-of-a-kind record at the same moment: one is refused as
    an edit conflict (`first_wins`; off where a clash is not an edit conflict)."""
    if fields is None:
        obj.full_clean()
    elif any(f.name == "updated_at" for f in obj._meta.concrete_fields):
        fields = list(dict.fromkeys([*fields, "updated_at"]))
    if actor is not None:
        obj._history_user = actor
    obj._change_reason = reason  # kept with the version this save records
    if first_wins:
        with first_save_wins(obj):
            obj.save(update_fields=fields)
    else:
        obj.save(update_fields=fields)


def remove_with_history(obj: models.Model, *, actor, reason: str) -> None:
    """Delete the record; its history stays, ending with who removed it, when and why."""
    obj._history_user = actor
    obj._change_reason = reason
    obj.delete()
