"""Fetch and authorise in one line: each `get_<thing>_for_user` returns the record or
raises 404 when it is out of the person's reach (they are not told it exists) and 403
(PermissionDenied) when they may see it but not do what they asked."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from planning.models import (
    ITEM_MODELS,
    PLAN_MODELS,
    Assurance,
    BudgetLine,
    CapitalScheme,
    Commitment,
    Contract,
    CorporatePlan,
    DeliveryPlan,
    DirectoratePlan,
    Impact,
    KeyProgramme,
    Milestone,
    PersonalDevelopmentPlan,
    Policy,
    RevenueBudget,
    RevenueMonth,
    Saving,
    SelfAssessmentEntry,
    ServicePlan,
    Workforce,
    WorkforceTeam,
)

from .plans import can_change_plan, can_view_plan

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


def get_finance_plan_for_user(user, pk: int, need: str = "view") -> ServicePlan:
    """A service plan for its finance pages: 404 out of reach; 403 to enter figures
    without being finance or performance staff for the service."""
    plan = get_plan_for_user(user, "service", pk)
    if need == "enter" and not user.has_perm("planning.enter_finance", plan):
        raise PermissionDenied("Only finance and performance staff enter the service's figures")
    return plan


def get_plan_with_perm(user, pk: int, perm: str, why: str) -> ServicePlan:
    """A service plan if the person may see it (404 otherwise) and holds `perm` (403
    otherwise, with `why`)."""
    plan = get_plan_for_user(user, "service", pk)
    if not user.has_perm(f"planning.{perm}", plan):
        raise PermissionDenied(why)
    return plan


def _row_for_user(user, model, pk: int, need: str, *, related, plan_of, name: str):
    """A row of a plan (or of one of its items), authorised on that plan."""
    row = model.objects.select_related(*related).filter(pk=pk).first()
    if row is None:
        raise Http404(f"No such {name}")
    authorise(user, plan_of(row), need)
    return row


SERVICE_PLAN_ROW = ("plan__year", "plan__service__directorate")


def get_impact_for_user(user, pk: int, need: str = "view") -> Impact:
    return _row_for_user(
        user, Impact, pk, need, related=SERVICE_PLAN_ROW, plan_of=_plan, name="impact"
    )


def get_milestone_for_user(user, pk: int, need: str = "view") -> Milestone:
    return _row_for_user(
        user,
        Milestone,
        pk,
        need,
        related=("action__plan__year", "action__plan__service"),
        plan_of=lambda milestone: milestone.action.plan,
        name="milestone",
    )


def get_programme_for_user(user, pk: int, need: str = "view") -> KeyProgramme:
    return _row_for_user(
        user,
        KeyProgramme,
        pk,
        need,
        related=("plan__year", "plan__directorate"),
        plan_of=_plan,
        name="programme",
    )


def get_commitment_for_user(user, pk: int, need: str = "view") -> Commitment:
    return _row_for_user(
        user, Commitment, pk, need, related=SERVICE_PLAN_ROW, plan_of=_plan, name="commitment"
    )


REGISTER_MODELS = {
    "budget": BudgetLine,
    "capital": CapitalScheme,
    "saving": Saving,
    "team": WorkforceTeam,
    "policy": Policy,
    "contract": Contract,
}


def get_register_row_for_user(user, kind: str, pk: int, need: str = "view"):
    """A register row of a service plan (budget line, capital scheme, saving, team, policy,
    contract), authorised on its plan."""
    if kind not in REGISTER_MODELS:
        raise Http404("No such kind of item")
    return _row_for_user(
        user, REGISTER_MODELS[kind], pk, need, related=SERVICE_PLAN_ROW, plan_of=_plan, name=kind
    )


def get_finance_record_for_user(user, kind: str, pk: int):
    """A revenue budget or a month's figures, for its history: 404 if out of reach."""
    if kind == "revenue":
        record = RevenueBudget.objects.select_related("plan").filter(pk=pk).first()
        plan_id = record.plan_id if record else None
    else:
        record = RevenueMonth.objects.select_related("budget__plan").filter(pk=pk).first()
        plan_id = record.budget.plan_id if record else None
    if record is None:
        raise Http404("No such record")
    get_finance_plan_for_user(user, plan_id)
    return record


def _plan(row):
    return row.plan


# Parts of a service plan kept one per plan (or one per theme).
PLAN_PARTS = {"selfassessment": SelfAssessmentEntry, "assurance": Assurance, "workforce": Workforce}
HISTORY_ITEMS = ("action", "objective", "ambition", "activity", "priority")


def get_history_subject_for_user(user, kind: str, pk: int):
    """A plan's record whose history is asked for, and the plan it belongs to, fetched and
    authorised for reading: whoever may read the plan may read its records' history."""
    if kind in ("plan", "pdp"):
        plan = get_plan_for_user(user, "pdp" if kind == "pdp" else "service", pk)
        return plan, plan
    if kind in HISTORY_ITEMS:
        obj = get_item_for_user(user, kind, pk)
    elif kind in REGISTER_MODELS:
        obj = get_register_row_for_user(user, kind, pk)
    elif kind in ("revenue", "forecast"):
        obj = get_finance_record_for_user(user, kind, pk)
        return obj, obj.plan if kind == "revenue" else obj.budget.plan
    elif kind in PLAN_PARTS:
        obj = PLAN_PARTS[kind].objects.filter(pk=pk).first()
        if obj is None:
            raise Http404("No such record")
        obj.plan = get_plan_for_user(user, "service", obj.plan_id)
    elif kind in OTHER_ROWS:
        obj = OTHER_ROWS[kind](user, pk)
    else:
        raise Http404("No such kind of item")
    return obj, obj.action.plan if kind == "milestone" else obj.plan


OTHER_ROWS = {
    "impact": get_impact_for_user,
    "commitment": get_commitment_for_user,
    "milestone": get_milestone_for_user,
    "programme": get_programme_for_user,
}
