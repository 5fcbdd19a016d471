"""Single sign-on against a real OpenID Connect provider (tests/sso_provider.py): who is
signed in, who is added, the roles their groups give, passwords switched off, and signing
out of the provider too."""

import re

import pytest
import requests
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from planning.models import GroupRole, Person, Role, RoleAssignment
from planning.permissions.scope import scope_for
from planning.sso.provider import end_session_url
from tests import factories as f
from tests.sso_provider import PEOPLE, provider_pages, sign_in_through_provider

pytestmark = pytest.mark.django_db

PASSWORD = "test-password-123"  # the factories' password


@pytest.fixture
def loopback():
    """A test client on 127.0.0.1, an address the test provider sends people back to."""
    return Client(HTTP_HOST="127.0.0.1")


@pytest.fixture
def leads_group():
    portfolio = f.PortfolioFactory()
    return GroupRole.objects.create(
        group="gt-performance-leads", role=Role.PERFORMANCE_LEAD, portfolio=portfolio
    )


def signed_in(client):
    return client.get(reverse("planning:home")).wsgi_request.user


def test_someone_new_is_added_at_first_sign_in_with_their_groups_role(sso, loopback, leads_group):
    response = sign_in_through_provider(loopback, "pat.lead")

    assert response.status_code == 302
    assert response["Location"] == reverse("planning:home")
    person = Person.objects.get(sso_subject="oid-0001-pat")
    assert (person.email, person.first_name, person.last_name) == (
        "pat.okafor@council.example",
        "Pat",
        "Okafor",
    )
    assert not person.has_usable_password()
    user = signed_in(loopback)
    assert user.pk == person.pk
    assert scope_for(user).portfolios == {leads_group.portfolio_id}
    home = loopback.get(reverse("planning:home")).content.decode()
    assert "QA queue" in home


def test_a_known_person_is_found_by_email_their_id_noted_and_their_roles_kept(sso, loopback):
    person = f.PersonFactory(username="sam", email="Sam.Jones@council.example")
    role = f.RoleFactory(person=person, role=Role.HEAD_OF_SERVICE, service=f.ServiceFactory())

    sign_in_through_provider(loopback, "sam.staff")

    person.refresh_from_db()
    assert person.sso_subject == "oid-0002-sam"
    assert signed_in(loopback).pk == person.pk
    # No group is given a role: every role stays as set in the app.
    assert list(person.roles.all()) == [role]
    assert Person.objects.count() == 1
    assert person.history.first().history_change_reason.startswith("Linked to the council")


def test_a_person_is_found_by_their_id_whatever_their_email_now(sso, loopback):
    person = f.PersonFactory(email="old.name@council.example", sso_subject="oid-0002-sam")

    sign_in_through_provider(loopback, "sam.staff")

    assert signed_in(loopback).pk == person.pk
    assert Person.objects.count() == 1


def test_nobody_is_added_where_the_council_does_not_allow_it(sso, loopback, settings):
    settings.OIDC_CREATE_USERS = False

    response = sign_in_through_provider(loopback, "pat.lead")

    assert response["Location"] == reverse("login")
    assert not Person.objects.exists()
    page = loopback.get(reverse("login")).content.decode()
    assert "You could not be signed in with Test Council" in page
    assert not signed_in(loopback).is_authenticated


def test_an_email_whose_person_signs_in_with_another_account_is_refused(sso, loopback):
    f.PersonFactory(email="sam.jones@council.example", sso_subject="someone-else")

    sign_in_through_provider(loopback, "sam.staff")

    assert not signed_in(loopback).is_authenticated
    assert Person.objects.count() == 1


def test_a_person_switched_off_in_the_app_stays_out(sso, loopback):
    f.PersonFactory(sso_subject="oid-0002-sam", is_active=False)

    sign_in_through_provider(loopback, "sam.staff")

    assert not signed_in(loopback).is_authenticated


def test_roles_given_to_groups_follow_the_groups_and_other_roles_stay(sso, loopback):
    person = f.PersonFactory(sso_subject="oid-0002-sam")
    service = f.ServiceFactory()
    kept = f.RoleFactory(person=person, role=Role.HEAD_OF_SERVICE, service=service)
    committee = GroupRole.objects.create(group="everyone", role=Role.COMMITTEE_MEMBER)
    GroupRole.objects.create(group="gt-board", role=Role.BOARD_MEMBER)
    f.RoleFactory(person=person, role=Role.BOARD_MEMBER)  # Sam is not in gt-board

    sign_in_through_provider(loopback, "sam.staff")

    held = set(person.roles.values_list("role", flat=True))
    assert held == {Role.HEAD_OF_SERVICE, Role.COMMITTEE_MEMBER}
    assert person.roles.get(role=Role.HEAD_OF_SERVICE).pk == kept.pk
    given = person.roles.get(role=Role.COMMITTEE_MEMBER)
    assert given.history.first().history_change_reason == (
        "Given by the group everyone at single sign-on"
    )
    assert scope_for(signed_in(loopback)).committee

    # The council takes the role from the group: Sam loses it at their next sign-in, and
    # their session elsewhere (the signed-in cache kept them) sees it on the next page.
    committee.group = "gt-committee"
    committee.save()
    assert scope_for(signed_in(loopback)).committee  # until they sign in again
    sign_in_through_provider(Client(HTTP_HOST="127.0.0.1"), "sam.staff")
    assert not RoleAssignment.objects.filter(person=person, role=Role.COMMITTEE_MEMBER).exists()
    assert not scope_for(signed_in(loopback)).committee


def test_sign_out_ends_the_providers_session_too(sso, loopback):
    browser = requests.Session()
    sign_in_through_provider(loopback, "pat.lead", browser=browser)

    response = loopback.post(reverse("logout"))

    assert response.status_code == 302
    assert response["Location"].startswith(f"{sso.issuer}/session/end?id_token_hint=")
    assert (
        "post_logout_redirect_uri=http%3A%2F%2F127.0.0.1%2Faccounts%2Flogin%2F"
        in (response["Location"])
    )
    assert not signed_in(loopback).is_authenticated
    # At the provider: confirm, and be sent back to the sign-in page.
    confirm = browser.get(response["Location"], timeout=10)
    form = {"xsrf": _field(confirm.text, "xsrf"), "logout": "yes"}
    done = browser.post(f"{sso.issuer}/session/end/confirm", data=form, allow_redirects=False)
    assert done.headers["location"] == "http://127.0.0.1/accounts/login/"
    # The provider asks for the password again: its session has ended.
    start = loopback.get(reverse("sso-start"))
    again = provider_pages(browser, start["Location"], "pat.lead", None)
    assert "Test council sign-in" in again.text


def _field(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', html).group(1)


def test_a_password_sign_out_goes_back_to_the_sign_in_page(sso, client):
    person = f.PersonFactory()
    client.force_login(person)

    response = client.post(reverse("logout"))

    assert response["Location"] == reverse("login")


def test_the_sign_in_page_offers_the_provider_and_passwords(sso, client):
    page = client.get(reverse("login")).content.decode()

    assert "Sign in with Test Council" in page
    assert 'name="password"' in page


def test_without_single_sign_on_there_is_no_provider_to_sign_in_with(client):
    page = client.get(reverse("login")).content.decode()

    assert "Sign in with" not in page
    assert client.get(reverse("sso-start")).status_code == 404
    assert client.get(reverse("sso-callback")).status_code == 404


def test_a_provider_that_cannot_be_reached_gets_a_page_saying_so(sso, client, settings):
    settings.OIDC_ISSUER = "http://127.0.0.1:9"  # discard: nothing answers

    response = client.get(reverse("sso-start"))

    assert response.status_code == 503
    assert "Sign-in is not available at the moment" in response.content.decode()


def test_a_sign_in_the_provider_cannot_finish_says_so_and_signs_nobody_in(sso, loopback, settings):
    start = loopback.get(reverse("sso-start"))
    back = provider_pages(requests.Session(), start["Location"], "pat.lead", PEOPLE["pat.lead"][0])
    settings.OIDC_TOKEN_ENDPOINT = "http://127.0.0.1:9/token"  # nothing answers

    response = loopback.get(back.removeprefix("http://127.0.0.1"))

    assert response["Location"] == reverse("login")
    assert "could not be signed in" in loopback.get(reverse("login")).content.decode()
    assert not Person.objects.exists()


def test_refused_single_sign_ons_never_lock_out_the_office(sso, settings):
    """The sign-in service checks (and throttles) passwords: people it vouches for whom
    this app refuses must not count as wrong passwords against their shared address."""
    settings.OIDC_CREATE_USERS = False
    for _ in range(django_settings.AXES_FAILURE_LIMIT + 1):
        sign_in_through_provider(Client(HTTP_HOST="127.0.0.1"), "pat.lead")
    person = f.PersonFactory(sso_subject="oid-0002-sam")
    office = Client(HTTP_HOST="127.0.0.1")

    response = sign_in_through_provider(office, "sam.staff")

    assert response.status_code == 302
    assert signed_in(office).pk == person.pk


# --- passwords switched off ----------------------------------------------------------


@pytest.fixture
def passwords_off(sso, settings):
    settings.LOCAL_SIGNIN = False


def test_with_passwords_off_the_sign_in_page_offers_only_the_provider(passwords_off, client):
    page = client.get(reverse("login")).content.decode()

    assert "Sign in with Test Council" in page
    assert 'name="password"' not in page


def test_with_passwords_off_a_password_is_refused_even_a_right_one(passwords_off, client):
    person = f.PersonFactory(username="head")

    response = client.post(reverse("login"), {"username": "head", "password": PASSWORD})

    assert response.status_code == 403
    assert "passwords are not used here" in response.content.decode()
    assert not signed_in(client).is_authenticated
    assert person.last_login is None


def test_with_passwords_off_an_administrator_signs_in_on_the_break_glass_page(
    passwords_off, client
):
    admin = f.PersonFactory(username="admin", is_staff=True, is_superuser=True)

    response = client.post(reverse("break-glass"), {"username": "admin", "password": PASSWORD})

    assert response.status_code == 302
    assert signed_in(client).pk == admin.pk


@pytest.mark.parametrize("local_signin", [True, False])
def test_the_break_glass_page_refuses_everyone_but_administrators(
    sso, client, settings, local_signin
):
    settings.LOCAL_SIGNIN = local_signin
    f.PersonFactory(username="head")

    response = client.post(reverse("break-glass"), {"username": "head", "password": PASSWORD})

    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()
    assert not signed_in(client).is_authenticated


def test_with_passwords_off_the_break_glass_page_locks_out_repeated_tries(passwords_off, client):
    f.PersonFactory(username="admin", is_staff=True, is_superuser=True)
    limit = django_settings.AXES_FAILURE_LIMIT

    for _ in range(limit):
        response = client.post(reverse("break-glass"), {"username": "admin", "password": "no"})
    assert response.status_code == 429
    response = client.post(reverse("break-glass"), {"username": "admin", "password": PASSWORD})
    assert response.status_code == 429
    assert AccessAttempt.objects.filter(username="admin").exists()
    assert not signed_in(client).is_authenticated


def test_with_passwords_off_the_admins_own_sign_in_refuses_other_staff(passwords_off, client):
    f.PersonFactory(username="clerk", is_staff=True)

    client.post(reverse("admin:login"), {"username": "clerk", "password": PASSWORD})

    assert not signed_in(client).is_authenticated


def test_the_end_session_address_is_only_for_provider_sign_ins(sso, rf):
    request = rf.get("/")
    request.session = {}
    assert end_session_url(request) is None
