"""What every signed-in page costs before its own content: the session, the person with
their roles, and the menu. Two statements, whoever signs in; and the menu still follows
the permissions, whether the council's rules or Django's own (the admin's groups) grant
them."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.urls import reverse

from planning.backends import PersonBackend
from planning.models import Person, Role
from tests import factories as f
from tests.planning.session_ends import session_ends_in

pytestmark = pytest.mark.django_db


def role_on_its_unit(role) -> dict:
    unit = {
        Role.HEAD_OF_SERVICE: {"service": f.ServiceFactory()},
        Role.PERFORMANCE_LEAD: {"portfolio": f.PortfolioFactory()},
    }.get(role, {})
    return {"role": role, **unit}


def menu_of(response) -> str:
    html = response.content.decode()
    return html[html.index('id="navigation"') : html.index("</nav>")]


@pytest.mark.parametrize(
    "role", [None, Role.HEAD_OF_SERVICE, Role.PERFORMANCE_LEAD, Role.BOARD_MEMBER, "admin"]
)
def test_a_static_page_signed_in_reads_the_session_and_the_person_only(
    client, django_assert_max_num_queries, role
):
    person = f.PersonFactory(is_superuser=role == "admin")
    if role not in (None, "admin"):
        f.RoleFactory(person=person, **role_on_its_unit(role))
    client.force_login(person)
    client.get(reverse("planning:accessibility"))  # the first request notes the session seen
    with django_assert_max_num_queries(2):
        response = client.get(reverse("planning:accessibility"))
    assert response.status_code == 200
    assert "Sign out" in menu_of(response)


def test_the_menu_shows_what_the_rules_grant(client):
    lead = f.PersonFactory()
    f.RoleFactory(person=lead, **role_on_its_unit(Role.PERFORMANCE_LEAD))
    client.force_login(lead)
    menu = menu_of(client.get(reverse("planning:accessibility")))
    for entry in ("QA queue", "Orphans", "Board dashboard"):
        assert entry in menu
    assert "Administration" not in menu


def test_the_menu_shows_what_a_group_grants(client):
    """A permission given through a Django group (as an administrator may in the admin)
    shows its entry, as it did when the menu asked `perms` in the template."""
    person = f.PersonFactory()
    client.force_login(person)
    assert "Reports" not in menu_of(client.get(reverse("planning:accessibility")))
    group = Group.objects.create(name="Report readers")
    group.permissions.add(Permission.objects.get(codename="view_reportrun"))
    person.groups.add(group)
    assert "Reports" in menu_of(client.get(reverse("planning:accessibility")))


def test_a_permission_given_directly_is_found_too():
    person = f.PersonFactory()
    person.user_permissions.add(Permission.objects.get(codename="view_reportrun"))
    loaded = PersonBackend().get_user(person.pk)
    assert loaded.has_perm("reporting.view_reportrun")
    assert not PersonBackend().get_user(f.PersonFactory().pk).has_perm("reporting.view_reportrun")


def test_the_person_loads_as_the_orm_loads_them():
    person = f.PersonFactory(service=f.ServiceFactory(), job_title="Head of Parks")
    loaded, expected = PersonBackend().get_user(person.pk), Person.objects.get(pk=person.pk)
    for field in Person._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.name
        assert type(getattr(loaded, field.attname)) is type(getattr(expected, field.attname))
    assert not loaded._state.adding
    assert PersonBackend().get_user(person.pk + 1000) is None


def test_an_inactive_person_is_not_signed_in():
    person = f.PersonFactory(is_active=False)
    assert PersonBackend().get_user(person.pk) is None


def test_an_expired_session_signs_the_person_out(client):
    client.force_login(f.PersonFactory())
    assert "Sign out" in client.get(reverse("planning:accessibility")).content.decode()
    session_ends_in(Session.objects.get().session_key, timedelta(seconds=-1))
    assert "Sign out" not in client.get(reverse("planning:accessibility")).content.decode()


def test_your_downloads_are_in_the_menu_for_those_who_may_download(client):
    member = f.PersonFactory()
    f.RoleFactory(person=member, **role_on_its_unit(Role.COMMITTEE_MEMBER))
    client.force_login(member)
    menu = menu_of(client.get(reverse("planning:accessibility")))
    assert f'href="{reverse("reporting:download-list")}"' in menu
    assert "Your downloads" in menu
    assert client.get(reverse("reporting:download-list")).status_code == 200
    client.force_login(f.PersonFactory())
    assert "Your downloads" not in menu_of(client.get(reverse("planning:accessibility")))
