"""Setting when a test's session ends, in the database and in the shared cache alike, as
time passing would (the cache keeps a session no longer than it lasts)."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.utils import timezone

from planning.sessions import SessionStore


def session_ends_in(session_key: str, ends_in: timedelta) -> None:
    Session.objects.filter(session_key=session_key).update(expire_date=timezone.now() + ends_in)
    store = SessionStore(session_key)
    seconds = int(ends_in.total_seconds())
    data = cache.get(store.cache_key)
    if data is not None:
        if seconds > 0:
            cache.set(store.cache_key, data, seconds)
        else:
            cache.delete(store.cache_key)
