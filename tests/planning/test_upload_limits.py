"""However a file is made, reading an upload stops at the row limit (empty rows count), and
the checked file's page stays small: the refusals and bounds every upload shares."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from core.uploads import MAX_ROWS, SHOWN_PROBLEMS, SHOWN_ROWS
from planning.models import RevenueMonth

from .ledger_files import HEADINGS, xlsx_bytes

pytestmark = pytest.mark.django_db

UPLOAD = reverse("planning:finance-upload")
SMALL_PAGE = 200_000  # bytes: a page of the form, a bounded table and bounded messages


def post_csv(client, text: str):
    upload = SimpleUploadedFile("ledger.csv", text.encode(), content_type="text/csv")
    return client.post(UPLOAD, {"file": upload})


def post_xlsx(client, content: bytes):
    return client.post(UPLOAD, {"file": SimpleUploadedFile("ledger.xlsx", content)})


def with_sheet_xml(content: bytes, change) -> bytes:
    """The workbook with its first sheet's XML changed by `change` (text to text)."""
    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for part in source.infolist():
            data = source.read(part.filename)
            if part.filename == "xl/worksheets/sheet1.xml":
                data = change(data.decode()).encode()
            out.writestr(part, data)
    return target.getvalue()


def test_two_megabytes_of_blank_lines_are_refused_at_the_row_limit_on_a_small_page(client_for):
    response = post_csv(client_for("lead"), HEADINGS + "\n" * 1_900_000)
    assert response.status_code == 400
    page = response.content.decode()
    assert f"The file has more than {MAX_ROWS:,} rows, counting empty ones" in page
    assert len(response.content) < SMALL_PAGE
    assert not RevenueMonth.objects.exists()


def test_blank_rows_count_toward_the_limit(client_for):
    text = HEADINGS + "\n" * MAX_ROWS + "parks,,2026/27,2026-09,1,2,\n"
    response = post_csv(client_for("lead"), text)
    assert response.status_code == 400
    assert "counting empty ones" in response.content.decode()


def test_blank_rows_within_the_limit_are_counted_not_listed(world, client_for):
    text = HEADINGS + "\n" * (MAX_ROWS - 1) + "nowhere,,2026/27,2026-09,1,2,\n"
    response = post_csv(client_for("lead"), text)
    page = response.content.decode()
    assert f"Row {MAX_ROWS + 1}: Enter the code of one of the council" in page
    assert f"{MAX_ROWS - 1} empty rows skipped" in page
    assert page.count('<tr class="govuk-table__row" id="row-') == 1
    assert len(response.content) < SMALL_PAGE


def test_a_workbook_whose_sheet_reaches_the_last_row_excel_has_is_refused(client_for):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADINGS.strip().split(","))
    sheet.cell(row=1_048_576, column=1, value="parks")
    buffer = io.BytesIO()
    book.save(buffer)
    response = post_xlsx(client_for("lead"), buffer.getvalue())
    assert response.status_code == 400
    assert "counting empty ones" in response.content.decode()
    assert len(response.content) < SMALL_PAGE


def test_a_sheet_claiming_a_million_rows_and_every_column_is_read_as_the_rows_it_has(
    world, client_for
):
    content = with_sheet_xml(
        xlsx_bytes([["nowhere", "", "2026/27", "2026-09", 1, 2, ""]]),
        lambda xml: xml.replace('<dimension ref="A1:G2"/>', '<dimension ref="A1:XFD1048576"/>'),
    )
    response = post_xlsx(client_for("lead"), content)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Row 2: Enter the code of one of the council" in page
    assert len(response.content) < SMALL_PAGE


@pytest.mark.parametrize(
    "change",
    [
        lambda xml: xml.replace("</sheetData>", "<row><c><v>1</v></c>"),  # cut short
        lambda xml: xml.replace("<sheetData>", "<sheetData><row r='2'><c r='A2' t='s'><v>99"),
        # a text cell pointing past the workbook's shared texts
        lambda xml: xml.replace("</sheetData>", "<row r='3'><c r='A3' t='s'><v>99</v></c></row>"),
    ],
)
def test_a_workbook_with_a_broken_sheet_is_refused_not_a_server_error(client_for, change):
    content = with_sheet_xml(xlsx_bytes([["parks", "", "2026/27", "2026-09", 1, 2, ""]]), change)
    response = post_xlsx(client_for("lead"), content)
    assert response.status_code == 400
    assert "The file is not a readable Excel workbook" in response.content.decode()


def test_a_workbook_too_big_once_opened_is_refused(client_for):
    content, buffer = xlsx_bytes([]), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        source = zipfile.ZipFile(io.BytesIO(content))
        for part in source.infolist():
            out.writestr(part, source.read(part.filename))
        out.writestr("xl/media/padding.bin", b"\0" * (30 * 1024 * 1024))
    assert len(buffer.getvalue()) < 2 * 1024 * 1024
    response = post_xlsx(client_for("lead"), buffer.getvalue())
    assert response.status_code == 400
    assert "The workbook is too big once opened" in response.content.decode()


@pytest.mark.parametrize("length", [10_001, 200_000])
def test_a_very_long_cell_in_a_csv_is_refused_saying_so(client_for, length):
    text = HEADINGS + "parks,,2026/27,2026-09,1,2," + "x" * length + "\n"
    response = post_csv(client_for("lead"), text)
    assert response.status_code == 400
    page = response.content.decode()
    assert "longer than 10,000 characters" in page
    assert len(response.content) < SMALL_PAGE


def test_a_very_long_cell_in_a_workbook_is_refused_naming_its_row(client_for):
    content = xlsx_bytes([["parks", "", "2026/27", "2026-09", 1, 2, ""], ["x" * 30_000]])
    response = post_xlsx(client_for("lead"), content)
    assert response.status_code == 400
    assert "Row 3 has a cell longer than 10,000 characters" in response.content.decode()


def test_thousands_of_bad_rows_list_a_bounded_number_of_problems_and_say_how_many_more(
    world, client_for
):
    rows = "".join(f"{'nowhere' * 20}{n},,2026/27,2026-09,1,2,\n" for n in range(3000))
    response = post_csv(client_for("lead"), HEADINGS + rows)
    assert response.status_code == 400
    page = response.content.decode()
    assert f"and {3000 - SHOWN_PROBLEMS} more problems" in page
    assert page.count('<tr class="govuk-table__row" id="row-') == SHOWN_ROWS
    assert f"and {3000 - SHOWN_ROWS} more rows not listed here" in page
    assert len(response.content) < SMALL_PAGE
