"""The entry grid shows one quarter at a time, and saving changes only that quarter."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.history import version_token
from performance import views
from performance.models import IndicatorValue
from tests.performance.world import definition

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)  # October is the latest month ended: its value is due


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    monkeypatch.setattr(views, "today", lambda: TODAY)


def grid(world, quarter=None) -> str:
    url = reverse("performance:plan-values", args=[world.service_plan.pk])
    return url if quarter is None else f"{url}?quarter={quarter}"


def field(definition, month: str) -> str:
    return f'name="v-{definition.pk}-{month}"'


def test_the_grid_opens_at_the_quarter_of_the_latest_month_due(client_for, world, perf):
    body = client_for("head").get(grid(world)).content.decode()
    assert field(perf.percent, "202610") in body
    assert "Not open yet" in body  # November and December
    for month in ("202604", "202609", "202701"):
        assert field(perf.percent, month) not in body
    assert 'href="?quarter=3" aria-current="page">Q3: October to December 2026</a>' in body
    assert "Q3: October to December 2026" in body
    assert 'action="?quarter=3"' in body


def test_another_quarter_is_a_link_away(client_for, world, perf):
    body = client_for("head").get(grid(world, 1)).content.decode()
    for month in ("202604", "202605", "202606"):
        assert field(perf.percent, month) in body
    assert field(perf.percent, "202610") not in body
    assert "Not open yet" not in body
    assert 'href="?quarter=1" aria-current="page"' in body
    assert 'href="?quarter=4">' in body
    assert 'action="?quarter=1"' in body


def test_a_year_not_started_opens_at_its_first_quarter(client_for, world, perf, monkeypatch):
    monkeypatch.setattr(views, "today", lambda: dt.date(2026, 4, 10))
    body = client_for("head").get(grid(world)).content.decode()
    assert 'href="?quarter=1" aria-current="page"' in body
    assert "Not open yet" in body


@pytest.mark.parametrize("asked", ["5", "0", "q2", "1;DROP"])
def test_a_quarter_that_does_not_exist_is_said_and_the_default_shown(
    client_for, world, perf, asked
):
    response = client_for("head").get(grid(world), {"quarter": asked})
    assert response.status_code == 200
    body = response.content.decode()
    assert "the grid shows Q3, the quarter of the latest month with a value due" in body
    assert field(perf.percent, "202610") in body


def test_saving_a_quarter_leaves_the_other_months_alone(client_for, world, perf):
    october = IndicatorValue.objects.create(
        definition=perf.percent, month=dt.date(2026, 10, 1), value=Decimal(77)
    )
    history = october.history.count()
    cell, other = f"{perf.percent.pk}-202604", f"{perf.percent.pk}-202610"
    data = {
        f"v-{cell}": "88",
        f"s-{cell}": "",
        # A field for a month outside the quarter shown is not read, even with its version.
        f"v-{other}": "",
        f"s-{other}": version_token(october),
    }
    response = client_for("head").post(grid(world, 1), data)
    assert response.status_code == 302
    assert (
        IndicatorValue.objects.get(definition=perf.percent, month=dt.date(2026, 4, 1)).value == 88
    )
    october.refresh_from_db()
    assert october.value == Decimal(77)
    assert october.history.count() == history
    assert IndicatorValue.objects.filter(definition=perf.percent).count() == 2


def test_an_indicator_taking_no_value_in_the_quarter_has_no_row(client_for, world, perf):
    from performance.models import IndicatorUsage

    annual = definition("PK-09", name="Trees planted", frequency="annual", service=world.service)
    IndicatorUsage.objects.create(plan=world.service_plan, definition=annual, order=9)
    body = client_for("head").get(grid(world, 1)).content.decode()
    assert "PK-09" not in body
    assert "PK-01" in body
    assert "PK-09" in client_for("head").get(grid(world, 4)).content.decode()


def test_the_grid_is_the_same_size_whatever_the_values_held(client_for, world, perf):
    client = client_for("head")

    def measure():
        with CaptureQueriesContext(connection) as queries:
            body = client.get(grid(world, 1)).content.decode()
        return len(queries), body.count('name="v-')

    before = measure()
    for month in range(4, 13):
        IndicatorValue.objects.create(
            definition=perf.days, month=dt.date(2026, month, 1), value=Decimal(month)
        )
    after = measure()
    assert after == before
    assert before[1] == 3 * 3  # three indicators head enters, three months each
