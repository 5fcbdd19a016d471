"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live server.

Chromium comes from the system (`apt-get install chromium`), not from `playwright install`.
GT_CHROMIUM points at another binary (default /usr/bin/chromium). Without Chromium or the
Playwright packages these tests are skipped with the reason; REQUIRE_BROWSER=1 (as in CI)
turns that skip into a failure.

Every page a test opens comes from the `page` or `open_page` fixture and is watched: each
document it loads must have been checked with axe (the steps in steps.py do this after
every navigation), and no JavaScript error, console error, Content-Security-Policy
violation or broken asset is allowed.
"""

import importlib.util
import os
from pathlib import Path

import pytest

from .steps import PageGuard

HERE = Path(__file__).parent
STYLESHEET = HERE.parent.parent / "build" / "css" / "golden-thread.css"
CHROMIUM = os.environ.get("GT_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_FAILED = pytest.StashKey[bool]()


def browser_missing() -> str | None:
    """Why browser tests cannot run here, or None when they can."""
    for package in ("playwright", "pytest_playwright", "axe_playwright_python"):
        if importlib.util.find_spec(package) is None:
            return f"{package} is not installed: make setup (or pip install -r requirements.lock)"
    if not os.access(CHROMIUM, os.X_OK):
        return f"Chromium not installed at {CHROMIUM}: apt-get install chromium"
    return None


def _in_this_directory(item: pytest.Item) -> bool:
    return HERE in item.path.parents


def pytest_collection_modifyitems(config, items):
    missing = browser_missing()
    required = os.environ.get("REQUIRE_BROWSER") == "1"
    for item in items:
        if not _in_this_directory(item):
            continue
        item.add_marker(pytest.mark.browser)
        if missing and not required:
            item.add_marker(pytest.mark.skip(reason=missing))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Fail before any fixture tries to launch a browser that is not there.
    if os.environ.get("REQUIRE_BROWSER") == "1" and (missing := browser_missing()):
        pytest.fail(f"REQUIRE_BROWSER=1 but {missing}")


def pytest_terminal_summary(terminalreporter):
    # pytest counts a failure before the test body as an error and does not repeat its
    # message in the summary: say once, at the end, why the browser tests did not run.
    if os.environ.get("REQUIRE_BROWSER") == "1" and (missing := browser_missing()):
        terminalreporter.write_sep("=", "browser tests could not run", red=True)
        terminalreporter.write_line(f"REQUIRE_BROWSER=1 but {missing}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[_FAILED] = report.failed
    return report


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {"executable_path": CHROMIUM, "args": LAUNCH_ARGS}


@pytest.fixture
def demo_council(transactional_db):
    """The small demo council, built afresh for each test (the live server needs committed
    rows, and transactional tests empty the database afterwards). About a second."""
    from planning.demo import demo_council_seed

    return demo_council_seed(scale="small")


@pytest.fixture
def open_page(new_context, live_server, request):
    """Opens a watched page on the live server: `open_page(javascript=False)` for a browser
    with JavaScript switched off."""
    assert STYLESHEET.exists(), f"{STYLESHEET} is missing: run npm run build (or make setup)"
    guards: list[PageGuard] = []

    def open_(*, javascript: bool = True):
        context = new_context(java_script_enabled=javascript, base_url=live_server.url)
        guard = PageGuard(context.new_page(), javascript=javascript)
        guards.append(guard)
        return guard.page

    yield open_
    problems = [problem for guard in guards for problem in guard.report()]
    for guard in guards:
        guard.close()
    # After a failed test the unchecked page is usually the one it failed on: say nothing more.
    if problems and not request.node.stash.get(_FAILED, False):
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.fixture
def page(open_page):
    """pytest-playwright's page, watched by a PageGuard, with the live server as base URL."""
    return open_page()


# The test OpenID Connect provider and single sign-on with it (tests/sso_provider.py).
from tests.sso_provider import oidc_provider, sso  # noqa: E402, F401
