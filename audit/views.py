"""Recommendation tracker pages: thin views that fetch and authorise in one line."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from core.editing import saved_redirect, submit_form
from core.history import version_token
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
        return saved_redirect(request, "Update saved", rec)
    return outcome.page(request, "audit/recommendation_update.html", {"rec": rec})


@require_http_methods(["GET", "POST"])
@login_required
def extension_request(request, pk: int):
    rec = get_recommendation_for_user(request.user, pk, need="change")
    outcome = submit_form(
        request,
        ExtensionForm,
        lambda form: services.extension_request(
            recommendation=rec, actor=request.user, **form.cleaned_data
        ),
    )
    if outcome.done:
        message = "Extension requested: a performance lead will decide"
        return saved_redirect(request, message, rec)
    return outcome.page(request, "audit/extension_request.html", {"rec": rec})


@require_http_methods(["GET", "POST"])
@login_required
def extension_decide(request, pk: int):
    extension = get_extension_for_user(request.user, pk)
    outcome = submit_form(
        request,
        DecisionForm,
        lambda form: services.extension_decide(
            extension=extension,
            actor=request.user,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        ),
    )
    if outcome.done:
        decided = outcome.saved
        message = f"Extension {decided.get_decision_display().lower()}"
        return saved_redirect(request, message, decided.recommendation)
    context = {"extension": extension, "rec": extension.recommendation}
    return outcome.page(request, "audit/extension_decide.html", context)


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
    choices = selectors.service_choices()
    outcome = submit_form(
        request,
        lambda data: AuditForm(data, services=choices),
        lambda form: _audit_create(request, form),
    )
    if outcome.done:
        audit = outcome.saved
        message = f"Audit recorded: {audit.title}"
        return saved_redirect(request, message, "audit:audit-detail", pk=audit.pk)
    return outcome.page(request, "audit/audit_form.html", {})


def _audit_create(request, form):
    data = dict(form.cleaned_data)
    data["services"] = selectors.service_list_by_pk(pks=data["services"])
    return services.audit_create(actor=request.user, **data)


@require_http_methods(["GET", "POST"])
@login_required
def recommendation_add(request, pk: int):
    audit = get_audit_for_user(request.user, pk, need="add")
    service_list, owners, owner_services = selectors.recommendation_form_choices(
        audit, first_service_id=request.user.service_id
    )
    outcome = submit_form(
        request,
        lambda data: RecommendationForm(
            data, services=service_list, owners=owners, owner_services=owner_services
        ),
        lambda form: _recommendation_add(request, audit, form),
    )
    if outcome.done:
        message = f"Recommendation {outcome.saved.ref} recorded"
        return saved_redirect(request, message, "audit:audit-detail", pk=audit.pk)
    return outcome.page(request, "audit/recommendation_add.html", {"audit": audit})


def _recommendation_add(request, audit, form):
    data = dict(form.cleaned_data)
    data["service"] = selectors.service_get(pk=data["service"])
    data["owner_id"] = data.pop("owner")
    return services.recommendation_add(audit=audit, actor=request.user, **data)
