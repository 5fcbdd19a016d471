"""scripts/backup and scripts/restore: a demo council is backed up (database and files),
restored into a new empty database and files folder, and the app serves it from there."""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from planning.models import Person, Service
from tests.reporting.test_job_service import MUST_RUN, _database_url

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent

SERVE = """
from django.test import Client
from planning.models import Person
client = Client()
client.force_login(Person.objects.get(username={username!r}))
response = client.get("/")
print("STATUS", response.status_code)
print(response.content.decode())
"""


def _admin(sql: str) -> None:
    db = connection.settings_dict
    conn = psycopg2.connect(
        dbname="postgres",
        user=db["USER"] or "postgres",
        password=db["PASSWORD"] or None,
        host=db["HOST"],
        port=db["PORT"] or 5432,
    )
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql)
    finally:
        conn.close()


@pytest.fixture
def empty_database():
    if connection.vendor != "postgresql":
        if MUST_RUN:
            pytest.fail("The backup test needs PostgreSQL (set DATABASE_URL)")
        pytest.skip("The backup test needs PostgreSQL: set DATABASE_URL")
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are not installed")
    name = f"gt_restored_{uuid.uuid4().hex[:8]}"
    _admin(f'CREATE DATABASE "{name}"')
    url = _database_url().rsplit("/", 1)[0] + f"/{name}"
    yield url
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(script: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / "scripts" / script), *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_backup_restores_into_an_empty_database_and_the_app_serves_it(
    empty_database, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", "--scale", "small", verbosity=0)
    default_storage.save("evidence/board-minutes.txt", ContentFile(b"Minutes of the Board"))
    person = Person.objects.get(username="head")  # the demo's head of service
    services = list(Service.objects.values_list("name", flat=True))

    backup = run(
        "backup",
        str(tmp_path / "backups"),
        DATABASE_URL=_database_url(),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    assert backup.returncode == 0, backup.stderr
    (folder,) = (tmp_path / "backups").iterdir()
    assert {p.name for p in folder.iterdir()} == {"database.dump", "media.tar.gz", "SHA256SUMS"}

    restored_media = tmp_path / "restored-media"
    restore = run(
        "restore", str(folder), DATABASE_URL=empty_database, MEDIA_ROOT=str(restored_media)
    )
    assert restore.returncode == 0, restore.stderr
    assert (restored_media / "evidence" / "board-minutes.txt").read_bytes() == (
        b"Minutes of the Board"
    )

    again = run("restore", str(folder), DATABASE_URL=empty_database, MEDIA_ROOT=str(tmp_path))
    assert again.returncode != 0
    assert "restore into an empty one" in again.stderr

    served = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-v",
            "0",
            "-c",
            SERVE.format(username=person.username),
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": empty_database,
            "MEDIA_ROOT": str(restored_media),
            "ALLOW_PLAIN_HTTP": "1",
            "REDIS_URL": "",
            "CACHE_URL": "",
            "PAGE_CACHE": "0",
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert served.returncode == 0, served.stderr
    _, _, answer = served.stdout.partition("STATUS ")
    status, _, html = answer.partition("\n")
    assert status == "200", served.stdout[-2000:]
    assert person.get_full_name() in html, html[:2000]
    assert any(name in html for name in services), html[:2000]


def test_a_tampered_backup_is_refused(tmp_path):
    folder = tmp_path / "golden-thread-x"
    folder.mkdir()
    (folder / "database.dump").write_bytes(b"dump")
    (folder / "media.tar.gz").write_bytes(b"files")
    (folder / "SHA256SUMS").write_text(
        "0" * 64 + "  database.dump\n" + "0" * 64 + "  media.tar.gz\n"
    )
    result = run("restore", str(folder), DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    assert result.returncode != 0
    assert "does not match its SHA256SUMS" in result.stderr
