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
- Audit & Governance Committee membership is a role on the organisation
  (`is_committee_member`); risk, audit and reporting compose their rules with it.

The rules live by concern: `scope` (a person's reach, the predicates and the same rules as
list filters), `plans` (each level of plan, sign-off, updates, finance), `items` (linking
up the golden thread and which links a page draws) and `fetch` (fetch and authorise in one
line), `bulk_registers` (importing risk registers and the recommendation tracker). Every
app imports them from here.
"""

from __future__ import annotations

from .bulk import get_import_run_for_user
from .bulk_registers import IMPORT_RECOMMENDATION_TRACKER, IMPORT_RISK_REGISTERS
from .fetch import (
    PLAN_RELATED,
    REGISTER_MODELS,
    SERVICE_PLAN_ROW,
    authorise,
    get_commitment_for_user,
    get_finance_plan_for_user,
    get_finance_record_for_user,
    get_history_subject_for_user,
    get_impact_for_user,
    get_item_for_user,
    get_milestone_for_user,
    get_plan_for_user,
    get_plan_with_perm,
    get_programme_for_user,
    get_register_row_for_user,
)
from .items import (
    linkable_items,
    mark_openable,
    mark_served_openable,
    served_related,
)
from .notifications import chaser_services, get_notification_for_user
from .plans import (
    can_change_plan,
    can_enter_finance,
    can_import_plan,
    can_import_roles,
    can_import_sign_in_details,
    can_upload_finance,
    can_view_plan,
    directs,
    heads_service,
    leads_action,
    leads_portfolio_of,
    manages_pdp_owner,
    may_change_actions_plan,
    owns_pdp,
    plan_perm,
)
from .scope import (
    NOTHING,
    Scope,
    can_see_whole_council,
    directorate_of_people,
    head_of_service_services,
    in_directorates_worked_in,
    in_services_read,
    is_administrator,
    is_board_member,
    is_committee_member,
    is_performance_lead,
    is_published,
    is_signed_in,
    leads_service,
    managed_person_ids,
    plans_visible_to,
    scope_for,
    works_in_directorate,
    works_in_or_oversees_service,
)

__all__ = [
    "IMPORT_RECOMMENDATION_TRACKER",
    "IMPORT_RISK_REGISTERS",
    "chaser_services",
    "get_notification_for_user",
    "can_upload_finance",
    "get_import_run_for_user",
    "NOTHING",
    "PLAN_RELATED",
    "REGISTER_MODELS",
    "SERVICE_PLAN_ROW",
    "Scope",
    "authorise",
    "can_change_plan",
    "can_enter_finance",
    "can_import_plan",
    "can_import_roles",
    "can_import_sign_in_details",
    "can_see_whole_council",
    "can_view_plan",
    "directorate_of_people",
    "directs",
    "get_commitment_for_user",
    "get_finance_plan_for_user",
    "get_finance_record_for_user",
    "get_history_subject_for_user",
    "get_impact_for_user",
    "get_item_for_user",
    "get_milestone_for_user",
    "get_plan_for_user",
    "get_plan_with_perm",
    "get_programme_for_user",
    "get_register_row_for_user",
    "head_of_service_services",
    "heads_service",
    "in_directorates_worked_in",
    "in_services_read",
    "is_administrator",
    "is_board_member",
    "is_committee_member",
    "is_performance_lead",
    "is_published",
    "is_signed_in",
    "leads_action",
    "leads_portfolio_of",
    "leads_service",
    "linkable_items",
    "managed_person_ids",
    "manages_pdp_owner",
    "mark_openable",
    "mark_served_openable",
    "may_change_actions_plan",
    "owns_pdp",
    "plan_perm",
    "plans_visible_to",
    "scope_for",
    "served_related",
    "works_in_directorate",
    "works_in_or_oversees_service",
]
