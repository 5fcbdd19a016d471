"""Every workbook Golden Thread hands people opens in LibreOffice (converted headless, as
CI requires): the plan workbook, every import template, the upload templates and the
committee's tracker and register downloads. One conversion takes them all, so the check
costs one start of LibreOffice."""

import os
import shutil
import subprocess

import pytest
from django.urls import reverse

from core.bulk import KINDS
from tests.performance.world import build_performance
from tests.reporting.test_committee_downloads import download

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def soffice_or_skip() -> str:
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("REQUIRE_SOFFICE") == "1":
            pytest.fail("LibreOffice (soffice) is required here (REQUIRE_SOFFICE=1)")
        pytest.skip("LibreOffice (soffice) is not installed here; CI installs it")
    return soffice


def test_libreoffice_opens_every_workbook_people_download(
    tmp_path, client_for, world, audit_world, risk_world
):
    soffice = soffice_or_skip()
    build_performance(world)
    client = client_for("admin")
    urls = {
        "plan": reverse("planning:plan-workbook", args=[world.service_plan.pk]),
        "finance-template": reverse("planning:finance-upload-template"),
        "capital-template": reverse("planning:finance-upload-capital-template"),
        "values-template": reverse(
            "performance:plan-upload-template", args=[world.service_plan.pk]
        ),
    }
    urls |= {
        f"import-{slug}": reverse("planning:import-template", args=[slug, "xlsx"]) for slug in KINDS
    }
    files = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        files[name] = response.content
    files["tracker"] = download(client_for, reverse("reporting:tracker-xlsx"), persona="admin")
    files["register"] = download(
        client_for,
        reverse("reporting:register-xlsx", args=[risk_world.corporate.pk]),
        persona="admin",
    )
    paths = []
    for name, content in files.items():
        assert content[:2] == b"PK", name
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(content)
        paths.append(str(path))
    out = tmp_path / "out"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            str(out),
            *paths,
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for name in files:
        converted = out / f"{name}.csv"
        assert converted.exists(), f"LibreOffice could not open {name}.xlsx"
        assert converted.read_text(encoding="utf-8", errors="replace").strip(), name
