"""Uploading services' monthly revenue figures: the template, the dry run, all-or-nothing
saving, refusals of whole files, who may upload for which service, and query counts."""

import datetime as dt
import io
import zipfile
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from planning.models import CapitalScheme, RevenueBudget, RevenueMonth
from planning.views import finance as finance_views
from tests import factories as f

pytestmark = pytest.mark.django_db

HEADINGS = "service,service name,year,month,actual to date,forecast outturn,commentary\n"
CAPITAL_HEADINGS = "service,service name,year,scheme,spend to date,forecast,slippage\n"
SEPTEMBER = dt.date(2026, 9, 1)
UPLOAD = reverse("planning:finance-upload")
TEMPLATE = reverse("planning:finance-upload-template")


def budget(plan, amount=D(1000000)):
    return RevenueBudget.objects.create(plan=plan, original_budget=amount, current_budget=amount)


@pytest.fixture
def budgets(world):
    return budget(world.service_plan), budget(world.other_plan, D(500000))


def csv_file(body: str, name: str = "ledger.csv", headings: str = HEADINGS):
    return SimpleUploadedFile(name, (headings + body).encode(), content_type="text/csv")


def xlsx_bytes(rows: list[list], headings: str = HEADINGS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headings.strip().split(","))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_file(rows: list[list], name: str = "ledger.xlsx"):
    return SimpleUploadedFile(name, xlsx_bytes(rows))


def upload_workbook(client, url: str, book: Workbook):
    """Post a workbook read back from a download (changed or not) to the upload at `url`."""
    buffer = io.BytesIO()
    book.save(buffer)
    return client.post(url, {"file": SimpleUploadedFile("t.xlsx", buffer.getvalue())})


def months():
    return RevenueMonth.objects.order_by("budget__plan__service__code", "month")


# --- checking then saving ---------------------------------------------------------------


def test_a_lead_checks_a_ledger_workbook_then_saves_it_with_history(world, client_for, budgets):
    client = client_for("lead")
    rows = [
        ["parks", "Parks", "2026/27", "2026-09", 520000, 1080000.5, "=SUM(A1:A9)"],
        ["Libraries", "", "2026/27", "September", "240,000", "£490,000", "+44 on hold"],
        ["parks", "", "", dt.datetime(2026, 8, 1), 410000, 1000000, ""],
    ]
    response = client.post(UPLOAD, {"file": xlsx_file(rows)})
    page = response.content.decode()
    assert response.status_code == 200, page
    assert "3 months of figures will be added or changed" in page
    assert "New month: actual £520,000, forecast £1,080,000.50" in page
    assert not RevenueMonth.objects.exists()  # checking writes nothing

    response = client.post(UPLOAD, {"action": "save"})
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:finance-overview")
    parks = RevenueMonth.objects.get(budget__plan=world.service_plan, month=SEPTEMBER)
    assert parks.forecast_outturn == D("1080000.50")
    assert parks.commentary == "=SUM(A1:A9)"  # stored as typed, never worked out
    libraries = RevenueMonth.objects.get(budget__plan=world.other_plan)
    assert (libraries.month, libraries.actual_to_date) == (SEPTEMBER, D(240000))
    assert libraries.commentary == "+44 on hold"
    assert RevenueMonth.objects.count() == 3
    record = parks.history.first()
    assert record.history_user == world.people["lead"]
    assert record.history_change_reason == "Finance for September 2026 uploaded from ledger.xlsx"


def test_a_second_upload_says_what_changes_and_keeps_commentary_without_the_column(
    world, client_for, budgets
):
    RevenueMonth.objects.create(
        budget=budgets[0],
        month=SEPTEMBER,
        actual_to_date=D(500000),
        forecast_outturn=D(1000000),
        commentary="Storm damage",
    )
    client = client_for("head")
    headings = "service,month,actual to date,forecast outturn\n"
    body = "parks,2026-09,500000,1100000\nparks,2026-08,400000,1000000\n"
    response = client.post(UPLOAD, {"file": csv_file(body, headings=headings)})
    page = response.content.decode()
    assert response.status_code == 200, page
    assert "Changes forecast £1,000,000 to £1,100,000" in page
    assert "2 months of figures will be added or changed" in page
    assert client.post(UPLOAD, {"action": "save"})["Location"] == reverse(
        "planning:plan-finance", args=[world.service_plan.pk]
    )
    september = RevenueMonth.objects.get(month=SEPTEMBER)
    assert september.forecast_outturn == D(1100000)
    assert september.commentary == "Storm damage"

    response = client.post(UPLOAD, {"file": csv_file(body, headings=headings)})
    assert response.content.decode().count("No change") == 2
    assert "Save" not in response.content.decode().split('id="dry-run"')[1].split("<h2")[0]


@pytest.mark.parametrize(
    ("kind", "body", "message", "good_row"),
    [
        (
            "",
            "parks,,2026/27,2026-09,520000,1080000,\nlibraries,,2026/27,2026-09,lots,490000,\n",
            "Row 3: Enter the actual spend to date as an amount in pounds, like 125000",
            "New month: actual £520,000",
        ),
        (
            "-capital",
            "parks,,,Depot roof,1,2,3\nlibraries,,,Branch refit,lots,2,3\n",
            "Row 3: Enter the spend to date as an amount in pounds, like 125000",
            "Changes spend to date none to £1, forecast none to £2, slippage none to £3",
        ),
    ],
)
def test_one_bad_row_saves_nothing_and_names_the_row(
    world, client_for, budgets, kind, body, message, good_row
):
    CapitalScheme.objects.create(plan=world.service_plan, name="Depot roof", budget=D(1))
    CapitalScheme.objects.create(plan=world.other_plan, name="Branch refit", budget=D(1))
    client = client_for("lead")
    upload_url = reverse(f"planning:finance-upload{kind}")
    headings = CAPITAL_HEADINGS if kind else HEADINGS
    response = client.post(upload_url, {"file": csv_file(body, headings=headings)})
    page = response.content.decode()
    assert response.status_code == 400
    assert "nothing has been saved" in page
    assert message in page
    assert 'href="#row-3"' in page
    assert good_row in page
    response = client.post(upload_url, {"action": "save"})  # even asked, nothing is written
    assert response.status_code == 400
    assert not RevenueMonth.objects.exists()
    assert not CapitalScheme.objects.filter(spend_to_date__isnull=False).exists()


REVENUE_BAD_ROWS = [
    ("nowhere,,2026/27,2026-09,1,2,", "Enter the code of one of the council&#x27;s services"),
    ("parks,,2026/27,2027-04,1,2,", "April 2027 is not in 2026/27"),
    ("parks,,2026/27,Sept-ish,1,2,", "Enter the month like 2026-09 or September 2026"),
    ("parks,,26/27,2026-09,1,2,", "Enter the financial year like 2026/27"),
    ("parks,,2031/32,2031-09,1,2,", "There is no financial year 2031/32"),
    ("parks,,2026/27,2026-09,-5,2,", "The actual spend to date cannot be negative"),
    ("parks,,2026/27,2026-09,1.234,2,", "in pounds and pence"),
    ("parks,,2026/27,2026-09,1,,Note", "Enter the forecast outturn"),
    ("parks,,2026/27,2026-09,1,2,\nPARKS,,,2026-09,3,4,", "parks for September 2026 is"),
    ("leisure,,2026/27,2026-09,1,2,", "Set Leisure&#x27;s revenue budget for 2026/27"),
]
CAPITAL_BAD_ROWS = [
    ("nowhere,,,Depot roof,1,2,3", "Enter the code of one of the council&#x27;s services"),
    ("parks,,,Skate park,1,2,3", "Parks has no capital scheme called “Skate park” in 2026/27"),
    ("parks,,,,1,2,3", "Enter the capital scheme&#x27;s name as the plan holds it"),
    ("parks,,26/27,Depot roof,1,2,3", "Enter the financial year like 2026/27"),
    ("parks,,2031/32,Depot roof,1,2,3", "There is no financial year 2031/32"),
    ("parks,,,Depot roof,1,-2,3", "The forecast spend this year cannot be negative"),
    ("parks,,,Depot roof,1,2,3.456", "in pounds and pence"),
    ("parks,,,Depot roof,1,2,3\nPARKS,,,depot roof,4,5,6", "“Depot roof” of parks is already"),
    ("museums,,,Roof,1,2,3", "Row 2: Museums has no service plan for 2026/27"),
]


@pytest.mark.parametrize(
    ("kind", "row", "message"),
    [("", *case) for case in REVENUE_BAD_ROWS] + [("-capital", *case) for case in CAPITAL_BAD_ROWS],
)
def test_each_bad_row_is_explained(world, client_for, budgets, kind, row, message):
    f.ServiceFactory(code="museums", name="Museums", directorate=world.service.directorate)
    CapitalScheme.objects.create(plan=world.service_plan, name="Depot roof", budget=D(1))
    headings = CAPITAL_HEADINGS if kind else HEADINGS
    response = client_for("lead").post(
        reverse(f"planning:finance-upload{kind}"), {"file": csv_file(row + "\n", headings=headings)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RevenueMonth.objects.exists()
    assert CapitalScheme.objects.get().figures == (None, None, None)


def test_a_service_without_a_plan_for_the_year_is_a_row_error(world, client_for):
    f.ServiceFactory(code="museums", name="Museums", directorate=world.service.directorate)
    response = client_for("lead").post(UPLOAD, {"file": csv_file("museums,,,2026-09,1,2,\n")})
    assert response.status_code == 400
    assert "Row 2: Museums has no service plan for 2026/27" in response.content.decode()


def test_a_name_two_services_share_must_be_given_as_a_code(world, client_for, budgets):
    f.ServiceFactory(code="grounds-north", name="Grounds")
    f.ServiceFactory(code="grounds-south", name="Grounds")  # in another directorate
    body = "Grounds,,,2026-09,1,2,\nparks,,,2026-08,1,2,\n"
    response = client_for("lead").post(UPLOAD, {"file": csv_file(body)})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Row 2: More than one service is called “Grounds”: enter its code instead" in page
    assert "Row 3" not in page


def test_a_service_without_a_budget_is_a_row_error(world, client_for):
    response = client_for("head").post(UPLOAD, {"file": csv_file("parks,,,2026-09,1,2,\n")})
    assert response.status_code == 400
    assert "Set Parks&#x27;s revenue budget for 2026/27 before uploading" in (
        response.content.decode()
    )


def test_rows_without_figures_are_skipped_not_refused(world, client_for, budgets):
    body = "parks,Parks,2026/27,2026-09,,,\nparks,Parks,2026/27,2026-08,10,20,\n"
    response = client_for("head").post(UPLOAD, {"file": csv_file(body)})
    page = response.content.decode()
    assert response.status_code == 200, page
    assert "No figures: skipped" in page
    assert "1 month of figures will be added or changed" in page


# --- who may upload for which service ----------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "body"),
    [
        ("", "parks,,2026/27,2026-09,1,2,\nlibraries,,2026/27,2026-09,3,4,\n"),
        ("-capital", "parks,,,Depot roof,1,2,3\nlibraries,,,Branch refit,4,5,6\n"),
    ],
)
def test_a_head_of_service_cannot_upload_another_services_figures(
    world, client_for, budgets, kind, body
):
    CapitalScheme.objects.create(plan=world.service_plan, name="Depot roof", budget=D(1))
    CapitalScheme.objects.create(plan=world.other_plan, name="Branch refit", budget=D(1))
    client = client_for("head")
    upload_url = reverse(f"planning:finance-upload{kind}")
    headings = CAPITAL_HEADINGS if kind else HEADINGS
    response = client.post(upload_url, {"file": csv_file(body, headings=headings)})
    assert response.status_code == 400
    assert "Row 3: You cannot enter finance for Libraries" in response.content.decode()
    client.post(upload_url, {"action": "save"})
    assert not RevenueMonth.objects.exists()
    assert not CapitalScheme.objects.filter(spend_to_date__isnull=False).exists()


@pytest.mark.parametrize("kind", ["", "-capital"])
def test_people_who_enter_no_finance_get_403(world, client_for, budgets, kind):
    scheme = CapitalScheme.objects.create(plan=world.service_plan, name="Depot", budget=D(1))
    upload_url = reverse(f"planning:finance-upload{kind}")
    template_url = reverse(f"planning:finance-upload{kind}-template")
    for persona in ("manager", "board", "director"):
        client = client_for(persona)
        assert client.get(upload_url).status_code == 403
        assert client.get(template_url).status_code == 403
        body = "parks,,2026/27,2026-09,1,2,\n" if not kind else "parks,,,Depot,1,2,3\n"
        upload = csv_file(body, headings=HEADINGS if not kind else CAPITAL_HEADINGS)
        assert client.post(upload_url, {"file": upload}).status_code == 403
        assert client.post(upload_url, {"action": "save"}).status_code == 403
    assert not RevenueMonth.objects.exists()
    scheme.refresh_from_db()
    assert scheme.spend_to_date is None


def test_a_check_by_one_person_cannot_be_saved_by_another(world, client_for, budgets):
    client_for("lead").post(UPLOAD, {"file": csv_file("libraries,,,2026-09,1,2,\n")})
    response = client_for("head").post(UPLOAD, {"action": "save"})
    assert response.status_code == 400
    assert "checked file has expired" in response.content.decode()
    assert not RevenueMonth.objects.exists()


@pytest.mark.parametrize(
    ("kind", "other", "section"),
    [("", "-capital", "plan-finance"), ("-capital", "", "plan-resources")],
)
def test_the_finance_pages_link_to_the_upload(world, client_for, budgets, kind, other, section):
    """Revenue from the plan's Finance, capital from its Resources (where schemes are), both
    from the overview, and each upload page to the other."""
    CapitalScheme.objects.create(plan=world.service_plan, name="Depot", budget=D(1))
    upload_url = reverse(f"planning:finance-upload{kind}")
    page = reverse(f"planning:{section}", args=[world.service_plan.pk])
    assert upload_url in client_for("head").get(page).content.decode()
    assert upload_url not in client_for("manager").get(page).content.decode()
    overview = reverse("planning:finance-overview")
    assert upload_url in client_for("lead").get(overview).content.decode()
    assert upload_url not in client_for("board").get(overview).content.decode()
    other_page = client_for("head").get(reverse(f"planning:finance-upload{other}"))
    assert upload_url in other_page.content.decode()


# --- figures that moved between the check and the save -----------------------------------


def test_figures_saved_after_the_check_stop_the_save_until_checked_again(
    world, client_for, budgets
):
    client = client_for("head")
    client.post(UPLOAD, {"file": csv_file("parks,,,2026-09,500000,1100000,\n")})
    # Someone enters September by hand after the file was checked.
    other = Client()
    other.force_login(world.people["lead"])
    other.post(
        reverse("planning:revenue-month-edit", args=[world.service_plan.pk, 2026, 9]),
        # £1 and £2 against a budget of millions are questioned: the lead confirms them.
        {"actual_to_date": "1", "forecast_outturn": "2", "confirmed": "1|2"},
    )
    response = client.post(UPLOAD, {"action": "save"})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Figures have changed since the file was checked" in page
    assert "Changes actual £1 to £500,000, forecast £2 to £1,100,000" in page
    assert RevenueMonth.objects.get().forecast_outturn == D(2)
    # Having seen the new outcomes, saving again writes the file's figures.
    assert client.post(UPLOAD, {"action": "save"}).status_code == 302
    assert RevenueMonth.objects.get().forecast_outturn == D(1100000)


def test_a_budget_removed_after_the_check_saves_nothing(world, client_for, budgets):
    client = client_for("lead")
    body = "parks,,,2026-09,1,2,\nlibraries,,,2026-09,3,4,\n"
    assert client.post(UPLOAD, {"file": csv_file(body)}).status_code == 200
    budgets[1].delete()
    response = client.post(UPLOAD, {"action": "save"})
    assert response.status_code == 409
    assert not RevenueMonth.objects.exists()


# --- refusing whole files ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ledger.xlsm", b"PK", "without macros (.xlsx)"),
        ("ledger.xls", b"\xd0\xcf", "without macros (.xlsx)"),
        ("ledger.pdf", b"%PDF", "must be a CSV or Excel (.xlsx) file"),
        ("ledger.xlsx", b"not a zip", "not a readable Excel workbook"),
        ("ledger.csv", b"\xff\xfe\x00bad", "saved as UTF-8"),
        ("ledger.csv", b"cost centre,amount\nx,1\n", "column headings"),
        ("ledger.csv", b"", "The selected file is empty"),
        ("ledger.csv", b"x" * (2 * 1024 * 1024 + 1), "smaller than 2 MB"),
    ],
)
@pytest.mark.parametrize("kind", ["", "-capital"])
def test_unreadable_files_are_refused_with_a_clear_message(
    world, client_for, budgets, name, content, message, kind
):
    upload = SimpleUploadedFile(name, content)
    response = client_for("lead").post(reverse(f"planning:finance-upload{kind}"), {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "govuk-error-summary" in page


def test_a_workbook_hiding_macros_under_an_xlsx_name_is_refused(world, client_for, budgets):
    buffer = io.BytesIO(xlsx_bytes([["parks", "", "", "2026-09", 1, 2, ""]]))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"macro")
    upload = SimpleUploadedFile("ledger.xlsx", buffer.getvalue())
    response = client_for("lead").post(UPLOAD, {"file": upload})
    assert response.status_code == 400
    assert "contains macros" in response.content.decode()


def test_no_file_chosen(world, client_for):
    response = client_for("head").post(UPLOAD, {})
    assert response.status_code == 400
    assert "Choose a CSV or Excel file to upload" in response.content.decode()


# --- the template -----------------------------------------------------------------------


def test_template_lists_the_heads_services_with_figures_held_and_text_as_text(
    world, client_for, budgets, monkeypatch
):
    monkeypatch.setattr(finance_views, "today", lambda: dt.date(2026, 10, 20))
    world.service.name = "=Parks"
    world.service.save()
    RevenueMonth.objects.create(
        budget=budgets[0],
        month=SEPTEMBER,
        actual_to_date=D("520000.50"),
        forecast_outturn=D(1080000),
        commentary='=HYPERLINK("http://example.com","x")',
    )
    response = client_for("head").get(TEMPLATE)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "service",
        "service name",
        "year",
        "month",
        "actual to date",
        "forecast outturn",
        "commentary",
    )
    assert rows[1:] == [
        (
            "parks",
            "=Parks",
            "2026/27",
            "2026-09",
            520000.5,
            1080000,
            '=HYPERLINK("http://example.com","x")',
        )
    ]  # head's service only, for the month being reported
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    assert sheet["B2"].data_type == "s"
    assert sheet["G2"].data_type == "s"

    # The template, filled in and uploaded as it is, checks cleanly.
    client = client_for("head")
    sheet["F2"] = 1090000
    response = upload_workbook(client, UPLOAD, sheet.parent)
    assert response.status_code == 200, response.content.decode()
    assert "Changes forecast £1,080,000 to £1,090,000" in response.content.decode()


# --- query counts -----------------------------------------------------------------------


def _check_queries(client, rows: int) -> int:
    body = "".join(
        f"svc-q{n},,2026/27,{month:%Y-%m},{n},{n + 1},\n"
        for n in range(rows)
        for month in (SEPTEMBER, dt.date(2026, 8, 1))
    )
    with CaptureQueriesContext(connection) as captured:
        response = client.post(UPLOAD, {"file": csv_file(body)})
    assert response.status_code == 200, response.content.decode()
    return len(captured)


def _services(world, count: int) -> None:
    """Services svc-q0, svc-q1, ... up to `count` in all, each with a plan, a budget and a
    capital scheme for the year, every other one with September held."""
    held = RevenueBudget.objects.filter(plan__service__code__startswith="svc-q").count()
    for n in range(held, count):
        service = f.ServiceFactory(code=f"svc-q{n}", directorate=world.service.directorate)
        plan = f.ServicePlanFactory(year=world.year, service=service)
        record = budget(plan)
        CapitalScheme.objects.create(plan=plan, name=f"Scheme {n}", budget=D(n))
        if n % 2:
            RevenueMonth.objects.create(
                budget=record, month=SEPTEMBER, actual_to_date=1, forecast_outturn=2
            )


def test_checking_a_file_runs_the_same_queries_for_more_rows(world, client_for):
    _services(world, 12)
    client = client_for("lead")
    small = _check_queries(client, 2)
    large = _check_queries(client, 12)
    assert small == large
    assert large <= 20


@pytest.mark.parametrize("kind", ["", "-capital"])
def test_the_template_runs_the_same_queries_for_more_services(world, client_for, kind):
    client = client_for("lead")
    counts = []
    for size in (2, 10):
        _services(world, size)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse(f"planning:finance-upload{kind}-template"))
        assert response.status_code == 200
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        assert len(rows) == 1 + size  # the headings, then each budgeted service (its scheme)
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_figures_that_look_like_millions_or_thousands_are_flagged_by_row_and_can_be_saved(
    world, client_for
):
    budget(world.service_plan, D(16400000))
    budget(world.other_plan, D(16400000))
    client = client_for("lead")
    body = "parks,,2026/27,2026-09,8.1,21.7,\nlibraries,,2026/27,2026-09,8100000,16400000,\n"
    response = client.post(UPLOAD, {"file": csv_file(body)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Check 2 figures that look unlikely before saving" in page
    assert (
        "Row 2: The forecast outturn of £21.70 looks like £ millions against a budget of "
        "£16,400,000" in page
    )
    assert "Row 2: The actual spend to date of £8.10 looks like £ millions" in page
    assert "Row 3:" not in page.split('id="dry-run"')[0]
    assert not RevenueMonth.objects.exists()
    assert client.post(UPLOAD, {"action": "save"}).status_code == 302
    assert RevenueMonth.objects.count() == 2
