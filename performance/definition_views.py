"""Changing an indicator's definition and rating policy, reading its history, and changing
the council's RAG policy."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from core import history
from core.editing import saved_redirect, submit_form
from core.history import version_token
from planning.models import FinancialYear

from . import selectors, services, stored
from .definition_forms import DefinitionEditForm, PolicyForm
from .models import RagPolicy
from .permissions import can_change_policy, get_indicator_for_user


def _signed_off(definition) -> bool:
    year = FinancialYear.objects.current()
    return year is not None and selectors.target_is_fixed(definition=definition, year=year)


@require_http_methods(["GET", "POST"])
@login_required
def indicator_edit(request, pk: int):
    definition = get_indicator_for_user(request.user, pk, need="change")
    signed_off = _signed_off(definition)
    title = f"{definition.ref} {definition.name}"  # as saved, whatever is typed below
    initial = {"version": version_token(definition)}
    outcome = submit_form(
        request,
        lambda data: DefinitionEditForm(data, instance=definition, initial=initial),
        lambda form: _definition_update(request, definition, form, signed_off=signed_off),
        obj=definition,
    )
    if outcome.done:
        message = f"{outcome.form.cleaned_data['ref']} saved"
        return saved_redirect(request, message, "performance:indicator-detail", pk=pk)
    context = {"definition": definition, "title": title, "signed_off": signed_off}
    return outcome.page(request, "performance/indicator_edit.html", context)


def _definition_update(request, definition, form, *, signed_off: bool):
    return services.definition_update(
        definition=definition,
        changes=form.changes,
        actor=request.user,
        version=form.cleaned_data["version"],
        change_reason=form.cleaned_data["change_reason"],
        signed_off=signed_off,
    )


@require_GET
@login_required
def indicator_history(request, pk: int):
    definition = get_indicator_for_user(request.user, pk)
    return render(
        request,
        "performance/indicator_history.html",
        {"definition": definition, "entries": history.timeline(definition)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def rag_policy(request):
    """The council's RAG policy: an administrator changes it here, and every stored rating
    is then recalculated in the background; the page shows how far that has got."""
    if not can_change_policy(request.user):
        raise PermissionDenied("Only an administrator can change the council's RAG policy")
    current = RagPolicy.objects.order_by("-pk").first()
    initial = {"version": version_token(current)}
    if current is not None:
        initial |= {
            "tolerance_percent": current.tolerance_percent.normalize(),
            "green_band_percent": current.green_band_percent
            and current.green_band_percent.normalize(),
            "gaps_in_points": current.gaps_in_points,
        }
    outcome = submit_form(
        request,
        lambda data: PolicyForm(data, initial=initial),
        lambda form: services.policy_set(
            tolerance_percent=form.cleaned_data["tolerance_percent"],
            green_band_percent=form.cleaned_data["green_band_percent"],
            gaps_in_points=form.cleaned_data["gaps_in_points"],
            actor=request.user,
            version=form.cleaned_data["version"],
        ),
        version=lambda: version_token(RagPolicy.objects.order_by("-pk").first()),
    )
    if outcome.done:
        return saved_redirect(
            request, "Policy saved: every rating is being recalculated", "performance:rag-policy"
        )
    job = stored.rebuild_latest()
    context = {"current": current, "job": job, "history": RagPolicy.objects.all()[:10]}
    return outcome.page(request, "performance/rag_policy.html", context)
