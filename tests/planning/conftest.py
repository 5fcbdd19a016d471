import pytest


@pytest.fixture(autouse=True)
def _planning_today(settings):
    """Delivery pages are tested on a fixed day: 23 November 2026, in Q3 of 2026/27."""
    settings.PLANNING_TODAY = "2026-11-23"
