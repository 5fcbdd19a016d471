"""Permission-matrix rows for the performance pages (see tests/test_permissions.py)."""

from django.urls import reverse

from performance.models import IndicatorUsage
from planning.models import ServicePlan
from planning.permissions import get_plan_for_user
from tests.performance.world import build_performance
from tests.permission_matrix import PARKS_PEOPLE, SEES_ALL, Entity, Listing, allowed, expect


def urls(world) -> dict[str, str]:
    w, p = world, build_performance(world)
    own, published = w.service_plan.pk, w.other_plan.pk
    return {
        "indicator-list": reverse("performance:indicator-list"),
        "indicator": reverse("performance:indicator-detail", args=[p.percent.pk]),
        "missing-indicator": reverse("performance:indicator-detail", args=[999999]),
        "indicator-target": reverse("performance:indicator-target", args=[p.percent.pk]),
        "corporate-target": reverse("performance:indicator-target", args=[p.corporate.pk]),
        "data-only-target": reverse("performance:indicator-target", args=[p.data_only.pk]),
        "indicator-edit": reverse("performance:indicator-edit", args=[p.percent.pk]),
        "corporate-edit": reverse("performance:indicator-edit", args=[p.corporate.pk]),
        "missing-indicator-edit": reverse("performance:indicator-edit", args=[999999]),
        "indicator-history": reverse("performance:indicator-history", args=[p.percent.pk]),
        "missing-indicator-history": reverse("performance:indicator-history", args=[999999]),
        "own-plan-indicators": reverse("performance:plan-indicators", args=[own]),
        "published-plan-indicators": reverse("performance:plan-indicators", args=[published]),
        "other-draft-plan-indicators": reverse(
            "performance:plan-indicators", args=[w.other_draft_plan.pk]
        ),
        "own-plan-definitions": reverse("performance:plan-definitions", args=[own]),
        "published-plan-definitions": reverse("performance:plan-definitions", args=[published]),
        "own-plan-values": reverse("performance:plan-values", args=[own]),
        "published-plan-values": reverse("performance:plan-values", args=[published]),
        "own-plan-definition-new": reverse("performance:plan-definition-new", args=[own]),
        "own-plan-definition-use": reverse("performance:plan-definition-use", args=[own]),
        "published-plan-definition-new": reverse(
            "performance:plan-definition-new", args=[published]
        ),
        "own-plan-upload": reverse("performance:plan-upload", args=[own]),
        "own-plan-upload-template": reverse("performance:plan-upload-template", args=[own]),
        "published-plan-upload": reverse("performance:plan-upload", args=[published]),
        "own-usage-serves": reverse("performance:usage-serves", args=[usage(own, p.percent)]),
        "published-usage-serves": reverse(
            "performance:usage-serves", args=[usage(published, p.libraries)]
        ),
        "missing-usage-serves": reverse("performance:usage-serves", args=[999999]),
        "rag-policy": reverse("performance:rag-policy"),
        "rag-policy-progress": reverse("performance:rag-policy-progress"),
    }


def usage(plan_id: int, definition) -> int:
    return IndicatorUsage.objects.get(plan_id=plan_id, definition=definition).pk


MATRIX = {
    # The indicator library is the council's shared record: everyone signed in reads it.
    "indicator-list": expect(200),
    "indicator": expect(200),
    "missing-indicator": expect(404),
    # Targets: set by whoever enters the indicator's values; everyone else reads (403).
    "indicator-target": expect(403, admin=200, head=200, manager=200),
    "corporate-target": expect(403, admin=200, director=200),
    "data-only-target": expect(403, admin=404, head=404, manager=404),
    # A definition and how it is rated: whoever enters its values, and performance leads,
    # who look after the whole library; everyone else reads it and its history.
    "indicator-edit": expect(403, admin=200, head=200, manager=200, lead=200),
    "corporate-edit": expect(403, admin=200, director=200, lead=200),
    "missing-indicator-edit": expect(404),
    "indicator-history": expect(200),
    # The council's RAG policy: administrators only.
    "rag-policy": expect(403, admin=200),
    "rag-policy-progress": expect(403, admin=200),
    "missing-indicator-history": expect(404),
    # A plan's indicator pages: whoever can read the plan.
    "own-plan-indicators": allowed(SEES_ALL | PARKS_PEOPLE, 404),
    "published-plan-indicators": expect(200),
    "other-draft-plan-indicators": allowed(SEES_ALL, 404),
    "own-plan-definitions": allowed(SEES_ALL | PARKS_PEOPLE, 404),
    "published-plan-definitions": expect(200),
    # Entering values: the service's head and managers for its own indicators, the owner
    # (Place's director) for the corporate measure both plans use; other readers 403.
    "own-plan-values": expect(
        403,
        admin=200,
        head=200,
        manager=200,
        director=200,
        committee=404,
        other_head=404,
        other_staff=404,
    ),
    "published-plan-values": expect(403, admin=200, other_head=200, director=200),
    # Adding indicators to a plan: those who change the plan (its head and managers).
    "own-plan-definition-new": expect(
        403, admin=200, head=200, manager=200, committee=404, other_head=404, other_staff=404
    ),
    "own-plan-definition-use": expect(
        403, admin=200, head=200, manager=200, committee=404, other_head=404, other_staff=404
    ),
    "published-plan-definition-new": expect(403, admin=200, other_head=200),
    # Uploading follows entering.
    "own-plan-upload": expect(
        403,
        admin=200,
        head=200,
        manager=200,
        director=200,
        committee=404,
        other_head=404,
        other_staff=404,
    ),
    "own-plan-upload-template": expect(
        403,
        admin=200,
        head=200,
        manager=200,
        director=200,
        committee=404,
        other_head=404,
        other_staff=404,
    ),
    "published-plan-upload": expect(403, admin=200, other_head=200, director=200),
    # What an indicator measures in a plan: changed by those who change the plan.
    "own-usage-serves": expect(
        403, admin=200, head=200, manager=200, committee=404, other_head=404, other_staff=404
    ),
    "published-usage-serves": expect(403, admin=200, other_head=200),
    "missing-usage-serves": expect(404),
}


PLANS = Entity(
    records=ServicePlan.objects.all,
    fetch=lambda user, pk: get_plan_for_user(user, "service", pk),
    mark=str,
)
LISTINGS = ["corporate-used-in", "percent-used-in"]


def listings(world) -> dict[str, Listing]:
    p = build_performance(world)
    IndicatorUsage.objects.get_or_create(plan=world.other_draft_plan, definition=p.corporate)
    return {
        "corporate-used-in": Listing(
            reverse("performance:indicator-detail", args=[p.corporate.pk]), PLANS
        ),
        "percent-used-in": Listing(
            reverse("performance:indicator-detail", args=[p.percent.pk]), PLANS
        ),
    }
