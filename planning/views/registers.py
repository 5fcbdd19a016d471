"""The register rows of a plan (budget lines, capital schemes, savings, teams, policies,
contracts), added and changed through one pair of views, inline on their section page when
the browser runs htmx."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.editing import initial_from, saved_redirect, submit_form
from core.history import EditConflict, field_values, version_token
from planning import services
from planning.forms.assurance import ContractForm, PolicyForm
from planning.forms.resources import (
    BudgetLineForm,
    CapitalSchemeForm,
    SavingForm,
    WorkforceTeamForm,
)
from planning.models import BudgetLine, CapitalScheme, Contract, Policy, Saving, WorkforceTeam
from planning.permissions import get_register_row_for_user


@dataclass(frozen=True)
class Register:
    """A kind of register row: its model, form, saving service, fields and words."""

    model: type
    form: type
    save: str
    fields: tuple[str, ...]
    label: str
    section: str  # the section page's URL name
    template: str  # the full-page form's template
    inline: bool = False  # added and changed in place on the section page with htmx


RESOURCES_PAGE = "planning:plan-resources"
ASSURANCE_PAGE = "planning:plan-assurance"
REGISTERS = {
    "budget": Register(
        BudgetLine,
        BudgetLineForm,
        "budget_line_save",
        ("purpose", "budget", "last_year_outturn"),
        "budget line",
        RESOURCES_PAGE,
        "planning/resources_form.html",
        inline=True,
    ),
    "capital": Register(
        CapitalScheme,
        CapitalSchemeForm,
        "capital_scheme_save",
        ("name", "budget", "completion_date", "spend_to_date", "forecast", "slippage"),
        "capital scheme",
        RESOURCES_PAGE,
        "planning/resources_form.html",
    ),
    "saving": Register(
        Saving,
        SavingForm,
        "saving_save",
        ("name", "amount", "q1_rag", "q2_rag", "q3_rag", "q4_rag", "forecast_delivered", "at_risk"),
        "saving",
        RESOURCES_PAGE,
        "planning/resources_form.html",
        inline=True,
    ),
    "team": Register(
        WorkforceTeam,
        WorkforceTeamForm,
        "workforce_team_save",
        ("team", "fte", "vacancies", "agency"),
        "team",
        RESOURCES_PAGE,
        "planning/resources_form.html",
    ),
    "policy": Register(
        Policy,
        PolicyForm,
        "policy_save",
        ("name", "owner", "next_review"),
        "policy",
        ASSURANCE_PAGE,
        "planning/assurance_form.html",
    ),
    "contract": Register(
        Contract,
        ContractForm,
        "contract_save",
        ("name", "supplier", "value", "end_date", "renewal_lead_months"),
        "contract",
        ASSURANCE_PAGE,
        "planning/assurance_form.html",
    ),
}


def register_row_form(request, *, kind: str, plan, obj, inline_page: Callable | None = None):
    """Add a register row to `plan` (obj None) or change `obj`. As a full page, or — for an
    htmx request on an inline register — as the section's table with the row being edited,
    which `inline_page(request, plan, kind=, editing=, form=, conflict=)` renders."""
    register = REGISTERS[kind]
    initial = _register_initial(register, kind, obj)
    outcome = submit_form(
        request,
        lambda data: register.form(data, initial=initial),
        lambda form: _register_row_save(request, register, plan, obj, form),
        obj=obj,
    )
    inline = inline_page is not None and register.inline and request.headers.get("HX-Request")
    if outcome.done:
        note = f"{register.label.capitalize()} saved"
        if inline:
            return inline_page(request, plan, kind=kind, saved=outcome.saved, note=note)
        return saved_redirect(request, note, register.section, pk=plan.pk)
    if inline:
        return _inline_editing(request, plan, kind, obj, outcome, inline_page)
    heading = f"{'Change' if obj else 'Add'} a {register.label}"
    return outcome.page(request, register.template, {"plan": plan, "heading": heading})


def _register_initial(register: Register, kind: str, obj) -> dict:
    initial = initial_from(obj, *register.fields)
    if kind == "contract" and not obj:
        initial["renewal_lead_months"] = 6
    return initial


def _register_row_save(request, register: Register, plan, obj, form):
    data = dict(form.cleaned_data)
    version = data.pop("version")
    return getattr(services, register.save)(
        plan=plan, actor=request.user, data=data, obj=obj, version=version
    )


def _inline_editing(request, plan, kind: str, obj, outcome, inline_page: Callable):
    """The section's table with the row open for editing."""
    if request.method == "GET":
        first = outcome.form.visible_fields()[0].field
        first.widget.attrs["autofocus"] = True  # htmx moves focus into the opened row
    editing = obj.pk if obj else "new"
    return inline_page(
        request, plan, kind=kind, editing=editing, form=outcome.form, conflict=outcome.conflict
    )


class RemoveForm(forms.Form):
    """Confirming a removal: it carries the change stamp of the row as the person saw it."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)


@require_http_methods(["GET", "POST"])
@login_required
def register_row_remove(request, kind: str, pk: int):
    """Ask "Remove this row?", showing what it holds; on confirming, remove it. If someone
    changed the row in between, nothing is removed: the page shows what they changed and
    asks again."""
    obj = get_register_row_for_user(request.user, kind, pk, "change")
    register = REGISTERS[kind]
    form = RemoveForm(request.POST or None, initial={"version": version_token(obj)})
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.register_row_remove(
                obj=obj,
                actor=request.user,
                label=register.label.capitalize(),
                version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            if error.removed:  # someone else removed it first: what was asked is done
                messages.info(request, f"{register.label.capitalize()} ‘{obj}’ was already removed")
                return redirect(register.section, pk=obj.plan_id)
            conflict = error
            obj.refresh_from_db()
            form = RemoveForm(initial={"version": version_token(obj)})
        else:
            messages.success(request, f"{register.label.capitalize()} ‘{obj}’ removed")
            return redirect(register.section, pk=obj.plan_id)
    return _remove_page(request, obj, register, form, conflict)


def _remove_page(request, obj, register: Register, form, conflict):
    """ "Remove this row?", with what it holds (and, after a clash, what changed)."""
    context = {
        "obj": obj,
        "plan": obj.plan,
        "label": register.label,
        "values": field_values(obj),
        "section_url": register.section,
        "section_name": "Resources" if register.section == RESOURCES_PAGE else "Assurance",
        "form": form,
        "conflict": conflict,
    }
    status = 409 if conflict else 200
    return render(request, "planning/register_row_remove.html", context, status=status)
