"""The Risks sheet of a plan's workbook read back into the service's register: risks
matched by reference, scores as the register holds them, reviews left to the risk's page,
and only what the importer may change."""

import datetime as dt

import pytest

from planning.workbook.importing import plan_import_check, plan_import_save, read_workbook
from risk.models import Risk
from tests.workbooks import Saved, messy_workbook

pytestmark = pytest.mark.django_db
HEADINGS = [
    "Reference",
    "Risk",
    "Category",
    "Owner",
    "Inherent likelihood",
    "Inherent impact",
    "Inherent score",
    "Existing controls",
    "Current likelihood",
    "Current impact",
    "Target likelihood",
    "Target impact",
    "Target date",
    "Treatment",
    "Status",
]
HELD = ["PK-01", "Tree disease spreads through the park", "Service delivery", "head"]
NEW = ["PK-10", "Bins overflow", "Service delivery", "head", 3, 4, None, "", 2, 2, 1, 1]
NEW += ["31/03/2027", "Treat", "Open"]


def changed(row: list, **cells) -> list:
    """The row with the cells named by heading (spaces as underscores) changed."""
    row = list(row)
    for name, value in cells.items():
        row[[h.lower() for h in HEADINGS].index(name.replace("_", " "))] = value
    return row


def check(world, rows: list, user: str = "head", headings=HEADINGS):
    content = messy_workbook({"Risks": [headings, *rows]})
    data = read_workbook("parks.xlsx", content)
    return plan_import_check(plan=world.service_plan, data=data, user=world.people[user])


def outcomes(result) -> list[tuple[int, str]]:
    return [(row.number, row.outcome) for row in result.rows]


def test_risks_are_added_changed_and_left_by_reference(world, risk_world):
    rows = [
        [*HELD, 4, 4, Saved("=E3*F3", "16"), "", 3, 3, 2, 2, "31/03/2027", "Treat", "Open"],
        ["pk-02", "Flooding closes the lakeside", "Service delivery", "Head (head)", 4, 4]
        + [16, "Sandbags stored", 4, 3, 1, 2, "2027-03-31", "treat", "open"],
        ["PK-09", "Vandalism of play equipment", "Reputation", "manager", 3, 4, 12, "CCTV"]
        + [3, 3, None, None, None, "Tolerate", "Open"],
    ]
    result = check(world, rows)
    assert result.problems == []
    assert outcomes(result) == [
        (3, "No change"),
        (5, "Will change: controls, target likelihood"),
        (7, "Will be added"),
    ]
    assert not Risk.objects.filter(ref="PK-09").exists()  # checking writes nothing

    plan_import_save(
        plan=world.service_plan, entries=result.entries, actor=world.people["head"], source="r"
    )
    added = Risk.objects.get(ref="PK-09")
    assert added.register == risk_world.parks
    assert (added.current_score, added.target_to_be_confirmed) == (9, True)
    assert added.next_review_date is not None  # worked out from its band, never typed
    assert added.history.latest().history_change_reason.startswith("Imported from r by")
    flood = Risk.objects.get(ref="PK-02")
    assert (flood.controls, flood.target_likelihood) == ("Sandbags stored", 1)
    assert check(world, rows).changes == 0


def test_a_sheet_without_some_columns_keeps_what_the_risk_holds(world, risk_world):
    result = check(world, [["PK-01", "Tree disease"]], headings=["Reference", "Risk"])
    assert result.problems == []
    assert outcomes(result) == [(3, "Will change: title")]


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (
            changed(NEW, inherent_score=10),
            "Column G (inherent score): The score 10 is not likelihood",
        ),
        (changed(NEW, inherent_likelihood=6), "Column E (inherent likelihood): Choose a likeli"),
        (changed(NEW, current_impact=None), "Column J (current impact): Enter the current impact"),
        (changed(NEW, target_impact=None), "Column L (target impact): Enter the target impact"),
        (changed(NEW, category="Weather"), "Column C (category): Use one of Financial"),
        (changed(NEW, owner="nobody"), "Column D (owner): No one has the user name or email"),
        (changed(NEW, owner=""), "Column D (owner): Enter the risk's owner"),
        (changed(NEW, risk=""), "Column B (risk): Enter the risk's title"),
        (changed(NEW, reference=""), "Column A (reference): Enter the risk's reference"),
        (changed(NEW, target_date="31/02/2027"), "Column M (target date)"),
        (changed(NEW, treatment="Ignore"), "Column N (treatment): Use one of Treat"),
        (
            [*HELD, 4, 4, None, "", 4, 3, 2, 2, "31/03/2027", "Treat", "Open"],
            "Column I (current likelihood): The current score changes through a quarterly review",
        ),
    ],
)
def test_each_risk_problem_is_named_by_row_and_column(world, risk_world, row, problem):
    result = check(world, [row])
    assert len(result.problems) == 1, result.problems
    assert result.problems[0].startswith(f"Risks, row 3: {problem}")
    assert result.entries == []


def test_a_reference_twice_is_named_on_the_second_row(world, risk_world):
    result = check(world, [NEW, NEW])
    assert result.problems == [
        "Risks, row 5: Column A (reference): PK-10 is on an earlier row too: each risk has its own"
    ]


def test_reviews_are_not_typed_into_the_workbook(world, risk_world):
    headings = ["Reference", "Risk", "Last review", "Next review"]
    held = risk_world.risk
    result = check(
        world, [["PK-01", held.title, "01/10/2026", held.next_review_date]], headings=headings
    )
    assert result.problems == [
        "Risks, row 3: Column C (last review): The last review changes by recording a review "
        "on the risk's page"
    ]
    result = check(world, [["PK-01", held.title, "", "01/01/2030"]], headings=headings)
    assert result.problems == [
        "Risks, row 3: Column D (next review): The next review follows the band's review "
        "cadence: it is never typed"
    ]


def test_a_score_only_register_takes_scores_alone(world, risk_world):
    matrix = risk_world.parks.matrix
    matrix.score_only = True
    matrix.save()
    headings = ["Reference", "Risk", "Category", "Owner", "Inherent score", "Current score"]
    headings += ["Target score", "Current likelihood"]
    row = ["PK-11", "Pond silts up", "Service delivery", "head", 30, 6, 4, 2]
    result = check(world, [row], headings=headings)
    assert result.problems == [
        "Risks, row 3: Column E (inherent score): Give a score from 1 to 25",
        "Risks, row 3: Column H (current likelihood): This register records a score only: "
        "leave likelihood and impact empty",
    ]


def test_only_the_registers_keepers_add_and_only_those_who_may_change_a_risk_change_it(
    world, risk_world
):
    result = check(world, [NEW], user="other_head")
    assert result.problems == [
        "Risks, row 3: Column A (reference): Only the register's keepers add risks to it"
    ]
    result = check(world, [["PK-01", "Renamed"]], user="staff", headings=["Reference", "Risk"])
    assert result.problems == [
        "Risks, row 3: Column A (reference): You may not change PK-01: its owner or the "
        "register's keepers do"
    ]
    unchanged = [["PK-01", risk_world.risk.title]]
    assert check(world, unchanged, user="staff", headings=["Reference", "Risk"]).problems == []


def test_a_new_risk_has_no_review_yet(world, risk_world):
    result = check(world, [[*NEW, "01/10/2026"]], headings=[*HEADINGS, "Last review"])
    assert result.problems == [
        "Risks, row 3: Column P (last review): A new risk has no review yet: record reviews "
        "on the risk's page, by quarter"
    ]


def test_the_importers_history_reason_is_on_the_changed_risk(world, risk_world):
    result = check(world, [["PK-01", "Ash dieback"]], headings=["Reference", "Risk"])
    plan_import_save(
        plan=world.service_plan, entries=result.entries, actor=world.people["head"], source="x"
    )
    risk = Risk.objects.get(ref="PK-01")
    assert risk.title == "Ash dieback"
    assert risk.history.latest().history_change_reason.startswith("Imported from x by")
    assert risk.target_date == dt.date(2027, 3, 31)


def test_a_target_written_tbc_is_to_be_confirmed_as_the_register_import_reads_it(world, risk_world):
    headings = [*HEADINGS, "Target score"]
    row = [*changed(NEW, target_likelihood=None, target_impact=None), "TBC"]
    result = check(world, [row], headings=headings)
    assert result.problems == []
    (entry,) = result.entries
    assert entry.values["target_to_be_confirmed"] is True
    assert (entry.values["target_likelihood"], entry.values["target_impact"]) == (None, None)
