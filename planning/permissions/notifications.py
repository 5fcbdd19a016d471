"""Notifications are their recipient's alone; chasers are sent by performance leads.

- A person opens and marks read only their own notifications: anyone else's is a 404.
- A performance lead sends chasers to the services of their own portfolio; an administrator
  to every service. Nobody else may (403).
"""

from __future__ import annotations

import rules
from django.http import Http404

from planning.models import Notification, Service

from .scope import is_administrator, is_performance_lead, scope_for

rules.add_perm("planning.send_chaser", is_administrator | is_performance_lead)


def get_notification_for_user(user, pk: int) -> Notification:
    notification = Notification.objects.filter(pk=pk, recipient_id=user.pk).first()
    if notification is None:
        raise Http404("No such notification")
    return notification


def chaser_services(user):
    """The services whose people this person may chase: their portfolios' (all for an
    administrator)."""
    scope = scope_for(user)
    if scope.is_admin:
        return Service.objects.all()
    return Service.objects.filter(portfolio_id__in=scope.portfolios)
