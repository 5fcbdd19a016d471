"""The resources section: budget, capital, savings, teams and the workforce answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from planning import services
from planning.delivery_forms import (
    BudgetLineForm,
    CapitalSchemeForm,
    SavingForm,
    WorkforceForm,
    WorkforceTeamForm,
)
from planning.history import EditConflict, version_token
from planning.models import (
    STAFFING_QUESTIONS,
    BudgetLine,
    CapitalScheme,
    Saving,
    Workforce,
    WorkforceTeam,
)
from planning.permissions import get_plan_for_user
from planning.selectors.resources import resources_section

from .assurance import _register_form, _register_item
from .delivery import _form_page, _with_version, apply_errors, section_context

RESOURCES = {
    "budget": (
        BudgetLine,
        BudgetLineForm,
        "budget_line_save",
        ("purpose", "budget", "last_year_outturn"),
    ),
    "capital": (
        CapitalScheme,
        CapitalSchemeForm,
        "capital_scheme_save",
        ("name", "budget", "completion_date", "spend_to_date", "forecast", "slippage"),
    ),
    "saving": (
        Saving,
        SavingForm,
        "saving_save",
        ("name", "amount", "q1_rag", "q2_rag", "q3_rag", "q4_rag", "forecast_delivered", "at_risk"),
    ),
    "team": (
        WorkforceTeam,
        WorkforceTeamForm,
        "workforce_team_save",
        ("team", "fte", "vacancies", "agency"),
    ),
}
LABELS = {"budget": "budget line", "capital": "capital scheme", "saving": "saving", "team": "team"}


@require_GET
@login_required
def plan_resources(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk)
    context = section_context(request, plan, "resources")
    context["section"] = resources_section(plan)
    return render(request, "planning/serviceplan_resources.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def resource_add(request, pk: int, kind: str):
    plan = get_plan_for_user(request.user, "service", pk, need="change")
    if kind not in RESOURCES:
        raise Http404("No such kind of resource")
    return _register_form(
        request,
        kind=kind,
        plan=plan,
        obj=None,
        registers=RESOURCES,
        back="planning:plan-resources",
        label=LABELS[kind],
    )


@require_http_methods(["GET", "POST"])
@login_required
def resource_edit(request, kind: str, pk: int):
    obj = _register_item(request.user, kind, pk, "change", registers=RESOURCES)
    return _register_form(
        request,
        kind=kind,
        plan=obj.plan,
        obj=obj,
        registers=RESOURCES,
        back="planning:plan-resources",
        label=LABELS[kind],
    )


@require_http_methods(["GET", "POST"])
@login_required
def workforce_edit(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk, need="change")
    workforce = Workforce.objects.filter(plan=plan).first()
    initial = {}
    if workforce:
        initial = {
            "sickness_days_per_fte": workforce.sickness_days_per_fte,
            "version": version_token(workforce),
        }
        initial |= {f"a_{key}": text for key, text in workforce.answers.items()}
    form = WorkforceForm(request.POST or None, initial=initial, questions=STAFFING_QUESTIONS)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.workforce_save(
                plan=plan,
                actor=request.user,
                answers=form.answers(),
                sickness_days_per_fte=form.cleaned_data["sickness_days_per_fte"],
                version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            conflict = error
            form = WorkforceForm(
                _with_version(request.POST, workforce),
                initial=initial,
                questions=STAFFING_QUESTIONS,
            )
            form.is_valid()
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Workforce saved")
            return redirect("planning:plan-resources", pk=plan.pk)
    return _form_page(
        request,
        "planning/resources_form.html",
        form,
        conflict,
        {"plan": plan, "heading": "Workforce and staffing"},
    )
