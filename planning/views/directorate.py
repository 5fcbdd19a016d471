"""The directorate plan on a page: the director writes its priorities and key
programmes; the services' top improvements come up the golden thread on their own.
Printable on one A4 page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from planning import selectors, services
from planning.history import EditConflict, version_token
from planning.level_forms import KeyProgrammeForm, PriorityForm
from planning.models import KeyProgramme
from planning.permissions import authorise, get_item_for_user, get_plan_for_user
from planning.selectors.directorate import plan_on_a_page

from .delivery import _form_page, _with_version, apply_errors


def get_programme_for_user(user, pk: int, need: str = "view") -> KeyProgramme:
    programme = (
        KeyProgramme.objects.select_related("plan__year", "plan__directorate").filter(pk=pk).first()
    )
    if programme is None:
        raise Http404("No such programme")
    authorise(user, programme.plan, need)
    return programme


@require_GET
@login_required
def plan_print(request, pk: int):
    plan = get_plan_for_user(request.user, "directorate", pk)
    page = plan_on_a_page(plan=plan, user=request.user)
    return render(request, "planning/directorateplan_print.html", {"plan": plan, "page": page})


@require_http_methods(["GET", "POST"])
@login_required
def priority_add(request, pk: int):
    plan = get_plan_for_user(request.user, "directorate", pk, need="change")
    return _priority_form(request, plan=plan, priority=None)


@require_http_methods(["GET", "POST"])
@login_required
def priority_edit(request, pk: int):
    priority = get_item_for_user(request.user, "priority", pk, need="change")
    return _priority_form(request, plan=priority.plan, priority=priority)


def _priority_initial(priority) -> dict:
    if priority is None:
        return {}
    initial = {name: getattr(priority, name) for name in ("ref", "title", "description")}
    initial["version"] = version_token(priority)
    if priority.serves_key:
        initial["serves"] = "{}:{}".format(*priority.serves_key)
    return initial


def _priority_form(request, *, plan, priority):
    probe = priority or plan.items.model(plan=plan)
    kwargs = {"priority": probe, "serves_choices": selectors.serves_choices(probe)}
    initial = _priority_initial(priority)
    form = PriorityForm(request.POST or None, initial=initial, **kwargs)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        serves, version = data.pop("serves"), data.pop("version")
        try:
            services.priority_save(
                plan=plan,
                actor=request.user,
                data=data,
                serves=serves,
                priority=priority,
                version=version,
            )
        except EditConflict as error:
            conflict = error
            form = PriorityForm(_with_version(request.POST, priority), initial=initial, **kwargs)
            form.is_valid()
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Priority saved")
            return redirect(plan)
    return _form_page(
        request,
        "planning/directoratepriority_form.html",
        form,
        conflict,
        {"plan": plan, "priority": priority},
    )


@require_http_methods(["GET", "POST"])
@login_required
def programme_add(request, pk: int):
    plan = get_plan_for_user(request.user, "directorate", pk, need="change")
    return _programme_form(request, plan=plan, programme=None)


@require_http_methods(["GET", "POST"])
@login_required
def programme_edit(request, pk: int):
    programme = get_programme_for_user(request.user, pk, need="change")
    return _programme_form(request, plan=programme.plan, programme=programme)


def _programme_form(request, *, plan, programme):
    initial = {}
    if programme is not None:
        initial = {name: getattr(programme, name) for name in ("name", "summary", "programme_ref")}
        initial["version"] = version_token(programme)
    form = KeyProgrammeForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.programme_save(
                plan=plan, actor=request.user, data=data, programme=programme, version=version
            )
        except EditConflict as error:
            conflict = error
            form = KeyProgrammeForm(_with_version(request.POST, programme), initial=initial)
            form.is_valid()
        else:
            messages.success(request, "Key programme saved")
            return redirect(plan)
    return _form_page(
        request,
        "planning/keyprogramme_form.html",
        form,
        conflict,
        {"plan": plan, "programme": programme},
    )
