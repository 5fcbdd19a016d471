"""The resources section of every demo plan: budget lines with last year's outturn, a
capital scheme or two, named savings with their quarterly RAG, teams with FTE, vacancies
and agency cover, answers to the staffing questions and a sickness rate; and the council's
average sickness rate for the year."""

from decimal import Decimal

from simple_history.utils import bulk_update_with_history

from core.clock import today
from planning.models import (
    BudgetLine,
    CapitalScheme,
    FinancialYear,
    Saving,
    Workforce,
    WorkforceTeam,
)

from .base import HISTORY_REASON, Council, bulk_add, heading, rng_for
from .words import CAPITAL_SCHEMES, SAVINGS, STAFFING_ANSWERS

COUNCIL_SICKNESS_AVERAGE = Decimal("8.6")


def resources_seed(*, council: Council) -> None:
    year = council.year
    if year.sickness_average_days is None:
        year.sickness_average_days = COUNCIL_SICKNESS_AVERAGE
        bulk_update_with_history(
            [year],
            FinancialYear,
            ["sickness_average_days"],
            default_change_reason=HISTORY_REASON,
        )
    have = set(
        Workforce.objects.filter(plan_id__in=council.service_plans.values()).values_list(
            "plan_id", flat=True
        )
    )
    quarter_now = year.quarter_of(today()) or 4
    rows = {model: [] for model in (BudgetLine, CapitalScheme, Saving, WorkforceTeam, Workforce)}
    for _, _, entry in council.scale.services():
        plan_id = council.service_plans[entry.code]
        if plan_id in have:
            continue
        rng = rng_for("resources", entry.code)
        money_rng = rng_for("capital-and-savings", entry.code)
        for subject in entry.subjects[:3]:
            budget = Decimal(rng.randint(20, 900) * 1000)
            outturn = budget * Decimal(rng.randint(92, 112)) / 100
            rows[BudgetLine].append(
                BudgetLine(
                    plan_id=plan_id,
                    purpose=heading(subject),
                    budget=budget,
                    last_year_outturn=outturn.quantize(Decimal("1")),
                )
            )
        for name in rng.sample(CAPITAL_SCHEMES, rng.randint(0, 2)):
            budget = Decimal(rng.randint(5, 300) * 10000)
            slippage = budget * money_rng.choice((0, 0, 0, 10, 25, 40)) / 100
            forecast = budget - slippage + budget * money_rng.randint(-3, 8) / 100
            rows[CapitalScheme].append(
                CapitalScheme(
                    plan_id=plan_id,
                    name=name.format(s=entry.subjects[0]),
                    budget=budget,
                    completion_date=year.ends,
                    spend_to_date=(forecast * quarter_now / 5).quantize(Decimal("1")),
                    forecast=forecast.quantize(Decimal("1")),
                    slippage=slippage.quantize(Decimal("1")),
                )
            )
        for name in rng.sample(SAVINGS, rng.randint(1, 2)):
            story = rng.choices(("green", "amber", "red", "blue"), (45, 25, 10, 20))[0]
            rags = [
                ("green" if story == "blue" else rng.choice(("green", story)))
                for _ in range(quarter_now - 1)
            ] + [story]
            rags = (rags + ["", "", "", ""])[:4]
            amount = Decimal(rng.randint(1, 60) * 5000)
            share_at_risk = {"blue": 0, "green": 0, "amber": 25, "red": 60}[story]
            at_risk = amount * (share_at_risk + money_rng.randint(0, 10) * (story != "blue")) / 100
            rows[Saving].append(
                Saving(
                    plan_id=plan_id,
                    name=name.format(s=entry.subjects[0]),
                    amount=amount,
                    forecast_delivered=(amount - at_risk).quantize(Decimal("1")),
                    at_risk=at_risk.quantize(Decimal("1")),
                    q1_rag=rags[0],
                    q2_rag=rags[1],
                    q3_rag=rags[2],
                    q4_rag=rags[3],
                )
            )
        for subject in entry.subjects[:2]:
            rows[WorkforceTeam].append(
                WorkforceTeam(
                    plan_id=plan_id,
                    team=heading(subject),
                    fte=Decimal(rng.randint(8, 60)) / 2,
                    vacancies=Decimal(rng.randint(0, 6)) / 2,
                    agency=Decimal(rng.randint(0, 4)) / 2,
                )
            )
        rows[Workforce].append(
            Workforce(
                plan_id=plan_id,
                answers={key: rng.choice(texts) for key, texts in STAFFING_ANSWERS.items()},
                sickness_days_per_fte=Decimal(rng.randint(40, 140)) / 10,
            )
        )
    for model, model_rows in rows.items():
        bulk_add(council=council, model=model, rows=model_rows)
