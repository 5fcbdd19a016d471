"""The plan workbook's Capital, Savings, Workforce, Commitments and Assurance sheets, read
back from workbooks a council keeps (title rows, blank rows, merged cells, a hidden sheet,
formulas with their saved values): what each adds, changes and leaves, and each problem
named by sheet, row and column."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planning.models import (
    Assurance,
    CapitalScheme,
    Commitment,
    CommitmentSource,
    Saving,
    WorkforceTeam,
)
from planning.workbook.importing import plan_import_check, plan_import_save, read_workbook
from tests.workbooks import Saved, messy_workbook

pytestmark = pytest.mark.django_db
D = dt.date
CAPITAL = [
    "Capital scheme",
    "Capital budget (£)",
    "Expected completion",
    "Spend to date (£)",
    "Forecast spend this year (£)",
    "Slipping to future years (£)",
]
SAVINGS = ["Saving", "Amount (£)", "Q1 RAG", "Q2 RAG", "Forecast delivered (£)", "At risk (£)"]
WORKFORCE = ["Team", "FTE in post", "Vacant FTE", "Agency FTE"]
COMMITMENTS = ["Source", "Recommendation", "Agreed action", "Owner", "Due date", "Status", "RAG"]
ASSURANCE = ["Question", "Answer", "Evidence"]
RISKS_QUESTION = "Are the service's risks identified, recorded and reviewed at least quarterly?"


def check(plan, content: bytes, user=None):
    return plan_import_check(plan=plan, data=read_workbook("parks.xlsx", content), user=user)


def outcomes(result, sheet: str) -> list[tuple[int, str]]:
    return [(row.number, row.outcome) for row in result.rows if row.subject == sheet]


@pytest.fixture
def plan(world):
    plan = world.service_plan
    CapitalScheme.objects.create(plan=plan, name="Play area", budget=50000)
    CapitalScheme.objects.create(plan=plan, name="Lake path", budget=20000, spend_to_date=100)
    Saving.objects.create(plan=plan, name="Fewer mowing visits", amount=12000, q1_rag="green")
    Saving.objects.create(plan=plan, name="Shared depot", amount=8000)
    WorkforceTeam.objects.create(plan=plan, team="Rangers", fte=Decimal("6.5"))
    WorkforceTeam.objects.create(plan=plan, team="Gardeners", fte=12, vacancies=1)
    scrutiny = CommitmentSource.objects.create(name="Scrutiny task group")
    Commitment.objects.create(plan=plan, source=scrutiny, title="Publish park opening hours")
    Commitment.objects.create(
        plan=plan, source=scrutiny, title="Survey dog walkers", owner=world.people["head"]
    )
    Assurance.objects.create(
        plan=plan, answers={"risks": {"answer": "yes", "evidence": "Register reviewed"}}
    )
    return plan


def test_resources_sheets_add_change_and_leave_rows_and_import_with_history(world, plan):
    content = messy_workbook(
        {
            "Capital": [
                CAPITAL,
                ["Play area", "£50,000", None, None, None, None],
                ["lake path", 20000, "31/03/2027", Saved("=50+50", "100"), None, None],
                ["Bandstand", 75000, "March 2028", None, 30000, 45000],
            ],
            "Savings": [
                SAVINGS,
                ["Fewer mowing visits", 12000, "Green", None, None, None],
                ["Shared depot", 8000, "Amber", None, 6000, 2000],
                ["Paperless permits", 1500, None, None, None, None],
            ],
            "Workforce": [
                WORKFORCE,
                ["Rangers", 6.5, 0, 0],
                ["Gardeners", 11, 2, None],
                ["Café", 3, None, None],
            ],
        }
    )
    result = check(plan, content)
    assert result.problems == []
    assert result.hidden == ["Lists"]
    assert outcomes(result, "Capital") == [
        (3, "No change"),
        (5, "Will change: capital scheme, expected completion"),  # matched in any case
        (7, "Will be added"),
    ]
    assert outcomes(result, "Savings") == [
        (3, "No change"),
        (5, "Will change: q1 rag, forecast delivered (£), at risk (£)"),
        (7, "Will be added"),
    ]
    assert outcomes(result, "Workforce") == [
        (3, "No change"),
        (5, "Will change: fte in post, vacant fte"),
        (7, "Will be added"),
    ]
    assert result.counts() == {"added": 3, "changed": 3, "left": 3}

    assert (
        plan_import_save(
            plan=plan, entries=result.entries, actor=world.people["head"], source="parks.xlsx"
        )
        == 6
    )
    bandstand = CapitalScheme.objects.get(name="Bandstand")
    assert (bandstand.completion_date, bandstand.slippage) == (D(2028, 3, 1), 45000)
    depot = Saving.objects.get(name="Shared depot")
    assert (depot.q1_rag, depot.q2_rag, depot.at_risk) == ("amber", "", 2000)
    gardeners = WorkforceTeam.objects.get(team="Gardeners")
    assert (gardeners.fte, gardeners.vacancies, gardeners.agency) == (11, 2, 0)
    assert WorkforceTeam.objects.get(team="Café").vacancies == 0
    who = world.people["head"].get_full_name() or "head"
    assert depot.history.latest().history_change_reason == f"Imported from parks.xlsx by {who}"
    assert check(plan, content).changes == 0


@pytest.mark.parametrize(
    ("sheet", "row", "problem"),
    [
        ("Capital", ["", 100, None, None, None, None], "Column A (capital scheme): Enter the"),
        ("Capital", ["Bandstand", None, None, None, None, None], "Column B (capital budget (£))"),
        ("Capital", ["Bandstand", "lots", None, None, None, None], "Column B (capital budget"),
        ("Capital", ["Bandstand", 1, "31 November 2026", None, None, None], "Column C"),
        ("Savings", ["Depot", 10, "Purple", None, None, None], "Column C (q1 rag): Enter Green"),
        ("Workforce", ["Rangers", -1, 0, 0], "Column B (fte in post): Enter a number of 0"),
        ("Workforce", ["Rangers", "six", 0, 0], "Column B (fte in post)"),
    ],
)
def test_each_resources_problem_is_named_by_sheet_row_and_column(plan, sheet, row, problem):
    headings = {"Capital": CAPITAL, "Savings": SAVINGS, "Workforce": WORKFORCE}[sheet]
    result = check(plan, messy_workbook({sheet: [headings, row]}))
    assert len(result.problems) == 1, result.problems
    assert result.problems[0].startswith(f"{sheet}, row 3: {problem}")
    assert result.entries == []


def test_commitments_are_matched_by_source_and_recommendation(world, plan):
    content = messy_workbook(
        {
            "Commitments": [
                COMMITMENTS,
                ["Scrutiny task group", "Publish park opening hours", "", "", "", "", ""],
                [
                    "Scrutiny task group",
                    "Survey dog walkers",
                    "Online survey",
                    "Head (head)",
                    "30/09/2026",
                    "In progress",
                    "Green",
                ],
                [None, "Add benches by the lake", "", "manager", "March 2027", "", ""],
            ]
        },
        merges={"Commitments": ["A4:A5"]},  # the source written once for the last two rows
        spaced=False,
    )
    result = check(plan, content)
    assert result.problems == []
    assert outcomes(result, "Commitments") == [
        (3, "No change"),
        (4, "Will change: agreed action, due date, status, rag"),
        (5, "Will be added"),
    ]
    plan_import_save(plan=plan, entries=result.entries, actor=world.people["head"], source="c")
    added = Commitment.objects.get(title="Add benches by the lake")
    assert (added.source.name, added.owner, added.due_date) == (
        "Scrutiny task group",
        world.people["manager"],
        D(2027, 3, 1),
    )
    assert added.history.latest().history_change_reason.startswith("Imported from c by")


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (["Ombudsman", "X", "", "", "", "", ""], "Column A (source): “Ombudsman” is not a source"),
        (["", "X", "", "", "", "", ""], "Column A (source): Enter where"),
        (["Scrutiny task group", "", "", "", "", "", ""], "Column B (recommendation): Enter"),
        (["Scrutiny task group", "X", "", "nobody", "", "", ""], "Column D (owner): No one has"),
        (
            ["Scrutiny task group", "X", "", "", "", "Stalled", ""],
            "Column F (status): Use one of Not started",
        ),
        (["Scrutiny task group", "X", "", "", "", "", "Pink"], "Column G (rag): Use one of Green"),
        (["Scrutiny task group", "X", "", "", "2026-02-30", "", ""], "Column E (due date)"),
    ],
)
def test_each_commitment_problem_is_named(plan, row, problem):
    result = check(plan, messy_workbook({"Commitments": [COMMITMENTS, row]}))
    assert len(result.problems) == 1, result.problems
    assert result.problems[0].startswith(f"Commitments, row 3: {problem}")


def test_assurance_answers_and_dates_are_matched_by_question(world, plan):
    content = messy_workbook(
        {
            "Assurance": [
                ASSURANCE,
                [RISKS_QUESTION, "Yes", "Register reviewed"],
                [
                    "Are staff aware of how to report suspected fraud or wrongdoing?",
                    "Partly",
                    Saved('="Poster in "&"every depot"', "Poster in every depot"),
                ],
                ["Business continuity plan last tested", "", "14/10/2026"],
                ["Scheme of delegation last reviewed", "", ""],
            ]
        }
    )
    result = check(plan, content)
    assert result.problems == []
    assert outcomes(result, "Assurance") == [
        (3, "No change"),
        (5, "Will change: answer, evidence"),
        (7, "Will change: date"),
        (9, "No change"),
    ]
    plan_import_save(plan=plan, entries=result.entries, actor=world.people["head"], source="a")
    assurance = Assurance.objects.get(plan=plan)
    assert assurance.answers["fraud"] == {"answer": "partly", "evidence": "Poster in every depot"}
    assert assurance.answers["risks"]["answer"] == "yes"
    assert assurance.bcp_last_tested == D(2026, 10, 14)


def test_a_plan_without_assurance_gets_it_when_the_sheet_answers(world):
    plan = world.other_draft_plan
    content = messy_workbook({"Assurance": [ASSURANCE, [RISKS_QUESTION, "No", ""]]})
    result = check(plan, content)
    assert outcomes(result, "Assurance") == [(3, "Will be added")]
    plan_import_save(plan=plan, entries=result.entries, actor=world.people["admin"], source="a")
    assert Assurance.objects.get(plan=plan).answers == {"risks": {"answer": "no", "evidence": ""}}


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ([["Is the park open?", "Yes", ""]], "row 3: Column A (question): “Is the park open?”"),
        (
            [[RISKS_QUESTION, "Maybe", ""]],
            "row 3: Column B (answer): Use one of Yes, Partly, No for the answer, not “Maybe”",
        ),
        ([[RISKS_QUESTION, "Yes", ""], [RISKS_QUESTION, "No", ""]], "row 5: Column A (question)"),
        ([["Business continuity plan last tested", "", "soon"]], "row 3: Column C (evidence)"),
    ],
)
def test_each_assurance_problem_is_named(plan, rows, problem):
    result = check(plan, messy_workbook({"Assurance": [ASSURANCE, *rows]}))
    assert len(result.problems) == 1, result.problems
    assert result.problems[0].startswith(f"Assurance, {problem}")


def test_checking_every_sheet_takes_the_same_queries_whatever_its_size(world, plan):
    """Each sheet's check reads what its rows refer to in a fixed number of queries."""
    from tests.audit.world import build_audit_world
    from tests.performance.world import build_performance
    from tests.risk.world import build_risk_world

    build_audit_world(world)
    build_performance(world)
    build_risk_world(world)
    audit = "Grounds maintenance contracts"

    def workbook(n: int) -> dict:
        new = range(n)
        content = messy_workbook(
            {
                "Capital": [CAPITAL, ["Play area", 1, None, None, None, None]]
                + [[f"Scheme {i}", 10, None, None, None, None] for i in new],
                "Workforce": [WORKFORCE, ["Rangers", 7, 0, 0]]
                + [[f"Team {i}", 1, 0, 0] for i in new],
                "Commitments": [COMMITMENTS]
                + [["Scrutiny task group", f"C{i}", "", "head", "", "", ""] for i in new],
                "Indicators": [
                    ["Reference", "Indicator", "Annual target", "Justification"],
                    ["PK-02", "Days to clear fly-tipping", 9, "Improve"],
                    *(["LB-01", "Library loans", None, ""] for _ in new[:1]),
                ],
                "Risks": [
                    ["Reference", "Risk", "Category", "Owner", "Inherent likelihood"]
                    + ["Inherent impact", "Current likelihood", "Current impact"],
                    ["PK-01", "Renamed", "Service delivery", "head", 4, 4, 3, 3],
                    *([f"N-{i}", "New", "Service delivery", "manager", 2, 2, 1, 1] for i in new),
                ],
                "Audit recommendations": [
                    ["Audit", "Reference", "Recommendation", "Priority", "Owner"]
                    + ["Original due date"],
                    [audit, "GM-1", "Renamed", 1, "head", "31/03/2027"],
                    *([audit, f"N-{i}", "New", 2, "manager", "31/03/2027"] for i in new),
                ],
            }
        )
        return read_workbook("parks.xlsx", content)

    small, large = workbook(2), workbook(30)
    admin = world.people["admin"]
    with CaptureQueriesContext(connection) as few:
        assert plan_import_check(plan=plan, data=small, user=admin).problems == []
    with CaptureQueriesContext(connection) as many:
        plan_import_check(plan=plan, data=large, user=admin)
    assert len(many) == len(few)


def test_the_head_edits_several_apps_sheets_and_imports_them_all_or_nothing(
    client_for, world, plan
):
    """Downloaded by the head of service, edited, imported through the pages: a problem on
    one sheet saves nothing on any; fixed, every sheet's change is saved."""
    import io

    from django.urls import reverse
    from openpyxl import load_workbook

    from risk.models import Risk
    from tests.performance.world import build_performance
    from tests.risk.world import build_risk_world

    build_performance(world)
    build_risk_world(world)
    client = client_for("head")
    content = client.get(reverse("planning:plan-workbook", args=[plan.pk])).content

    def post(edit) -> object:
        book = load_workbook(io.BytesIO(content))
        edit(book)
        buffer = io.BytesIO()
        book.save(buffer)
        buffer.seek(0)
        buffer.name = "parks.xlsx"
        url = reverse("planning:plan-import", args=[plan.pk])
        client.post(url, {"file": buffer})
        return client.post(url, {"action": "save"})

    def edit(book, *, likelihood):
        book["Capital"]["B2"] = 60000  # the play area's budget
        book["Risks"]["K2"] = "Tree survey each spring"  # PK-01's existing controls
        book["Risks"]["H2"] = likelihood  # PK-01's inherent likelihood…
        book["Risks"]["J2"] = None  # …and its score left blank rather than left stale
        book["Indicators"]["J2"] = 92  # PK-01's annual target

    response = post(lambda book: edit(book, likelihood=9))
    assert response.status_code == 400
    assert "Risks, row 2: Column H (inherent likelihood): Choose a likelihood from 1 to 5" in (
        response.content.decode()
    )
    assert CapitalScheme.objects.get(name="Play area").budget == 50000
    response = post(lambda book: edit(book, likelihood=5))
    assert response.status_code == 302
    assert CapitalScheme.objects.get(name="Play area").budget == 60000
    risk = Risk.objects.get(ref="PK-01", register__service=world.service)
    assert (risk.controls, risk.inherent_likelihood) == ("Tree survey each spring", 5)
    from performance.models import AnnualTarget

    assert AnnualTarget.objects.get(definition__ref="PK-01").value == 92
