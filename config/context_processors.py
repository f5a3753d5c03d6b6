from functools import cache
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from journal.offline import owner_key

# The main navigation, in order: (label, URL name, shown to visitors too). An entry appears
# once the app that serves it exists, so the menu never links to a page that is not there yet.
NAVIGATION = [
    ("Today", "journal:today", False),
    ("Journal", "journal:history", False),
    ("Foods", "foods:search", False),
    ("Reports", "reports:index", False),
    ("Experiments", "experiments:index", False),
    ("Learn", "education:index", True),
    ("Account", "account", False),
]


@cache
def _available_navigation() -> tuple[tuple[str, str, bool], ...]:
    links = []
    for label, url_name, public in NAVIGATION:
        try:
            links.append((label, reverse(url_name), public))
        except NoReverseMatch:
            continue
    return tuple(links)


def navigation(request: HttpRequest) -> dict[str, Any]:
    signed_in = request.user.is_authenticated
    links = [
        {"label": label, "href": href, "current": request.path.startswith(href)}
        for label, href, public in _available_navigation()
        if signed_in or public
    ]
    return {"navigation": links}


def unit_system(request: HttpRequest) -> dict[str, str]:
    """The person's units ("metric" or "us", ``Profile.units``) for every template, so that
    each amount on a page is shown in them (``{% load units %}``); metric for visitors."""
    profile = getattr(request.user, "profile", None) if request.user.is_authenticated else None
    return {"unit_system": profile.units if profile else "metric"}


def offline(request: HttpRequest) -> dict[str, str]:
    """The signed-in person's key for the taps kept on the phone (journal/offline.py)."""
    if not request.user.is_authenticated:
        return {}
    return {"offline_owner": owner_key(request.user)}
