"""Performance pages: thin views that fetch and authorise in one line, then render."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.history import EditConflict, version_token
from core.query import tell_refused
from core.uploads import checked_keep, checked_save
from planning.models import FinancialYear
from planning.permissions import can_change_plan, get_plan_for_user, mark_openable

from . import charts, selectors, services, upload
from .forms import DefinitionForm, TargetForm, UploadForm, UseDefinitionForm, ValueGrid
from .models import IndicatorType
from .permissions import can_change_definition, can_enter_values, get_indicator_for_user
from .status import rating_counts

PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def today() -> dt.date:
    return dt.date.today()


@require_GET
@login_required
def plan_indicators(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk, need="view")
    rows = selectors.plan_indicators(plan=plan, user=request.user)
    return render(
        request,
        "performance/plan_indicators.html",
        {
            "plan": plan,
            "rows": rows,
            "counts": rating_counts(row.status for row in rows),
            "can_enter": any(row.can_enter for row in rows),
        },
    )


@require_GET
@login_required
def plan_definitions(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk, need="view")
    return render(
        request,
        "performance/plan_definitions.html",
        {
            "plan": plan,
            "usages": selectors.plan_definitions(plan=plan),
            "can_change": can_change_plan(request.user, plan),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan_values(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk, need="view")
    definitions = [
        row.usage.definition
        for row in selectors.plan_indicators(plan=plan, user=request.user)
        if row.can_enter
    ]
    if not definitions:
        raise PermissionDenied("You cannot enter values for any of this plan's indicators")
    data = request.POST if request.method == "POST" else None

    def grid_of(held_now) -> ValueGrid:
        return ValueGrid(
            data, definitions=definitions, held=held_now, months=plan.year.months, today=today()
        )

    grid = grid_of(selectors.values_held(year=plan.year, definitions=definitions))
    warned = False
    if data is not None and grid.is_valid():
        warned = grid.warn(selectors.value_history(entries=grid.entries))
    if data is not None and not grid.errors and not warned:
        try:
            saved = services.values_save(
                entries=grid.entries,
                actor=request.user,
                reason="Entered in the grid",
                today=today(),
            )
        except (ValidationError, EditConflict) as error:
            # Shown again with the values as they are now (and their versions), keeping
            # what was typed: saving again is a deliberate choice to replace them.
            grid = grid_of(selectors.values_held(year=plan.year, definitions=definitions))
            grid.is_valid()
            grid.show_latest()
            grid.problems.extend(getattr(error, "messages", [str(error)]))
        else:
            messages.success(request, f"{saved} value{'s' if saved != 1 else ''} saved")
            return redirect("performance:plan-indicators", pk=plan.pk)
    status = 400 if grid.errors else 200
    return render(
        request,
        "performance/plan_values.html",
        {"plan": plan, "grid": grid, "warned": warned},
        status=status,
    )


@require_GET
@login_required
def indicator_list(request):
    filters = selectors.IndicatorFilters.from_query(request.GET)
    tell_refused(request, filters.refused)
    year = selectors.year_for_list(month=filters.month)
    result = selectors.indicator_list(filters=filters, year=year, user=request.user)
    page = Paginator(result.statuses, PER_PAGE).get_page(request.GET.get("page"))
    context = {"result": result, "page": page, "filters": filters, "types": IndicatorType.choices}
    context["travel_word"] = selectors.TRAVEL_WORDS.get(filters.travel, "")
    return render(request, "performance/indicator_list.html", context)


@require_GET
@login_required
def indicator_detail(request, pk: int):
    definition = get_indicator_for_user(request.user, pk)
    page = selectors.indicator_page(
        definition=definition, year=FinancialYear.objects.current(), user=request.user
    )
    mark_openable(request.user, page.usages, plan_of=lambda usage: usage.plan)
    chart = charts.trend_chart(page.status, page.last_year) if page.status else None
    return render(
        request,
        "performance/indicator_detail.html",
        {
            "page": page,
            "definition": definition,
            "chart": chart,
            "can_enter": can_enter_values(request.user, definition),
            "can_change": can_change_definition(request.user, definition),
        },
    )


def _enterable(plan, user, *, every: bool = False) -> list:
    """The plan's indicators the person may enter (or all of them, with `every`); 403 if
    they may enter none."""
    rows = selectors.plan_indicators(plan=plan, user=user)
    if not any(row.can_enter for row in rows):
        raise PermissionDenied("You cannot enter values for any of this plan's indicators")
    return [row.usage.definition for row in rows if every or row.can_enter]


@require_GET
@login_required
def plan_upload_template(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk, need="view")
    definitions = _enterable(plan, request.user)
    values = selectors.values_in_year(year=plan.year, definitions=definitions)
    content = upload.template_workbook(definitions=definitions, values=values)
    response = HttpResponse(content, content_type=XLSX)
    filename = f"indicator-values-{plan.service.code}-{plan.year.start_year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def plan_upload(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk, need="view")
    definitions = {d.ref.upper(): d for d in _enterable(plan, request.user, every=True)}
    key = f"performance-upload-{plan.pk}"
    form, result, refusal, status = UploadForm(), None, "", 200
    if request.method == "POST" and request.POST.get("action") == "save":
        saving = _upload_save(request, key, definitions)
        if saving.done:
            saved = saving.saved
            messages.success(request, f"{saved} value{'s' if saved != 1 else ''} saved")
            return redirect("performance:plan-indicators", pk=plan.pk)
        result, refusal, status = saving.result, saving.refusal, saving.status
    elif request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            file = form.cleaned_data["file"]
            try:
                rows = upload.read_rows(file.name, file.read())
            except upload.UploadRefused as error:
                form.add_error("file", str(error))
            else:
                result = upload.dry_run(
                    rows=rows, definitions=definitions, actor=request.user, today=today()
                )
                checked_keep(request.session, key, name=file.name, rows=rows, checked=result)
    if status == 200 and request.method == "POST":
        status = 400 if (form.errors or (result and result.errors)) else 200
    return render(
        request,
        "performance/plan_upload.html",
        {"plan": plan, "form": form, "result": result, "refusal": refusal},
        status=status,
    )


def _upload_save(request, key: str, definitions: dict):
    """Save the checked file's values, all or none, if nothing has moved since the check."""
    return checked_save(
        request.session,
        key,
        check=lambda rows: upload.dry_run(
            rows=rows, definitions=definitions, actor=request.user, today=today()
        ),
        save=lambda entries, name: services.values_save(
            entries=entries, actor=request.user, reason=f"Uploaded from {name}"[:100], today=today()
        ),
    )


def _target_initial(target) -> dict:
    if target is None:
        return {}
    initial = {
        "version": version_token(target),
        "value": target.value.normalize(),
        "justification": target.justification,
        "reason": target.reason,
    }
    return initial | {f"profile_{n}": v for n, v in enumerate(target.profile_values, start=1)}


def _target_set(request, definition, year, form) -> None:
    services.target_set(
        definition=definition,
        year=year,
        value=form.cleaned_data["value"],
        justification=form.cleaned_data["justification"],
        reason=form.cleaned_data["reason"],
        profile=form.profile,
        actor=request.user,
        change_reason=form.cleaned_data["change_reason"],
        signed_off=selectors.target_is_fixed(definition=definition, year=year),
        version=form.cleaned_data["version"],
    )


@require_http_methods(["GET", "POST"])
@login_required
def indicator_target(request, pk: int):
    definition = get_indicator_for_user(request.user, pk, need="enter")
    year = FinancialYear.objects.current()
    if definition.data_only or year is None:
        raise Http404("A data-only indicator has no target")
    target = selectors.target_get(definition=definition, year=year)
    initial, conflict = _target_initial(target), None
    form = TargetForm(
        request.POST or None,
        initial=initial,
        months=definition.months_taking_values,
        kind=definition.number_kind,
    )
    if request.method == "POST" and form.is_valid():
        try:
            _target_set(request, definition, year, form)
        except ValidationError as error:
            form.add_error(None, error)
        except EditConflict as error:
            conflict = error
            data = request.POST.copy()
            saved = selectors.target_get(definition=definition, year=year)
            data["version"] = version_token(saved) if saved else ""
            form = TargetForm(data, initial=initial, months=definition.months_taking_values)
            form.is_valid()
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Target for {year} saved")
            return redirect(definition)
    status = 409 if conflict else 400 if form.errors else 200
    return render(
        request,
        "performance/indicator_target.html",
        {"definition": definition, "year": year, "form": form, "conflict": conflict},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan_definition_new(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk, need="change")
    form = DefinitionForm(request.POST or None, actions=plan.items.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.definition_create(
                definition=form.instance,
                plan=plan,
                serves_action=form.cleaned_data["serves_action"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{form.instance.ref} added to the plan")
            return redirect("performance:plan-definitions", pk=plan.pk)
    return render(
        request,
        "performance/plan_definition_form.html",
        {"plan": plan, "form": form, "heading": "Add a new indicator"},
        status=400 if form.errors else 200,
    )


def _use_definition_form(request, plan) -> UseDefinitionForm:
    """The library's indicators the plan does not use yet, and the plan's actions."""
    available = selectors.definitions_not_in_plan(plan=plan)
    return UseDefinitionForm(
        request.POST or None,
        definitions=available,
        definition_choices=selectors.library_choices(available, service=plan.service),
        actions=plan.items.all(),
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan_definition_use(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk, need="change")
    form = _use_definition_form(request, plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.usage_add(
                plan=plan,
                definition=form.cleaned_data["definition"],
                serves_action=form.cleaned_data["serves_action"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{form.cleaned_data['definition'].ref} added to the plan")
            return redirect("performance:plan-definitions", pk=plan.pk)
    return render(
        request,
        "performance/plan_definition_form.html",
        {"plan": plan, "form": form, "heading": "Use an indicator from the library"},
        status=400 if form.errors else 200,
    )
