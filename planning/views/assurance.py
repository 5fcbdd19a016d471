"""The assurance section: checklist and key dates, policy register, contract register."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from planning import services
from planning.delivery_forms import AssuranceForm, ContractForm, PolicyForm
from planning.history import EditConflict, version_token
from planning.models import ASSURANCE_QUESTIONS, Assurance, Contract, Policy
from planning.permissions import authorise, get_plan_for_user
from planning.selectors.assurance import assurance_section
from planning.services.delivery import today

from .delivery import _form_page, _with_version, apply_errors, section_context


@require_GET
@login_required
def plan_assurance(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk)
    context = section_context(request, plan, "assurance")
    context["section"] = assurance_section(plan, today=today())
    return render(request, "planning/serviceplan_assurance.html", context)


def _assurance_initial(assurance) -> dict:
    if assurance is None:
        return {}
    initial = {
        "bcp_last_tested": assurance.bcp_last_tested,
        "delegation_last_reviewed": assurance.delegation_last_reviewed,
        "version": version_token(assurance),
    }
    for key, value in assurance.answers.items():
        initial[f"q_{key}"] = value.get("answer", "")
        initial[f"e_{key}"] = value.get("evidence", "")
    return initial


@require_http_methods(["GET", "POST"])
@login_required
def assurance_edit(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk, need="change")
    assurance = Assurance.objects.filter(plan=plan).first()
    initial = _assurance_initial(assurance)
    form = AssuranceForm(request.POST or None, initial=initial, questions=ASSURANCE_QUESTIONS)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.assurance_save(
                plan=plan,
                actor=request.user,
                answers=form.answers(),
                bcp_last_tested=form.cleaned_data["bcp_last_tested"],
                delegation_last_reviewed=form.cleaned_data["delegation_last_reviewed"],
                version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            conflict = error
            form = AssuranceForm(
                _with_version(request.POST, assurance),
                initial=initial,
                questions=ASSURANCE_QUESTIONS,
            )
            form.is_valid()
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Assurance checklist saved")
            return redirect("planning:plan-assurance", pk=plan.pk)
    return _form_page(
        request,
        "planning/assurance_form.html",
        form,
        conflict,
        {"plan": plan, "heading": "Managers' assurance checklist"},
    )


REGISTERS = {
    "policy": (Policy, PolicyForm, "policy_save", ("name", "owner", "next_review")),
    "contract": (
        Contract,
        ContractForm,
        "contract_save",
        ("name", "supplier", "value", "end_date", "renewal_lead_months"),
    ),
}


def _register_item(user, kind: str, pk: int, need: str, registers=REGISTERS):
    if kind not in registers:
        raise Http404("No such kind of item")
    model = registers[kind][0]
    obj = (
        model.objects.select_related("plan__year", "plan__service__directorate")
        .filter(pk=pk)
        .first()
    )
    if obj is None:
        raise Http404(f"No such {kind}")
    authorise(user, obj.plan, need)
    return obj


def _register_form(
    request,
    *,
    kind: str,
    plan,
    obj,
    registers=REGISTERS,
    back="planning:plan-assurance",
    label: str | None = None,
):
    model, form_class, save_name, fields = registers[kind]
    initial = {name: getattr(obj, name) for name in fields} if obj else {}
    if kind == "contract" and not obj:
        initial["renewal_lead_months"] = 6
    label = label or kind
    if obj:
        initial["version"] = version_token(obj)
    form = form_class(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            getattr(services, save_name)(
                plan=plan, actor=request.user, data=data, obj=obj, version=version
            )
        except EditConflict as error:
            conflict = error
            form = form_class(_with_version(request.POST, obj), initial=initial)
            form.is_valid()
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{label.capitalize()} saved")
            return redirect(back, pk=plan.pk)
    verb = "Change" if obj else "Add"
    template = "planning/assurance_form.html"
    if back != "planning:plan-assurance":
        template = "planning/resources_form.html"
    return _form_page(
        request, template, form, conflict, {"plan": plan, "heading": f"{verb} a {label}"}
    )


@require_http_methods(["GET", "POST"])
@login_required
def policy_add(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk, need="change")
    return _register_form(request, kind="policy", plan=plan, obj=None)


@require_http_methods(["GET", "POST"])
@login_required
def policy_edit(request, pk: int):
    policy = _register_item(request.user, "policy", pk, "change")
    return _register_form(request, kind="policy", plan=policy.plan, obj=policy)


@require_http_methods(["GET", "POST"])
@login_required
def contract_add(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk, need="change")
    return _register_form(request, kind="contract", plan=plan, obj=None)


@require_http_methods(["GET", "POST"])
@login_required
def contract_edit(request, pk: int):
    contract = _register_item(request.user, "contract", pk, "change")
    return _register_form(request, kind="contract", plan=contract.plan, obj=contract)
