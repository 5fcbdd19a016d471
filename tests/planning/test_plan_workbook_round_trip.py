"""Every demo council plan exported as a workbook and imported back changes nothing."""

import os

import pytest

from planning.demo import demo_council_seed
from planning.models import ServicePlan
from planning.workbook.export import plan_workbook
from planning.workbook.importing import plan_import_check, read_workbook


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db
def test_every_demo_plan_round_trips_exactly():
    demo_council_seed(scale="small")
    plans = list(ServicePlan.objects.select_related("service", "year"))
    assert plans
    checked = 0
    for plan in plans:
        content = plan_workbook(plan)
        result = plan_import_check(plan=plan, data=read_workbook("plan.xlsx", content))
        assert result.problems == [], plan
        changed = [(row.subject, row.number, row.outcome) for row in result.rows if row.changed]
        assert changed == [], plan
        checked += sum(row.subject != "About" for row in result.rows)
    assert checked > len(plans) * 6  # the themes, actions and milestones were all compared


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
