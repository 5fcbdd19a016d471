"""Importing the Corporate Plan's ambitions, the Delivery Plan's activities and the
directorates' priorities from a council's own file: dry run, problems by sheet, row and
column, all or nothing, history, and who may."""

import pytest
from openpyxl import Workbook

from core.imports import read_book
from core.uploads import CheckedRow, UploadRefused
from planning.models import (
    Ambition,
    CorporatePlan,
    DeliveryActivity,
    DeliveryPlan,
    DirectoratePlan,
    DirectoratePriority,
    FinancialYear,
)
from tests import factories as f

from .bulk_files import check, outcomes, save, saved, workbook

AMBITION_HEADINGS = ["Financial year", "Reference", "Title", "Description", "Success measures"]
ACTIVITY_HEADINGS = ["Financial year", "Reference", "Title", "Serves ambition", "Order"]
PRIORITY_HEADINGS = [
    "Financial year",
    "Directorate",
    "Reference",
    "Title",
    "Serves activity",
    "Serves ambition",
]


def plans_file(ambitions=(), activities=(), priorities=(), **kwargs) -> Workbook:
    sheets = {}
    if ambitions is not None:
        sheets["Ambitions"] = [AMBITION_HEADINGS, *ambitions]
    if activities is not None:
        sheets["Delivery plan"] = [ACTIVITY_HEADINGS, *activities]
    if priorities is not None:
        sheets["Directorate priorities"] = [PRIORITY_HEADINGS, *priorities]
    return workbook(sheets, **kwargs)


def messy_council_file() -> bytes:
    """Ambitions, activities serving them and priorities serving those, as a council
    keeps them: a title above, merged year cells, a blank row, a hidden sheet, a formula
    whose value the spreadsheet saved."""
    book = plans_file(
        ambitions=[
            ["2026/27", "CP1", "A thriving economy", "Good jobs", "Jobs created"],
            ["2026-27", "CP2", "Healthy lives", "", ""],
        ],
        activities=[
            ["2026/27", "DP-1", "Open a jobs hub", "CP1", 1],
            [None, "DP-2", "=B5", "cp2", 2],
            [None, None, None, None, None],
        ],
        priorities=[["2026/27", "Place", "PL1", "Town centre jobs", "DP-1", ""]],
        title="Council plans 2026/27",
    )
    sheet = book["Delivery plan"]
    # The year is typed once, in a cell merged down the rows it covers.
    sheet.merge_cells("A4:A5")
    return saved(book, values={("Delivery plan", "C5"): "Active lives for all"})


def test_the_kinds_are_registered_with_their_templates():
    from core.bulk import KINDS

    assert KINDS["plans"].permission == "planning.import_council_plans"
    assert set(KINDS["plans"].templates) == {"Ambitions", "Delivery plan", "Directorate priorities"}


def test_a_messy_council_file_is_checked_then_imported_with_history(world):
    admin = world.people["admin"]
    checked = check("plans", "plans.xlsx", messy_council_file(), admin)

    assert checked.errors == []
    assert [(row.subject, row.number, row.outcome) for row in checked.rows] == [
        ("Ambitions", 4, "Will be added"),
        ("Ambitions", 5, "Will be added"),
        ("Delivery plan", 4, "Will be added"),
        ("Delivery plan", 5, "Will be added"),
        ("Directorate priorities", 4, "Will be added"),
    ]
    # The dry run wrote nothing.
    assert not Ambition.objects.filter(ref="CP1").exists()

    assert save("plans", checked, admin, "plans.xlsx") == 5

    jobs = Ambition.objects.get(ref="CP1")
    assert (jobs.plan, jobs.description, jobs.success_measures) == (
        world.corporate,
        "Good jobs",
        "Jobs created",
    )
    hub = DeliveryActivity.objects.get(ref="DP-1")
    assert hub.plan == world.delivery
    assert hub.serves_ambition == jobs
    active = DeliveryActivity.objects.get(ref="DP-2")
    # The formula's saved value is read, never the formula.
    assert active.title == "Active lives for all"
    assert active.serves_ambition.ref == "CP2"
    priority = DirectoratePriority.objects.get(ref="PL1")
    assert priority.plan == world.directorate_plan
    assert priority.serves_activity == hub
    who = admin.get_full_name()
    for item in (jobs, hub, active, priority):
        record = item.history.latest()
        assert record.history_change_reason == f"Imported from plans.xlsx by {who}"
        assert record.history_user == admin


def test_importing_the_same_file_again_changes_nothing(world):
    admin = world.people["admin"]
    content = messy_council_file()
    save("plans", check("plans", "plans.xlsx", content, admin), admin, "plans.xlsx")

    again = check("plans", "plans.xlsx", content, admin)

    assert {row.outcome for row in again.rows} == {"No change"}
    assert again.entries == []


def test_a_changed_item_names_what_changes_and_a_left_out_column_is_kept(world):
    admin, ambition = world.people["admin"], world.ambition
    ambition.success_measures = "Fewer complaints"
    ambition.save()
    # No success measures column.
    book = workbook(
        {
            "Ambitions": [
                AMBITION_HEADINGS[:4],
                ["2026/27", ambition.ref.lower(), ambition.title, "Now described"],
            ]
        }
    )

    checked = check("plans", "a.xlsx", saved(book), admin)

    assert outcomes(checked) == [("Ambitions", 2, "Will change: description", [])]
    save("plans", checked, admin, "a.xlsx")
    ambition.refresh_from_db()
    assert (ambition.description, ambition.success_measures) == (
        "Now described",
        "Fewer complaints",
    )


def test_links_are_matched_by_reference_within_the_year_only(world):
    """An ambition of a Corporate Plan that does not cover the year is never matched, even
    with the same reference; nor is an activity matched by its title."""
    admin = world.people["admin"]
    later = f.CorporatePlanFactory(first_year=f.FinancialYearFactory(start_year=2030))
    f.AmbitionFactory(plan=later, ref="LATER1")
    checked = check(
        "plans",
        "p.xlsx",
        saved(
            plans_file(
                ambitions=None,
                activities=[
                    ["2026/27", "DA-X", "Something", "LATER1", ""],
                    ["2026/27", "DA-Y", "Something else", world.ambition.title, ""],
                ],
                priorities=[["2026/27", "place", "PX", "A priority", world.activity.title, ""]],
            )
        ),
        admin,
    )

    assert checked.rows[0].errors == [
        "Column D (serves ambition): No ambition has the reference “LATER1” in the Corporate "
        "Plan covering 2026/27"
    ]
    assert checked.rows[1].errors[0].startswith("Column D (serves ambition): No ambition")
    assert checked.rows[2].errors == [
        f"Column E (serves activity): No activity has the reference “{world.activity.title}” "
        "in the Delivery Plan 2026/27"
    ]
    assert checked.entries == []


def test_every_kind_of_problem_is_named_by_row_and_column(world):
    admin = world.people["admin"]
    ref = world.ambition.ref
    book = plans_file(
        ambitions=[
            ["2031/32", "N1", "Too late", "", ""],
            ["2026/28", "N2", "Bad year", "", ""],
            ["", "N3", "No year", "", ""],
            ["2026/27", "", "No reference", "", ""],
            ["2026/27", "N5", "", "", ""],
            ["2026/27", "N6", "First", "", ""],
            ["2026/27", "n6", "Same reference", "", ""],
            ["2026/27", "R" * 31, "Long reference", "", ""],
            ["2026/27", "F1", None, "Title by formula", ""],
        ],
        activities=[["2026/27", "D1", "Activity", ref, "third"]],
        priorities=[
            ["2026/27", "Nowhere", "P1", "Priority", "", ""],
            ["2026/27", "place", "P2", "Priority", world.activity.ref, ref],
        ],
    )
    book["Ambitions"]["C10"] = "=B9"  # a formula nobody has worked out

    checked = check("plans", "p.xlsx", saved(book), admin)

    assert [(row.subject, row.number, row.errors) for row in checked.rows if row.errors] == [
        (
            "Ambitions",
            2,
            [
                "Column A (financial year): 2031/32 is not one of the council's financial "
                "years: an administrator adds it first"
            ],
        ),
        (
            "Ambitions",
            3,
            [
                "Column A (financial year): 2026/28 is not a financial year: the year that "
                "starts in 2026 is 2026/27"
            ],
        ),
        ("Ambitions", 4, ["Column A (financial year): Enter the financial year, like 2025/26"]),
        (
            "Ambitions",
            5,
            ["Column B (reference): Enter the ambition's reference: items are matched by it"],
        ),
        ("Ambitions", 6, ["Column C (title): Enter the ambition"]),
        ("Ambitions", 8, ["Column B (reference): Reference n6 is on row 7 too: keep one row"]),
        ("Ambitions", 9, ["Column B (reference): Reference must be 30 characters or fewer"]),
        (
            "Ambitions",
            10,
            [
                "Column C (title): Title holds a formula whose value has not been worked out: "
                "open the file in a spreadsheet and save it, or type the value"
            ],
        ),
        (
            "Delivery plan",
            2,
            ["Column E (order): Enter the order as a whole number, like 3 (not “third”)"],
        ),
        (
            "Directorate priorities",
            2,
            ["Column B (directorate): No directorate has the code or name “Nowhere”"],
        ),
        (
            "Directorate priorities",
            3,
            ["Column F (serves ambition): An item serves one item above it, not several"],
        ),
    ]


def test_a_year_without_a_corporate_plan_is_refused_and_a_missing_delivery_plan_is_added(world):
    admin = world.people["admin"]
    f.FinancialYearFactory(start_year=2031)
    next_year = f.FinancialYearFactory(start_year=2027)
    ambition_ref = world.ambition.ref
    checked = check(
        "plans",
        "p.xlsx",
        saved(
            plans_file(
                ambitions=[["2031/32", "Z1", "Far off", "", ""]],
                activities=[["2027/28", "N1", "Next year's work", ambition_ref, ""]],
                priorities=[["2027/28", "place", "NP1", "Next year's priority", "N1", ""]],
            )
        ),
        admin,
    )
    assert checked.rows[0].errors == [
        "Column A (financial year): No Corporate Plan covers 2031/32: an administrator adds "
        "it first"
    ]
    assert [row.outcome for row in checked.rows[1:]] == ["Will be added", "Will be added"]

    checked.rows = checked.rows[1:]  # the file fixed: the far-off row taken out
    save("plans", checked, admin, "p.xlsx")

    plan = DeliveryPlan.objects.get(year=next_year)
    assert plan.corporate_plan == world.corporate
    assert plan.items.get().serves_ambition == world.ambition
    priority = DirectoratePriority.objects.get(ref="NP1")
    assert priority.plan.year == next_year
    assert priority.serves_activity.ref == "N1"


def test_a_csv_in_windows_1252_is_read(world):
    admin = world.people["admin"]
    content = "Financial year,Reference,Title\r\n2026/27,CP9,Café culture £1m\r\n".encode("cp1252")
    book = read_book(
        "Ambitions.csv", content, templates={"Ambitions": ("financial year", "reference", "title")}
    )
    from core.bulk import KINDS

    checked = KINDS["plans"].check(book=book, actor=admin, options={})
    save("plans", checked, admin, "Ambitions.csv")
    assert Ambition.objects.get(ref="CP9").title == "Café culture £1m"


def test_a_sheet_without_its_headings_is_refused_naming_them(world):
    book = Workbook()
    book.active.title = "Ambitions"
    book.active.append(["Year", "Reference", "Title"])
    with pytest.raises(UploadRefused, match="missing: financial year"):
        check("plans", "p.xlsx", saved(book), world.people["admin"])


def test_saving_is_all_or_nothing(world):
    """The second row's ambition is removed between the check and the save: the first
    row's ambition, written already, is taken back with it."""
    admin = world.people["admin"]
    gone = f.AmbitionFactory(plan=world.corporate, ref="GONE")
    checked = check(
        "plans",
        "p.xlsx",
        saved(
            plans_file(
                ambitions=[["2026/27", "NEW1", "New ambition", "", ""]],
                activities=[["2026/27", "NEWA", "New activity", "GONE", ""]],
                priorities=None,
            )
        ),
        admin,
    )
    assert checked.errors == []
    gone.delete()

    with pytest.raises(Ambition.DoesNotExist):
        save("plans", checked, admin, "p.xlsx")

    assert not Ambition.objects.filter(ref="NEW1").exists()
    assert not DeliveryActivity.objects.filter(ref="NEWA").exists()


def test_who_may_import_the_plans_is_who_may_change_them(world):
    people = world.people
    may = {name: people[name].has_perm("planning.import_council_plans") for name in people}
    assert {name for name, allowed in may.items() if allowed} == {"admin", "board"}


def test_a_board_member_may_import_ambitions_but_not_a_directorates_priorities(world):
    board = world.people["board"]
    checked = check(
        "plans",
        "p.xlsx",
        saved(
            plans_file(
                ambitions=[["2026/27", "B1", "Board's ambition", "", ""]],
                activities=None,
                priorities=[["2026/27", "place", "BP1", "Not theirs", "", ""]],
            )
        ),
        board,
    )
    assert checked.rows[0].errors == []
    # The same words whether the directorate's plan exists or the import would add it.
    assert checked.rows[1].errors == [
        "Column A (financial year): You may not change Place's plan 2026/27: its director and "
        "administrators change it"
    ]


def test_a_published_plan_is_changed_as_its_edit_page_allows(world):
    """The Corporate Plan is published: administrators change it there, and so here."""
    assert world.corporate.status == "published"
    admin = world.people["admin"]
    checked = check(
        "plans",
        "p.xlsx",
        saved(
            plans_file(
                ambitions=[["2026/27", world.ambition.ref, "Renamed", "", ""]],
                activities=None,
                priorities=None,
            )
        ),
        admin,
    )
    assert checked.rows[0].outcome == "Will change: title"


def test_nothing_in_other_plans_is_touched(world):
    admin = world.people["admin"]
    before = (
        CorporatePlan.objects.count(),
        DirectoratePlan.objects.count(),
        FinancialYear.objects.count(),
    )
    save("plans", check("plans", "p.xlsx", messy_council_file(), admin), admin, "p.xlsx")
    assert (
        CorporatePlan.objects.count(),
        DirectoratePlan.objects.count(),
        FinancialYear.objects.count(),
    ) == before


def test_an_item_changed_between_check_and_save_refuses_the_whole_file(world):
    from core.history import EditConflict

    admin, ambition = world.people["admin"], world.ambition
    checked = check(
        "plans",
        "p.xlsx",
        saved(
            plans_file(
                ambitions=[
                    ["2026/27", "NEW2", "Another ambition", "", ""],
                    ["2026/27", ambition.ref, "Renamed by the file", "", ""],
                ],
                activities=None,
                priorities=None,
            )
        ),
        admin,
    )
    ambition.title = "Renamed on the edit page meanwhile"
    ambition.save()

    with pytest.raises(EditConflict):
        save("plans", checked, admin, "p.xlsx")

    assert not Ambition.objects.filter(ref="NEW2").exists()
    ambition.refresh_from_db()
    assert ambition.title == "Renamed on the edit page meanwhile"


def test_the_templates_example_rows_import_cleanly(world):
    from core.bulk import KINDS

    kind = KINDS["plans"]
    sheets = {
        name: [
            [h.capitalize() for h in (*headings, *kind.optional.get(name, ()))],
            *kind.examples.get(name, []),
        ]
        for name, headings in kind.templates.items()
    }
    admin = world.people["admin"]
    checked = check("plans", "template.xlsx", saved(workbook(sheets, hidden=False)), admin)
    assert checked.errors == []
    save("plans", checked, admin, "template.xlsx")
    priority = DirectoratePriority.objects.get(plan=world.directorate_plan, ref="DP1")
    assert priority.serves_activity.serves_ambition.ref == "A1"


def test_checking_takes_the_same_number_of_queries_whatever_the_files_size(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin = world.people["admin"]

    def queries(size: int) -> int:
        content = saved(
            plans_file(
                ambitions=[["2026/27", f"Q{n}", f"Ambition {n}", "", ""] for n in range(size)],
                activities=[["2026/27", f"QA{n}", "Activity", f"Q{n}", ""] for n in range(size)],
                priorities=[
                    ["2026/27", "place", f"QP{n}", "Priority", f"QA{n}", ""] for n in range(size)
                ],
            )
        )
        with CaptureQueriesContext(connection) as captured:
            check("plans", "p.xlsx", content, admin)
        return len(captured)

    assert queries(2) == queries(40)


@pytest.mark.parametrize("typed", ["²", "٣", "x", "100001"])
def test_an_order_that_is_not_a_plain_whole_number_is_a_problem_not_an_error(typed):
    from planning.imports.common import read_order
    from planning.workbook.rows import Cells

    row = CheckedRow(number=2, subject="Ambitions")
    assert read_order(Cells(row, {"order": typed}, ["ref", "order"], [])) is None
    assert row.errors == [
        f"Column B (order): Enter the order as a whole number, like 3 (not “{typed}”)"
    ]
