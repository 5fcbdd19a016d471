"""Finance pages: a plan's Finance section, the revenue budget and monthly entry forms, the
council's revenue forecast by directorate, the thresholds administrators set, and the
uploads of the ledger's revenue months and capital schemes' figures (one page for both)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.clock import today
from core.editing import apply_errors, form_page, submit_form
from core.history import EditConflict, version_token
from core.uploads import Saving, UploadRefused, checked_keep, checked_save
from planning import capital_upload
from planning import finance_upload as upload
from planning.forms.finance import (
    FinanceThresholdsForm,
    FinanceUploadForm,
    RevenueBudgetForm,
    RevenueMonthForm,
)
from planning.models import FinancialYear
from planning.permissions import (
    can_enter_finance,
    can_upload_finance,
    get_finance_plan_for_user,
)
from planning.selectors import finance as selectors
from planning.services import finance as services

from .delivery import section_context


@require_GET
@login_required
def plan_finance(request, pk: int):
    plan = get_finance_plan_for_user(request.user, pk)
    finance = selectors.plan_finance(plan, today=today())
    reported = {m.month: m for m in finance.months}
    closed = [m for m in plan.year.months if m <= max(today(), plan.year.starts)]
    context = section_context(request, plan, "finance") | {
        "finance": finance,
        "can_enter": can_enter_finance(request.user, plan),
        "month_rows": [(month, reported.get(month)) for month in closed],
    }
    return render(request, "planning/serviceplan_finance.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def revenue_budget_edit(request, pk: int):
    plan = get_finance_plan_for_user(request.user, pk, need="enter")
    budget = selectors.revenue_budget_get_for_plan(plan=plan)
    initial = {}
    if budget:
        initial = {
            "original_budget": budget.original_budget,
            "current_budget": budget.current_budget,
            "version": version_token(budget),
        }

    def save(form):
        return services.revenue_budget_save(plan=plan, actor=request.user, **form.cleaned_data)

    def saved_version() -> str:
        saved = selectors.revenue_budget_get_for_plan(plan=plan)
        return version_token(saved) if saved else ""

    outcome = submit_form(
        request,
        lambda data: RevenueBudgetForm(data, initial=initial),
        save,
        obj=budget,
        version=saved_version,
    )
    if outcome.done:
        messages.success(request, "Revenue budget saved")
        return redirect("planning:plan-finance", pk=plan.pk)
    form, conflict = outcome.form, outcome.conflict
    return form_page(
        request,
        "planning/finance_form.html",
        form,
        conflict,
        {"plan": plan, "heading": "Revenue budget"},
    )


def _month_of(plan, year: int, month: int) -> dt.date:
    try:
        day = dt.date(year, month, 1)
    except (ValueError, OverflowError):
        raise Http404("No such month") from None
    if day not in plan.year.months:
        raise Http404("That month is not in the plan's year")
    return day


@require_http_methods(["GET", "POST"])
@login_required
def revenue_month_edit(request, pk: int, year: int, month: int):
    plan = get_finance_plan_for_user(request.user, pk, need="enter")
    day = _month_of(plan, year, month)
    record = selectors.revenue_month_get_for_plan(plan=plan, month=day)
    budget = selectors.current_budget(plan=plan)
    initial = {}
    if record:
        initial = {
            "actual_to_date": record.actual_to_date,
            "forecast_outturn": record.forecast_outturn,
            "commentary": record.commentary,
            "version": version_token(record),
        }

    def save(form):
        figures = {k: v for k, v in form.cleaned_data.items() if k != "confirmed"}
        return services.revenue_month_save(plan=plan, actor=request.user, month=day, **figures)

    def saved_version() -> str:
        saved = selectors.revenue_month_get_for_plan(plan=plan, month=day)
        return version_token(saved) if saved else ""

    outcome = submit_form(
        request,
        lambda data: RevenueMonthForm(data, initial=initial, budget=budget),
        save,
        obj=record,
        version=saved_version,
    )
    if outcome.done:
        messages.success(request, f"Figures for {day:%B %Y} saved")
        return redirect("planning:plan-finance", pk=plan.pk)
    form, conflict = outcome.form, outcome.conflict
    return form_page(
        request,
        "planning/finance_form.html",
        form,
        conflict,
        {"plan": plan, "heading": f"Finance for {day:%B %Y}", "record": record},
    )


def _chosen_month(request, year: FinancialYear) -> dt.date:
    """The month asked for (?month=2026-10), or the latest closed one; a month outside
    the year, or not a month at all, is a 404."""
    asked = request.GET.get("month", "")
    if not asked:
        return selectors.default_month(year, today())
    try:
        day = dt.date.fromisoformat(f"{asked}-01")
    except ValueError:
        raise Http404("No such month") from None
    if day not in year.months:
        raise Http404("That month is not in the year")
    return day


@require_GET
@login_required
def finance_overview(request):
    if not request.user.has_perm("planning.view_finance_overview"):
        raise PermissionDenied("The council's finance overview is for performance staff")
    year = FinancialYear.objects.current()
    if year is None:
        raise Http404("No current year")
    month = _chosen_month(request, year)
    forecast = selectors.revenue_by_directorate(year=year, month=month)
    return render(
        request,
        "planning/finance_overview.html",
        {
            "forecast": forecast,
            "months": year.months,
            "year": year,
            "month": month,
            "can_upload": can_upload_finance(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def finance_thresholds(request):
    if not request.user.has_perm("planning.change_finance_thresholds"):
        raise PermissionDenied("Only administrators set the finance thresholds")
    current = selectors.finance_thresholds()
    rows = selectors.finance_threshold_rows()
    initial = {}
    for level, thresholds in current.items():
        for name in services.THRESHOLD_FIELDS:
            initial[f"{level}_{name}"] = getattr(thresholds, name)
        if level in rows:
            initial[f"{level}_version"] = version_token(rows[level])
    form = FinanceThresholdsForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.finance_thresholds_save(
                actor=request.user, levels=form.levels(), versions=form.versions()
            )
        except EditConflict as error:
            conflict = error
            data = request.POST.copy()
            for row in selectors.finance_threshold_rows().values():
                data[f"{row.level}_version"] = version_token(row)
            form = FinanceThresholdsForm(data, initial=initial)
            form.is_valid()
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Finance thresholds saved")
            return redirect("planning:finance-thresholds")
    status = 200 if request.method == "GET" else (409 if conflict else 400)
    if conflict:
        form.add_error(None, str(conflict))
    return render(
        request,
        "planning/finance_thresholds.html",
        {"form": form, "conflict": conflict},
        status=status,
    )


# --- uploading the ledger's figures ----------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Each kind of upload: the module that reads and checks its files, the service that saves
# them, and what one row saved is called.
UPLOADS = {
    "revenue": (upload, services.revenue_months_save, "month of figures", "months of figures"),
    "capital": (
        capital_upload,
        services.capital_schemes_save,
        "capital scheme",
        "capital schemes",
    ),
}


def _upload_scope(user):
    """The current year and its plans whose finance the person enters: 403 if none."""
    year = FinancialYear.objects.current()
    if year is None:
        raise Http404("No current year")
    plans = selectors.finance_plans_for_user(user=user, year=year)
    if not plans:
        raise PermissionDenied("Only finance and performance staff upload services' figures")
    return year, plans


@require_GET
@login_required
def finance_upload_template(request, kind: str = "revenue"):
    year, plans = _upload_scope(request.user)
    if kind == "capital":
        content = capital_upload.template_workbook(plans=plans)
        filename = f"capital-figures-{year.start_year}.xlsx"
    else:
        month = selectors.default_month(year, today())
        content = upload.template_workbook(plans=plans, month=month)
        filename = f"revenue-figures-{month:%Y-%m}.xlsx"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def finance_upload(request, kind: str = "revenue"):
    _upload_scope(request.user)
    module, _, noun, nouns = UPLOADS[kind]
    form, result, refusal, status = FinanceUploadForm(kind=kind), None, "", 200
    if request.method == "POST" and request.POST.get("action") == "save":
        saving = _upload_save(request, kind)
        if saving.done:
            return _after_upload(request, kind, saving.result)
        result, refusal, status = saving.result, saving.refusal, saving.status
    elif request.method == "POST":
        form = FinanceUploadForm(request.POST, request.FILES, kind=kind)
        if form.is_valid():
            file = form.cleaned_data["file"]
            try:
                rows = module.read_rows(file.name, file.read())
            except UploadRefused as error:
                form.add_error("file", str(error))
            else:
                result = module.dry_run(rows=rows, actor=request.user)
                key = _session_key(kind)
                checked_keep(request.session, key, name=file.name, rows=rows, checked=result)
    if status == 200 and request.method == "POST":
        status = 400 if (form.errors or (result and result.errors)) else 200
    context = {"form": form, "result": result, "refusal": refusal, "kind": kind}
    context |= {"noun": noun, "nouns": nouns, "item": "Scheme" if kind == "capital" else ""}
    return render(request, "planning/finance_upload.html", context, status=status)


def _session_key(kind: str) -> str:
    return f"finance-upload-{kind}"


def _upload_save(request, kind: str) -> Saving:
    """Save the checked file's figures, all or none, if nothing has moved since the check."""
    module, save, noun, nouns = UPLOADS[kind]
    saving = checked_save(
        request.session,
        _session_key(kind),
        check=lambda rows: module.dry_run(rows=rows, actor=request.user),
        save=lambda entries, name: save(entries=entries, actor=request.user, source=name),
    )
    if saving.done:
        messages.success(request, f"{saving.saved} {noun if saving.saved == 1 else nouns} saved")
    return saving


def _after_upload(request, kind: str, result):
    """Back to the service's finance (or resources, for capital) when the file was for one
    service, else the overview."""
    plans = {entry.plan.pk for entry in result.entries}
    if len(plans) == 1:
        page = "planning:plan-resources" if kind == "capital" else "planning:plan-finance"
        return redirect(page, pk=plans.pop())
    if request.user.has_perm("planning.view_finance_overview"):
        return redirect("planning:finance-overview")
    return redirect(
        "planning:finance-upload" if kind == "revenue" else "planning:finance-upload-capital"
    )
