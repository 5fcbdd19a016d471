"""Committee downloads, and the quarterly report's runs: authorise, call one service or
selector, answer."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from audit.selectors import TrackerFilters
from core import periods
from core.clock import today
from core.query import refuse_if_refused, tell_refused
from core.storage import stored_file_response
from risk.permissions import get_register_for_user
from risk.selectors import RegisterFilters

from . import dashboard as board
from . import selectors, services
from .forms import GenerateForm, MonthForm
from .models import ReportKind, ReportRun, RunStatus
from .permissions import (
    get_run_for_user,
    may_generate_reports,
    may_read_dashboard,
    may_read_reports,
    may_retry_run,
)


def _may_download_tracker(user) -> None:
    if not user.has_perm("audit.download_tracker"):
        raise PermissionDenied("Committee members, performance leads and the Board download this")


# A committee download is prepared by a worker: the address (with the page's filters) shows a
# form that asks for it; sending the form records the request and lands on its progress page,
# which offers the file when it is ready.


@require_http_methods(["GET", "POST"])
@login_required
def tracker_download(request, kind: ReportKind):
    _may_download_tracker(request.user)
    filters = TrackerFilters.from_query(request.GET)
    refuse_if_refused(filters.refused)
    return _prepare(request, kind=kind, filters=filters, register=None)


@require_http_methods(["GET", "POST"])
@login_required
def register_download(request, pk: int, kind: ReportKind):
    register = get_register_for_user(request.user, pk)
    if not request.user.has_perm("risk.download_riskregister"):
        raise PermissionDenied("Committee members, performance leads and the Board download this")
    filters = RegisterFilters.from_query(request.GET)
    refuse_if_refused(filters.refused)
    return _prepare(request, kind=kind, filters=filters, register=register)


def _prepare(request, *, kind, filters, register):
    query = filters.query_string()
    if request.method == "POST":
        run = services.download_request(
            actor=request.user, kind=kind, filters=query, register=register
        )
        _tell_how_it_went(request, run)
        return redirect(run)
    run = ReportRun(kind=kind, register=register, filters=query)
    back = register.get_absolute_url() if register else reverse("audit:tracker")
    context = {"run": run, "back": f"{back}?{query}" if query else back}
    return render(request, "reporting/download_prepare.html", context)


@require_GET
@login_required
def download_list(request):
    may_read_reports(request.user)
    runs = selectors.downloads_for(request.user)
    page = Paginator(runs, 50).get_page(request.GET.get("page"))
    return render(request, "reporting/download_list.html", {"page": page})


# --- the Management Board's dashboard ---------------------------------------------


def _chosen_month(request):
    """The month asked for (the latest complete month when none is), the form to choose
    another, and whether the choice was valid."""
    months = board.month_choices(today=today())
    if not months:
        return None, MonthForm(months=months)
    default = months[0].strftime("%Y-%m")
    form = MonthForm({"month": request.GET.get("month", default)}, months=months)
    if not form.is_valid():
        return None, form
    return dt.datetime.strptime(form.cleaned_data["month"], "%Y-%m").date(), form


@require_GET
@login_required
def dashboard(request):
    may_read_dashboard(request.user)
    month, form = _chosen_month(request)
    panels = board.dashboard_build(month=month, user=request.user) if month else []
    return render(
        request,
        "reporting/dashboard/dashboard.html",
        {"form": form, "month": month, "panels": panels},
        status=400 if form.errors else 200,
    )


@require_GET
@login_required
def dashboard_actions(request):
    may_read_dashboard(request.user)
    month, form = _chosen_month(request)
    if month is None:
        return render(
            request, "reporting/dashboard/dashboard.html", {"form": form, "panels": []}, status=400
        )
    filters = board.ActionFilters.from_query(request.GET)
    tell_refused(request, filters.refused)
    result = board.action_drill_down(month=month, user=request.user, filters=filters)
    page = Paginator(result["rows"], 50).get_page(request.GET.get("page"))
    context = {"result": result, "page": page, "month": month, "filters": filters}
    return render(request, "reporting/dashboard/action_list.html", context)


# --- the quarterly Budget & Performance report ---------------------------------------


@require_GET
@login_required
def report_list(request):
    may_read_reports(request.user)
    page = Paginator(selectors.report_runs(), 50).get_page(request.GET.get("page"))
    may_generate = request.user.has_perm("reporting.add_reportrun")
    return render(
        request, "reporting/reportrun_list.html", {"page": page, "may_generate": may_generate}
    )


@require_http_methods(["GET", "POST"])
@login_required
def report_generate(request):
    may_generate_reports(request.user)
    form = GenerateForm(request.POST or None, initial=_this_quarter())
    if request.method == "POST" and form.is_valid():
        run = services.report_request(actor=request.user, **form.cleaned_data)
        _tell_how_it_went(request, run)
        return redirect(run)
    return render(request, "reporting/reportrun_generate.html", {"form": form})


def _this_quarter() -> dict:
    start, quarter = periods.year_and_quarter(timezone.localdate())
    year = selectors.year_starting(start_year=start)
    return {"year": year, "quarter": quarter}


def _tell_how_it_went(request, run: ReportRun) -> None:
    run.refresh_from_db(fields=["status", "step"])
    waiting = run.status == RunStatus.QUEUED and run.step == services.WAITING
    if waiting and run.is_download:
        messages.warning(
            request,
            "The job service cannot be reached just now. Your request is kept: "
            "the download is queued and will be prepared when the job service is back.",
        )
    elif waiting:
        messages.warning(
            request,
            "The job service cannot be reached just now. Your request is kept: "
            f"version {run.version} is queued and will run when the job service is back.",
        )
    elif run.is_download:
        messages.success(request, f"{run.title} requested")
    else:
        messages.success(request, f"{run.period_label} report requested (version {run.version})")


@require_GET
@login_required
def run_detail(request, pk: int):
    run = get_run_for_user(request.user, pk)
    return render(request, "reporting/reportrun_detail.html", _run_context(request, run))


@require_GET
@login_required
def run_progress(request, pk: int):
    run = get_run_for_user(request.user, pk)
    return render(request, "reporting/reportrun_detail.html#progress", _run_context(request, run))


def _run_context(request, run: ReportRun) -> dict:
    return {
        "run": run,
        "changes": [] if run.is_download else selectors.changes_for(run),
        "may_retry": may_retry_run(request.user, run),
    }


def _run_file(request, pk: int, field: str):
    run = get_run_for_user(request.user, pk)
    stored = getattr(run, field)
    if run.status != RunStatus.DONE or not stored:
        raise Http404("This report is not ready")
    if run.is_download:
        name = stored.name.rsplit("/", 1)[-1]
    else:
        stem = f"budget-performance-{run.year.start_year}-q{run.quarter}-v{run.version}"
        name = f"{stem}.{field}"
    return stored_file_response(stored, filename=name)


@require_GET
@login_required
def run_pdf(request, pk: int):
    return _run_file(request, pk, "pdf")


@require_GET
@login_required
def run_xlsx(request, pk: int):
    return _run_file(request, pk, "xlsx")


@require_GET
@login_required
def run_download(request, pk: int):
    run = get_run_for_user(request.user, pk)
    if not run.is_download:
        raise Http404("Not a download")
    return _run_file(request, pk, "pdf" if run.is_pdf_download else "xlsx")


@require_http_methods(["GET", "POST"])
@login_required
def run_retry(request, pk: int):
    run = get_run_for_user(request.user, pk, need="generate")
    if not run.can_retry:
        messages.info(request, services.ONLY_FAILED)
        return redirect(run)
    if request.method == "POST":
        try:
            retry = services.report_retry(run=run, actor=request.user)
        except ValidationError as refusal:
            messages.info(request, " ".join(refusal.messages))
            return redirect(run.retries.order_by("version").first() or run)
        _tell_how_it_went(request, retry)
        return redirect(retry)
    return render(request, "reporting/reportrun_retry.html", {"run": run})
