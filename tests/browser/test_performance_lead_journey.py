"""A performance lead looks for orphans and browses the organisation; an administrator
reaches the admin. Keyboard only, every page checked with axe."""

from .steps import follow_link, heading, press_enter_to_navigate, sign_in, tab_to


def leads_service():
    """A service in the lead's portfolio, and its directorate."""
    from planning.models import Person, Service

    lead = Person.objects.get(username="lead")
    portfolio = lead.roles.exclude(portfolio=None).get().portfolio
    service = Service.objects.filter(portfolio=portfolio).select_related("directorate").first()
    return service


def test_performance_lead_finds_orphans_and_browses_services(page, live_server, demo_council):
    service = leads_service()
    sign_in(page, live_server, "lead")

    menu = page.get_by_role("navigation", name="Menu")
    follow_link(page, "Orphans", within=menu)
    assert heading(page).endswith("Items that serve nothing")
    tab_to(page, page.get_by_role("button", name="Show orphans"))
    press_enter_to_navigate(page)
    assert "?year=" in page.url

    follow_link(page, "Directorates and services", within=menu)
    follow_link(page, service.directorate.name, within=page.locator("main"))
    assert service.directorate.name in heading(page)

    follow_link(page, service.name, within=page.get_by_role("table"))
    assert heading(page) == f"Service {service.name}"
    assert "Service business plans" in page.inner_text("main")


def test_administrator_reaches_the_admin(page, live_server, demo_council):
    sign_in(page, live_server, "admin")
    follow_link(page, "Administration", within=page.get_by_role("navigation", name="Menu"))
    assert page.url.endswith("/admin/")
