"""Remove committee downloads older than DOWNLOADS_KEEP_DAYS (the scheduler does this daily)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from reporting import services


class Command(BaseCommand):
    help = "Remove committee downloads (runs and files) older than DOWNLOADS_KEEP_DAYS days."

    def handle(self, *args, **options):
        removed = services.downloads_expire()
        self.stdout.write(
            f"Removed {removed} committee download{'s' if removed != 1 else ''} "
            f"older than {settings.DOWNLOADS_KEEP_DAYS} days."
        )
