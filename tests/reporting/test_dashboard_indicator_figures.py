"""The dashboard's indicator figures are counted in the database against the stored ratings,
never by reading every indicator: they equal the counts over every indicator's stored
status, across directorates and ratings, and the page runs the same queries (and builds a
status only for the indicators it lists) whatever the number of indicators."""

import datetime as dt
from collections import Counter
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from performance import selectors, stored
from performance.models import AnnualTarget, IndicatorDefinition, IndicatorValue
from performance.rag import Rating
from performance.selectors import council_statuses, council_statuses_rated
from performance.status import rating_counts
from performance.stored import ratings_rebuild
from planning.models import Service
from reporting.dashboard import dashboard_build, panels
from tests.reporting.dashboard_world import MONTH, build_dashboard_world
from tests.reporting.report_world import build_report_world

pytestmark = pytest.mark.django_db

OCTOBER = dt.date(2026, 10, 1)
# Each indicator's values from April, against a target of 80 (higher is better): rated
# green, amber, red, or with no data, and improving, worsening, unchanged or not compared.
SHAPES = [
    [85, 90],
    [90, 85],
    [50, 40],
    [40, 50],
    [78, 78],
    [],
    [60],
    [30, 20, 10],
    [79, 70],
]


@pytest.fixture(autouse=True)
def _today(settings):
    settings.PLANNING_TODAY = "2026-11-23"


@pytest.fixture
def council(world):
    build_report_world(world)
    build_dashboard_world(world)
    return world


def grow_indicators(world, times: int) -> None:
    """`times` indicators of every shape, spread over the services of both directorates,
    and as many data-only ones; then their ratings stored."""
    services = list(Service.objects.order_by("pk"))
    head = world.people["head"]
    start = IndicatorDefinition.objects.count()
    for n in range(start, start + times * len(SHAPES)):
        shape = SHAPES[n % len(SHAPES)]
        definition = IndicatorDefinition.objects.create(
            ref=f"ZZ-{n:04d}",
            name=f"Grown {n}",
            type="outcome",
            aggregation="average",
            polarity="higher",
            unit="percentage",
            service=services[n % len(services)],
            data_only=n % 7 == 0,
        )
        AnnualTarget.objects.create(
            definition=definition, year=world.year, value=Decimal(80), justification="improve"
        )
        IndicatorValue.objects.bulk_create(
            IndicatorValue(
                definition=definition,
                month=dt.date(2026, 4 + i, 1),
                value=Decimal(value),
                entered_by=head,
            )
            for i, value in enumerate(shape)
        )
    ratings_rebuild()


def built(world) -> dict:
    return {
        panel.key: data
        for panel, data in dashboard_build(month=OCTOBER, user=world.people["board"])
    }


def test_the_indicator_figures_equal_the_counts_over_every_status(council, monkeypatch):
    grow_indicators(council, 3)
    monkeypatch.setattr(panels, "LISTED", 4)
    seen = built(council)
    every = council_statuses(year=council.year, upto=OCTOBER)
    assert len({s.definition.service.directorate_id for s in every}) == 2

    figures = seen["indicators"]
    assert figures["total"] == len(every)
    assert [(r["rating"], r["count"]) for r in figures["by_rating"]] == [
        (rating, dict(rating_counts(every))[rating]) for rating in panels.INDICATOR_RATINGS
    ]
    assert sum(1 for r in figures["by_rating"] if r["count"]) == 5  # every rating is held
    travels = Counter(s.travel_previous.css for s in every)
    assert [(r["travel"], r["count"]) for r in figures["by_travel"]] == [
        (slug, travels[slug]) for slug, _ in panels.TRAVEL
    ]
    assert all(r["count"] for r in figures["by_travel"])

    worst = sorted(
        (
            s
            for s in every
            if s.rating.rating == Rating.RED and s.travel_previous.word == "Worsening"
        ),
        key=lambda s: s.definition.ref,
    )
    exceptions = seen["exceptions"]
    assert exceptions["indicators_total"] == len(worst) > 4
    assert [
        (i["ref"], i["service"], i["value"], i["target"], i["rating"], i["travel"], i["commentary"])
        for i in exceptions["indicators"]
    ] == [
        (
            s.definition.ref,
            s.definition.service.name,
            s.show(s.value_to_date),
            s.show(s.target_to_date),
            s.rating,
            s.travel_previous,
            s.latest.row.commentary,
        )
        for s in worst[:4]
    ]


@pytest.mark.parametrize(
    ("rating", "travel"),
    [("red", "worsening"), ("green", "improving"), ("no_data", "no-comparison"),
     ("not_rated", "no-comparison"), ("red", "no-comparison")],
)  # fmt: skip
def test_the_indicators_at_a_rating_and_travel_are_those_of_every_status(council, rating, travel):
    """Held only in a stored row, or also by an indicator with none: read either way."""
    grow_indicators(council, 2)
    every = council_statuses(year=council.year, upto=OCTOBER)
    wanted = sorted(
        s.definition.ref
        for s in every
        if s.rating.rating.value == rating and s.travel_previous.css == travel
    )
    assert wanted
    listed = council_statuses_rated(
        year=council.year, upto=OCTOBER, rating=rating, travel=travel, limit=100
    )
    assert [s.definition.ref for s in listed] == wanted
    assert [s.definition.ref for s in listed[:3]] == [
        s.definition.ref
        for s in council_statuses_rated(
            year=council.year, upto=OCTOBER, rating=rating, travel=travel, limit=3
        )
    ]


def _page(client) -> tuple[int, int]:
    """The dashboard's queries, and how many indicator statuses it built from stored rows."""
    url = f"{reverse('reporting:dashboard')}?month={MONTH}"
    original = stored.stored_status
    with (
        mock.patch.object(stored, "stored_status", wraps=original) as built,
        mock.patch.object(selectors, "stored_status", wraps=original) as listed,
        CaptureQueriesContext(connection) as queries,
    ):
        assert client.get(url).status_code == 200
    return len(queries), built.call_count + listed.call_count


def test_the_dashboard_reads_the_same_queries_and_no_status_per_indicator(client_for, council):
    client = client_for("board")
    grow_indicators(council, 1)
    small = _page(client)
    grow_indicators(council, 8)
    large = _page(client)
    assert small[0] == large[0] <= 25
    assert large[1] <= panels.LISTED
