"""Who may see and change risk registers and risks, composed from planning's scope.

- A service register is read by those who may read the service's plans (its own people,
  its director and assistant director, whole-council readers) and by committee members;
  a directorate register by people working in the directorate, whole-council readers and
  committee members; the corporate register by everyone signed in.
- A risk is changed (reviewed, escalated) by its owner, its home service's head and
  managers (or, for a directorate risk, the director; for a corporate one, Board members)
  and administrators — never by another service. A director may also move a risk shown in
  their directorate's register; Board members one shown in the corporate register.
- A risk's further actions are read by those who read the risk, and added, changed and
  marked done by those who may change the risk.
- Committee members read and download registers.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from planning.permissions import (
    can_see_whole_council,
    directorate_of_people,
    in_directorates_worked_in,
    in_services_read,
    is_administrator,
    is_committee_member,
    is_signed_in,
    scope_for,
    works_in_directorate,
    works_in_or_oversees_service,
)

from .models import Level, Risk, RiskAction, RiskRegister


@rules.predicate
def may_read_register(user, register: RiskRegister) -> bool:
    if register.level == Level.CORPORATE:
        return is_signed_in(user)
    if register.level == Level.DIRECTORATE:
        return works_in_directorate(user, register)
    return works_in_or_oversees_service(user, register)


@rules.predicate
def may_read_risk(user, risk: Risk) -> bool:
    if may_read_register(user, risk.register):
        return True
    shown = risk.escalated_to
    if shown == Level.CORPORATE:
        return is_signed_in(user)
    if shown == Level.DIRECTORATE:
        return risk.register.directorate_id in _directorates(user)
    return False


def _directorates(user) -> set[int]:
    return directorate_of_people(user)


@rules.predicate
def owns_risk(user, risk: Risk) -> bool:
    return risk.owner_id == scope_for(user).person_id


@rules.predicate
def keeps_home_register(user, risk: Risk) -> bool:
    """The head or managers of the risk's service; the director for a directorate risk;
    Board members for a corporate one."""
    register, scope = risk.register, scope_for(user)
    if register.level == Level.SERVICE:
        return register.service_id in scope.services
    if register.level == Level.DIRECTORATE:
        return register.directorate_id in scope.directorates
    return scope.board


@rules.predicate
def keeps_register_shown_in(user, risk: Risk) -> bool:
    scope = scope_for(user)
    if risk.escalated_to == Level.DIRECTORATE:
        return risk.register.directorate_id in scope.directorates
    if risk.escalated_to == Level.CORPORATE:
        return scope.board or risk.register.directorate_id in scope.directorates
    return False


rules.add_perm(
    "risk.view_riskregister",
    is_administrator | can_see_whole_council | is_committee_member | may_read_register,
)
rules.add_perm(
    "risk.view_risk",
    is_administrator | can_see_whole_council | is_committee_member | may_read_risk,
)
rules.add_perm("risk.change_risk", is_administrator | owns_risk | keeps_home_register)
rules.add_perm(
    "risk.escalate_risk",
    is_administrator | owns_risk | keeps_home_register | keeps_register_shown_in,
)


@rules.predicate
def keeps_register(user, register: RiskRegister) -> bool:
    """The service's head and managers; the director; Board members for corporate."""
    scope = scope_for(user)
    if register.level == Level.SERVICE:
        return register.service_id in scope.services
    if register.level == Level.DIRECTORATE:
        return register.directorate_id in scope.directorates
    return scope.board


rules.add_perm("risk.add_risk", is_administrator | keeps_register)
rules.add_perm(
    "risk.download_riskregister", is_administrator | can_see_whole_council | is_committee_member
)


def risks_visible_to(user) -> Q:
    """The risks a person may open, as a filter (no query of its own): the rule of
    `risk.view_risk`, which every register, heat map, count and download starts from.

    Whole-council readers and committee members read every risk; everyone signed in reads
    the corporate register and whatever is shown in it; people working in a directorate
    read its register and what its services escalate to it; a service's own people and
    those overseeing it read the service's register."""
    scope = scope_for(user)
    if scope.person_id is None:
        return Q(pk__in=[])
    if scope.sees_everything or scope.committee:
        return Q()
    in_directorate = in_directorates_worked_in(user, "register__directorate")
    return (
        Q(register__level=Level.CORPORATE)
        | Q(escalated_to=Level.CORPORATE)
        | (Q(register__level=Level.DIRECTORATE) & in_directorate)
        | (Q(escalated_to=Level.DIRECTORATE) & in_directorate)
        | (Q(register__level=Level.SERVICE) & in_services_read(user, "register__service"))
    )


def get_register_for_user(user, pk: int) -> RiskRegister:
    register = (
        RiskRegister.objects.select_related("service", "directorate", "matrix")
        .filter(pk=pk)
        .first()
    )
    if register is None or not user.has_perm("risk.view_riskregister", register):
        raise Http404("No such register")
    return register


def get_risk_for_user(user, pk: int, need: str = "view") -> Risk:
    risk = (
        Risk.objects.select_related(
            "register__service", "register__directorate", "register__matrix", "owner"
        )
        .filter(pk=pk)
        .first()
    )
    if risk is None or not user.has_perm("risk.view_risk", risk):
        raise Http404("No such risk")
    if need != "view" and not user.has_perm(f"risk.{need}_risk", risk):
        raise PermissionDenied("You can read this risk but not change it")
    return risk


def get_risk_action_for_user(user, pk: int, need: str = "view") -> RiskAction:
    """A further action, authorised through its risk: 404 out of reach, 403 if the risk
    may be read but not changed."""
    action = RiskAction.objects.select_related("owner").filter(pk=pk).first()
    if action is None:
        raise Http404("No such action")
    action.risk = get_risk_for_user(user, action.risk_id, need=need)
    return action
