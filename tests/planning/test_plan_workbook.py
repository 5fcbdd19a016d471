"""The whole-plan workbook: exported with a sheet per section, imported back with a dry run,
all or nothing, with history; round trip exact."""

import datetime as dt
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from planning.models import Impact, Milestone, SelfAssessmentEntry, ServiceAction
from planning.workbook.export import plan_workbook
from planning.workbook.importing import plan_import_check, plan_import_save, read_workbook
from planning.workbook.layout import all_layouts

pytestmark = pytest.mark.django_db
D = dt.date


def saved(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def check(plan, content: bytes, name: str = "plan.xlsx"):
    return plan_import_check(plan=plan, data=read_workbook(name, content))


@pytest.fixture
def plan(world):
    plan = world.service_plan
    action = world.action
    action.start_date, action.due_date = D(2026, 4, 1), D(2027, 3, 31)
    action.impact = Impact.objects.create(plan=plan, title="Greener parks")
    action.save()
    Milestone.objects.create(action=action, title="Order trees", due_date=D(2026, 6, 30))
    SelfAssessmentEntry.objects.create(plan=plan, theme="leadership", narrative="Clear\r\nand kept")
    return plan


def test_the_workbook_has_a_sheet_for_each_section_with_real_dates(plan):
    book = load_workbook(io.BytesIO(plan_workbook(plan)))
    assert book.sheetnames == [layout.name for layout in all_layouts()]
    assert {"Indicators", "Risks", "Audit recommendations"} <= set(book.sheetnames)
    delivery = book["Delivery plan"]
    headings = [cell.value for cell in delivery[1]]
    row = dict(zip(headings, [cell.value for cell in delivery[2]], strict=True))
    assert row["Reference"] == plan.items.get().ref
    assert row["Original due date"] == dt.datetime(2027, 3, 31)
    assert row["Serves level"] == "Directorate priority"
    assert row["Lead officer"].endswith("(head)")
    assert book["Milestones"]["C2"].value == "Order trees"


def test_text_that_looks_like_a_formula_is_exported_as_text(plan):
    ServiceAction.objects.filter(plan=plan).update(title='=HYPERLINK("http://x","y")')
    content = plan_workbook(plan)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in archive.read(name) for name in names)
    back = check(plan, content)
    assert not back.errors
    assert back.changes == 0


def test_export_then_import_changes_nothing(plan):
    result = check(plan, plan_workbook(plan))
    assert result.errors == []
    assert result.changes == 0, [r.outcome for r in result.rows if r.changed]


def test_the_download_is_the_plans_workbook(client_for, world, plan):
    response = client_for("board").get(reverse("planning:plan-workbook", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-business-plan-2026.xlsx"')
    load_workbook(io.BytesIO(response.content))


def test_the_plan_page_links_to_the_download_and_to_the_import_for_those_who_may(client_for, plan):
    url = reverse("planning:plan-detail", args=["service", plan.pk])
    head = client_for("head").get(url).content.decode()
    assert reverse("planning:plan-workbook", args=[plan.pk]) in head
    assert reverse("planning:plan-import", args=[plan.pk]) in head
    staff = client_for("staff").get(url).content.decode()
    assert reverse("planning:plan-workbook", args=[plan.pk]) in staff
    assert reverse("planning:plan-import", args=[plan.pk]) not in staff


def test_the_download_takes_the_same_queries_whatever_the_plans_size(client_for, plan):
    client = client_for("head")
    url = reverse("planning:plan-workbook", args=[plan.pk])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(20):
        action = ServiceAction.objects.create(plan=plan, ref=f"X{n}", title=f"Extra {n}")
        Milestone.objects.create(action=action, title="Step", due_date=D(2026, 7, 1))
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


# --- importing a workbook the council made ---------------------------------------------


def council_workbook(world, *, rows=None, milestones=None) -> bytes:
    """A workbook as a council writes it: a title above the headings, headings in their
    own order and case, blank rows, merged cells, a hidden sheet and a formula."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Delivery plan"
    sheet["A1"] = "Parks delivery plan 2026/27"
    sheet.merge_cells("A1:F1")
    sheet.append(
        [
            "ACTION",
            "Reference",
            "Impact sought",
            "Original due date",
            "Serves level",
            "Serves reference",
            "Lead officer",
        ]
    )
    for row in rows or []:
        sheet.append(row)
        sheet.append([])
    if milestones is not None:
        ms = book.create_sheet("Milestones")
        ms.append(["Action reference", "Milestone", "Due date", "Done"])
        for row in milestones:
            ms.append(row)
    hidden = book.create_sheet("Lists")
    hidden.sheet_state = "hidden"
    return saved(book)


def test_a_council_workbook_is_checked_then_imported_with_history(world, plan):
    existing = world.action
    content = council_workbook(
        world,
        rows=[
            [
                existing.title,
                existing.ref,
                "Greener parks",
                "31/03/2027",
                "Directorate priority",
                world.priority.ref,
                "head",
            ],
            [
                "Open a café",
                "N1",
                "Happier visitors",
                "March 2027",
                "Delivery plan activity",
                world.activity.ref,
                "",
            ],
        ],
        milestones=[
            [existing.ref, "Order trees", "2026-06-30", "Yes"],
            ["N1", "Hire staff", "1 Feb 2027", "No"],
        ],
    )
    result = check(plan, content, "parks.xlsx")
    assert result.errors == []
    outcomes = [(r.subject, r.number, r.outcome) for r in result.rows]
    assert outcomes == [
        ("Delivery plan", 3, "No change"),
        ("Delivery plan", 5, "Will be added (adds the impact sought “Happier visitors”)"),
        ("Milestones", 2, "Will change: done"),
        ("Milestones", 3, "Will be added"),
    ]
    assert result.hidden == ["Lists"]
    assert ServiceAction.objects.filter(ref="N1").count() == 0  # the check writes nothing

    saved_count = plan_import_save(
        plan=plan, entries=result.entries, actor=world.people["lead"], source="parks.xlsx"
    )
    assert saved_count == 3
    added = ServiceAction.objects.get(plan=plan, ref="N1")
    assert added.due_date == D(2027, 3, 31)  # a month alone is its last day for a due date
    assert added.serves_activity == world.activity
    assert added.impact.title == "Happier visitors"
    reason = added.history.latest().history_change_reason
    assert reason == f"Imported from parks.xlsx by {world.people['lead'].get_full_name() or 'lead'}"
    assert Milestone.objects.get(title="Order trees").done is True
    assert check(plan, content, "parks.xlsx").changes == 0  # importing again changes nothing


def test_every_problem_is_named_by_sheet_row_and_column(world, plan):
    content = council_workbook(
        world,
        rows=[
            ["Plant", "", "", "31 November 2026", "", "", ""],
            ["Dig", "Z1", "", "", "Delivery plan activity", "NOPE", "nobody"],
            ["Mow", "Z2", "", "", "Corporate vision", "X", ""],
        ],
        milestones=[["Q9", "Something", "tomorrow", "perhaps"]],
    )
    result = check(plan, content)
    assert result.problems == [
        "Delivery plan, row 3: Column B (reference): Enter the action's reference: actions are "
        "matched by it",
        "Delivery plan, row 3: Column D (original due date): 31 November 2026 is not a date: "
        "November has 30 days",
        "Delivery plan, row 5: Column F (serves reference): No delivery plan activity has the "
        "reference NOPE in the plans this plan's actions may serve for 2026/27: check the "
        "reference (links are never guessed)",
        "Delivery plan, row 5: Column G (lead officer): No one has the user name or email "
        "“nobody”: write the lead officer as the workbook names them, like “Alex Jones "
        "(ajones)”",
        "Delivery plan, row 7: Column E (serves level): “Corporate vision” is not a level an "
        "action serves: use Corporate ambition, Delivery plan activity, Directorate priority",
        "Milestones, row 2: Column A (action reference): No action has the reference Q9 in "
        "this plan or the Delivery plan sheet",
        "Milestones, row 2: Column C (due date): Enter the milestone's due date as a date, "
        "like 31/03/2026 (not “tomorrow”)",
        "Milestones, row 2: Column D (done): Enter Yes or No for done (not “perhaps”)",
    ]


def test_a_workbook_for_another_plan_is_refused_by_its_about_sheet(world, plan):
    content = plan_workbook(world.other_plan)
    result = check(plan, content)
    assert any("This workbook is for the service with code" in p for p in result.problems)


def test_once_signed_off_the_original_due_date_cannot_change_by_import(world, plan):
    from django.utils import timezone

    plan.signed_off_at = timezone.now()
    plan.save()
    content = council_workbook(
        world,
        rows=[
            [
                world.action.title,
                world.action.ref,
                "Greener parks",
                "30/04/2027",
                "Directorate priority",
                world.priority.ref,
                "head",
            ]
        ],
    )
    problems = check(plan, content).problems
    assert problems == [
        "Delivery plan, row 3: Column D (original due date): The original due date cannot "
        "change once the plan is signed off: set a revised due date and give the reason"
    ]


def test_the_import_page_checks_then_imports(client_for, world, plan):
    client = client_for("head")
    url = reverse("planning:plan-import", args=[plan.pk])
    content = council_workbook(
        world, rows=[["Open a café", "N1", "", "", "", "", ""]], milestones=[]
    )
    upload = io.BytesIO(content)
    upload.name = "parks.xlsx"
    response = client.post(url, {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 will be added, 0 changed and 0 left as they are" in page
    assert "Hidden sheets are not read: Lists" in page
    response = client.post(url, {"action": "save"})
    assert response.status_code == 302
    assert ServiceAction.objects.filter(plan=plan, ref="N1").exists()


def test_a_workbook_with_problems_is_shown_with_them_and_nothing_imported(client_for, world, plan):
    client = client_for("lead")
    url = reverse("planning:plan-import", args=[plan.pk])
    content = council_workbook(world, rows=[["Dig", "Z1", "", "31/02/2027", "", "", ""]])
    upload = io.BytesIO(content)
    upload.name = "parks.xlsx"
    response = client.post(url, {"file": upload})
    assert response.status_code == 400
    assert "31/02/2027 is not a date: February 2027 has 28 days" in response.content.decode()
    assert client.post(url, {"action": "save"}).status_code == 400
    assert not ServiceAction.objects.filter(ref="Z1").exists()


def test_a_file_that_is_not_a_workbook_is_refused_on_the_page(client_for, plan):
    client = client_for("head")
    upload = io.BytesIO(b"not a workbook")
    upload.name = "plan.xlsx"
    response = client.post(reverse("planning:plan-import", args=[plan.pk]), {"file": upload})
    assert response.status_code == 400
    assert "not a readable Excel workbook" in response.content.decode()


def self_assessment_workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Self-assessment"
    sheet.append(["Theme", "Narrative"])
    for row in rows:
        sheet.append(row)
    return saved(book)


def test_self_assessment_rows_are_matched_by_theme_and_imported(world, plan):
    content = self_assessment_workbook(
        [
            ["Leadership and governance", "Clear\nand kept"],
            ["performance", "We know from the survey"],
            ["Culture and challenge", ""],
        ]
    )
    result = check(plan, content, "sa.xlsx")
    assert [(r.number, r.outcome) for r in result.rows] == [
        (2, "No change"),
        (3, "Will be added"),
        (4, "No change"),
    ]
    plan_import_save(plan=plan, entries=result.entries, actor=world.people["head"], source="sa")
    entry = SelfAssessmentEntry.objects.get(plan=plan, theme="performance")
    assert entry.narrative == "We know from the survey"


def test_an_unknown_or_repeated_theme_is_a_problem(world, plan):
    content = self_assessment_workbook(
        [["Vision", "x"], ["Leadership and governance", "a"], ["leadership", "b"]]
    )
    assert check(plan, content).problems == [
        "Self-assessment, row 2: Column A (theme): “Vision” is not one of this plan's themes: "
        "use one of Leadership and governance; Performance and outcomes; Commissioning and "
        "quality; National priorities and partnerships; Resource and workforce management; "
        "Culture and challenge",
        "Self-assessment, row 4: Column A (theme): Leadership and governance is on an earlier "
        "row too: keep one row",
    ]


def test_a_self_assessment_sheet_saved_as_csv_in_windows_1252_imports(world, plan):
    content = "Theme,Narrative\nPerformance and outcomes,Café costs £5\n".encode("cp1252")
    result = check(plan, content, "Self-assessment.csv")
    assert result.problems == []
    assert result.entries[0].narrative == "Café costs £5"


def test_checking_takes_the_same_queries_whatever_the_workbooks_size(world, plan):
    def rows(n):
        return [
            [
                f"Action {i}",
                f"R{i}",
                "Greener parks",
                "31/03/2027",
                "Delivery plan activity",
                world.activity.ref,
                "head",
            ]
            for i in range(n)
        ]

    small_data = read_workbook("a.xlsx", council_workbook(world, rows=rows(2), milestones=[]))
    large_data = read_workbook("a.xlsx", council_workbook(world, rows=rows(40), milestones=[]))
    with CaptureQueriesContext(connection) as small:
        plan_import_check(plan=plan, data=small_data)
    with CaptureQueriesContext(connection) as large:
        plan_import_check(plan=plan, data=large_data)
    assert len(large) == len(small)


def test_someone_saving_an_action_after_the_check_stops_the_import(client_for, world, plan):
    client = client_for("head")
    url = reverse("planning:plan-import", args=[plan.pk])
    upload = io.BytesIO(
        council_workbook(world, rows=[["Renamed", world.action.ref, "", "", "", "", ""]])
    )
    upload.name = "parks.xlsx"
    assert client.post(url, {"file": upload}).status_code == 200
    action = ServiceAction.objects.get(pk=world.action.pk)
    action.title = "Changed meanwhile"
    action.save()
    response = client.post(url, {"action": "save"})
    assert response.status_code == 409
    assert ServiceAction.objects.get(pk=world.action.pk).title == "Changed meanwhile"


def sheet_rows(content: bytes, name: str) -> list[dict]:
    sheet = load_workbook(io.BytesIO(content))[name]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_indicators_risks_and_recommendations_are_in_the_workbook_for_those_who_read_them(
    client_for, world, plan
):
    from tests.audit.world import build_audit_world
    from tests.performance.world import build_performance
    from tests.risk.world import build_risk_world

    build_performance(world)
    build_risk_world(world)
    build_audit_world(world)
    url = reverse("planning:plan-workbook", args=[plan.pk])
    content = client_for("head").get(url).content
    indicators = sheet_rows(content, "Indicators")
    assert [row["Reference"] for row in indicators] == ["PK-01", "PK-02", "PK-03", "CP-01"]
    assert indicators[0]["Annual target"] == 90
    assert indicators[0]["Serves level"] == "Service action"
    risks = sheet_rows(content, "Risks")
    assert [row["Reference"] for row in risks] == ["PK-01", "PK-02"]
    assert risks[1]["Current likelihood"] == 4
    recommendations = sheet_rows(content, "Audit recommendations")
    assert [row["Reference"] for row in recommendations] == ["GM-1"]
    assert recommendations[0]["Recommendation"] == "Retender the mowing contract"


def test_an_action_without_a_reference_round_trips_matched_by_its_title(world, plan):
    action = ServiceAction.objects.create(plan=plan, title="Tidy the bandstand")
    Milestone.objects.create(action=action, title="Paint it", due_date=D(2026, 8, 1))
    content = plan_workbook(plan)
    result = check(plan, content)
    assert result.problems == []
    assert result.changes == 0
    book = load_workbook(io.BytesIO(content))
    sheet = book["Milestones"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 3).value == "Paint it")
    assert sheet.cell(row, 1).value is None  # no reference: the Action column names it
    sheet.cell(row, 5).value = "Yes"  # the bandstand's milestone, done
    result = check(plan, saved(book))
    assert [r.outcome for r in result.rows if r.changed] == ["Will change: done"]
    plan_import_save(plan=plan, entries=result.entries, actor=world.people["head"], source="x")
    assert Milestone.objects.get(action=action).done is True


def test_budget_policy_and_contract_registers_are_matched_by_name_and_imported(world, plan):
    from planning.models import BudgetLine, Contract, Policy

    BudgetLine.objects.create(plan=plan, purpose="Grounds staff", budget=100000)
    Policy.objects.create(plan=plan, name="Tree policy", next_review=D(2027, 1, 31))
    book = Workbook()
    budget = book.active
    budget.title = "Budget"
    budget.append(["What the money buys", "Budget this year (£)", "Last year's outturn (£)"])
    budget.append(["Grounds staff", "£120,000", ""])
    budget.append(["Bedding plants", "5,000.50", "£4,000"])
    policies = book.create_sheet("Policies")
    policies.append(["Policy", "Owner", "Next review date"])
    policies.append(["Tree policy", "", "31/01/2027"])
    contracts = book.create_sheet("Contracts")
    contracts.append(
        ["Contract", "Supplier", "Value (£)", "End date", "Renewal lead time (months)"]
    )
    contracts.append(["Mowing", "Green Ltd", "£1.2m", "30/02/2027", "six"])
    result = check(plan, saved(book))
    assert result.problems == [
        "Contracts, row 2: Column C (value (£)): Enter the value (£) as the whole number, like "
        "1,200,000, not £1.2m",
        "Contracts, row 2: Column D (end date): 30/02/2027 is not a date: February 2027 has 28 "
        "days",
        "Contracts, row 2: Column E (renewal lead time (months)): Enter the renewal lead time "
        "as a number, like 82.5",
    ]
    contracts.delete_rows(2)
    contracts.append(["Mowing", "Green Ltd", "£1,200,000", "28/02/2027", "6"])
    result = check(plan, saved(book))
    assert result.problems == []
    assert [(r.subject, r.outcome) for r in result.rows] == [
        ("Budget", "Will change: budget this year (£)"),
        ("Budget", "Will be added"),
        ("Policies", "No change"),
        ("Contracts", "Will be added"),
    ]
    plan_import_save(plan=plan, entries=result.entries, actor=world.people["head"], source="r")
    assert BudgetLine.objects.get(plan=plan, purpose="Grounds staff").budget == 120000
    assert BudgetLine.objects.get(plan=plan, purpose="Bedding plants").last_year_outturn == 4000
    contract = Contract.objects.get(plan=plan)
    assert (contract.value, contract.end_date, contract.renewal_lead_months) == (
        1200000,
        D(2027, 2, 28),
        6,
    )
    assert check(plan, saved(book)).changes == 0


def test_a_budget_sheet_in_thousands_imports_as_the_council_keeps_it(world, plan):
    """A council's own Budget sheet in £000 ("Budget this year (£000)") is read in
    thousands: 120.5 is £120,500."""
    from planning.models import BudgetLine

    BudgetLine.objects.create(plan=plan, purpose="Grounds staff", budget=100000)
    book = Workbook()
    budget = book.active
    budget.title = "Budget"
    budget.append(["What the money buys", "Budget this year (£000)", "Last year's outturn (£m)"])
    budget.append(["Grounds staff", "120.5", "0.1"])
    result = check(plan, saved(book))
    assert result.problems == []
    assert [r.outcome for r in result.rows] == [
        "Will change: budget this year (£), last year's outturn (£)"
    ]
    plan_import_save(plan=plan, entries=result.entries, actor=world.people["head"], source="k")
    line = BudgetLine.objects.get(plan=plan, purpose="Grounds staff")
    assert (line.budget, line.last_year_outturn) == (120500, 100000)
