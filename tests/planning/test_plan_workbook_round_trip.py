"""Every demo council plan exported as a workbook and imported back changes nothing: every
sheet, the other apps' too, read back by the administrator (who reads and changes all)."""

import os

import pytest
from django.apps import apps
from django.db.models import Max

from planning.demo import demo_app_seeds, demo_council_seed
from planning.models import Person, ServicePlan
from planning.workbook.export import plan_workbook
from planning.workbook.importing import plan_import_check, plan_import_save, read_workbook
from planning.workbook.layout import all_layouts, imported_sheets


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def database_snapshot() -> dict:
    """Each of our models' rows (the history tables among them) and latest change stamp."""
    snapshot = {}
    for label in ("planning", "performance", "risk", "audit"):
        for model in apps.get_app_config(label).get_models():
            stamp = (
                model.objects.aggregate(latest=Max("updated_at"))["latest"]
                if any(f.name == "updated_at" for f in model._meta.fields)
                else None
            )
            snapshot[model._meta.label] = (model.objects.count(), stamp)
    return snapshot


@pytest.mark.django_db
def test_every_demo_plan_round_trips_exactly():
    demo_council_seed(scale="small")
    demo_app_seeds(scale="small")
    admin = Person.objects.get(username="admin")
    plans = list(ServicePlan.objects.select_related("service", "year"))
    assert plans
    assert imported_sheets() == [layout.name for layout in all_layouts()]
    compared = dict.fromkeys(imported_sheets(), 0)
    before = database_snapshot()
    for plan in plans:
        content = plan_workbook(plan, user=admin)
        result = plan_import_check(plan=plan, data=read_workbook("plan.xlsx", content), user=admin)
        assert result.problems == [], plan
        changed = [(row.subject, row.number, row.outcome) for row in result.rows if row.changed]
        assert changed == [], plan
        assert plan_import_save(plan=plan, entries=result.entries, actor=admin, source="x") == 0
        for row in result.rows:
            compared[row.subject] += 1
    assert database_snapshot() == before
    assert all(compared.values()), compared  # every sheet had rows that were compared


@pytest.mark.slow
@pytest.mark.django_db
def test_libreoffice_opens_an_exported_workbook(tmp_path, world):
    """LibreOffice converts the exported workbook headless (required in CI)."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("REQUIRE_SOFFICE") == "1":
            pytest.fail("LibreOffice (soffice) is required here (REQUIRE_SOFFICE=1)")
        pytest.skip("LibreOffice (soffice) is not installed here; CI installs it")
    path = tmp_path / "plan.xlsx"
    path.write_bytes(plan_workbook(world.service_plan))
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    text = (tmp_path / "plan.csv").read_text(encoding="utf-8", errors="replace")
    assert "Service code" in text
