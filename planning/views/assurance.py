"""The assurance section: checklist and key dates, policy register, contract register."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from core.clock import today
from core.editing import initial_from, saved_redirect, stamp_of, submit_form
from planning import services
from planning.forms.assurance import AssuranceForm
from planning.models import ASSURANCE_QUESTIONS
from planning.permissions import get_plan_for_user, get_register_row_for_user
from planning.selectors import pages
from planning.selectors.assurance import assurance_section

from .delivery import section_context
from .registers import register_row_form


@require_GET
@login_required
def plan_assurance(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk)
    context = section_context(request, plan, "assurance")
    context["section"] = assurance_section(plan, today=today())
    return render(request, "planning/serviceplan_assurance.html", context)


def _assurance_initial(assurance) -> dict:
    initial = initial_from(assurance, "bcp_last_tested", "delegation_last_reviewed")
    if assurance is None:
        return initial
    for key, value in assurance.answers.items():
        initial[f"q_{key}"] = value.get("answer", "")
        initial[f"e_{key}"] = value.get("evidence", "")
    return initial


@require_http_methods(["GET", "POST"])
@login_required
def assurance_edit(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk, need="change")
    assurance = pages.assurance_get_for_plan(plan=plan)
    initial = _assurance_initial(assurance)
    outcome = submit_form(
        request,
        lambda data: AssuranceForm(data, initial=initial, questions=ASSURANCE_QUESTIONS),
        lambda form: _assurance_save(request, plan, form),
        obj=assurance,
        # someone else's first save may have come in between
        version=None if assurance else stamp_of(lambda: pages.assurance_get_for_plan(plan=plan)),
    )
    if outcome.done:
        message = "Assurance checklist saved"
        return saved_redirect(request, message, "planning:plan-assurance", pk=plan.pk)
    context = {"plan": plan, "heading": "Managers' assurance checklist"}
    return outcome.page(request, "planning/assurance_form.html", context)


def _assurance_save(request, plan, form):
    return services.assurance_save(
        plan=plan,
        actor=request.user,
        answers=form.answers(),
        bcp_last_tested=form.cleaned_data["bcp_last_tested"],
        delegation_last_reviewed=form.cleaned_data["delegation_last_reviewed"],
        version=form.cleaned_data["version"],
    )


@require_http_methods(["GET", "POST"])
@login_required
def policy_add(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk, need="change")
    return register_row_form(request, kind="policy", plan=plan, obj=None)


@require_http_methods(["GET", "POST"])
@login_required
def policy_edit(request, pk: int):
    policy = get_register_row_for_user(request.user, "policy", pk, "change")
    return register_row_form(request, kind="policy", plan=policy.plan, obj=policy)


@require_http_methods(["GET", "POST"])
@login_required
def contract_add(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk, need="change")
    return register_row_form(request, kind="contract", plan=plan, obj=None)


@require_http_methods(["GET", "POST"])
@login_required
def contract_edit(request, pk: int):
    contract = get_register_row_for_user(request.user, "contract", pk, "change")
    return register_row_form(request, kind="contract", plan=contract.plan, obj=contract)
