"""Performance pages: thin views that fetch and authorise in one line, then render."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from core.editing import initial_from, saved_redirect, stamp_of, submit_form, submit_upload
from core.history import EditConflict
from core.query import QueryReader, tell_refused
from planning.models import FinancialYear
from planning.permissions import can_change_plan, get_plan_for_user, mark_openable

from . import charts, selectors, services, upload
from .forms import (
    DefinitionForm,
    QuarterChooser,
    TargetForm,
    UploadForm,
    UseDefinitionForm,
    ValueGrid,
)
from .models import IndicatorType
from .permissions import (
    can_change_definition,
    can_change_policy,
    can_enter_values,
    get_indicator_for_user,
)
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
    definitions = _enterable(plan, request.user)
    chooser = QuarterChooser.from_query(request.GET, year=plan.year, today=today())
    if chooser.refused:
        messages.warning(
            request,
            f"There is no quarter “{chooser.refused[:20]}”: the grid shows Q{chooser.number}, "
            "the quarter of the latest month with a value due.",
        )
    data = request.POST if request.method == "POST" else None
    grid = _value_grid(plan, definitions, data, months=chooser.months)
    valid = data is not None and grid.is_valid()
    warned = valid and grid.warn(selectors.value_history(entries=grid.entries))
    if data is not None and not grid.errors and not warned:
        try:
            saved = services.values_save(
                entries=grid.entries,
                actor=request.user,
                reason="Entered in the grid",
                today=today(),
            )
        except (ValidationError, EditConflict) as error:
            grid = _value_grid(plan, definitions, data, months=chooser.months, refused=error)
        else:
            message = f"{saved} value{'s' if saved != 1 else ''} saved"
            return saved_redirect(request, message, "performance:plan-indicators", pk=plan.pk)
    return render(
        request,
        "performance/plan_values.html",
        {"plan": plan, "grid": grid, "warned": warned, "chooser": chooser},
        status=400 if grid.errors else 200,
    )


def _value_grid(plan, definitions, data, *, months, refused=None) -> ValueGrid:
    """The grid of the plan's values the person enters for the chosen months, as held now.
    After a refused save it is shown again with the values as they are now (and their
    versions), keeping what was typed and saying why: saving again is a deliberate choice
    to replace them."""
    held = selectors.values_held(year=plan.year, definitions=definitions, months=months)
    grid = ValueGrid(data, definitions=definitions, held=held, months=months, today=today())
    if refused is not None:
        grid.is_valid()
        grid.show_latest()
        grid.problems.extend(getattr(refused, "messages", [str(refused)]))
    return grid


@require_GET
@login_required
def indicator_list(request):
    filters = selectors.IndicatorFilters.from_query(request.GET)
    tell_refused(request, filters.refused)
    year = selectors.year_for_list(month=filters.month)
    result = selectors.indicator_list(
        filters=filters,
        year=year,
        user=request.user,
        page=request.GET.get("page"),
        per_page=PER_PAGE,
    )
    page = result.page
    context = {"result": result, "page": page, "filters": filters, "types": IndicatorType.choices}
    context["travel_word"] = selectors.TRAVEL_WORDS.get(filters.travel, "")
    context["may_change_policy"] = can_change_policy(request.user)
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
    page = submit_upload(
        request,
        f"performance-upload-{plan.pk}",
        UploadForm,
        read=upload.read_rows,
        check=lambda rows: upload.dry_run(
            rows=rows, definitions=definitions, actor=request.user, today=today()
        ),
        save=lambda entries, name: services.values_save(
            entries=entries, actor=request.user, reason=f"Uploaded from {name}"[:100], today=today()
        ),
    )
    if page.done:
        message = f"{page.saved} value{'s' if page.saved != 1 else ''} saved"
        return saved_redirect(request, message, "performance:plan-indicators", pk=plan.pk)
    context = {"plan": plan, "form": page.form, "result": page.result, "refusal": page.refusal}
    return render(request, "performance/plan_upload.html", context, status=page.status)


def _target_initial(target) -> dict:
    initial = initial_from(target, "justification", "reason")
    if target is None:
        return initial
    initial["value"] = target.value.normalize()
    return initial | {f"profile_{n}": v for n, v in enumerate(target.profile_values, start=1)}


def _target_set(request, definition, year, form) -> None:
    data = form.cleaned_data
    services.target_set(
        definition=definition,
        year=year,
        value=data["value"],
        justification=data["justification"],
        reason=data["reason"],
        profile=form.profile,
        actor=request.user,
        change_reason=data["change_reason"],
        version=data["version"],
    )


@require_http_methods(["GET", "POST"])
@login_required
def indicator_target(request, pk: int):
    definition = get_indicator_for_user(request.user, pk, need="enter")
    year = FinancialYear.objects.current()
    if definition.data_only or year is None:
        raise Http404("A data-only indicator has no target")
    initial = _target_initial(selectors.target_get(definition=definition, year=year))
    kind, months = definition.number_kind, definition.months_taking_values
    outcome = submit_form(
        request,
        lambda data: TargetForm(data, initial=initial, months=months, kind=kind),
        lambda form: _target_set(request, definition, year, form),
        version=stamp_of(lambda: selectors.target_get(definition=definition, year=year)),
    )
    if outcome.done:
        return saved_redirect(request, f"Target for {year} saved", definition)
    context = {"definition": definition, "year": year}
    return outcome.page(request, "performance/indicator_target.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def plan_definition_new(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk, need="change")
    outcome = submit_form(
        request,
        lambda data: DefinitionForm(data, actions=plan.items.all()),
        lambda form: services.definition_create(
            definition=form.instance,
            plan=plan,
            serves_action=form.cleaned_data["serves_action"],
            actor=request.user,
        ),
    )
    if outcome.done:
        message = f"{outcome.form.instance.ref} added to the plan"
        return saved_redirect(request, message, "performance:plan-definitions", pk=plan.pk)
    context = {"plan": plan, "heading": "Add a new indicator"}
    return outcome.page(request, "performance/plan_definition_form.html", context)


def _use_definition_form(plan, data, offer) -> UseDefinitionForm:
    """The library's indicators the plan does not use yet (those on offer shown), and the
    plan's actions."""
    return UseDefinitionForm(
        data,
        definitions=selectors.definitions_not_in_plan(plan=plan),
        definition_choices=offer.choices,
        actions=plan.items.all(),
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan_definition_use(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk, need="change")
    query = QueryReader(request.GET)
    search = query.text("search")
    tell_refused(request, query.refused)
    offer = selectors.library_offer(
        plan=plan,
        search=search,
        # a chosen indicator is offered again with the form's errors, found or not
        keep=QueryReader(request.POST).number("definition") if request.method == "POST" else None,
    )
    outcome = submit_form(
        request,
        lambda data: _use_definition_form(plan, data, offer),
        lambda form: services.usage_add(
            plan=plan,
            definition=form.cleaned_data["definition"],
            serves_action=form.cleaned_data["serves_action"],
            actor=request.user,
        ),
    )
    if outcome.done:
        message = f"{outcome.form.cleaned_data['definition'].ref} added to the plan"
        return saved_redirect(request, message, "performance:plan-definitions", pk=plan.pk)
    context = {"plan": plan, "heading": "Use an indicator from the library", "offer": offer}
    return outcome.page(request, "performance/plan_definition_form.html", context)
