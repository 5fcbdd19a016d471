from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Shared kit"

    def ready(self):
        from core import pagecache

        # Every write, from any process (web, worker, command), moves the pages' generation.
        pagecache.install()
