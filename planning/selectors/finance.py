"""Reads for finance: the revenue forecast by service and by directorate for a month, a
plan's own finance, the capital programme and the savings programme. Each runs a fixed
number of queries whatever the size of the council."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from core import periods
from planning.finance_rules import (
    DEFAULT_THRESHOLDS,
    FinanceRating,
    PlanBudget,
    Thresholds,
    Variance,
    plan_budget,
    revenue_rating,
    variance,
)
from planning.models import (
    CapitalScheme,
    FinanceThreshold,
    FinancialYear,
    RevenueBudget,
    RevenueMonth,
    Saving,
    ServicePlan,
)
from planning.permissions import can_enter_finance

ZERO = Decimal(0)


def finance_thresholds() -> dict[str, Thresholds]:
    """The council's thresholds for each level, the defaults where none are set (one query)."""
    found = {
        row.level: Thresholds(row.amber_percent, row.amber_amount, row.red_percent, row.red_amount)
        for row in FinanceThreshold.objects.all()
    }
    return DEFAULT_THRESHOLDS | found


def month_choices(year: FinancialYear) -> list[dt.date]:
    return year.months


def default_month(year: FinancialYear, today: dt.date) -> dt.date:
    """The month being reported on: the one before today's in the year (finance closes a
    month after it ends), else the year's first or last month."""
    months = year.months
    if today < months[0]:
        return months[0]
    previous = periods.add_months(periods.month_start(today), -1)
    return max((m for m in months if m <= previous), default=months[0])


@dataclass
class RevenueRow:
    """One line of the revenue forecast: a service, a directorate or the whole council."""

    name: str
    original_budget: Decimal
    current_budget: Decimal
    actual_to_date: Decimal
    forecast: Decimal
    variance: Variance
    rating: FinanceRating
    unreported: int = 0  # services with no forecast yet, counted at budget
    directorate_id: int | None = None
    directorate: str = ""
    plan_id: int | None = None
    reported_month: dt.date | None = None
    commentary: str = ""

    @property
    def rag(self) -> str:
        return self.rating.rag

    @property
    def explanation(self) -> str:
        text = self.rating.explanation
        if self.unreported:
            plural = "service has" if self.unreported == 1 else "services have"
            text += f"; {self.unreported} {plural} no forecast yet and count at budget"
        return text


def _row(*, name, thresholds, original, current, actual, forecast, unreported=0, **extra):
    rating = revenue_rating(budget=current, forecast=forecast, thresholds=thresholds)
    shown = current if forecast is None else forecast
    return RevenueRow(
        name=name,
        original_budget=original,
        current_budget=current,
        actual_to_date=actual or ZERO,
        forecast=shown,
        variance=variance(budget=current, forecast=shown),
        rating=rating,
        unreported=unreported,
        **extra,
    )


def _budgets_with_month(year: FinancialYear, month: dt.date):
    latest = RevenueMonth.objects.filter(budget=OuterRef("pk"), month__lte=month).order_by("-month")
    return (
        RevenueBudget.objects.filter(plan__year=year)
        .select_related("plan__service__directorate")
        .annotate(
            actual=Subquery(latest.values("actual_to_date")[:1]),
            forecast=Subquery(latest.values("forecast_outturn")[:1]),
            reported=Subquery(latest.values("month")[:1]),
            note=Subquery(latest.values("commentary")[:1]),
        )
        .order_by("plan__service__directorate__name", "plan__service__name")
    )


def revenue_by_service(
    *, year: FinancialYear, month: dt.date, thresholds: dict | None = None
) -> list[RevenueRow]:
    """Every service's revenue position as reported for the month or the latest before it
    (one query, two with the thresholds)."""
    thresholds = thresholds or finance_thresholds()
    # Only the figures shown are read: whole budget, plan, service and directorate records
    # for every service cost more to build than the rest of the page.
    budgets = _budgets_with_month(year, month).values_list(
        "plan__service__name",
        "original_budget",
        "current_budget",
        "actual",
        "forecast",
        "plan__service__directorate_id",
        "plan__service__directorate__name",
        "plan_id",
        "reported",
        "note",
        named=True,
    )
    return [
        _row(
            name=budget.plan__service__name,
            thresholds=thresholds["service"],
            original=budget.original_budget,
            current=budget.current_budget,
            actual=budget.actual,
            forecast=budget.forecast,
            unreported=int(budget.forecast is None),
            directorate_id=budget.plan__service__directorate_id,
            directorate=budget.plan__service__directorate__name,
            plan_id=budget.plan_id,
            reported_month=budget.reported,
            commentary=budget.note or "",
        )
        for budget in budgets
    ]


@dataclass
class DirectorateRevenue:
    row: RevenueRow
    services: list[RevenueRow] = field(default_factory=list)


@dataclass
class RevenueForecast:
    year: FinancialYear
    month: dt.date
    directorates: list[DirectorateRevenue]
    total: RevenueRow

    @property
    def rows(self) -> list[RevenueRow]:
        return [d.row for d in self.directorates]


def _total(name: str, rows: list[RevenueRow], thresholds: Thresholds, **extra) -> RevenueRow:
    unreported = sum(r.unreported for r in rows)
    return _row(
        name=name,
        thresholds=thresholds,
        original=sum((r.original_budget for r in rows), ZERO),
        current=sum((r.current_budget for r in rows), ZERO),
        actual=sum((r.actual_to_date for r in rows), ZERO),
        forecast=None
        if rows and unreported == len(rows)
        else sum((r.forecast for r in rows), ZERO),
        unreported=unreported,
        **extra,
    )


def revenue_by_directorate(*, year: FinancialYear, month: dt.date) -> RevenueForecast:
    """The revenue forecast for the month by directorate, each rated with the directorate
    thresholds, and the council total rated with the council's (two queries). A service
    with no forecast yet counts at its budget, and the row says how many do."""
    thresholds = finance_thresholds()
    services = revenue_by_service(year=year, month=month, thresholds=thresholds)
    by_directorate: dict[int, list[RevenueRow]] = defaultdict(list)
    for row in services:
        by_directorate[row.directorate_id].append(row)
    directorates = [
        DirectorateRevenue(
            row=_total(rows[0].directorate, rows, thresholds["directorate"], directorate_id=d_id),
            services=rows,
        )
        for d_id, rows in by_directorate.items()
    ]
    return RevenueForecast(
        year=year,
        month=month,
        directorates=directorates,
        total=_total("Council total", services, thresholds["council"]),
    )


@dataclass
class PlanFinance:
    budget: RevenueBudget | None
    figures: PlanBudget
    months: list[RevenueMonth]
    position: RevenueRow | None
    capital: list[CapitalScheme]
    savings: list[Saving]
    quarter: int


def plan_finance(plan: ServicePlan, *, today: dt.date) -> PlanFinance:
    """A service plan's finance: the revenue budget and each month reported, the latest
    position rated with the service thresholds, capital schemes and savings, and the plan's
    budget figures (finance_rules.PlanBudget) (six queries)."""
    budget = RevenueBudget.objects.filter(plan=plan).first()
    months = list(budget.months.all()) if budget else []
    position = None
    if budget is not None:
        latest = months[-1] if months else None
        position = _row(
            name=plan.service.name,
            thresholds=finance_thresholds()["service"],
            original=budget.original_budget,
            current=budget.current_budget,
            actual=latest.actual_to_date if latest else None,
            forecast=latest.forecast_outturn if latest else None,
            unreported=int(latest is None),
            reported_month=latest.month if latest else None,
            commentary=latest.commentary if latest else "",
        )
    figures = plan_budget(
        original=budget.original_budget if budget else None,
        current=budget.current_budget if budget else None,
        line_budgets=[line.budget for line in plan.budget_lines.all()],
    )
    return PlanFinance(
        budget=budget,
        figures=figures,
        months=months,
        position=position,
        capital=list(plan.capital_schemes.all()),
        savings=list(plan.savings.all()),
        quarter=plan.year.quarter_of(today) or (4 if today > plan.year.ends else 1),
    )


@dataclass
class CapitalRow:
    directorate: str
    service: str
    name: str
    budget: Decimal
    spend_to_date: Decimal
    forecast: Decimal
    slippage: Decimal
    completion_date: dt.date | None

    @property
    def variance(self) -> Decimal:
        """Forecast plus slippage against the budget: positive is an overspend."""
        return self.forecast + self.slippage - self.budget


def capital_programme(*, year: FinancialYear) -> list[CapitalRow]:
    """Every capital scheme in the year's service plans (one query)."""
    schemes = (
        CapitalScheme.objects.filter(plan__year=year)
        .select_related("plan__service__directorate")
        .order_by("plan__service__directorate__name", "plan__service__name", "name", "pk")
    )
    return [
        CapitalRow(
            directorate=s.plan.service.directorate.name,
            service=s.plan.service.name,
            name=s.name,
            budget=s.budget,
            spend_to_date=s.spend_to_date or ZERO,
            forecast=s.budget if s.forecast is None else s.forecast,
            slippage=s.slippage or ZERO,
            completion_date=s.completion_date,
        )
        for s in schemes
    ]


@dataclass
class SavingRow:
    directorate: str
    service: str
    name: str
    amount: Decimal
    forecast_delivered: Decimal
    at_risk: Decimal
    rag: str  # green | amber | red | blue | ""

    @property
    def rag_word(self) -> str:
        return {"blue": "Blue (delivered)", "": "Not rated"}.get(self.rag, self.rag.title())


def savings_programme(*, year: FinancialYear, quarter: int) -> list[SavingRow]:
    """Every saving the year's service plans carry, with its RAG as at the quarter (one
    query). Forecast delivered defaults to the amount, less any at risk."""
    savings = (
        Saving.objects.filter(plan__year=year)
        .select_related("plan__service__directorate")
        .order_by("plan__service__directorate__name", "plan__service__name", "name", "pk")
    )
    rows = []
    for s in savings:
        at_risk = s.at_risk or ZERO
        forecast = s.forecast_delivered
        if forecast is None:
            forecast = s.amount - at_risk
        rows.append(
            SavingRow(
                directorate=s.plan.service.directorate.name,
                service=s.plan.service.name,
                name=s.name,
                amount=s.amount,
                forecast_delivered=forecast,
                at_risk=at_risk,
                rag=s.rag_at(quarter),
            )
        )
    return rows


def finance_plans_for_user(*, user, year: FinancialYear) -> list[ServicePlan]:
    """The year's service plans whose finance the person may enter (two queries at most,
    whatever the number of services: the person's roles are read once)."""
    plans = ServicePlan.objects.filter(year=year).select_related("service", "year")
    return [plan for plan in plans if can_enter_finance(user, plan)]


def current_budget(*, plan: ServicePlan) -> Decimal | None:
    """The plan's current revenue budget in pounds, or None while it has none."""
    budget = RevenueBudget.objects.filter(plan=plan).only("current_budget").first()
    return budget.current_budget if budget else None


def revenue_budget_get_for_plan(*, plan: ServicePlan) -> RevenueBudget | None:
    return RevenueBudget.objects.filter(plan=plan).first()


def revenue_month_get_for_plan(*, plan: ServicePlan, month: dt.date) -> RevenueMonth | None:
    return RevenueMonth.objects.filter(budget__plan=plan, month=month).first()


def finance_threshold_rows() -> dict[str, FinanceThreshold]:
    """The thresholds administrators have set, by level (a level not set uses the default)."""
    return {row.level: row for row in FinanceThreshold.objects.all()}
