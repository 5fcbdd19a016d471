"""The permission matrix: every URL × every role, with the status each must get.

404 means out of reach (not told it exists), 403 seen but not allowed, 302 to sign in for
anonymous visitors. Each app lists its rows in tests/<app>/permission_rows.py; every new URL
gets a row there, and the last test here fails when one is missing.
"""

from importlib import import_module, util
from urllib.parse import urlsplit

import pytest
from django.urls import resolve

APPS = ("planning", "performance", "risk", "audit", "reporting")


def row_modules():
    for app in APPS:
        name = f"tests.{app}.permission_rows"
        if util.find_spec(f"tests.{app}") and util.find_spec(name):
            yield app, import_module(name)


CASES = [
    (app, name, persona, status)
    for app, module in row_modules()
    for name, row in module.MATRIX.items()
    for persona, status in row.items()
]


@pytest.mark.django_db
@pytest.mark.parametrize(("app", "name", "persona", "status"), CASES)
def test_permission_matrix(client_for, world, app, name, persona, status):
    module = import_module(f"tests.{app}.permission_rows")
    response = client_for(persona).get(module.urls(world)[name])
    assert response.status_code == status, (
        f"{persona or 'anonymous'} on {name}: got {response.status_code}, expected {status}"
    )


@pytest.mark.django_db
def test_matrix_covers_every_url_of_our_apps(world):
    named, covered = set(), set()
    for app in APPS:
        if util.find_spec(f"{app}.urls"):
            module = import_module(f"{app}.urls")
            named |= {f"{module.app_name}:{p.name}" for p in module.urlpatterns if p.name}
    for _app, module in row_modules():
        urls = module.urls(world)
        covered |= {resolve(urlsplit(urls[name]).path).view_name for name in module.MATRIX}
    assert named <= covered, f"URLs missing from the permission matrix: {named - covered}"
