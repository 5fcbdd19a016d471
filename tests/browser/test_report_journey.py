"""A performance lead generates the quarterly Budget & Performance report, watches its
progress and downloads it. Keyboard only, every page checked with axe. The job runs inline
here; tests/reporting/test_job_service.py covers the real queue."""

import io

import pytest
from pypdf import PdfReader

from tests.reporting.celery_broker import celery_inline

from .steps import follow_link, heading, press_enter_to_navigate, sign_in, tab_to


@pytest.fixture
def reports_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with celery_inline():
        yield


def test_performance_lead_generates_and_downloads_the_report(
    page, live_server, demo_council, reports_in_tmp
):
    sign_in(page, live_server, "lead")
    follow_link(page, "Reports", within=page.get_by_role("navigation", name="Menu"))
    assert heading(page) == "Budget & Performance reports"
    assert "No reports have been generated yet" in page.inner_text("main")

    follow_link(page, "Generate a report", within=page.locator("main"))
    assert heading(page) == "Generate a Budget & Performance report"
    # This quarter is chosen already; the arrow keys move within the radios to the last one.
    tab_to(page, page.get_by_role("radio", checked=True))
    page.keyboard.press("ArrowUp")
    assert page.get_by_role("radio", name="Quarter 2 (July to September)").is_checked()
    tab_to(page, page.get_by_role("button", name="Generate"))
    press_enter_to_navigate(page)

    assert heading(page) == "Q2 2026/27, version 1"
    main = page.locator("main")
    assert "report requested (version 1)" in main.inner_text()
    progress = page.locator("#run-progress")
    assert "Ready" in progress.inner_text()
    assert "100%" in progress.inner_text()

    download_link = page.get_by_role("link", name="Download the report (PDF)")
    tab_to(page, download_link)
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    with open(info.value.path(), "rb") as handle:
        pdf = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Budget & Performance report" in text
    assert "Quarter 2" in text
    assert "Page 1 of" in text or "Page 2 of" in text

    follow_link(page, "All reports", within=main)
    assert "Ready" in page.inner_text("main")
