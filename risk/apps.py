from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "risk"
    verbose_name = "Risk"

    def ready(self) -> None:
        from . import (
            imports,
            permissions,  # noqa: F401  (registers the risk permissions)
            workbook,
            worklists,
        )

        workbook.register()
        imports.register()
        worklists.register_sources()
