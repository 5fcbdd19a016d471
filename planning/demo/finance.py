"""The revenue budget of every demo service plan, and what finance reported for each month
of the year that has closed: spend to date and the forecast outturn, drifting towards each
service's own story (on track, a growing pressure, an underspend)."""

from decimal import Decimal

from core.clock import today
from planning.models import RevenueBudget, RevenueMonth
from planning.selectors.finance import default_month

from .base import Council, bulk_add, rng_for

# How far from budget each kind of service ends the year, in per cent.
STORIES = {"on track": (-1, 1), "pressure": (3, 9), "underspend": (-6, -2)}
WHY = {
    "on track": "",
    "pressure": (
        "Demand is above the level budgeted for; a recovery plan is with the director.",
        "Agency cover for vacant posts is costing more than the posts would.",
        "Contract inflation is running ahead of the budget assumption.",
    ),
    "underspend": (
        "Vacancies held while the restructure completes.",
        "Income is ahead of target this year.",
    ),
}
PENCE = Decimal("1")


def finance_seed(*, council: Council) -> None:
    year = council.year
    have = set(
        RevenueBudget.objects.filter(plan_id__in=council.service_plans.values()).values_list(
            "plan_id", flat=True
        )
    )
    closed = [m for m in year.months if m <= default_month(year, today()) and m < today()]
    budgets, stories = [], {}
    for _, _, entry in council.scale.services():
        plan_id = council.service_plans[entry.code]
        if plan_id in have:
            continue
        rng = rng_for("finance", entry.code)
        original = Decimal(rng.randint(400, 9000) * 1000)
        current = original + original * rng.randint(-2, 3) / 100
        budgets.append(
            RevenueBudget(
                plan_id=plan_id, original_budget=original, current_budget=current.quantize(PENCE)
            )
        )
        story = rng.choices(list(STORIES), (60, 25, 15))[0]
        stories[plan_id] = (story, Decimal(rng.randint(*STORIES[story])), rng)
    saved = bulk_add(council=council, model=RevenueBudget, rows=budgets)
    months = []
    for budget in saved:
        story, end_percent, rng = stories[budget.plan_id]
        why = rng.choice(WHY[story]) if WHY[story] else ""
        for n, month in enumerate(closed, start=1):
            drift = end_percent * n / len(closed)
            forecast = budget.current_budget * (100 + drift) / 100
            actual = forecast * n / 12 * Decimal(rng.randint(97, 103)) / 100
            months.append(
                RevenueMonth(
                    budget_id=budget.pk,
                    month=month,
                    actual_to_date=actual.quantize(PENCE),
                    forecast_outturn=forecast.quantize(PENCE),
                    commentary=why if n > 1 else "",
                )
            )
    bulk_add(council=council, model=RevenueMonth, rows=months)
