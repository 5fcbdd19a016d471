import pytest

from tests.audit.world import build_audit_world


@pytest.fixture
def audit_world(world):
    return build_audit_world(world)
