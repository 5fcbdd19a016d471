"""Pages kept until the data changes (core/pagecache.py): a kept page is served only while
nothing it could show has changed, only to the person it was drawn for, and with this
request's own CSRF token and CSP nonce."""

import re
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.session import SessionStorage
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client, RequestFactory
from django.urls import reverse

from core import pagecache
from planning.models import Directorate, Role
from tests import factories as f

pytestmark = pytest.mark.django_db

HOME = "/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
NONCE = re.compile(r'<script[^>]* nonce="([^"]+)"')


def home(client):
    return client.get(reverse("planning:home"))


def test_a_page_read_again_with_nothing_changed_is_served_from_the_cache(client_for):
    client = client_for("head")
    first = home(client)
    again = home(client)
    assert first.status_code == again.status_code == 200
    assert first.context is not None
    assert again.context is None  # no template was rendered: the kept page was served
    strip = lambda r: NONCE.sub("", TOKEN.sub("", r.content.decode()))  # noqa: E731
    assert strip(again) == strip(first)


def test_a_write_then_a_read_shows_the_new_data(client_for, world):
    client = client_for("head")
    url = reverse("planning:directorate-list")
    directorate = world.service.directorate
    assert directorate.name in client.get(url).content.decode()
    # A bulk update: no model signal, no service; the statement itself moves the generation.
    Directorate.objects.filter(pk=directorate.pk).update(name="Place and Open Spaces")
    assert "Place and Open Spaces" in client.get(url).content.decode()


def test_a_role_given_or_taken_shows_the_new_menu_at_once(client_for, world):
    client = client_for("head")
    assert "Board dashboard" not in home(client).content.decode()
    role = f.RoleFactory(person=world.people["head"], role=Role.BOARD_MEMBER)
    assert "Board dashboard" in home(client).content.decode()
    role.delete()
    assert "Board dashboard" not in home(client).content.decode()


def _heading(html: str) -> str:
    return html.split("<h1", 1)[1].split("</h1>", 1)[0]


def test_two_people_never_see_each_others_page(world):
    head, lead = world.people["head"], world.people["lead"]
    assert head.get_full_name() != lead.get_full_name()
    browsers = {"head": Client(), "lead": Client()}
    browsers["head"].force_login(head)
    browsers["lead"].force_login(lead)
    for _ in range(2):
        # The heading names the reader (a lead's work lists may name the head elsewhere).
        as_head = _heading(home(browsers["head"]).content.decode())
        as_lead = _heading(home(browsers["lead"]).content.decode())
        assert head.get_full_name() in as_head
        assert lead.get_full_name() not in as_head
        assert lead.get_full_name() in as_lead
        assert head.get_full_name() not in as_lead
    assert home(browsers["lead"]).context is None  # the kept page was served, still lead's


def test_signing_in_retires_no_page(world):
    before = pagecache.generation()
    Client().force_login(world.people["lead"])
    assert pagecache.generation() == before


def test_a_kept_form_page_carries_each_sessions_own_csrf_token(world):
    """The same person in two browsers: each page's token is the browser's own, and the
    form posts (a wrong token would be refused with 403)."""
    browsers = [Client(enforce_csrf_checks=True) for _ in range(2)]
    url = reverse("planning:objective-add", args=[world.pdp.pk])
    for browser in browsers:
        browser.force_login(world.people["staff"])
    pages = [browser.get(url) for browser in browsers]
    assert pages[0].context is not None
    assert pages[1].context is None
    for browser, page in zip(browsers, pages, strict=True):
        secret = browser.cookies["csrftoken"].value
        tokens = TOKEN.findall(page.content.decode())
        assert tokens
        assert all(_unmask_cipher_token(token) == secret for token in tokens)
    # Signing out is a form on every page: it works with the kept page's token.
    token = TOKEN.findall(pages[1].content.decode())[0]
    out = browsers[1].post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert out.status_code == 302


def test_a_kept_page_carries_a_fresh_csp_nonce_matching_its_header(client_for):
    client = client_for("head")
    nonces = []
    for _ in range(3):
        response = home(client)
        found = set(NONCE.findall(response.content.decode()))
        assert len(found) == 1
        nonce = found.pop()
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        nonces.append(nonce)
    assert len(set(nonces)) == 3


def _leave_message(client, text):
    request = RequestFactory().get(HOME)
    request.session = client.session
    storage = SessionStorage(request)
    storage.add(constants.SUCCESS, text)
    storage.update(HttpResponse())
    request.session.save()


def test_a_page_showing_a_message_is_neither_served_from_nor_kept_in_the_cache(client_for):
    client = client_for("head")
    home(client)  # kept
    _leave_message(client, "Milestone added")
    shown = home(client)
    assert shown.context is not None
    assert "Milestone added" in shown.content.decode()
    after = home(client)
    assert "Milestone added" not in after.content.decode()


def test_page_cache_0_switches_it_off(client_for, settings):
    settings.PAGE_CACHE = False
    client = client_for("head")
    home(client)
    assert home(client).context is not None


def test_a_page_for_another_day_is_drawn_again(client_for, settings):
    settings.PLANNING_TODAY = "2026-11-23"
    client = client_for("head")
    home(client)
    settings.PLANNING_TODAY = "2026-11-24"
    assert home(client).context is not None


@pytest.mark.django_db(transaction=True)
def test_a_committed_write_moves_the_generation_on_commit_and_a_rolled_back_one_not_again():
    start = pagecache.generation()
    with transaction.atomic():
        f.PersonFactory()
        at_write = pagecache.generation()
        assert at_write > start  # the writer's own next page is fresh
    assert pagecache.generation() > at_write  # and again once committed

    before = pagecache.generation()
    seen = {}

    def write_then_fail():
        with transaction.atomic():
            f.PersonFactory()
            seen["at_write"] = pagecache.generation()
            raise RuntimeError("undone")

    with pytest.raises(RuntimeError):
        write_then_fail()
    at_write = seen["at_write"]
    assert at_write > before
    assert pagecache.generation() == at_write  # nothing committed, nothing more to retire


def test_reading_moves_nothing(client_for):
    client = client_for("head")
    home(client)
    before = pagecache.generation()
    home(client)
    assert pagecache.generation() == before


REDIS = "redis://127.0.0.1:6379/15"


def _redis_up() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001 - any failure means no Redis to test with
        return False
    return True


@pytest.mark.skipif(not _redis_up(), reason="needs Redis on 127.0.0.1:6379")
def test_a_write_by_a_worker_process_retires_the_pages_every_process_kept(tmp_path, settings):
    """A Celery worker (any process that loads the app) writes and commits: the generation
    every web process reads from the shared cache has moved."""
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": prefix,
        }
    }
    before = pagecache.generation()
    worker = textwrap.dedent(
        """
        import django
        django.setup()
        from config.celery import app  # the worker's own start-up
        from django.db import connection, transaction
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("CREATE TABLE IF NOT EXISTS t (x integer)")
                cursor.execute("INSERT INTO t VALUES (1)")
        """
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "CACHE_URL": REDIS,
        "CACHE_KEY_PREFIX": prefix,
        "PATH": "/usr/bin:/bin",
    }
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", worker], cwd=root, env=env, check=True)
    assert pagecache.generation() >= before + 2  # at the write, and at its commit


def test_with_the_cache_unreachable_pages_are_drawn_afresh(client_for, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    client = client_for("head")
    for _ in range(2):
        response = home(client)
        assert response.status_code == 200
        assert response.context is not None


def test_an_htmx_fragment_and_the_whole_page_at_one_address_are_kept_apart(client_for, world):
    client = client_for("head")
    url = reverse("planning:plan-resources", args=[world.service_plan.pk])
    fragment = {"HX-Request": "true", "HX-Target": "savings"}
    whole = client.get(url).content.decode()
    part = client.get(url, headers=fragment).content.decode()
    assert "<html" in whole
    assert "<html" not in part
    assert "<html" in client.get(url).content.decode()
    assert "<html" not in client.get(url, headers=fragment).content.decode()
