"""Who may see and change what: the one place that decides.

Views ask through `get_plan_for_user` / `get_item_for_user` (fetch and authorise in one
line) or `user.has_perm("planning.<perm>", obj)`. Something outside a person's reach is
a 404 (they are not told it exists); something they can see but not change is a 403.

The rules, in council terms:
- Administrators (superusers) may see and change everything.
- Corporate and Delivery Plans are read by everyone signed in; administrators and
  Management Board members change them.
- A Directorate Plan is read by everyone working in that directorate, by performance leads,
  Board members and administrators, and by everyone once published; its director changes it.
- A Service Business Plan is read by the service's own people, its director and assistant
  director, performance leads (all of them: they support the whole council), Board members
  and administrators, and by everyone once published; the service's head of service and
  service managers change it.
- A Personal Development Plan is private: its owner, anyone above them in the line-management
  chain and administrators open it; everyone else sees counts only. The owner and their
  managers change it.
- The orphans page (items serving nothing) is for performance leads and administrators.
- An item is linked up the golden thread only to something the person may see, within the
  item's own service or directorate or the council's corporate and delivery plans
  (`linkable_items`); pages draw links only to what their reader may open (`mark_openable`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import rules
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.http import Http404

from .models import (
    ITEM_MODELS,
    PLAN_MODELS,
    Ambition,
    AssistantDirectorArea,
    CorporatePlan,
    DeliveryActivity,
    DeliveryPlan,
    DirectoratePlan,
    DirectoratePriority,
    PersonalDevelopmentPlan,
    PlanStatus,
    Role,
    RoleAssignment,
    Service,
    ServiceAction,
    ServicePlan,
)


@dataclass
class Scope:
    """Everything about a person's reach, read once per request (two queries at most)."""

    person_id: int | None
    is_admin: bool = False
    home_service_id: int | None = None
    services: set[int] = field(default_factory=set)  # head of service or service manager
    directorates: set[int] = field(default_factory=set)  # director
    areas: set[int] = field(default_factory=set)  # assistant director
    portfolios: set[int] = field(default_factory=set)  # performance lead
    board: bool = False
    committee: bool = False
    _managed: set[int] | None = None

    @property
    def is_performance_lead(self) -> bool:
        return bool(self.portfolios)

    @property
    def sees_everything(self) -> bool:
        return self.is_admin or self.board or self.is_performance_lead

    def leads_service(self, service: Service) -> bool:
        return service.pk in self.services

    def oversees_service(self, service: Service) -> bool:
        return (
            service.directorate_id in self.directorates
            or (service.area_id is not None and service.area_id in self.areas)
            or (service.portfolio_id is not None and service.portfolio_id in self.portfolios)
        )

    def works_in_service(self, service: Service) -> bool:
        return service.pk in self.services or service.pk == self.home_service_id

    def managed_people(self) -> set[int]:
        """Everyone below this person in the line-management chain (one query)."""
        if self._managed is None:
            self._managed = managed_person_ids(self.person_id) if self.person_id else set()
        return self._managed


def managed_person_ids(person_id: int) -> set[int]:
    table = PersonalDevelopmentPlan._meta.get_field("person").related_model._meta.db_table
    sql = (
        f"WITH RECURSIVE below(id) AS ("
        f" SELECT id FROM {table} WHERE line_manager_id = %s"
        f" UNION SELECT p.id FROM {table} p JOIN below b ON p.line_manager_id = b.id"
        f") SELECT id FROM below"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [person_id])
        return {row[0] for row in cursor.fetchall()}


def scope_for(user) -> Scope:
    """The person's reach, cached on the user object for the rest of the request."""
    cached = getattr(user, "_gt_scope", None)
    if cached is not None:
        return cached
    if not user.is_authenticated or not user.is_active:
        scope = Scope(person_id=None)
    else:
        scope = Scope(
            person_id=user.pk, is_admin=user.is_superuser, home_service_id=user.service_id
        )
        for role, service, directorate, area, portfolio in RoleAssignment.objects.filter(
            person_id=user.pk
        ).values_list("role", "service_id", "directorate_id", "area_id", "portfolio_id"):
            if role in (Role.HEAD_OF_SERVICE, Role.SERVICE_MANAGER):
                scope.services.add(service)
            elif role == Role.DIRECTOR:
                scope.directorates.add(directorate)
            elif role == Role.ASSISTANT_DIRECTOR:
                scope.areas.add(area)
            elif role == Role.PERFORMANCE_LEAD:
                scope.portfolios.add(portfolio)
            elif role == Role.BOARD_MEMBER:
                scope.board = True
            elif role == Role.COMMITTEE_MEMBER:
                scope.committee = True
    user._gt_scope = scope
    return scope


# --- predicates: each takes the person and the object, and reads only the scope and the
# object's own columns (callers select_related what they pass in) ---------------------


@rules.predicate
def is_administrator(user) -> bool:
    return scope_for(user).is_admin


@rules.predicate
def is_signed_in(user) -> bool:
    return scope_for(user).person_id is not None


@rules.predicate
def is_board_member(user) -> bool:
    return scope_for(user).board


@rules.predicate
def is_performance_lead(user) -> bool:
    return scope_for(user).is_performance_lead


@rules.predicate
def is_published(user, plan) -> bool:
    return plan is not None and plan.status == PlanStatus.PUBLISHED


@rules.predicate
def can_see_whole_council(user) -> bool:
    return scope_for(user).sees_everything


@rules.predicate
def works_in_or_oversees_service(user, plan: ServicePlan) -> bool:
    scope = scope_for(user)
    return scope.works_in_service(plan.service) or scope.oversees_service(plan.service)


@rules.predicate
def leads_service(user, plan: ServicePlan) -> bool:
    return scope_for(user).leads_service(plan.service)


@rules.predicate
def works_in_directorate(user, plan: DirectoratePlan) -> bool:
    """Director, assistant director, or anyone whose service is in the directorate."""
    scope = scope_for(user)
    if plan.directorate_id in scope.directorates:
        return True
    if scope.areas or scope.services or scope.home_service_id:
        return plan.directorate_id in directorate_of_people(user)
    return False


def directorate_of_people(user) -> set[int]:
    """Directorates the person works in through their service, roles or area (one query)."""
    scope = scope_for(user)
    cached = getattr(user, "_gt_directorates", None)
    if cached is None:
        services = set(scope.services)
        if scope.home_service_id:
            services.add(scope.home_service_id)
        cached = set(scope.directorates)
        cached |= set(
            Service.objects.filter(Q(pk__in=services) | Q(area__in=scope.areas))
            .values_list("directorate_id", flat=True)
            .distinct()
        )
        user._gt_directorates = cached
    return cached


# --- the same rules as filters, for lists, counts and downloads ----------------------
# Each returns a Q (sets from the scope, subqueries for the rest: no query of its own)
# that holds for exactly the rows its predicate above allows. A list starts from one of
# these and its filters only ever narrow it.


NOTHING = Q(pk__in=[])


def _own_services(scope: Scope) -> set[int]:
    return scope.services | ({scope.home_service_id} if scope.home_service_id else set())


def in_services_read(user, path: str) -> Q:
    """`path` (a relation to Service) is a service the person works in or oversees: the
    rule of `works_in_or_oversees_service`."""
    scope = scope_for(user)
    return (
        Q(**{f"{path}__in": _own_services(scope)})
        | Q(**{f"{path}__directorate_id__in": scope.directorates})
        | Q(**{f"{path}__area_id__in": scope.areas})
        | Q(**{f"{path}__portfolio_id__in": scope.portfolios})
    )


def in_directorates_worked_in(user, path: str) -> Q:
    """`path` (a relation to Directorate) is one the person works in: the rule of
    `works_in_directorate` (directing it, or working in one of its services or areas)."""
    scope = scope_for(user)
    through_services = Service.objects.filter(
        Q(pk__in=_own_services(scope)) | Q(area__in=scope.areas)
    ).values("directorate_id")
    return Q(**{f"{path}__in": scope.directorates}) | Q(**{f"{path}__in": through_services})


def plans_visible_to(user, model, prefix: str = "") -> Q:
    """The plans of `model` the person may open (`prefix` reaches the plan from the rows
    filtered, e.g. "plan__" for a plan's items): the rule of `planning.view_<plan>`.
    A PDP reads the person's line-management chain (one query, kept for the request)."""
    scope = scope_for(user)
    if scope.person_id is None:
        return NOTHING
    if scope.is_admin or (scope.sees_everything and model is not PersonalDevelopmentPlan):
        return Q()
    if model in (CorporatePlan, DeliveryPlan):
        return Q()
    published = Q(**{f"{prefix}status": PlanStatus.PUBLISHED})
    if model is ServicePlan:
        return published | in_services_read(user, f"{prefix}service")
    if model is DirectoratePlan:
        return published | in_directorates_worked_in(user, f"{prefix}directorate")
    if model is PersonalDevelopmentPlan:
        people = {scope.person_id} | scope.managed_people()
        return Q(**{f"{prefix}person_id__in": people})
    raise TypeError(f"No reading rule for {model.__name__}")


@rules.predicate
def directs(user, plan: DirectoratePlan) -> bool:
    return plan.directorate_id in scope_for(user).directorates


@rules.predicate
def owns_pdp(user, plan: PersonalDevelopmentPlan) -> bool:
    return plan.person_id == scope_for(user).person_id


@rules.predicate
def manages_pdp_owner(user, plan: PersonalDevelopmentPlan) -> bool:
    return plan.person_id in scope_for(user).managed_people()


rules.add_perm("planning.view_corporateplan", is_signed_in)
rules.add_perm("planning.change_corporateplan", is_administrator | is_board_member)
rules.add_perm("planning.view_deliveryplan", is_signed_in)
rules.add_perm("planning.change_deliveryplan", is_administrator | is_board_member)
rules.add_perm(
    "planning.view_directorateplan",
    can_see_whole_council | works_in_directorate | (is_signed_in & is_published),
)
rules.add_perm("planning.change_directorateplan", is_administrator | directs)
rules.add_perm(
    "planning.view_serviceplan",
    can_see_whole_council | works_in_or_oversees_service | (is_signed_in & is_published),
)
rules.add_perm("planning.change_serviceplan", is_administrator | leads_service)
rules.add_perm(
    "planning.view_personaldevelopmentplan",
    is_administrator | owns_pdp | manages_pdp_owner,
)
rules.add_perm(
    "planning.change_personaldevelopmentplan",
    is_administrator | owns_pdp | manages_pdp_owner,
)
rules.add_perm("planning.view_orphans", is_administrator | is_performance_lead)


def plan_perm(plan, action: str) -> str:
    return f"planning.{action}_{type(plan)._meta.model_name}"


def can_view_plan(user, plan) -> bool:
    return user.has_perm(plan_perm(plan, "view"), plan)


def can_change_plan(user, plan) -> bool:
    return user.has_perm(plan_perm(plan, "change"), plan)


PLAN_RELATED = {
    CorporatePlan: ("first_year",),
    DeliveryPlan: ("year", "corporate_plan"),
    DirectoratePlan: ("year", "directorate"),
    ServicePlan: ("year", "service", "service__directorate"),
    PersonalDevelopmentPlan: ("year", "person"),
}


def authorise(user, plan, need: str):
    """404 if the plan is out of the person's reach; 403 if seen but not changeable."""
    if not can_view_plan(user, plan):
        raise Http404("No such plan")
    if need == "change" and not can_change_plan(user, plan):
        raise PermissionDenied("You can read this plan but not change it")
    return plan


def get_plan_for_user(user, kind: str, pk: int, need: str = "view"):
    model = PLAN_MODELS.get(kind)
    if model is None:
        raise Http404("No such kind of plan")
    plan = model.objects.select_related(*PLAN_RELATED[model]).filter(pk=pk).first()
    if plan is None:
        raise Http404("No such plan")
    return authorise(user, plan, need)


def get_item_for_user(user, kind: str, pk: int, need: str = "view"):
    model = ITEM_MODELS.get(kind)
    if model is None:
        raise Http404("No such kind of item")
    plan_model = model._meta.get_field("plan").related_model
    related = ["plan", *(f"plan__{name}" for name in PLAN_RELATED[plan_model])]
    item = model.objects.select_related(*related).filter(pk=pk).first()
    if item is None:
        raise Http404("No such item")
    authorise(user, item.plan, need)
    return item


# --- Service Business Plan sign-off and quarterly updates ---------------------------


def head_of_service_services(user) -> set[int]:
    """Services the person is head of service of (not service manager): one query, cached."""
    cached = getattr(user, "_gt_head_services", None)
    if cached is None:
        cached = set()
        if scope_for(user).services:
            cached = set(
                RoleAssignment.objects.filter(
                    person_id=user.pk, role=Role.HEAD_OF_SERVICE
                ).values_list("service_id", flat=True)
            )
        user._gt_head_services = cached
    return cached


@rules.predicate
def heads_service(user, plan: ServicePlan) -> bool:
    return plan.service_id in head_of_service_services(user)


@rules.predicate
def leads_portfolio_of(user, plan: ServicePlan) -> bool:
    """The performance lead for the portfolio the plan's service belongs to."""
    portfolio_id = plan.service.portfolio_id
    return portfolio_id is not None and portfolio_id in scope_for(user).portfolios


@rules.predicate
def leads_action(user, action) -> bool:
    return action.lead_id is not None and action.lead_id == scope_for(user).person_id


@rules.predicate
def may_change_actions_plan(user, action) -> bool:
    return can_change_plan(user, action.plan)


rules.add_perm("planning.submit_serviceplan", is_administrator | heads_service)
rules.add_perm("planning.signoff_serviceplan", is_administrator | leads_portfolio_of)
rules.add_perm("planning.view_qa_queue", is_administrator | is_performance_lead)
rules.add_perm("planning.update_serviceaction", leads_action | may_change_actions_plan)


# --- finance ------------------------------------------------------------------------


# A service's monthly revenue figures are entered by finance and performance staff:
# administrators, performance leads and the service's head of service. The council's finance
# overview is for those who see the whole council; its thresholds are set by administrators.
rules.add_perm("planning.enter_finance", is_administrator | is_performance_lead | heads_service)
rules.add_perm("planning.view_finance_overview", can_see_whole_council)
rules.add_perm("planning.change_finance_thresholds", is_administrator)


def get_finance_plan_for_user(user, pk: int, need: str = "view") -> ServicePlan:
    """A service plan for its finance pages: 404 out of reach; 403 to enter figures
    without being finance or performance staff for the service."""
    plan = get_plan_for_user(user, "service", pk)
    if need == "enter" and not user.has_perm("planning.enter_finance", plan):
        raise PermissionDenied("Only finance and performance staff enter the service's figures")
    return plan


def can_enter_finance(user, plan: ServicePlan) -> bool:
    return user.has_perm("planning.enter_finance", plan)


# --- what an item may be linked to up the golden thread ------------------------------


def linkable_items(user, *, item, model) -> QuerySet:
    """The items of `model` that this person may link `item` to (what it serves, or for an
    indicator in a plan, what it measures). Both the picker and its check use this rule.

    An item is linked to an item of a higher level, of the same year (an ambition: of a
    corporate plan covering the year), that the person may see, and that is within the
    item's own reach:
    - corporate ambitions and Delivery Plan activities: any (everyone reads those plans);
    - directorate priorities: of the item's own directorate (an action's service's; for a
      personal objective, its owner's service's or the directorate they direct or serve
      as assistant director);
    - service actions: of the item's own service (a personal objective's owner's, an
      indicator's plan's) in the same year.
    Administrators and whole-council readers see every plan, so only the reach applies.
    """
    rows = model.objects.all()
    year = item.plan.year
    if scope_for(user).person_id is None or model not in item.servable_models():
        return rows.none()
    if model is Ambition:
        start = year.start_year
        return rows.filter(
            plan__first_year__start_year__lte=start,
            plan__first_year__start_year__gt=start - F("plan__years"),
        )
    rows = rows.filter(plan__year_id=year.pk)
    if model is DeliveryActivity:
        return rows
    if model is DirectoratePriority:
        return rows.filter(
            _own_directorate(item), plans_visible_to(user, DirectoratePlan, "plan__")
        )
    if model is ServiceAction:
        service_id = _own_service_id(item)
        if service_id is None:
            return rows.none()
        return rows.filter(plan__service_id=service_id).filter(
            plans_visible_to(user, ServicePlan, "plan__")
        )
    return rows.none()


def _own_service_id(item) -> int | None:
    plan = item.plan
    if isinstance(plan, PersonalDevelopmentPlan):
        return plan.person.service_id
    return getattr(plan, "service_id", None)


def _own_directorate(item) -> Q:
    """The directorate(s) an item's priorities come from, as a filter on priorities."""
    plan = item.plan
    if isinstance(plan, ServicePlan):
        return Q(plan__directorate_id=plan.service.directorate_id)
    if not isinstance(plan, PersonalDevelopmentPlan):
        return Q(pk__in=[])
    person = plan.person
    roles = RoleAssignment.objects.filter(person_id=person.pk)
    return (
        Q(
            plan__directorate_id__in=Service.objects.filter(pk=person.service_id).values(
                "directorate_id"
            )
        )
        | Q(plan__directorate_id__in=roles.filter(role=Role.DIRECTOR).values("directorate_id"))
        | Q(
            plan__directorate_id__in=AssistantDirectorArea.objects.filter(
                pk__in=roles.filter(role=Role.ASSISTANT_DIRECTOR).values("area_id")
            ).values("directorate_id")
        )
    )


# --- which links a page may draw ------------------------------------------------------


def mark_openable(user, objects, *, plan_of=lambda obj: obj):
    """Set `can_open` on each object: whether this person may open the page of the plan
    `plan_of(obj)` gives (the object itself for a plan, `obj.plan` for an item). Pages
    draw a link only where it is true and plain text otherwise, so nobody is shown a door
    they cannot open. Reads only the person's scope and the rows already fetched (callers
    select_related the plans, and a service plan's service), so no query per row."""
    for obj in objects:
        if obj is not None:
            plan = plan_of(obj)
            obj.can_open = plan is not None and can_view_plan(user, plan)
    return objects


def served_related(model) -> list[str]:
    """What to select_related with items of `model` so that what each serves, and that
    item's plan, come in the same query (for `mark_served_openable`)."""
    paths = []
    for name in model.SERVES_FIELDS:
        paths += [name, f"{name}__plan"]
        if model._meta.get_field(name).related_model is ServiceAction:
            paths.append(f"{name}__plan__service")
    return paths


def mark_served_openable(user, items):
    """Set `can_open` on what each item serves (see `mark_openable`)."""
    mark_openable(user, [item.serves for item in items], plan_of=lambda target: target.plan)
    return items
