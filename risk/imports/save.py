"""Saving a checked risk register workbook, all or nothing (the rules are in risk.imports)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from core.history import EditConflict, check_version, locked
from core.saving import save_with_history
from planning.models import Directorate, Service
from planning.workbook.rows import imported_reason

from ..models import Risk, RiskAction, RiskRegister, RiskReview
from ..services import register_for
from .check import ActionChange, ReviewChange, RiskChange


@transaction.atomic
def registers_save(*, entries: list, actor, source: str) -> int:
    """Write what the checked workbook adds and changes, all or nothing, each record with
    "Imported from <file> by <person>" in its history. A record someone saved since the
    check is refused (EditConflict), and nothing is written. Returns how many records."""
    reason = imported_reason(source=source, actor=actor)
    registers: dict[tuple, RiskRegister] = {}
    risks: dict[tuple, Risk] = {}

    def register_of(key: tuple) -> RiskRegister:
        if key not in registers:
            level, service_id, directorate_id = key
            registers[key] = register_for(
                level=level,
                service=Service.objects.get(pk=service_id) if service_id else None,
                directorate=Directorate.objects.get(pk=directorate_id) if directorate_id else None,
            )
        return registers[key]

    def risk_of(key: tuple, ref: str) -> Risk:
        if (key, ref.lower()) not in risks:
            risks[(key, ref.lower())] = locked(
                Risk.objects.select_related("register__matrix").get(
                    register=register_of(key), ref__iexact=ref
                )
            )
        return risks[(key, ref.lower())]

    for entry in entries:
        if isinstance(entry, RiskChange):
            risks[(entry.place, entry.ref.lower())] = _save_risk(entry, register_of, actor, reason)
        elif isinstance(entry, ActionChange):
            _save_action(entry, risk_of(entry.place, entry.ref), actor, reason)
    reviews = sorted((e for e in entries if isinstance(e, ReviewChange)), key=lambda e: e.quarter)
    for entry in reviews:
        _save_review(entry, risk_of(entry.place, entry.ref), actor, reason, source)
    return len(entries)


def _held(model, pk: int, version: str):
    """The record as the check saw it, held until the import ends; refused (EditConflict)
    if someone saved or removed it since."""
    record = model._default_manager.filter(pk=pk).first()
    if record is None:
        raise EditConflict(who=None, when=None, changes=[], removed=True)
    record = locked(record)
    check_version(record, version)
    return record


def _save_risk(entry: RiskChange, register_of, actor, reason: str) -> Risk:
    register = register_of(entry.place)
    if entry.existing:
        risk = _held(Risk, entry.existing, entry.version)
    else:
        locked(register)
        risk = Risk(register=register, ref=entry.ref)
    risk.register = register
    for name, value in entry.values.items():
        setattr(risk, name, value)
    risk.next_review_date = risk.next_review_due(register.matrix.band(risk.current_score))
    save_with_history(risk, actor=actor, reason=reason)
    return risk


def _save_action(entry: ActionChange, risk: Risk, actor, reason: str) -> None:
    action = _held(RiskAction, entry.existing, entry.version) if entry.existing else None
    action = action or RiskAction(risk=risk)
    for name, value in entry.values.items():
        setattr(action, name, value)
    save_with_history(action, actor=actor, reason=reason)


def _save_review(entry: ReviewChange, risk: Risk, actor, reason: str, source: str) -> None:
    """A review as the source gives it, entered now by the person importing; the risk's
    current score follows it when no later quarter has been reviewed."""
    review = _held(RiskReview, entry.existing, entry.version) if entry.existing else None
    start_year, number = entry.quarter
    review = review or RiskReview(risk=risk, start_year=start_year, quarter=number)
    for name, value in entry.values.items():
        setattr(review, name, value)
    review.entered_by, review.entered_at, review.imported_from = actor, timezone.now(), source
    later = RiskReview.objects.filter(risk=risk, start_year__gt=start_year).exists() or (
        RiskReview.objects.filter(risk=risk, start_year=start_year, quarter__gt=number).exists()
    )
    save_with_history(review, actor=actor, reason=reason)
    if later:
        return
    for part in ("likelihood", "impact", "score_given"):
        setattr(risk, f"current_{part}", getattr(review, part))
    reviewed_on: dt.date = review.reviewed_on
    risk.last_review_date = max(reviewed_on, risk.last_review_date or reviewed_on)
    risk.next_review_date = risk.next_review_due(risk.register.matrix.band(risk.current_score))
    save_with_history(risk, actor=actor, reason=f"{reason}: reviewed for {review.quarter_label}")
