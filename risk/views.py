"""Risk pages: thin views that fetch and authorise in one line, then render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import history, periods
from core.editing import initial_from, saved_redirect, submit_form
from core.history import EditConflict, version_token
from core.query import tell_refused
from planning.permissions import get_plan_for_user, mark_openable

from . import selectors, services
from .forms import EscalateForm, ReviewForm, RiskActionForm, RiskForm
from .models import Category, RiskRegister
from .permissions import get_register_for_user, get_risk_action_for_user, get_risk_for_user


def _register_context(request, register: RiskRegister) -> dict:
    filters = selectors.RegisterFilters.from_query(request.GET)
    tell_refused(request, filters.refused)
    page = selectors.register_page(register, filters, request.GET.get("page", 1), user=request.user)
    register.can_open = request.user.has_perm("risk.view_riskregister", register)
    for row in page.rows:
        row.risk.can_open = request.user.has_perm("risk.view_risk", row.risk)
    return {
        "register": register,
        "filters": filters,
        "page": page,
        "heat_map": selectors.heat_map(register, filters, user=request.user),
        "categories": Category.choices,
        "can_download": request.user.has_perm("risk.download_riskregister"),
        "can_add": request.user.has_perm("risk.add_risk", register),
    }


@require_GET
@login_required
def register_list(request):
    registers = selectors.registers_for_user(request.user)
    return render(request, "risk/register_list.html", {"registers": registers})


@require_GET
@login_required
def register_detail(request, pk: int):
    register = get_register_for_user(request.user, pk)
    return render(request, "risk/register_detail.html", _register_context(request, register))


@require_GET
@login_required
def plan_risks(request, service_plan_pk: int):
    plan = get_plan_for_user(request.user, "service", service_plan_pk)
    register = selectors.register_get_for_service(service=plan.service)
    context = {"plan": plan, "register": register}
    if register is not None:
        context |= _register_context(request, register)
    return render(request, "risk/plan_risks.html", context)


@require_GET
@login_required
def risk_detail(request, pk: int):
    risk = get_risk_for_user(request.user, pk)
    details = selectors.risk_detail(risk)
    for register in details["registers"]:
        register.can_open = request.user.has_perm("risk.view_riskregister", register)
    threatens = risk.threatens
    if threatens is not None:
        mark_openable(request.user, [threatens], plan_of=lambda item: item.plan)
    context = {
        "risk": risk,
        "threatens": threatens,
        "can_change": request.user.has_perm("risk.change_risk", risk),
        "can_escalate": request.user.has_perm("risk.escalate_risk", risk),
        "prompt": services.escalation_prompt(risk),
        **details,
    }
    return render(request, "risk/risk_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def risk_review(request, pk: int):
    risk = get_risk_for_user(request.user, pk, need="change")
    today = timezone.localdate()
    initial = {
        "quarter": "{}-{}".format(*periods.year_and_quarter(today)),
        "reviewed_by": risk.owner_id,
        "likelihood": risk.current_likelihood,
        "impact": risk.current_impact,
        "score": risk.current_score,
        "version": version_token(risk),
    }
    people = selectors.risk_action_owner_choices(risk, first_service_id=request.user.service_id)
    outcome = submit_form(
        request,
        lambda data: ReviewForm(
            data, matrix=risk.register.matrix, people=people, today=today, initial=initial
        ),
        lambda form: services.risk_review_record(
            risk=risk, actor=request.user, **form.cleaned_data
        ),
        obj=risk,
    )
    if outcome.done:
        return saved_redirect(request, f"Review recorded for {outcome.saved.quarter_label}", risk)
    return outcome.page(request, "risk/risk_review.html", {"risk": risk})


@require_http_methods(["GET", "POST"])
@login_required
def risk_escalate(request, pk: int):
    risk = get_risk_for_user(request.user, pk, need="escalate")
    outcome = submit_form(
        request,
        lambda data: EscalateForm(
            data,
            choices=services.escalation_choices(risk),
            initial={"version": version_token(risk)},
        ),
        lambda form: services.risk_escalate(risk=risk, actor=request.user, **form.cleaned_data),
        obj=risk,
    )
    if outcome.done:
        message = "Risk moved: it is the same record in every register"
        return saved_redirect(request, message, risk)
    context = {"risk": risk, "prompt": services.escalation_prompt(risk)}
    return outcome.page(request, "risk/risk_escalate.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def risk_add(request, pk: int):
    register = get_register_for_user(request.user, pk)
    if not request.user.has_perm("risk.add_risk", register):
        raise PermissionDenied("You can read this register but not add to it")
    owners, actions = selectors.risk_form_choices(
        register, first_service_id=request.user.service_id
    )
    outcome = submit_form(
        request,
        lambda data: RiskForm(data, matrix=register.matrix, owners=owners, actions=actions),
        lambda form: _risk_create(request, register, form),
    )
    if outcome.done:
        return saved_redirect(request, f"Risk {outcome.saved.ref} added", outcome.saved)
    return outcome.page(request, "risk/risk_add.html", {"register": register})


def _risk_create(request, register, form):
    data = dict(form.cleaned_data)
    data["owner_id"] = data.pop("owner")
    data["threatens_action_id"] = data.pop("threatens_action")
    return services.risk_create(register=register, actor=request.user, **data)


@require_http_methods(["GET", "POST"])
@login_required
def risk_action_add(request, pk: int):
    risk = get_risk_for_user(request.user, pk, need="change")
    return _risk_action_form(request, risk=risk, action=None)


@require_http_methods(["GET", "POST"])
@login_required
def risk_action_change(request, pk: int):
    action = get_risk_action_for_user(request.user, pk, need="change")
    return _risk_action_form(request, risk=action.risk, action=action)


def _risk_action_form(request, *, risk, action):
    owners = selectors.risk_action_owner_choices(
        risk, action.owner_id if action else None, first_service_id=request.user.service_id
    )
    initial = initial_from(action, "description", "due_date", "status")
    initial["owner"] = action.owner_id if action else risk.owner_id
    button = "Save action" if action else "Add action"
    outcome = submit_form(
        request,
        lambda data: RiskActionForm(data, initial=initial, owners=owners, button=button),
        lambda form: _risk_action_save(request, risk, action, form),
        obj=action,
    )
    if outcome.done:
        return saved_redirect(
            request, "Further action saved" if action else "Further action added", risk
        )
    context = {"risk": risk, "action": action}
    return outcome.page(request, "risk/riskaction_form.html", context)


def _risk_action_save(request, risk, action, form):
    data = dict(form.cleaned_data)
    data["owner_id"] = data.pop("owner")
    return services.risk_action_save(risk=risk, actor=request.user, action=action, **data)


@require_POST
@login_required
def risk_action_done(request, pk: int):
    action = get_risk_action_for_user(request.user, pk, need="change")
    try:
        services.risk_action_mark_done(
            action=action, actor=request.user, version=request.POST.get("version", "")
        )
    except EditConflict as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Further action marked as done")
    return redirect(action.risk)


@require_GET
@login_required
def risk_action_history(request, pk: int):
    action = get_risk_action_for_user(request.user, pk)
    context = {"action": action, "risk": action.risk, "entries": history.timeline(action)}
    return render(request, "risk/riskaction_history.html", context)
