"""Uploading services' monthly revenue figures: the dry run, all-or-nothing saving, row
errors, who may upload for which service, figures that moved between the check and the
save, and figures that look mistyped."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.test import Client
from django.urls import reverse

from planning.models import CapitalScheme, RevenueMonth
from tests import factories as f
from tests.planning.ledger_files import (
    CAPITAL_HEADINGS,
    HEADINGS,
    SEPTEMBER,
    UPLOAD,
    budget,
    csv_file,
    xlsx_file,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def budgets(world):
    return budget(world.service_plan), budget(world.other_plan, D(500000))


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
