"""Home's work lists: a head of service finds a returned plan and opens it in one click; a
performance lead sees who is missing this quarter's updates and opens the list of them.
Keyboard only, every page checked with axe."""

from .steps import follow_link, heading, sign_in, visit


def returned_next_year_plan():
    """Head's service's plan for next year, submitted and returned by the lead."""
    from planning import services
    from planning.models import FinancialYear, Person, PlanStatus, ServicePlan

    head, lead = Person.objects.get(username="head"), Person.objects.get(username="lead")
    service = head.roles.exclude(service=None).first().service
    current = FinancialYear.objects.current()
    year, _ = FinancialYear.objects.get_or_create(start_year=current.start_year + 1)
    plan, _ = ServicePlan.objects.get_or_create(
        year=year, service=service, defaults={"status": PlanStatus.DRAFT}
    )
    services.plan_submit(plan=plan, actor=head)
    services.plan_return(
        plan=plan, actor=lead, feedback="Add the savings for the new depot and who leads them"
    )
    return plan


def test_head_of_service_opens_a_returned_plan_from_home(page, live_server, demo_council):
    plan = returned_next_year_plan()
    sign_in(page, live_server, "head")
    visit(page, f"{live_server.url}/")
    work = page.locator(".gt-work-lists")
    assert f"Returned: {plan.year} plan" in work.inner_text()
    assert "Add the savings for the new depot" in work.inner_text()
    menu = page.get_by_role("navigation", name="Menu")
    assert "things to do" in menu.inner_text() or "thing to do" in menu.inner_text()

    follow_link(page, f"Returned: {plan.year} plan", within=work)
    assert page.url.endswith(plan.get_absolute_url())
    assert str(plan.year) in heading(page)


def an_action_missing_its_update():
    """An action in the lead's portfolio, in this year's plan, with no update at all."""
    from planning.models import FinancialYear, Person, ServiceAction, ServicePlan

    lead = Person.objects.get(username="lead")
    portfolio = lead.roles.exclude(portfolio=None).get().portfolio
    year = FinancialYear.objects.current()
    plan = ServicePlan.objects.filter(year=year, service__portfolio=portfolio).first()
    officer = Person.objects.get(username="manager")
    return ServiceAction.objects.create(
        plan=plan,
        ref="WL-1",
        title="Chase the missing quarterly update",
        lead=officer,
        start_date=year.starts,
        due_date=year.ends,
    )


def test_performance_lead_sees_who_is_missing_this_quarters_updates(
    page, live_server, demo_council
):
    from core.clock import today
    from core.periods import quarter_label
    from planning.models import FinancialYear

    action = an_action_missing_its_update()
    year = FinancialYear.objects.current()
    label = quarter_label(year.start_year, year.quarter_of(today()))
    sign_in(page, live_server, "lead")
    visit(page, f"{live_server.url}/")
    work = page.locator(".gt-work-lists")
    assert f"Updates missing in your portfolio ({label})" in work.inner_text()
    group = f"{action.plan.service.name}: {action.lead.get_full_name()}"
    assert group in work.inner_text()

    follow_link(page, group, within=work)
    assert heading(page).endswith(f"Missing updates: {action.plan.service.name}")
    table = page.get_by_role("table")
    assert "Chase the missing quarterly update" in table.inner_text()
    assert action.lead.get_full_name() in table.inner_text()

    follow_link(page, "Every service")
    assert "Chase the missing quarterly update" in page.get_by_role("table").inner_text()
