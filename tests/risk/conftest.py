import pytest

from tests.risk.world import build_risk_world


@pytest.fixture
def risk_world(world):
    return build_risk_world(world)
