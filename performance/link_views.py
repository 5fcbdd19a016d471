"""Linking an indicator in a plan up the golden thread: what it measures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core import history
from core.editing import with_version
from core.history import EditConflict, version_token

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
    kwargs = {"usage": usage, "user": request.user}
    form = UsageServesForm(request.POST or None, initial=initial, **kwargs)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.usage_link(
                usage=usage,
                target=form.cleaned_data["serves"],
                actor=request.user,
                version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            conflict = error
            form = UsageServesForm(with_version(request.POST, usage), initial=initial, **kwargs)
            form.is_valid()
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error("serves", error.messages)
        else:
            messages.success(request, f"Link saved for {usage.definition.ref}")
            url = reverse("performance:plan-definitions", args=[usage.plan_id])
            return redirect(f"{url}#def-{usage.definition_id}")
    return _serves_page(request, usage, form, conflict)


def _serves_page(request, usage, form, conflict):
    """The link form, with the link's own history below it."""
    status = 200 if request.method == "GET" else 409 if conflict else 400
    context = {
        "usage": usage,
        "plan": usage.plan,
        "form": form,
        "conflict": conflict,
        "entries": history.timeline(usage),
    }
    return render(request, "performance/indicatorusage_serves.html", context, status=status)
