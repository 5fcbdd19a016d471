"""The signed-in person, their roles and Django permissions come from the shared cache
between requests, and any change to them counts from the very next request."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from planning import person_cache
from planning.backends import PersonBackend
from planning.models import Person, Role, RoleAssignment
from tests import factories as f

pytestmark = pytest.mark.django_db

PAGE = "planning:accessibility"


def menu_of(client) -> str:
    html = client.get(reverse(PAGE)).content.decode()
    return html[html.index('id="navigation"') : html.index("</nav>")]


@pytest.fixture
def lead(client):
    person = f.PersonFactory()
    role = f.RoleFactory(
        person=person, role=Role.PERFORMANCE_LEAD, service=None, portfolio=f.PortfolioFactory()
    )
    client.force_login(person)
    assert "QA queue" in menu_of(client)
    return role


def test_a_signed_in_static_page_reads_nothing_from_the_database_once_warm(
    client, lead, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert client.get(reverse(PAGE)).status_code == 200


def test_without_the_shared_cache_the_person_is_read_from_the_database(
    client, lead, settings, django_assert_num_queries
):
    settings.SIGNED_IN_CACHE = False
    client.get(reverse(PAGE))
    # The session, the person, and their unread notifications (docs/adr/0022).
    with django_assert_num_queries(3):
        assert "QA queue" in menu_of(client)


def test_a_role_removed_counts_on_the_very_next_request(client, lead):
    lead.delete()
    assert "QA queue" not in menu_of(client)


def test_a_role_removed_in_a_committed_transaction_counts_on_the_next_request(
    client, lead, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        lead.delete()
    assert callbacks  # the stamp is replaced again once the change is committed
    assert "QA queue" not in menu_of(client)


def test_a_role_given_counts_on_the_very_next_request(client):
    person = f.PersonFactory()
    client.force_login(person)
    assert "QA queue" not in menu_of(client)
    f.RoleFactory(
        person=person, role=Role.PERFORMANCE_LEAD, service=None, portfolio=f.PortfolioFactory()
    )
    assert "QA queue" in menu_of(client)


def test_roles_removed_in_bulk_count_on_the_very_next_request(client, lead):
    RoleAssignment.objects.filter(person=lead.person).delete()
    assert "QA queue" not in menu_of(client)


def test_a_person_made_inactive_is_signed_out_at_once(client, lead):
    person = lead.person
    person.is_active = False
    person.save()
    assert "Sign out" not in client.get(reverse(PAGE)).content.decode()


def test_a_person_made_inactive_by_a_bulk_update_is_signed_out_at_once(client, lead):
    Person.objects.filter(pk=lead.person_id).update(is_active=False)
    assert "Sign out" not in client.get(reverse(PAGE)).content.decode()


def test_a_permission_given_to_a_group_counts_for_its_members_at_once(client):
    person = f.PersonFactory()
    group = Group.objects.create(name="Report readers")
    person.groups.add(group)
    client.force_login(person)
    assert "Reports" not in menu_of(client)
    group.permissions.add(Permission.objects.get(codename="view_reportrun"))
    assert "Reports" in menu_of(client)
    group.user_set.remove(person)
    assert "Reports" not in menu_of(client)


def test_a_permission_given_directly_counts_at_once(client):
    person = f.PersonFactory()
    client.force_login(person)
    assert "Reports" not in menu_of(client)
    person.user_permissions.add(Permission.objects.get(codename="view_reportrun"))
    assert "Reports" in menu_of(client)
    Permission.objects.get(codename="view_reportrun").delete()
    assert "Reports" not in menu_of(client)


def test_a_copy_read_before_a_change_is_never_used_after_it():
    """A request that read the person just before a change was saved cannot leave a copy
    that later requests take as current."""
    role = f.RoleFactory(person=f.PersonFactory(), service=f.ServiceFactory())
    backend = PersonBackend()
    stamps, _ = person_cache.person_read(person_id=role.person_id)
    stale = backend._person_copy(role.person_id)
    role.delete()
    person_cache.person_keep(person_id=role.person_id, stamps=stamps, copy=stale)
    assert backend.get_user(role.person_id)._gt_scope.services == set()


def test_the_person_is_read_from_the_database_when_the_cache_is_unreachable(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
        }
    }
    role = f.RoleFactory(person=f.PersonFactory(), service=f.ServiceFactory())
    loaded = PersonBackend().get_user(role.person_id)
    assert loaded == role.person
    assert loaded._gt_scope.services == {role.service_id}
