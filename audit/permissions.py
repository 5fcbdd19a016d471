"""Who may see and change recommendations, composed from planning's scope.

- Recommendations are read by administrators, whole-council readers (performance leads,
  Board members), Audit & Governance Committee members, their owner, and the people who
  may read their service's plans (its own people, director, assistant director).
- Their owner and their service's head and managers update them and ask for extensions.
- A performance lead whose portfolio holds the service (or an administrator) approves or
  refuses an extension.
- Committee members, whole-council readers and administrators download the tracker.
- Performance leads and administrators record audits (and other sources of commitments)
  and their recommendations; the list of audits is read by whole-council readers and
  committee members, and each audit's recommendations by whoever may read them.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from planning.permissions import (
    NOTHING,
    can_see_whole_council,
    in_services_read,
    is_administrator,
    is_committee_member,
    is_performance_lead,
    is_signed_in,
    scope_for,
)

from .models import Audit, ExtensionRequest, Recommendation


@rules.predicate
def owns_recommendation(user, rec: Recommendation) -> bool:
    return rec.owner_id == scope_for(user).person_id


@rules.predicate
def reads_service(user, rec: Recommendation) -> bool:
    scope = scope_for(user)
    return scope.works_in_service(rec.service) or scope.oversees_service(rec.service)


@rules.predicate
def leads_recommendation_service(user, rec: Recommendation) -> bool:
    return rec.service_id in scope_for(user).services


@rules.predicate
def leads_portfolio_of(user, rec: Recommendation) -> bool:
    portfolio = rec.service.portfolio_id
    return portfolio is not None and portfolio in scope_for(user).portfolios


rules.add_perm(
    "audit.view_recommendation",
    is_administrator
    | can_see_whole_council
    | is_committee_member
    | owns_recommendation
    | reads_service,
)
rules.add_perm(
    "audit.change_recommendation",
    is_administrator | owns_recommendation | leads_recommendation_service,
)
rules.add_perm("audit.decide_extension", is_administrator | leads_portfolio_of)
rules.add_perm("audit.view_tracker", is_signed_in)
rules.add_perm(
    "audit.download_tracker", is_administrator | can_see_whole_council | is_committee_member
)
rules.add_perm("audit.view_audit", is_administrator | can_see_whole_council | is_committee_member)
rules.add_perm("audit.add_audit", is_administrator | is_performance_lead)


def recommendations_visible_to(user) -> Q:
    """The recommendations a person may read, as a filter (no query): the rule of
    `audit.view_recommendation`, which the tracker, its counts and downloads, a plan's
    recommendations and an audit's start from."""
    scope = scope_for(user)
    if scope.person_id is None:
        return NOTHING
    if scope.sees_everything or scope.committee:
        return Q()
    return Q(owner_id=scope.person_id) | in_services_read(user, "service")


RELATED = ("audit", "service__directorate", "owner")


def get_recommendation_for_user(user, pk: int, need: str = "view") -> Recommendation:
    rec = Recommendation.objects.select_related(*RELATED).filter(pk=pk).first()
    if rec is None or not user.has_perm("audit.view_recommendation", rec):
        raise Http404("No such recommendation")
    if need != "view" and not user.has_perm(f"audit.{need}_recommendation", rec):
        raise PermissionDenied("You can read this recommendation but not change it")
    return rec


def get_extension_for_user(user, pk: int) -> ExtensionRequest:
    extension = (
        ExtensionRequest.objects.select_related(
            *(f"recommendation__{name}" for name in RELATED), "requested_by"
        )
        .filter(pk=pk)
        .first()
    )
    if extension is None or not user.has_perm(
        "audit.view_recommendation", extension.recommendation
    ):
        raise Http404("No such extension request")
    if not user.has_perm("audit.decide_extension", extension.recommendation):
        raise PermissionDenied("Only a performance lead for this service decides extensions")
    return extension


def get_audit_for_user(user, pk: int, need: str = "view") -> Audit:
    """An audit: 404 if it does not exist or is out of reach, 403 if readable but the
    person may not add to it."""
    audit = Audit.objects.filter(pk=pk).first()
    if audit is None or not user.has_perm("audit.view_audit"):
        raise Http404("No such audit")
    if need == "add" and not user.has_perm("audit.add_audit"):
        raise PermissionDenied("Only performance leads and administrators record audits")
    return audit
