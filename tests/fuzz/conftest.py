"""The fuzz tests' user sessions and the forms and parameters found on the pages."""

import pytest

from tests.fuzz.kit import Run, discover, matrix_urls, tracked_tables


@pytest.fixture
def run(client, world):
    return Run(client, world.people, tracked_tables())


@pytest.fixture
def found(run, world):
    return discover(run, matrix_urls(world))
