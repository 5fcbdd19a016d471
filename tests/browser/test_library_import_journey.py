"""Bringing the indicator library in with the keyboard alone, every page checked with axe:
a performance lead downloads the template, fills it in with a mistake, reads the dry run
naming the sheet, row and column, fixes the file, imports it and sees the new indicator
with its history. The jobs run inline here; tests/planning/test_import_worker.py covers
the real queue."""

import io
import re

import pytest
from openpyxl import load_workbook

from tests.reporting.celery_broker import celery_inline

from .steps import follow_link, heading, press_enter_to_navigate, sign_in, tab_to, visit


@pytest.fixture
def jobs_inline(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with celery_inline():
        yield


def press(page, button: str) -> None:
    tab_to(page, page.get_by_role("button", name=button, exact=True))
    press_enter_to_navigate(page)


def filled_in(template: bytes, *, service: str, april: str) -> bytes:
    book = load_workbook(io.BytesIO(template))
    for name in ("Indicators", "Values"):
        book[name].delete_rows(2, book[name].max_row)
    book["Indicators"].append(
        ["JR-01", "Parks cafés open on time", "%", "Higher is better", "Monthly", "lead"]
        + [service, "5%"]
    )
    values = book["Values"]
    values.append(["JR-01", "2025/26", "", "95", ""])
    values.append(["JR-01", april, "93", "", "Staff shortage"])
    values.append(["JR-01", "May 2025", "96", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_performance_lead_brings_the_indicator_library_in(
    page, live_server, demo_council, jobs_inline, tmp_path
):
    from planning.models import FinancialYear, Person

    FinancialYear.objects.get_or_create(start_year=2025)
    service = Person.objects.get(username="head").service.code
    sign_in(page, live_server, "lead")
    follow_link(page, "Bring data in", within=page.get_by_role("navigation", name="Menu"))
    assert heading(page) == "Bring data in"

    template_link = page.get_by_role("link", name="Download the indicator library template")
    tab_to(page, template_link)
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    with open(info.value.path(), "rb") as handle:
        template = handle.read()

    upload_link = page.locator("main").get_by_role("link", name=re.compile(r"^Upload a file"))
    tab_to(page, upload_link)
    press_enter_to_navigate(page)
    assert heading(page) == "Upload a file: indicator library"
    broken = tmp_path / "library.xlsx"
    broken.write_bytes(filled_in(template, service=service, april="31 April 2025"))
    page.get_by_label("Upload the indicator library file").set_input_files(broken)
    press(page, "Check the file")
    assert heading(page) == "library.xlsx"
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Values, row 3: Column B (period): 31 April 2025 is not a date" in summary
    assert "April has 30 days" in summary
    assert page.get_by_role("button", name="Import", exact=False).count() == 0

    follow_link(page, "Upload a different file", within=page.locator("main"))
    fixed = tmp_path / "library-fixed.xlsx"
    fixed.write_bytes(filled_in(template, service=service, april="April 2025"))
    page.get_by_label("Upload the indicator library file").set_input_files(fixed)
    press(page, "Check the file")
    assert "4 will be added, 0 changed" in page.locator("#import-summary").inner_text()
    dry_run = page.locator("#dry-run").inner_text()
    assert "Will add the value 93.0%" in dry_run
    press(page, "Import 4 rows")
    assert "Imported" in page.locator(".govuk-panel").inner_text()
    assert "4 records written" in page.locator(".govuk-panel").inner_text()

    from performance.models import IndicatorDefinition

    visit(page, IndicatorDefinition.objects.get(ref="JR-01").get_absolute_url())
    assert "JR-01" in heading(page)
    history = page.locator("#value-history").inner_text()
    assert "Imported from library-fixed.xlsx" in history
    assert "Apr 2025" in history
