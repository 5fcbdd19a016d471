"""The Audit recommendations sheet of a plan's workbook read back: recommendations matched
by audit and reference, the tracker's date rules kept (an original date never moves, a
revised one comes only from an extension), progress kept as progress updates, and only
what the importer may change."""

import datetime as dt

import pytest

from audit.models import Recommendation, RecommendationUpdate
from planning.workbook.importing import plan_import_check, plan_import_save, read_workbook
from tests.audit.world import make_recommendation
from tests.workbooks import Saved, messy_workbook

pytestmark = pytest.mark.django_db
HEADINGS = [
    "Audit",
    "Reference",
    "Recommendation",
    "Priority",
    "Agreed management action",
    "Owner",
    "Original due date",
    "Revised due date",
    "Status",
    "Per cent complete",
    "Latest update",
]
AUDIT = "Grounds maintenance contracts"
HELD = [AUDIT, "GM-1", "Retender the mowing contract", 1, "", "Head (head)", "31/03/2027", ""]
HELD += ["Not started", 0, ""]
NEW = [AUDIT, "GM-8", "Mark the bins", 3, "Buy stencils", "manager", "30/06/2026", ""]
NEW += ["Not started", 0, ""]


def changed(row: list, **cells) -> list:
    row = list(row)
    for name, value in cells.items():
        row[[h.lower() for h in HEADINGS].index(name.replace("_", " "))] = value
    return row


def check(world, rows: list, user: str = "admin", headings=HEADINGS):
    content = messy_workbook({"Audit recommendations": [headings, *rows]})
    data = read_workbook("parks.xlsx", content)
    return plan_import_check(plan=world.service_plan, data=data, user=world.people[user])


def test_recommendations_are_added_changed_and_left_by_audit_and_reference(world, audit_world):
    p = world.people
    make_recommendation(audit_world.audit, world.service, p["head"], "GM-6", title="Fence it")
    rows = [
        HELD,
        [AUDIT.upper(), "GM-6", "Fence it", 2, "", "head", "31/03/2027", "", "In progress"]
        + [Saved("=20*2", "40"), "Quotes in"],
        NEW,
    ]
    result = check(world, rows)
    assert result.problems == []
    assert [(row.number, row.outcome) for row in result.rows] == [
        (3, "No change"),
        (5, "Will change: status, per cent complete, latest update"),
        (7, "Will be added"),
    ]
    plan_import_save(plan=world.service_plan, entries=result.entries, actor=p["admin"], source="t")
    fence = Recommendation.objects.get(ref="GM-6")
    assert (fence.status, fence.percent_complete, fence.commentary) == (
        "in_progress",
        40,
        "Quotes in",
    )
    update = RecommendationUpdate.objects.get(recommendation=fence)
    assert (update.by, update.percent_complete) == (p["admin"], 40)
    added = Recommendation.objects.get(ref="GM-8")
    assert (added.service, added.owner, added.original_due_date, added.agreed_on) == (
        world.service,
        p["manager"],
        dt.date(2026, 6, 30),
        dt.date(2026, 3, 1),  # agreed on the audit's report date
    )
    assert added.history.latest().history_change_reason.startswith("Imported from t by")
    assert check(world, rows).changes == 0


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (
            changed(HELD, original_due_date="31/05/2027"),
            "Column G (original due date): The original due date never moves once agreed",
        ),
        (
            changed(HELD, revised_due_date="30/06/2027"),
            "Column H (revised due date): A revised due date comes only from an approved "
            "extension: request one",
        ),
        (
            changed(NEW, revised_due_date="30/09/2026"),
            "Column H (revised due date): A revised due date comes only from an approved "
            "extension: leave it blank",
        ),
        (
            changed(NEW, original_due_date="01/02/2026"),
            "Column G (original due date): The due date must be after the report date, "
            "1 March 2026",
        ),
        (changed(NEW, original_due_date=""), "Column G (original due date): Enter the due date"),
        (changed(NEW, audit="Parking audit"), "Column A (audit): No audit covering Parks"),
        (changed(NEW, reference=""), "Column B (reference): Enter the recommendation's ref"),
        (changed(NEW, priority=7), "Column D (priority): Use one of the council's priorities"),
        (changed(NEW, per_cent_complete=150), "Column J (per cent complete): Enter a percent"),
        (
            changed(NEW, status="Closed", per_cent_complete=50),
            "Column J (per cent complete): A recommendation closed is 100% complete",
        ),
        (changed(NEW, owner="nobody"), "Column F (owner): No one has the user name"),
        (changed(NEW, status="Done"), "Column I (status): Use one of Not started"),
        (
            [AUDIT, "GM-2", "Recommendation GM-2", 2, "", "other_head", "31/03/2027", ""]
            + ["Not started", 0, ""],
            "Column B (reference): GM-2 belongs to another service's plan",
        ),
    ],
)
def test_each_recommendation_problem_is_named_by_row_and_column(world, audit_world, row, problem):
    result = check(world, [row])
    assert len(result.problems) == 1, result.problems
    assert result.problems[0].startswith(f"Audit recommendations, row 3: {problem}")
    assert result.entries == []


def test_who_may_add_and_change_is_as_on_the_trackers_own_pages(world, audit_world):
    assert check(world, [NEW], user="head").problems == [
        "Audit recommendations, row 3: Column B (reference): Only performance leads and "
        "administrators add recommendations"
    ]
    progress = changed(HELD, status="In progress", per_cent_complete=10)
    assert check(world, [progress], user="staff").problems == [
        "Audit recommendations, row 3: Column B (reference): You may not change GM-1: its "
        "owner or service does"
    ]
    assert check(world, [progress], user="head").problems == []


def test_a_sheet_without_some_columns_keeps_what_the_recommendation_holds(world, audit_world):
    result = check(
        world, [[AUDIT, "GM-1", 60]], headings=["Audit", "Reference", "Per cent complete"]
    )
    assert result.problems == []
    assert [row.outcome for row in result.rows] == ["Will change: per cent complete"]
