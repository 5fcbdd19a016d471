"""The RAG rule the council chooses for audit recommendations is the one the tracker page,
the recommendation's page, the committee's Excel and PDF downloads and the quarterly report
all use."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from audit import rules
from audit import services as audit_services
from audit.models import TrackerRule
from reporting.report.registry import Period
from reporting.report.sections import overdue_recommendations_build
from tests.audit.world import make_recommendation
from tests.reporting.test_committee_downloads import download, pdf_text

pytestmark = pytest.mark.django_db
AMBER_WORDS = "within 365 days"


@pytest.fixture
def finished_early(audit_world, world):
    """All the work done but not yet signed off as implemented, due in 200 days: GREEN by
    the default rule (ahead of the time elapsed), AMBER by "due date only" within 365 days."""
    head = world.people["head"]
    rec = make_recommendation(
        audit_world.audit,
        world.service,
        head,
        "GM-9",
        title="Publish the tree survey",
        due=timezone.localdate() + dt.timedelta(days=200),
    )
    audit_services.recommendation_update(
        recommendation=rec,
        actor=head,
        status="in_progress",
        percent_complete=100,
        commentary="Survey written",
    )
    return rec


def choose_due_date_rule(admin):
    rule = TrackerRule(rule=rules.BY_DUE_DATE, due_soon_days=365)
    rule.full_clean()
    rule.save()


def test_the_default_is_the_rule_as_before(finished_early):
    policy = TrackerRule.current()
    assert (policy.rule, policy.green_margin, policy.amber_margin) == (rules.BY_MARGIN, 10, 30)
    assert finished_early.rating(timezone.localdate()).rag == "green"


def test_the_rule_refuses_margins_out_of_order():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="green margin cannot be more than the amber"):
        TrackerRule(green_margin=40, amber_margin=30).full_clean()


def test_the_tracker_and_recommendation_pages_use_the_chosen_rule(
    client_for, world, finished_early
):
    client = client_for("lead")
    tracker = client.get(reverse("audit:tracker"), {"service": world.service.pk})
    assert AMBER_WORDS not in tracker.content.decode()
    choose_due_date_rule(world.people["admin"])

    page = client.get(reverse("audit:tracker"), {"service": world.service.pk}).content.decode()
    assert "RAG rule chosen by the council: complete is BLUE" in page
    assert "due within 365 days is AMBER" in page
    row = page.split("Publish the tree survey")[1].split("</tr>")[0]
    assert "Amber" in row
    assert AMBER_WORDS in row
    detail = client.get(finished_early.get_absolute_url()).content.decode()
    assert AMBER_WORDS in detail


def test_the_committee_downloads_use_the_chosen_rule(client_for, world, finished_early):
    choose_due_date_rule(world.people["admin"])
    book = openpyxl.load_workbook(
        io.BytesIO(download(client_for, reverse("reporting:tracker-xlsx")))
    )
    sheet = book["Recommendations"]
    headings = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "GM-9")
    assert row[headings.index("RAG")] == "AMBER"
    assert AMBER_WORDS in row[headings.index("RAG explanation")]
    summary = [r for r in book["Summary"].iter_rows(values_only=True) if r[0] == "Rule"]
    assert "due within 365 days is AMBER" in summary[0][1]

    text = pdf_text(download(client_for, reverse("reporting:tracker-pdf")))
    assert AMBER_WORDS in text


def test_the_quarterly_report_rates_overdue_recommendations_by_the_chosen_rule(
    world, audit_world, finished_early
):
    late = make_recommendation(
        audit_world.audit, world.service, world.people["head"], "GM-10", due=dt.date(2026, 6, 1)
    )
    choose_due_date_rule(world.people["admin"])
    period = Period(
        year=world.year, quarter=3, as_at=timezone.localdate(), actor=world.people["lead"]
    )
    rows = {r["ref"]: r for r in overdue_recommendations_build(period)["rows"]}
    expected = late.rating(timezone.localdate(), TrackerRule.current())
    assert (rows["GM-10"]["rag"], rows["GM-10"]["explanation"]) == (
        expected.rag,
        expected.explanation,
    )
    assert "GM-9" not in rows  # not overdue
