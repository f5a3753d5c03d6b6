"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

Every test here gets the live server and a transactional database (see ``_live_database``), so
rows that factories create are committed and visible to the server thread. Pages are opened
with ``browse(viewport, color_scheme)``; helpers live in tests/browser/support.py.
"""

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from tests.browser.support import PHONE, TOUR_CHECKS, Viewport, featured_banana, require

BROWSER_TESTS = Path(__file__).resolve().parent

# Without the networking flags Chromium keeps calling Google services and floods the closed
# network with refused connections. /dev/shm is small in many containers, hence the last one.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


def _is_browser_test(item) -> bool:
    return item.path.is_relative_to(BROWSER_TESTS)


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items):
    # Before the other plugins: `-m browser` selection reads this marker.
    for item in items:
        if _is_browser_test(item):
            item.add_marker(pytest.mark.browser)
    result = yield
    # After them (pytest-django puts the database tests in its order): the slow browser tests
    # go last, which _orm_beside_playwright relies on, and the HTML check after the page tour,
    # whose loads it reuses. The sort is stable: every other order stays as it was.
    items.sort(key=lambda item: (_is_browser_test(item), _runs_after_the_tour(item)))
    return result


def _runs_after_the_tour(item) -> bool:
    return item.get_closest_marker("after_tour") is not None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launches Debian's Chromium: Playwright must never download a browser of its own."""
    chromium = shutil.which("chromium")
    require(
        chromium,
        "Chromium",
        "`make test` installs Debian's package when run as root; otherwise: "
        "sudo apt-get install --no-install-recommends chromium",
    )
    return {**browser_type_launch_args, "executable_path": chromium, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server):
    """Relative URLs in page.goto() go to the live server."""
    return live_server.url


@pytest.fixture(scope="session", autouse=True)
def _orm_beside_playwright():
    """Lets the test thread use Django's ORM while Playwright is running.

    Sync Playwright keeps an asyncio event loop running in the main thread from its first use
    to the end of the session, and Django refuses ORM calls from a thread with a running loop.
    Here they are safe: the test code is synchronous, and the live server answers from its
    own thread with its own database connection. Set from the first browser test on, not at
    import: subprocesses of other tests inherit the environment, and Django's deployment
    check rejects the variable (async.E001).
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _live_database(transactional_db, live_server):
    """The live server reads the database through its own connection, in its own thread.

    It only sees committed rows: ``transactional_db`` commits what the test creates (and
    empties the tables afterwards), where ``db`` would keep it in a transaction that is
    rolled back and invisible to the server.
    """


@pytest.fixture
def banana(db):
    return featured_banana()


@pytest.fixture
def browse(new_context) -> Callable[..., BrowserContext]:
    """Opens a browser context at a screen size and colour scheme; closed after the test."""

    def open_context(
        viewport: Viewport = PHONE, color_scheme: str = "light", **options
    ) -> BrowserContext:
        return new_context(**viewport.context_args(), color_scheme=color_scheme, **options)

    return open_context


@pytest.fixture
def record_tour_check(pytestconfig) -> Callable[..., None]:
    """Notes one page checked at one viewport and colour scheme, for the end-of-run tally."""
    checks = pytestconfig.stash.setdefault(TOUR_CHECKS, [])

    def record(route_name: str, who: str, viewport: Viewport, color_scheme: str) -> None:
        checks.append((route_name, who, viewport.name, color_scheme))

    return record
