"""Finance pages: a plan's Finance section, the revenue budget and monthly entry forms, the
council's revenue forecast by directorate, the thresholds administrators set, and the
uploads of the ledger's revenue months and capital schemes' figures (one page for both)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.clock import today
from core.editing import initial_from, saved_redirect, stamp_of, submit_form, submit_upload
from core.history import version_token
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
    initial = initial_from(budget, "original_budget", "current_budget")
    outcome = submit_form(
        request,
        lambda data: RevenueBudgetForm(data, initial=initial),
        lambda form: services.revenue_budget_save(
            plan=plan, actor=request.user, **form.cleaned_data
        ),
        obj=budget,
        version=stamp_of(lambda: selectors.revenue_budget_get_for_plan(plan=plan)),
    )
    if outcome.done:
        return saved_redirect(request, "Revenue budget saved", "planning:plan-finance", pk=plan.pk)
    context = {"plan": plan, "heading": "Revenue budget"}
    return outcome.page(request, "planning/finance_form.html", context)


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
    initial = initial_from(record, "actual_to_date", "forecast_outturn", "commentary")
    outcome = submit_form(
        request,
        lambda data: RevenueMonthForm(data, initial=initial, budget=budget),
        lambda form: _revenue_month_save(request, plan, day, form),
        obj=record,
        version=stamp_of(lambda: selectors.revenue_month_get_for_plan(plan=plan, month=day)),
    )
    if outcome.done:
        message = f"Figures for {day:%B %Y} saved"
        return saved_redirect(request, message, "planning:plan-finance", pk=plan.pk)
    context = {"plan": plan, "heading": f"Finance for {day:%B %Y}", "record": record}
    return outcome.page(request, "planning/finance_form.html", context)


def _revenue_month_save(request, plan, day: dt.date, form):
    figures = {k: v for k, v in form.cleaned_data.items() if k != "confirmed"}
    return services.revenue_month_save(plan=plan, actor=request.user, month=day, **figures)


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
    initial = _thresholds_initial()
    outcome = submit_form(
        request,
        lambda data: FinanceThresholdsForm(data, initial=initial),
        lambda form: services.finance_thresholds_save(
            actor=request.user, levels=form.levels(), versions=form.versions()
        ),
        versions=_threshold_versions,
    )
    if outcome.done:
        return saved_redirect(request, "Finance thresholds saved", "planning:finance-thresholds")
    return outcome.page(request, "planning/finance_thresholds.html", {})


def _thresholds_initial() -> dict:
    """The thresholds as set, each level's with its change stamp."""
    current = selectors.finance_thresholds()
    rows = selectors.finance_threshold_rows()
    initial = {}
    for level, thresholds in current.items():
        for name in services.THRESHOLD_FIELDS:
            initial[f"{level}_{name}"] = getattr(thresholds, name)
        if level in rows:
            initial[f"{level}_version"] = version_token(rows[level])
    return initial


def _threshold_versions() -> dict[str, str]:
    return {
        f"{row.level}_version": version_token(row)
        for row in selectors.finance_threshold_rows().values()
    }


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
    module, save, noun, nouns = UPLOADS[kind]
    page = submit_upload(
        request,
        f"finance-upload-{kind}",
        lambda data, files: FinanceUploadForm(data, files, kind=kind),
        read=lambda name, content: upload.with_unit(
            module.read_rows(name, content), unit=request.POST.get("unit", "")
        ),
        check=lambda rows: module.dry_run(rows=rows, actor=request.user),
        save=lambda entries, name: save(entries=entries, actor=request.user, source=name),
    )
    if page.done:
        messages.success(request, f"{page.saved} {noun if page.saved == 1 else nouns} saved")
        return _after_upload(request, kind, page.result)
    context = {"form": page.form, "result": page.result, "refusal": page.refusal, "kind": kind}
    context |= {"noun": noun, "nouns": nouns, "item": "Scheme" if kind == "capital" else ""}
    return render(request, "planning/finance_upload.html", context, status=page.status)


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
