"""Permission-matrix rows for the "Bring data in" pages (merged into permission_rows)."""

from django.urls import reverse

from planning.models import ImportRun, ImportStatus
from tests.permission_matrix import expect

# Administrators and performance leads import the indicator library, so the library's own
# pages refuse everyone else.
IMPORTERS = expect(403, admin=200, lead=200)
# The list of kinds is open to whoever may import at least one kind: those who keep a risk
# register (their own) and the Board (the council's plans) as well.
ANY_IMPORTER = expect(
    403, admin=200, lead=200, head=200, manager=200, director=200, board=200, other_head=200
)
# A run is its starter's (lead's here) and administrators'; to everyone else it does not exist.
RUN_OWNER = expect(404, admin=200, lead=200)

IMPORT_MATRIX = {
    "import-kinds": ANY_IMPORTER,
    "import-template": IMPORTERS,
    "import-upload": IMPORTERS,
    "import-run": RUN_OWNER,
    "import-run-progress": RUN_OWNER,
    "import-run-save": expect(405, anon=405),
}


def import_urls(world) -> dict[str, str]:
    run, _ = ImportRun.objects.get_or_create(
        token="matrix",
        defaults={
            "kind": "indicator-library",
            "file_name": "library.xlsx",
            "status": ImportStatus.CHECKED,
            "started_by": world.people["lead"],
            "checked": {"rows": [], "counts": {}, "fingerprint": ""},
        },
    )
    kind = "indicator-library"
    return {
        "import-kinds": reverse("planning:import-kinds"),
        "import-template": reverse("planning:import-template", args=[kind, "xlsx"]),
        "import-upload": reverse("planning:import-upload", args=[kind]),
        "import-run": reverse("planning:import-run", args=[run.pk]),
        "import-run-progress": reverse("planning:import-run-progress", args=[run.pk]),
        "import-run-save": reverse("planning:import-run-save", args=[run.pk]),
    }
