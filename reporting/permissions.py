"""Who may read and generate council reports, composed from planning's scope.

- The Budget & Performance reports (every version, its PDF and Excel download) are read by
  whole-council readers (administrators, performance leads, Management Board members) and
  Audit & Governance Committee members.
- Only performance leads and administrators generate a report or retry a failed one.
- A committee download (the tracker or a register, prepared by a worker) is its requester's
  own: nobody else opens it, its progress or its file, and others are not told it exists.
  The requester may try a failed one again.
- The Management Board's dashboard (and the lists behind its counts) is read by Board
  members, performance leads and administrators.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from planning.permissions import (
    can_see_whole_council,
    is_administrator,
    is_board_member,
    is_committee_member,
    is_performance_lead,
)

from .models import ReportRun

rules.add_perm("reporting.view_reportrun", can_see_whole_council | is_committee_member)
rules.add_perm("reporting.add_reportrun", is_administrator | is_performance_lead)
rules.add_perm("reporting.view_dashboard", is_administrator | is_board_member | is_performance_lead)


def may_read_dashboard(user) -> None:
    if not user.has_perm("reporting.view_dashboard"):
        raise PermissionDenied("The Board and performance leads read the dashboard")


def may_read_reports(user) -> None:
    if not user.has_perm("reporting.view_reportrun"):
        raise PermissionDenied("Performance leads, the Board and committee members read reports")


def may_generate_reports(user) -> None:
    if not user.has_perm("reporting.add_reportrun"):
        raise PermissionDenied("Only performance leads and administrators generate reports")


def get_run_for_user(user, pk: int, need: str = "view") -> ReportRun:
    """A report run the person may open (`need="generate"`: and try again), or 403/404.
    Another person's download is not found."""
    may_read_reports(user)
    run = (
        ReportRun.objects.select_related("year", "requested_by", "register")
        .defer("snapshot")
        .filter(pk=pk)
        .first()
    )
    if run is None or (run.is_download and run.requested_by_id != user.pk):
        raise Http404("No such report")
    if need == "generate" and not run.is_download:
        may_generate_reports(user)
    return run


def may_retry_run(user, run: ReportRun) -> bool:
    if not run.can_retry:
        return False
    if run.is_download:
        return run.requested_by_id == user.pk
    return user.has_perm("reporting.add_reportrun")
