"""The committee's downloads, opened and read back as a committee member would."""

import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest
from django.test import TestCase
from django.urls import resolve, reverse
from pypdf import PdfReader

from audit import services as audit_services
from reporting.models import ReportRun, RunStatus
from tests.audit.world import make_recommendation

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://example.com","x")'


@pytest.fixture
def tracker(audit_world, world):
    p = world.people
    make_recommendation(
        audit_world.audit, world.service, p["head"], "GM-3", title=FORMULA, priority=2
    )
    overdue = make_recommendation(
        audit_world.audit,
        world.service,
        p["head"],
        "GM-4",
        title="Fence the depot",
        due=dt.date(2026, 6, 1),
    )
    audit_services.recommendation_update(
        recommendation=overdue,
        actor=p["head"],
        status="in_progress",
        percent_complete=30,
        commentary="+ormulas like -1 and @SUM stay text",
    )
    audit_services.extension_decide(extension=audit_world.extension, actor=p["lead"], approve=True)
    done = make_recommendation(audit_world.audit, world.other_service, p["other_head"], "GM-5")
    audit_services.recommendation_update(
        recommendation=done,
        actor=p["other_head"],
        status="implemented",
        percent_complete=100,
        commentary="Done",
    )
    return audit_world


def download(client_for, url, persona="committee"):
    """Ask for the download as the page's link and form do, let the (inline) worker build
    it once the request commits, and fetch the file its progress page offers."""
    client = client_for(persona)
    assert client.get(url).status_code == 200  # the form that asks for it
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    run = ReportRun.objects.get(pk=resolve(response["Location"]).kwargs["pk"])
    page = client.get(response["Location"]).content.decode()
    assert run.status == RunStatus.DONE, run.error
    file_url = reverse("reporting:run-download", args=[run.pk])
    assert file_url in page
    response = client.get(file_url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content)


def test_tracker_workbook_has_header_frozen_pane_filter_and_rows(client_for, tracker):
    content = download(client_for, reverse("reporting:tracker-xlsx"))
    wb = openpyxl.load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["Summary", "Recommendations"]
    ws = wb["Recommendations"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Reference", "Title", "Source"]
    assert "Original due date" in header
    assert "Revised due date" in header
    assert "RAG" in header
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:S{ws.max_row}"
    assert ws[1][0].font.bold
    rows = {row[0]: row for row in ws.iter_rows(min_row=2, values_only=True)}
    known = rows["GM-1"]
    col = {name: n for n, name in enumerate(header)}
    assert known[col["Title"]] == "Retender the mowing contract"
    assert known[col["Original due date"]] == dt.datetime(2027, 3, 31)  # a real date
    assert known[col["Revised due date"]] == dt.datetime(2027, 6, 30)
    assert known[col["Revisions"]] == 1
    rag_cell = ws.cell(row=list(rows).index("GM-4") + 2, column=col["RAG"] + 1)
    assert rag_cell.value == "RED"
    assert rag_cell.fill.fgColor.rgb.endswith("F4CDC6")
    assert ws.column_dimensions["B"].width == 40


def test_tracker_summary_sheet_counts(client_for, tracker):
    wb = openpyxl.load_workbook(io.BytesIO(download(client_for, reverse("reporting:tracker-xlsx"))))
    counts = {row[0]: row[1] for row in wb["Summary"].iter_rows(values_only=True) if row[0]}
    assert counts["Open"] == 4
    assert counts["Overdue"] == 1
    assert counts["Extended"] == 1
    assert counts["Implemented"] == 1
    assert counts["1 (high)"] == 1
    assert counts["Place"] == 3
    assert counts["Communities"] == 1


def test_a_formula_title_is_text_not_a_formula(client_for, tracker):
    content = download(client_for, reverse("reporting:tracker-xlsx"))
    ws = openpyxl.load_workbook(io.BytesIO(content))["Recommendations"]
    cell = next(c for row in ws.iter_rows(min_row=2) for c in row if c.value == FORMULA)
    assert cell.data_type == "s"
    assert cell.quotePrefix
    update = next(
        c for row in ws.iter_rows(min_row=2) for c in row if str(c.value).startswith("+ormulas")
    )
    assert update.data_type == "s"
    assert update.quotePrefix
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [
            archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")
        ]
    assert not any("<f>" in sheet or "<f " in sheet for sheet in sheets)
    cell_xml = re.search(rf'<c r="{cell.coordinate}"[^>]*>.*?</c>', sheets[1], re.S).group(0)
    assert "<f" not in cell_xml


def test_tracker_filters_carry_into_the_download(client_for, tracker, world):
    url = reverse("reporting:tracker-xlsx") + f"?service={world.other_service.pk}"
    ws = openpyxl.load_workbook(io.BytesIO(download(client_for, url)))["Recommendations"]
    assert {row[0] for row in ws.iter_rows(min_row=2, values_only=True)} == {"GM-2", "GM-5"}
    url = reverse("reporting:tracker-xlsx") + "?overdue=1"
    ws = openpyxl.load_workbook(io.BytesIO(download(client_for, url)))["Recommendations"]
    assert [row[0] for row in ws.iter_rows(min_row=2, values_only=True)] == ["GM-4"]


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    # Table cells wrap: compare words, not line breaks.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_tracker_pdf_is_a_tagged_landscape_paper_with_counts_first(client_for, tracker):
    content = download(client_for, reverse("reporting:tracker-pdf"))
    reader = PdfReader(io.BytesIO(content))
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    assert round(float(box.width) / 72 * 25.4) == 297  # A4
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged
    text = pdf_text(content)
    assert "Recommendation tracker" in text
    assert text.index("Summary") < text.index("Retender the mowing contract")
    assert re.search(r"Open\s*4", text)
    assert re.search(r"Overdue\s*1", text)
    assert re.search(r"Extended\s*1", text)
    assert re.search(r"Implemented\s*1", text)
    assert "GM-1" in text
    assert re.search(r"Page 1 of \d+", text)


def test_register_workbook_and_paper(client_for, risk_world):
    url = reverse("reporting:register-xlsx", args=[risk_world.place.pk]) + "?include=services"
    wb = openpyxl.load_workbook(io.BytesIO(download(client_for, url)))
    ws = wb["Risks"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref.startswith("A1:")
    rows = {row[0]: row for row in ws.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"PK-01", "PK-02"}
    assert rows["PK-02"][3] == "Directorate"
    counts = {row[0]: row[1] for row in wb["Summary"].iter_rows(values_only=True) if row[0]}
    assert counts["In this download"] == 2
    assert counts["Escalated from a lower register"] == 1
    content = download(client_for, reverse("reporting:register-pdf", args=[risk_world.place.pk]))
    text = pdf_text(content)
    assert "Place directorate risk register" in text
    assert "Flooding closes the lakeside" in text
    assert re.search(r"In this download\s*1", text)


def test_the_requester_is_told_when_the_download_is_ready(client_for, tracker, world):
    from planning.models import Notification, NotificationKind

    download(client_for, reverse("reporting:tracker-xlsx"))
    note = Notification.objects.get(kind=NotificationKind.REPORT_READY)
    assert note.recipient == world.people["committee"]
    assert note.subject.startswith("Ready: ")
    assert note.link == reverse("reporting:run-detail", args=[ReportRun.objects.get().pk])
