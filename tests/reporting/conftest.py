import pytest

from tests.audit.world import build_audit_world
from tests.reporting.celery_broker import celery_inline
from tests.reporting.report_world import build_report_world
from tests.risk.world import build_risk_world


@pytest.fixture
def audit_world(world):
    return build_audit_world(world)


@pytest.fixture
def risk_world(world):
    return build_risk_world(world)


@pytest.fixture
def report_world(world):
    return build_report_world(world)


@pytest.fixture(autouse=True)
def _reports_in_tmp(settings, tmp_path):
    """Generated files go to a folder of the test's own; jobs run inline unless a test
    points Celery at a real broker."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with celery_inline():
        yield
