"""Each plan item's history: every saved change as a timeline (who, when, field: old →
new, why). Whoever may read the plan may read its items' history."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from core import history
from planning.models import Assurance, SelfAssessmentEntry, Workforce
from planning.permissions import (
    get_commitment_for_user,
    get_finance_record_for_user,
    get_impact_for_user,
    get_item_for_user,
    get_milestone_for_user,
    get_plan_for_user,
    get_programme_for_user,
    get_register_row_for_user,
)
from planning.selectors import pages

from .registers import REGISTERS

SECTION_NAMES = {
    "planning:plan-self-assessment": "Self-assessment",
    "planning:plan-resources": "Resources",
    "planning:plan-assurance": "Assurance",
    "planning:plan-commitments": "Other commitments",
    "planning:plan-delivery": "Delivery plan",
    "planning:plan-finance": "Finance",
}

# Parts of a service plan kept one per plan (or per theme): the model and its section.
PLAN_PARTS = {
    "selfassessment": (SelfAssessmentEntry, "planning:plan-self-assessment"),
    "assurance": (Assurance, "planning:plan-assurance"),
    "workforce": (Workforce, "planning:plan-resources"),
}


def _subject(user, kind: str, pk: int):
    """The record and its plan, fetched and authorised for reading (404 / 403 inside)."""
    if kind == "action":
        obj = get_item_for_user(user, "action", pk)
        return obj, obj.plan, "planning:plan-delivery"
    if kind == "impact":
        obj = get_impact_for_user(user, pk)
        return obj, obj.plan, "planning:plan-delivery"
    if kind == "commitment":
        obj = get_commitment_for_user(user, pk)
        return obj, obj.plan, "planning:plan-commitments"
    if kind == "milestone":
        obj = get_milestone_for_user(user, pk)
        return obj, obj.action.plan, "planning:plan-delivery"
    if kind in REGISTERS:
        obj = get_register_row_for_user(user, kind, pk)
        return obj, obj.plan, REGISTERS[kind].section
    if kind in ("objective", "ambition", "activity", "priority"):
        obj = get_item_for_user(user, kind, pk)
        return obj, obj.plan, None
    if kind == "programme":
        obj = get_programme_for_user(user, pk)
        return obj, obj.plan, None
    if kind == "pdp":
        plan = get_plan_for_user(user, "pdp", pk)
        return plan, plan, None
    if kind in ("revenue", "forecast"):
        obj = get_finance_record_for_user(user, kind, pk)
        plan = obj.plan if kind == "revenue" else obj.budget.plan
        return obj, plan, "planning:plan-finance"
    if kind in PLAN_PARTS:
        model, section = PLAN_PARTS[kind]
        obj = get_object_or_404(model, pk=pk)
        obj.plan = get_plan_for_user(user, "service", obj.plan_id)
        return obj, obj.plan, section
    if kind == "plan":
        plan = get_plan_for_user(user, "service", pk)
        return plan, plan, None
    raise Http404("No such kind of item")


@require_GET
@login_required
def item_history(request, kind: str, pk: int):
    obj, plan, section = _subject(request.user, kind, pk)
    context = {
        "removed": pages.removed_register_rows(plan=plan, registers=REGISTERS.values())
        if kind == "plan"
        else [],
        "obj": obj,
        "plan": plan,
        "kind": kind,
        "entries": history.timeline(obj),
        "section_url": reverse(section, args=[plan.pk]) if section else None,
        "section_name": SECTION_NAMES.get(section, ""),
    }
    return render(request, "planning/history_timeline.html", context)
