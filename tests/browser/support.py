"""Helpers for the browser tests: tools from outside Python, screen sizes, signing in."""

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.factories import DEFAULT_PASSWORD, CatalogFoodFactory

REPO_ROOT = Path(__file__).resolve().parents[2]
# Git-ignored; kept after the run so that people can look at the pages.
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"


def require(available, what: str, how: str) -> None:
    """Stops a test that needs a tool from outside Python when the tool is not there.

    In CI a missing tool is a broken build and fails the test; on a developer's machine the
    test is skipped with instructions, so that the Python tests still run.
    """
    if available:
        return
    message = f"{what} is missing, so this browser test cannot run. {how}"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@dataclass(frozen=True)
class Viewport:
    name: str
    width: int
    height: int
    is_mobile: bool

    def context_args(self) -> dict:
        return {
            "viewport": {"width": self.width, "height": self.height},
            "is_mobile": self.is_mobile,
            "has_touch": self.is_mobile,
        }


PHONE = Viewport("phone", 390, 844, is_mobile=True)
DESKTOP = Viewport("desktop", 1280, 800, is_mobile=False)
VIEWPORTS = (PHONE, DESKTOP)
COLOR_SCHEMES = ("light", "dark")


def featured_banana(**fields):
    """A featured banana of the catalog with its minerals and its usual portion."""
    food = CatalogFoodFactory(
        name="Banana", potassium_mg=358, magnesium_mg=27, calcium_mg=5, sodium_mg=1, featured=True,
        **fields,
    )  # fmt: skip
    food.portions.create(label="1 medium", grams=118, is_default=True)
    return food


def fill_login_form(page: Page, email: str, password: str = DEFAULT_PASSWORD) -> None:
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()


def log_in(page: Page, email: str, password: str = DEFAULT_PASSWORD) -> None:
    """Signs in through the real login form, as a person would, and waits for the home page."""
    page.goto(reverse("login"))
    fill_login_form(page, email, password)
    expect(page).to_have_url(path_pattern(reverse(settings.LOGIN_REDIRECT_URL)))


def sign_in(page: Page, user) -> None:
    """Starts a session for ``user`` on the server, as Django's test client does, and opens
    the page people land on after signing in.

    For the tests where signing in is not what is under test: the form costs a page, a post
    and a redirect each time. tests/browser/test_account_flow.py signs in through the form.
    """
    page.goto(reverse("login"))  # the live server's address, for the cookie
    host = urlsplit(page.url).hostname
    page.context.add_cookies([{**session_cookie(user), "domain": host, "path": "/"}])
    page.goto(reverse(settings.LOGIN_REDIRECT_URL))


def session_cookie(user) -> dict:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {"name": cookie.key, "value": cookie.value, "httpOnly": True, "sameSite": "Lax"}


def path_pattern(path: str) -> re.Pattern:
    """Matches a full URL on the live server with exactly this path (and query, if given)."""
    return re.compile(r"^https?://[^/]+" + re.escape(path) + "$")


def file_name_for(route_name: str) -> str:
    # "foods:search" -> "foods.search": colons are not allowed in file names on Windows nor in
    # CI artifact uploads. A variant's slash ("education:page/potassium") becomes a dot too.
    return route_name.replace(":", ".").replace("/", ".")


def screenshot_path(route_name: str, who: str, viewport: Viewport, color_scheme: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{file_name_for(route_name)}-{who}-{viewport.name}-{color_scheme}.png"


# The page tour records each page, viewport and colour scheme it checked; conftest.py prints
# the tally at the end of the run.
TOUR_CHECKS = pytest.StashKey[list]()


def confirm_sign_up(page: Page, email: str) -> None:
    """After the sign-up form: the "check your email" page, then the link of the mail that
    arrived for ``email`` (Django's outbox), and its button, as the new person would."""
    from django.core import mail

    expect(page).to_have_url(path_pattern(reverse("signup_sent")))
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    to_them = [message for message in mail.outbox if message.to == [email]]
    assert to_them, f"no mail to {email}"
    (link,) = re.findall(r"https?://\S+/accounts/signup/confirm/\S+/", to_them[-1].body)
    page.goto(link)
    page.get_by_role("button", name="Confirm and open my journal").click()
