from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = "Planning"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import permissions  # noqa: F401  (registers the rules)
        from .imports import register_kinds
        from .middleware import session_mark_seen
        from .person_cache import connect_receivers
        from .selectors.notifications import unread_count_for

        user_logged_in.connect(
            lambda sender, request, **kwargs: session_mark_seen(request=request),
            dispatch_uid="planning.session_mark_seen",
            weak=False,
        )
        connect_receivers()
        register_kinds()

        from .worklists import register_sources

        register_sources()
        user_logged_in.connect(
            lambda sender, request, user, **kwargs: unread_count_for(
                person_id=user.pk, refresh=True
            ),
            dispatch_uid="planning.unread_count_at_sign_in",
            weak=False,
        )
