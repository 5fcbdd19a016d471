"""Permission-matrix rows for the planning pages (see tests/test_permissions.py)."""

from django.urls import reverse

from tests.permission_matrix import PARKS_PEOPLE, SEES_ALL, allowed, expect


def urls(world) -> dict[str, str]:
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
    }


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
