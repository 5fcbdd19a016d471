"""The rules for plans: who reads and changes each level of plan, who submits and signs off
a Service Business Plan, who updates an action, and who enters a service's finance figures."""

from __future__ import annotations

import rules

from planning.models import DirectoratePlan, PersonalDevelopmentPlan, ServicePlan

from .scope import (
    can_see_whole_council,
    head_of_service_services,
    is_administrator,
    is_board_member,
    is_performance_lead,
    is_published,
    is_signed_in,
    leads_service,
    scope_for,
    works_in_directorate,
    works_in_or_oversees_service,
)


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


# --- Service Business Plan sign-off and quarterly updates ---------------------------


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
# Publishing is for whoever submits the plan or signs it off.
rules.add_perm(
    "planning.publish_serviceplan", is_administrator | leads_portfolio_of | heads_service
)
rules.add_perm("planning.view_qa_queue", is_administrator | is_performance_lead)
rules.add_perm("planning.update_serviceaction", leads_action | may_change_actions_plan)


@rules.predicate
def may_change_plan(user, plan) -> bool:
    return can_change_plan(user, plan)


# Importing the whole-plan workbook: the head of service, into their own plan while they may
# change it; performance leads (who move a council's plans in) and administrators.
rules.add_perm(
    "planning.import_serviceplan",
    is_administrator | is_performance_lead | (heads_service & may_change_plan),
)


# --- finance ------------------------------------------------------------------------


# A service's monthly revenue figures are entered by finance and performance staff:
# administrators, performance leads and the service's head of service. The council's finance
# overview is for those who see the whole council; its thresholds are set by administrators.
rules.add_perm("planning.enter_finance", is_administrator | is_performance_lead | heads_service)
rules.add_perm("planning.view_finance_overview", can_see_whole_council)
rules.add_perm("planning.change_finance_thresholds", is_administrator)


def can_enter_finance(user, plan: ServicePlan) -> bool:
    return user.has_perm("planning.enter_finance", plan)


def can_upload_finance(user) -> bool:
    """The ledger's and capital programme's uploads are offered to administrators and
    performance leads (who then upload for the services they may enter)."""
    return is_administrator(user) or is_performance_lead(user)


def can_import_plan(user, plan: ServicePlan) -> bool:
    return user.has_perm("planning.import_serviceplan", plan)


# --- council-wide imports (core.bulk) --------------------------------------------------


# The Corporate and Delivery Plans come in from a council's file for those who change them
# (administrators and Management Board members); each directorate's priorities in the same
# file only for whoever may change that directorate's plan (checked row by row).
rules.add_perm("planning.import_council_plans", is_administrator | is_board_member)
# People from an HR export: administrators and performance leads (who move a council in).
# Roles, and anything about an administrator's own record, only administrators: a
# performance lead cannot make themselves, or anyone, an administrator or a director.
rules.add_perm("planning.import_people", is_administrator | is_performance_lead)
rules.add_perm("planning.import_roles", is_administrator)
# A person's user name and email are how they sign in: only administrators change them.
rules.add_perm("planning.import_sign_in_details", is_administrator)


def can_import_roles(user) -> bool:
    return user.has_perm("planning.import_roles")


def can_import_sign_in_details(user) -> bool:
    return user.has_perm("planning.import_sign_in_details")
