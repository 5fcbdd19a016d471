"""The files a council deploys with say what the app needs.

docker-compose.yml is read as text (PyYAML is not a dependency), so these checks look for
plain facts in it: each service is there and runs what it should. `docker-compose config -q`
is what checks the file's structure.
"""

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = (ROOT / "docker-compose.yml").read_text()
DOCKERFILE = (ROOT / "Dockerfile").read_text()
ENV_EXAMPLE = (ROOT / ".env.example").read_text()
SETTINGS = (ROOT / "config" / "settings.py").read_text()


def _service(name: str) -> str:
    """The lines of one service in docker-compose.yml, up to the next top-level key or service."""
    match = re.search(rf"^  {name}:\n((?:(?:    .*)?\n)*)", COMPOSE, re.MULTILINE)
    assert match, f"docker-compose.yml has no service {name!r}"
    return match.group(1)


def _settings_env_names() -> set[str]:
    return set(re.findall(r"\benv(?:_bool|_list)?\(\s*\"([A-Z][A-Z0-9_]*)\"", SETTINGS))


def _lock_pins(filename: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / filename).read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, version = line.partition("==")
        assert sep, f"{filename}: {line!r} is not pinned to an exact version"
        pins[_normalise(name)] = version.split(";")[0].strip()
    return pins


def _normalise(requirement: str) -> str:
    name = re.match(r"[A-Za-z0-9._-]+", requirement.strip()).group(0)
    return re.sub(r"[-_.]+", "-", name).lower()


@pytest.mark.parametrize("service", ["web", "worker", "beat", "postgres", "redis"])
def test_compose_defines_every_service(service):
    assert _service(service)


def test_compose_has_no_top_level_name_which_older_docker_compose_rejects():
    assert not re.search(r"^name:", COMPOSE, re.MULTILINE)


def test_web_runs_migrations_then_gunicorn_with_its_config_file():
    web = _service("web")
    assert web.index("manage.py migrate") < web.index("gunicorn config.wsgi -c config/gunicorn.py")
    assert '"gunicorn", "config.wsgi", "-c", "config/gunicorn.py"' in DOCKERFILE


def _gunicorn_config(**env) -> dict[str, str]:
    """The settings gunicorn itself resolves from config/gunicorn.py (with `env` set)."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.py"]
        + ["--print-config", "config.wsgi"],
        cwd=ROOT,
        env=os.environ | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return {
        name.strip(): value.strip()
        for name, _, value in (line.partition("=") for line in result.stdout.splitlines())
        if value
    }


def test_gunicorn_runs_threaded_workers_without_a_control_socket():
    config = _gunicorn_config()
    assert config["worker_class"] == "gthread"
    assert int(config["workers"]) >= 2
    assert int(config["threads"]) >= 2
    assert config["control_socket_disable"] == "True"
    assert config["accesslog"] == "-"


def test_gunicorn_settings_come_from_the_environment():
    config = _gunicorn_config(WEB_WORKERS="5", WEB_THREADS="8", WEB_TIMEOUT="90")
    assert (config["workers"], config["threads"], config["timeout"]) == ("5", "8", "90")


def test_worker_and_beat_run_celery_for_the_config_app():
    assert "celery -A config worker --loglevel=INFO" in _service("worker")
    assert "celery -A config beat" in _service("beat")


@pytest.mark.parametrize(("service", "image"), [("postgres", "postgres:16"), ("redis", "redis:7")])
def test_backing_services_are_pinned_and_health_checked(service, image):
    block = _service(service)
    assert f"image: {image}" in block
    assert "healthcheck:" in block


def test_postgres_keeps_its_data_in_a_volume():
    assert "/var/lib/postgresql/data" in _service("postgres")


def test_app_services_wait_for_healthy_postgres_and_redis_and_read_dot_env():
    assert "env_file: .env" in COMPOSE
    assert COMPOSE.count("condition: service_healthy") >= 2
    for service in ("web", "worker", "beat"):
        assert "<<: *app" in _service(service)


def test_compose_refuses_to_start_without_a_secret_key():
    assert "SECRET_KEY: ${SECRET_KEY:?" in COMPOSE
    assert 'REQUIRE_SECRET_KEY: "1"' in COMPOSE


def test_env_example_documents_every_setting_the_app_reads():
    names = _settings_env_names()
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS"} <= names
    undocumented = {
        name for name in names if not re.search(rf"^#?\s*{name}=", ENV_EXAMPLE, re.MULTILINE)
    }
    assert not undocumented, f".env.example does not document {sorted(undocumented)}"


def test_env_example_is_set_for_production():
    assert re.search(r"^REQUIRE_SECRET_KEY=1$", ENV_EXAMPLE, re.MULTILINE)
    assert re.search(r"^DEBUG=0$", ENV_EXAMPLE, re.MULTILINE)
    assert re.search(r"^SECRET_KEY=$", ENV_EXAMPLE, re.MULTILINE), "no sample secret to copy"


def test_image_builds_the_stylesheet_and_runs_as_a_non_root_user():
    assert "npm run build" in DOCKERFILE
    assert "FROM python:3.13-slim" in DOCKERFILE
    assert "pip install -r requirements-prod.lock" in DOCKERFILE
    assert "libpango-1.0-0" in DOCKERFILE
    users = re.findall(r"^USER\s+(\S+)", DOCKERFILE, re.MULTILINE)
    assert users
    assert users[-1] not in {"root", "0"}


def test_npm_build_script_compiles_the_stylesheet():
    package = json.loads((ROOT / "package.json").read_text())
    assert "build" in package["scripts"]
    assert "sass" in package["dependencies"]


def test_locks_pin_every_dependency_the_project_declares():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = {_normalise(r) for r in project["dependencies"]}
    dev = {_normalise(r) for r in project["optional-dependencies"]["dev"]}
    full, prod = _lock_pins("requirements.lock"), _lock_pins("requirements-prod.lock")

    assert runtime | dev <= full.keys()
    assert runtime <= prod.keys()
    assert not dev & prod.keys(), "development tools do not belong in the image"


def test_production_lock_is_the_runtime_part_of_the_full_lock():
    full, prod = _lock_pins("requirements.lock"), _lock_pins("requirements-prod.lock")
    assert {name: full.get(name) for name in prod} == prod


def test_locks_keep_crispy_forms_gds_on_the_release_that_supports_django_6():
    for lock in ("requirements.lock", "requirements-prod.lock"):
        pins = _lock_pins(lock)
        assert pins["crispy-forms-gds"] == "2.0.1"
        assert pins["django-crispy-forms"] == "2.3"


def test_env_example_keeps_the_site_https_only_behind_the_proxy():
    assert not re.search(r"^ALLOW_PLAIN_HTTP=1", ENV_EXAMPLE, re.MULTILINE)
    assert not re.search(r"^DEBUG=1", ENV_EXAMPLE, re.MULTILINE)
    assert re.search(r"^BEHIND_TLS_PROXY=1$", ENV_EXAMPLE, re.MULTILINE)
