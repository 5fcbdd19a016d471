"""The narrative sections of a Service Business Plan: self-assessment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from planning import services
from planning.delivery_forms import NarrativeForm
from planning.history import EditConflict, version_token
from planning.models import SelfAssessmentEntry, themes_for
from planning.permissions import get_plan_for_user
from planning.selectors.sections import self_assessment_section
from planning.services.sections import NEW

from .delivery import _form_page, apply_errors, section_context


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
    chosen = next(
        (t for t in themes_for(plan.service.self_assessment_variant) if t.key == theme), None
    )
    if chosen is None:
        raise Http404("No such theme")
    entry = SelfAssessmentEntry.objects.filter(plan=plan, theme=theme).first()
    initial = {"version": version_token(entry) if entry else NEW}
    if entry:
        initial["narrative"] = entry.narrative
    form = NarrativeForm(request.POST or None, initial=initial, label=chosen.title)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.self_assessment_save(
                plan=plan, theme=theme, actor=request.user, **form.cleaned_data
            )
        except EditConflict as error:
            conflict = error
            data = request.POST.copy()
            data["version"] = version_token(SelfAssessmentEntry.objects.get(plan=plan, theme=theme))
            form = NarrativeForm(data, initial=initial, label=chosen.title)
            form.is_valid()
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{chosen.title} saved")
            return redirect("planning:plan-self-assessment", pk=plan.pk)
    return _form_page(
        request,
        "planning/selfassessmententry_form.html",
        form,
        conflict,
        {"plan": plan, "theme": chosen},
    )
