"""Finance with the keyboard alone, every page checked with axe: a head of service enters a
month's figures for their service, then corrects them by uploading a file, and uploads a
capital scheme's figures from the plan's Resources page; an administrator
reads the council's revenue forecast by directorate, chooses a month, drills into a service
and sets the thresholds."""

from .steps import follow_link, heading, press_enter_to_navigate, sign_in, tab_to, visit


def type_into(page, label: str, text: str) -> None:
    tab_to(page, page.get_by_label(label, exact=True).first)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def press(page, button: str) -> None:
    tab_to(page, page.get_by_role("button", name=button, exact=True))
    press_enter_to_navigate(page)


def demo_council_head_service() -> str:
    from planning.models import Person

    return Person.objects.select_related("service").get(username="head").service.code


def test_head_of_service_enters_a_months_figures(page, live_server, demo_council, tmp_path):
    from core.clock import today
    from planning.models import FinancialYear, ServicePlan

    plan = ServicePlan.objects.get(
        service__code=demo_council_head_service(), year=FinancialYear.objects.current()
    )
    sign_in(page, live_server, "head")
    visit(page, plan.get_absolute_url())
    follow_link(
        page, "Finance", within=page.get_by_role("navigation", name="Sections of this plan")
    )
    assert heading(page) == "Finance"
    main = page.locator("main")
    assert "Finance RAG" in main.inner_text()

    month = today().replace(day=1)
    label = f"{month:%B %Y}"
    follow_link(page, f"Enter figures for {label}", within=main)
    assert heading(page) == f"Finance for {label}"
    type_into(page, "Actual spend to date (£)", "lots")
    type_into(page, "Forecast outturn for the year (£)", "99999999")
    type_into(page, "Commentary", "Winter gritting started early")
    press(page, "Save month")
    summary = page.locator(".govuk-error-summary")
    assert "must be a number" in summary.inner_text()
    assert page.get_by_label("Commentary").input_value() == "Winter gritting started early"

    type_into(page, "Actual spend to date (£)", "1000")
    press(page, "Save month")
    # £1,000 spent against a budget of millions reads as £ thousands: asked, then confirmed.
    assert "looks like £ thousands" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("Actual spend to date (£)").input_value() == "1000"
    press(page, "Save month")
    assert heading(page) == "Finance"
    text = page.locator("main").inner_text()
    assert f"Figures for {label} saved" in page.inner_text("body")
    assert "£99,999,999" in text
    assert "Winter gritting started early" in text
    assert "Red" in text

    # The same month corrected from a file: checked row by row first, then saved.
    follow_link(page, "Upload monthly figures from a spreadsheet", within=page.locator("main"))
    assert heading(page) == "Upload revenue figures"
    ledger = tmp_path / "ledger.csv"
    ledger.write_text(
        "service,month,actual to date,forecast outturn\n"
        f"{demo_council_head_service()},{month:%Y-%m},2000,1000000\n"
    )
    page.get_by_label("Upload a file of revenue figures").set_input_files(ledger)
    press(page, "Check the file")
    assert "Changes actual £1,000 to £2,000, forecast £99,999,999 to £1,000,000" in (
        page.locator("#dry-run").inner_text()
    )
    press(page, "Save 1 month of figures")
    assert heading(page) == "Finance"
    assert "1 month of figures saved" in page.inner_text("body")
    text = page.locator("main").inner_text()
    assert "£99,999,999" not in text
    assert "Winter gritting started early" in text  # no commentary column: kept


def test_head_of_service_uploads_capital_figures(page, live_server, demo_council, tmp_path):
    from planning.models import CapitalScheme, FinancialYear, ServicePlan

    plan = ServicePlan.objects.get(
        service__code=demo_council_head_service(), year=FinancialYear.objects.current()
    )
    scheme = CapitalScheme.objects.create(plan=plan, name="Depot roof", budget=400000)
    sign_in(page, live_server, "head")
    visit(page, plan.get_absolute_url())
    follow_link(
        page, "Resources", within=page.get_by_role("navigation", name="Sections of this plan")
    )
    follow_link(
        page,
        "Upload capital schemes' spend, forecast and slippage from a spreadsheet",
        within=page.locator("main"),
    )
    assert heading(page) == "Upload capital figures"
    ledger = tmp_path / "capital.csv"
    ledger.write_text(
        "service,year,scheme,spend to date,forecast,slippage\n"
        f"{plan.service.code},,depot roof,125000,390000,10000\n"
        f"{plan.service.code},,Skate park,1,2,3\n"
    )
    page.get_by_label("Upload a file of capital figures").set_input_files(ledger)
    press(page, "Check the file")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Row 3:" in summary
    assert "no capital scheme called “Skate park”" in summary

    ledger.write_text(
        "service,year,scheme,spend to date,forecast,slippage\n"
        f"{plan.service.code},,depot roof,125000,390000,10000\n"
    )
    page.get_by_label("Upload a file of capital figures").set_input_files(ledger)
    press(page, "Check the file")
    assert "Changes spend to date none to £125,000" in page.locator("#dry-run").inner_text()
    press(page, "Save 1 capital scheme")
    assert heading(page) == "Resources"
    assert "1 capital scheme saved" in page.inner_text("body")
    scheme.refresh_from_db()
    assert (scheme.spend_to_date, scheme.forecast, scheme.slippage) == (125000, 390000, 10000)


def test_administrator_reads_the_forecast_and_sets_thresholds(page, live_server, demo_council):
    sign_in(page, live_server, "admin")
    follow_link(page, "Finance", within=page.get_by_role("navigation", name="Menu"))
    assert heading(page).startswith("Revenue forecast by directorate")
    assert "Council total" in page.locator("main").inner_text()

    select = page.locator("#month")
    tab_to(page, select)
    page.keyboard.type("September")
    press(page, "Show month")
    assert heading(page) == "Revenue forecast by directorate, September 2026"

    tab_to(page, page.get_by_role("link", name="Change the thresholds"))
    press_enter_to_navigate(page)
    assert heading(page) == "Finance thresholds"
    type_into(page, "Red from an overspend of (% of budget)", "0.5")
    press(page, "Save thresholds")
    assert "Red must start at or above amber (service)" in page.inner_text(".govuk-error-summary")
    type_into(page, "Red from an overspend of (% of budget)", "4")
    press(page, "Save thresholds")
    assert "Finance thresholds saved" in page.inner_text("body")
