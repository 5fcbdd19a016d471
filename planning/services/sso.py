"""Single sign-on: who a person signing in through the council's sign-in service is, and
the roles their groups give them (docs/adr/0023-single-sign-on.md)."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import IntegrityError, transaction

from core.saving import remove_with_history, save_with_history
from planning import person_cache
from planning.models import GroupRole, Person, RoleAssignment


class SignInRefused(Exception):
    """The sign-in service vouched for someone this app will not sign in."""


@transaction.atomic
def person_signed_in_with_provider(*, claims: dict) -> Person:
    """The person the sign-in service has just signed in, with their groups' roles.

    A person is found by the service's lasting id for them (its subject, or Entra ID's
    object id), noted on them at their first single sign-on; failing that, by their email
    address (unless the service says it is unverified), if exactly one person has it and
    no other sign-in account was noted on them.
    Someone the app does not know is added only where the council allows it
    (OIDC_CREATE_USERS), with no password of their own. A person switched off in the app
    stays switched off.
    """
    subject = str(claims[settings.OIDC_SUBJECT_CLAIM])
    email = str(claims.get(settings.OIDC_EMAIL_CLAIM) or "").strip()
    person = Person.objects.select_for_update().filter(sso_subject=subject).first()
    # An address the service says it has not verified is no proof of who someone is.
    if person is None and email and claims.get("email_verified") is not False:
        person = _person_linked_by_email(subject=subject, email=email)
    if person is None:
        if not settings.OIDC_CREATE_USERS:
            raise SignInRefused(f"No one here has the sign-in {subject} or the email {email!r}")
        person = _person_add(subject=subject, email=email, claims=claims)
    if not person.is_active:
        raise SignInRefused(f"{person.username} is switched off")
    person_roles_from_groups(person=person, groups=_groups(claims))
    return person


def _person_linked_by_email(*, subject: str, email: str) -> Person | None:
    matches = list(Person.objects.select_for_update().filter(email__iexact=email)[:2])
    if not matches:
        return None
    if len(matches) > 1:
        raise SignInRefused(f"More than one person has the email {email!r}")
    person = matches[0]
    if person.sso_subject:
        raise SignInRefused(f"{person.username} signs in with another account than {subject}")
    person.sso_subject = subject
    save_with_history(
        person,
        actor=person,
        reason="Linked to the council's sign-in at their first single sign-on",
        fields=["sso_subject"],
        first_wins=False,
    )
    return person


def _person_add(*, subject: str, email: str, claims: dict) -> Person:
    first, last = _names(claims)
    person = Person(
        username=_free_username(email or f"sso-{subject}"),
        email=email,
        first_name=first,
        last_name=last,
        sso_subject=subject,
    )
    person.set_unusable_password()
    try:
        with transaction.atomic():
            save_with_history(
                person,
                actor=None,
                reason="Added at their first single sign-on",
                first_wins=False,
            )
    except IntegrityError:
        # Signed in twice at once: the other sign-in added them.
        return Person.objects.select_for_update().get(sso_subject=subject)
    return person


def _names(claims: dict) -> tuple[str, str]:
    first, last = claims.get("given_name") or "", claims.get("family_name") or ""
    if not (first or last) and claims.get("name"):
        first, _, last = str(claims["name"]).partition(" ")
    return str(first)[:150], str(last)[:150]


def _free_username(wanted: str) -> str:
    base = re.sub(r"[^\w.@+-]", "-", wanted.lower())[:140] or "sso"
    taken = set(Person.objects.filter(username__startswith=base).values_list("username", flat=True))
    username, number = base, 1
    while username in taken:
        number += 1
        username = f"{base}-{number}"
    return username


def _groups(claims: dict) -> set[str]:
    groups = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    if isinstance(groups, str):
        groups = [groups]
    return {str(group) for group in groups}


def person_roles_from_groups(*, person: Person, groups: set[str]) -> bool:
    """Give the person the roles of the groups they are in, and take away those of the
    groups they are not in; True if anything changed.

    Only the roles the council has given to some group (GroupRole) are decided here: any
    other role the person holds was set in the app and stays. With no group given a role,
    nothing changes. A role changed here counts from the person's next page on every
    process (the signed-in cache is told, planning/person_cache.py).
    """
    rules = list(GroupRole.objects.all())
    if not rules:
        return False
    governed = {rule.held for rule in rules}
    wanted = {rule.held: rule for rule in rules if rule.group in groups}
    held = {
        (a.role, a.service_id, a.directorate_id, a.area_id, a.portfolio_id): a
        for a in RoleAssignment.objects.select_for_update().filter(person=person)
    }
    changed = False
    for key, assignment in held.items():
        if key in governed and key not in wanted:
            remove_with_history(
                assignment, actor=person, reason="No longer in a group given this role"
            )
            changed = True
    for key, rule in wanted.items():
        if key in held:
            continue
        role, service, directorate, area, portfolio = key
        assignment = RoleAssignment(
            person=person,
            role=role,
            service_id=service,
            directorate_id=directorate,
            area_id=area,
            portfolio_id=portfolio,
        )
        save_with_history(
            assignment,
            actor=person,
            reason=f"Given by the group {rule.group} at single sign-on",
            first_wins=False,
        )
        changed = True
    if changed:
        person_cache.person_changed(person.pk)
    return changed
