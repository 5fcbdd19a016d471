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

pytestmark = pytest.mark.django_db

EIGHT_HOURS = 8 * 3600


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
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + ends_in
    )


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
