import pytest

from tests.performance.world import build_performance


@pytest.fixture
def perf(world):
    return build_performance(world)
