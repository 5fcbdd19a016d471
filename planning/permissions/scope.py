"""A person's reach (their roles, read once per request), the predicates built on it, and
the same reading rules as filters for lists, counts and downloads."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import rules
from django.db import connection
from django.db.models import Q

from planning.models import (
    CorporatePlan,
    DeliveryPlan,
    DirectoratePlan,
    PersonalDevelopmentPlan,
    PlanStatus,
    Role,
    RoleAssignment,
    Service,
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


def role_rows(person_id: int) -> list[tuple]:
    """The person's role assignments as (role, service, directorate, area, portfolio) ids.

    Every signed-in page asks this once, so it is one plain statement written once: building
    the same query through the ORM on every request costs more than running it."""
    with connection.cursor() as cursor:
        cursor.execute(_roles_sql(), [person_id])
        return cursor.fetchall()


@cache
def _roles_sql() -> str:
    meta, quote = RoleAssignment._meta, connection.ops.quote_name
    columns = ", ".join(
        quote(meta.get_field(name).column)
        for name in ("role", "service", "directorate", "area", "portfolio")
    )
    person = quote(meta.get_field("person").column)
    return f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {person} = %s"


def scope_for(user) -> Scope:
    """The person's reach, cached on the user object for the rest of the request."""
    cached = getattr(user, "_gt_scope", None)
    if cached is not None:
        return cached
    if not user.is_authenticated or not user.is_active:
        scope = Scope(person_id=None)
    else:
        scope = scope_from_roles(user, role_rows(user.pk))
    user._gt_scope = scope
    return scope


def scope_from_roles(user, rows) -> Scope:
    """A signed-in person's reach from their role assignments, each row (role, service,
    directorate, area, portfolio) as role_rows gives them."""
    scope = Scope(person_id=user.pk, is_admin=user.is_superuser, home_service_id=user.service_id)
    for role, service, directorate, area, portfolio in rows:
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
def is_committee_member(user) -> bool:
    """A member of the Audit & Governance Committee (a role on the organisation)."""
    return scope_for(user).committee


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
