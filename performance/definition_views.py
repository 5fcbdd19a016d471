"""Changing an indicator's definition and rating policy, and reading its history."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from core import history
from core.editing import saved_redirect, submit_form
from core.history import version_token
from planning.models import FinancialYear

from . import selectors, services
from .definition_forms import DefinitionEditForm
from .permissions import get_indicator_for_user


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
