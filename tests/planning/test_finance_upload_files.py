"""The finance upload's files and template: refusals of whole files, the template of the
head's services with the figures held, and the queries checking a file and building the
template run."""

import datetime as dt
import io
import zipfile
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from planning.models import RevenueMonth
from planning.views import finance as finance_views
from tests.planning.ledger_files import (
    SEPTEMBER,
    TEMPLATE,
    UPLOAD,
    budget,
    budgeted_services,
    csv_file,
    upload_workbook,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def budgets(world):
    return budget(world.service_plan), budget(world.other_plan, D(500000))


# --- refusing whole files ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ledger.xlsm", b"PK", "without macros (.xlsx)"),
        ("ledger.xls", b"\xd0\xcf", "without macros (.xlsx)"),
        ("ledger.pdf", b"%PDF", "must be a CSV or Excel (.xlsx) file"),
        ("ledger.xlsx", b"not a zip", "not a readable Excel workbook"),
        ("ledger.csv", b"\xff\xfe\x00bad", "not a CSV file"),
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


def test_checking_a_file_runs_the_same_queries_for_more_rows(world, client_for):
    budgeted_services(world, 12)
    client = client_for("lead")
    _check_queries(client, 2)  # the signed-in person and their menu's count, now kept
    small = _check_queries(client, 2)
    large = _check_queries(client, 12)
    assert small == large
    assert large <= 20


@pytest.mark.parametrize("kind", ["", "-capital"])
def test_the_template_runs_the_same_queries_for_morebudgeted_services(world, client_for, kind):
    client = client_for("lead")
    counts = []
    for size in (2, 10):
        budgeted_services(world, size)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse(f"planning:finance-upload{kind}-template"))
        assert response.status_code == 200
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        assert len(rows) == 1 + size  # the headings, then each budgeted service (its scheme)
        counts.append(len(captured))
    assert counts[0] == counts[1]
