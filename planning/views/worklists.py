"""The missing-updates page: who owes a quarterly update, by service and lead officer."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.clock import today
from core.links import url_pattern
from core.query import QueryReader, tell_refused
from planning.models import FinancialYear, Service
from planning.selectors.worklists import missing_updates, missing_updates_label, quarters_so_far


@require_GET
@login_required
def missing_update_list(request):
    """Every action the reader may open whose update for the chosen quarter (this quarter
    unless told) has not come in, optionally for one service."""
    year, now = FinancialYear.objects.current(), today()
    quarters = quarters_so_far(year, now) if year else []
    read = QueryReader(request.GET)
    quarter = read.number("quarter")
    if quarter not in quarters:
        quarter = quarters[-1] if quarters else None
    service_pk = read.number("service")
    tell_refused(request, read.refused)
    service = Service.objects.filter(pk=service_pk).first() if service_pk else None
    rows = []
    if quarter:
        narrow = Q(plan__service=service) if service else None
        rows = missing_updates(
            user=request.user, year=year, quarter=quarter, today=now, narrow=narrow
        )
    action_url = url_pattern("planning:action-detail")
    for row in rows:
        row.url = action_url(row.action_id)
    context = {
        "year": year,
        "quarter": quarter,
        "label": missing_updates_label(year, quarter) if quarter else "",
        "quarters": [(q, missing_updates_label(year, q)) for q in quarters],
        "service": service,
        "rows": rows,
    }
    return render(request, "planning/actionupdate_missing.html", context)
