"""A performance lead chases missing quarterly updates (or a month's indicator values) across
their portfolio: a preview of who gets what, then one chaser to them all."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core import clock
from planning.models import FinancialYear
from planning.permissions import chaser_services
from planning.selectors.notifications import actions_missing_update, missing_updates_by_person

from . import reminders
from .forms import ChaserForm, ValuesChaserForm


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


def _months() -> list[dt.date]:
    """The months whose values may be chased: this year's up to last month, latest first."""
    today = clock.today()
    year = FinancialYear.objects.filter(start_year=FinancialYear.start_year_for(today)).first()
    months = [m for m in (year.months if year else []) if m < today.replace(day=1)]
    return list(reversed(months))


@require_GET
@login_required
def values_chaser_preview(request):
    """Choose a month; once chosen, the owners missing its values and their indicators."""
    _may_chase(request.user)
    asked = "month" in request.GET
    form = ValuesChaserForm(request.GET if asked else None, months=_months())
    context = {"form": form, "who": None}
    if asked and form.is_valid():
        month = dt.date.fromisoformat(form.cleaned_data["month"] + "-01")
        who = reminders.missing_values_by_owner(month=month, services=chaser_services(request.user))
        context |= {"who": who, "month": month}
    return render(request, "reporting/chaser_values.html", context)


@require_POST
@login_required
def values_chaser_send(request):
    _may_chase(request.user)
    form = ValuesChaserForm(request.POST, months=_months())
    if not form.is_valid():
        return render(request, "reporting/chaser_values.html", {"form": form, "who": None})
    month = dt.date.fromisoformat(form.cleaned_data["month"] + "-01")
    chaser = reminders.values_chaser_send(
        sender=request.user, month=month, services=chaser_services(request.user)
    )
    people = chaser.recipients
    messages.success(
        request,
        f"Chaser for {month:%B %Y} values sent to {people} "
        f"{'person' if people == 1 else 'people'} (a chaser goes once a day)",
    )
    return redirect(f"{reverse('reporting:chaser-values')}?month={month:%Y-%m}")
