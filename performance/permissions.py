"""Who may enter and change indicator values and targets, composed from planning's scope.

- Everyone who can read a Service Business Plan reads its indicators; everyone signed in
  reads the council-wide indicator list and an indicator's own page (performance data is
  the council's shared record).
- Values and targets of a service's own indicators are entered by that service's heads of
  service and service managers.
- A corporate measure (one definition used by many plans) is entered only by its owner.
- A definition (and how it is rated) is changed by whoever enters its values, and by
  performance leads, who look after the council's indicator library as a whole.
- The council's RAG policy is changed by administrators only.
- Administrators may do everything.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from planning.models import ServicePlan
from planning.permissions import (
    PLAN_RELATED,
    authorise,
    is_administrator,
    is_performance_lead,
    is_signed_in,
    scope_for,
)

from .models import IndicatorDefinition, IndicatorUsage


@rules.predicate
def owns_corporate_measure(user, definition: IndicatorDefinition) -> bool:
    return definition.is_corporate and definition.owner_id == scope_for(user).person_id


@rules.predicate
def leads_indicator_service(user, definition: IndicatorDefinition) -> bool:
    return not definition.is_corporate and definition.service_id in scope_for(user).services


can_enter = is_administrator | owns_corporate_measure | leads_indicator_service

rules.add_perm("performance.view_indicatordefinition", is_signed_in)
rules.add_perm("performance.enter_values", can_enter)
rules.add_perm("performance.change_indicatortarget", can_enter)
rules.add_perm("performance.change_indicatordefinition", can_enter | is_performance_lead)
rules.add_perm("performance.change_ragpolicy", is_administrator)


def can_enter_values(user, definition: IndicatorDefinition) -> bool:
    return user.has_perm("performance.enter_values", definition)


def can_change_definition(user, definition: IndicatorDefinition) -> bool:
    return user.has_perm("performance.change_indicatordefinition", definition)


def can_change_policy(user) -> bool:
    return user.has_perm("performance.change_ragpolicy")


def get_indicator_for_user(user, pk: int, need: str = "view") -> IndicatorDefinition:
    """404 when there is no such indicator; 403 when it may be read but not entered
    (`need="enter"`) or not changed (`need="change"`)."""
    definition = IndicatorDefinition.objects.with_owner().filter(pk=pk).first()
    if definition is None or not user.has_perm("performance.view_indicatordefinition"):
        raise Http404("No such indicator")
    if need == "enter" and not can_enter_values(user, definition):
        raise PermissionDenied("You can read this indicator but not enter its values")
    if need == "change" and not can_change_definition(user, definition):
        raise PermissionDenied("You can read this indicator but not change its definition")
    return definition


def get_usage_for_user(user, pk: int, need: str = "view") -> IndicatorUsage:
    """An indicator's place in a plan, authorised as the plan is: 404 when the plan is out
    of reach; 403 when it may be read but not changed (`need="change"`)."""
    related = ["definition", "plan", *(f"plan__{name}" for name in PLAN_RELATED[ServicePlan])]
    usage = IndicatorUsage.objects.select_related(*related).filter(pk=pk).first()
    if usage is None:
        raise Http404("No such indicator in a plan")
    authorise(user, usage.plan, need)
    return usage
