"""The main pages of the deployed site, signed in and not: no console error, which is where
Content-Security-Policy violations and failed static files show, and a 200 answer.

The pages are the registry's (tests/url_registry.py) that need no arguments or rows made for
them; tests/browser/test_page_tour.py tours them all with axe under development settings.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from tests.browser.support import DESKTOP, PHONE, fill_login_form
from tests.production.conftest import PASSWORD
from tests.url_registry import OWNER, ROUTES, VISITOR

PAGES = [
    (route.label, route.name, who)
    for route in ROUTES
    for who in route.tour_as
    if route.kwargs is None and route.setup is None and not route.query and not route.variant
]


def watch(page: Page) -> list[str]:
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"uncaught exception: {error}"))
    page.on(
        "response",
        lambda r: problems.append(f"HTTP {r.status} for {r.url}") if r.status >= 400 else None,
    )
    return problems


@pytest.fixture(scope="module")
def tour_pages(browser, base_url, people):
    """A visitor's page and a signed-in person's, at phone and desktop size."""
    email = people.pop()
    made = {}
    for viewport in (PHONE, DESKTOP):
        for who in (VISITOR, OWNER):
            context = browser.new_context(
                base_url=base_url, ignore_https_errors=True, **viewport.context_args()
            )
            page = context.new_page()
            if who == OWNER:
                page.goto(reverse("login"))
                fill_login_form(page, email, PASSWORD)
                page.wait_for_url(f"**{reverse('journal:today')}")
            made[viewport.name, who] = (page, watch(page))
    yield made
    for page, _ in made.values():
        page.context.close()


def test_the_tour_has_pages():
    assert len(PAGES) >= 10, PAGES


@pytest.mark.parametrize(("label", "name", "who"), PAGES, ids=[f"{p[0]}-as-{p[2]}" for p in PAGES])
def test_page_loads_without_console_errors(tour_pages, label, name, who):
    problems = []
    for viewport in (PHONE, DESKTOP):
        page, seen = tour_pages[viewport.name, who]
        seen.clear()
        response = page.goto(reverse(name))
        page.wait_for_load_state("load")
        if not response.ok:
            problems.append(f"{viewport.name}: HTTP {response.status}")
        problems += [f"{viewport.name}: {problem}" for problem in seen]
    assert not problems, f"{label} as {who}:\n" + "\n".join(problems)
