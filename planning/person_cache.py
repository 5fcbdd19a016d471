"""The signed-in person, with their roles and Django permissions, kept in the shared cache
between requests (SIGNED_IN_CACHE), so that a signed-in page need not read them again.

Each kept copy is stamped with two version stamps: the person's own, and everyone's. A copy
is used only while both stamps are still the ones it was read under. Any change to a person,
their roles, their groups or permissions replaces the person's stamp; a change that may
touch many people (a group's permissions, a permission, a bulk update) replaces everyone's.
Stamps are replaced at once and again when the change is committed, so a request that read
the old rows in between cannot leave a copy that looks current. A role removed therefore
counts from the very next request, and a person made inactive is signed out at once.
"""

import contextlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction

EVERYONE = "planning.person-stamp.everyone"
# A kept copy lasts at most this long even if a stamp could not be replaced (the cache
# unreachable at that moment).
KEEP_SECONDS = 300


def _stamp_key(person_id) -> str:
    return f"planning.person-stamp.{person_id}"


def _copy_key(person_id) -> str:
    return f"planning.person.{person_id}"


def person_read(*, person_id) -> tuple[tuple | None, object | None]:
    """(the current stamps, the kept copy if it is still current) in one cache round trip;
    stamps None when the cache cannot be used."""
    if not settings.SIGNED_IN_CACHE:
        return None, None
    keys = (EVERYONE, _stamp_key(person_id), _copy_key(person_id))
    try:
        found = cache.get_many(keys)
        stamps = (found.get(keys[0]), found.get(keys[1]))
        if None in stamps:
            for key, stamp in zip(keys[:2], stamps, strict=True):
                if stamp is None:
                    cache.add(key, uuid.uuid4().hex, None)
            found = cache.get_many(keys[:2])
            return (found.get(keys[0]), found.get(keys[1])), None
    except Exception:  # noqa: BLE001 - the cache is a shortcut; the database still answers
        return None, None
    copy = found.get(keys[2])
    if copy is not None and copy[0] == stamps:
        return stamps, copy[1]
    return stamps, None


def person_keep(*, person_id, stamps: tuple | None, copy) -> None:
    """Keep the copy read from the database under the stamps read before it."""
    if stamps is None or None in stamps:
        return
    # Not kept if the cache fails: the next request reads the database.
    with contextlib.suppress(Exception):
        cache.set(_copy_key(person_id), (stamps, copy), KEEP_SECONDS)


def person_changed(person_id) -> None:
    """A person, their roles, groups or own permissions changed."""
    _replace(_stamp_key(person_id))


def everyone_changed() -> None:
    """Something that may touch many people changed (a group's permissions, a bulk update)."""
    _replace(EVERYONE)


def _replace(key: str) -> None:
    def replace():
        # If the cache fails, kept copies still lapse after KEEP_SECONDS.
        with contextlib.suppress(Exception):
            cache.set(key, uuid.uuid4().hex, None)

    replace()
    transaction.on_commit(replace)


class PeopleQuerySet(models.QuerySet):
    """People's and role assignments' bulk writes skip the save signals below: each one
    replaces everyone's stamp instead."""

    def update(self, **kwargs):
        changed = super().update(**kwargs)
        everyone_changed()
        return changed

    def bulk_create(self, *args, **kwargs):
        made = super().bulk_create(*args, **kwargs)
        everyone_changed()
        return made

    def bulk_update(self, *args, **kwargs):
        changed = super().bulk_update(*args, **kwargs)
        everyone_changed()
        return changed


def connect_receivers() -> None:
    """Every change to a person, their roles, groups and permissions, through a form, the
    admin or a service, replaces a stamp (planning's AppConfig.ready calls this once)."""
    from django.contrib.auth.models import Group, Permission
    from django.contrib.auth.signals import user_logged_in
    from django.db.models import signals

    from planning.models import Person, RoleAssignment

    def on_person(sender, instance, **kwargs):
        person_changed(instance.pk)

    def on_role(sender, instance, **kwargs):
        person_changed(instance.person_id)

    def on_membership(sender, instance, reverse, **kwargs):
        if kwargs["action"].startswith("pre_"):
            return
        if reverse:  # from the group's or permission's side: any number of people
            everyone_changed()
        else:
            person_changed(instance.pk)

    def on_everyone(sender, **kwargs):
        if not kwargs.get("action", "post_").startswith("pre_"):
            everyone_changed()

    for signal in (signals.post_save, signals.post_delete):
        signal.connect(on_person, sender=Person, weak=False, dispatch_uid=f"pc-person-{signal}")
        signal.connect(on_role, sender=RoleAssignment, weak=False, dispatch_uid=f"pc-role-{signal}")
        for model in (Group, Permission):
            signal.connect(
                on_everyone, sender=model, weak=False, dispatch_uid=f"pc-{model}-{signal}"
            )
    for through in (Person.groups.through, Person.user_permissions.through):
        signals.m2m_changed.connect(
            on_membership, sender=through, weak=False, dispatch_uid=f"pc-{through}"
        )
    signals.m2m_changed.connect(
        on_everyone, sender=Group.permissions.through, weak=False, dispatch_uid="pc-group-perms"
    )
    user_logged_in.connect(on_signed_in, weak=False, dispatch_uid="pc-signed-in")


def on_signed_in(sender, request, user, **kwargs):
    """Keep the person's copy as they sign in (after Django has noted the sign-in on them),
    so their first page reads it from the cache like every later one."""
    if not settings.SIGNED_IN_CACHE:
        return
    from planning.backends import PersonBackend

    PersonBackend().person_kept(user.pk)
