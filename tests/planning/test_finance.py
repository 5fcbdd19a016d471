"""Finance in the browserless sense: entering a service's revenue budget and monthly figures,
the council's forecast by directorate (its selector and page), thresholds, and query counts
that do not grow with the council."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.history import version_token
from planning.models import CapitalScheme, FinanceThreshold, RevenueBudget, RevenueMonth, Saving
from planning.selectors.finance import default_month, revenue_by_directorate
from tests import factories as f

pytestmark = pytest.mark.django_db

SEPTEMBER = dt.date(2026, 9, 1)


def budget_for(plan, current, forecast=None, month=SEPTEMBER, actual=D(0)):
    budget = RevenueBudget.objects.create(
        plan=plan, original_budget=current, current_budget=current
    )
    if forecast is not None:
        RevenueMonth.objects.create(
            budget=budget, month=month, actual_to_date=actual, forecast_outturn=forecast
        )
    return budget


def month_url(world, month=SEPTEMBER):
    return reverse(
        "planning:revenue-month-edit", args=[world.service_plan.pk, month.year, month.month]
    )


# --- entering figures -------------------------------------------------------------------


def test_head_sets_the_budget_then_enters_a_month_and_history_says_who(world, client_for):
    client = client_for("head")
    response = client.post(
        reverse("planning:revenue-budget-edit", args=[world.service_plan.pk]),
        {"original_budget": "950000", "current_budget": "1000000"},
    )
    assert response.status_code == 302
    response = client.post(
        month_url(world),
        {"actual_to_date": "520000", "forecast_outturn": "1080000", "commentary": "Storm"},
    )
    assert response.status_code == 302
    record = RevenueMonth.objects.get(budget__plan=world.service_plan, month=SEPTEMBER)
    assert record.forecast_outturn == D(1080000)
    assert record.history.first().history_user == world.people["head"]
    page = client.get(reverse("planning:plan-finance", args=[world.service_plan.pk]))
    text = page.content.decode()
    assert "£1,080,000 at September 2026" in text
    assert "Red" in text
    assert "reaches the red threshold" in text


def test_bad_figures_are_refused_with_the_error_summary_and_nothing_lost(world, client_for):
    budget_for(world.service_plan, D(1000))
    response = client_for("lead").post(
        month_url(world),
        {"actual_to_date": "12,3x", "forecast_outturn": "-5", "commentary": "Kept words"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "govuk-error-summary" in text
    assert "The actual spend to date must be a number, like 125000" in text
    assert "The forecast outturn cannot be negative" in text
    assert "Kept words" in text
    assert "12,3x" in text
    assert not RevenueMonth.objects.exists()


def test_the_month_form_takes_figures_as_the_upload_does_with_commas_and_a_pound_sign(
    world, client_for
):
    budget_for(world.service_plan, D(40000000))
    response = client_for("lead").post(
        month_url(world), {"actual_to_date": "£18,250,000.50", "forecast_outturn": "37,912,000"}
    )
    assert response.status_code == 302
    record = RevenueMonth.objects.get(budget__plan=world.service_plan, month=SEPTEMBER)
    assert record.actual_to_date == D("18250000.50")
    assert record.forecast_outturn == D(37912000)


def test_a_comma_used_as_a_decimal_point_is_refused_saying_how_to_type_it(world, client_for):
    budget_for(world.service_plan, D(1000))
    response = client_for("lead").post(
        month_url(world), {"actual_to_date": "64,5", "forecast_outturn": "1 000"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Enter the actual spend to date with a full stop for decimals, like 64.5" in text
    assert "Enter the forecast outturn without spaces between the digits, like 1000" in text
    assert 'value="64,5"' in text
    assert not RevenueMonth.objects.exists()


def test_a_figure_that_reads_as_millions_is_questioned_then_saved_once_confirmed(world, client_for):
    budget_for(world.service_plan, D(16400000))
    client = client_for("head")
    typed = {"actual_to_date": "8,100,000", "forecast_outturn": "21.7", "commentary": "Kept"}
    response = client.post(month_url(world), typed)
    assert response.status_code == 400
    page = response.content.decode()
    assert "The forecast outturn of £21.70 looks like £ millions against a budget" in page
    assert "If the figures are right, save again" in page
    assert 'value="21.7"' in page
    assert "Kept" in page
    assert not RevenueMonth.objects.exists()
    confirmed = 'name="confirmed" value="8100000|21.7"'
    assert confirmed in page

    changed = client.post(
        month_url(world), typed | {"forecast_outturn": "21.8", "confirmed": "8100000|21.7"}
    )
    assert changed.status_code == 400  # a different figure is questioned again
    assert not RevenueMonth.objects.exists()

    response = client.post(month_url(world), typed | {"confirmed": "8100000|21.7"})
    assert response.status_code == 302
    assert RevenueMonth.objects.get(month=SEPTEMBER).forecast_outturn == D("21.7")


def test_figures_in_pounds_are_not_questioned(world, client_for):
    budget_for(world.service_plan, D(16400000))
    response = client_for("head").post(
        month_url(world), {"actual_to_date": "8,100,000", "forecast_outturn": "16,900,000"}
    )
    assert response.status_code == 302


def test_a_month_before_the_budget_is_set_is_refused_with_why(world, client_for):
    response = client_for("head").post(
        month_url(world), {"actual_to_date": "1", "forecast_outturn": "2"}
    )
    assert response.status_code == 400
    assert "Set the service&#x27;s revenue budget before entering a month" in (
        response.content.decode()
    )


def test_a_save_made_meanwhile_is_not_overwritten(world, client_for):
    budget = budget_for(world.service_plan, D(1000), forecast=D(1000))
    record = budget.months.get()
    stale = version_token(record)
    client_for("lead").post(
        month_url(world),
        {"actual_to_date": "10", "forecast_outturn": "1200", "version": version_token(record)},
    )
    response = client_for("head").post(
        month_url(world), {"actual_to_date": "20", "forecast_outturn": "900", "version": stale}
    )
    assert response.status_code == 409
    assert "while you were editing" in response.content.decode()
    record.refresh_from_db()
    assert record.forecast_outturn == D(1200)


def test_a_month_outside_the_plans_year_or_not_a_month_is_404(world, client_for):
    budget_for(world.service_plan, D(1000))
    client = client_for("head")
    assert client.get(month_url(world, dt.date(2027, 4, 1))).status_code == 404
    bad = reverse("planning:revenue-month-edit", args=[world.service_plan.pk, 2026, 13])
    assert client.get(bad).status_code == 404


def test_a_service_manager_reads_finance_but_may_not_enter_it(world, client_for):
    client = client_for("manager")
    assert (
        client.get(reverse("planning:plan-finance", args=[world.service_plan.pk])).status_code
        == 200
    )
    assert client.get(month_url(world)).status_code == 403


# --- the forecast by directorate ----------------------------------------------------------


def test_forecast_by_directorate_totals_services_and_rates_each_level(world):
    budget_for(world.service_plan, D(1000000), forecast=D(1080000), actual=D(500000))
    budget_for(world.other_plan, D(500000), forecast=D(490000))
    budget_for(world.other_draft_plan, D(200000))  # no forecast yet: counts at budget
    forecast = revenue_by_directorate(year=world.year, month=SEPTEMBER)
    rows = {row.name: row for row in forecast.rows}
    assert rows["Place"].forecast == D(1080000)
    assert rows["Place"].variance.amount == D(80000)
    assert rows["Place"].rating.rag == "red"
    communities = rows["Communities"]
    assert (communities.current_budget, communities.forecast) == (D(700000), D(690000))
    assert communities.rating.rag == "green"
    assert "1 service has no forecast yet" in communities.explanation
    total = forecast.total
    assert (total.current_budget, total.forecast, total.actual_to_date) == (
        D(1700000),
        D(1770000),
        D(500000),
    )
    assert total.rating.rag == "red"  # council: 2% of £1.7m is £34,000
    assert total.rating.word == "Red"


def test_forecast_uses_the_latest_month_up_to_the_one_asked_for(world):
    budget = budget_for(world.service_plan, D(1000), forecast=D(1000), month=dt.date(2026, 8, 1))
    RevenueMonth.objects.create(
        budget=budget, month=dt.date(2026, 10, 1), actual_to_date=0, forecast_outturn=D(5000)
    )
    at_september = revenue_by_directorate(year=world.year, month=SEPTEMBER)
    assert at_september.total.forecast == D(1000)
    at_october = revenue_by_directorate(year=world.year, month=dt.date(2026, 10, 1))
    assert at_october.total.forecast == D(5000)


def test_council_thresholds_decide_the_rating(world):
    budget_for(world.service_plan, D(1000000), forecast=D(1010000))
    FinanceThreshold.objects.create(level="directorate", red_percent=D("0.5"))
    forecast = revenue_by_directorate(year=world.year, month=SEPTEMBER)
    assert forecast.rows[0].rating.rag == "red"
    assert "0.5% of budget" in forecast.rows[0].rating.explanation


def test_the_report_month_is_the_last_closed_one():
    from tests.factories import FinancialYearFactory

    year = FinancialYearFactory.build(start_year=2026)
    assert default_month(year, dt.date(2026, 11, 23)) == dt.date(2026, 10, 1)
    assert default_month(year, dt.date(2026, 4, 10)) == dt.date(2026, 4, 1)
    assert default_month(year, dt.date(2027, 6, 1)) == dt.date(2027, 3, 1)


def test_the_overview_shows_directorates_a_council_total_and_chosen_month(world, client_for):
    budget_for(world.service_plan, D(1000000), forecast=D(1080000))
    client = client_for("board")
    response = client.get(reverse("planning:finance-overview") + "?month=2026-09")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Revenue forecast by directorate, September 2026" in text
    assert "Council total" in text
    assert "£80,000 (+8.0%)" in text
    assert "Red" in text
    for bad in ("2031-01", "2026-13", "soon"):
        assert client.get(reverse("planning:finance-overview") + f"?month={bad}").status_code == 404
    assert client.post(reverse("planning:finance-overview")).status_code == 405


# --- thresholds ---------------------------------------------------------------------------


def threshold_post(**overrides):
    data = {}
    for level in ("service", "directorate", "council"):
        data |= {
            f"{level}_amber_percent": "2",
            f"{level}_amber_amount": "50000",
            f"{level}_red_percent": "5",
            f"{level}_red_amount": "100000",
        }
    return data | overrides


def test_an_administrator_sets_thresholds_and_history_keeps_them(world, client_for):
    client = client_for("admin")
    assert client.get(reverse("planning:finance-thresholds")).status_code == 200
    response = client.post(reverse("planning:finance-thresholds"), threshold_post())
    assert response.status_code == 302
    council = FinanceThreshold.objects.get(level="council")
    assert council.red_amount == D(100000)
    assert council.history.first().history_user == world.people["admin"]


def test_red_below_amber_is_refused_inline_with_everything_kept(world, client_for):
    response = client_for("admin").post(
        reverse("planning:finance-thresholds"),
        threshold_post(service_red_percent="1", council_amber_amount="7777"),
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Red must start at or above amber (service)" in text
    assert "govuk-error-summary" in text
    assert "7777" in text
    assert not FinanceThreshold.objects.exists()


# --- query counts -------------------------------------------------------------------------


def grow(world, times: int) -> None:
    directorate = f.DirectorateFactory()
    for n in range(times):
        service = f.ServiceFactory(directorate=directorate if n % 2 else world.service.directorate)
        plan = f.ServicePlanFactory(year=world.year, service=service)
        budget_for(plan, D(1000 + n), forecast=D(900 + n))
        Saving.objects.create(plan=world.service_plan, name=f"Saving {n}", amount=D(n))
        CapitalScheme.objects.create(plan=world.service_plan, name=f"Scheme {n}", budget=D(n))
    budget = RevenueBudget.objects.filter(plan=world.service_plan).first() or budget_for(
        world.service_plan, D(1000)
    )
    for month in world.year.months[:times]:
        RevenueMonth.objects.get_or_create(
            budget=budget, month=month, defaults={"actual_to_date": 1, "forecast_outturn": 2}
        )


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_finance_pages_run_the_same_queries_at_two_sizes(world, client_for):
    pages = [
        ("lead", reverse("planning:finance-overview")),
        ("head", reverse("planning:plan-finance", args=[world.service_plan.pk])),
        ("admin", reverse("planning:finance-thresholds")),
    ]
    grow(world, 2)
    small = [queries(client_for(who), url) for who, url in pages]
    grow(world, 8)
    large = [queries(client_for(who), url) for who, url in pages]
    assert small == large
    assert max(large) <= 20


def test_the_forecast_selector_runs_two_queries_whatever_the_size(world, django_assert_num_queries):
    grow(world, 3)
    with django_assert_num_queries(2):
        small = revenue_by_directorate(year=world.year, month=SEPTEMBER)
    grow(world, 9)
    with django_assert_num_queries(2):
        large = revenue_by_directorate(year=world.year, month=SEPTEMBER)
    assert len(large.directorates) >= len(small.directorates)
