"""Who a single sign-on is, decided from the sign-in service's claims (the claims as the
service would send them; the whole round trip is in test_sso.py)."""

import pytest

from planning.models import GroupRole, Person, Role
from planning.services.sso import (
    SignInRefused,
    person_roles_from_groups,
    person_signed_in_with_provider,
)
from tests import factories as f

pytestmark = pytest.mark.django_db


def claims(**extra):
    return {"sub": "oid-1", "email": "kim.lee@council.example", **extra}


def test_an_address_the_service_has_not_verified_finds_nobody(settings):
    settings.OIDC_CREATE_USERS = False
    f.PersonFactory(email="kim.lee@council.example")

    with pytest.raises(SignInRefused):
        person_signed_in_with_provider(claims=claims(email_verified=False))


def test_two_people_with_the_address_are_refused_rather_than_guessed(settings):
    f.PersonFactory(email="kim.lee@council.example")
    f.PersonFactory(email="KIM.LEE@council.example")

    with pytest.raises(SignInRefused, match="More than one person"):
        person_signed_in_with_provider(claims=claims())


def test_someone_added_gets_a_username_of_their_own(settings):
    settings.OIDC_CREATE_USERS = True
    f.PersonFactory(username="kim.lee@council.example", email="other@council.example")

    person = person_signed_in_with_provider(claims=claims(name="Kim Lee"))

    assert person.username == "kim.lee@council.example-2"
    assert (person.first_name, person.last_name) == ("Kim", "Lee")
    assert Person.objects.get(sso_subject="oid-1") == person


def test_entra_ids_object_id_can_be_the_lasting_id(settings):
    settings.OIDC_SUBJECT_CLAIM = "oid"
    person = f.PersonFactory(sso_subject="object-id-9")

    found = person_signed_in_with_provider(claims=claims(oid="object-id-9"))

    assert found == person


def test_with_no_group_given_a_role_every_role_stays_as_set_in_the_app():
    person = f.PersonFactory()
    f.RoleFactory(person=person, role=Role.BOARD_MEMBER)

    assert not person_roles_from_groups(person=person, groups={"anything"})
    assert list(person.roles.values_list("role", flat=True)) == [Role.BOARD_MEMBER]


def test_a_group_can_give_a_role_on_a_unit():
    person = f.PersonFactory()
    service = f.ServiceFactory()
    GroupRole.objects.create(group="parks-heads", role=Role.HEAD_OF_SERVICE, service=service)

    assert person_roles_from_groups(person=person, groups={"parks-heads"})
    assert person_roles_from_groups(person=person, groups={"parks-heads"}) is False

    role = person.roles.get()
    assert (role.role, role.service_id) == (Role.HEAD_OF_SERVICE, service.pk)


def test_a_groups_role_must_be_held_on_the_unit_the_role_needs():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="hold their role on a service"):
        GroupRole(group="g", role=Role.HEAD_OF_SERVICE).full_clean()
