"""A member of staff writes their Personal Development Plan and their line manager
reviews it, with the keyboard alone and every page checked with axe; a colleague outside
the line-management chain is told nothing."""

import re

from .steps import follow_link, press_enter_to_navigate, sign_in, tab_to, visit


def type_into(page, label: str, text: str) -> None:
    tab_to(page, page.get_by_label(label, exact=True).first)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def press(page, button: str) -> None:
    tab_to(page, page.get_by_role("button", name=button, exact=True))
    press_enter_to_navigate(page)


def follow(page, pattern: str) -> None:
    tab_to(page, page.get_by_role("link", name=re.compile(pattern)))
    press_enter_to_navigate(page)


def success(page) -> str:
    return " ".join(page.locator(".govuk-notification-banner--success").inner_text().split())


def test_staff_write_their_pdp_the_manager_reviews_it_and_others_see_nothing(
    open_page, live_server, demo_council
):
    from planning.models import FinancialYear, Person, ServiceAction

    staff_person = Person.objects.get(username="staff")
    pdp = staff_person.pdps.get(year=FinancialYear.objects.current())
    action = (
        ServiceAction.objects.filter(plan__service=staff_person.service, plan__year=pdp.year)
        .order_by("-ref")
        .first()
    )

    staff = open_page()
    sign_in(staff, live_server, "staff")
    follow(staff, r"^Your PDP for ")
    follow_link(staff, "Add an objective")
    type_into(staff, "Objective", "Run the volunteer induction for the new sites")
    select = staff.locator("#id_serves")
    tab_to(staff, select)
    staff.keyboard.type(str(action))
    assert select.evaluate("s => s.options[s.selectedIndex].text") == str(action)
    press(staff, "Save objective")
    assert "Objective saved" in success(staff)
    assert "Run the volunteer induction" in staff.locator("table").first.inner_text()

    follow(staff, r"^Change\s+mid-year review notes$")
    type_into(staff, "Mid-year review notes", "Induction pack drafted; first session in January.")
    press(staff, "Save")
    assert "Mid-year review notes saved" in success(staff)

    manager = open_page()
    sign_in(manager, live_server, "manager")
    visit(manager, pdp.get_absolute_url())
    assert "Induction pack drafted" in manager.locator(".govuk-summary-list").inner_text()
    follow(manager, r"^Change\s+year-end review notes$")
    type_into(manager, "Year-end review notes", "Induction delivered to 40 volunteers.")
    press(manager, "Save")
    assert "Year-end review notes saved" in success(manager)
    follow_link(manager, "History of this plan")
    assert "Year-end review notes saved" in manager.locator("main").inner_text()

    pdp.refresh_from_db()
    objective = pdp.items.get(title="Run the volunteer induction for the new sites")
    assert objective.serves_action == action
    assert pdp.mid_year_review.startswith("Induction pack drafted")
    assert pdp.year_end_review == "Induction delivered to 40 volunteers."

    # A colleague who sees every business plan still cannot open a PDP.
    colleague = open_page()
    sign_in(colleague, live_server, "lead")
    for path in (pdp.get_absolute_url(), f"/plans/pdp/{pdp.pk}/mid-year/"):
        assert visit(colleague, path).status == 404
        assert colleague.locator("h1").inner_text() == "Page not found"
