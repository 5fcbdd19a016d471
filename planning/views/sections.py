"""The narrative sections of a Service Business Plan: self-assessment."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from core.editing import initial_from, saved_redirect, stamp_of, submit_form
from core.history import version_token
from core.links import url_pattern
from planning import services
from planning.forms.sections import CommitmentForm, NarrativeForm
from planning.models import themes_for
from planning.permissions import get_commitment_for_user, get_plan_for_user
from planning.selectors import pages
from planning.selectors.sections import self_assessment_section
from planning.services.sections import NEW

from .delivery import section_context


@require_GET
@login_required
def plan_self_assessment(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk)
    context = section_context(request, plan, "self-assessment")
    context["answers"] = self_assessment_section(plan)
    return render(request, "planning/serviceplan_self_assessment.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def self_assessment_edit(request, pk: int, theme: str):
    plan = get_plan_for_user(request.user, "service", pk, need="change")
    chosen = _theme(plan, theme)
    entry = pages.self_assessment_entry_get(plan=plan, theme=theme)
    initial = initial_from(entry, "narrative", version=version_token(entry) if entry else NEW)
    outcome = submit_form(
        request,
        lambda data: NarrativeForm(data, initial=initial, label=chosen.title),
        lambda form: services.self_assessment_save(
            plan=plan, theme=theme, actor=request.user, **form.cleaned_data
        ),
        version=stamp_of(lambda: pages.self_assessment_entry_get(plan=plan, theme=theme)),
    )
    if outcome.done:
        message = f"{chosen.title} saved"
        return saved_redirect(request, message, "planning:plan-self-assessment", pk=plan.pk)
    context = {"plan": plan, "theme": chosen}
    return outcome.page(request, "planning/selfassessmententry_form.html", context)


def _theme(plan, key: str):
    """The plan's self-assessment theme named `key`: 404 if its service has no such theme."""
    chosen = next(
        (t for t in themes_for(plan.service.self_assessment_variant) if t.key == key), None
    )
    if chosen is None:
        raise Http404("No such theme")
    return chosen


@require_GET
@login_required
def plan_commitments(request, pk: int):
    from core.clock import today
    from planning.selectors.sections import commitments_section

    plan = get_plan_for_user(request.user, "service", pk)
    context = section_context(request, plan, "commitments")
    context["commitments"] = commitments_section(plan, today=today())
    edit_url = url_pattern("planning:commitment-edit")
    history_url = url_pattern("planning:item-history", "commitment")
    for commitment in context["commitments"]:
        commitment.edit_url = edit_url(commitment.pk)
        commitment.history_url = history_url(commitment.pk)
    return render(request, "planning/serviceplan_commitments.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def commitment_add(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk, need="change")
    return _commitment_form(request, plan=plan, commitment=None)


@require_http_methods(["GET", "POST"])
@login_required
def commitment_edit(request, pk: int):
    commitment = get_commitment_for_user(request.user, pk, need="change")
    return _commitment_form(request, plan=commitment.plan, commitment=commitment)


def _commitment_form(request, *, plan, commitment):
    owners = pages.people_to_choose(plan=plan, keep_id=commitment.owner_id if commitment else None)
    kwargs = {"sources": pages.commitment_source_list(), "owners": owners}
    initial = _commitment_initial(commitment)
    outcome = submit_form(
        request,
        lambda data: CommitmentForm(data, initial=initial, **kwargs),
        lambda form: _commitment_save(request, plan, commitment, form),
        obj=commitment,
    )
    if outcome.done:
        return saved_redirect(request, "Commitment saved", "planning:plan-commitments", pk=plan.pk)
    context = {"plan": plan, "commitment": commitment}
    return outcome.page(request, "planning/commitment_form.html", context)


def _commitment_initial(commitment) -> dict:
    if commitment is None:
        return {"status": "not_started"}
    fields = ("title", "agreed_action", "due_date", "status", "rag")
    return initial_from(commitment, *fields, source=commitment.source_id, owner=commitment.owner_id)


def _commitment_save(request, plan, commitment, form):
    data = dict(form.cleaned_data)
    version = data.pop("version")
    data["source"] = pages.commitment_source_get(pk=data["source"])
    data["owner"] = pages.person_get(pk=data["owner"])
    if data["source"] is None:
        raise ValidationError({"source": "Select where the commitment comes from"})
    return services.commitment_save(
        plan=plan, actor=request.user, data=data, commitment=commitment, version=version
    )
