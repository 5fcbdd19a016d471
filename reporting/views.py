"""Committee downloads: authorise, build the file from the selectors, send it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from audit.selectors import TrackerFilters
from risk.permissions import get_register_for_user
from risk.selectors import RegisterFilters

from . import committee

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _may_download_tracker(user) -> None:
    if not user.has_perm("audit.download_tracker"):
        raise PermissionDenied("Committee members, performance leads and the Board download this")


@require_GET
@login_required
def tracker_xlsx(request):
    _may_download_tracker(request.user)
    filters = TrackerFilters.from_query(request.GET)
    content = committee.tracker_workbook(user=request.user, filters=filters)
    return _download(content, XLSX, committee.filename("recommendation-tracker", "xlsx"))


@require_GET
@login_required
def tracker_pdf(request):
    _may_download_tracker(request.user)
    filters = TrackerFilters.from_query(request.GET)
    content = committee.tracker_pdf(user=request.user, filters=filters)
    return _download(
        content, "application/pdf", committee.filename("recommendation-tracker", "pdf")
    )


def _register(request, pk: int):
    register = get_register_for_user(request.user, pk)
    if not request.user.has_perm("risk.download_riskregister"):
        raise PermissionDenied("Committee members, performance leads and the Board download this")
    return register, RegisterFilters.from_query(request.GET)


@require_GET
@login_required
def register_xlsx(request, pk: int):
    register, filters = _register(request, pk)
    content = committee.register_workbook(register=register, filters=filters)
    return _download(content, XLSX, committee.filename(slugify(str(register)), "xlsx"))


@require_GET
@login_required
def register_pdf(request, pk: int):
    register, filters = _register(request, pk)
    content = committee.register_pdf(register=register, filters=filters)
    return _download(content, "application/pdf", committee.filename(slugify(str(register)), "pdf"))
