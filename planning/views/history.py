"""Each plan item's history: every saved change as a timeline (who, when, field: old →
new, why). Whoever may read the plan may read its items' history."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from core import history
from planning.permissions import get_history_subject_for_user
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

# The section page each kind of record is kept on, for the link back.
SECTIONS = {
    "action": "planning:plan-delivery",
    "impact": "planning:plan-delivery",
    "milestone": "planning:plan-delivery",
    "commitment": "planning:plan-commitments",
    "revenue": "planning:plan-finance",
    "forecast": "planning:plan-finance",
    "selfassessment": "planning:plan-self-assessment",
    "assurance": "planning:plan-assurance",
    "workforce": "planning:plan-resources",
} | {kind: register.section for kind, register in REGISTERS.items()}


@require_GET
@login_required
def item_history(request, kind: str, pk: int):
    obj, plan = get_history_subject_for_user(request.user, kind, pk)
    section = SECTIONS.get(kind)
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
