"""Browser journeys for risk registers and the recommendation tracker: keyboard only,
with an axe WCAG 2.2 AA check of every page on the way."""

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from audit.models import Audit, ExtensionRequest, Recommendation
from risk.models import Risk, RiskAction, RiskReview
from tests.audit.world import build_audit_world, make_recommendation
from tests.reporting.celery_broker import celery_inline
from tests.risk.world import build_risk_world

from . import steps

PASSWORD = "test-password-123"  # the test world's people (tests/factories.py)

pytestmark = pytest.mark.django_db(transaction=True)


def tab_to(page, selector: str) -> None:
    """Tab (past the heat map's many links if need be) to the control matching `selector`."""
    steps.tab_to(page, page.locator(selector), max_presses=250)


def follow(page, selector: str) -> None:
    tab_to(page, selector)
    steps.press_enter_to_navigate(page)


def submit(page) -> None:
    follow(page, "#main-content form button[name=submit]")


def sign_in(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    steps.sign_in(page, live_server, username, PASSWORD)


def visit(page, live_server, path: str) -> None:
    steps.visit(page, f"{live_server.url}{path}")


def test_head_reviews_and_escalates_and_the_director_sees_it(page, live_server, world):
    risks = build_risk_world(world)
    sign_in(page, live_server, "head")
    visit(page, live_server, f"/risk/plans/{world.service_plan.pk}/")
    follow(page, f'a[href="/risk/risks/{risks.risk.pk}/"]')
    follow(page, f'a[href="/risk/risks/{risks.risk.pk}/review/"]')
    tab_to(page, 'input[name="likelihood"]')
    page.keyboard.press("ArrowDown")  # from 3 (current) to 4
    tab_to(page, 'input[name="impact"]')
    page.keyboard.press("ArrowDown")
    tab_to(page, "textarea[name=commentary]")
    page.keyboard.type("Disease found in the arboretum")
    submit(page)
    assert "Review recorded" in page.content()
    follow(page, f'a[href="/risk/risks/{risks.risk.pk}/escalate/"]')
    tab_to(page, 'input[name="to_level"]')
    page.keyboard.press("Space")
    tab_to(page, "textarea[name=reason]")
    page.keyboard.type("Needs the directorate's capital budget")
    submit(page)
    risk = Risk.objects.get(pk=risks.risk.pk)
    assert risk.current_score == 16
    assert risk.escalated_to == "directorate"
    assert RiskReview.objects.filter(risk=risk).count() == 1

    follow(page, f'a[href="/risk/risks/{risks.risk.pk}/actions/add/"]')
    tab_to(page, "textarea[name=description]")
    page.keyboard.type("Inject the remaining oaks")
    tab_to(page, 'input[name="due_date_0"]')
    page.keyboard.type("30")
    page.keyboard.press("Tab")
    page.keyboard.type("9")
    page.keyboard.press("Tab")
    page.keyboard.type("2027")
    submit(page)
    assert "Further action added" in page.content()
    added = RiskAction.objects.get(risk=risk, description="Inject the remaining oaks")
    assert (added.owner, added.due_date) == (world.people["head"], dt.date(2027, 9, 30))
    follow(page, f'a[href="/risk/actions/{added.pk}/history/"]')
    assert "Created by" in page.content()

    visit(
        page, live_server, f"/risk/registers/{risks.parks.pk}/add/"
    )  # the add form is accessible too

    sign_in(page, live_server, "director")
    visit(page, live_server, f"/risk/registers/{risks.place.pk}/")
    html = page.content()
    assert "Tree disease spreads through the park" in html
    assert "Very high" in html
    follow(page, 'a.gt-heatmap__count[href*="likelihood=4&impact=4"]')
    assert "Tree disease spreads through the park" in page.content()
    assert "Flooding closes the lakeside" not in page.content()


def test_update_extension_approval_and_committee_downloads(page, live_server, world):
    audit = build_audit_world(world)
    build_risk_world(world)
    rec = make_recommendation(
        audit.audit, world.service, world.people["head"], "GM-7", title="Survey the play areas"
    )
    sign_in(page, live_server, "head")
    visit(page, live_server, f"/audit/plans/{world.service_plan.pk}/")
    follow(page, f'a[href="/audit/recommendations/{rec.pk}/"]')
    follow(page, f'a[href="/audit/recommendations/{rec.pk}/update/"]')
    tab_to(page, "#id_percent_complete")
    page.keyboard.press("Control+A")
    page.keyboard.type("40")
    tab_to(page, "textarea[name=commentary]")
    page.keyboard.type("Half the sites surveyed")
    submit(page)
    follow(page, f'a[href="/audit/recommendations/{rec.pk}/extend/"]')
    tab_to(page, 'input[name="proposed_date_0"]')
    page.keyboard.type("30")
    page.keyboard.press("Tab")
    page.keyboard.type("6")
    page.keyboard.press("Tab")
    page.keyboard.type("2027")
    tab_to(page, "textarea[name=reason]")
    page.keyboard.type("Surveyor off sick")
    submit(page)
    extension = ExtensionRequest.objects.get(recommendation=rec)

    sign_in(page, live_server, "lead")
    visit(page, live_server, "/audit/")
    follow(page, f'a[href="/audit/extensions/{extension.pk}/"]')
    tab_to(page, 'input[name="decision"]')
    page.keyboard.press("Space")
    submit(page)
    rec = Recommendation.objects.get(pk=rec.pk)
    assert (rec.revision_count, rec.revised_due_date) == (1, dt.date(2027, 6, 30))
    visit(page, live_server, f"/audit/?service={world.service.pk}")
    row = page.locator("tr", has_text="Survey the play areas").inner_text()
    assert "31 Mar 2027" in row
    assert "30 Jun 2027" in row
    assert "revised 1 time" in row

    sign_in(page, live_server, "committee")
    visit(page, live_server, "/audit/")
    with celery_inline():
        follow(page, 'a[href^="/reports/committee/tracker.xlsx"]')
        workbook = openpyxl.load_workbook(io.BytesIO(prepare_and_download(page)))
        assert "Recommendations" in workbook.sheetnames
        visit(page, live_server, "/audit/")
        follow(page, 'a[href^="/reports/committee/tracker.pdf"]')
        text = " ".join(
            PdfReader(io.BytesIO(prepare_and_download(page))).pages[0].extract_text().split()
        )
        assert "Recommendation tracker" in text
        visit(page, live_server, "/risk/")
        follow(page, 'a[href^="/risk/registers/"]')
        register = page.url
        follow(page, 'a[href*=".xlsx"]')
        workbook = openpyxl.load_workbook(io.BytesIO(prepare_and_download(page)))
        assert workbook["Risks"].freeze_panes == "A2"
        steps.visit(page, register)
        follow(page, 'a[href*=".pdf"]')
        assert prepare_and_download(page).startswith(b"%PDF")


def prepare_and_download(page) -> bytes:
    """From a download's form: ask for it, then take the file its page offers when ready."""
    follow(page, "#main-content form button[type=submit]")
    tab_to(page, 'a[href^="/reports/downloads/"]')
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    return Path(download.value.path()).read_bytes()


def type_date(page, name: str, day: str, month: str, year: str) -> None:
    tab_to(page, f'input[name="{name}_0"]')
    for part in (day, month, year):
        page.keyboard.type(part)
        page.keyboard.press("Tab")


def test_performance_lead_records_an_audit_and_a_recommendation(page, live_server, world):
    audit_world = build_audit_world(world)
    sign_in(page, live_server, "lead")
    visit(page, live_server, "/audit/")
    follow(page, 'a[href="/audit/audits/"]')
    follow(page, 'a[href="/audit/audits/add/"]')
    tab_to(page, 'input[name="title"]')
    page.keyboard.type("Payroll controls")
    tab_to(page, 'input[name="source"]')
    page.keyboard.press("ArrowDown")  # internal audit → external audit
    tab_to(page, 'input[name="body"]')
    page.keyboard.type("Northgate Audit LLP")
    type_date(page, "report_date", "12", "5", "2026")
    submit(page)  # no opinion yet: refused, everything typed kept
    assert "Choose the assurance opinion" in page.content()
    assert page.locator('input[name="body"]').input_value() == "Northgate Audit LLP"
    tab_to(page, 'input[name="opinion"]')
    page.keyboard.press("ArrowDown")  # substantial → reasonable
    tab_to(page, f'input[name="services"][value="{world.service.pk}"]')
    page.keyboard.press("Space")
    submit(page)
    assert "Audit recorded: Payroll controls" in page.content()
    audit = Audit.objects.get(title="Payroll controls")
    assert (audit.source, audit.opinion) == ("external_audit", "reasonable")

    follow(page, f'a[href="/audit/audits/{audit.pk}/recommendations/add/"]')
    tab_to(page, 'input[name="ref"]')
    page.keyboard.type("PC-1")
    tab_to(page, 'input[name="title"]')
    page.keyboard.type("Reconcile starters and leavers monthly")
    tab_to(page, 'input[name="priority"]')
    page.keyboard.press("Space")
    tab_to(page, "textarea[name=recommendation]")
    page.keyboard.type("Reconcile HR and payroll records each month")
    tab_to(page, "textarea[name=agreed_action]")
    page.keyboard.type("Monthly reconciliation signed off")
    tab_to(page, "select[name=service]")
    page.keyboard.press("ArrowDown")
    owner = world.people["manager"]
    tab_to(page, "select[name=owner]")
    page.keyboard.type(f"{owner.first_name} {owner.last_name}")
    type_date(page, "due", "30", "9", "2026")
    submit(page)
    assert "Recommendation PC-1 recorded" in page.content()
    rec = Recommendation.objects.get(audit=audit, ref="PC-1")
    assert (rec.owner, rec.original_due_date, rec.agreed_on) == (
        owner,
        dt.date(2026, 9, 30),
        dt.date(2026, 5, 12),
    )
    assert audit_world.audit.recommendations.count() == 2  # the other audit is untouched
