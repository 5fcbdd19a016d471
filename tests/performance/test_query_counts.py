"""The indicator pages run the same number of queries whatever the number of indicators."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from performance.models import AnnualTarget, IndicatorDefinition, IndicatorUsage, IndicatorValue
from planning.models import FinancialYear
from tests import factories as f

pytestmark = pytest.mark.django_db

BUDGET = 20
_counter = iter(range(10_000))


def grow(world, times: int) -> None:
    """Add `times` indicators to head's plan and to a new service, each with a target and
    two years of monthly values, some entered by someone."""
    last_year = FinancialYear.objects.get_or_create(start_year=2025)[0]
    for _ in range(times):
        service = f.ServiceFactory(directorate=world.service.directorate)
        for owner_service in (world.service, service):
            n = next(_counter)
            definition = IndicatorDefinition.objects.create(
                ref=f"G-{n}",
                name=f"Grown {n}",
                type="output" if n % 2 else "outcome",
                aggregation=["sum", "average", "latest", "cumulative"][n % 4],
                polarity="lower" if n % 3 else "higher",
                unit="percentage",
                service=owner_service,
                is_corporate=n % 5 == 0,
                owner=world.people["director"],
            )
            IndicatorUsage.objects.create(
                plan=world.service_plan, definition=definition, serves_action=world.action
            )
            for year in (last_year, world.year):
                AnnualTarget.objects.create(
                    definition=definition, year=year, value=Decimal(50), justification="maintain"
                )
                IndicatorValue.objects.bulk_create(
                    IndicatorValue(
                        definition=definition,
                        month=month,
                        value=Decimal(40 + i),
                        entered_by=world.people["head"],
                    )
                    for i, month in enumerate(year.months[:7])
                )


def pages(world, perf):
    plan = world.service_plan.pk
    url = reverse("performance:indicator-list")
    return [
        ("head", reverse("performance:plan-indicators", args=[plan])),
        ("lead", reverse("performance:plan-indicators", args=[plan])),
        ("head", reverse("performance:plan-definitions", args=[plan])),
        ("head", reverse("performance:plan-values", args=[plan])),
        ("lead", url),
        ("lead", f"{url}?rag=amber&type=outcome"),
        ("board", f"{url}?directorate={world.service.directorate_id}&delivery_plan=1"),
        ("head", perf.percent.get_absolute_url()),
        ("head", reverse("performance:plan-upload-template", args=[plan])),
        ("head", reverse("performance:plan-definition-use", args=[plan])),
        ("head", reverse("performance:indicator-edit", args=[perf.percent.pk])),
        ("lead", reverse("performance:indicator-history", args=[perf.percent.pk])),
    ]


def count(client_for, persona: str, url: str) -> int:
    client = client_for(persona)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (persona, url)
    return len(queries)


def test_indicator_pages_run_no_more_queries_for_more_indicators(client_for, world, perf):
    grow(world, 1)
    small = {(p, u): count(client_for, p, u) for p, u in pages(world, perf)}
    grow(world, 6)
    large = {(p, u): count(client_for, p, u) for p, u in pages(world, perf)}
    grown = {k: (small[k], large[k]) for k in small if small[k] != large[k]}
    assert not grown, f"query counts grew with the data (small, large): {grown}"
    over = {k: n for k, n in large.items() if n > BUDGET}
    assert not over, f"pages over the budget of {BUDGET} queries: {over}"


def test_the_bigger_data_really_shows_more_rows(client_for, world, perf):
    grow(world, 1)
    url = reverse("performance:plan-indicators", args=[world.service_plan.pk])
    before = client_for("head").get(url).content.count(b"<tr")
    grow(world, 6)
    after = client_for("head").get(url).content.count(b"<tr")
    assert after >= before + 12


@pytest.mark.parametrize("model", [IndicatorValue, AnnualTarget])
def test_an_indicators_history_is_found_by_an_index_on_indicator_and_date(model):
    """The indicator page reads one indicator's latest changes; without this index the
    database walks every indicator's changes by date to find them, slower as the council
    grows."""
    table = model.history.model._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    columns = [c["columns"] for c in constraints.values() if c["index"]]
    assert ["definition_id", "history_date"] in columns
