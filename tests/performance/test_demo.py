"""The demo council's indicators: enough of every kind and every RAG outcome to try."""

from collections import Counter

import pytest
from django.db.models import Count

from performance.demo import demo_seed
from performance.models import AnnualTarget, IndicatorDefinition, IndicatorUsage, IndicatorValue
from performance.rag import Rating
from performance.selectors import statuses_for
from planning.demo import HISTORY_REASON, demo_council_seed
from planning.models import FinancialYear, ServicePlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    demo_council_seed(scale="small")
    return demo_seed(scale="small")


def test_every_service_plan_has_five_to_fifteen_indicators(seeded):
    counts = dict(
        IndicatorUsage.objects.values_list("plan").annotate(n=Count("id")).values_list("plan", "n")
    )
    plans = ServicePlan.objects.filter(year__start_year=2026)
    assert plans.exists()
    for plan in plans:
        assert 5 <= counts.get(plan.pk, 0) <= 15, plan


def test_corporate_measures_are_shared_and_data_only_ones_exist(seeded):
    shared = IndicatorDefinition.objects.filter(is_corporate=True).annotate(n=Count("usages"))
    assert any(row.n > 1 for row in shared)
    assert all(row.owner_id for row in shared)
    assert IndicatorDefinition.objects.filter(data_only=True).exists()
    assert not AnnualTarget.objects.filter(definition__data_only=True).exists()


def test_three_full_years_of_monthly_values_and_targets_then_this_year_to_date(seeded):
    years = set(AnnualTarget.objects.values_list("year__start_year", flat=True))
    assert years == {2023, 2024, 2025, 2026}
    months = list(IndicatorValue.objects.dates("month", "month"))
    assert months[0].isoformat() == "2023-04-01"
    assert months[-1].isoformat() == "2026-10-01"
    assert len(months) == 36 + 7  # April 2023 to March 2026, then April to October 2026


def test_a_monthly_indicator_with_data_has_a_value_for_each_of_the_last_36_months(seeded):
    counts = (
        IndicatorValue.objects.filter(
            definition__frequency="monthly", month__gte="2023-11-01", month__lte="2026-10-01"
        )
        .values("definition")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )
    assert max(counts) == 36
    assert sum(1 for n in counts if n == 36) > len(counts) / 2


def test_the_earlier_year_is_added_without_changing_the_current_one(seeded):
    assert FinancialYear.objects.get(start_year=2023).is_current is False
    assert FinancialYear.objects.current().start_year == 2026


def test_every_rag_outcome_appears(seeded):
    year = FinancialYear.objects.get(start_year=2026)
    statuses = statuses_for(list(IndicatorDefinition.objects.all()), year=year).values()
    ratings = Counter(status.rating.rating for status in statuses)
    assert set(ratings) == set(Rating)


def test_running_twice_adds_nothing_and_history_says_why(seeded):
    assert seeded["indicator values"] > 1000
    assert demo_seed(scale="small") == {}
    value = IndicatorValue.objects.first()
    assert value.history.first().history_change_reason == HISTORY_REASON
    assert value.entered_by_id is not None


@pytest.mark.ratings_by_services
def test_the_demo_stores_every_indicators_ratings_as_the_engine_rates_them(db):
    from performance.models import IndicatorRating
    from tests.performance.test_stored import stored_equals_computed

    demo_council_seed(scale="small")
    demo_seed(scale="small")
    definitions = list(IndicatorDefinition.objects.select_related("service"))
    for year in FinancialYear.objects.filter(start_year__in=[2025, 2026]):
        for month in (year.months[0], year.months[6], None):
            stored_equals_computed(definitions, year, month)
    IndicatorRating.objects.all().delete()  # a database seeded before ratings were stored
    assert demo_seed(scale="small") == {}
    assert IndicatorRating.objects.count() == len(definitions) * 12 * FinancialYear.objects.count()
