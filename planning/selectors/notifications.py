"""Reading a person's notifications and their settings."""

from contextlib import suppress

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef

from planning.models import (
    ActionUpdate,
    Delivery,
    DeliveryRag,
    FinancialYear,
    Notification,
    NotificationKind,
    NotificationPreference,
    Person,
    PlanStatus,
    Role,
    Service,
    ServiceAction,
)


def notification_list_for_user(*, user):
    """The person's own notifications, newest first."""
    return Notification.objects.filter(recipient_id=user.pk).order_by("-created_at", "-pk")


def preferences_of(*, person: Person) -> dict[str, str]:
    """How the person is told of each kind: email at once unless they chose otherwise."""
    chosen = dict(
        NotificationPreference.objects.filter(person=person).values_list("kind", "delivery")
    )
    return {kind: chosen.get(kind, Delivery.IMMEDIATE) for kind in NotificationKind.values}


def performance_leads_of(service: Service) -> list[Person]:
    """The performance leads of the service's portfolio (none when it has no portfolio)."""
    if service.portfolio_id is None:
        return []
    return list(
        Person.objects.filter(
            is_active=True,
            roles__role=Role.PERFORMANCE_LEAD,
            roles__portfolio_id=service.portfolio_id,
        ).distinct()
    )


def heads_of(service: Service) -> list[Person]:
    """The service's heads of service."""
    return list(
        Person.objects.filter(
            is_active=True, roles__role=Role.HEAD_OF_SERVICE, roles__service=service
        ).distinct()
    )


def actions_missing_update(*, year: FinancialYear, quarter: int, services=None):
    """The actions of the year's signed-off and published service plans whose lead officer
    has posted no update for the quarter, leaving out actions already completed (Blue) in
    an earlier quarter and actions not yet started by the quarter's end. `services` narrows
    them to those services (a performance lead's portfolio)."""
    updates = ActionUpdate.objects.filter(action=OuterRef("pk"))
    quarter_ends = {q: end for q, _start, end in year.quarters}[quarter]
    actions = (
        ServiceAction.objects.filter(
            plan__year=year,
            plan__status__in=(PlanStatus.SIGNED_OFF, PlanStatus.PUBLISHED),
            lead__isnull=False,
        )
        .exclude(Exists(updates.filter(quarter=quarter)))
        .exclude(Exists(updates.filter(quarter__lt=quarter, rag=DeliveryRag.BLUE)))
        .exclude(start_date__gt=quarter_ends)
        .select_related("lead", "lead__line_manager", "plan__service")
        .order_by("plan__service__name", "lead__last_name", "lead__first_name", "ref", "pk")
    )
    if services is not None:
        actions = actions.filter(plan__service__in=services)
    return actions


def missing_updates_by_person(actions) -> list[tuple[Person, list]]:
    """The actions grouped by lead officer, in the order given: who gets what."""
    grouped: dict[int, tuple[Person, list]] = {}
    for action in actions:
        grouped.setdefault(action.lead_id, (action.lead, []))[1].append(action)
    return list(grouped.values())


# The unread count in the menu is kept in the shared cache (where SIGNED_IN_CACHE says the
# cache is shared: docs/adr/0020) so that a signed-in page costs no more for it: counted as
# a person signs in and whenever their notifications change (services.notifications).
UNREAD_SECONDS = 600


def unread_cache_key(person_id: int) -> str:
    return f"notify:unread:{person_id}"


def unread_count_for(*, person_id: int, refresh: bool = False) -> int:
    """How many of the person's notifications are unread. A cache that cannot be reached
    is passed by: the database answers."""
    keep = settings.SIGNED_IN_CACHE
    key = unread_cache_key(person_id)
    count = None
    if keep and not refresh:
        try:
            count = cache.get(key)
        except Exception:  # noqa: BLE001 - any cache failure: count from the database
            keep = False
    if count is None:
        count = Notification.objects.filter(recipient_id=person_id, read_at__isnull=True).count()
        if keep:
            with suppress(Exception):  # not kept: counted again on the next page
                cache.set(key, count, UNREAD_SECONDS)
    return count
