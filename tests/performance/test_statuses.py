"""Reading many indicators' statuses at once gives what rating each alone would."""

import datetime as dt
from decimal import Decimal

import pytest

from performance.models import IndicatorValue, RagPolicy
from performance.selectors import statuses_for
from performance.status import indicator_status
from planning.models import FinancialYear

pytestmark = pytest.mark.django_db


def put(definition, month: dt.date, number) -> None:
    IndicatorValue.objects.create(definition=definition, month=month, value=Decimal(number))


def test_comparison_with_last_year_uses_the_same_month_as_the_latest_value(world, perf):
    last = FinancialYear.objects.get_or_create(start_year=2025)[0]
    for i, month in enumerate(last.months):  # a full last year, getting worse
        put(perf.percent, month, 95 - i)
        put(perf.days, month, 5 + i)
        put(perf.libraries, month, 1000 + 10 * i)
    for i, month in enumerate(world.year.months[:3]):  # April to June this year
        put(perf.percent, month, 85 + i)
        put(perf.days, month, 12 - i)
    put(perf.libraries, world.year.months[6], 1100)  # October only
    # nothing this year for the corporate measure; last year only for it
    put(perf.corporate, last.months[2], 70)
    definitions = [perf.percent, perf.days, perf.libraries, perf.corporate, perf.data_only]

    together = statuses_for(definitions, year=world.year)

    everything = list(IndicatorValue.objects.order_by("month"))
    for definition in definitions:
        own = [v for v in everything if v.definition_id == definition.pk]
        alone = indicator_status(
            definition=definition,
            year=world.year,
            target=definition.targets.filter(year=world.year).first(),
            values=[v for v in own if world.year.contains(v.month)],
            last_year_values=[v for v in own if last.contains(v.month)],
            default_policy=RagPolicy.current(),
        )
        status = together[definition.pk]
        assert status.travel_last_year == alone.travel_last_year, definition.ref
        assert status.travel_previous == alone.travel_previous, definition.ref
        assert status.rating == alone.rating, definition.ref
    # June 2026's 87% against June 2025's 93%: higher is better, so worse
    assert together[perf.percent.pk].travel_last_year.word == "Worsening"
    assert "June 2025" in together[perf.percent.pk].travel_last_year.detail
    # October 2026's 1,100 loans against October 2025's 1,060: better
    assert together[perf.libraries.pk].travel_last_year.word == "Improving"
