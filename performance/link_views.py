"""Linking an indicator in a plan up the golden thread: what it measures."""

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core import history
from core.editing import form_page, saved_redirect, submit_form
from core.history import version_token

from . import services
from .link_forms import UsageServesForm
from .permissions import get_usage_for_user


@require_http_methods(["GET", "POST"])
@login_required
def usage_serves(request, pk: int):
    usage = get_usage_for_user(request.user, pk, need="change")
    initial = {"version": version_token(usage)}
    if usage.serves_key:
        initial["serves"] = "{}:{}".format(*usage.serves_key)
    outcome = submit_form(
        request,
        lambda data: UsageServesForm(data, initial=initial, usage=usage, user=request.user),
        lambda form: services.usage_link(
            usage=usage,
            target=form.cleaned_data["serves"],
            actor=request.user,
            version=form.cleaned_data["version"],
        ),
        obj=usage,
        refusals_on="serves",
    )
    if outcome.done:
        url = reverse("performance:plan-definitions", args=[usage.plan_id])
        message = f"Link saved for {usage.definition.ref}"
        return saved_redirect(request, message, f"{url}#def-{usage.definition_id}")
    return _serves_page(request, usage, outcome.form, outcome.conflict)


def _serves_page(request, usage, form, conflict):
    """The link form, with the link's own history below it."""
    context = {"usage": usage, "plan": usage.plan, "entries": history.timeline(usage)}
    return form_page(request, "performance/indicatorusage_serves.html", form, conflict, context)
