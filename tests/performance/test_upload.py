"""Bulk upload: the template, the dry run, all-or-nothing saving, and refusals."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from core.history import version_token
from performance import services, upload, views
from performance.models import COMMENTARY_MAX, IndicatorValue
from performance.services import ValueEntry
from tests.workbooks import xlsx_bytes

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
HEADINGS = "reference,indicator,month,value,commentary,provisional,projected\n"


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    monkeypatch.setattr(views, "today", lambda: TODAY)


def upload_url(world):
    return reverse("performance:plan-upload", args=[world.service_plan.pk])


def csv_file(body: str, name: str = "values.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (HEADINGS + body).encode(), content_type="text/csv")


def xlsx_file(rows: list[list], name: str = "values.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(rows, HEADINGS))


def test_a_file_with_one_bad_row_writes_nothing_and_lists_the_row(client_for, world, perf):
    client = client_for("head")
    body = "PK-01,,2026-04,88,,no,\nPK-01,,2026-05,lots,,no,\nPK-02,,2026-04,12,,,\n"
    response = client.post(upload_url(world), {"file": csv_file(body)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "nothing has been saved" in page
    assert "Row 3: Enter the value as a number, like 82.5" in page
    assert "New value: 88.0%" in page
    assert "Save" not in page.split('id="dry-run"')[1].split("Upload a different file")[0]
    # Even asking to save what was checked saves nothing.
    response = client.post(upload_url(world), {"action": "save"})
    assert response.status_code == 400
    assert not IndicatorValue.objects.exists()


def test_a_good_file_is_checked_then_saved_with_history(client_for, world, perf):
    client = client_for("head")
    body = (
        "PK-01,Park users satisfied,2026-04,88,=SUM(A1:A9),yes,90\n"
        'PK-02,,Apr 2026,12.5,"+44 call, -then",no,\n'
        "PK-02,,2026-05-01,9,,,\n"
    )
    response = client.post(upload_url(world), {"file": csv_file(body)})
    assert response.status_code == 200
    assert "3 values will be added or changed" in response.content.decode()
    assert not IndicatorValue.objects.exists()  # a dry run writes nothing

    response = client.post(upload_url(world), {"action": "save"})
    assert response.status_code == 302
    april = IndicatorValue.objects.get(definition=perf.percent, month=dt.date(2026, 4, 1))
    assert april.commentary == "=SUM(A1:A9)"  # stored as text, as typed
    assert april.provisional is True
    assert april.projected_year_end == Decimal(90)
    assert april.entered_by == world.people["head"]
    assert april.history.first().history_change_reason == "Uploaded from values.csv"
    assert IndicatorValue.objects.get(
        definition=perf.days, month=dt.date(2026, 4, 1)
    ).commentary == ("+44 call, -then")
    assert IndicatorValue.objects.count() == 3


def test_an_xlsx_file_is_read_and_a_formula_comes_through_as_its_text(client_for, world, perf):
    client = client_for("head")
    rows = [
        ["PK-01", "", dt.datetime(2026, 6, 1), 91, "=1+2", "no", None],
        ["PK-01", "", "2026-07", 92.5, "Summer", "", None],
    ]
    response = client.post(upload_url(world), {"file": xlsx_file(rows)})
    assert response.status_code == 200, response.content.decode()
    client.post(upload_url(world), {"action": "save"})
    june = IndicatorValue.objects.get(definition=perf.percent, month=dt.date(2026, 6, 1))
    assert june.commentary == "=1+2"
    assert IndicatorValue.objects.get(month=dt.date(2026, 7, 1)).value == Decimal("92.5")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "CP-01,,2026-04,70,,,\n",
            "You cannot enter values for CP-01: they are entered by its owner",
        ),
        ("XX-99,,2026-04,70,,,\n", "Enter the reference of one of this plan"),
        ("PK-01,,April,70,,,\n", "Enter the month as year and month, like 2026-04"),
        ("PK-01,,2026-11,70,,,\n", "November 2026 has not ended yet"),
        ("PK-01,,2026-04,70,,maybe,\n", "Enter yes or no for provisional"),
        ("PK-01,,2026-04,70,,,\nPK-01,,2026-04,71,,,\n", "is already on row 2"),
    ],
)
def test_each_bad_row_is_explained(client_for, world, perf, body, message):
    response = client_for("head").post(upload_url(world), {"file": csv_file(body)})
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("values.xlsm", b"PK"), "without macros (.xlsx)"),
        (SimpleUploadedFile("values.txt", b"x"), "must be a CSV or Excel (.xlsx) file"),
        (SimpleUploadedFile("values.xlsx", b"not a zip at all"), "not a readable Excel workbook"),
        (SimpleUploadedFile("values.csv", b"\xff\xfe\x00bad"), "not a CSV file"),
        (SimpleUploadedFile("values.csv", b"name,number\nx,1\n"), "column headings"),
        (SimpleUploadedFile("values.csv", b"x" * (2 * 1024 * 1024 + 1)), "smaller than 2 MB"),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_message(
    client_for, world, perf, upload, message
):
    response = client_for("head").post(upload_url(world), {"file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_workbook_hiding_macros_under_an_xlsx_name_is_refused(client_for, world, perf):
    buffer = io.BytesIO(xlsx_file([["PK-01", "", "2026-04", 1, "", "", ""]]).read())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"macro")
    upload = SimpleUploadedFile("values.xlsx", buffer.getvalue())
    response = client_for("head").post(upload_url(world), {"file": upload})
    assert response.status_code == 400
    assert "contains macros" in response.content.decode()


def test_no_file_chosen(client_for, world, perf):
    response = client_for("head").post(upload_url(world), {})
    assert response.status_code == 400
    assert "Choose a CSV or Excel file to upload" in response.content.decode()


def test_template_lists_the_heads_indicators_and_writes_text_as_text(client_for, world, perf):
    IndicatorValue.objects.create(
        definition=perf.percent,
        month=dt.date(2026, 4, 1),
        value=Decimal(88),
        commentary='=HYPERLINK("http://example.com","x")',
    )
    response = client_for("head").get(
        reverse("performance:plan-upload-template", args=[world.service_plan.pk])
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    content = response.content
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("reference", "indicator", "month", "value")
    refs = [row[0] for row in rows[1:]]
    assert "PK-01" in refs
    assert "CP-01" not in refs  # the director's, not head's
    assert rows[1][4] == '=HYPERLINK("http://example.com","x")'
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml
    assert sheet["E2"].data_type == "s"


def test_a_value_with_a_decimal_comma_is_a_row_error_not_ten_times_the_value(
    client_for, world, perf
):
    body = 'PK-01,,2026-04,"64,5",,no,\nPK-02,,2026-04,"1,234",,,\n'
    response = client_for("head").post(upload_url(world), {"file": csv_file(body)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Row 2: Enter the value with a full stop for decimals, like 64.5" in page
    assert "New value: 1,234.0 days" in page
    assert not IndicatorValue.objects.exists()


def manager_enters_april(world, perf, *, value, commentary="", seen=None):
    """The service manager saves April's satisfaction figure by hand, as in the value grid."""
    entry = ValueEntry(perf.percent, dt.date(2026, 4, 1), value, commentary, seen=seen)
    services.values_save(
        entries=[entry], actor=world.people["manager"], reason="Entered in the grid", today=TODAY
    )


def test_a_value_saved_by_someone_between_the_check_and_the_save_is_not_overwritten(
    client_for, world, perf
):
    client = client_for("head")
    client.post(upload_url(world), {"file": csv_file("PK-01,,2026-04,88,,,\n")})
    manager_enters_april(world, perf, value=70)
    response = client.post(upload_url(world), {"action": "save"})
    assert response.status_code == 409
    assert "Figures have changed since the file was checked" in response.content.decode()
    assert perf.percent.values.get(month=dt.date(2026, 4, 1)).value == 70


def test_a_value_saved_after_the_check_stops_the_save_until_checked_again(client_for, world, perf):
    client = client_for("head")
    client.post(
        upload_url(world), {"file": csv_file("PK-01,,2026-04,88,,,\nPK-02,,2026-04,9,,,\n")}
    )
    # Someone enters April's satisfaction by hand after the file was checked.
    manager_enters_april(world, perf, value=70)
    response = client.post(upload_url(world), {"action": "save"})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Figures have changed since the file was checked" in page
    assert "Changes 70.0% to 88.0%" in page
    assert perf.percent.values.get(month=dt.date(2026, 4, 1)).value == 70
    assert not perf.days.values.exists()  # all or nothing
    # Having seen the new outcomes, saving again writes the file's values.
    assert client.post(upload_url(world), {"action": "save"}).status_code == 302
    assert perf.percent.values.get(month=dt.date(2026, 4, 1)).value == 88
    assert perf.days.values.get(month=dt.date(2026, 4, 1)).value == 9


def test_a_commentary_changed_after_the_check_stops_the_save_though_the_outcome_reads_the_same(
    client_for, world, perf
):
    april = dt.date(2026, 4, 1)
    manager_enters_april(world, perf, value=70, commentary="As counted")
    client = client_for("head")
    client.post(upload_url(world), {"file": csv_file("PK-01,,2026-04,70,From the file,,\n")})
    held = perf.percent.values.get(month=april)
    manager_enters_april(world, perf, value=70, commentary="Recounted", seen=version_token(held))
    response = client.post(upload_url(world), {"action": "save"})
    assert response.status_code == 409
    assert "Figures have changed since the file was checked" in response.content.decode()
    assert perf.percent.values.get(month=april).commentary == "Recounted"


def test_a_value_saved_between_the_last_check_and_the_save_saves_nothing(world, perf):
    """The save itself refuses a value changed since the rows were checked."""
    rows = upload.read_rows("values.csv", (HEADINGS + "PK-01,,2026-04,88,,,\n").encode())
    definitions = {d.ref.upper(): d for d in (perf.percent, perf.days)}
    head = world.people["head"]
    checked = upload.dry_run(rows=rows, definitions=definitions, actor=head, today=TODAY)
    assert checked.changes == 1
    manager_enters_april(world, perf, value=70)
    with pytest.raises(ValidationError, match="while you were editing"):
        services.values_save(entries=checked.entries, actor=head, reason="Upload", today=TODAY)
    assert perf.percent.values.get(month=dt.date(2026, 4, 1)).value == 70


def test_a_commentary_longer_than_the_entry_grid_takes_is_refused_naming_the_row(
    client_for, world, perf
):
    long = "x" * (COMMENTARY_MAX + 1)
    body = f"PK-01,,2026-04,88,{'y' * COMMENTARY_MAX},,\nPK-02,,2026-04,12,{long},,\n"
    response = client_for("head").post(upload_url(world), {"file": csv_file(body)})
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "Row 3: The commentary for PK-02 has 2,001 characters: shorten it to 2,000 or fewer"
    ) in page
    assert "Row 2:" not in page  # exactly the limit is taken
    assert not IndicatorValue.objects.exists()


def test_a_windows_1252_csv_is_recognised_and_its_pound_and_accent_kept(client_for, world, perf):
    """Older Excel saves "CSV" as Windows-1252: £ and é are single bytes the UTF-8 reader
    cannot take, so the file is read as Windows-1252 and saved as typed."""
    content = (HEADINGS + "PK-01,,2026-04,88,Café kiosk cost £1.2k,,\n").encode("cp1252")
    assert b"\xa3" in content  # a real cp1252 file, not UTF-8
    assert b"\xe9" in content
    client = client_for("head")
    response = client.post(upload_url(world), {"file": SimpleUploadedFile("values.csv", content)})
    assert response.status_code == 200
    assert client.post(upload_url(world), {"action": "save"}).status_code == 302
    assert IndicatorValue.objects.get().commentary == "Café kiosk cost £1.2k"
