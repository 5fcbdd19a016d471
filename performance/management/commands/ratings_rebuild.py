"""`manage.py ratings_rebuild`: recalculate every indicator's stored ratings (after a
deployment that changes how ratings are worked out, or when a recalculation job could not
run)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from performance.models import JobStatus, RatingsRebuild
from performance.stored import ratings_rebuild


class Command(BaseCommand):
    help = "Recalculate every indicator's stored ratings from its values, targets and policy."

    def handle(self, *args, **options) -> None:
        def progress(done: int, total: int) -> None:
            self.stdout.write(f"{done:,} of {total:,} indicators recalculated")

        # Recalculations still waiting for the job service are done by this run.
        waiting = list(
            RatingsRebuild.objects.filter(status=JobStatus.QUEUED).values_list("pk", flat=True)
        )
        done = ratings_rebuild(progress=progress)
        RatingsRebuild.objects.filter(pk__in=waiting, status=JobStatus.QUEUED).update(
            status=JobStatus.DONE,
            done=done,
            total=done,
            finished_at=timezone.now(),
            note="Recalculated by manage.py ratings_rebuild",
        )
        self.stdout.write(
            self.style.SUCCESS(f"Stored ratings recalculated for {done:,} indicators.")
        )
