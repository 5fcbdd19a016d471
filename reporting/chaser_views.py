"""A performance lead chases missing quarterly updates across their portfolio: a preview of
who gets what, then one chaser to them all."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from planning.models import FinancialYear
from planning.permissions import chaser_services
from planning.selectors.notifications import actions_missing_update, missing_updates_by_person

from . import reminders
from .forms import ChaserForm


def _may_chase(user) -> None:
    if not user.has_perm("planning.send_chaser"):
        raise PermissionDenied("Only performance leads send chasers")


@require_GET
@login_required
def chaser_preview(request):
    """Choose a quarter; once chosen, the people missing its update and their actions."""
    _may_chase(request.user)
    asked = "quarter" in request.GET
    current = FinancialYear.objects.current()
    form = ChaserForm(request.GET if asked else None, initial={"year": current})
    context = {"form": form, "who": None}
    if asked and form.is_valid():
        year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
        actions = actions_missing_update(
            year=year, quarter=quarter, services=chaser_services(request.user)
        )
        context |= {"who": missing_updates_by_person(actions), "year": year, "quarter": quarter}
    return render(request, "reporting/chaser_preview.html", context)


@require_POST
@login_required
def chaser_send(request):
    _may_chase(request.user)
    form = ChaserForm(request.POST)
    if not form.is_valid():
        return render(request, "reporting/chaser_preview.html", {"form": form, "who": None})
    year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
    chaser = reminders.chaser_send(
        sender=request.user, year=year, quarter=quarter, services=chaser_services(request.user)
    )
    people = chaser.recipients
    messages.success(
        request,
        f"Chaser for Q{quarter} {year} updates sent to {people} "
        f"{'person' if people == 1 else 'people'} (a chaser goes once a day)",
    )
    return redirect(f"{reverse('reporting:chaser')}?year={year.pk}&quarter={quarter}")
