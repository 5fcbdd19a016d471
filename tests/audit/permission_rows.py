"""Permission-matrix rows for the recommendation tracker (see tests/test_permissions.py)."""

from django.urls import reverse

from audit.models import Recommendation
from audit.permissions import get_recommendation_for_user
from tests.audit.world import build_audit_world, build_recommendations_everywhere
from tests.permission_matrix import (
    PARKS_PEOPLE,
    SEES_ALL,
    Entity,
    Listing,
    allowed,
    expect,
    pdf_rows,
    prepared,
    rows_of,
    xlsx_rows,
)


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


RECOMMENDATIONS = Entity(
    records=Recommendation.objects.all, fetch=get_recommendation_for_user, mark=lambda r: r.ref
)
# Every filter a reader could try to reach past what they may open with.
FILTERS = {
    "unfiltered": "",
    "open": "?status=open",
    "other-directorate": "?directorate={communities}",
    "other-service": "?service={leisure}",
    "libraries": "?service={libraries}&overdue=",
}
LISTINGS = [
    *(f"tracker-{f}" for f in FILTERS),
    *(f"tracker-{f}-{kind}" for f in ("unfiltered", "other-service") for kind in ("xlsx", "pdf")),
    "plan-recommendations",
    "published-plan-recommendations",
    "audit-recommendations",
]


TABLE = rows_of("recommendations")  # the tracker's table, not the extensions waiting


def tracker_total(response) -> int:
    return response.context["summary"].total


def listings(world) -> dict[str, Listing]:
    a = build_recommendations_everywhere(world)
    values = {
        "communities": world.other_service.directorate_id,
        "leisure": world.other_draft_plan.service_id,
        "libraries": world.other_service.pk,
    }
    queries = {f: q.format(**values) for f, q in FILTERS.items()}
    tracker = reverse("audit:tracker")
    result = {
        f"tracker-{f}": Listing(tracker + q, RECOMMENDATIONS, TABLE, count=tracker_total)
        for f, q in queries.items()
    }
    for f in ("unfiltered", "other-service"):
        for kind, read in (("xlsx", xlsx_rows), ("pdf", pdf_rows)):
            url = reverse(f"reporting:tracker-{kind}") + queries[f]
            result[f"tracker-{f}-{kind}"] = Listing(url, RECOMMENDATIONS, read=prepared(read))
    plan_list = "audit:plan-recommendations"
    result["plan-recommendations"] = Listing(
        reverse(plan_list, args=[world.service_plan.pk]), RECOMMENDATIONS, TABLE
    )
    result["published-plan-recommendations"] = Listing(
        reverse(plan_list, args=[world.other_plan.pk]), RECOMMENDATIONS, TABLE
    )
    result["audit-recommendations"] = Listing(
        reverse("audit:audit-detail", args=[a.audit.pk]), RECOMMENDATIONS, TABLE
    )
    return result
