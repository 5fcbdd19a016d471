from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit and other commitments"

    def ready(self) -> None:
        from . import (
            imports,
            permissions,  # noqa: F401  (registers the audit permissions)
            workbook,
            worklists,
        )

        workbook.register()
        imports.register()
        worklists.register_sources()
