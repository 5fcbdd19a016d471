"""`manage.py ratings_rebuild`: recalculate every indicator's stored ratings (after a
deployment that changes how ratings are worked out, or when a recalculation job could not
run)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from performance.models import IndicatorRating, JobStatus, RatingsRebuild
from performance.stored import ratings_rebuild


class Command(BaseCommand):
    help = "Recalculate every indicator's stored ratings from its values, targets and policy."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only when no rating is stored yet (the first start after the upgrade that "
            "began storing them): safe to run on every start",
        )

    def handle(self, *args, if_empty: bool = False, **options) -> None:
        if if_empty and IndicatorRating.objects.exists():
            self.stdout.write("Stored ratings are in place: nothing to do.")
            return

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
