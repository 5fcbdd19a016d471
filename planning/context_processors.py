from django.conf import settings
from django.utils.functional import SimpleLazyObject


def council(request):
    return {"council_name": settings.COUNCIL_NAME, "service_name": settings.SERVICE_NAME}


def notifications(request):
    """The signed-in person's unread notifications, for the link in the menu, asked only
    by pages that draw the menu (selectors.notifications.unread_count_for)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: _unread(user.pk))}


def _unread(person_id: int) -> int:
    from planning.selectors.notifications import unread_count_for

    return unread_count_for(person_id=person_id)
