"""A council's server is HTTPS-only unless told otherwise, and passes Django's deployment check.

The suite itself runs with ALLOW_PLAIN_HTTP=1 (pyproject.toml), so the production defaults
are read from a fresh Python process with a clean environment, as a server starts.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
SECRET = "k7Qz-production-like-secret-with-plenty-of-characters-9xV2mR4tL8wP"
PRODUCTION = {
    "SECRET_KEY": SECRET,
    "REQUIRE_SECRET_KEY": "1",
    "ALLOWED_HOSTS": "plans.example.gov.uk",
    "CSRF_TRUSTED_ORIGINS": "https://plans.example.gov.uk",
    "BEHIND_TLS_PROXY": "1",
}
NAMES = [
    "DEBUG",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_AGE",
]


def clean_environment(**variables: str) -> dict:
    """What a server's process would have: a PATH and the variables given, nothing else."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **variables}


def settings_under(**variables: str) -> dict:
    code = (
        "import json, config.settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {NAMES!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean_environment(**variables),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_with_no_switch_cookies_are_secure_and_plain_http_is_redirected():
    values = settings_under(**PRODUCTION)
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True


def test_with_no_switch_browsers_are_told_to_use_https_for_a_year():
    values = settings_under(**PRODUCTION)
    assert values["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_HSTS_PRELOAD"] is False


def test_the_secure_defaults_hold_with_nothing_set_at_all():
    values = settings_under()
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] > 0


@pytest.mark.parametrize("switch", [{"ALLOW_PLAIN_HTTP": "1"}, {"DEBUG": "1"}])
def test_the_plain_http_switch_or_debug_turns_https_only_off(switch):
    values = settings_under(**PRODUCTION, **switch)
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0


def test_the_plain_http_switch_set_to_zero_keeps_https_only():
    assert settings_under(**PRODUCTION, ALLOW_PLAIN_HTTP="0")["SECURE_SSL_REDIRECT"] is True


def test_a_tls_proxy_is_trusted_only_when_configured():
    assert settings_under(**PRODUCTION)["SECURE_PROXY_SSL_HEADER"] == [
        "HTTP_X_FORWARDED_PROTO",
        "https",
    ]
    without = {**PRODUCTION, "BEHIND_TLS_PROXY": "0"}
    assert settings_under(**without)["SECURE_PROXY_SSL_HEADER"] is None


def test_hsts_lifetime_can_be_set_for_a_gradual_roll_out():
    assert settings_under(**PRODUCTION, SECURE_HSTS_SECONDS="3600")["SECURE_HSTS_SECONDS"] == 3600


def test_sessions_end_after_eight_idle_hours_unless_set_otherwise():
    assert settings_under(**PRODUCTION)["SESSION_COOKIE_AGE"] == 8 * 3600
    assert settings_under(**PRODUCTION, SESSION_IDLE_MINUTES="30")["SESSION_COOKIE_AGE"] == 1800


def test_django_deployment_check_passes_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean_environment(**PRODUCTION, DEBUG="0"),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr


@pytest.mark.django_db
def test_in_production_a_plain_http_request_is_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(reverse("login"))
    assert response.status_code == 301
    assert response["Location"] == "https://testserver" + reverse("login")


@pytest.mark.django_db
def test_in_production_https_pages_carry_hsts_and_secure_cookies(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.CSRF_COOKIE_SECURE = True
    response = client.get(reverse("login"), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response.cookies["csrftoken"]["secure"] is True


@pytest.mark.django_db
def test_behind_the_proxy_a_forwarded_https_request_is_not_redirected(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https").status_code == 200
    assert client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="http").status_code == 301
