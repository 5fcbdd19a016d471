"""The permission matrix: every URL × every role, with the status each must get.

404 means out of reach (not told it exists), 403 seen but not allowed, 302 to sign in for
anonymous visitors. Each app lists its rows in tests/<app>/permission_rows.py; every new URL
gets a row there, and the last test here fails when one is missing.
"""

from importlib import import_module, util
from urllib.parse import urlsplit

import pytest
from django.urls import resolve

from tests.world import PERSONAS

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


LISTING_CASES = [
    (app, name) for app, module in row_modules() for name in getattr(module, "LISTINGS", ())
]


@pytest.mark.django_db
@pytest.mark.parametrize(("app", "name"), LISTING_CASES)
def test_each_list_and_download_shows_every_reader_exactly_the_rows_they_may_open(
    client_for, world, app, name
):
    module = import_module(f"tests.{app}.permission_rows")
    listing = module.listings(world)[name]
    records = list(listing.entity.records())
    everything = _shown(client_for("admin"), listing, records)
    assert everything, f"{name} shows an administrator nothing: the case proves nothing"
    wrong = []
    for persona in PERSONAS:
        shown = _shown(client_for(persona), listing, records)
        if shown is None:
            continue  # refused: who gets in is the matrix's business
        user = world.people[persona]
        expected = {pk for pk in everything if listing.entity.may_open(user, _by_pk(records, pk))}
        if shown != expected:
            wrong.append(f"{persona}: shown {sorted(shown)}, may open {sorted(expected)}")
    assert not wrong, f"{name} ({listing.url}):\n" + "\n".join(wrong)


def _shown(client, listing, records) -> set | None:
    response = client.get(listing.url)
    if response.status_code != 200:
        return None
    text = listing.read(response)
    shown = listing.entity.shown(text, records)
    if listing.count is not None:
        assert listing.count(response) == len(shown), f"{listing.url}: count is not the rows"
    return shown


def _by_pk(records, pk):
    return next(r for r in records if r.pk == pk)
