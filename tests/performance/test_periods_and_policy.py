"""When months close, and the council's own default policy applied everywhere."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from performance.models import IndicatorValue, RagPolicy
from performance.periods import is_late, is_open, month_closes

D = dt.date


@pytest.mark.parametrize(
    ("month", "closes"),
    [
        (D(2026, 4, 1), D(2026, 5, 31)),
        (D(2026, 11, 1), D(2026, 12, 31)),
        (D(2026, 12, 1), D(2027, 1, 31)),
        (D(2027, 1, 1), D(2027, 2, 28)),
        (D(2028, 1, 1), D(2028, 2, 29)),
    ],
)
def test_a_month_closes_at_the_end_of_the_next(month, closes):
    assert month_closes(month) == closes


@pytest.mark.parametrize(
    ("month", "entered", "late"),
    [
        (D(2026, 10, 1), D(2026, 11, 30), False),
        (D(2026, 10, 1), D(2026, 12, 1), True),
        (D(2026, 4, 1), D(2026, 11, 23), True),
    ],
)
def test_late_is_after_the_month_closed(month, entered, late):
    assert is_late(month=month, entered_on=entered) is late


@pytest.mark.parametrize(
    ("month", "today", "open_"),
    [
        (D(2026, 10, 1), D(2026, 11, 1), True),
        (D(2026, 11, 1), D(2026, 11, 30), False),
        (D(2026, 12, 1), D(2026, 11, 23), False),
    ],
)
def test_a_month_takes_values_once_it_has_ended(month, today, open_):
    assert is_open(month=month, today=today) is open_


@pytest.mark.django_db
def test_the_councils_default_policy_is_used_for_every_rating(client_for, world, perf):
    IndicatorValue.objects.create(definition=perf.percent, month=D(2026, 4, 1), value=Decimal(82))
    url = reverse("performance:plan-indicators", args=[world.service_plan.pk])
    assert "(amber within 10%)" in client_for("head").get(url).content.decode()
    RagPolicy.objects.create(tolerance_percent=Decimal(5))
    body = client_for("head").get(url).content.decode()
    assert "RED: 82.0% is 8.9% below the 90.0% target (red beyond 5%)" in body


@pytest.mark.django_db
def test_an_indicators_own_absolute_tolerance_overrides_the_default(client_for, world, perf):
    perf.percent.tolerance_absolute = Decimal(10)
    perf.percent.save()
    IndicatorValue.objects.create(definition=perf.percent, month=D(2026, 4, 1), value=Decimal(82))
    body = client_for("head").get(perf.percent.get_absolute_url()).content.decode()
    assert (
        "AMBER: 82.0% is 8.0 percentage points below the 90.0% target "
        "(amber within 10.0 percentage points)"
    ) in body
