"""Home's work lists for each role, the menu's count and the missing-updates page.

Today is 23 November 2026: quarter 3 of 2026/27, the eighth month of the year."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from audit import services as audit_services
from planning import services
from planning.models import FinancialYear, PlanStatus, Role
from planning.selectors.worklists import missing_updates
from risk.models import Risk
from tests import factories as f
from tests.audit.world import build_audit_world
from tests.performance.world import build_performance
from tests.risk.world import build_risk_world

pytestmark = pytest.mark.django_db

TODAY = "2026-11-23"


@pytest.fixture(autouse=True)
def _today(settings):
    settings.PLANNING_TODAY = TODAY


def work(response) -> str:
    """The "Your work" part of Home."""
    html = response.content.decode()
    assert response.status_code == 200
    if 'id="your-work"' not in html:
        return ""
    return html.split('id="your-work"', 1)[1].split("<!-- end of work lists -->", 1)[0]


def home(client_for, persona: str) -> str:
    return work(client_for(persona).get(reverse("planning:home")))


def returned(world, feedback="Say how the savings will be made and who leads the pool works"):
    plan = world.service_plan
    services.plan_submit(plan=plan, actor=world.people["head"])
    services.plan_return(plan=plan, actor=world.people["lead"], feedback=feedback)
    return plan


@pytest.mark.parametrize(
    ("part", "month", "written", "owed"),
    [
        ("mid-year", 6, False, None),  # September: not yet
        ("mid-year", 7, False, "due"),  # October
        ("mid-year", 8, False, "late"),  # November on
        ("mid-year", 12, False, "late"),
        ("mid-year", 9, True, None),  # written
        ("year-end", 11, False, None),  # February: not yet
        ("year-end", 12, False, "due"),  # March
        ("year-end", 12, True, None),
    ],
)
def test_when_a_pdp_review_is_owed(part, month, written, owed):
    from planning.delivery_rules import pdp_review_state

    assert pdp_review_state(part=part, month_of_year=month, written=written) == owed


# --- head of service ------------------------------------------------------------------------


def test_a_returned_plan_shows_on_home_with_the_feedback_and_a_link(client_for, world):
    plan = returned(world)
    html = home(client_for, "head")
    assert "Returned: 2026/27 plan" in html
    assert "Say how the savings will be made" in html
    assert f'href="{plan.get_absolute_url()}"' in html
    # Another service's head never sees it.
    assert "Returned: 2026/27 plan" not in home(client_for, "other_head")


def test_next_years_draft_plan_shows_for_its_service_only(client_for, world):
    next_year = f.FinancialYearFactory(start_year=2027)
    plan = f.ServicePlanFactory(year=next_year, service=world.service, status=PlanStatus.DRAFT)
    html = home(client_for, "head")
    assert "Draft: 2027/28 plan" in html
    assert f'href="{plan.get_absolute_url()}"' in html
    assert "2027/28" not in home(client_for, "other_head")


def test_an_action_whose_update_is_late_is_listed_for_its_service(client_for, world):
    html = home(client_for, "head")
    assert "Quarterly updates due or late" in html
    assert "Replant the park" in html
    assert "Late" in html
    assert reverse("planning:action-detail", args=[world.action.pk]) in html
    assert "Replant the park" not in home(client_for, "other_head")


def test_an_update_posted_this_quarter_clears_it(client_for, world):
    services.update_post(
        action=world.action, actor=world.people["head"], rag="green", on=dt.date(2026, 11, 2)
    )
    assert "Replant the park" not in home(client_for, "head")


def test_indicator_values_due_or_late_for_the_service_only(client_for, world):
    build_performance(world)
    html = home(client_for, "head")
    assert "Indicator values due or late" in html
    assert "PK-01" in html
    assert "October 2026 (due)" in html
    assert "September 2026 (late)" in html
    assert "LB-01" not in html
    other = home(client_for, "other_head")
    assert "LB-01" in other
    assert "PK-01" not in other


def test_risk_reviews_due_for_their_registers_only(client_for, world):
    r = build_risk_world(world)
    Risk.objects.filter(pk=r.risk.pk).update(next_review_date=dt.date(2026, 11, 1))
    Risk.objects.filter(pk=r.other_risk.pk).update(next_review_date=dt.date(2026, 11, 1))
    Risk.objects.exclude(pk__in=[r.risk.pk, r.other_risk.pk]).update(
        next_review_date=dt.date(2027, 6, 1)
    )
    html = home(client_for, "head")
    assert "Tree disease spreads" in html
    assert "Overdue" in html
    assert "Library roof fails" not in html
    assert "Library roof fails" in home(client_for, "other_head")


def test_recommendations_due_and_extensions_decided(client_for, world):
    a = build_audit_world(world)
    audit_services.extension_decide(extension=a.extension, actor=world.people["lead"], approve=True)
    a.rec.refresh_from_db()
    html = home(client_for, "head")
    assert "Extension approved: GM-1" in html
    assert reverse("audit:recommendation-detail", args=[a.rec.pk]) in html
    assert "GM-2" not in html


# --- performance lead ---------------------------------------------------------------------


def test_the_lead_sees_plans_for_qa_and_who_is_missing_updates(client_for, world):
    services.plan_submit(plan=world.service_plan, actor=world.people["head"])
    html = home(client_for, "lead")
    assert "Plans submitted for QA" in html
    assert reverse("planning:plan-review", args=[world.service_plan.pk]) in html
    assert "Updates missing in your portfolio" in html
    assert f"Parks: {world.people['head'].get_full_name()}" in html
    missing = reverse("planning:missing-updates")
    assert f"{missing}?quarter=3&amp;service={world.service.pk}" in html
    # Libraries is not in the lead's portfolio.
    assert "Libraries:" not in html


def test_the_lead_sees_extensions_to_decide(client_for, world):
    a = build_audit_world(world)
    html = home(client_for, "lead")
    assert "Extensions to decide" in html
    assert reverse("audit:extension-decide", args=[a.extension.pk]) in html
    assert "Extensions to decide" not in home(client_for, "head")


def test_the_lead_sees_values_the_plausibility_checks_question(client_for, world):
    p = build_performance(world)
    for month, value in ((dt.date(2026, 8, 1), "80"), (dt.date(2026, 9, 1), "8")):
        p.percent.values.create(month=month, value=value)
    html = home(client_for, "lead")
    assert "Values to check" in html
    assert "PK-01 Park users satisfied: September 2026" in html


# --- director and staff ---------------------------------------------------------------------


def test_the_director_sees_their_services_status_but_not_others(client_for, world):
    html = home(client_for, "director")
    assert "Your services" in html
    assert "Parks: 2026/27 plan" in html
    assert "red actions this quarter" in html
    assert "Libraries" not in html


def test_the_director_sees_red_indicators_in_their_services(client_for, world):
    p = build_performance(world)
    p.percent.values.create(month=dt.date(2026, 10, 1), value="20")
    html = home(client_for, "director")
    assert "Red indicators in your services" in html
    assert "Parks: 1 red indicator" in html
    assert "Libraries" not in html


def test_staff_and_their_manager_see_pdp_reviews(client_for, world):
    html = home(client_for, "staff")
    assert "Mid-year review: your PDP" in html
    assert reverse("planning:pdp-part-edit", args=[world.pdp.pk, "mid-year"]) in html
    manager = home(client_for, "manager")
    assert f"Mid-year review: {world.people['staff'].get_full_name()}&#x27;s PDP" in manager
    assert world.people["staff"].get_full_name() not in home(client_for, "other_head")


def test_a_written_review_is_no_longer_owed(client_for, world):
    world.pdp.mid_year_review = "Going well"
    world.pdp.save()
    assert "Mid-year review: your PDP" not in home(client_for, "staff")


# --- links only where the reader may follow -------------------------------------------------


@pytest.mark.parametrize("persona", ["head", "manager", "staff", "lead", "director", "ad"])
def test_every_link_in_the_work_lists_opens(client_for, world, persona):
    returned(world)
    build_performance(world)
    build_risk_world(world)
    build_audit_world(world)
    client = client_for(persona)
    html = work(client.get(reverse("planning:home")))
    links = set(re.findall(r'href="([^"]+)"', html))
    assert links, persona
    for link in links:
        assert client.get(link.replace("&amp;", "&")).status_code == 200, (persona, link)


# --- the menu's count -----------------------------------------------------------------------


def menu(response) -> str:
    html = response.content.decode()
    return html[html.index('id="navigation"') : html.index("</nav>")]


def test_the_menu_counts_the_work_and_follows_a_write(client_for, world, settings):
    settings.PAGE_CACHE = True
    client = client_for("head")
    page = reverse("planning:directorate-list")
    before = re.search(r"Home \((\d+)", menu(client.get(page)))
    assert before, "the menu shows a count"
    assert "things to do</span>" in menu(client.get(page)) or "thing to do</span>" in menu(
        client.get(page)
    )
    returned(world)  # one more thing to do: the returned plan
    after = re.search(r"Home \((\d+)", menu(client.get(page)))
    assert int(after.group(1)) == int(before.group(1)) + 1
    # Home agrees with the menu.
    home_page = client.get(reverse("planning:home"))
    assert f"Home ({after.group(1)}" in menu(home_page)


def test_someone_with_nothing_to_do_sees_no_count(client_for, world):
    assert "Home (" not in menu(client_for("board").get(reverse("planning:directorate-list")))


# --- the missing-updates page ---------------------------------------------------------------


def test_the_missing_updates_page_lists_by_quarter_with_how_late(client_for, world):
    client = client_for("lead")
    url = reverse("planning:missing-updates")
    html = client.get(url, {"quarter": 2, "service": world.service.pk}).content.decode()
    assert "Replant the park" in html
    assert "Q2" in html or "quarter 2" in html.lower()
    # No update since the year began: late since Q1 ended on 30 June.
    assert "146 days" in html
    html = client.get(url, {"quarter": 3}).content.decode()
    assert "Replant the park" in html
    assert "146 days" in html
    services.update_post(
        action=world.action, actor=world.people["head"], rag="green", on=dt.date(2026, 9, 2)
    )
    html = client.get(url, {"quarter": 3}).content.decode()
    assert "Replant the park" in html
    assert "Not yet late" in html
    html = client.get(url, {"quarter": 2}).content.decode()
    assert "Replant the park" not in html


@pytest.mark.parametrize("query", [{"quarter": "x"}, {"quarter": "9"}, {"service": "99999"},
                                   {"service": "-1"}, {"quarter": "1" * 40},
                                   {"service": "²"}, {"quarter": "٣"}])  # fmt: skip
def test_the_missing_updates_page_takes_bad_filters_without_error(client_for, world, query):
    assert client_for("lead").get(reverse("planning:missing-updates"), query).status_code == 200


def test_the_missing_updates_page_applies_the_plans_reading_rule(client_for, world):
    # Leisure's plan is a draft: Libraries' head may not open it, nor see its actions here.
    html = client_for("other_head").get(reverse("planning:missing-updates")).content.decode()
    assert "Replant the park" not in html  # Parks' plan is a draft too
    rows = missing_updates(
        user=world.people["other_head"],
        year=FinancialYear.objects.get(start_year=2026),
        quarter=3,
        today=dt.date(2026, 11, 23),
    )
    assert {row.service for row in rows} == {"Libraries"}


# --- queries do not grow with the data ------------------------------------------------------


def grow(world, times: int) -> None:
    """More of everything each role's lists read: actions, plans, PDPs, indicators."""
    for _n in range(times):
        service = f.ServiceFactory(
            directorate=world.service.directorate, portfolio=world.service.portfolio
        )
        plan = f.ServicePlanFactory(year=world.year, service=service)
        f.ActionFactory(plan=plan, lead=world.people["head"])
        f.ActionFactory(plan=world.service_plan, lead=world.people["manager"])
        worker = f.PersonFactory(service=world.service, line_manager=world.people["manager"])
        f.PdpFactory(year=world.year, person=worker)
        f.RoleFactory(person=f.PersonFactory(), role=Role.HEAD_OF_SERVICE, service=service)


@pytest.mark.parametrize("persona", ["head", "lead", "director", "staff", "manager"])
def test_home_runs_the_same_queries_at_two_sizes(
    client_for, world, persona, django_assert_num_queries
):
    build_performance(world)
    build_audit_world(world)
    grow(world, 1)
    client = client_for(persona)
    url = reverse("planning:home")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    grow(world, 4)
    client = client_for(persona)
    with django_assert_num_queries(len(small)):
        client.get(url)


def test_a_service_filter_that_is_not_an_id_is_named_and_the_list_still_shown(client_for, world):
    response = client_for("lead").get(reverse("planning:missing-updates"), {"service": "²"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "The list is not filtered by “service”" in html
    assert "Replant the park" in html


def test_the_missing_updates_page_links_to_the_chaser_only_for_those_who_send_one(
    client_for, world
):
    url = reverse("planning:missing-updates")
    chaser = reverse("reporting:chaser")
    lead_page = client_for("lead").get(url, {"quarter": 2}).content.decode()
    assert f"{chaser}?year={world.year.pk}&amp;quarter=2" in lead_page
    assert client_for("lead").get(f"{chaser}?year={world.year.pk}&quarter=2").status_code == 200
    assert chaser not in client_for("head").get(url, {"quarter": 2}).content.decode()
