from django.conf import settings
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject


def council(request):
    return {"council_name": settings.COUNCIL_NAME, "service_name": settings.SERVICE_NAME}


def notifications(request):
    """The signed-in person's unread notifications, for the link in the menu: counted once
    and kept in the shared cache until one is made or read (planning.services.notifications),
    and counted only on pages that show the menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: _unread(user.pk))}


def _unread(person_id: int) -> int:
    from planning.models import Notification
    from planning.services.notifications import unread_cache_key

    key = unread_cache_key(person_id)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient_id=person_id, read_at__isnull=True).count()
        cache.set(key, count, 3600)
    return count
