"""Importing a service's workbook with the keyboard alone, every page checked with axe: a
performance lead downloads the head of service's plan as a workbook, adds an action with a
mistake, reads the dry run naming the sheet, row and column, fixes the file, imports it and
sees the new action on the plan."""

import io

from openpyxl import load_workbook

from .steps import follow_link, heading, press_enter_to_navigate, sign_in, tab_to, visit


def press(page, button: str) -> None:
    tab_to(page, page.get_by_role("button", name=button, exact=True))
    press_enter_to_navigate(page)


def the_plan():
    from planning.models import FinancialYear, Person, ServicePlan

    service = Person.objects.get(username="head").service
    return ServicePlan.objects.get(service=service, year=FinancialYear.objects.current())


def workbook_with_new_action(plan, due: str) -> bytes:
    from planning.workbook.export import plan_workbook

    book = load_workbook(io.BytesIO(plan_workbook(plan)))
    sheet = book["Delivery plan"]
    headings = [cell.value for cell in sheet[1]]
    row = [""] * len(headings)
    row[headings.index("Reference")] = "IMP-1"
    row[headings.index("Action")] = "Open a community café in the park"
    row[headings.index("Original due date")] = due
    sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_performance_lead_imports_a_services_workbook(page, live_server, demo_council, tmp_path):
    plan = the_plan()
    sign_in(page, live_server, "lead")
    visit(page, plan.get_absolute_url())
    follow_link(page, "Import a workbook into this plan", within=page.locator("main"))
    assert heading(page) == "Import a workbook into this plan"

    broken = tmp_path / "plan.xlsx"
    broken.write_bytes(workbook_with_new_action(plan, "31 November 2026"))
    page.get_by_label("Upload the plan's workbook").set_input_files(broken)
    press(page, "Check the file")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "nothing has been imported" in summary
    assert "Delivery plan, row" in summary
    assert "(original due date): 31 November 2026 is not a date: November has 30 days" in summary

    fixed = tmp_path / "plan-fixed.xlsx"
    fixed.write_bytes(workbook_with_new_action(plan, "30/11/2026"))
    page.get_by_label("Upload the plan's workbook").set_input_files(fixed)
    press(page, "Check the file")
    assert "1 will be added, 0 changed" in page.locator("#import-summary").inner_text()
    assert "Will be added" in page.locator("#dry-run").inner_text()
    press(page, "Import 1 change")
    assert "Workbook imported: 1 record added or changed" in page.inner_text("body")
    assert "Open a community café in the park" in page.locator("main").inner_text()
