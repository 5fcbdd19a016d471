"""Time the busiest pages at a whole council's scale, and under load: `make bench`
(`python -m tests.bench`).

Two councils, each in its own database, seeded once and reused:

- council: the council-scale demo (625 indicators), in bench.sqlite3, or in the database
  DATABASE_URL names;
- large: the same council with ten times the indicators (6,000), in bench-6000.sqlite3, or
  in the PostgreSQL database of the same name with "_6000" added.

Each council is measured in its own process. Signed in as a demo user, each page is
requested several times after one warm-up; the table gives the median time the server
took, that time as a multiple of a static page (the accessibility statement, signed in,
timed in the same run), the number of queries, and how much the time grows from 625 to
6,000 indicators. The goals: every page within 5× of the static page, no page growing more
than 1.5× with the council, and the query count never growing at all.

Then a load run: gunicorn with 2 workers (config/gunicorn.py, DEBUG off) serves the council
on loopback while locust's 50 simulated people browse the busiest pages with about a
second's thought between them (tests/bench_load.py). The goal: p95 under one second and no
errors. Then the whole-council quarterly report's build time.

    make bench                                   # both councils, the load run, the reports
    python -m tests.bench --scale council        # one council only
    python -m tests.bench --pages dashboard --pages "indicator list"   # some pages, quickly
    python -m tests.bench --no-load              # pages and reports, no load run
    python -m tests.bench --imports              # the 10,000-row library import only

A new page is one more row in PAGES; a new report is one more function in REPORTS.
"""

import argparse
import csv
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench.sqlite3'}")
# The test client and the load run speak plain HTTP on this machine.
os.environ.setdefault("ALLOW_PLAIN_HTTP", "1")
# Sessions and the signed-in person come from the cache, as in production with Redis: the
# timings run in one process, and the load run changes no one's roles or sessions.
os.environ.setdefault("SIGNED_IN_CACHE", "1")
# Pages are rendered without a collectstatic manifest.
os.environ.setdefault(
    "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
)

# Static files are not collected for a benchmark; WhiteNoise's reminder is noise here.
warnings.filterwarnings("ignore", message="No directory at")

import dj_database_url  # noqa: E402
import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from planning.demo import (  # noqa: E402
    DEMO_PASSWORD,
    council_size,
    demo_app_seeds,
    demo_council_seed,
)
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
    (
        "thread branch",
        "lead",
        lambda demo: reverse("planning:thread-branch", args=["ambition", demo.ambition.pk]),
    ),
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


# --- the two councils -----------------------------------------------------------------

# The councils measured, by name: how many indicators each has beyond the demo's own (None:
# the council-scale demo as seeded).
SCALES: dict[str, int | None] = {"council": None, "large": 6000}
SCALE_LABELS = {"council": "625", "large": "6,000"}  # indicators


def database_url(scale: str) -> str:
    """Where a council is kept: the council in DATABASE_URL's database, the large one beside
    it (bench-6000.sqlite3, or the PostgreSQL database's name with _6000)."""
    url = os.environ["DATABASE_URL"]
    if scale == "council":
        return url
    parts = urlsplit(url)
    path = parts.path
    if parts.scheme.startswith("sqlite"):
        stem, dot, suffix = path.rpartition(".")
        path = f"{stem}-{SCALES[scale]}{dot}{suffix}" if dot else f"{path}-{SCALES[scale]}"
    else:
        path = f"{path}_{SCALES[scale]}"
    return urlunsplit(parts._replace(path=path))


def provide_database(scale: str) -> None:
    """Make sure the council's database exists. A new large council starts as a copy of
    the council-scale one when there is one (SQLite: the file; PostgreSQL: as a template),
    which saves seeding the whole council again."""
    url = database_url(scale)
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        path, council = Path(parts.path), Path(urlsplit(database_url("council")).path)
        if scale != "council" and not path.exists() and council.exists():
            print(f"Copying {council.name} to {path.name} to start the {scale} council from.")
            shutil.copyfile(council, path)
        return
    import psycopg2

    config = dj_database_url.parse(url)
    name = config["NAME"]
    server = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"],
        port=config["PORT"] or 5432,
    )
    server.autocommit = True
    try:
        with server.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone():
                return
            council = dj_database_url.parse(database_url("council"))["NAME"]
            try:
                if scale == "council":
                    raise psycopg2.Error("the council itself has no template")
                cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{council}"')
                print(f"Created {name} as a copy of {council}.")
            except psycopg2.Error:
                cursor.execute(f'CREATE DATABASE "{name}"')
                print(f"Created the database {name}.")
    finally:
        server.close()


def prepare(scale: str) -> None:
    """Bring the database up to date and seed the council, once: the council-scale demo,
    then the apps' demo data, then (for the large council) the extra indicators."""
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    if Service.objects.count() < COUNCIL_SERVICES:
        demo_council_seed(scale="council")
        print(f"Seeded the council-scale demo in {time.perf_counter() - started:.1f} s.")
    # The other apps' demo data (indicators, risks, …): each adds only what is missing.
    added = demo_app_seeds(scale="council")
    if SCALES[scale]:
        from performance.demo import demo_seed as indicators_seed

        with transaction.atomic():
            added |= {
                f"{k} (large)": v
                for k, v in indicators_seed(scale="council", indicators=SCALES[scale]).items()
            }
    if any(added.values()):
        print(f"Seeded the demo data ({scale}) in {time.perf_counter() - started:.1f} s.")
    # A server's autovacuum would have gathered the planner's statistics by now, and on
    # PostgreSQL set the visibility map that index-only scans rely on; a database seeded a
    # moment ago (or a server with autovacuum off) has neither.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


# --- timing one page --------------------------------------------------------------------

# The static page every page is compared with: the accessibility statement, which reads
# nothing from the database. Signed in it costs what every page's frame costs (session,
# person, roles, navigation); signed out, only the template.
STATIC_URL = "/accessibility/"
STATIC_USER = "head"
STATIC_REPEAT = 60


@dataclass
class Timing:
    status: int
    median_ms: float
    queries: str  # a range if it varied between requests


def measure(*, username: str | None, url: str, repeat: int, served: bool = False) -> Timing:
    """Request the page `repeat` times after one warm-up, signed in as `username` (or
    signed out), and time the server's part (the test client calls Django directly).
    `served`: with the page cache on, so that the warm-up keeps the page and the timed
    requests are served from the cache (core/pagecache.py); otherwise with it off, every
    request drawing the page afresh."""
    settings.PAGE_CACHE = served
    client = Client(raise_request_exception=False)
    if username:
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
    return Timing(status, statistics.median(times), str(low) if low == high else f"{low}–{high}")


def measure_both(*, username: str | None, url: str, repeat: int) -> dict:
    """The page served from the page cache (its normal case) and drawn afresh (cache off)."""
    return {
        "served": asdict(measure(username=username, url=url, repeat=repeat, served=True)),
        "cold": asdict(measure(username=username, url=url, repeat=repeat, served=False)),
    }


def chosen(pages: list[str] | None) -> list[tuple[str, str, Callable[[Demo], str]]]:
    """The rows of PAGES whose name contains any of the words asked for (all without)."""
    if not pages:
        return PAGES
    words = [word.lower() for word in pages]
    return [row for row in PAGES if any(word in row[0].lower() for word in words)]


def measure_council(*, scale: str, pages: list[str] | None, repeat: int) -> dict:
    """Everything measured on one council, as plain data for the table."""
    prepare(scale)
    from performance.models import IndicatorDefinition

    size = council_size() | {"indicators": IndicatorDefinition.objects.count()}
    signed_in = measure_both(username=STATIC_USER, url=STATIC_URL, repeat=STATIC_REPEAT)
    signed_out = measure(username=None, url=STATIC_URL, repeat=STATIC_REPEAT)
    rows = []
    demo = Demo()
    for name, username, build in chosen(pages):
        try:
            url = build(demo)
        except Exception as error:  # noqa: BLE001 - a page still being written is reported, not fatal
            rows.append({"page": name, "user": username, "missing": type(error).__name__})
            continue
        timing = measure_both(username=username, url=url, repeat=repeat)
        rows.append({"page": name, "user": username, "url": url, **timing})
    return {
        "vendor": connection.vendor,
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "size": size,
        "static": signed_in,
        "anonymous": asdict(signed_out),
        "pages": rows,
    }


def measure_in_own_process(*, scale: str, pages: list[str] | None, repeat: int) -> dict:
    """Measure one council in a fresh Python process on that council's database, so that
    nothing read from one council lingers into the other's timings."""
    provide_database(scale)
    with tempfile.TemporaryDirectory() as folder:
        results = Path(folder) / "results.json"
        command = [sys.executable, "-m", "tests.bench", "--measure", scale, "--json", results]
        command += [f"--repeat={repeat}", *(f"--pages={word}" for word in pages or [])]
        env = os.environ | {"DATABASE_URL": database_url(scale)}
        subprocess.run(command, cwd=ROOT, env=env, check=True)
        return json.loads(results.read_text())


# --- the table ----------------------------------------------------------------------------

MAX_RATIO = 5  # × the signed-in static page
MAX_GROWTH = 1.5  # from 625 to 6,000 indicators


WAYS = ("served", "cold")  # from the page cache (warm), and drawn afresh (cache off)


def print_pages(results: dict[str, dict]) -> None:
    """One row a page: at each council its time served from the page cache and drawn
    afresh, each × the static page measured the same way, and the queries of each; then how
    much the fresh drawing grew, and whether the page misses a goal."""
    scales = list(results)
    first = results[scales[0]]
    print(f"\nDatabase: {first['vendor']}; cache: {first.get('cache', '?')}.")
    for scale, result in results.items():
        size = ", ".join(f"{count:,} {kind}" for kind, count in result["size"].items())
        static, anonymous = result["static"], result["anonymous"]
        cold = static["cold"]["median_ms"]
        print(
            f"At {SCALE_LABELS[scale]} indicators: {size}.\n"
            f"  Static page ({STATIC_URL}): signed in as {STATIC_USER} {cold:.1f} ms drawn "
            f"afresh ({static['cold']['queries']} queries), {static['served']['median_ms']:.1f} "
            f"ms served from the page cache; signed out {anonymous['median_ms']:.1f} ms: "
            f"signed in / signed out = {cold / anonymous['median_ms']:.1f}× (goal: within 2×)."
        )
    print(
        "Each page: one warm-up, then the median of the timed requests, served from the page "
        "cache (the warm-up kept it) and drawn afresh (cache off); × is the multiple of the "
        "static page measured the same way; queries are the fresh drawing's.\n"
    )

    header = ["page", "user"]
    for scale in scales:
        label = SCALE_LABELS[scale]
        header += [f"served ({label})", "×", f"cold ({label})", "×", "queries"]
    if len(scales) > 1:
        header.append("growth")
    header.append("over")
    table, failing = [tuple(header)], []
    over = {way: [] for way in WAYS}
    over_growth = []
    by_scale = {
        scale: {(r["page"], r["user"]): r for r in results[scale]["pages"]} for scale in scales
    }
    for row in first["pages"]:
        key = (row["page"], row["user"])
        cells, flags, times = [*key], [], []
        for scale in scales:
            found = by_scale[scale].get(key, {})
            if "cold" not in found:
                cells += [found.get("missing", "not measured"), "", "", "", ""]
                continue
            for way in WAYS:
                ms = found[way]["median_ms"]
                ratio = ms / results[scale]["static"][way]["median_ms"]
                cells += [f"{ms:.1f}", f"{ratio:.1f}"]
                if found[way]["status"] != 200 and f"HTTP {found[way]['status']}" not in flags:
                    flags.append(f"HTTP {found[way]['status']}")
                if ratio > MAX_RATIO and f"{way} > {MAX_RATIO}×" not in flags:
                    flags.append(f"{way} > {MAX_RATIO}×")
            cells.append(found["cold"]["queries"])
            times.append(found["cold"]["median_ms"])
        if len(scales) > 1:
            growth = times[-1] / times[0] if len(times) == len(scales) else None
            cells.append(f"{growth:.2f}" if growth else "")
            if growth and growth > MAX_GROWTH:
                flags.append(f"grows > {MAX_GROWTH}×")
        cells.append(", ".join(flags))
        table.append(tuple(cells))
        name = f"{key[0]} ({key[1]})"
        for way in WAYS:
            if f"{way} > {MAX_RATIO}×" in flags:
                over[way].append(name)
        if any(flag.startswith("grows") for flag in flags):
            over_growth.append(name)
        if any(flag.startswith("HTTP") for flag in flags):
            failing.append(name)
    print_table(table)
    pages = len(table) - 1
    print()
    for way, label in (("served", "served from the page cache"), ("cold", "drawn afresh")):
        missed = over[way]
        print(
            f"{label.capitalize()}: {pages - len(missed)} of {pages} pages within {MAX_RATIO}× "
            f"of the signed-in static page at every council; {len(missed)} miss"
            + (f": {', '.join(missed)}" if missed else "")
            + "."
        )
    if len(scales) > 1:
        print(
            f"{pages - len(over_growth)} of {pages} pages (drawn afresh) grow at most "
            f"{MAX_GROWTH}× from 625 to 6,000 indicators"
            + (f"; growing more: {', '.join(over_growth)}" if over_growth else "")
            + "."
        )
    if failing:
        print(f"Not answered with 200: {', '.join(failing)}.")


# --- the load run -------------------------------------------------------------------------

# The load run's mix: how often, relative to each other, the simulated people open each
# page (rows of PAGES by name; every user of a page name is included).
LOAD_MIX = {
    "home": 4,
    "my updates": 2,
    "service plan": 3,
    "directorate plan": 2,
    "corporate plan": 1,
    "PDP": 1,
    "thread from ambition": 1,
    "thread from action": 2,
    "indicator list": 2,
    "indicator": 2,
    "value entry grid": 1,
    "Board dashboard": 2,
    "directorate register": 1,
    "council risks": 1,
    "recommendation tracker": 1,
}
LOAD_USERS = 50
LOAD_P95_GOAL_MS = 1000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(port: int, server: subprocess.Popen, *, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start-up (exit code {server.returncode})")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn was not listening on port {port} after {seconds:.0f} s")


def load_run(*, seconds: int) -> None:
    """gunicorn (2 workers, DEBUG off) on a free loopback port serving the council, and
    locust's LOAD_USERS people browsing LOAD_MIX for `seconds`; gunicorn is always stopped."""
    demo = Demo()
    mix = [
        {"name": name, "user": user, "url": build(demo), "weight": LOAD_MIX[name]}
        for name, user, build in PAGES
        if name in LOAD_MIX
    ]
    port = free_port()
    server_env = os.environ | {
        "DEBUG": "0",
        "WEB_BIND": f"127.0.0.1:{port}",
        "WEB_WORKERS": "2",
        "ALLOW_PLAIN_HTTP": "1",
    }
    print(
        f"\nLoad run: {LOAD_USERS} people for {seconds} s, each waiting 0.5–1.5 s between "
        f"pages, against gunicorn with 2 workers on 127.0.0.1:{port} (DEBUG off, "
        f"{connection.vendor}). Each demo user signs in once; static files are not requested. "
        + (
            "Pages are served from the page cache (shared: CACHE_URL)."
            if server_env.get("CACHE_URL") or server_env.get("REDIS_URL")
            else "No shared cache (CACHE_URL unset): every page is drawn afresh."
        )
    )
    with tempfile.TemporaryDirectory() as folder:
        log = open(Path(folder) / "gunicorn.log", "w")  # noqa: SIM115 - closed below
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
            cwd=ROOT,
            env=server_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_listening(port, server)
            locust = [
                sys.executable,
                "-m",
                "locust",
                "-f",
                "tests/bench_load.py",
                "--headless",
                f"--users={LOAD_USERS}",
                "--spawn-rate=10",
                f"--run-time={seconds}s",
                f"--host=http://127.0.0.1:{port}",
                f"--csv={folder}/load",
                "--only-summary",
                "--stop-timeout=5",
                "--loglevel=WARNING",
            ]
            locust_env = os.environ | {
                "BENCH_LOAD_PAGES": json.dumps(mix),
                "BENCH_LOAD_PASSWORD": DEMO_PASSWORD,
            }
            subprocess.run(
                locust,
                cwd=ROOT,
                env=locust_env,
                timeout=seconds + 120,
                stdout=subprocess.DEVNULL,
                check=False,
            )
            stats = Path(folder) / "load_stats.csv"
            if not stats.exists():
                print("The load run wrote no statistics (see locust's output above).")
                return
            print_load(stats, seconds=seconds)
        finally:
            server.terminate()
            try:
                server.wait(timeout=40)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            log.close()


def print_load(stats: Path, *, seconds: int) -> None:
    with stats.open(newline="") as file:
        rows = list(csv.DictReader(file))
    table = [("page", "requests", "errors", "p50 ms", "p95 ms", "p99 ms")]
    total = None
    for row in rows:
        cells = (
            row["Name"],
            row["Request Count"],
            row["Failure Count"],
            row["50%"],
            row["95%"],
            row["99%"],
        )
        if row["Name"] == "Aggregated":
            total = row
            table.append(("all pages", *cells[1:]))
        else:
            table.append(cells)
    print_table(table)
    if total is None:
        return
    p95, errors = float(total["95%"]), int(total["Failure Count"])
    met = p95 < LOAD_P95_GOAL_MS and errors == 0
    print(
        f"\n{float(total['Requests/s']):.1f} requests/s over {seconds} s, {errors} errors. "
        f"Goal: p95 under {LOAD_P95_GOAL_MS:,} ms and no errors — "
        + ("met." if met else f"NOT met (p95 {p95:,.0f} ms, {errors} errors).")
    )


# --- reports built outside a request -----------------------------------------------------


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


# Each is run after the pages at council scale (not with --pages, unless --reports).


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale",
        choices=["council", "large", "both"],
        default="both",
        help="which council to measure: 625 indicators, 6,000, or both (the default)",
    )
    parser.add_argument(
        "--pages",
        action="append",
        metavar="WORD",
        help="only the pages whose name contains WORD (may be given more than once)",
    )
    parser.add_argument(
        "--repeat", type=int, default=6, help="timed requests per page after one warm-up"
    )
    parser.add_argument(
        "--load",
        action=argparse.BooleanOptionalAction,
        help="the load run at council scale (on unless --pages is given)",
    )
    parser.add_argument("--load-seconds", type=int, default=60, help="how long the load run lasts")
    parser.add_argument(
        "--reports",
        action=argparse.BooleanOptionalAction,
        help="the report build times at council scale (on unless --pages is given)",
    )
    parser.add_argument(
        "--imports",
        action="store_true",
        help="only the 10,000-row indicator library import, at council scale",
    )
    # How the bench runs itself for each council: measure one and write the results.
    parser.add_argument("--measure", choices=list(SCALES), help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.measure:
        result = measure_council(scale=args.measure, pages=args.pages, repeat=args.repeat)
        args.json.write_text(json.dumps(result))
        return

    started = time.perf_counter()
    if args.imports:
        prepare("council")
        library_import_times()
        return
    scales = list(SCALES) if args.scale == "both" else [args.scale]
    results = {
        scale: measure_in_own_process(scale=scale, pages=args.pages, repeat=args.repeat)
        for scale in scales
    }
    print_pages(results)
    at_council = "council" in scales
    if at_council and (args.load if args.load is not None else not args.pages):
        load_run(seconds=args.load_seconds)
    if at_council and (args.reports if args.reports is not None else not args.pages):
        for report in REPORTS:
            print()
            report()
    print(f"\nThe bench took {time.perf_counter() - started:.0f} s.")


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

        prepare("council")
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

    def children_cpu() -> float:
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        return used.ru_utime + used.ru_stime

    started, cpu = time.perf_counter(), time.process_time() + children_cpu()
    services.report_build(run_id=run.pk)
    build_s = time.perf_counter() - started
    cpu_s = time.process_time() + children_cpu() - cpu
    run.refresh_from_db()
    stored = run.download_file
    # The build and its largest child (a PDF laid out by more than one process) at once.
    peak_mb = sum(
        resource.getrusage(who).ru_maxrss // 1024
        for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
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


# Run after the pages, in this order.
REPORTS: list[Callable[[], None]] = [report_build_times, committee_download_times]


def library_import_times() -> None:
    """A 10,000-row indicator library file (50 new indicators, 200 months of values each)
    checked and imported as the worker does, on a throwaway copy of what it writes (the
    import is rolled back). The goal: under a minute."""
    import resource

    from tests.import_bench import GOAL_SECONDS, import_as_the_worker_does, library_file

    lead = Person.objects.get(username="lead")
    service = Service.objects.order_by("pk").first().code
    content = library_file(rows=10_000, service=service)
    with tempfile.TemporaryDirectory() as media:
        settings.MEDIA_ROOT = media
        try:
            with transaction.atomic():
                timed = import_as_the_worker_does(content=content, actor=lead)
                raise _RollBack
        except _RollBack:
            pass
    verdict = "within" if timed.seconds < GOAL_SECONDS else "OVER"
    # Peak memory of this process, seeding included: the import's bound is the file limits.
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print_table(
        [
            ("indicator library import, 10,000 rows", "seconds", "queries"),
            ("check (the dry run)", f"{timed.check_seconds:.1f}", f"{timed.check_queries:,}"),
            ("import", f"{timed.save_seconds:.1f}", f"{timed.save_queries:,}"),
            (f"both ({verdict} the {GOAL_SECONDS} s goal)", f"{timed.seconds:.1f}", ""),
            ("peak memory of the process (MB)", f"{peak_mb:,}", ""),
        ]
    )


class _RollBack(Exception):
    """Leaves the bench database as it was after timing an import."""


REPORTS.append(library_import_times)


if __name__ == "__main__":
    main(sys.argv[1:])
