"""Uploading capital schemes' figures: the template, the dry run, all-or-nothing saving
through the scheme's own save, refusals of whole files, who may upload for which service,
and query counts."""

import io
import zipfile
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from core.history import EditConflict, version_token
from planning import capital_upload
from planning.models import CapitalScheme
from planning.services import finance as finance_services
from tests.planning import ledger_files as ledger

pytestmark = pytest.mark.django_db

HEADINGS = ledger.CAPITAL_HEADINGS
UPLOAD = reverse("planning:finance-upload-capital")
TEMPLATE = reverse("planning:finance-upload-capital-template")


@pytest.fixture
def schemes(world):
    depot = CapitalScheme.objects.create(
        plan=world.service_plan, name="Depot roof", budget=D(400000), spend_to_date=D(100000)
    )
    play = CapitalScheme.objects.create(
        plan=world.service_plan, name="Play areas", budget=D(250000)
    )
    branch = CapitalScheme.objects.create(
        plan=world.other_plan, name="Branch refit", budget=D(90000)
    )
    return depot, play, branch


def csv_file(body: str, name: str = "capital.csv"):
    return ledger.csv_file(body, name, headings=HEADINGS)


def xlsx_file(rows: list[list], name: str = "capital.xlsx"):
    return SimpleUploadedFile(name, ledger.xlsx_bytes(rows, headings=HEADINGS))


def figures(scheme):
    scheme.refresh_from_db()
    return scheme.spend_to_date, scheme.forecast, scheme.slippage


# --- checking then saving ---------------------------------------------------------------


def test_a_lead_checks_a_ledger_workbook_then_saves_it_with_history(world, client_for, schemes):
    depot, play, branch = schemes
    client = client_for("lead")
    rows = [
        ["parks", "Parks", "2026/27", "  depot ROOF ", 150000, "390,000", "£10,000.50"],
        ["Libraries", "", "", "Branch refit", 20000, 90000, 0],
        ["parks", "", "2026/27", "Play areas", "", "", ""],
    ]
    response = client.post(UPLOAD, {"file": xlsx_file(rows)})
    page = response.content.decode()
    assert response.status_code == 200, page
    assert "2 capital schemes will be added or changed" in page
    assert (
        "Changes spend to date £100,000 to £150,000, forecast none to £390,000, "
        "slippage none to £10,000.50" in page
    )
    assert "No figures: skipped" in page
    assert ">Scheme</th>" in page
    assert figures(depot) == (D(100000), None, None)  # checking writes nothing

    response = client.post(UPLOAD, {"action": "save"})
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:finance-overview")
    assert figures(depot) == (D(150000), D(390000), D("10000.50"))
    assert figures(branch) == (D(20000), D(90000), D(0))
    assert figures(play) == (None, None, None)
    assert (depot.name, depot.budget) == ("Depot roof", D(400000))  # only the figures
    assert CapitalScheme.objects.count() == 3  # nothing created
    record = depot.history.first()
    assert record.history_user == world.people["lead"]
    assert record.history_change_reason == "Capital figures uploaded from capital.xlsx"


def test_one_services_file_goes_back_to_its_resources_and_says_what_changes(
    world, client_for, schemes
):
    depot = schemes[0]
    client = client_for("head")
    body = "parks,,,Depot roof,100000,300000,\n"
    response = client.post(UPLOAD, {"file": csv_file(body)})
    assert "Changes forecast none to £300,000" in response.content.decode()
    response = client.post(UPLOAD, {"action": "save"})
    assert response["Location"] == reverse("planning:plan-resources", args=[world.service_plan.pk])
    assert figures(depot) == (D(100000), D(300000), None)
    shown = client.get(response["Location"]).content.decode().split("Capital plans")[2]
    assert "£100,000</td>" in shown
    assert "£300,000</td>" in shown
    assert "Not known</td>" in shown  # slippage
    response = client.post(UPLOAD, {"file": csv_file(body)})
    page = response.content.decode()
    assert "No change" in page
    assert "Save" not in page.split('id="dry-run"')[1].split("<h2")[0]


def test_text_that_looks_like_a_formula_is_kept_as_typed(world, client_for, schemes):
    CapitalScheme.objects.create(plan=world.service_plan, name="=SUM(A1:A9)", budget=D(1))
    response = client_for("lead").post(
        UPLOAD, {"file": xlsx_file([["parks", "", "", "=SUM(A1:A9)", 1, 2, 3]])}
    )
    page = response.content.decode()
    assert response.status_code == 200, page
    assert "=SUM(A1:A9)" in page  # matched by its name as typed, never worked out


def test_two_schemes_of_one_name_must_be_told_apart_on_the_plan(world, client_for, schemes):
    CapitalScheme.objects.create(plan=world.service_plan, name="Play Areas ", budget=D(1))
    response = client_for("lead").post(UPLOAD, {"file": csv_file("parks,,,play areas,1,2,3\n")})
    assert response.status_code == 400
    assert "More than one of Parks&#x27;s capital schemes is called" in response.content.decode()


# --- who may upload for which service ----------------------------------------------------


def test_a_revenue_check_cannot_be_saved_as_capital(world, client_for, schemes):
    client = client_for("lead")
    revenue = "service,month,actual to date,forecast outturn\nparks,2026-09,1,2\n"
    upload = SimpleUploadedFile("ledger.csv", revenue.encode())
    client.post(reverse("planning:finance-upload"), {"file": upload})
    response = client.post(UPLOAD, {"action": "save"})
    assert response.status_code == 400
    assert "checked file has expired" in response.content.decode()


# --- figures that moved between the check and the save -----------------------------------


def test_a_scheme_changed_after_the_check_stops_the_save_until_checked_again(
    world, client_for, schemes
):
    depot = schemes[0]
    client = client_for("head")
    client.post(UPLOAD, {"file": csv_file("parks,,,Depot roof,200000,300000,0\n")})
    # Someone changes the scheme on the plan after the file was checked.
    other = Client()
    other.force_login(world.people["head"])
    response = other.post(
        reverse("planning:resource-edit", args=["capital", depot.pk]),
        {
            "name": "Depot roof",
            "budget": "400000",
            "spend_to_date": "120000",
            "version": version_token(depot),
        },
    )
    assert response.status_code == 302, response.content.decode()
    response = client.post(UPLOAD, {"action": "save"})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Figures have changed since the file was checked" in page
    assert "Changes spend to date £120,000 to £200,000" in page
    assert figures(depot) == (D(120000), None, None)
    # Having seen the new outcomes, saving again writes the file's figures.
    assert client.post(UPLOAD, {"action": "save"}).status_code == 302
    assert figures(depot) == (D(200000), D(300000), D(0))


def test_a_scheme_saved_between_the_last_check_and_the_save_saves_nothing(world, schemes):
    """The save itself refuses a scheme changed since the rows were checked, and the rows
    before it are not kept either."""
    depot, play, _ = schemes
    rows = capital_upload.read_rows(
        "capital.csv",
        (
            HEADINGS
            + ",".join(["parks", "", "", "Play areas", "1", "2", "3"])
            + "\nparks,,,Depot roof,5,6,7\n"
        ).encode(),
    )
    checked = capital_upload.dry_run(rows=rows, actor=world.people["lead"])
    assert checked.changes == 2
    CapitalScheme.objects.filter(pk=depot.pk).update(
        budget=D(1), updated_at=depot.updated_at.replace(year=2030)
    )
    with pytest.raises(EditConflict):
        finance_services.capital_schemes_save(
            entries=checked.entries, actor=world.people["lead"], source="capital.csv"
        )
    assert figures(play) == (None, None, None)
    assert figures(depot) == (D(100000), None, None)


# --- the template -----------------------------------------------------------------------


def test_template_lists_the_heads_schemes_with_figures_held_and_text_as_text(
    world, client_for, schemes
):
    depot = schemes[0]
    depot.name = "=HYPERLINK(1)"
    depot.forecast = D("300000.50")
    depot.save()
    response = client_for("head").get(TEMPLATE)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(HEADINGS.strip().split(","))
    assert rows[1:] == [
        ("parks", "Parks", "2026/27", "=HYPERLINK(1)", 100000, 300000.5, None),
        ("parks", "Parks", "2026/27", "Play areas", None, None, None),
    ]  # head's service only
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    assert sheet["D2"].data_type == "s"

    # The template, filled in and uploaded as it is, checks cleanly.
    client = client_for("head")
    sheet["G3"] = 5000
    response = ledger.upload_workbook(client, UPLOAD, sheet.parent)
    page = response.content.decode()
    assert response.status_code == 200, page
    assert "Changes slippage none to £5,000" in page
    assert "1 capital scheme will be added or changed" in page


# --- query counts -----------------------------------------------------------------------


def test_checking_runs_the_same_queries_for_more_rows(world, client_for):
    client = client_for("lead")
    counts = []
    for size in (2, 10):
        ledger.budgeted_services(world, size)
        body = "".join(f"svc-q{n},,2026/27,Scheme {n},{n},{n + 1},\n" for n in range(size))
        with CaptureQueriesContext(connection) as captured:
            response = client.post(UPLOAD, {"file": csv_file(body)})
        assert response.status_code == 200, response.content.decode()
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert counts[1] <= 20


def test_a_scheme_figure_that_looks_like_thousands_is_flagged_against_its_budget(
    world, client_for, schemes
):
    body = "parks,,,Depot roof,150,390,2\n"
    response = client_for("lead").post(
        reverse("planning:finance-upload-capital"), {"file": csv_file(body)}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The spend to date of £150 looks like £ thousands against a budget of £400,000" in page
    assert "The forecast spend this year of £390 looks like £ thousands" in page
    assert "slippage to future years of" not in page  # slippage may be small
