"""A head of service keeps the revenue budget and savings up to date without leaving the
Resources page: adds a budget line (a mistake shown in the row, fixed), changes another, and
rates a saving's quarter; then on an action's page marks a milestone done and adds one, all
with the keyboard, axe checking the page after every change.
With JavaScript off the same links are pages."""

import re

from .steps import (
    focused_id,
    follow_link,
    heading,
    link,
    press_enter_in_place,
    press_enter_to_navigate,
    sign_in,
    tab_to,
    visit,
)
from .test_business_plan_journey import choose, draft_plan_of_head, success, type_date


def type_here(page, text: str) -> None:
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_head_adds_and_changes_budget_lines_and_savings_in_place(
    open_page, live_server, demo_council
):
    from planning.models import BudgetLine, Saving, ServiceAction

    plan = draft_plan_of_head()
    first = BudgetLine.objects.filter(plan=plan).order_by("pk").first()
    resources = f"{live_server.url}/plans/service/{plan.pk}/resources/"
    head = open_page()
    sign_in(head, live_server, "head")
    visit(head, resources)
    table = head.locator("#budget-lines")

    # Add a line: the form opens inside the table, focus in its first field.
    tab_to(head, link(table, "Add a budget line"))
    press_enter_in_place(head, table.locator("#budget-line-new"))
    assert head.url.split("#")[0] == resources
    assert focused_id(head) == "id_purpose"
    head.keyboard.type("Pocket park maintenance")
    head.keyboard.press("Tab")
    head.keyboard.type("forty thousand")
    tab_to(head, table.get_by_role("button", name="Save budget line"))
    press_enter_in_place(head, table.locator(".govuk-error-summary"))
    assert "The budget must be a number, like 125000" in table.inner_text()
    assert table.get_by_label("What the money buys").input_value() == "Pocket park maintenance"
    assert not BudgetLine.objects.filter(purpose="Pocket park maintenance").exists()
    # The error summary's link takes focus to the field.
    tab_to(head, table.get_by_role("link", name="The budget must be a number, like 125000"))
    head.keyboard.press("Enter")
    assert focused_id(head) == "id_budget"
    type_here(head, "45000")
    tab_to(head, table.get_by_role("button", name="Save budget line"))
    press_enter_in_place(head, table.get_by_role("status"))
    assert "Budget line saved: Pocket park maintenance" in table.inner_text()
    assert BudgetLine.objects.get(purpose="Pocket park maintenance").budget == 45000
    assert head.url.split("#")[0] == resources

    # Change another line in place.
    tab_to(
        head, table.get_by_role("link", name=re.compile(rf"^Change\s+{re.escape(first.purpose)}$"))
    )
    press_enter_in_place(head, table.locator(f"#budget-line-{first.pk} form"))
    assert focused_id(head) == "id_purpose"
    tab_to(head, table.get_by_label("Budget this year (£)"))
    type_here(head, "123456")
    tab_to(head, table.get_by_role("button", name="Save budget line"))
    press_enter_in_place(head, table.get_by_role("status"))
    first.refresh_from_db()
    assert first.budget == 123456
    assert "£123,456" in table.inner_text()
    assert head.url.split("#")[0] == resources

    # A saving's quarterly RAG, in place too.
    saving = Saving.objects.filter(plan=plan).order_by("pk").first()
    rag = "red" if saving.q4_rag != "red" else "green"
    savings = head.locator("#savings")
    name = re.compile(rf"^Change\s+{re.escape(saving.name)}$")
    tab_to(head, savings.get_by_role("link", name=name))
    press_enter_in_place(head, savings.locator(f"#saving-{saving.pk} form"))
    choose(head, "id_q4_rag", rag.capitalize())
    tab_to(head, savings.get_by_role("button", name="Save saving"))
    press_enter_in_place(head, savings.get_by_role("status"))
    saving.refresh_from_db()
    assert saving.q4_rag == rag
    assert head.url.split("#")[0] == resources

    # Milestones on an action's page: one marked done, one added, in place.
    action = ServiceAction.objects.filter(plan=plan, milestones__done=False).first()
    milestone = action.milestones.filter(done=False).first()
    page_url = f"{live_server.url}/actions/{action.pk}/"
    visit(head, page_url)
    milestones = head.locator("#milestones")
    done = re.compile(rf"^Mark as done\W+{re.escape(milestone.title)}$")
    tab_to(head, milestones.get_by_role("button", name=done))
    press_enter_in_place(head, milestones.get_by_role("status"))
    milestone.refresh_from_db()
    assert milestone.done
    tab_to(head, milestones.get_by_label("Milestone", exact=True))
    head.keyboard.type("Tell residents")
    type_date(head, "id_due_date", 1, 2, 2027)
    tab_to(head, milestones.get_by_role("button", name="Add milestone"))
    press_enter_in_place(head, milestones.get_by_role("status"))
    assert action.milestones.filter(title="Tell residents").exists()
    assert head.url == page_url


def test_without_javascript_budget_lines_are_added_on_their_own_page(
    open_page, live_server, demo_council
):
    from planning.models import BudgetLine

    plan = draft_plan_of_head()
    head = open_page(javascript=False)
    sign_in(head, live_server, "head")
    visit(head, f"{live_server.url}/plans/service/{plan.pk}/resources/")
    follow_link(head, "Add a budget line")
    assert "Add a budget line" in heading(head)
    tab_to(head, head.get_by_label("What the money buys"))
    head.keyboard.type("Play area repairs")
    tab_to(head, head.get_by_label("Budget this year (£)"))
    head.keyboard.type("9000")
    tab_to(head, head.get_by_role("button", name="Save budget line"))
    press_enter_to_navigate(head)
    assert "Budget line saved" in success(head)
    assert head.url.endswith(f"/plans/service/{plan.pk}/resources/")
    assert BudgetLine.objects.filter(plan=plan, purpose="Play area repairs").exists()

    # Entered by mistake: removed after a page that shows it and asks first.
    follow_link(head, "Remove Play area repairs")
    assert "Remove this budget line?" in heading(head)
    tab_to(head, head.get_by_role("button", name="Remove budget line Play area repairs"))
    press_enter_to_navigate(head)
    assert "Budget line ‘Play area repairs’ removed" in success(head)
    assert not BudgetLine.objects.filter(plan=plan, purpose="Play area repairs").exists()
