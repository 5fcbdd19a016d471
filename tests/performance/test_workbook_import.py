"""The Indicators sheet of a plan's workbook read back: indicators matched by reference in
the council's library, added to the plan (and to the library when new), links matched by
reference, and targets set by the indicator's own rules."""

from decimal import Decimal

import pytest

from performance.models import AnnualTarget, IndicatorDefinition, IndicatorUsage
from planning.models import PlanStatus
from planning.workbook.importing import plan_import_check, plan_import_save, read_workbook
from tests.workbooks import Saved, messy_workbook

pytestmark = pytest.mark.django_db
HEADINGS = [
    "Reference",
    "Indicator",
    "Serves level",
    "Serves reference",
    "Annual target",
    "Justification",
    "Why this target",
    "Target Apr",
    "Target May",
]
LIBRARY = [
    "Reference",
    "Indicator",
    "Type",
    "Polarity",
    "Unit",
    "Frequency",
    "How values combine over a year",
    "Annual target",
    "Justification",
]


def check(world, rows: list, user: str = "head", headings=HEADINGS):
    content = messy_workbook({"Indicators": [headings, *rows]})
    data = read_workbook("parks.xlsx", content)
    return plan_import_check(plan=world.service_plan, data=data, user=world.people[user])


def save(world, result, user: str = "head") -> None:
    plan_import_save(
        plan=world.service_plan, entries=result.entries, actor=world.people[user], source="k"
    )


def held(world) -> list:
    return ["PK-01", "Park users satisfied", "Service action", world.action.ref, 90, "Improve"]


def test_indicators_are_added_changed_and_left_by_reference(world, perf):
    rows = [
        [*held(world), "", None, None],
        ["pk-02", "Days to clear fly-tipping", "Service action", world.action.ref]
        + [Saved("=4*2", "8"), "Improve", "New crew", 12, 11],
        ["LB-01", "Library loans", "Delivery plan activity", world.activity.ref]
        + [None, "", "", None, None],
    ]
    result = check(world, rows)
    assert result.problems == []
    assert [(row.number, row.outcome) for row in result.rows] == [
        (3, "No change"),
        (5, "Will change: target"),
        (7, "Will be added"),
    ]
    save(world, result)
    target = AnnualTarget.objects.get(definition=perf.days, year=world.year)
    assert (target.value, target.reason) == (8, "New crew")
    assert target.profile_values[:3] == [Decimal(12), Decimal(11), None]
    assert target.history.latest().history_change_reason.startswith("Imported from k by")
    usage = IndicatorUsage.objects.get(plan=world.service_plan, definition=perf.libraries)
    assert usage.serves == world.activity
    assert check(world, rows).changes == 0


def test_an_indicator_new_to_the_library_is_added_to_it_and_the_plan(world, perf):
    row = ["PK-20", "Trees planted", "Output", "Higher is better", "Number", "Quarterly"]
    row += ["Sum of the periods", 500, "Improve"]
    result = check(world, [row], headings=LIBRARY)
    assert result.problems == []
    assert [row.outcome for row in result.rows] == [
        "Will be added (adds it to the council's indicator library)"
    ]
    save(world, result)
    added = IndicatorDefinition.objects.get(ref="PK-20")
    assert (added.service, added.owner, added.frequency) == (
        world.service,
        world.people["head"],
        "quarterly",
    )
    assert AnnualTarget.objects.get(definition=added).value == 500
    assert world.service_plan.indicators.filter(definition=added).exists()


PK01 = ["PK-01", "Park users satisfied"]


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (["PK-01", "Park users happy"], "Column B (indicator): PK-01's definition is shared"),
        ([*PK01, "Team plan", "X"], "Column C (serves level): “Team plan” is not what"),
        ([*PK01, "Service action", "ZZ-9"], "Column D (serves reference): No service action"),
        ([*PK01, "", "", "ninety", "Improve"], "Column E (annual target)"),
        ([*PK01, "", "", None, "Improve"], "Column E (annual target): Enter the annual"),
        ([*PK01, "", "", 95, "Hope"], "Column F (justification): Use one of Maintain"),
        ([*PK01, "", "", 95, ""], "Column F (justification): Choose the justification"),
        (
            ["PK-03", "Park visits", "", "", 100, "Improve"],
            "Column E (annual target): PK-03 is data only",
        ),
        (
            ["CP-01", "Residents satisfied with the council", "", "", 80, "Improve"],
            "Column E (annual target): Only those who enter",
        ),
    ],
)
def test_each_indicator_problem_is_named_by_row_and_column(world, perf, row, problem):
    result = check(world, [row], headings=HEADINGS[: len(row)])
    assert len(result.problems) == 1, result.problems
    assert result.problems[0].startswith(f"Indicators, row 3: {problem}")
    assert result.entries == []


def test_a_target_fixed_by_a_signed_off_plan_is_changed_on_its_own_page(world, perf):
    world.service_plan.status = PlanStatus.SIGNED_OFF
    world.service_plan.save()
    result = check(
        world,
        [[*PK01, 95, "Improve"]],
        headings=["Reference", "Indicator", "Annual target", "Justification"],
    )
    assert result.problems == [
        "Indicators, row 3: Column C (annual target): A plan using this indicator has been "
        "signed off: change the target on the indicator's target page, saying why"
    ]


def test_a_new_indicator_needs_its_definition_and_a_rate_its_base(world, perf):
    row = ["PK-21", "Trees planted", "Output", "Sideways", "Rate per N", "Monthly", ""]
    row += [None, ""]
    result = check(world, [row], headings=LIBRARY)
    assert [p.split(": ", 1)[1].split(" ", 2)[:2] for p in result.problems] == [
        ["Column", "D"],
        ["Column", "G"],
        ["Column", "E"],
    ]


def test_only_those_who_may_change_the_plan_add_indicators_to_it(world, perf):
    row = ["LB-01", "Library loans"]
    result = check(world, [row], user="staff", headings=["Reference", "Indicator"])
    assert result.problems == [
        "Indicators, row 3: Column A (reference): Only those who may change the plan add or "
        "link indicators"
    ]
    assert check(world, [row, row], headings=["Reference", "Indicator"]).problems == [
        "Indicators, row 5: Column A (reference): LB-01 is on an earlier row too: keep one row"
    ]
