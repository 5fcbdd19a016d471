"""Permission-matrix rows for the committee downloads and the quarterly report's runs (see
tests/test_permissions.py)."""

from django.core.files.base import ContentFile
from django.urls import reverse

from reporting.models import ReportKind, ReportRun, RunStatus
from tests.audit.world import build_audit_world
from tests.permission_matrix import PARKS_PEOPLE, SEES_ALL, Listing, allowed, expect
from tests.planning.permission_rows import ACTIONS, orphans_everywhere
from tests.risk.world import build_risk_world

DOWNLOADERS = SEES_ALL | {"committee"}
REPORT_READERS = SEES_ALL | {"committee"}
GENERATORS = {"admin", "lead"}
DASHBOARD_READERS = {"admin", "lead", "board"}


def report_runs(world) -> tuple[ReportRun, ReportRun]:
    """A published (ready) run with its files, and a failed one."""
    cached = getattr(world, "_report_runs", None)
    if cached is None:
        lead = world.people["lead"]
        done = ReportRun(
            year=world.year, quarter=1, version=1, requested_by=lead, status=RunStatus.DONE
        )
        done.snapshot = {"changes": [], "compared_with": ""}
        done.pdf.save("matrix.pdf", ContentFile(b"%PDF-1.7 matrix"), save=False)
        done.xlsx.save("matrix.xlsx", ContentFile(b"PK matrix"), save=False)
        done.save()
        failed = ReportRun.objects.create(
            year=world.year,
            quarter=1,
            version=2,
            requested_by=lead,
            status=RunStatus.FAILED,
            error="The job stopped without finishing",
        )
        cached = world._report_runs = (done, failed)
    return cached


def committee_downloads(world) -> tuple[ReportRun, ReportRun]:
    """The committee member's own ready tracker download, and a failed register download."""
    cached = getattr(world, "_committee_downloads", None)
    if cached is None:
        member = world.people["committee"]
        done = ReportRun(
            kind=ReportKind.TRACKER_PDF,
            requested_by=member,
            status=RunStatus.DONE,
            snapshot={"kind": "tracker", "rows": []},
        )
        done.save()
        done.pdf.save("tracker.pdf", ContentFile(b"%PDF-1.7 matrix"), save=True)
        failed = ReportRun.objects.create(
            kind=ReportKind.REGISTER_XLSX,
            register=build_risk_world(world).parks,
            filters="include=all",
            requested_by=member,
            status=RunStatus.FAILED,
            error="The job stopped without finishing",
        )
        cached = world._committee_downloads = (done, failed)
    return cached


def urls(world) -> dict[str, str]:
    build_audit_world(world)
    r = build_risk_world(world)
    done, failed = report_runs(world)
    download, failed_download = committee_downloads(world)
    return {
        "tracker-xlsx": reverse("reporting:tracker-xlsx"),
        "tracker-pdf": reverse("reporting:tracker-pdf"),
        "register-xlsx": reverse("reporting:register-xlsx", args=[r.parks.pk]),
        "register-pdf": reverse("reporting:register-pdf", args=[r.parks.pk]),
        "report-list": reverse("reporting:report-list"),
        "chaser": reverse("reporting:chaser"),
        "chaser-preview": f"{reverse('reporting:chaser')}?year={world.year.pk}&quarter=3",
        "chaser-send": reverse("reporting:chaser-send"),
        "chaser-values": reverse("reporting:chaser-values"),
        "chaser-values-preview": f"{reverse('reporting:chaser-values')}?month=2026-04",
        "chaser-values-send": reverse("reporting:chaser-values-send"),
        "report-generate": reverse("reporting:report-generate"),
        "run-detail": reverse("reporting:run-detail", args=[done.pk]),
        "run-progress": reverse("reporting:run-progress", args=[done.pk]),
        "run-pdf": reverse("reporting:run-pdf", args=[done.pk]),
        "run-xlsx": reverse("reporting:run-xlsx", args=[done.pk]),
        "run-retry": reverse("reporting:run-retry", args=[failed.pk]),
        "dashboard": reverse("reporting:dashboard"),
        "dashboard-actions": reverse("reporting:dashboard-actions") + "?rag=red",
        "download-list": reverse("reporting:download-list"),
        "download-detail": reverse("reporting:run-detail", args=[download.pk]),
        "download-progress": reverse("reporting:run-progress", args=[download.pk]),
        "download-file": reverse("reporting:run-download", args=[download.pk]),
        "download-retry": reverse("reporting:run-retry", args=[failed_download.pk]),
    }


MATRIX = {
    "tracker-xlsx": allowed(DOWNLOADERS, 403),
    "tracker-pdf": allowed(DOWNLOADERS, 403),
    # Parks' own people read the register but do not download it; others are not told it exists.
    "register-xlsx": expect(
        404, **dict.fromkeys(DOWNLOADERS, 200), **dict.fromkeys(PARKS_PEOPLE, 403)
    ),
    "register-pdf": expect(
        404, **dict.fromkeys(DOWNLOADERS, 200), **dict.fromkeys(PARKS_PEOPLE, 403)
    ),
    # Everyone with access reads and downloads published reports; only performance leads
    # and administrators generate them or try a failed one again.
    "report-list": allowed(REPORT_READERS, 403),
    "report-generate": allowed(GENERATORS, 403),
    "run-detail": allowed(REPORT_READERS, 403),
    "run-progress": allowed(REPORT_READERS, 403),
    "run-pdf": allowed(REPORT_READERS, 403),
    "run-xlsx": allowed(REPORT_READERS, 403),
    "run-retry": allowed(GENERATORS, 403),
    # The Management Board's dashboard and the lists behind its counts: Board members,
    # performance leads and administrators.
    "dashboard": allowed(DASHBOARD_READERS, 403),
    "dashboard-actions": allowed(DASHBOARD_READERS, 403),
    # A committee download is its requester's own (here the committee member's): other
    # report readers are not told it exists; everyone else is refused as for reports.
    "download-list": allowed(REPORT_READERS, 403),
    "download-detail": expect(403, **dict.fromkeys(SEES_ALL, 404), committee=200),
    "download-progress": expect(403, **dict.fromkeys(SEES_ALL, 404), committee=200),
    "download-file": expect(403, **dict.fromkeys(SEES_ALL, 404), committee=200),
    "download-retry": expect(403, **dict.fromkeys(SEES_ALL, 404), committee=200),
    # Performance leads (and administrators) chase missing updates; nobody else.
    "chaser": allowed({"admin", "lead"}, 403),
    "chaser-preview": allowed({"admin", "lead"}, 403),
    "chaser-send": expect(405, anon=405),
    "chaser-values": allowed({"admin", "lead"}, 403),
    "chaser-values-preview": allowed({"admin", "lead"}, 403),
    "chaser-values-send": expect(405, anon=405),
}


LISTINGS = ["dashboard-actions", "dashboard-actions-other-directorate"]


def listings(world) -> dict[str, Listing]:
    orphans_everywhere(world)
    drill_down = reverse("reporting:dashboard-actions")
    communities = world.other_service.directorate_id
    return {
        "dashboard-actions": Listing(drill_down, ACTIONS, count=drill_down_total),
        "dashboard-actions-other-directorate": Listing(
            f"{drill_down}?directorate={communities}", ACTIONS, count=drill_down_total
        ),
    }


def drill_down_total(response) -> int:
    return len(response.context["result"]["rows"])
