"""Time the busiest pages at a whole council's scale: `make bench` (`python -m tests.bench`).

Builds its own database (bench.sqlite3 unless DATABASE_URL says otherwise), seeds the
council-scale demo once, then signs in as each demo user and requests each page several
times, printing the median time the server took and the number of queries it ran. The
number of queries must not grow with the size of the council.

A new page is one more row in PAGES.
"""

import argparse
import os
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench.sqlite3'}")
# Pages are rendered without a collectstatic manifest.
os.environ.setdefault(
    "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
)

# Static files are not collected for a benchmark; WhiteNoise's reminder is noise here.
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from planning.demo import council_size, demo_app_seeds, demo_council_seed  # noqa: E402
from planning.models import (  # noqa: E402
    Ambition,
    CorporatePlan,
    DeliveryPlan,
    DirectoratePlan,
    FinancialYear,
    Person,
    PersonalDevelopmentPlan,
    Service,
    ServicePlan,
)

COUNCIL_SERVICES = 60  # at least this many services means the council is already seeded


class Demo:
    """The demo council's records the pages are opened on, looked up when first needed."""

    @cached_property
    def year(self) -> FinancialYear:
        return FinancialYear.objects.current()

    @cached_property
    def head(self) -> Person:
        return Person.objects.select_related("service").get(username="head")

    @cached_property
    def service_plan(self) -> ServicePlan:
        return ServicePlan.objects.get(service=self.head.service, year=self.year)

    @cached_property
    def directorate_plan(self) -> DirectoratePlan:
        return DirectoratePlan.objects.get(
            directorate_id=self.head.service.directorate_id, year=self.year
        )

    @cached_property
    def corporate_plan(self) -> CorporatePlan:
        return CorporatePlan.objects.get(first_year=self.year)

    @cached_property
    def delivery_plan(self) -> DeliveryPlan:
        return DeliveryPlan.objects.get(year=self.year)

    @cached_property
    def staff_pdp(self) -> PersonalDevelopmentPlan:
        return PersonalDevelopmentPlan.objects.get(person__username="staff", year=self.year)

    @cached_property
    def ambition(self) -> Ambition:
        return self.corporate_plan.items.order_by("order", "ref").first()

    @cached_property
    def indicator(self):
        return self.service_plan.indicators.select_related("definition").first().definition

    @cached_property
    def action(self):
        return self.service_plan.items.order_by("order", "ref").first()


def plan_url(kind: str, plan: Callable[[Demo], object]) -> Callable[[Demo], str]:
    return lambda demo: reverse("planning:plan-detail", args=[kind, plan(demo).pk])


def thread_url(kind: str, item: Callable[[Demo], object]) -> Callable[[Demo], str]:
    return lambda demo: reverse("planning:thread", args=[kind, item(demo).pk])


# (page, who is signed in, how to build its address)
PAGES: list[tuple[str, str, Callable[[Demo], str]]] = [
    ("home", "head", lambda demo: reverse("planning:home")),
    ("home", "lead", lambda demo: reverse("planning:home")),
    ("home", "admin", lambda demo: reverse("planning:home")),
    ("service plan", "head", plan_url("service", lambda demo: demo.service_plan)),
    ("directorate plan", "head", plan_url("directorate", lambda demo: demo.directorate_plan)),
    ("corporate plan", "head", plan_url("corporate", lambda demo: demo.corporate_plan)),
    ("PDP", "staff", plan_url("pdp", lambda demo: demo.staff_pdp)),
    (
        "PDP objective form",
        "staff",
        lambda demo: reverse("planning:objective-add", args=[demo.staff_pdp.pk]),
    ),
    (
        "directorate plan printable",
        "director",
        lambda demo: reverse("planning:directorate-print", args=[demo.directorate_plan.pk]),
    ),
    (
        "activity form",
        "board",
        lambda demo: reverse("planning:activity-add", args=[demo.delivery_plan.pk]),
    ),
    ("thread from ambition", "lead", thread_url("ambition", lambda demo: demo.ambition)),
    ("thread from action", "head", thread_url("action", lambda demo: demo.action)),
    ("orphans", "lead", lambda demo: reverse("planning:orphans")),
    ("directorates", "head", lambda demo: reverse("planning:directorate-list")),
    (
        "plan indicators",
        "head",
        lambda demo: reverse("performance:plan-indicators", args=[demo.service_plan.pk]),
    ),
    (
        "value entry grid",
        "head",
        lambda demo: reverse("performance:plan-values", args=[demo.service_plan.pk]),
    ),
    ("indicator list", "lead", lambda demo: reverse("performance:indicator-list")),
    (
        "indicator list, red",
        "board",
        lambda demo: reverse("performance:indicator-list") + "?rag=red",
    ),
    ("indicator", "head", lambda demo: demo.indicator.get_absolute_url()),
    (
        "indicator definition form",
        "lead",
        lambda demo: reverse("performance:indicator-edit", args=[demo.indicator.pk]),
    ),
    ("service risks", "head", lambda demo: reverse("risk:plan-risks", args=[demo.service_plan.pk])),
    ("directorate register", "director", lambda demo: register_url(demo, "directorate")),
    (
        "directorate and services' risks",
        "director",
        lambda demo: register_url(demo, "directorate") + "?include=services",
    ),
    ("council risks", "committee", lambda demo: register_url(demo, "corporate") + "?include=all"),
    ("recommendation tracker", "committee", lambda demo: reverse("audit:tracker")),
    ("overdue recommendations", "lead", lambda demo: reverse("audit:tracker") + "?overdue=1"),
    ("tracker Excel", "committee", lambda demo: reverse("reporting:tracker-xlsx")),
    ("tracker PDF", "committee", lambda demo: reverse("reporting:tracker-pdf")),
    (
        "register Excel",
        "committee",
        lambda demo: register_download(demo, "reporting:register-xlsx") + "?include=all",
    ),
    (
        "register PDF",
        "committee",
        lambda demo: register_download(demo, "reporting:register-pdf") + "?include=all",
    ),
    ("reports", "lead", lambda demo: reverse("reporting:report-list")),
    ("Board dashboard", "board", lambda demo: reverse("reporting:dashboard")),
    (
        "Board dashboard: red actions",
        "board",
        lambda demo: reverse("reporting:dashboard-actions") + "?rag=red",
    ),
    (
        "self-assessment",
        "head",
        lambda demo: reverse("planning:plan-self-assessment", args=[demo.service_plan.pk]),
    ),
    (
        "delivery plan section",
        "head",
        lambda demo: reverse("planning:plan-delivery", args=[demo.service_plan.pk]),
    ),
    (
        "other commitments",
        "head",
        lambda demo: reverse("planning:plan-commitments", args=[demo.service_plan.pk]),
    ),
    (
        "resources",
        "head",
        lambda demo: reverse("planning:plan-resources", args=[demo.service_plan.pk]),
    ),
    (
        "assurance",
        "head",
        lambda demo: reverse("planning:plan-assurance", args=[demo.service_plan.pk]),
    ),
    (
        "finance",
        "head",
        lambda demo: reverse("planning:plan-finance", args=[demo.service_plan.pk]),
    ),
    ("revenue forecast by directorate", "lead", lambda demo: reverse("planning:finance-overview")),
    ("revenue upload", "lead", lambda demo: reverse("planning:finance-upload")),
    (
        "plan history",
        "head",
        lambda demo: reverse("planning:item-history", args=["plan", demo.service_plan.pk]),
    ),
    (
        "corporate risk form",
        "admin",
        lambda demo: reverse("risk:risk-add", args=[_register(demo, "corporate").pk]),
    ),
    (
        "use a library indicator",
        "head",
        lambda demo: reverse("performance:plan-definition-use", args=[demo.service_plan.pk]),
    ),
    ("action", "head", lambda demo: reverse("planning:action-detail", args=[demo.action.pk])),
    ("my updates", "head", lambda demo: reverse("planning:my-updates")),
    ("QA queue", "lead", lambda demo: reverse("planning:qa-queue")),
    (
        "check and submit",
        "head",
        lambda demo: reverse("planning:plan-submit", args=[demo.service_plan.pk]),
    ),
]


def _register(demo: Demo, level: str):
    from risk.models import RiskRegister

    if level == "directorate":
        return RiskRegister.objects.get(
            level=level, directorate_id=demo.head.service.directorate_id
        )
    return RiskRegister.objects.get(level=level)


def register_url(demo: Demo, level: str) -> str:
    return reverse("risk:register-detail", args=[_register(demo, level).pk])


def register_download(demo: Demo, name: str) -> str:
    return reverse(name, args=[_register(demo, "corporate").pk])


def prepare() -> None:
    """Bring the database up to date and seed the council-scale demo, once."""
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    if Service.objects.count() >= COUNCIL_SERVICES:
        print("Council-scale demo already seeded.")
    else:
        demo_council_seed(scale="council")
        print(f"Seeded the council-scale demo in {time.perf_counter() - started:.1f} s.")
    # The other apps' demo data (indicators, risks, …): each adds only what is missing.
    added = demo_app_seeds(scale="council")
    if any(added.values()):
        print(f"Seeded the apps' demo data in {time.perf_counter() - started:.1f} s.")


def measure(*, username: str, url: str, repeat: int) -> tuple[int, float, str]:
    """Request the page `repeat` times after one warm-up; return the last status, the
    median server time in milliseconds and the query count (a range if it varied)."""
    client = Client(raise_request_exception=False)
    client.force_login(Person.objects.get(username=username))
    client.get(url)
    times, counts, status = [], [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        counts.append(len(queries))
        status = response.status_code
    low, high = min(counts), max(counts)
    return status, statistics.median(times), str(low) if low == high else f"{low}–{high}"


def run(*, repeat: int) -> None:
    prepare()
    size = ", ".join(f"{count:,} {kind}" for kind, count in council_size().items())
    print(f"Database: {connection.vendor}. Council: {size}.")
    print(f"Each page: one warm-up, then the median of {repeat} requests.\n")
    header = ("page", "user", "status", "median ms", "queries", "url")
    rows = []
    demo = Demo()
    for name, username, build in PAGES:
        try:
            url = build(demo)
        except Exception as error:  # noqa: BLE001 - a page still being written is reported, not fatal
            rows.append((name, username, "not available", "", "", type(error).__name__))
            continue
        status, median, queries = measure(username=username, url=url, repeat=repeat)
        rows.append((name, username, str(status), f"{median:.1f}", queries, url))
    print_table([header, *rows])
    print()
    report_build_times()
    print()
    committee_download_times()


def report_build_times() -> None:
    """The whole-council Budget & Performance report: the full build (snapshot, PDF,
    Excel, as the worker runs it) beside WeasyPrint alone on the same HTML."""
    import tempfile

    from reporting import services
    from reporting.models import ReportRun
    from reporting.report.files import html_to_pdf, report_html

    lead = Person.objects.get(username="lead")
    year = FinancialYear.objects.current()
    with tempfile.TemporaryDirectory() as media:
        settings.MEDIA_ROOT = media
        started = time.perf_counter()
        run = services.report_request(actor=lead, year=year, quarter=2)
        services.report_build(run_id=run.pk)
        build = time.perf_counter() - started
        run.refresh_from_db()
        if run.status != "done":
            print(f"Report build failed: {run.error}")
            return
        html = report_html(run.snapshot)
        started = time.perf_counter()
        pdf = html_to_pdf(html)
        weasyprint_only = time.perf_counter() - started
        ReportRun.objects.filter(pk=run.pk).delete()
    print_table(
        [
            ("report", "seconds", "PDF bytes"),
            ("whole build (snapshot, PDF, Excel)", f"{build:.1f}", f"{len(pdf):,}"),
            ("WeasyPrint alone, same HTML", f"{weasyprint_only:.1f}", f"{len(pdf):,}"),
        ]
    )


def print_table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for number, row in enumerate(rows):
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())
        if number == 0:
            print("  ".join("-" * width for width in widths))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat", type=int, default=6, help="timed requests per page after one warm-up"
    )
    run(repeat=parser.parse_args(argv).repeat)


# --- committee downloads through the job path, at 5,000 risks and 3,000 recommendations ---

DOWNLOAD_RISKS = 5_000
DOWNLOAD_RECOMMENDATIONS = 3_000
DOWNLOADS = [
    ("tracker PDF", "reporting:tracker-pdf", False),
    ("tracker Excel", "reporting:tracker-xlsx", False),
    ("register PDF", "reporting:register-pdf", True),
    ("register Excel", "reporting:register-xlsx", True),
]


def committee_download_times() -> None:
    """Each committee download of the whole council, as the committee member asks for it
    (the request, which must answer at once) and as the worker builds it (reading the rows,
    keeping the snapshot, printing the file), each build in a process of its own so that its
    peak memory is the worker's. Runs on a throwaway copy of the bench database grown to
    5,000 risks and 3,000 recommendations."""
    import json
    import shutil
    import subprocess
    import tempfile

    source = Path(settings.DATABASES["default"]["NAME"])
    if connection.vendor != "sqlite" or not source.exists():
        print("Committee downloads: measured on the SQLite bench database only.")
        return
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "downloads.sqlite3"
        shutil.copy(source, copy)
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{copy}",
            "MEDIA_ROOT": str(Path(scratch) / "media"),
            "REDIS_URL": "",
        }

        def child(*args: str) -> dict:
            code = f"import tests.bench as b; b.download_child{args!r}"
            done = subprocess.run(
                [sys.executable, "-c", code],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode:
                raise RuntimeError(done.stderr[-3000:])
            return json.loads(done.stdout.strip().splitlines()[-1])

        size = child("seed")
        print(
            f"Committee downloads at {size['risks']:,} risks and "
            f"{size['recommendations']:,} recommendations (each build in its own process):"
        )
        rows = [
            ("download", "request ms", "build s", "CPU s", "peak MB", "rows", "bytes", "status")
        ]
        for label, name, register in DOWNLOADS:
            try:
                got = child("build", name, register)
            except RuntimeError as error:
                rows.append((label, "", "", "", "", "", "", f"failed: {error}"))
                continue
            rows.append(
                (
                    label,
                    f"{got['request_ms']:.0f}",
                    f"{got['build_s']:.1f}",
                    f"{got['cpu_s']:.1f}",
                    f"{got['peak_mb']:,}",
                    f"{got['rows']:,}",
                    f"{got['bytes']:,}",
                    got["status"],
                )
            )
        print_table(rows)


def download_child(step: str, name: str = "", register: bool = False) -> None:
    """One step of committee_download_times, in a process of its own on the throwaway copy:
    grow the council ("seed"), or ask for one download and build it as the worker does."""
    import json
    import resource

    if step == "seed":
        import audit.demo
        import risk.demo
        from audit.models import Recommendation
        from risk.models import Risk

        prepare()
        risk.demo.COUNCIL_RISKS = DOWNLOAD_RISKS
        audit.demo.COUNCIL_RECOMMENDATIONS = DOWNLOAD_RECOMMENDATIONS
        risk.demo.demo_seed(scale="council")
        audit.demo.demo_seed(scale="council")
        size = {"risks": Risk.objects.count(), "recommendations": Recommendation.objects.count()}
        print(json.dumps(size))
        return

    from config.celery import app
    from reporting import services
    from reporting.models import ReportRun

    # The request only hands the job over (to an in-memory queue nobody reads); the build
    # is then run here exactly as the worker runs it.
    app.conf.update(task_always_eager=False, broker_url="memory://")
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    url = register_download(Demo(), name) + "?include=all" if register else reverse(name)
    client = Client(raise_request_exception=True)
    client.force_login(Person.objects.get(username="committee"))
    started = time.perf_counter()
    response = client.post(url, secure=True)
    request_ms = (time.perf_counter() - started) * 1000
    if response.status_code != 302:
        raise RuntimeError(f"asking for {url} answered {response.status_code}")
    run = ReportRun.objects.filter(requested_by__username="committee").latest("pk")
    started, cpu = time.perf_counter(), time.process_time()
    services.report_build(run_id=run.pk)
    build_s, cpu_s = time.perf_counter() - started, time.process_time() - cpu
    run.refresh_from_db()
    stored = run.download_file
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    result = {
        "status": run.status if run.status == "done" else f"{run.status}: {run.error}",
        "redirect": response.status_code,
        "request_ms": request_ms,
        "build_s": build_s,
        "cpu_s": cpu_s,
        "peak_mb": peak_mb,
        "rows": len((run.snapshot or {}).get("rows", [])),
        "bytes": stored.size if stored else 0,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
