"""Permission-matrix rows for the risk pages (see tests/test_permissions.py)."""

from django.urls import reverse

from risk.models import Risk, RiskRegister
from risk.permissions import get_risk_for_user
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
from tests.risk.world import build_risk_world, build_risks_at_every_level

READERS = SEES_ALL | {"committee"}
LIBRARIES_PEOPLE = {"other_head", "other_staff"}


def urls(world) -> dict[str, str]:
    r = build_risk_world(world)
    return {
        "registers": reverse("risk:register-list"),
        "parks-register": reverse("risk:register-detail", args=[r.parks.pk]),
        "place-register": reverse("risk:register-detail", args=[r.place.pk]),
        "corporate-register": reverse("risk:register-detail", args=[r.corporate.pk]),
        "libraries-register": reverse("risk:register-detail", args=[r.libraries.pk]),
        "plan-risks": reverse("risk:plan-risks", args=[world.service_plan.pk]),
        "risk": reverse("risk:risk-detail", args=[r.risk.pk]),
        "other-risk": reverse("risk:risk-detail", args=[r.other_risk.pk]),
        "review": reverse("risk:risk-review", args=[r.risk.pk]),
        "review-other-service": reverse("risk:risk-review", args=[r.other_risk.pk]),
        "escalate": reverse("risk:risk-escalate", args=[r.risk.pk]),
        "add-risk": reverse("risk:risk-add", args=[r.parks.pk]),
        "add-risk-other-service": reverse("risk:risk-add", args=[r.libraries.pk]),
        "add-corporate-risk": reverse("risk:risk-add", args=[r.corporate.pk]),
        "escalate-escalated": reverse("risk:risk-escalate", args=[r.escalated.pk]),
        "add-action": reverse("risk:action-add", args=[r.risk.pk]),
        "add-action-other-service": reverse("risk:action-add", args=[r.other_risk.pk]),
        "change-action": reverse("risk:action-change", args=[r.action.pk]),
        "change-action-other-service": reverse("risk:action-change", args=[r.other_action.pk]),
        "action-done": reverse("risk:action-done", args=[r.action.pk]),
        "action-history": reverse("risk:action-history", args=[r.action.pk]),
        "action-history-other-service": reverse("risk:action-history", args=[r.other_action.pk]),
    }


MATRIX = {
    "registers": expect(200),
    "parks-register": allowed(READERS | PARKS_PEOPLE, 404),
    "place-register": allowed(READERS | PARKS_PEOPLE, 404),
    "corporate-register": expect(200),
    "libraries-register": allowed(READERS | LIBRARIES_PEOPLE, 404),
    # The plan's section follows the (draft) plan's readers.
    "plan-risks": allowed(SEES_ALL | PARKS_PEOPLE, 404),
    "risk": allowed(READERS | PARKS_PEOPLE, 404),
    "other-risk": allowed(READERS | LIBRARIES_PEOPLE, 404),
    # Its owner (head), Parks' head and managers, administrators; readers get 403.
    "review": expect(403, admin=200, head=200, manager=200, other_head=404, other_staff=404),
    # Nobody edits another service's risks.
    "review-other-service": expect(
        404, admin=200, other_head=200, other_staff=403, lead=403, board=403, committee=403
    ),
    # Parks' head and managers add to Parks' register; readers 403, others 404.
    "add-risk": expect(403, admin=200, head=200, manager=200, other_head=404, other_staff=404),
    "add-risk-other-service": expect(
        404, admin=200, other_head=200, other_staff=403, lead=403, board=403, committee=403
    ),
    "add-corporate-risk": expect(403, admin=200, board=200),
    "escalate": expect(403, admin=200, head=200, manager=200, other_head=404, other_staff=404),
    # Shown in Place's register: Place's director may move it on too.
    # Further actions: changed by whoever may change the risk, read by its readers.
    "add-action": expect(403, admin=200, head=200, manager=200, other_head=404, other_staff=404),
    "add-action-other-service": expect(
        404, admin=200, other_head=200, other_staff=403, lead=403, board=403, committee=403
    ),
    "change-action": expect(403, admin=200, head=200, manager=200, other_head=404, other_staff=404),
    "change-action-other-service": expect(
        404, admin=200, other_head=200, other_staff=403, lead=403, board=403, committee=403
    ),
    # State changes are POST only.
    "action-done": expect(405, anon=405),
    "action-history": allowed(READERS | PARKS_PEOPLE, 404),
    "action-history-other-service": allowed(READERS | LIBRARIES_PEOPLE, 404),
    "escalate-escalated": expect(
        403, admin=200, head=200, manager=200, director=200, other_head=404, other_staff=404
    ),
}


RISKS = Entity(records=Risk.objects.all, fetch=get_risk_for_user, mark=lambda risk: risk.ref)

# Every filter that could widen a register past its reader: the whole council, every
# service of a directorate, closed risks too, and another directorate's or service's.
WIDENING = {
    "unfiltered": "",
    "all": "?include=all&status=all",
    "services": "?include=services&status=all",
    "other-directorate": "?include=all&status=all&directorate={communities}",
    "other-service": "?include=all&status=all&service={leisure}",
    "libraries": "?include=services&status=all&service={libraries}",
}
# Each list with the filters that could take it past its reader.
PAGES = {
    "corporate-register": ("unfiltered", "all", "other-directorate", "other-service", "libraries"),
    "place-register": ("unfiltered", "services", "all"),
    "communities-register": ("unfiltered", "services", "libraries"),
    "parks-register": ("unfiltered", "all"),
    "libraries-register": ("unfiltered", "all"),
    "leisure-register": ("unfiltered", "all"),
    "plan-risks": ("unfiltered", "all"),
    "published-plan-risks": ("unfiltered", "all", "services", "other-directorate"),
}
DOWNLOADS = ("all", "other-service")
LISTINGS = [
    *(f"{page}-{f}" for page, filters in PAGES.items() for f in filters),
    *(f"corporate-register-{f}-{kind}" for f in DOWNLOADS for kind in ("xlsx", "pdf")),
]


def heat_map_total(response) -> int:
    return response.context["heat_map"].total


def listings(world) -> dict[str, Listing]:
    r = build_risks_at_every_level(world)
    paths = {
        "corporate-register": r.corporate.get_absolute_url(),
        "place-register": r.place.get_absolute_url(),
        "communities-register": RiskRegister.objects.get(
            level="directorate", directorate=world.other_service.directorate
        ).get_absolute_url(),
        "parks-register": r.parks.get_absolute_url(),
        "libraries-register": r.libraries.get_absolute_url(),
        "leisure-register": world.other_draft_plan.service.risk_register.get_absolute_url(),
        "plan-risks": reverse("risk:plan-risks", args=[world.service_plan.pk]),
        "published-plan-risks": reverse("risk:plan-risks", args=[world.other_plan.pk]),
    }
    values = {
        "communities": world.other_service.directorate_id,
        "leisure": world.other_draft_plan.service_id,
        "libraries": world.other_service.pk,
    }
    queries = {f: q.format(**values) for f, q in WIDENING.items()}
    pages = {
        f"{page}-{f}": paths[page] + queries[f] for page, filters in PAGES.items() for f in filters
    }
    table = rows_of("risks")
    result = {name: Listing(url, RISKS, table, count=heat_map_total) for name, url in pages.items()}
    for f in DOWNLOADS:
        for kind, read in (("xlsx", xlsx_rows), ("pdf", pdf_rows)):
            url = reverse(f"reporting:register-{kind}", args=[r.corporate.pk]) + queries[f]
            result[f"corporate-register-{f}-{kind}"] = Listing(url, RISKS, read=prepared(read))
    return result
