"""Sign-in throttling: repeated wrong passwords lock a username out from that address, even
with the right password, until the cool-off ends or an administrator lifts it."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from planning.signin import client_ip_address
from tests import factories as f

pytestmark = pytest.mark.django_db

PASSWORD = "test-password-123"  # the factories' password
LIMIT = settings.AXES_FAILURE_LIMIT


@pytest.fixture
def head():
    return f.PersonFactory(username="head")


@pytest.fixture
def admin_person():
    return f.PersonFactory(username="admin", is_staff=True, is_superuser=True)


def sign_in(client, username, password, *, url=None, address="10.0.0.1"):
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def fail(client, username, times, **kwargs):
    return [sign_in(client, username, "wrong", **kwargs) for _ in range(times)]


def signed_in_as(client):
    return client.get(reverse("planning:home")).wsgi_request.user


def test_wrong_passwords_below_the_limit_show_the_usual_error(client, head):
    for response in fail(client, "head", LIMIT - 1):
        assert response.status_code == 200
        assert "Enter a correct username and password" in response.content.decode()


def test_the_last_wrong_password_allowed_locks_the_username_out(client, head):
    responses = fail(client, "head", LIMIT)
    assert responses[-2].status_code == 200
    assert responses[-1].status_code == 429
    assert "Too many attempts to sign in" in responses[-1].content.decode()


def test_the_right_password_is_then_refused_with_what_to_do(client, head):
    fail(client, "head", LIMIT)
    response = sign_in(client, "head", PASSWORD)
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many attempts to sign in" in body
    assert "try again in 30 minutes" in body
    assert "contact your administrator" in body
    assert not signed_in_as(client).is_authenticated


def test_thirty_wrong_passwords_then_the_right_one_does_not_sign_in(client, head):
    fail(client, "head", 30)
    assert sign_in(client, "head", PASSWORD).status_code == 429
    assert not signed_in_as(client).is_authenticated


def test_the_lock_out_lifts_after_the_cool_off(client, head):
    fail(client, "head", LIMIT)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    )
    assert sign_in(client, "head", PASSWORD).status_code == 302
    assert signed_in_as(client) == head


def test_lock_out_without_cool_off_says_an_administrator_must_lift_it(client, head, settings):
    settings.AXES_COOLOFF_TIME = None
    fail(client, "head", LIMIT)
    body = sign_in(client, "head", PASSWORD).content.decode()
    assert "until an administrator lifts it" in body


def test_an_administrator_lifts_the_lock_out_in_the_admin(client, head, admin_person):
    fail(client, "head", LIMIT)
    attempt = AccessAttempt.objects.get(username="head")

    admin = Client()
    admin.force_login(admin_person)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert "head" in admin.get(changelist).content.decode()
    response = admin.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert response.status_code == 302

    assert sign_in(client, "head", PASSWORD).status_code == 302
    assert signed_in_as(client) == head


def test_an_administrator_lifts_the_lock_out_with_the_command(client, head):
    fail(client, "head", LIMIT)
    call_command("axes_reset_username", "head")
    assert sign_in(client, "head", PASSWORD).status_code == 302


def test_the_admin_sign_in_is_locked_out_too(client, admin_person):
    url = reverse("admin:login")
    fail(client, "admin", LIMIT, url=url)
    response = sign_in(client, "admin", PASSWORD, url=url)
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_lock_out_holds_one_username_from_one_address(client, head):
    colleague = f.PersonFactory(username="colleague")
    fail(client, "head", LIMIT, address="10.0.0.1")
    assert sign_in(Client(), "colleague", PASSWORD, address="10.0.0.1").status_code == 302
    assert sign_in(Client(), "head", PASSWORD, address="10.0.0.2").status_code == 302
    assert colleague.pk


def test_signing_in_clears_earlier_wrong_passwords(client, head):
    fail(client, "head", LIMIT - 1)
    assert sign_in(client, "head", PASSWORD).status_code == 302
    client.logout()
    fail(client, "head", LIMIT - 1)
    assert sign_in(client, "head", PASSWORD).status_code == 302


def test_behind_the_proxy_the_address_is_the_one_the_proxy_appended(rf, settings):
    settings.BEHIND_TLS_PROXY = True
    request = rf.get("/", REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_ip_address(request) == "203.0.113.9"


def test_without_the_proxy_a_forwarded_address_is_ignored(rf, settings):
    settings.BEHIND_TLS_PROXY = False
    request = rf.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_ip_address(request) == "198.51.100.7"


def test_behind_the_proxy_a_forwarded_value_that_is_not_an_address_is_not_used(rf, settings):
    settings.BEHIND_TLS_PROXY = True
    request = rf.get("/", REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, <junk>\x00")
    assert client_ip_address(request) == "172.18.0.5"


def test_a_forged_forwarded_address_cannot_break_a_sign_in(client, head, settings):
    settings.BEHIND_TLS_PROXY = True
    response = client.post(
        reverse("login"),
        {"username": "head", "password": "wrong"},
        REMOTE_ADDR="172.18.0.5",
        HTTP_X_FORWARDED_FOR="not an address",
    )
    assert response.status_code == 200
    assert AccessAttempt.objects.get(username="head").ip_address == "172.18.0.5"
