"""The council's tolerance changes from next April: an administrator (who alone may change
the policy, performance.permissions) chooses the month by keyboard; this year's ratings and
the last quarterly report stay as they were, and the policy page lists both versions.
Every page is checked with axe."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from core import clock, periods
from performance.demo import demo_seed
from performance.models import IndicatorRating
from planning.models import FinancialYear
from reporting.models import ReportRun
from reporting.services import report_request
from tests.reporting.celery_broker import celery_inline

from .steps import follow_link, heading, press_enter_to_navigate, sign_in, tab_to, visit


@pytest.fixture
def reports_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with celery_inline():
        yield


def this_years_ratings(year) -> list[tuple]:
    return list(
        IndicatorRating.objects.filter(year=year)
        .order_by("definition", "month")
        .values_list("definition", "month", "rating", "explanation")
    )


def test_admin_changes_the_tolerance_from_next_year_leaving_this_year_as_it_was(
    page, live_server, demo_council, reports_in_tmp
):
    today = clock.today()
    year = FinancialYear.objects.get(start_year=periods.start_year_of(today))
    next_april = dt.date(year.start_year + 1, 4, 1)
    admin = get_user_model().objects.get(username="admin")
    demo_seed()  # the demo council's indicators, values and stored ratings
    report = report_request(actor=admin, year=year, quarter=1)
    report.refresh_from_db()
    assert report.status == "done"
    before = this_years_ratings(year)
    assert {"green", "amber", "red"} <= {rating for _, _, rating, _ in before}

    sign_in(page, live_server, "admin")
    visit(page, f"{live_server.url}/performance/indicators/")
    list_before = page.inner_text("main")
    follow_link(page, "Change the council's RAG policy")
    assert heading(page) == "The council's RAG policy"
    page.get_by_label("Amber tolerance as a percentage of the target").fill("5")
    choose = page.get_by_label("Apply from")
    assert choose.input_value() == periods.month_start(today).isoformat()
    choose.select_option(next_april.isoformat())
    tab_to(page, page.get_by_role("button", name="Save and recalculate every rating"))
    press_enter_to_navigate(page)

    main = page.inner_text("main")
    assert f"no period rated so far changes: it applies from {next_april:%B %Y}" in main
    assert f"From {next_april:%B %Y}: Amber within 5% of target." in main
    assert f"applying from {next_april:%B %Y}" in main
    assert "Done" in page.inner_text("#recalculation")

    assert this_years_ratings(year) == before
    visit(page, f"{live_server.url}/performance/indicators/")
    assert page.inner_text("main") == list_before
    again = ReportRun.objects.get(pk=report.pk)
    assert (again.snapshot, again.pdf_sha256) == (report.snapshot, report.pdf_sha256)
