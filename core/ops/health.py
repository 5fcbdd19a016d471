"""Whether this process can serve: each part it needs is asked in parallel, each with a
short timeout, so the whole answer comes within READY_TIMEOUT_SECONDS (default 0.8)."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor, wait

from django.conf import settings
from django.db import connections

from core.storage import storage_ready

PART_TIMEOUT = 0.5


def _database() -> str:
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close()  # this thread's own connection
    return "reachable"


def _redis(url: str) -> str:
    import redis

    client = redis.Redis.from_url(
        url, socket_timeout=PART_TIMEOUT, socket_connect_timeout=PART_TIMEOUT
    )
    try:
        client.ping()
    finally:
        client.close()
    return "reachable"


def _cache() -> str:
    if not settings.CACHE_URL:
        return "this process's own memory"
    return _redis(settings.CACHE_URL)


def _broker() -> str:
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return "jobs run inline"
    return _redis(url)


def _storage() -> str:
    return storage_ready(timeout=PART_TIMEOUT)


CHECKS = {"database": _database, "cache": _cache, "broker": _broker, "storage": _storage}


def readiness(*, timeout: float | None = None) -> tuple[bool, dict[str, dict]]:
    """Each part's answer ({"ok": ..., "detail": ..., "ms": ...}) and whether all are ok."""
    timeout = timeout if timeout is not None else settings.READY_TIMEOUT_SECONDS
    pool = ThreadPoolExecutor(max_workers=len(CHECKS), thread_name_prefix="readyz")
    started = time.perf_counter()
    futures = {name: pool.submit(check) for name, check in CHECKS.items()}
    wait(futures.values(), timeout=timeout)
    pool.shutdown(wait=False, cancel_futures=True)
    parts = {}
    for name, future in futures.items():
        if not future.done():
            parts[name] = {"ok": False, "detail": f"no answer within {timeout:g} s"}
            continue
        try:
            parts[name] = {"ok": True, "detail": future.result()}
        except Exception as exc:  # any failure of a part is reported, never raised
            parts[name] = {"ok": False, "detail": f"{type(exc).__name__}: {exc}"[:300]}
    took = round((time.perf_counter() - started) * 1000, 1)
    for part in parts.values():
        part.setdefault("ms", took)
    return all(part["ok"] for part in parts.values()), parts
