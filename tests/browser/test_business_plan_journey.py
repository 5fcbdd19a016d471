"""A head of service writes and submits their business plan, the performance lead returns
it with feedback and then signs it off, and the head posts quarterly updates: all with the
keyboard alone, every page checked with axe (WCAG 2.2 AA) by the steps in steps.py."""

import re

from .steps import (
    follow_link,
    heading,
    press_enter_in_place,
    press_enter_to_navigate,
    sign_in,
    tab_to,
    visit,
)

FEEDBACK = "Add a milestone to each new action, then resubmit."


def draft_plan_of_head():
    """Head's demo plan, put back to draft as if it were March (nothing signed off yet)."""
    from planning.models import FinancialYear, Person, PlanReview, PlanStatus, ServicePlan

    head = Person.objects.get(username="head")
    plan = ServicePlan.objects.get(service=head.service, year=FinancialYear.objects.current())
    PlanReview.objects.filter(plan=plan).delete()
    ServicePlan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.DRAFT, signed_off_at=None, last_edited_by=None
    )
    return plan


def type_into(page, label: str, text: str, *, exact: bool = True) -> None:
    """Tab to the field labelled `label`, clear it and type."""
    tab_to(page, page.get_by_label(label, exact=exact).first)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def type_date(page, legend_field_id: str, day: int, month: int, year: int) -> None:
    tab_to(page, page.locator(f"#{legend_field_id}_0"))
    for value in (day, month, year):
        page.keyboard.press("Control+A")
        page.keyboard.type(str(value))
        page.keyboard.press("Tab")


def choose(page, field_id: str, option_text: str) -> None:
    """Pick an option of a select with the keyboard: focus it and type the option's start."""
    select = page.locator(f"#{field_id}")
    tab_to(page, select)
    page.keyboard.type(option_text)
    chosen = select.evaluate("s => s.options[s.selectedIndex].text")
    assert chosen.startswith(option_text), f"{field_id}: typed {option_text!r}, got {chosen!r}"


def press(page, button: str) -> None:
    tab_to(page, page.get_by_role("button", name=button, exact=True))
    press_enter_to_navigate(page)


def follow(page, pattern: str) -> None:
    """Follow the link whose accessible name matches `pattern` (links whose name includes
    visually hidden words may be read with extra spaces)."""
    tab_to(page, page.get_by_role("link", name=re.compile(pattern)))
    press_enter_to_navigate(page)


def success(page) -> str:
    return " ".join(page.locator(".govuk-notification-banner--success").inner_text().split())


def test_head_writes_and_submits_the_plan_lead_returns_then_signs_off(
    open_page, live_server, demo_council, settings
):
    from planning.models import ActionUpdate, DirectoratePriority, PlanStatus, ServiceAction

    settings.PLANNING_TODAY = "2026-11-23"
    plan = draft_plan_of_head()
    priority = (
        DirectoratePriority.objects.filter(
            plan__directorate=plan.service.directorate, plan__year=plan.year
        )
        .order_by("ref")
        .first()
    )
    head_name = str(plan.service.staff.get(username="head"))

    head = open_page()
    sign_in(head, live_server, "head")
    visit(head, plan.get_absolute_url())

    # Self-assessment: write the leadership narrative.
    follow_link(head, "Self-assessment")
    tab_to(
        head,
        head.get_by_role("link", name=re.compile(r"^(Change|Write) Leadership and governance$")),
    )
    press_enter_to_navigate(head)
    type_into(head, "Leadership and governance", "A settled team with a clear plan.")
    press(head, "Save")
    assert "Leadership and governance saved" in success(head)
    follow_link(head, "History of Leadership and governance")
    assert "A settled team with a clear plan." in head.locator(".gt-timeline").inner_text()
    follow_link(head, "Self-assessment")  # back by the breadcrumbs

    # Delivery plan: an impact and two actions under it, linked up the golden thread.
    follow_link(head, "Delivery plan")
    follow_link(head, "Add an impact")
    type_into(head, "Impact sought", "Residents can reach a green space within ten minutes")
    press(head, "Save impact")
    assert "Impact saved" in success(head)
    for title in ("Open two pocket parks", "Publish a green spaces map"):
        follow_link(head, "Delivery plan")
        follow_link(head, "Add an action")
        type_into(head, "Action", title)
        choose(head, "id_impact", "Residents can reach")
        choose(head, "id_lead", head_name)
        type_date(head, "id_start_date", 1, 11, 2026)
        type_date(head, "id_due_date", 31, 3, 2027)
        choose(head, "id_serves", str(priority))
        press(head, "Save action")
        assert "Action saved" in success(head)
    new_actions = list(
        ServiceAction.objects.filter(
            plan=plan,
            impact__plan=plan,
            title__in=["Open two pocket parks", "Publish a green spaces map"],
        )
    )
    assert [a.serves for a in new_actions] == [priority, priority]

    # Resources: a budget line. Assurance: the checklist.
    follow_link(head, "Resources")
    tab_to(head, head.get_by_role("link", name="Add a budget line", exact=True))
    press_enter_in_place(head, head.locator("#budget-line-new"))  # opens in the table
    type_into(head, "What the money buys", "Pocket park maintenance")
    type_into(head, "Budget this year (£)", "45000")
    tab_to(head, head.get_by_role("button", name="Save budget line", exact=True))
    press_enter_in_place(head, head.get_by_role("status"))
    assert "Budget line saved" in head.get_by_role("status").inner_text()
    follow_link(head, "Assurance")
    follow_link(head, "Answer or change the checklist")
    type_into(head, "Evidence", "Risk register reviewed at the November team meeting.")
    press(head, "Save assurance")
    assert "Assurance checklist saved" in success(head)
    # The checklist's history reads question by question, not as stored.
    follow_link(head, "History of the checklist and its dates")
    latest = head.locator(".gt-timeline__entry").first.inner_text()
    assert "Evidence for “Are the service's risks identified" in latest
    assert "→ Risk register reviewed at the November team meeting." in latest
    follow_link(head, "Assurance")

    # Check and submit.
    follow_link(head, "Overview")
    follow_link(head, "Check and submit for sign-off")
    assert "Check your plan before submitting it" in heading(head)
    press(head, "Submit for sign-off")
    assert "Plan submitted for sign-off" in success(head)

    # The performance lead returns it with feedback.
    lead = open_page()
    sign_in(lead, live_server, "lead")
    follow_link(lead, "QA queue")
    follow(lead, rf"^{re.escape(str(plan.service))}\s*: sign off or return$")
    type_into(lead, "Feedback for the head of service", FEEDBACK)
    press(lead, "Return plan with feedback")
    assert "returned to the head of service" in success(lead)

    # The head sees the feedback at the top, fixes the plan and resubmits.
    visit(head, plan.get_absolute_url())
    assert FEEDBACK in head.locator(".govuk-notification-banner").first.inner_text()
    for action in new_actions:
        visit(head, f"/actions/{action.pk}/")
        type_into(head, "Milestone", "Site agreed")
        type_date(head, "id_due_date", 15, 1, 2027)
        milestones = head.locator("#milestones")  # added in place (htmx)
        tab_to(head, milestones.get_by_role("button", name="Add milestone"))
        press_enter_in_place(head, milestones.get_by_role("status"))
        assert "Milestone added" in milestones.get_by_role("status").inner_text()
    visit(head, plan.get_absolute_url())
    follow_link(head, "Resubmit for sign-off")
    press(head, "Submit for sign-off")

    # The lead signs it off.
    follow_link(lead, "QA queue")
    follow(lead, rf"^{re.escape(str(plan.service))}\s*: sign off or return$")
    press(lead, "Sign off the plan")
    assert "Plan signed off" in success(lead)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SIGNED_OFF

    # Quarterly updates: red with commentary and recovery action, blue with its date.
    follow_link(head, "My updates")
    follow(head, r"^Post update\s+for Open two pocket parks$")
    tab_to(head, head.get_by_role("radio").first)
    head.keyboard.press("ArrowDown")
    head.keyboard.press("ArrowDown")  # Green → Amber → Red
    type_into(head, "Commentary", "The preferred site failed its survey.")
    type_into(head, "Recovery action", "Second site surveyed in December.")
    press(head, "Post update")
    assert "Update posted" in success(head)
    follow(head, r"^Post update\s+for Publish a green spaces map$")
    tab_to(head, head.get_by_role("radio").first)
    for _ in range(3):
        head.keyboard.press("ArrowDown")  # → Blue
    type_date(head, "id_completed_on", 20, 11, 2026)
    press(head, "Post update")
    assert "Update posted" in success(head)
    rags = dict(
        ActionUpdate.objects.filter(action__in=new_actions).values_list("action__title", "rag")
    )
    assert rags == {"Open two pocket parks": "red", "Publish a green spaces map": "blue"}
