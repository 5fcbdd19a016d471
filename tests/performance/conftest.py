import pytest

from tests.performance.world import build_performance
from tests.reporting.celery_broker import celery_inline


@pytest.fixture
def perf(world):
    return build_performance(world)


@pytest.fixture(autouse=True)
def _jobs_inline():
    """A recalculation of the stored ratings runs inline, as in `make run`, also where the
    environment names a broker (CI does): the tests here check what the job does."""
    with celery_inline():
        yield
