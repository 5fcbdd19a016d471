import pytest

from tests.audit.world import build_audit_world
from tests.risk.world import build_risk_world


@pytest.fixture
def audit_world(world):
    return build_audit_world(world)


@pytest.fixture
def risk_world(world):
    return build_risk_world(world)
