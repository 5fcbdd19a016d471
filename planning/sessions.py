"""Sessions kept in the database exactly as Django's database engine keeps them
(django.contrib.sessions.backends.db), read from the shared cache first as Django's
cached_db engine does, and on a miss read with one plain statement written once.

Every signed-in request reads its session first. Where every process shares the cache
(SIGNED_IN_CACHE, on with Redis), a session is read from it and the database is read only
when the cache has lost it; saving writes both, and ending a session (signing out, expiry)
removes it from both, so a session ended on one process is ended on all. Where the cache is
each process's own memory, sessions are read from the database only: a sign-out on one
process would not reach another's memory.
Settings: SESSION_ENGINE = "planning.sessions".
"""

import logging
from functools import cache

from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.db import connections, router
from django.utils import timezone

logger = logging.getLogger(__name__)


class SessionStore(cached_db.SessionStore):
    cache_key_prefix = "planning.sessions."

    def load(self):
        if not settings.SIGNED_IN_CACHE:
            # The database engine's own load, without the cache.
            return super(cached_db.SessionStore, self).load()
        # As cached_db loads, except that a cache which cannot be reached is passed by
        # (the database answers) rather than failing the page.
        try:
            data = self._cache.get(self.cache_key)
        except Exception:  # noqa: BLE001
            data = None
        if data is None:
            row = self._get_session_from_db()
            if row is None:
                return {}
            data = self.decode(row.session_data)
            try:
                self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=row.expire_date))
            except Exception:  # noqa: BLE001
                logger.warning("A session could not be kept in the cache", exc_info=True)
        return data

    def exists(self, session_key):
        if settings.SIGNED_IN_CACHE:
            try:
                return super().exists(session_key)
            except Exception:  # noqa: BLE001 - the cache unreachable: the database answers
                pass
        return super(cached_db.SessionStore, self).exists(session_key)

    def save(self, must_create=False):
        if settings.SIGNED_IN_CACHE:
            return super().save(must_create)
        return super(cached_db.SessionStore, self).save(must_create)

    def delete(self, session_key=None):
        # Always from the cache too: a session ended must not outlive it there. If the
        # cache cannot be reached the session still ends in the database and the person is
        # still signed out here, rather than shown an error.
        try:
            return super().delete(session_key)
        except Exception:  # noqa: BLE001 - the database row is gone already
            logger.exception("A session ended could not be removed from the cache")

    def _get_session_from_db(self):
        connection = connections[router.db_for_read(self.model)]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(_session_sql(connection.alias), [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        # The expiry is needed to keep the session in the cache no longer than it lasts.
        return self.model(
            session_key=self.session_key,
            session_data=row[0],
            expire_date=_aware(connection, row[1]),
        )


def _aware(connection, value):
    """The expiry as the ORM would hand it back (SQLite returns text, PostgreSQL a datetime)."""
    for convert, column in _expiry_converters(connection.alias):
        value = convert(value, column, connection)
    return value


@cache
def _expiry_converters(alias: str) -> list:
    from django.contrib.sessions.models import Session

    connection = connections[alias]
    column = Session._meta.get_field("expire_date").get_col(Session._meta.db_table)
    converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
    return [(convert, column) for convert in converters]


@cache
def _session_sql(alias: str) -> str:
    from django.contrib.sessions.models import Session

    quote, meta = connections[alias].ops.quote_name, Session._meta

    def column(name: str) -> str:
        return quote(meta.get_field(name).column)

    return (
        f"SELECT {column('session_data')}, {column('expire_date')}"
        f" FROM {quote(meta.db_table)}"
        f" WHERE {column('session_key')} = %s AND {column('expire_date')} > %s"
    )
