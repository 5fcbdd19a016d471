"""Performance pages: thin views that fetch and authorise in one line, then render."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from planning.models import FinancialYear
from planning.permissions import get_plan_for_user

from . import charts, selectors, services
from .forms import ValueGrid
from .models import IndicatorType, IndicatorValue
from .permissions import get_indicator_for_user
from .status import rating_counts

PER_PAGE = 50


def today() -> dt.date:
    return dt.date.today()


@require_GET
@login_required
def plan_indicators(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk, need="view")
    rows = selectors.plan_indicators(plan=plan, user=request.user)
    return render(
        request,
        "performance/plan_indicators.html",
        {
            "plan": plan,
            "rows": rows,
            "counts": rating_counts(row.status for row in rows),
            "can_enter": any(row.can_enter for row in rows),
        },
    )


@require_GET
@login_required
def plan_definitions(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk, need="view")
    return render(
        request,
        "performance/plan_definitions.html",
        {"plan": plan, "usages": selectors.plan_definitions(plan=plan)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan_values(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk, need="view")
    definitions = [
        row.usage.definition
        for row in selectors.plan_indicators(plan=plan, user=request.user)
        if row.can_enter
    ]
    if not definitions:
        raise PermissionDenied("You cannot enter values for any of this plan's indicators")
    held = {
        (row.definition_id, row.month): row
        for row in IndicatorValue.objects.in_year(plan.year).filter(definition__in=definitions)
    }
    data = request.POST if request.method == "POST" else None
    grid = ValueGrid(
        data, definitions=definitions, held=held, months=plan.year.months, today=today()
    )
    if data is not None and grid.is_valid():
        try:
            saved = services.values_save(
                entries=grid.entries,
                actor=request.user,
                reason="Entered in the grid",
                today=today(),
            )
        except ValidationError as error:
            grid.problems.extend(error.messages)
        else:
            messages.success(request, f"{saved} value{'s' if saved != 1 else ''} saved")
            return redirect("performance:plan-indicators", pk=plan.pk)
    status = 400 if data is not None else 200
    return render(
        request, "performance/plan_values.html", {"plan": plan, "grid": grid}, status=status
    )


@require_GET
@login_required
def indicator_list(request):
    filters = selectors.IndicatorFilters.from_query(request.GET)
    result = selectors.indicator_list(filters=filters, year=FinancialYear.objects.current())
    page = Paginator(result.statuses, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "performance/indicator_list.html",
        {"result": result, "page": page, "filters": filters, "types": IndicatorType.choices},
    )


@require_GET
@login_required
def indicator_detail(request, pk: int):
    definition = get_indicator_for_user(request.user, pk)
    page = selectors.indicator_page(definition=definition, year=FinancialYear.objects.current())
    chart = charts.trend_chart(page.status, page.last_year) if page.status else None
    return render(
        request,
        "performance/indicator_detail.html",
        {"page": page, "definition": definition, "chart": chart},
    )
