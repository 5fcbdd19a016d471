"""Writes to finance: a service's revenue budget for the year, what finance reported for a
month, and the council's thresholds. Each refuses a save when someone else saved the same
record since the form was opened, and each change is kept in history with who made it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from core.history import check_version, one_of_a_kind
from core.saving import save_with_history
from planning.models import FinanceThreshold, RevenueBudget, RevenueMonth, ServicePlan

from .delivery import reason_for
from .resources import capital_scheme_save


@transaction.atomic
def revenue_budget_save(
    *,
    plan: ServicePlan,
    actor,
    original_budget: Decimal,
    current_budget: Decimal,
    version: str | None = None,
) -> RevenueBudget:
    """Set the service's original and current revenue budget for the plan's year."""
    budget = one_of_a_kind(
        RevenueBudget.objects.select_for_update(), within=plan, version=version, plan=plan
    )
    budget.original_budget = original_budget
    budget.current_budget = current_budget
    save_with_history(budget, actor=actor, reason=reason_for(plan, "Revenue budget"))
    return budget


@transaction.atomic
def revenue_month_save(
    *,
    plan: ServicePlan,
    actor,
    month: dt.date,
    actual_to_date: Decimal,
    forecast_outturn: Decimal,
    commentary: str = "",
    version: str | None = None,
    source: str = "",
) -> RevenueMonth:
    """Record the spend to date and forecast outturn finance reported for a month of the
    plan's year. The service's budget must be set first. `source` names the file the
    figures were uploaded from, for history."""
    if month not in plan.year.months:
        raise ValidationError(f"Choose a month of {plan.year}")
    budget = RevenueBudget.objects.filter(plan=plan).first()
    if budget is None:
        raise ValidationError("Set the service's revenue budget before entering a month")
    record = one_of_a_kind(
        RevenueMonth.objects.select_for_update(),
        within=budget,
        version=version,
        budget=budget,
        month=month,
    )
    record.actual_to_date = actual_to_date
    record.forecast_outturn = forecast_outturn
    record.commentary = commentary
    reason = f"Finance for {month:%B %Y}" + (f" uploaded from {source}" if source else "")
    save_with_history(record, actor=actor, reason=reason_for(plan, reason)[:100])
    return record


@transaction.atomic
def revenue_months_save(*, entries, actor, source: str) -> int:
    """Save a checked upload's months: every one or, if any is refused (someone saved the
    same month since the check, or its budget has gone), none. Returns how many. Months
    are taken in one order (plan, then month), so two uploads at once never wait on each
    other in a circle."""
    for entry in sorted(entries, key=lambda e: (e.plan.pk, e.month)):
        revenue_month_save(
            plan=entry.plan,
            actor=actor,
            month=entry.month,
            actual_to_date=entry.actual_to_date,
            forecast_outturn=entry.forecast_outturn,
            commentary=entry.commentary,
            version=entry.version,
            source=source,
        )
    return len(entries)


@transaction.atomic
def capital_schemes_save(*, entries, actor, source: str) -> int:
    """Save a checked upload's capital figures: every scheme's or, if any is refused
    (someone changed the scheme since the check), none. Returns how many."""
    reason = f"Capital figures uploaded from {source}"
    for entry in entries:
        capital_scheme_save(**vars(entry), actor=actor, reason=reason)
    return len(entries)


THRESHOLD_FIELDS = ("amber_percent", "amber_amount", "red_percent", "red_amount")


@transaction.atomic
def finance_thresholds_save(*, actor, levels: dict[str, dict], versions: dict[str, str]):
    """Set when a forecast overspend turns amber and red, for each level. Red may not start
    below amber: the same part (percentage or amount) must be at least amber's."""
    saved = []
    for level, values in levels.items():
        for part in ("percent", "amount"):
            amber, red = values.get(f"amber_{part}"), values.get(f"red_{part}")
            if amber is not None and red is not None and red < amber:
                raise ValidationError(
                    {f"{level}_red_{part}": f"Red must start at or above amber ({level})"}
                )
        row = FinanceThreshold.objects.select_for_update().filter(level=level).first()
        if row is None:
            row = FinanceThreshold(level=level)
        else:
            check_version(row, versions.get(level, ""))
        for name in THRESHOLD_FIELDS:
            setattr(row, name, values.get(name))
        save_with_history(row, actor=actor, reason="Finance thresholds changed")
        saved.append(row)
    return saved
