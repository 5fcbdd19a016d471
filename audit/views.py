"""Recommendation tracker pages: thin views that fetch and authorise in one line."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.editing import apply_errors, form_page, submit_form
from core.history import EditConflict, version_token
from core.query import tell_refused
from planning.permissions import get_plan_for_user

from . import selectors, services
from .forms import AuditForm, DecisionForm, ExtensionForm, RecommendationForm, UpdateForm
from .permissions import get_audit_for_user, get_extension_for_user, get_recommendation_for_user


@require_GET
@login_required
def tracker(request):
    filters = selectors.TrackerFilters.from_query(request.GET)
    tell_refused(request, filters.refused)
    context = {
        "filters": filters,
        "page": selectors.tracker_page(
            user=request.user, filters=filters, page=request.GET.get("page", 1)
        ),
        "summary": selectors.tracker_summary(user=request.user, filters=filters),
        "options": selectors.filter_options(),
        "pending": selectors.pending_extensions_for_user(request.user),
        "can_download": request.user.has_perm("audit.download_tracker"),
        "can_list_audits": request.user.has_perm("audit.view_audit"),
    }
    return render(request, "audit/recommendation_tracker.html", context)


@require_GET
@login_required
def plan_recommendations(request, service_plan_pk: int):
    plan = get_plan_for_user(request.user, "service", service_plan_pk)
    filters = selectors.TrackerFilters(service=plan.service_id)
    context = {
        "plan": plan,
        "filters": filters,
        "page": selectors.tracker_page(
            user=request.user, filters=filters, page=request.GET.get("page", 1)
        ),
    }
    return render(request, "audit/plan_recommendations.html", context)


@require_GET
@login_required
def recommendation_detail(request, pk: int):
    rec = get_recommendation_for_user(request.user, pk)
    context = {
        "rec": rec,
        "can_change": request.user.has_perm("audit.change_recommendation", rec),
        "can_decide": request.user.has_perm("audit.decide_extension", rec),
        **selectors.recommendation_detail(rec),
    }
    return render(request, "audit/recommendation_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def recommendation_update(request, pk: int):
    rec = get_recommendation_for_user(request.user, pk, need="change")
    initial = {
        "status": rec.status,
        "percent_complete": rec.percent_complete,
        "rag_override": rec.rag_override,
        "rag_override_reason": rec.rag_override_reason,
        "version": version_token(rec),
    }
    outcome = submit_form(
        request,
        lambda data: UpdateForm(data, initial=initial),
        lambda form: services.recommendation_update(
            recommendation=rec, actor=request.user, **form.cleaned_data
        ),
        obj=rec,
    )
    if outcome.done:
        messages.success(request, "Update saved")
        return redirect(rec)
    context = {"rec": rec}
    return form_page(
        request, "audit/recommendation_update.html", outcome.form, outcome.conflict, context
    )


@require_http_methods(["GET", "POST"])
@login_required
def extension_request(request, pk: int):
    rec = get_recommendation_for_user(request.user, pk, need="change")
    form, status = ExtensionForm(request.POST or None), 200
    if request.method == "POST" and form.is_valid():
        try:
            services.extension_request(recommendation=rec, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        except EditConflict as error:
            form.add_error(None, str(error))
            status = 409
        else:
            messages.success(request, "Extension requested: a performance lead will decide")
            return redirect(rec)
    if request.method == "POST" and status == 200:
        status = 400
    return render(
        request, "audit/extension_request.html", {"rec": rec, "form": form}, status=status
    )


@require_http_methods(["GET", "POST"])
@login_required
def extension_decide(request, pk: int):
    extension = get_extension_for_user(request.user, pk)
    form, status = DecisionForm(request.POST or None), 200
    if request.method == "POST" and form.is_valid():
        try:
            decided = services.extension_decide(
                extension=extension,
                actor=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        except EditConflict as error:
            form.add_error(None, str(error))
            status = 409
        else:
            messages.success(request, f"Extension {decided.get_decision_display().lower()}")
            return redirect(decided.recommendation)
    if request.method == "POST" and status == 200:
        status = 400
    context = {"extension": extension, "rec": extension.recommendation, "form": form}
    return render(request, "audit/extension_decide.html", context, status=status)


@require_GET
@login_required
def audit_list(request):
    if not request.user.has_perm("audit.view_audit"):
        raise PermissionDenied("Audits are listed for performance leads and the committee")
    context = {
        "page": selectors.audit_list(request.GET.get("page", 1), user=request.user),
        "can_add": request.user.has_perm("audit.add_audit"),
    }
    return render(request, "audit/audit_list.html", context)


@require_GET
@login_required
def audit_detail(request, pk: int):
    audit = get_audit_for_user(request.user, pk)
    context = {
        "audit": audit,
        "services": selectors.audit_services(audit),
        "page": selectors.audit_recommendations_page(
            user=request.user, audit=audit, page=request.GET.get("page", 1)
        ),
        "filters": selectors.TrackerFilters(),
        "can_add": request.user.has_perm("audit.add_audit"),
    }
    return render(request, "audit/audit_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def audit_add(request):
    if not request.user.has_perm("audit.add_audit"):
        raise PermissionDenied("Only performance leads and administrators record audits")
    form = AuditForm(request.POST or None, services=selectors.service_choices())
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["services"] = selectors.service_list_by_pk(pks=data["services"])
        try:
            audit = services.audit_create(actor=request.user, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Audit recorded: {audit.title}")
            return redirect("audit:audit-detail", pk=audit.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "audit/audit_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def recommendation_add(request, pk: int):
    audit = get_audit_for_user(request.user, pk, need="add")
    service_list, owners, owner_services = selectors.recommendation_form_choices(
        audit, first_service_id=request.user.service_id
    )
    form = RecommendationForm(
        request.POST or None, services=service_list, owners=owners, owner_services=owner_services
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["service"] = selectors.service_get(pk=data["service"])
        data["owner_id"] = data.pop("owner")
        try:
            rec = services.recommendation_add(audit=audit, actor=request.user, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Recommendation {rec.ref} recorded")
            return redirect("audit:audit-detail", pk=audit.pk)
    status = 400 if request.method == "POST" else 200
    context = {"audit": audit, "form": form}
    return render(request, "audit/recommendation_add.html", context, status=status)
