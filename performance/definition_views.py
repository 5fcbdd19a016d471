"""Changing an indicator's definition and rating policy, and reading its history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core import history
from core.editing import apply_errors, with_version
from core.history import EditConflict, version_token
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
    form = DefinitionEditForm(request.POST or None, instance=definition, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.definition_update(
                definition=definition,
                changes=form.changes,
                actor=request.user,
                version=form.cleaned_data["version"],
                change_reason=form.cleaned_data["change_reason"],
                signed_off=signed_off,
            )
        except EditConflict as error:
            conflict = error
            form = DefinitionEditForm(with_version(request.POST, definition), instance=definition)
            form.is_valid()
            form.add_error(None, str(error))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['ref']} saved")
            return redirect("performance:indicator-detail", pk=pk)
    status = 200 if request.method == "GET" else (409 if conflict else 400)
    return render(
        request,
        "performance/indicator_edit.html",
        {
            "definition": definition,
            "title": title,
            "form": form,
            "conflict": conflict,
            "signed_off": signed_off,
        },
        status=status,
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
