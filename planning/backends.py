"""Signing in and Django's own permissions, as django.contrib.auth's ModelBackend does them,
with what every signed-in request reads done in plain statements written once.

Every signed-in request loads the person; every page draws the menu, which asks about
permissions the council's rules (planning/permissions) do not grant to most people, so
Django then asks this backend for the permissions given to the person and their groups.
ModelBackend builds an ORM query for the person and two for the permissions on each
request; building them cost more than running them. Here the person is one statement and
the permissions another, with the same answers, kept on the person for the rest of the
request as ModelBackend keeps them — and, where the cache is shared (SIGNED_IN_CACHE),
kept there between requests until anything about the person changes
(planning/person_cache.py), so a signed-in page usually reads neither.
"""

from functools import cache

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection

from planning import person_cache
from planning.models import Person, RoleAssignment
from planning.permissions.scope import scope_from_roles


class PersonBackend(ModelBackend):
    def authenticate(
        self, request, username=None, password=None, administrators_only=False, **kwargs
    ):
        """A password sign-in. Where the council has switched passwords off
        (LOCAL_SIGNIN=0), and on the break-glass page (`administrators_only`), only an
        administrator's password is accepted: anyone else's is refused as a wrong one."""
        person = super().authenticate(request, username=username, password=password, **kwargs)
        if person is None or person.is_superuser:
            return person
        if administrators_only or not settings.LOCAL_SIGNIN:
            return None
        return person

    def get_user(self, user_id):
        """The person, with their roles (the reach planning/permissions works from) and
        their Django permissions: from the shared cache while nothing about them has
        changed (planning/person_cache.py), otherwise in one statement (two if they hold
        any Django permission)."""
        stamps, copy = self.person_kept(user_id)
        if copy is None:
            return None
        values, roles, permissions = copy
        person = Person.from_db(connection.alias, _person_attnames(), list(values))
        if not self.user_can_authenticate(person):
            return None
        person._gt_scope = scope_from_roles(person, roles)
        # Names this version of the person: what is worked out from it alone (the menu)
        # may be kept against it (planning/navigation.py).
        person._gt_version = (user_id, stamps) if stamps is not None else None
        if permissions is not None:
            person._perm_cache = permissions
            if not permissions:
                person._user_perm_cache = person._group_perm_cache = set()
        return person

    def person_kept(self, user_id) -> tuple[tuple | None, tuple | None]:
        """(the stamps, the person's copy): the kept copy while it is current, otherwise
        read from the database and kept (None: no such person)."""
        stamps, copy = person_cache.person_read(person_id=user_id)
        if copy is None:
            copy = self._person_copy(user_id)
            if copy is not None:
                person_cache.person_keep(person_id=user_id, stamps=stamps, copy=copy)
        return stamps, copy

    def _person_copy(self, user_id) -> tuple | None:
        """(the person's column values, their role rows, their Django permissions or None
        for a superuser, whose permissions are all there are) read from the database."""
        with connection.cursor() as cursor:
            cursor.execute(_person_sql(), [user_id])
            rows = cursor.fetchall()
        if not rows:
            return None
        fields = Person._meta.concrete_fields
        # The database's values become Python's as the ORM converts them (dates, booleans).
        values = list(rows[0][: len(fields)])
        for index, converters, column in _person_converters():
            for convert in converters:
                values[index] = convert(values[index], column, connection)
        roles = [row[len(fields) + 1 :] for row in rows if row[len(fields) + 1] is not None]
        is_superuser = values[_person_attnames().index("is_superuser")]
        if is_superuser:
            permissions = None
        elif not rows[0][len(fields)]:
            # No permission of their own and no group: ModelBackend would find none.
            permissions = set()
        else:
            permissions = _permissions_of(user_id)
        return tuple(values), roles, permissions

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = _permissions_of(user_obj.pk)
        return user_obj._perm_cache


def _permissions_of(person_id) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(_permissions_sql(), [person_id, person_id])
        return {f"{app}.{codename}" for app, codename in cursor}


@cache
def _person_attnames() -> list[str]:
    return [field.attname for field in Person._meta.concrete_fields]


@cache
def _person_sql() -> str:
    quote, meta = connection.ops.quote_name, Person._meta

    def column(model, name: str) -> str:
        return quote(model._meta.get_field(name).column)

    direct, membership = Person.user_permissions.through, Person.groups.through
    pk = quote(meta.pk.column)
    person_columns = ", ".join(f"p.{quote(field.column)}" for field in meta.concrete_fields)
    role_columns = ", ".join(
        f"r.{column(RoleAssignment, name)}"
        for name in ("role", "service", "directorate", "area", "portfolio")
    )
    has_permissions = (
        f"(EXISTS (SELECT 1 FROM {quote(direct._meta.db_table)} d"
        f" WHERE d.{column(direct, 'person')} = p.{pk})"
        f" OR EXISTS (SELECT 1 FROM {quote(membership._meta.db_table)} m"
        f" WHERE m.{column(membership, 'person')} = p.{pk}))"
    )
    return (
        f"SELECT {person_columns}, {has_permissions}, {role_columns}"
        f" FROM {quote(meta.db_table)} p"
        f" LEFT JOIN {quote(RoleAssignment._meta.db_table)} r"
        f" ON r.{column(RoleAssignment, 'person')} = p.{pk}"
        f" WHERE p.{pk} = %s"
    )


@cache
def _person_converters() -> list[tuple[int, list, object]]:
    found = []
    for index, field in enumerate(Person._meta.concrete_fields):
        column = field.get_col(Person._meta.db_table)
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if converters:
            found.append((index, converters, column))
    return found


@cache
def _permissions_sql() -> str:
    """The permissions given to a person directly or through any of their groups, as
    (app label, codename)."""
    quote = connection.ops.quote_name

    def table(model) -> str:
        return quote(model._meta.db_table)

    def column(model, name: str) -> str:
        return quote(model._meta.get_field(name).column)

    direct = Person.user_permissions.through
    membership = Person.groups.through
    granted = Group.permissions.through
    content_type = Permission._meta.get_field("content_type").related_model
    return (
        f"SELECT ct.{column(content_type, 'app_label')}, p.{column(Permission, 'codename')}"
        f" FROM {table(Permission)} p"
        f" JOIN {table(content_type)} ct ON ct.{column(content_type, 'id')}"
        f" = p.{column(Permission, 'content_type')}"
        f" WHERE p.{column(Permission, 'id')} IN ("
        f"SELECT {column(direct, 'permission')} FROM {table(direct)}"
        f" WHERE {column(direct, 'person')} = %s"
        f" UNION SELECT g.{column(granted, 'permission')} FROM {table(granted)} g"
        f" JOIN {table(membership)} m ON m.{column(membership, 'group')}"
        f" = g.{column(granted, 'group')}"
        f" WHERE m.{column(membership, 'person')} = %s)"
    )
