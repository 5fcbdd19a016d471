"""A performance lead previews who is missing a Q3 update in their portfolio and chases them
in one action; the head of service finds the chaser among their notifications, counted in
the menu. Keyboard only, every page checked with axe."""

import re

from .steps import follow_link, heading, press_enter_to_navigate, sign_in, tab_to, visit


def arrange_missing_q3_update():
    """Head's plan this year is live, in the lead's portfolio, with an action head leads and
    no Q3 update on it: what the chaser is for."""
    from planning.models import ActionUpdate, FinancialYear, Person, PlanStatus, ServicePlan

    head, lead = Person.objects.get(username="head"), Person.objects.get(username="lead")
    portfolio = lead.roles.exclude(portfolio=None).first().portfolio
    service = head.service
    service.portfolio = portfolio
    service.save()
    plan = ServicePlan.objects.get(service=service, year=FinancialYear.objects.current())
    ServicePlan.objects.filter(pk=plan.pk).update(status=PlanStatus.PUBLISHED)
    action = plan.items.order_by("pk").first()
    type(action).objects.filter(pk=action.pk).update(lead=head)
    ActionUpdate.objects.filter(action__plan=plan, quarter=3).delete()
    return head, action


def test_a_lead_chases_q3_updates_and_the_head_of_service_sees_it(
    open_page, live_server, demo_council
):
    head, action = arrange_missing_q3_update()
    lead_page = open_page()
    sign_in(lead_page, live_server, "lead")
    follow_link(lead_page, "Chase updates", within=lead_page.get_by_role("navigation", name="Menu"))
    assert heading(lead_page) == "Chase missing updates"

    # No quarter is chosen yet: Tab reaches the first radio, the arrow keys move to Q3.
    tab_to(lead_page, lead_page.get_by_role("radio").first)
    lead_page.keyboard.press("ArrowDown")
    lead_page.keyboard.press("ArrowDown")
    assert lead_page.get_by_role("radio", name="Quarter 3 (October to December)").is_checked()
    tab_to(lead_page, lead_page.get_by_role("button", name="Preview who is chased"))
    press_enter_to_navigate(lead_page)
    preview = lead_page.get_by_role("table")
    assert str(head) in preview.inner_text()
    assert action.title in preview.inner_text()

    tab_to(lead_page, lead_page.get_by_role("button", name=re.compile(r"^Send chaser to")))
    press_enter_to_navigate(lead_page)
    assert re.search(r"sent to \d+ (person|people)", lead_page.inner_text("main"))

    head_page = open_page()
    sign_in(head_page, live_server, "head")
    menu = head_page.get_by_role("navigation", name="Menu")
    notifications = menu.get_by_role("link", name=re.compile(r"^Notifications\s+1\s+unread$"))
    tab_to(head_page, notifications)
    press_enter_to_navigate(head_page)
    assert heading(head_page) == "Notifications"
    assert "Please post your Q3" in head_page.inner_text("main")

    # The head chooses a weekly digest for chasers, then stops them from an email's link.
    follow_link(head_page, "Choose how you are told of each kind", within=head_page.locator("main"))
    assert heading(head_page) == "Notification settings"
    chasers = head_page.get_by_role("group", name="Reminder from a performance lead")
    tab_to(head_page, chasers.get_by_role("radio", checked=True))
    head_page.keyboard.press("ArrowDown")
    head_page.keyboard.press("ArrowDown")  # email at once → daily → weekly
    assert chasers.get_by_role("radio", name="Email in a weekly digest").is_checked()
    tab_to(head_page, head_page.get_by_role("button", name="Save settings"))
    press_enter_to_navigate(head_page)
    assert "Your notification settings are saved" in head_page.inner_text("main")

    from planning.models import NotificationKind
    from planning.services.email import unsubscribe_token

    token = unsubscribe_token(person_id=head.pk, kind=NotificationKind.CHASER)
    visit(head_page, f"{live_server.url}/notifications/stop/{token}/")
    tab_to(head_page, head_page.get_by_role("button", name="Stop these emails"))
    press_enter_to_navigate(head_page)
    assert "Emails stopped" in heading(head_page)
