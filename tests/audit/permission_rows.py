"""Permission-matrix rows for the recommendation tracker (see tests/test_permissions.py)."""

from django.urls import reverse

from tests.audit.world import build_audit_world
from tests.permission_matrix import PARKS_PEOPLE, SEES_ALL, allowed, expect


def urls(world) -> dict[str, str]:
    a = build_audit_world(world)
    return {
        "tracker": reverse("audit:tracker"),
        "plan-recommendations": reverse("audit:plan-recommendations", args=[world.service_plan.pk]),
        "recommendation": reverse("audit:recommendation-detail", args=[a.rec.pk]),
        "update": reverse("audit:recommendation-update", args=[a.rec.pk]),
        "update-other-service": reverse("audit:recommendation-update", args=[a.other_rec.pk]),
        "extend": reverse("audit:extension-request", args=[a.rec.pk]),
        "decide": reverse("audit:extension-decide", args=[a.extension.pk]),
        "audits": reverse("audit:audit-list"),
        "audit": reverse("audit:audit-detail", args=[a.audit.pk]),
        "audit-add": reverse("audit:audit-add"),
        "recommendation-add": reverse("audit:recommendation-add", args=[a.audit.pk]),
    }


MATRIX = {
    "tracker": expect(200),
    "plan-recommendations": allowed(SEES_ALL | PARKS_PEOPLE, 404),
    "recommendation": allowed(SEES_ALL | PARKS_PEOPLE | {"committee"}, 404),
    # Owners (head) and their service's head and managers update; readers get 403.
    "update": expect(403, admin=200, head=200, manager=200, other_head=404, other_staff=404),
    "update-other-service": expect(
        404, admin=200, other_head=200, other_staff=403, lead=403, board=403, committee=403
    ),
    "extend": expect(403, admin=200, head=200, manager=200, other_head=404, other_staff=404),
    # A performance lead for the service's portfolio decides.
    "decide": expect(403, admin=200, lead=200, other_head=404, other_staff=404),
    # Audits are listed for whole-council readers and the committee; performance leads
    # and administrators record them and their recommendations.
    "audits": allowed(SEES_ALL | {"committee"}, 403),
    "audit": allowed(SEES_ALL | {"committee"}, 404),
    "audit-add": expect(403, admin=200, lead=200),
    "recommendation-add": expect(404, admin=200, lead=200, board=403, committee=403),
}
