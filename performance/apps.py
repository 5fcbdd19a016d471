from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = "Performance"

    def ready(self) -> None:
        from . import (
            permissions,  # noqa: F401  (registers the rules)
            signals,
            workbook,
            worklists,
        )

        workbook.register()
        worklists.register_sources()

        from core import bulk

        from .library_import import library_kind
        from .library_save import library_save

        bulk.register(library_kind(library_save))

        signals.connect()
