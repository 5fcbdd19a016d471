"""Rendered pages kept in the shared cache until the data they were drawn from changes
(docs/adr/0014-page-cache.md).

A page a signed-in person reads (GET, answered 200 with HTML) is kept under a key made of
its address with the query string, the person and today's date (the date the app plans by
and the calendar's), together with the **data generation** it was drawn at: a counter in the
shared cache that moves after every write to the database, from any web process, worker or
command. A kept page is served only while the generation is still the one it was drawn at,
so a write on one process retires every page kept by every process; nothing has to know
which pages a write touches.

The generation moves when a write statement runs (so that the writer's own next page is
fresh, and so that tests, whose transactions never commit, see their writes) and again when
its transaction commits (so that a page drawn by another process between the write and the
commit, from the data as it was, is not served afterwards). Writes to the sessions table do
not count: a session is not what any page shows.

What a kept page must not carry from one request to the next is put back fresh when it is
served: the CSRF token of forms (each session has its own) and the CSP nonce (one per
response). Pages showing messages are never kept nor served from the cache; neither are
pages that set a cookie or say not to store them. PAGE_CACHE=0 switches it all off.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import threading
import time

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import connections
from django.db.backends.signals import connection_created
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils import timezone

from core import clock

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
PAGE_PREFIX = "pagecache:page:"
# Statements that change data. Left out: sessions, the sign-in throttle's records (shown
# only in the admin, never kept) and the time a person last signed in, which no page shows
# and which would otherwise retire every page at every sign-in.
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|TRUNCATE|MERGE)\b", re.IGNORECASE)
UNCOUNTED = re.compile(
    r"""^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?(?:django_session|axes_\w+)\b"""
    r"""|^\s*UPDATE\s+[`"]?\w+[`"]?\s+SET\s+[`"]?last_login[`"]?\s*=\s*%s\s+WHERE""",
    re.IGNORECASE,
)
CSRF_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
# Headers that are the request's own, never a kept page's.
REQUEST_HEADERS = {"set-cookie", "content-length"}

# Whether this thread has served or kept a page since it last moved the generation: a
# further write in the same transaction then moves it again, else once a transaction does.
_since_bump = threading.local()


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE", True)


def _placeholder(kind: str) -> str:
    """A stand-in for a per-request value in a kept page: derived from the secret key, so
    no one can type it into a record and have it replaced."""
    digest = hmac.new(settings.SECRET_KEY.encode(), kind.encode(), hashlib.sha256).hexdigest()
    return f"pagecache-{kind}-{digest[:24]}"


# --- the data generation -------------------------------------------------------------------


def generation() -> int:
    """The data generation now. A missing counter (a new cache, or one emptied) starts from
    the clock, so it never repeats a number pages were kept under before."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, time.time_ns() // 1000, timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def generation_in_use() -> int:
    """The data generation now, for something kept under it besides a page (a count on
    the menu): like a page served or kept, it makes a further write in this thread's
    transaction move the generation on again."""
    _since_bump.used = True
    return generation()


def generation_bump() -> None:
    """Retire every kept page: the data has changed."""
    _since_bump.used = False
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, time.time_ns() // 1000, timeout=None)
    except Exception:
        # The write has happened (perhaps committed): it must not fail for the cache's sake.
        logger.exception("Could not move the pages' data generation")


def _on_commit_pending(connection) -> bool:
    return any(func is generation_bump for _, func, _ in connection.run_on_commit)


def _counted(sql) -> bool:
    text = sql if isinstance(sql, str) else str(sql)
    return bool(WRITE.match(text)) and not UNCOUNTED.match(text)


def _note_writes(connection):
    """An execute wrapper: after a write statement, move the generation now and once more
    when the transaction commits (in autocommit the statement has committed already)."""

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        # Counted even where PAGE_CACHE is off: a worker started with it off must still
        # retire the pages the web processes keep.
        if _counted(sql):
            if not connection.in_atomic_block:
                generation_bump()
            elif not _on_commit_pending(connection):
                connection.on_commit(generation_bump)
                generation_bump()
            elif getattr(_since_bump, "used", False):
                generation_bump()
        return result

    wrapper.page_cache = True
    return wrapper


def _install(connection, **kwargs) -> None:
    if not any(getattr(w, "page_cache", False) for w in connection.execute_wrappers):
        connection.execute_wrappers.append(_note_writes(connection))


def install() -> None:
    """Note writes on every database connection of this process, present and to come (each
    thread of a web worker has its own)."""
    connection_created.connect(_install, dispatch_uid="core.pagecache.install")
    for connection in connections.all(initialized_only=True):
        _install(connection)


def _settings_changed(**kwargs) -> None:
    # Tests change settings that pages show (a council's name, "today"): draw them afresh.
    generation_bump()


setting_changed.connect(_settings_changed, dispatch_uid="core.pagecache.settings")


# --- the middleware ---------------------------------------------------------------------------


def _page_key(request) -> str:
    parts = [
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        str(request.user.pk),
        str(clock.today()),
        str(timezone.localdate()),
        # htmx asks for a part of a page (the same address answers with a fragment).
        *(
            f"{name}={value}"
            for name, value in sorted(request.headers.items())
            if name.startswith("Hx-")
        ),
    ]
    return PAGE_PREFIX + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _has_messages(request) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(messages.get_messages(request)) > 0


def _keepable(request, response) -> bool:
    storage = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and "no-store" not in response.get("Cache-Control", "")
        # A message added while drawing the page is for this request only.
        and not (storage is not None and storage.added_new)
    )


def _freeze(request, response) -> dict:
    """What is kept of a page: its headers and its body with the request's CSRF token and
    CSP nonce replaced by stand-ins."""
    body = response.content.decode(response.charset)
    secret = request.META.get("CSRF_COOKIE")
    if secret and request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):

        def swap(match):
            token = match.group(0)
            return _placeholder("csrf") if _unmask_cipher_token(token) == secret else token

        body = CSRF_TOKEN.sub(swap, body)
    nonce = getattr(request, "_csp_nonce", None)
    if nonce:
        body = body.replace(str(nonce), _placeholder("nonce"))
    headers = [(k, v) for k, v in response.items() if k.lower() not in REQUEST_HEADERS]
    return {"body": body, "headers": headers, "charset": response.charset}


def _thaw(request, kept: dict) -> HttpResponse:
    body = kept["body"]
    if _placeholder("csrf") in body:
        body = body.replace(_placeholder("csrf"), get_token(request))
    if _placeholder("nonce") in body:
        body = body.replace(_placeholder("nonce"), str(request._csp_nonce))
    response = HttpResponse(body.encode(kept["charset"]))
    for name, value in kept["headers"]:
        response[name] = value
    return response


class PageCacheMiddleware:
    """Serve a signed-in person's page from the shared cache while the data is unchanged;
    keep the page otherwise (see the module's docstring for what is left out)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._applies(request):
            return self.get_response(request)
        # The page is kept with the generation it was drawn at, and read with the current
        # generation in one round trip to the cache.
        key = _page_key(request)
        try:
            found = cache.get_many([GENERATION_KEY, key])
            gen = found.get(GENERATION_KEY)
            if gen is None:
                gen = generation()
        except Exception:
            # The cache is unreachable: the page is drawn afresh, and not kept.
            logger.exception("Could not read the page cache")
            return self.get_response(request)
        _since_bump.used = True
        kept = found.get(key)
        if kept is not None and kept["generation"] == gen:
            return _thaw(request, kept)
        response = self.get_response(request)
        if _keepable(request, response):
            kept = _freeze(request, response) | {"generation": gen}
            try:
                cache.set(key, kept, settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.exception("Could not keep a page in the page cache")
        return response

    @staticmethod
    def _applies(request) -> bool:
        return (
            enabled()
            and request.method == "GET"
            and not request.path.startswith(settings.PAGE_CACHE_SKIP_PREFIXES)
            and request.user.is_authenticated
            and not _has_messages(request)
        )
