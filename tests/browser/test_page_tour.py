"""Every registered page, at phone and desktop size, light and dark: accessible and error-free.

The pages come from tests/url_registry.py (each route's ``tour_as``), so a page is toured as
soon as it is registered. Each is loaded once per screen size and checked in light and dark,
the scheme switched on the loaded page: axe-core finds no WCAG 2.2 AA violation, the console
shows no error (Content-Security-Policy violations are reported there), and a full-page
screenshot goes to test-artifacts/screenshots/ for people to look at. The Nu HTML checker then
validates the HTML of all pages as the server sent it (kept from the tour's loads), in one run.
"""

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from tests.browser.support import (
    COLOR_SCHEMES,
    DESKTOP,
    PHONE,
    REPO_ROOT,
    VIEWPORTS,
    file_name_for,
    require,
    screenshot_path,
    session_cookie,
    sign_in,
)
from tests.url_registry import OWNER, ROUTES, VISITOR
from tests.urlconf import url_for

AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_SOURCE = AXE_SCRIPT.read_text() if AXE_SCRIPT.is_file() else ""
VNU_JAR = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_22_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
INSTALL_VALIDATORS = "`make test` installs it (npm ci --ignore-scripts)."
TOUR_STOPS = [(route, who) for route in ROUTES for who in route.tour_as]
# Markup checks: what the server's HTML, CSS and scripts do in a browser, whatever database is
# behind them. With browser tests on several workers (Makefile BROWSER_WORKERS, --dist
# loadgroup) the whole tour runs on one, so that the HTML check finds the tour's loads.
pytestmark = [pytest.mark.markup, pytest.mark.xdist_group("page_tour")]
# The tour's screenshots are for people to look at; CI keeps none, so it takes none.
TAKE_SCREENSHOTS = os.environ.get("CI") != "true"
# The screen size whose loads the HTML check validates.
HTML_CHECK_VIEWPORT = DESKTOP


def require_axe() -> None:
    require(AXE_SCRIPT.is_file(), f"axe-core ({AXE_SCRIPT})", INSTALL_VALIDATORS)


def require_nu_checker() -> None:
    require(
        shutil.which("java"),
        "Java (for the Nu HTML checker)",
        "Install it with: sudo apt-get install --no-install-recommends openjdk-17-jre-headless.",
    )
    require(VNU_JAR.is_file(), f"The Nu HTML checker ({VNU_JAR})", INSTALL_VALIDATORS)


def url_of(route, owner) -> str:
    """The page's URL; builds what the page shows (url_for may create rows), so call it once.

    Password-reset tokens are built from the owner's last login, which signing in changes:
    the owner is read afresh first.
    """
    owner.refresh_from_db()
    return url_for(route, owner)


def session_for(who: str, owner, server_url: str) -> dict | None:
    """A browser state holding a session of the owner's, for pages seen as the owner.

    The session is started on the server (signing in is not what the tour looks at; the
    account flow tests sign in through the form).
    """
    if who == VISITOR:
        return None
    cookie = {**session_cookie(owner), "domain": urlsplit(server_url).hostname, "path": "/"}
    return {"cookies": [{**cookie, "expires": -1, "secure": False}], "origins": []}


def session_exists(session: dict | None) -> bool:
    """Whether the server still has the session this browser state was given."""
    from django.conf import settings
    from django.contrib.sessions.backends.base import SessionBase
    from django.utils.module_loading import import_string

    if not session:
        return False
    store: type[SessionBase] = import_string(settings.SESSION_ENGINE + ".SessionStore")
    key = next(c["value"] for c in session["cookies"] if c["name"] == settings.SESSION_COOKIE_NAME)
    return store().exists(key)


def watch_console(page: Page) -> list[str]:
    """Collects console errors (CSP violations among them) and uncaught exceptions."""
    errors = []
    page.on(
        "console",
        lambda message: (
            errors.append(f"console error: {message.text}") if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(f"uncaught exception: {error}"))
    return errors


def describe_violation(violation: dict) -> str:
    places = "; ".join(
        f"{' '.join(map(str, node['target']))} ({' '.join(node['failureSummary'].split())})"
        for node in violation["nodes"][:5]
    )
    return f"axe {violation['id']} [{violation['impact']}]: {violation['help']}. At: {places}"


def axe_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.2 AA violations on the page as it is now.

    axe is evaluated through the browser's DevTools protocol, which a page's CSP does not
    govern (a script tag would be blocked, rightly), so it runs on the page as people get it;
    once per page load (a second scheme's scan reuses it). Every rule runs and every violating
    node is reported; ``resultTypes`` only stops axe listing every node that passed (one per
    rule is kept), which was half of a scan's time.
    """
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    results = page.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
        })""",
        WCAG_22_AA_TAGS,
    )
    # A scan that passed nothing did not look at the page at all.
    assert results["passes"], f"axe checked nothing on {page.url}"
    return [describe_violation(violation) for violation in results["violations"]]


@dataclass(frozen=True)
class ServedPage:
    """A page as the server sent it (for the Nu HTML checker) and its count of h1 elements."""

    html: str
    h1_count: int


# The HTML of each tour stop, kept from the tour's desktop load, so that the HTML check below
# validates it without loading the page again. A stop the tour has not visited in this process
# (the check run alone, or the tour's pages on another xdist worker) is loaded by the check.
SERVED: dict[tuple[str, str], ServedPage] = {}


class PageTour:
    """Visits pages at one screen size, in each colour scheme, under the site's real CSP.

    One browser context per screen size, made once per module and reused for every page (a
    context's first page and first axe run cost several times a warm one). Each page's visit
    starts by clearing the cookies and setting the visitor's or owner's session, then loads the
    page once: its status is read, then for each colour scheme, switched on the loaded page as
    a person's system setting would switch it (no reload), the page is photographed and axe
    scans it, and the console errors (CSP violations among them) so far are read.
    """

    def __init__(self, browser, base_url, viewport):
        self.page = browser.new_context(base_url=base_url, **viewport.context_args()).new_page()
        self.console_errors = watch_console(self.page)
        self.signed_in = False

    def sign_in_as(self, session: dict | None) -> None:
        """The visitor (no cookies) or the owner's session.

        The last page is left first, so that none of its requests (made with the previous
        test's session, now gone) can come back after the switch: Django answers a request
        whose session no longer exists by deleting the session cookie, which would delete
        the new one."""
        self.signed_in = session is not None
        self.session = session
        self.page.goto("about:blank")
        self.page.context.clear_cookies()
        if session:
            self.page.context.add_cookies(session["cookies"])

    def lost_the_session_cookie(self) -> bool:
        """Whether the browser no longer holds the session cookie this stop was given.

        A request still in flight from an earlier stop (a poll, a worker's fetch) carries that
        stop's session, which the database no longer has; Django answers it by deleting the
        session cookie, and the browser deletes ours, which has the same name. The server
        deletes a cookie only for a session it does not have, so a lost cookie whose session
        the server still has is the tour's doing, never the page's.
        """
        given = {cookie["name"]: cookie["value"] for cookie in self.session["cookies"]}
        held = {cookie["name"]: cookie["value"] for cookie in self.page.context.cookies()}
        return any(held.get(name) != value for name, value in given.items())

    def visit(self, url: str, screenshots: dict[str, Path]) -> tuple[dict[str, list[str]], str]:
        """Loads the page once and checks it in each scheme; the problems by scheme, and the
        page's HTML as the server sent it."""
        self.console_errors.clear()
        self.page.emulate_media(color_scheme=COLOR_SCHEMES[0])
        response = self.page.goto(url)
        if self.sent_to_login() and self.lost_the_session_cookie() and session_exists(self.session):
            # An earlier stop's late answer deleted this stop's cookie: give it back, load again.
            self.page.context.add_cookies(self.session["cookies"])
            response = self.page.goto(url)
        problems = {scheme: [] for scheme in COLOR_SCHEMES}
        first = problems[COLOR_SCHEMES[0]]
        if not response.ok:
            first.append(f"HTTP {response.status} for {url}")
        if self.sent_to_login():
            first.append(f"{url} sent the signed-in owner to the login page")
        self.wait_for_service_worker()
        for scheme in COLOR_SCHEMES:
            self.page.emulate_media(color_scheme=scheme)
            if TAKE_SCREENSHOTS:
                self.page.screenshot(path=screenshots[scheme], full_page=True)
            problems[scheme] += axe_violations(self.page)
            # Errors from the load, or from what switching to this scheme fetched or ran.
            problems[scheme] += self.console_errors
            self.console_errors.clear()
        return problems, response.text()

    def sent_to_login(self) -> bool:
        return self.signed_in and urlsplit(self.page.url).path == reverse("login")

    def wait_for_service_worker(self) -> None:
        """Lets a signed-in page's service worker finish installing before the tour goes on.

        Installing fetches Today with the cookies of that moment. Left running into the next
        stop, its answer (for a session the next test no longer has) would come back after the
        switch and delete the new session cookie, sending that page to the login page.
        """
        self.page.evaluate(
            """() => {
                if (!document.body.dataset.serviceWorker || !navigator.serviceWorker) return true;
                const gaveUp = new Promise((done) => setTimeout(() => done(false), 10000));
                return Promise.race([navigator.serviceWorker.ready.then(() => true), gaveUp]);
            }"""
        )

    def h1_count(self) -> int:
        return self.page.locator("h1").count()

    def close(self):
        self.page.context.close()


@pytest.fixture(scope="module")
def tours(browser, live_server):
    """One PageTour per viewport, shared by the module's page visits."""
    made = {viewport.name: PageTour(browser, live_server.url, viewport) for viewport in VIEWPORTS}
    yield made
    for tour in made.values():
        tour.close()


@pytest.mark.parametrize(
    ("route", "who"),
    [pytest.param(route, who, id=f"{route.label}-as-{who}") for route, who in TOUR_STOPS],
)
def test_page_is_accessible_and_error_free(
    route, who, owner, tours, record_tour_check, live_server
):
    require_axe()
    session = session_for(who, owner, live_server.url)
    url = url_of(route, owner)
    problems = []
    for viewport in VIEWPORTS:
        tour = tours[viewport.name]
        tour.sign_in_as(session)
        screenshots = {
            scheme: screenshot_path(route.label, who, viewport, scheme) for scheme in COLOR_SCHEMES
        }
        found, html = tour.visit(url, screenshots)
        for scheme in COLOR_SCHEMES:
            problems += [f"{viewport.name}, {scheme}: {problem}" for problem in found[scheme]]
            record_tour_check(route.label, who, viewport, scheme)
        if viewport == HTML_CHECK_VIEWPORT:
            SERVED[route.label, who] = ServedPage(html, tour.h1_count())

    assert not problems, f"{route.label} as {who}:\n" + "\n".join(problems)


def test_the_tour_has_pages_to_visit():
    # An empty registry would make the tour pass without looking at anything.
    combinations = len(TOUR_STOPS) * len(VIEWPORTS) * len(COLOR_SCHEMES)
    assert combinations > 0, "No route in tests/url_registry.py has tour_as: nothing to check."


def test_the_console_watch_catches_a_csp_violation(browse):
    """The tour's "no console errors" is only worth something if CSP violations show there."""
    page = browse(PHONE).new_page()
    page.route(
        "**/csp-probe/",
        lambda route: route.fulfill(
            content_type="text/html",
            headers={"Content-Security-Policy": "script-src 'self'"},
            body="<!doctype html><title>Probe</title><script>document.title = 'ran'</script>",
        ),
    )
    errors = watch_console(page)

    page.goto("/csp-probe/")

    assert page.title() == "Probe"
    assert any("Content Security Policy" in error for error in errors), errors


def test_the_axe_scan_finds_what_breaks_in_one_scheme_only(browse):
    """The tour scans each scheme on one load: the scan must see the switched scheme's colours,
    and report every failing node, not only the first (it lists no passing ones)."""
    page = browse(PHONE).new_page()
    page.route(
        "**/axe-probe/",
        lambda route: route.fulfill(
            content_type="text/html",
            body=(
                "<!doctype html><html lang='en'><title>Probe</title>"
                "<style>@media (prefers-color-scheme: dark) {"
                " body { background: #222 } p { color: #333 } }</style>"
                "<main><h1>Probe</h1><p>First</p><p>Second</p>"
                "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='></main></html>"
            ),
        ),
    )
    page.goto("/axe-probe/")

    page.emulate_media(color_scheme="light")
    light = axe_violations(page)
    page.emulate_media(color_scheme="dark")
    dark = axe_violations(page)

    assert [v for v in light if v.startswith("axe image-alt")], light
    assert not [v for v in light if v.startswith("axe color-contrast")], light
    contrast = [v for v in dark if v.startswith("axe color-contrast")]
    assert contrast and "p:nth-child(2)" in contrast[0] and "p:nth-child(3)" in contrast[0], dark


def describe_nu_message(message: dict) -> str:
    file_name = Path(urlsplit(message.get("url", "")).path).name
    extract = " ".join(message.get("extract", "").split())
    return f"{file_name}:{message.get('lastLine', '?')}: {message['message']} [{extract}]"


def nu_html_errors(files: list[Path]) -> list[str]:
    """Runs the Nu HTML checker once over all files: each start of Java costs seconds."""
    command = ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout"]
    result = subprocess.run(
        [*command, *map(str, files)], capture_output=True, text=True, timeout=300, check=False
    )
    try:
        messages = json.loads(result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(
            f"The Nu HTML checker gave no report (exit {result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}"
        )
    errors = [
        describe_nu_message(message)
        for message in messages
        if message["type"] in ("error", "non-document-error")
    ]
    if result.returncode and not messages:
        pytest.fail(f"The Nu HTML checker failed (exit {result.returncode}):\n{result.stderr}")
    return errors


def served_page(page: Page, route, who: str, owner) -> ServedPage:
    """Loads a tour stop the tour has not kept, for the HTML check."""
    response = page.goto(url_of(route, owner))
    assert response.ok, f"{route.label} as {who}: HTTP {response.status}"
    return ServedPage(response.text(), page.locator("h1").count())


@pytest.mark.after_tour
def test_every_page_is_valid_html(owner, browse, tmp_path):
    """Every tour stop's HTML as the server sent it (not the DOM after scripts and parser
    repairs) is valid, and has one h1. The pages the tour loaded are not loaded again."""
    require_nu_checker()
    pages = {}

    def page_for(who: str) -> Page:
        if who not in pages:
            pages[who] = browse(HTML_CHECK_VIEWPORT).new_page()
            if who == OWNER:
                sign_in(pages[who], owner)
        return pages[who]

    files, headings = [], []
    for route, who in TOUR_STOPS:
        served = SERVED.get((route.label, who)) or served_page(page_for(who), route, who, owner)
        file = tmp_path / f"{file_name_for(route.label)}-as-{who}.html"
        file.write_text(served.html, encoding="utf-8")
        files.append(file)
        if served.h1_count != 1:
            headings.append(f"{route.label} as {who}: {served.h1_count} h1 elements")

    assert not headings, f"Every page needs exactly one h1: {headings}"
    assert files, "No route in tests/url_registry.py has tour_as: nothing to validate."
    errors = nu_html_errors(files)
    assert not errors, (
        f"The Nu HTML checker found {len(errors)} errors in {len(files)} pages:\n"
        + "\n".join(errors)
    )
