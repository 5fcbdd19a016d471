"""Personal Development Plans: objectives, development needs and review notes, written by
the member of staff and their line managers. Everyone else is told nothing (404)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.http import require_http_methods

from core.editing import saved_redirect, submit_form
from core.history import version_token
from planning import services
from planning.forms.levels import ObjectiveForm, PdpPartForm
from planning.permissions import get_item_for_user, get_plan_for_user
from planning.services.pdp import PDP_PARTS

PART_TEXT = {
    "development-needs": (
        "Development needs",
        "What skills, knowledge or experience you will build this year, and how",
    ),
    "mid-year": (
        "Mid-year review notes",
        "How the objectives are going at the half-way point, and anything to change",
    ),
    "year-end": (
        "Year-end review notes",
        "What was achieved against each objective, and what comes next",
    ),
}


def pdp_parts(plan) -> list[dict]:
    """The PDP's narrative parts, in order, for its page."""
    return [
        {"slug": slug, "label": PART_TEXT[slug][0], "text": getattr(plan, field)}
        for slug, (field, _) in PDP_PARTS.items()
    ]


@require_http_methods(["GET", "POST"])
@login_required
def objective_add(request, pk: int):
    plan = get_plan_for_user(request.user, "pdp", pk, need="change")
    return _objective_form(request, plan=plan, objective=None)


@require_http_methods(["GET", "POST"])
@login_required
def objective_edit(request, pk: int):
    objective = get_item_for_user(request.user, "objective", pk, need="change")
    return _objective_form(request, plan=objective.plan, objective=objective)


def _objective_initial(objective) -> dict:
    if objective is None:
        return {}
    initial = {name: getattr(objective, name) for name in ("ref", "title", "description")}
    initial["version"] = version_token(objective)
    if objective.serves_key:
        initial["serves"] = "{}:{}".format(*objective.serves_key)
    return initial


def _objective_form(request, *, plan, objective):
    probe = objective or plan.items.model(plan=plan)
    kwargs = {"objective": probe, "user": request.user}
    initial = _objective_initial(objective)

    def save(form):
        data = dict(form.cleaned_data)
        serves, version = data.pop("serves"), data.pop("version")
        return services.objective_save(
            plan=plan,
            actor=request.user,
            data=data,
            serves=serves,
            objective=objective,
            version=version,
        )

    outcome = submit_form(
        request, lambda data: ObjectiveForm(data, initial=initial, **kwargs), save, obj=objective
    )
    if outcome.done:
        return saved_redirect(request, "Objective saved", plan)
    return outcome.page(
        request, "planning/pdpobjective_form.html", {"plan": plan, "objective": objective}
    )


@require_http_methods(["GET", "POST"])
@login_required
def pdp_part_edit(request, pk: int, part: str):
    plan = get_plan_for_user(request.user, "pdp", pk, need="change")
    if part not in PDP_PARTS:
        raise Http404("No such part of a personal development plan")
    field, _ = PDP_PARTS[part]
    label, hint = PART_TEXT[part]
    initial = {"text": getattr(plan, field), "version": version_token(plan)}

    def make_form(data):
        return PdpPartForm(data, initial=initial, label=label, hint=hint)

    def save(form):
        return services.pdp_part_save(
            plan=plan,
            actor=request.user,
            part=part,
            text=form.cleaned_data["text"],
            version=form.cleaned_data["version"],
        )

    outcome = submit_form(request, make_form, save, obj=plan)
    if outcome.done:
        return saved_redirect(request, f"{label} saved", plan)
    return outcome.page(request, "planning/pdp_part_form.html", {"plan": plan, "label": label})
