"""`manage.py seed_demo --scale small|council`: the invented council to try or measure."""

from django.core.management.base import BaseCommand

from planning.demo import DEMO_PASSWORD, SCALES, SIGN_INS, demo_app_seeds, demo_council_seed


class Command(BaseCommand):
    help = (
        "Build the invented Borough of Elmbridge Vale with its plans, people and sign-ins. "
        "Safe to run again: it adds only what is missing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--scale",
            choices=list(SCALES),
            default="small",
            help="small: about 12 services and 100 people to click around; "
            "council: 60+ services, 1,200+ actions and 1,500+ people to measure pages",
        )

    def handle(self, *args, scale: str, **options) -> None:
        result = demo_council_seed(scale=scale)
        created = result.created | demo_app_seeds(scale=scale)
        if any(created.values()):
            added = ", ".join(f"{kind} {count:,}" for kind, count in created.items() if count)
            self.stdout.write(self.style.SUCCESS(f"Demo council ({scale}) added: {added}."))
        else:
            self.stdout.write(f"Demo council ({scale}) is already in place: nothing to add.")
        size = ", ".join(f"{count:,} {kind}" for kind, count in result.totals.items())
        self.stdout.write(f"The council now has {size}.")
        self.stdout.write("")
        self.stdout.write(
            "Serve the site (make run does) and sign in at /accounts/login/, for example "
            "http://127.0.0.1:8000/accounts/login/"
        )
        self.stdout.write(f"Sign in as one of these (password: {DEMO_PASSWORD}):")
        self.stdout.write("")
        for line in sign_in_table():
            self.stdout.write(f"  {line}")


def sign_in_table() -> list[str]:
    """The demo sign-ins as aligned rows: username, password, role."""
    rows = [("username", "password", "role")]
    rows += [(username, DEMO_PASSWORD, role) for username, role in SIGN_INS]
    widths = [max(len(row[column]) for row in rows) for column in range(2)]
    return [
        f"{username.ljust(widths[0])}  {password.ljust(widths[1])}  {role}"
        for username, password, role in rows
    ]
