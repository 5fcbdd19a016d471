from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the reporting rules)
