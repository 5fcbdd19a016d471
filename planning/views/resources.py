"""The resources section: budget, capital, savings, teams and the workforce answers.

Budget lines and savings are added and changed in place on the section page when the
browser runs htmx; the same URLs are full pages without it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from core.editing import initial_from, saved_redirect, stamp_of, submit_form
from planning import services
from planning.forms.resources import WorkforceForm
from planning.models import STAFFING_QUESTIONS
from planning.permissions import (
    can_change_plan,
    can_enter_finance,
    get_plan_for_user,
    get_register_row_for_user,
)
from planning.selectors import pages
from planning.selectors.resources import resources_section

from .delivery import section_context
from .registers import register_row_form

RESOURCE_KINDS = ("budget", "capital", "saving", "team")
# The htmx target each inline register's table is swapped into.
INLINE_TABLES = {"budget": "budget-lines", "saving": "savings"}


@require_GET
@login_required
def plan_resources(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk)
    target = request.headers.get("HX-Target", "")
    if request.headers.get("HX-Request") and target in INLINE_TABLES.values():
        kind = next(k for k, t in INLINE_TABLES.items() if t == target)
        return inline_table(request, plan, kind=kind)  # "Cancel" from an inline row
    context = section_context(request, plan, "resources")
    context["section"] = resources_section(plan)
    context["can_enter_finance"] = can_enter_finance(request.user, plan)
    return render(request, "planning/serviceplan_resources.html", context)


def inline_table(request, plan, *, kind, editing=None, form=None, conflict=None, **done):
    """One register's table on the resources page, with the row being added or changed
    open for editing, or after a save with the saved row announced."""
    status = 200
    if request.method == "POST" and not done:
        status = 409 if conflict else 400
        if conflict:
            form.add_error(None, str(conflict))
    context = {
        "plan": plan,
        "can_change": can_change_plan(request.user, plan),
        "section": resources_section(plan),
        "editing": editing,
        "form": form,
        "conflict": conflict,
        "saved": done.get("saved"),
        "note": done.get("note"),
    }
    template = f"planning/serviceplan_resources.html#{INLINE_TABLES[kind]}"
    return render(request, template, context, status=status)


def _kind(kind: str) -> str:
    if kind not in RESOURCE_KINDS:
        raise Http404("No such kind of resource")
    return kind


@require_http_methods(["GET", "POST"])
@login_required
def resource_add(request, pk: int, kind: str):
    plan = get_plan_for_user(request.user, "service", pk, need="change")
    return register_row_form(
        request, kind=_kind(kind), plan=plan, obj=None, inline_page=inline_table
    )


@require_http_methods(["GET", "POST"])
@login_required
def resource_edit(request, kind: str, pk: int):
    obj = get_register_row_for_user(request.user, _kind(kind), pk, "change")
    return register_row_form(request, kind=kind, plan=obj.plan, obj=obj, inline_page=inline_table)


@require_http_methods(["GET", "POST"])
@login_required
def workforce_edit(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk, need="change")
    workforce = pages.workforce_get_for_plan(plan=plan)
    initial = initial_from(workforce, "sickness_days_per_fte")
    if workforce:
        initial |= {f"a_{key}": text for key, text in workforce.answers.items()}
    outcome = submit_form(
        request,
        lambda data: WorkforceForm(data, initial=initial, questions=STAFFING_QUESTIONS),
        lambda form: _workforce_save(request, plan, form),
        obj=workforce,
        # someone else's first save may have come in between
        version=None if workforce else stamp_of(lambda: pages.workforce_get_for_plan(plan=plan)),
    )
    if outcome.done:
        return saved_redirect(request, "Workforce saved", "planning:plan-resources", pk=plan.pk)
    context = {"plan": plan, "heading": "Workforce and staffing"}
    return outcome.page(request, "planning/resources_form.html", context)


def _workforce_save(request, plan, form):
    return services.workforce_save(
        plan=plan,
        actor=request.user,
        answers=form.answers(),
        sickness_days_per_fte=form.cleaned_data["sickness_days_per_fte"],
        version=form.cleaned_data["version"],
    )
