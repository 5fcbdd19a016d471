"""The directorate plan on a page: the director writes its priorities and key
programmes; the services' top improvements come up the golden thread on their own.
Printable on one A4 page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from core.editing import saved_redirect, submit_form
from core.history import version_token
from planning import services
from planning.forms.levels import KeyProgrammeForm
from planning.permissions import get_plan_for_user, get_programme_for_user
from planning.selectors.directorate import plan_on_a_page


@require_GET
@login_required
def plan_print(request, pk: int):
    plan = get_plan_for_user(request.user, "directorate", pk)
    page = plan_on_a_page(plan=plan, user=request.user)
    return render(request, "planning/directorateplan_print.html", {"plan": plan, "page": page})


@require_http_methods(["GET", "POST"])
@login_required
def programme_add(request, pk: int):
    plan = get_plan_for_user(request.user, "directorate", pk, need="change")
    return _programme_form(request, plan=plan, programme=None)


@require_http_methods(["GET", "POST"])
@login_required
def programme_edit(request, pk: int):
    programme = get_programme_for_user(request.user, pk, need="change")
    return _programme_form(request, plan=programme.plan, programme=programme)


def _programme_form(request, *, plan, programme):
    initial = {}
    if programme is not None:
        initial = {name: getattr(programme, name) for name in ("name", "summary", "programme_ref")}
        initial["version"] = version_token(programme)

    def save(form):
        data = dict(form.cleaned_data)
        version = data.pop("version")
        return services.programme_save(
            plan=plan, actor=request.user, data=data, programme=programme, version=version
        )

    outcome = submit_form(
        request, lambda data: KeyProgrammeForm(data, initial=initial), save, obj=programme
    )
    if outcome.done:
        return saved_redirect(request, "Key programme saved", plan)
    return outcome.page(
        request, "planning/keyprogramme_form.html", {"plan": plan, "programme": programme}
    )
