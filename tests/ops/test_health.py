"""/healthz and /readyz as a load balancer and Kubernetes ask them: over plain HTTP, by the
pod's address, without signing in, answered within a second whatever is down."""

import json
import os
import socket
import time

import pytest
from django.test import Client

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once it is closed


def redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def probe(settings):
    """A client as the kubelet is: plain HTTP, the pod's address as host, HTTPS enforced."""
    settings.SECURE_SSL_REDIRECT = True
    return Client(HTTP_HOST="10.1.2.3:8000")


def test_healthz_answers_without_the_database_or_signing_in(probe):
    # No database for this test: any query would fail it.
    response = probe.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert "Set-Cookie" not in response


@pytest.mark.django_db
def test_readyz_is_ok_when_every_part_answers(probe, settings, tmp_path):
    if not redis_up():
        pytest.skip("needs Redis at 127.0.0.1:6379")
    settings.CACHE_URL = REDIS_URL
    settings.CELERY_BROKER_URL = REDIS_URL
    settings.MEDIA_ROOT = tmp_path
    response = probe.get("/readyz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert body["failed"] == []
    assert set(body["checks"]) == {"database", "cache", "broker", "storage"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_names_redis_as_the_part_down_within_a_second(probe, settings, tmp_path):
    down = f"redis://127.0.0.1:{closed_port()}/0"
    settings.CACHE_URL = down
    settings.CELERY_BROKER_URL = down
    settings.MEDIA_ROOT = tmp_path
    started = time.monotonic()
    response = probe.get("/readyz")
    took = time.monotonic() - started
    assert took < 1, f"took {took:.2f} s"
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["status"] == "unavailable"
    assert body["failed"] == ["cache", "broker"]
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["storage"]["ok"] is True
    assert "ConnectionError" in body["checks"]["cache"]["detail"]


@pytest.mark.django_db
def test_readyz_answers_within_a_second_when_redis_accepts_but_never_answers(probe, settings):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    silent = f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    settings.CACHE_URL = silent
    try:
        started = time.monotonic()
        response = probe.get("/readyz")
        took = time.monotonic() - started
    finally:
        listener.close()
    assert took < 1, f"took {took:.2f} s"
    assert response.status_code == 503
    assert "cache" in response.json()["failed"]


@pytest.mark.django_db
def test_readyz_names_a_file_store_it_cannot_write(probe, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "file-not-folder"
    settings.MEDIA_ROOT.write_text("x")
    response = probe.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["storage"]


def test_probes_are_not_kept_in_the_page_cache_nor_signed_in(settings):
    assert {"/healthz", "/readyz", "/metrics"} <= set(settings.PAGE_CACHE_SKIP_PREFIXES)
    assert settings.MIDDLEWARE[0] == "core.ops.middleware.ops_endpoints"
