"""Indicators for the small test council (tests/world.py).

Parks (head's service) has PK-01, a percentage where higher is better, and PK-02, days
where lower is better; PK-03 is data only. Libraries (other_head's) has LB-01. CP-01 is a
corporate measure owned by the director of Place, used by both plans."""

from dataclasses import dataclass
from decimal import Decimal

from performance.models import AnnualTarget, IndicatorDefinition, IndicatorUsage


@dataclass
class PerformanceWorld:
    percent: IndicatorDefinition
    days: IndicatorDefinition
    data_only: IndicatorDefinition
    libraries: IndicatorDefinition
    corporate: IndicatorDefinition


def definition(ref: str, **fields) -> IndicatorDefinition:
    defaults = {"type": "outcome", "aggregation": "average", "polarity": "higher"} | fields
    row, _ = IndicatorDefinition.objects.get_or_create(ref=ref, defaults=defaults)
    return row


def build_performance(world) -> PerformanceWorld:
    w = world
    percent = definition(
        "PK-01",
        name="Park users satisfied",
        unit="percentage",
        service=w.service,
        in_delivery_plan=True,
    )
    days = definition(
        "PK-02",
        name="Days to clear fly-tipping",
        unit="days",
        polarity="lower",
        type="output",
        service=w.service,
    )
    data_only = definition(
        "PK-03", name="Park visits", aggregation="sum", data_only=True, service=w.service
    )
    libraries = definition(
        "LB-01", name="Library loans", aggregation="sum", service=w.other_service
    )
    corporate = definition(
        "CP-01",
        name="Residents satisfied with the council",
        unit="percentage",
        service=w.service,
        is_corporate=True,
        owner=w.people["director"],
        in_delivery_plan=True,
    )
    for order, row in enumerate((percent, days, data_only, corporate)):
        IndicatorUsage.objects.get_or_create(
            plan=w.service_plan,
            definition=row,
            defaults={"order": order, "serves_action": w.action},
        )
    for row in (libraries, corporate):
        IndicatorUsage.objects.get_or_create(plan=w.other_plan, definition=row)
    for row, value in ((percent, 90), (days, 10), (libraries, 1200), (corporate, 75)):
        AnnualTarget.objects.get_or_create(
            definition=row,
            year=w.year,
            defaults={"value": Decimal(value), "justification": "improve"},
        )
    return PerformanceWorld(percent, days, data_only, libraries, corporate)
