"""Sessions kept in the database exactly as Django's database engine keeps them
(django.contrib.sessions.backends.db), read with one plain statement written once.

Every signed-in request reads its session first; building that query through the ORM cost
more than running it. Saving, creating, deleting and clearing are Django's own.
Settings: SESSION_ENGINE = "planning.sessions".
"""

from functools import cache

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        connection = connections[router.db_for_read(self.model)]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(_session_sql(connection.alias), [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return self.model(session_key=self.session_key, session_data=row[0])


@cache
def _session_sql(alias: str) -> str:
    from django.contrib.sessions.models import Session

    quote, meta = connections[alias].ops.quote_name, Session._meta

    def column(name: str) -> str:
        return quote(meta.get_field(name).column)

    return (
        f"SELECT {column('session_data')} FROM {quote(meta.db_table)}"
        f" WHERE {column('session_key')} = %s AND {column('expire_date')} > %s"
    )
