import os

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Property tests check behaviour, not speed (speed lives in `make bench`): on a busy
# 2-core machine, slow example generation or a slow example must not fail them.
hypothesis_settings.register_profile(
    "golden-thread", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("golden-thread")

# Playwright drives the browser from an event loop; live-server tests still use the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# Tests that count a page's queries measure drawing the page, so the page cache is off for
# them (a kept page runs none): those asking for a counting fixture, and every test in a
# module that counts with Django's CaptureQueriesContext.
COUNTING = {"django_assert_num_queries", "django_assert_max_num_queries"}


def counts_queries(request) -> bool:
    module = getattr(request, "module", None)
    return bool(COUNTING & set(request.fixturenames)) or hasattr(module, "CaptureQueriesContext")


@pytest.fixture(autouse=True)
def _test_settings(settings, request):
    """Tests serve static files from the finders (no collectstatic manifest needed) and
    hash passwords quickly."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Pages are served from the cache as on a council's server (core/pagecache.py): one
    # process, so its own memory is shared enough. Not where a test counts queries.
    settings.PAGE_CACHE = not counts_queries(request)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _jobs_inline():
    """Background jobs (report builds, imports, notification emails) run inline in every
    test, as in `make run`, whether or not REDIS_URL names a broker: a test that wants the
    real job service points Celery at it itself (tests/reporting/celery_broker.py), so no
    test leaves jobs waiting in a queue another test's worker would pick up."""
    from tests.reporting.celery_broker import celery_inline

    with celery_inline():
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with nothing cached (kept pages included: core/pagecache.py)."""
    from tests.caching import cache_empty

    cache_empty()
    yield
    cache_empty()


@pytest.fixture
def page_cache_off(settings):
    """For a test that reads the template context of a page it opens more than once: a
    page served from the cache was not rendered, so it has no context."""
    settings.PAGE_CACHE = False


@pytest.fixture(autouse=True)
def _stored_ratings(request):
    """Stored ratings follow every write a test makes (see tests/ratings_sync.py), unless
    the test checks that the services keep them."""
    if request.node.get_closest_marker("ratings_by_services"):
        yield
        return
    from tests.ratings_sync import ratings_follow_writes

    with ratings_follow_writes():
        yield


@pytest.fixture
def world(db):
    from tests.world import build_world

    return build_world()


@pytest.fixture
def client_for(client, world):
    """A test client signed in as one of the world's personas (None: signed out)."""

    def sign_in(persona: str | None):
        client.logout()
        if persona is not None:
            client.force_login(world.people[persona])
        return client

    return sign_in
