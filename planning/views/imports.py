"""Bringing a council's data in: the kinds a person may import with their templates, the
upload, and each import run's progress, dry run and result."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import bulk
from planning.forms.imports import BulkUploadForm
from planning.models import ImportRun
from planning.permissions import get_import_run_for_user
from planning.selectors.imports import dry_run_of, import_runs_for_user
from planning.services import imports

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _kinds(user) -> list[bulk.BulkKind]:
    if not user.has_perm("planning.bring_data_in"):
        raise PermissionDenied("Administrators and performance leads bring data in")
    return bulk.kinds_for(user)


def _kind(user, slug: str) -> bulk.BulkKind:
    _kinds(user)
    kind = bulk.KINDS.get(slug)
    if kind is None:
        raise Http404("No such kind of import")
    if not user.has_perm(kind.permission):
        raise PermissionDenied(f"You cannot import the {kind.title.lower()}")
    return kind


@require_GET
@login_required
def bring_in(request):
    context = {"kinds": _kinds(request.user), "runs": import_runs_for_user(user=request.user)}
    return render(request, "planning/import_kinds.html", context)


@require_GET
@login_required
def import_template(request, slug: str, fmt: str):
    kind = _kind(request.user, slug)
    if fmt not in ("xlsx", "csv"):
        raise Http404("Templates are .xlsx or .csv")
    content = bulk.template_workbook(kind) if fmt == "xlsx" else bulk.template_csv(kind)
    if content is None:
        raise Http404("This import has several sheets: download the workbook")
    kind_type = XLSX if fmt == "xlsx" else "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=kind_type)
    response["Content-Disposition"] = f'attachment; filename="{kind.slug}-template.{fmt}"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def import_upload(request, slug: str):
    kind = _kind(request.user, slug)
    form = BulkUploadForm(request.POST or None, request.FILES or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        options = {name: form.cleaned_data[name] for name, _, _ in kind.options}
        run = imports.import_start(
            kind=kind, name=file.name, content=file.read(), options=options, actor=request.user
        )
        return redirect(run)
    status = 400 if form.errors else 200
    context = {"kind": kind, "form": form}
    return render(request, "planning/import_upload.html", context, status=status)


def _run_context(request, pk: int) -> dict:
    run = get_import_run_for_user(request.user, pk, queryset=ImportRun.objects.all())
    kind = bulk.KINDS.get(run.kind)
    return {"run": run, "kind": kind, "dry_run": dry_run_of(run)}


@require_GET
@login_required
def import_run(request, pk: int):
    return render(request, "planning/import_run.html", _run_context(request, pk))


@require_GET
@login_required
def import_run_progress(request, pk: int):
    context = _run_context(request, pk)
    response = render(request, "planning/import_run.html#progress", context)
    if not context["run"].is_working and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"  # the dry run or the result: the whole page
    return response


@require_POST
@login_required
def import_run_save(request, pk: int):
    run = get_import_run_for_user(request.user, pk, queryset=ImportRun.objects.all())
    try:
        imports.import_confirm(run=run, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(run)
