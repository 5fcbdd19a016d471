"""The Indicators sheet of a Service Business Plan's workbook (planning.workbook): each
indicator the plan uses, what it serves up the golden thread, and its target for the plan's
year with the written justification and the monthly profile. Every signed-in person reads
indicator definitions and targets. Importing it back is in .workbook_import."""

from __future__ import annotations

from performance.models import AnnualTarget, IndicatorUsage
from planning.workbook.layout import Column, SheetLayout, sheet_register

MONTHS = ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar")
LAYOUT = SheetLayout(
    "Indicators",
    (
        Column("Reference", 12),
        Column("Indicator", 40),
        Column("Type", 12),
        Column("Polarity", 16),
        Column("Unit", 12),
        Column("Frequency", 12),
        Column("How values combine over a year", 18),
        Column("Serves level", 22),
        Column("Serves reference", 14),
        Column("Annual target", 14, "number"),
        Column("Justification", 18),
        Column("Why this target", 40),
        *(Column(f"Target {month}", 10, "number") for month in MONTHS),
    ),
    required=("reference", "indicator"),
)


def indicator_rows(plan, user) -> list[list]:
    usages = list(
        IndicatorUsage.objects.filter(plan=plan)
        .select_related("definition", "serves_action", "serves_activity", "serves_ambition")
        .order_by("order", "pk")
    )
    targets = {
        t.definition_id: t
        for t in AnnualTarget.objects.filter(
            definition__in=[u.definition_id for u in usages], year_id=plan.year_id
        )
    }
    rows = []
    for usage in usages:
        d, serves = usage.definition, usage.serves
        target = targets.get(d.pk)
        rows.append(
            [
                d.ref,
                d.name,
                d.get_type_display(),
                d.get_polarity_display(),
                d.get_unit_display(),
                d.get_frequency_display(),
                d.get_aggregation_display(),
                serves.LEVEL_NAME if serves else "",
                serves.ref if serves else "",
                target.value if target else None,
                target.get_justification_display() if target else "",
                target.reason if target else "",
                *(target.profile_values if target else [None] * 12),
            ]
        )
    return rows


def register() -> None:
    from .workbook_import import indicators_check, indicators_save

    sheet_register(
        layout=LAYOUT, rows=indicator_rows, order=1, check=indicators_check, save=indicators_save
    )
