"""The whole-plan workbook: downloading a Service Business Plan as one .xlsx, and importing
it back (checked first, then all or nothing)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.editing import submit_upload
from planning.forms.workbook import WorkbookUploadForm
from planning.permissions import get_plan_for_user, get_plan_with_perm
from planning.workbook.export import XLSX, plan_workbook, workbook_filename
from planning.workbook.importing import (
    SESSION_KEY,
    plan_import_check,
    plan_import_save,
    read_workbook,
)
from planning.workbook.layout import imported_sheets

from .delivery import section_context


@require_GET
@login_required
def plan_workbook_download(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk)
    response = HttpResponse(plan_workbook(plan, user=request.user), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{workbook_filename(plan)}"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def plan_workbook_import(request, pk: int):
    plan = get_plan_with_perm(
        request.user,
        pk,
        "import_serviceplan",
        "Only the plan's head of service and performance leads import its workbook",
    )
    page = submit_upload(
        request,
        SESSION_KEY.format(pk=plan.pk),
        WorkbookUploadForm,
        read=read_workbook,
        check=lambda data: plan_import_check(plan=plan, data=data, user=request.user),
        save=lambda entries, name: plan_import_save(
            plan=plan, entries=entries, actor=request.user, source=name
        ),
    )
    if page.done:
        messages.success(
            request,
            f"Workbook imported: {page.saved} record{'s' if page.saved != 1 else ''}"
            " added or changed",
        )
        return redirect(plan)
    context = section_context(request, plan, "overview") | {
        "form": page.form,
        "result": page.result,
        "refusal": page.refusal,
        "imported_sheets": imported_sheets(),
    }
    return render(request, "planning/serviceplan_import.html", context, status=page.status)
