"""Permission-matrix rows for the committee downloads (see tests/test_permissions.py)."""

from django.urls import reverse

from tests.audit.world import build_audit_world
from tests.permission_matrix import PARKS_PEOPLE, SEES_ALL, allowed, expect
from tests.risk.world import build_risk_world

DOWNLOADERS = SEES_ALL | {"committee"}


def urls(world) -> dict[str, str]:
    build_audit_world(world)
    r = build_risk_world(world)
    return {
        "tracker-xlsx": reverse("reporting:tracker-xlsx"),
        "tracker-pdf": reverse("reporting:tracker-pdf"),
        "register-xlsx": reverse("reporting:register-xlsx", args=[r.parks.pk]),
        "register-pdf": reverse("reporting:register-pdf", args=[r.parks.pk]),
    }


MATRIX = {
    "tracker-xlsx": allowed(DOWNLOADERS, 403),
    "tracker-pdf": allowed(DOWNLOADERS, 403),
    # Parks' own people read the register but do not download it; others are not told it exists.
    "register-xlsx": expect(
        404, **dict.fromkeys(DOWNLOADERS, 200), **dict.fromkeys(PARKS_PEOPLE, 403)
    ),
    "register-pdf": expect(
        404, **dict.fromkeys(DOWNLOADERS, 200), **dict.fromkeys(PARKS_PEOPLE, 403)
    ),
}
