"""Two budgets, one definition: the Resources section's budget lines break the plan's
original budget down and are labelled as such; the original and current budgets are the
same figures on the plan's pages, the Board's dashboard, the report and its Excel tables
(finance_rules.plan_budget / PlanBudget)."""

import datetime as dt
import re
from decimal import Decimal as D
from html import unescape

import pytest
from django.urls import reverse

from planning.finance_rules import plan_budget
from planning.models import BudgetLine
from reporting.dashboard import dashboard_build
from reporting.report.finance import revenue_tables
from reporting.report.registry import Period
from reporting.report.snapshot import snapshot_take
from tests.reporting.report_world import build_report_world

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("original", "lines", "unallocated", "note"),
    [
        (D(950000), [D(600000), D(350000)], D(0), "add up to the original budget of £950,000"),
        (
            D(950000),
            [D(600000), D(300000)],
            D(50000),
            "add up to £900,000: £50,000 of the original budget of £950,000 is not on a line",
        ),
        (
            D(950000),
            [D(1000000)],
            D(-50000),
            "add up to £1,000,000: £50,000 more than the original budget of £950,000",
        ),
        (None, [D(10)], None, "the original budget has not been set in the Finance section"),
        (D(950000), [], None, "No budget lines yet"),
    ],
)
def test_the_budget_lines_are_a_breakdown_of_the_original_budget(
    original, lines, unallocated, note
):
    figures = plan_budget(original=original, current=original, line_budgets=lines)
    assert figures.unallocated == unallocated
    assert note in figures.lines_note


def text(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</(?:dd|p)>', html, re.S)
    return re.sub(r"<[^>]+>", "", unescape(found.group(1))) if found else ""


def test_plan_pages_dashboard_report_and_export_show_the_same_budget(client_for, world, settings):
    settings.PLANNING_TODAY = "2026-11-23"
    build_report_world(world)  # Parks: original £950,000, current £1,000,000
    for purpose, amount in (("Grounds maintenance", 600000), ("Play areas", 300000)):
        BudgetLine.objects.create(plan=world.service_plan, purpose=purpose, budget=D(amount))
    plan = world.service_plan
    client = client_for("head")

    resources = unescape(
        client.get(reverse("planning:plan-resources", args=[plan.pk])).content.decode()
    )
    finance = unescape(
        client.get(reverse("planning:plan-finance", args=[plan.pk])).content.decode()
    )
    assert text(resources, "original-budget").startswith("£950,000")
    assert "£1,000,000 after virements" in text(resources, "original-budget")
    assert text(finance, "original-budget").startswith("£950,000")
    assert text(finance, "current-budget").strip() == "£1,000,000"
    gap = "The budget lines add up to £900,000: £50,000 of the original budget of £950,000"
    assert gap in resources
    assert gap in finance
    assert "Total of the budget lines" in resources

    september = dt.date(2026, 9, 1)
    panels = {
        p.key: data for p, data in dashboard_build(month=september, user=world.people["board"])
    }
    place = next(
        d
        for d in panels["revenue"]["forecast"].directorates
        if d.row.directorate_id == world.service.directorate_id
    )
    parks_on_board = next(s for s in place.services if s.plan_id == plan.pk)
    assert (parks_on_board.original_budget, parks_on_board.current_budget) == (
        D(950000),
        D(1000000),
    )

    period = Period(
        year=world.year, quarter=2, as_at=dt.date(2026, 11, 23), actor=world.people["lead"]
    )
    snapshot = snapshot_take(period=period, version=1)
    revenue = next(s for s in snapshot["sections"] if s["key"] == "revenue")["data"]
    parks_in_report = next(
        s for d in revenue["rows"] for s in d["services"] if s["name"] == plan.service.name
    )
    assert (parks_in_report["original_budget"], parks_in_report["current_budget"]) == (
        950000,
        1000000,
    )
    (table,) = revenue_tables(revenue)
    excel_row = next(r for r in table.rows if r[1] == plan.service.name)
    assert excel_row[2:4] == [950000, 1000000]  # Original budget (£), Current budget (£)
