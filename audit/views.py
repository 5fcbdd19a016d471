"""Recommendation tracker pages: thin views that fetch and authorise in one line."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from planning.permissions import get_plan_for_user

from . import selectors, services
from .forms import DecisionForm, ExtensionForm, UpdateForm
from .permissions import get_extension_for_user, get_recommendation_for_user


@require_GET
@login_required
def tracker(request):
    filters = selectors.TrackerFilters.from_query(request.GET)
    context = {
        "filters": filters,
        "page": selectors.tracker_page(
            user=request.user, filters=filters, page=request.GET.get("page", 1)
        ),
        "summary": selectors.tracker_summary(user=request.user, filters=filters),
        "options": selectors.filter_options(),
        "pending": selectors.pending_extensions_for_user(request.user),
        "can_download": request.user.has_perm("audit.download_tracker"),
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
    }
    form = UpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.recommendation_update(recommendation=rec, actor=request.user, **form.cleaned_data)
        messages.success(request, "Update saved")
        return redirect(rec)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "audit/recommendation_update.html", {"rec": rec, "form": form}, status=status
    )


@require_http_methods(["GET", "POST"])
@login_required
def extension_request(request, pk: int):
    rec = get_recommendation_for_user(request.user, pk, need="change")
    form = ExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.extension_request(recommendation=rec, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Extension requested: a performance lead will decide")
            return redirect(rec)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "audit/extension_request.html", {"rec": rec, "form": form}, status=status
    )


@require_http_methods(["GET", "POST"])
@login_required
def extension_decide(request, pk: int):
    extension = get_extension_for_user(request.user, pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.extension_decide(
                extension=extension,
                actor=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Extension {extension.get_decision_display().lower()}")
            return redirect(extension.recommendation)
    status = 400 if request.method == "POST" else 200
    context = {"extension": extension, "rec": extension.recommendation, "form": form}
    return render(request, "audit/extension_decide.html", context, status=status)
