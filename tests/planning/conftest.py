import pytest


@pytest.fixture(autouse=True)
def _planning_today(settings):
    """Delivery pages are tested on a fixed day: 23 November 2026, in Q3 of 2026/27."""
    settings.PLANNING_TODAY = "2026-11-23"


# The test OpenID Connect provider and single sign-on with it (tests/sso_provider.py).
from tests.sso_provider import oidc_provider, sso  # noqa: E402, F401
