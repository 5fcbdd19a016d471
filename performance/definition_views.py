"""Changing an indicator's definition and rating policy, reading its history, and changing
the council's RAG policy."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from core import clock, history, periods
from core.editing import saved_redirect, submit_form
from core.history import version_token
from planning.models import FinancialYear

from . import selectors, services, stored
from .definition_forms import DefinitionEditForm, PolicyForm, periods_changed
from .models import RULE_FIELDS, RagPolicy
from .permissions import can_change_policy, get_indicator_for_user
from .rules import in_force


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
        data = outcome.form.cleaned_data
        message = f"{data['ref']} saved"
        if set(outcome.form.changed_data) & set(RULE_FIELDS):
            message += f"; {periods_changed(data['rules_from'], clock.today())}"
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
        rules_from=form.cleaned_data["rules_from"],
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


def policy_versions(today) -> dict:
    """The policy in force this month, those dated later, and the ten newest with who
    recorded them (three queries)."""
    rows = list(RagPolicy.objects.order_by("pk"))
    month = periods.month_start(today)
    history = rows[::-1][:10]
    who = {
        h.id: h.history_user
        for h in RagPolicy.history.filter(
            history_type="+", id__in=[p.pk for p in history]
        ).select_related("history_user")
    }
    for policy in history:
        policy.recorded_by = who.get(policy.pk)
    upcoming = [p for p in rows if p.effective_from and p.effective_from > month]
    upcoming = [p for p in upcoming if in_force(rows, p.effective_from) is p]
    return {"in_force": in_force(rows, month), "upcoming": upcoming, "history": history}


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
            effective_from=form.cleaned_data["effective_from"],
        ),
        version=lambda: version_token(RagPolicy.objects.order_by("-pk").first()),
    )
    if outcome.done:
        changed = periods_changed(outcome.form.cleaned_data["effective_from"], clock.today())
        message = f"Policy saved: {changed}"
        return saved_redirect(request, message, "performance:rag-policy")
    context = {"job": stored.rebuild_latest(), **policy_versions(clock.today())}
    return outcome.page(request, "performance/rag_policy.html", context)


@require_GET
@login_required
def rag_policy_progress(request):
    """How far the ratings' recalculation has got: the policy page asks for it every few
    seconds with htmx while it runs; without JavaScript it is a page of its own, checked
    again with its link (a page that refreshes itself on a timer fails WCAG 2.2.1, and the
    policy page's form is never refreshed away from what is typed)."""
    if not can_change_policy(request.user):
        raise PermissionDenied("Only an administrator can change the council's RAG policy")
    context = {"job": stored.rebuild_latest()}
    if request.headers.get("HX-Request"):
        return render(request, "performance/rag_policy.html#recalculation", context)
    return render(request, "performance/rag_policy_progress.html", context)
