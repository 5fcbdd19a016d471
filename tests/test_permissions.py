"""The permission matrix: every URL × every role, with the status each must get.

404 means out of reach (not told it exists), 403 seen but not allowed, 302 to sign in
for anonymous visitors. Every new URL gets a row here.
"""

import pytest
from django.urls import reverse

from tests.world import PERSONAS

ALL = PERSONAS
ANON = None
SEES_ALL = {"admin", "lead", "board"}  # whole-council readers of plans
PARKS_PEOPLE = {"head", "manager", "staff", "director", "ad"}


def expect(default: int, **overrides: int) -> dict:
    return {persona: overrides.get(persona, default) for persona in ALL} | {
        ANON: overrides.get("anon", 302)
    }


def allowed(who: set[str], otherwise: int) -> dict:
    return expect(otherwise, **dict.fromkeys(who, 200))


def url(world, name: str) -> str:
    w = world
    return {
        "home": reverse("planning:home"),
        "directorates": reverse("planning:directorate-list"),
        "directorate": reverse("planning:directorate-detail", args=[w.service.directorate_id]),
        "service": reverse("planning:service-detail", args=[w.service.pk]),
        "corporate-plan": reverse("planning:plan-detail", args=["corporate", w.corporate.pk]),
        "delivery-plan": reverse("planning:plan-detail", args=["delivery", w.delivery.pk]),
        "directorate-plan": reverse(
            "planning:plan-detail", args=["directorate", w.directorate_plan.pk]
        ),
        "own-service-plan": reverse("planning:plan-detail", args=["service", w.service_plan.pk]),
        "published-service-plan": reverse(
            "planning:plan-detail", args=["service", w.other_plan.pk]
        ),
        "other-draft-service-plan": reverse(
            "planning:plan-detail", args=["service", w.other_draft_plan.pk]
        ),
        "pdp": reverse("planning:plan-detail", args=["pdp", w.pdp.pk]),
        "missing-plan": reverse("planning:plan-detail", args=["service", 999999]),
        "thread-ambition": reverse("planning:thread", args=["ambition", w.ambition.pk]),
        "thread-action": reverse("planning:thread", args=["action", w.action.pk]),
        "thread-objective": reverse("planning:thread", args=["objective", w.objective.pk]),
        "serves-action": reverse("planning:item-serves", args=["action", w.action.pk]),
        "serves-published-action": reverse(
            "planning:item-serves", args=["action", w.other_action.pk]
        ),
        "serves-ambition": reverse("planning:item-serves", args=["ambition", w.ambition.pk]),
        "orphans": reverse("planning:orphans"),
        "accessibility": reverse("planning:accessibility"),
        "admin": reverse("admin:index"),
    }[name]


MATRIX = {
    "home": expect(200),
    "directorates": expect(200),
    "directorate": expect(200),
    "service": expect(200),
    "corporate-plan": expect(200),
    "delivery-plan": expect(200),
    # Place's draft directorate plan: the whole-council readers and people working in Place.
    "directorate-plan": allowed(SEES_ALL | PARKS_PEOPLE, 404),
    "own-service-plan": allowed(SEES_ALL | PARKS_PEOPLE, 404),
    "published-service-plan": expect(200),
    "other-draft-service-plan": allowed(SEES_ALL, 404),
    # A PDP: its owner, everyone above them in line management, administrators.
    "pdp": allowed({"admin", "staff", "manager", "head", "director"}, 404),
    "missing-plan": expect(404),
    "thread-ambition": expect(200),
    "thread-action": allowed(SEES_ALL | PARKS_PEOPLE, 404),
    "thread-objective": allowed({"admin", "staff", "manager", "head", "director"}, 404),
    # Editing a link: the service's head and managers; readers get 403, others 404.
    "serves-action": expect(
        403, admin=200, head=200, manager=200, committee=404, other_head=404, other_staff=404
    ),
    "serves-published-action": expect(403, admin=200, other_head=200),
    # Ambitions are the top of the thread: nothing to link, for those who may change them.
    "serves-ambition": expect(403, admin=404, board=404),
    "orphans": expect(403, admin=200, lead=200),
    "accessibility": expect(200, anon=200),
    "admin": expect(302, admin=200),
}

CASES = [(name, persona, status) for name, row in MATRIX.items() for persona, status in row.items()]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "persona", "status"), CASES)
def test_permission_matrix(client_for, world, name, persona, status):
    response = client_for(persona).get(url(world, name))
    assert response.status_code == status, (
        f"{persona or 'anonymous'} on {name}: got {response.status_code}, expected {status}"
    )


@pytest.mark.django_db
def test_matrix_covers_every_url_of_our_apps(world):
    from importlib import import_module

    from django.urls import resolve

    named = set()
    for app in ("planning",):
        module = import_module(f"{app}.urls")
        named |= {f"{module.app_name}:{p.name}" for p in module.urlpatterns if p.name}
    covered = {resolve(url(world, name)).view_name for name in MATRIX}
    assert named <= covered, f"URLs missing from the permission matrix: {named - covered}"
