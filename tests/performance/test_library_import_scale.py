"""A 10,000-row indicator library import on PostgreSQL: its queries do not grow with the
rows beyond the batches of a bulk write."""

import pytest
from django.db import connection

from performance.models import IndicatorValue
from tests.import_bench import GOAL_SECONDS, import_as_the_worker_does, library_file

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.ratings_by_services]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_ten_thousand_rows_import_in_a_bounded_number_of_queries(world):
    if connection.vendor != "postgresql":
        pytest.skip("The scale test runs on PostgreSQL (set DATABASE_URL)")
    lead = world.people["lead"]
    small = import_as_the_worker_does(
        content=library_file(rows=1_000, indicators=50, service="parks", prefix="SMALL"),
        actor=lead,
    )
    large = import_as_the_worker_does(
        content=library_file(rows=10_000, indicators=50, service="parks"), actor=lead
    )
    assert IndicatorValue.objects.filter(definition__ref__startswith="BENCH").count() == 10_000
    # Ten times the rows, the same 50 new indicators: the same queries, but for the batches
    # of 1,000 rows each bulk write (values and their history, stored ratings) takes.
    assert large.check_queries <= small.check_queries + 5
    assert large.save_queries <= small.save_queries + 60, (small.save_queries, large.save_queries)
    assert large.seconds < GOAL_SECONDS
