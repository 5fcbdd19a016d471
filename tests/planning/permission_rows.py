"""Permission-matrix rows for the planning pages (see tests/test_permissions.py)."""

from types import SimpleNamespace

from django.urls import reverse

from planning.models import (
    ITEM_MODELS,
    KeyProgramme,
    Saving,
    ServiceAction,
)
from planning.permissions import get_item_for_user
from tests.permission_matrix import (
    PARKS_PEOPLE,
    SEES_ALL,
    Entity,
    Listing,
    allowed,
    expect,
    html_rows,
)


def delivery_items(world):
    """An impact and a milestone in head's plan, for the delivery pages' rows."""
    from planning.models import (
        Commitment,
        CommitmentSource,
        Contract,
        Impact,
        Milestone,
        Policy,
    )

    impact, _ = Impact.objects.get_or_create(plan=world.service_plan, title="Greener parks")
    Commitment.objects.get_or_create(
        plan=world.service_plan,
        title="Publish park safety inspections",
        defaults={"source": CommitmentSource.objects.first()},
    )
    milestone, _ = Milestone.objects.get_or_create(
        action=world.action, title="Order trees", defaults={"due_date": world.year.starts}
    )
    policy, _ = Policy.objects.get_or_create(
        plan=world.service_plan, name="Tree policy", defaults={"next_review": world.year.ends}
    )
    contract, _ = Contract.objects.get_or_create(
        plan=world.service_plan,
        name="Grounds maintenance",
        defaults={"supplier": "Green Ltd", "value": 1000, "end_date": world.year.ends},
    )
    return impact, milestone, world.service_plan.commitments.get(), policy, contract


def register_rows(world):
    """A budget line, capital scheme and team in head's plan, for the history rows."""
    from planning.models import BudgetLine, CapitalScheme, WorkforceTeam

    plan = world.service_plan
    budget = BudgetLine.objects.get_or_create(plan=plan, purpose="Mowing", budget=100)[0]
    capital = CapitalScheme.objects.get_or_create(plan=plan, name="New pavilion", budget=900)[0]
    team = WorkforceTeam.objects.get_or_create(plan=plan, team="Rangers", fte=3)[0]
    return budget, capital, team


def plan_parts(world):
    """A self-assessment theme, the assurance checklist and the staffing answers of head's
    plan, for their history rows."""
    from planning.models import Assurance, SelfAssessmentEntry, Workforce

    plan = world.service_plan
    entry = SelfAssessmentEntry.objects.get_or_create(plan=plan, theme="leadership")[0]
    assurance = Assurance.objects.get_or_create(plan=plan)[0]
    workforce = Workforce.objects.get_or_create(plan=plan)[0]
    return entry, assurance, workforce


def notification_urls(world) -> dict[str, str]:
    """A notification of head's, and the link in head's emails to stop a kind."""
    from planning.models import NotificationKind
    from planning.services.email import unsubscribe_token
    from planning.services.notifications import notify

    head = world.people["head"]
    kind = NotificationKind.CHASER
    notify(recipients=[head], kind=kind, subject="Post your update", event="matrix")
    note = head.notifications.get(key=f"{kind}:matrix")
    token = unsubscribe_token(person_id=head.pk, kind=kind)
    return {
        "notification-list": reverse("planning:notification-list"),
        "notification-read": reverse("planning:notification-read", args=[note.pk]),
        "notification-read-all": reverse("planning:notification-read-all"),
        "notification-settings": reverse("planning:notification-settings"),
        "unsubscribe": reverse("planning:unsubscribe", args=[token]),
        "unsubscribe-bad-token": reverse("planning:unsubscribe", args=["not-a-token"]),
    }


def urls(world) -> dict[str, str]:
    w = world
    impact, milestone, commitment, policy, contract = delivery_items(world)
    saving = Saving.objects.get_or_create(
        plan=world.service_plan, name="Fewer mowings", defaults={"amount": 5000}
    )[0]
    budget, capital, team = register_rows(world)
    entry, assurance, workforce = plan_parts(world)
    plan, other = w.service_plan.pk, w.other_plan.pk
    programme = KeyProgramme.objects.get_or_create(plan=w.directorate_plan, name="Waste redesign")[
        0
    ]
    return notification_urls(world) | {
        # Signing in (config/urls.py): single sign-on is off here, as by default.
        "sign-in": reverse("login"),
        "break-glass": reverse("break-glass"),
        "sso-start": reverse("sso-start"),
        "sso-callback": reverse("sso-callback"),
        "self-assessment": reverse("planning:plan-self-assessment", args=[plan]),
        "published-self-assessment": reverse("planning:plan-self-assessment", args=[other]),
        "self-assessment-edit": reverse("planning:self-assessment-edit", args=[plan, "leadership"]),
        "self-assessment-edit-no-theme": reverse(
            "planning:self-assessment-edit", args=[plan, "astrology"]
        ),
        "commitments": reverse("planning:plan-commitments", args=[plan]),
        "published-commitments": reverse("planning:plan-commitments", args=[other]),
        "commitment-add": reverse("planning:commitment-add", args=[plan]),
        "commitment-edit": reverse("planning:commitment-edit", args=[commitment.pk]),
        "history-commitment": reverse("planning:item-history", args=["commitment", commitment.pk]),
        "resources": reverse("planning:plan-resources", args=[plan]),
        "published-resources": reverse("planning:plan-resources", args=[other]),
        "plan-workbook": reverse("planning:plan-workbook", args=[plan]),
        "published-plan-workbook": reverse("planning:plan-workbook", args=[other]),
        "plan-import": reverse("planning:plan-import", args=[plan]),
        "published-plan-import": reverse("planning:plan-import", args=[other]),
        "resource-add": reverse("planning:resource-add", args=[plan, "saving"]),
        "resource-edit": reverse("planning:resource-edit", args=["saving", saving.pk]),
        "register-row-remove": reverse("planning:register-row-remove", args=["policy", policy.pk]),
        "missing-register-row-remove": reverse(
            "planning:register-row-remove", args=["budget", 999999]
        ),
        "workforce-edit": reverse("planning:workforce-edit", args=[plan]),
        **finance_urls(world),
        "assurance": reverse("planning:plan-assurance", args=[plan]),
        "published-assurance": reverse("planning:plan-assurance", args=[other]),
        "assurance-edit": reverse("planning:assurance-edit", args=[plan]),
        "policy-add": reverse("planning:policy-add", args=[plan]),
        "policy-edit": reverse("planning:policy-edit", args=[policy.pk]),
        "contract-add": reverse("planning:contract-add", args=[plan]),
        "contract-edit": reverse("planning:contract-edit", args=[contract.pk]),
        "plan-delivery": reverse("planning:plan-delivery", args=[plan]),
        "published-plan-delivery": reverse("planning:plan-delivery", args=[other]),
        "impact-add": reverse("planning:impact-add", args=[plan]),
        "impact-edit": reverse("planning:impact-edit", args=[impact.pk]),
        "action-add": reverse("planning:action-add", args=[plan]),
        "published-action-add": reverse("planning:action-add", args=[other]),
        "action-detail": reverse("planning:action-detail", args=[w.action.pk]),
        "action-edit": reverse("planning:action-edit", args=[w.action.pk]),
        "action-revise": reverse("planning:action-revise", args=[w.action.pk]),
        "action-update": reverse("planning:action-update", args=[w.action.pk]),
        "milestone-add": reverse("planning:milestone-add", args=[w.action.pk]),
        "milestone-toggle": reverse("planning:milestone-toggle", args=[milestone.pk]),
        "history-action": reverse("planning:item-history", args=["action", w.action.pk]),
        "history-impact": reverse("planning:item-history", args=["impact", impact.pk]),
        "history-milestone": reverse("planning:item-history", args=["milestone", milestone.pk]),
        "history-plan": reverse("planning:item-history", args=["plan", plan]),
        "history-budget": reverse("planning:item-history", args=["budget", budget.pk]),
        "history-capital": reverse("planning:item-history", args=["capital", capital.pk]),
        "history-saving": reverse("planning:item-history", args=["saving", saving.pk]),
        "history-team": reverse("planning:item-history", args=["team", team.pk]),
        "history-policy": reverse("planning:item-history", args=["policy", policy.pk]),
        "history-contract": reverse("planning:item-history", args=["contract", contract.pk]),
        "history-missing-saving": reverse("planning:item-history", args=["saving", 999999]),
        "history-selfassessment": reverse(
            "planning:item-history", args=["selfassessment", entry.pk]
        ),
        "history-assurance": reverse("planning:item-history", args=["assurance", assurance.pk]),
        "history-workforce": reverse("planning:item-history", args=["workforce", workforce.pk]),
        "my-updates": reverse("planning:my-updates"),
        "missing-updates": reverse("planning:missing-updates") + "?quarter=3",
        "plan-submit": reverse("planning:plan-submit", args=[plan]),
        "published-plan-submit": reverse("planning:plan-submit", args=[other]),
        "plan-review": reverse("planning:plan-review", args=[plan]),
        "other-portfolio-plan-review": reverse("planning:plan-review", args=[other]),
        "plan-publish": reverse("planning:plan-publish", args=[plan]),
        "plan-roll-forward": reverse("planning:plan-roll-forward", args=[plan]),
        "qa-queue": reverse("planning:qa-queue"),
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
        "directorate-print": reverse("planning:directorate-print", args=[w.directorate_plan.pk]),
        "priority-add": reverse("planning:priority-add", args=[w.directorate_plan.pk]),
        "priority-edit": reverse("planning:priority-edit", args=[w.priority.pk]),
        "programme-add": reverse("planning:programme-add", args=[w.directorate_plan.pk]),
        "programme-edit": reverse("planning:programme-edit", args=[programme.pk]),
        "history-priority": reverse("planning:item-history", args=["priority", w.priority.pk]),
        "history-programme": reverse("planning:item-history", args=["programme", programme.pk]),
        "ambition-add": reverse("planning:ambition-add", args=[w.corporate.pk]),
        "ambition-edit": reverse("planning:ambition-edit", args=[w.ambition.pk]),
        "activity-add": reverse("planning:activity-add", args=[w.delivery.pk]),
        "activity-edit": reverse("planning:activity-edit", args=[w.activity.pk]),
        "history-ambition": reverse("planning:item-history", args=["ambition", w.ambition.pk]),
        "history-activity": reverse("planning:item-history", args=["activity", w.activity.pk]),
        "pdp": reverse("planning:plan-detail", args=["pdp", w.pdp.pk]),
        "objective-add": reverse("planning:objective-add", args=[w.pdp.pk]),
        "objective-edit": reverse("planning:objective-edit", args=[w.objective.pk]),
        "pdp-mid-year": reverse("planning:pdp-part-edit", args=[w.pdp.pk, "mid-year"]),
        "pdp-no-such-part": reverse("planning:pdp-part-edit", args=[w.pdp.pk, "astrology"]),
        "history-objective": reverse("planning:item-history", args=["objective", w.objective.pk]),
        "history-pdp": reverse("planning:item-history", args=["pdp", w.pdp.pk]),
        "missing-plan": reverse("planning:plan-detail", args=["service", 999999]),
        "thread-ambition": reverse("planning:thread", args=["ambition", w.ambition.pk]),
        "thread-action": reverse("planning:thread", args=["action", w.action.pk]),
        "thread-objective": reverse("planning:thread", args=["objective", w.objective.pk]),
        "branch-activity": reverse("planning:thread-branch", args=["activity", w.activity.pk]),
        "branch-action": reverse("planning:thread-branch", args=["action", w.action.pk]),
        "branch-objective": reverse("planning:thread-branch", args=["objective", w.objective.pk]),
        "serves-action": reverse("planning:item-serves", args=["action", w.action.pk]),
        "serves-published-action": reverse(
            "planning:item-serves", args=["action", w.other_action.pk]
        ),
        "serves-ambition": reverse("planning:item-serves", args=["ambition", w.ambition.pk]),
        "orphans": reverse("planning:orphans"),
        "accessibility": reverse("planning:accessibility"),
        "admin": reverse("admin:index"),
    }


def finance_urls(world) -> dict[str, str]:
    from planning.models import RevenueBudget, RevenueMonth

    budget = RevenueBudget.objects.get_or_create(
        plan=world.service_plan, defaults={"original_budget": 1000, "current_budget": 1000}
    )[0]
    month = RevenueMonth.objects.get_or_create(
        budget=budget,
        month=world.year.months[5],
        defaults={"actual_to_date": 400, "forecast_outturn": 1100},
    )[0]
    plan, other = world.service_plan.pk, world.other_plan.pk
    return {
        "finance": reverse("planning:plan-finance", args=[plan]),
        "published-finance": reverse("planning:plan-finance", args=[other]),
        "revenue-budget-edit": reverse("planning:revenue-budget-edit", args=[plan]),
        "revenue-month-edit": reverse("planning:revenue-month-edit", args=[plan, 2026, 9]),
        "revenue-month-edit-other-year": reverse(
            "planning:revenue-month-edit", args=[plan, 2025, 9]
        ),
        "published-revenue-month-edit": reverse(
            "planning:revenue-month-edit", args=[other, 2026, 9]
        ),
        "history-revenue": reverse("planning:item-history", args=["revenue", budget.pk]),
        "history-forecast": reverse("planning:item-history", args=["forecast", month.pk]),
        "finance-overview": reverse("planning:finance-overview"),
        "finance-thresholds": reverse("planning:finance-thresholds"),
        "finance-upload": reverse("planning:finance-upload"),
        "finance-upload-template": reverse("planning:finance-upload-template"),
        "finance-upload-capital": reverse("planning:finance-upload-capital"),
        "finance-upload-capital-template": reverse("planning:finance-upload-capital-template"),
    }


PARKS_READERS = SEES_ALL | PARKS_PEOPLE
# Entering head's service's figures: administrators, performance leads and its head of
# service; others who can read the plan get 403, everyone else 404.
ENTER_PARKS_FINANCE = expect(
    403, admin=200, lead=200, head=200, committee=404, other_head=404, other_staff=404
)
# Uploading figures: anyone who enters some service's finance (for their own services only).
UPLOAD_FINANCE = expect(403, admin=200, lead=200, head=200, other_head=200)
# Changing head's plan: its head and managers (and administrators); those who can read it
# get 403, everyone else 404.
CHANGE_PARKS = expect(
    403, admin=200, head=200, manager=200, committee=404, other_head=404, other_staff=404
)
# Only the head of service (not a manager) submits or rolls forward.
HEAD_ONLY = expect(403, admin=200, head=200, committee=404, other_head=404, other_staff=404)
POST_ONLY = expect(405, anon=405)
CHANGE_PLACE_PLAN = expect(
    403, admin=200, director=200, committee=404, other_head=404, other_staff=404
)
# A PDP: its owner, everyone above them in line management, administrators.
PDP_PEOPLE = allowed({"admin", "staff", "manager", "head", "director"}, 404)

MATRIX = {
    # The sign-in pages send the signed-in on to Home.
    "sign-in": expect(302, anon=200),
    "break-glass": expect(302, anon=200),
    "sso-start": expect(404, anon=404),
    "sso-callback": expect(404, anon=404),
    # Everyone has their own notifications and settings; marking read is POST only (and
    # another person's is 404, tests/planning/test_notifications.py). The link in an
    # email works signed out: it asks before it stops anything.
    "notification-list": expect(200),
    "notification-read": POST_ONLY,
    "notification-read-all": POST_ONLY,
    "notification-settings": expect(200),
    "unsubscribe": expect(200, anon=200),
    "unsubscribe-bad-token": expect(404, anon=404),
    "self-assessment": allowed(PARKS_READERS, 404),
    "published-self-assessment": expect(200),
    "self-assessment-edit": CHANGE_PARKS,
    "self-assessment-edit-no-theme": expect(
        403, admin=404, head=404, manager=404, committee=404, other_head=404, other_staff=404
    ),
    "commitments": allowed(PARKS_READERS, 404),
    "published-commitments": expect(200),
    "commitment-add": CHANGE_PARKS,
    "commitment-edit": CHANGE_PARKS,
    "history-commitment": allowed(PARKS_READERS, 404),
    "resources": allowed(PARKS_READERS, 404),
    "published-resources": expect(200),
    # The whole-plan workbook: downloaded by whoever reads the plan; imported by its head of
    # service, performance leads and administrators.
    "plan-workbook": allowed(PARKS_READERS, 404),
    "published-plan-workbook": expect(200),
    "plan-import": expect(
        403, admin=200, lead=200, head=200, committee=404, other_head=404, other_staff=404
    ),
    "published-plan-import": expect(403, admin=200, lead=200, other_head=200),
    "resource-add": CHANGE_PARKS,
    "resource-edit": CHANGE_PARKS,
    # Removing a register row: whoever may change the plan (the page asks first).
    "register-row-remove": CHANGE_PARKS,
    "missing-register-row-remove": expect(404),
    "workforce-edit": CHANGE_PARKS,
    "finance": allowed(PARKS_READERS, 404),
    "published-finance": expect(200),
    "revenue-budget-edit": ENTER_PARKS_FINANCE,
    "revenue-month-edit": ENTER_PARKS_FINANCE,
    "revenue-month-edit-other-year": ENTER_PARKS_FINANCE | {"admin": 404, "lead": 404, "head": 404},
    "published-revenue-month-edit": expect(403, admin=200, lead=200, other_head=200),
    "history-revenue": allowed(PARKS_READERS, 404),
    "history-forecast": allowed(PARKS_READERS, 404),
    "finance-overview": allowed(SEES_ALL, 403),
    "finance-thresholds": expect(403, admin=200),
    "finance-upload": UPLOAD_FINANCE,
    "finance-upload-template": UPLOAD_FINANCE,
    "finance-upload-capital": UPLOAD_FINANCE,
    "finance-upload-capital-template": UPLOAD_FINANCE,
    "assurance": allowed(PARKS_READERS, 404),
    "published-assurance": expect(200),
    "assurance-edit": CHANGE_PARKS,
    "policy-add": CHANGE_PARKS,
    "policy-edit": CHANGE_PARKS,
    "contract-add": CHANGE_PARKS,
    "contract-edit": CHANGE_PARKS,
    "plan-delivery": allowed(PARKS_READERS, 404),
    "published-plan-delivery": expect(200),
    "impact-add": CHANGE_PARKS,
    "impact-edit": CHANGE_PARKS,
    "action-add": CHANGE_PARKS,
    "published-action-add": expect(403, admin=200, other_head=200),
    "action-detail": allowed(PARKS_READERS, 404),
    "action-edit": CHANGE_PARKS,
    "action-revise": CHANGE_PARKS,
    # head leads the action; the plan's editors may post too.
    "action-update": CHANGE_PARKS,
    "milestone-add": POST_ONLY,
    "milestone-toggle": POST_ONLY,
    "history-action": allowed(PARKS_READERS, 404),
    "history-impact": allowed(PARKS_READERS, 404),
    "history-milestone": allowed(PARKS_READERS, 404),
    "history-plan": allowed(PARKS_READERS, 404),
    # A register row's history: whoever may read the plan.
    "history-budget": allowed(PARKS_READERS, 404),
    "history-capital": allowed(PARKS_READERS, 404),
    "history-saving": allowed(PARKS_READERS, 404),
    "history-team": allowed(PARKS_READERS, 404),
    "history-policy": allowed(PARKS_READERS, 404),
    "history-contract": allowed(PARKS_READERS, 404),
    "history-missing-saving": expect(404),
    # A self-assessment theme's, the checklist's and the staffing answers' history: the same.
    "history-selfassessment": allowed(PARKS_READERS, 404),
    "history-assurance": allowed(PARKS_READERS, 404),
    "history-workforce": allowed(PARKS_READERS, 404),
    "my-updates": expect(200),
    # Everyone signed in: the list shows only the actions the reader may open.
    "missing-updates": expect(200),
    "plan-submit": HEAD_ONLY,
    "published-plan-submit": expect(403, admin=200, other_head=200),
    # QA: the performance lead for Parks' portfolio, and administrators.
    "plan-review": expect(403, admin=200, lead=200, committee=404, other_head=404, other_staff=404),
    # Libraries is in no portfolio: lead may read its published plan but not sign it off.
    "other-portfolio-plan-review": expect(403, admin=200),
    "plan-publish": POST_ONLY,
    "plan-roll-forward": HEAD_ONLY,
    "qa-queue": expect(403, admin=200, lead=200),
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
    # The plan on a page: its readers print it; its director (and administrators) change
    # it; other readers 403; people outside Place 404.
    "directorate-print": allowed(SEES_ALL | PARKS_PEOPLE, 404),
    "priority-add": CHANGE_PLACE_PLAN,
    "priority-edit": CHANGE_PLACE_PLAN,
    "programme-add": CHANGE_PLACE_PLAN,
    "programme-edit": CHANGE_PLACE_PLAN,
    "history-priority": allowed(SEES_ALL | PARKS_PEOPLE, 404),
    "history-programme": allowed(SEES_ALL | PARKS_PEOPLE, 404),
    # The Corporate and Delivery Plans: everyone reads them; administrators and
    # Management Board members change them.
    "ambition-add": expect(403, admin=200, board=200),
    "ambition-edit": expect(403, admin=200, board=200),
    "activity-add": expect(403, admin=200, board=200),
    "activity-edit": expect(403, admin=200, board=200),
    "history-ambition": expect(200),
    "history-activity": expect(200),
    "pdp": PDP_PEOPLE,
    # Writing a PDP: the same people as reading it; everyone else is told nothing.
    "objective-add": PDP_PEOPLE,
    "objective-edit": PDP_PEOPLE,
    "pdp-mid-year": PDP_PEOPLE,
    "pdp-no-such-part": expect(404),
    "history-objective": PDP_PEOPLE,
    "history-pdp": PDP_PEOPLE,
    "missing-plan": expect(404),
    "thread-ambition": expect(200),
    "thread-action": allowed(SEES_ALL | PARKS_PEOPLE, 404),
    "thread-objective": allowed({"admin", "staff", "manager", "head", "director"}, 404),
    # A branch of the thread loaded into a longer one: the read rule of the item's own page.
    "branch-activity": expect(200),
    "branch-action": allowed(SEES_ALL | PARKS_PEOPLE, 404),
    "branch-objective": PDP_PEOPLE,
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


def _item(kind: str) -> Entity:
    model = ITEM_MODELS[kind]
    return Entity(
        records=model.objects.all,
        fetch=lambda user, pk: get_item_for_user(user, kind, pk),
        mark=lambda item: item.title,
    )


ACTIONS, OBJECTIVES = _item("action"), _item("objective")
LISTINGS = [
    "orphan-actions",
    "orphan-objectives",
    "thread-ambition-actions",
    "thread-ambition-objectives",
    "thread-activity-actions",
    "thread-action-objectives",
    "branch-activity-actions",
    "branch-action-objectives",
]


def orphans_everywhere(world) -> None:
    """An orphan action in Parks' and in Leisure's draft plans, and an orphan objective in
    staff's PDP."""
    from tests import factories as f

    if ServiceAction.objects.filter(title="Orphan in Leisure").exists():
        return
    f.ActionFactory(plan=world.service_plan, title="Orphan in Parks")
    f.ActionFactory(plan=world.other_draft_plan, title="Orphan in Leisure")
    f.ObjectiveFactory(plan=world.pdp, title="Orphan of staff")


def fragment_rows(response) -> str:
    """The list items of a fragment loaded into a page (it has no <main> of its own)."""
    return html_rows(SimpleNamespace(content=b"<main>" + response.content + b"</main>"))


def listings(world) -> dict[str, Listing]:
    orphans_everywhere(world)
    w, orphans = world, reverse("planning:orphans")

    def thread(item):
        return reverse("planning:thread", args=[item.KIND, item.pk])

    def branch(item):
        return reverse("planning:thread-branch", args=[item.KIND, item.pk])

    return {
        "orphan-actions": Listing(orphans, ACTIONS),
        "orphan-objectives": Listing(orphans, OBJECTIVES),
        "thread-ambition-actions": Listing(thread(w.ambition), ACTIONS),
        "thread-ambition-objectives": Listing(thread(w.ambition), OBJECTIVES),
        "thread-activity-actions": Listing(thread(w.activity), ACTIONS),
        "thread-action-objectives": Listing(thread(w.action), OBJECTIVES),
        "branch-activity-actions": Listing(branch(w.activity), ACTIONS, read=fragment_rows),
        "branch-action-objectives": Listing(branch(w.action), OBJECTIVES, read=fragment_rows),
    }


# The "Bring data in" pages (tests/planning/import_rows.py).
from tests.planning.import_rows import IMPORT_MATRIX, import_urls  # noqa: E402

MATRIX |= IMPORT_MATRIX
_plan_urls = urls


def urls(world) -> dict[str, str]:  # noqa: F811
    return _plan_urls(world) | import_urls(world)
