"""A director keeps their directorate's plan on a page with the keyboard alone: adds a
priority up the golden thread, a key programme, changes a priority, reads the services'
top improvements and opens the printable page. Every page is checked with axe."""

import re

from .steps import follow_link, heading, press_enter_to_navigate, sign_in, tab_to


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


def test_director_keeps_the_plan_on_a_page_and_prints_it(open_page, live_server, demo_council):
    from planning.models import DeliveryActivity, DirectoratePlan, Person, Role

    director = Person.objects.get(username="director")
    directorate = director.roles.get(role=Role.DIRECTOR).directorate
    plan = DirectoratePlan.objects.get(directorate=directorate, year__is_current=True)
    activity = DeliveryActivity.objects.filter(plan__year=plan.year).order_by("ref").first()

    page = open_page()
    sign_in(page, live_server, "director")
    follow_link(page, str(plan))
    assert "plan on a page" in heading(page)
    improvements = page.locator("table.gt-improvements").inner_text()
    assert "In the Delivery Plan" in improvements

    follow_link(page, "Add a priority")
    type_into(page, "Reference (optional)", "X-P1")
    type_into(page, "Priority", "Carers supported to keep caring")
    select = page.locator("#id_serves")
    tab_to(page, select)
    page.keyboard.type(str(activity))
    assert select.evaluate("s => s.options[s.selectedIndex].text") == str(activity)
    press(page, "Save priority")
    assert "Priority saved" in success(page)

    follow(page, r"^Change\s+priority X-P1 Carers supported")
    type_into(page, "Priority", "Carers supported to keep caring, and to have a life")
    press(page, "Save priority")
    assert "Priority saved" in success(page)
    follow(page, r"^History\s+of priority X-P1")
    assert "Priority changed" in page.locator("main").inner_text()
    follow_link(page, str(plan))

    follow_link(page, "Add a key programme")
    type_into(page, "Programme", "Carers' breaks")
    type_into(page, "What it will deliver this year (optional)", "200 more short breaks.")
    press(page, "Save programme")
    assert "Key programme saved" in success(page)

    follow_link(page, "Printable version (one A4 page)")
    text = page.locator("main").inner_text()
    assert "Carers supported to keep caring, and to have a life" in text
    assert "Carers' breaks" in text
    assert "Services' top improvements" in text
    follow_link(page, "Back to the plan")

    priority = plan.items.get(ref="X-P1")
    assert priority.serves_activity == activity
    assert plan.programmes.filter(name="Carers' breaks").exists()
