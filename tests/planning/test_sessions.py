"""A session ends after a spell without use (default 8 hours); each request pushes the end
back, saving the session again at most every few minutes."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planning.middleware import SEEN_AT
from tests import factories as f
from tests.planning.session_ends import session_ends_in

pytestmark = pytest.mark.django_db

EIGHT_HOURS = 8 * 3600


@pytest.fixture(autouse=True, params=[True, False], ids=["cache", "database"])
def _sessions_kept(request, settings):
    """Every rule holds whether sessions are read from the shared cache or the database."""
    settings.SIGNED_IN_CACHE = request.param


@pytest.fixture
def signed_in(client):
    f.PersonFactory(username="head")
    response = client.post(reverse("login"), {"username": "head", "password": "test-password-123"})
    assert response.status_code == 302
    return client


def session_row(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def set_session(client, *, seen_ago: int, ends_in: timedelta) -> None:
    """As if the session was last pushed back `seen_ago` seconds ago and now ends soon."""
    session = client.session
    session[SEEN_AT] = session[SEEN_AT] - seen_ago
    session.save()
    session_ends_in(session.session_key, ends_in)


def test_the_idle_limit_is_eight_hours_by_default():
    assert settings.SESSION_COOKIE_AGE == EIGHT_HOURS


def test_signing_in_starts_an_eight_hour_session(signed_in):
    remaining = session_row(signed_in).expire_date - timezone.now()
    assert timedelta(hours=8) - timedelta(minutes=1) < remaining <= timedelta(hours=8)


def test_a_request_after_a_while_pushes_the_end_back(signed_in):
    set_session(signed_in, seen_ago=settings.SESSION_REFRESH_SECONDS, ends_in=timedelta(minutes=2))
    assert signed_in.get(reverse("planning:home")).status_code == 200
    remaining = session_row(signed_in).expire_date - timezone.now()
    assert remaining > timedelta(hours=8) - timedelta(minutes=1)
    assert "max-age=28800" in str(signed_in.cookies[settings.SESSION_COOKIE_NAME]).lower()


def test_requests_close_together_do_not_save_the_session_each_time(signed_in):
    signed_in.get(reverse("planning:home"))
    before = session_row(signed_in).expire_date
    with CaptureQueriesContext(connection) as queries:
        assert signed_in.get(reverse("planning:home")).status_code == 200
    assert session_row(signed_in).expire_date == before
    assert not [
        q for q in queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]
    ]


def test_a_session_left_idle_past_the_limit_has_to_sign_in_again(signed_in):
    set_session(signed_in, seen_ago=EIGHT_HOURS, ends_in=timedelta(seconds=-1))
    response = signed_in.get(reverse("planning:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_visitor_who_is_not_signed_in_gets_no_session(client, db):
    client.get(reverse("login"))
    assert Session.objects.count() == 0


def test_a_signed_in_page_reads_no_session_from_the_database_while_the_cache_has_it(
    signed_in, settings
):
    signed_in.get(reverse("planning:home"))
    with CaptureQueriesContext(connection) as queries:
        assert signed_in.get(reverse("planning:accessibility")).status_code == 200
    session_reads = [q for q in queries if "django_session" in q["sql"]]
    assert len(session_reads) == (0 if settings.SIGNED_IN_CACHE else 1)


def test_a_session_the_cache_has_lost_is_read_from_the_database(signed_in):
    from tests.caching import cache_empty

    cache_empty()
    response = signed_in.get(reverse("planning:accessibility"))
    assert "Sign out" in response.content.decode()


def test_signing_out_ends_the_session_for_every_copy_of_the_cookie(signed_in):
    """A second browser (or another web process) holding the same cookie is signed out too."""
    from django.test import Client

    elsewhere = Client()
    elsewhere.cookies[settings.SESSION_COOKIE_NAME] = signed_in.cookies[
        settings.SESSION_COOKIE_NAME
    ].value
    assert "Sign out" in elsewhere.get(reverse("planning:accessibility")).content.decode()
    assert signed_in.post(reverse("logout")).status_code in (200, 302)
    assert "Sign out" not in elsewhere.get(reverse("planning:accessibility")).content.decode()
    assert Session.objects.count() == 0


def test_a_session_ended_is_gone_from_a_shared_redis_cache(settings):
    """With Redis (every process's cache), ending a session removes it there, so no process
    can read it again."""
    import redis
    from django.core.cache import cache

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": f"gt-test-sessions-{id(settings)}",
        }
    }
    try:
        cache.get("ping")
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    from planning.sessions import SessionStore

    one = SessionStore()
    one["planning_seen_at"] = 1
    one.create()
    key = one.session_key
    other_process = SessionStore(key)
    assert other_process.load() == {"planning_seen_at": 1}
    one.flush()
    assert cache.get(SessionStore(key).cache_key) is None
    assert SessionStore(key).load() == {}


def test_signing_out_works_when_the_cache_cannot_be_reached(signed_in, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
        }
    }
    response = signed_in.post(reverse("logout"))
    assert response.status_code in (200, 302)
    assert Session.objects.count() == 0
    assert "Sign out" not in signed_in.get(reverse("planning:accessibility")).content.decode()


def test_signing_in_works_when_the_cache_cannot_be_reached(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
        }
    }
    f.PersonFactory(username="head")
    response = client.post(reverse("login"), {"username": "head", "password": "test-password-123"})
    assert response.status_code == 302
    assert "Sign out" in client.get(reverse("planning:accessibility")).content.decode()
