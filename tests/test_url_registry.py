"""The URL registry is complete, and every route keeps strangers and visitors out."""

import re

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tests.url_registry import ROUTES, ROUTES_BY_NAME, STAFF_NAMESPACES
from tests.urlconf import iter_patterns, snapshot_rows, url_for

PRIVATE_ROUTES = [route for route in ROUTES if not route.public]
OBJECT_ROUTES = [route for route in PRIVATE_ROUTES if route.has_object]
PUBLIC_PAGES = [route for route in ROUTES if route.public and "GET" in route.methods]


def _is_staff_only(pattern):
    return pattern.namespace and pattern.namespace.split(":")[0] in STAFF_NAMESPACES


def test_every_url_pattern_is_registered():
    missing = [
        pattern.name or f"unnamed pattern {pattern.route!r}"
        for pattern in iter_patterns()
        if not _is_staff_only(pattern) and pattern.name not in ROUTES_BY_NAME
    ]
    assert not missing, (
        "These URL patterns are not in tests/url_registry.py. Register each one there as "
        f"public or private, with how to build its arguments: {missing}"
    )


def test_every_registered_route_exists():
    names = {pattern.name for pattern in iter_patterns()}
    stale = [route.name for route in ROUTES if route.name not in names]
    assert not stale, f"tests/url_registry.py lists routes the URLconf lacks: {stale}"


def _requests(route):
    for method in route.methods:
        for htmx in (False, True):
            yield method, htmx


@pytest.mark.parametrize(
    ("route", "method", "htmx"),
    [(route, method, htmx) for route in PRIVATE_ROUTES for method, htmx in _requests(route)],
    ids=lambda value: getattr(value, "label", None) or str(value),
)
def test_private_route_sends_visitors_to_login(client, owner, route, method, htmx):
    url = url_for(route, owner)
    headers = {"HX-Request": "true"} if htmx else {}
    before = snapshot_rows()

    response = client.generic(method, url, headers=headers)

    login = reverse(settings.LOGIN_URL)
    if htmx:
        # A fragment must not become a login form inside the page: htmx reloads the page.
        assert response.status_code == 200
        assert response["HX-Redirect"].startswith(f"{login}?next=")
    else:
        assert response.status_code == 302
        assert response.url.startswith(f"{login}?next=")
    assert snapshot_rows() == before


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=lambda route: route.label)
def test_it_checks_ownership(stranger_client, owner, route):
    url = url_for(route, owner)
    before = snapshot_rows()
    for method in route.methods:
        for headers in ({}, {"HX-Request": "true"}):
            response = stranger_client.generic(method, url, headers=headers)
            assert response.status_code == 404, f"{method} {url} as a stranger"
    assert snapshot_rows() == before


@pytest.mark.parametrize("route", PUBLIC_PAGES, ids=lambda route: route.label)
def test_public_page_opens_for_visitors(client, owner, route):
    response = client.get(url_for(route, owner))
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        # A public page may hand over to another (a reset link to its form), which opens.
        assert not response.url.startswith(reverse(settings.LOGIN_URL))
        response = client.get(response.url)
    assert response.status_code == 200


def _staff_pattern_urls(owner):
    """A URL for each admin pattern, with arguments pointing at a row that exists."""
    user_type = ContentType.objects.get_for_model(owner)
    fillers = {
        "object_id": str(owner.pk),
        "id": str(owner.pk),
        "app_label": owner._meta.app_label,
        "content_type_id": str(user_type.pk),
        "url": "no-such-page/",
    }
    for pattern in iter_patterns():
        if not _is_staff_only(pattern):
            continue
        if pattern.name is None:
            yield pattern.route, "/admin/no-such-page/"
            continue
        kwargs = {name: fillers[name] for name in pattern.arguments}
        yield pattern.name, reverse(pattern.name, kwargs=kwargs or None)


def test_admin_turns_away_signed_in_non_staff(stranger_client, owner):
    admin_login = reverse("admin:login")
    before = snapshot_rows()
    checked = 0
    for name, url in _staff_pattern_urls(owner):
        response = stranger_client.get(url)
        if name == "admin:login":
            assert response.status_code == 200
        elif name == "admin:logout":
            assert response.status_code in (302, 405)  # logs out on POST only
        else:
            assert response.status_code == 302, f"{name} {url}"
            assert response.url.startswith(admin_login), f"{name} {url}"
        checked += 1
    assert checked > 10
    assert snapshot_rows() == before


def test_admin_sends_visitors_to_a_login_page(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith((reverse("admin:login"), reverse(settings.LOGIN_URL)))


def _normalised(response) -> tuple:
    """What a response says, less what differs between any two requests (tokens, nonces)."""
    body = response.content.decode(errors="replace")
    body = re.sub(r'(csrfmiddlewaretoken" value="|"x-csrftoken": ")[^"]+', r"\1…", body)
    body = re.sub(r'name="request_token" value="[^"]+"', 'name="request_token"', body)
    body = re.sub(r'nonce="[^"]+"', "nonce", body)
    return response.status_code, response.get("Location"), response.get("HX-Redirect"), body


@pytest.mark.parametrize(
    ("route", "who"),
    [(route, who) for route in ROUTES if "GET" in route.methods for who in ("visitor", "owner")],
    ids=lambda value: getattr(value, "label", None) or str(value),
)
def test_a_page_that_answers_htmx_differently_says_so_in_vary(client, owner, route, who):
    """Every view that answers htmx otherwise than a plain request sends Vary: HX-Request,
    or a browser could show a cached fragment as the whole page (or the page as a fragment).
    """
    url = url_for(route, owner)
    if who == "owner":
        client.force_login(owner)

    plain = client.get(url)
    htmx = client.get(url, headers={"HX-Request": "true", "HX-Target": "main"})
    again = client.get(url)

    # A body that changes by itself (an export's time stamp) is compared by status alone.
    same_each_time = _normalised(plain) == _normalised(again)
    if (
        _normalised(plain)[: None if same_each_time else 3]
        != _normalised(htmx)[: None if same_each_time else 3]
    ):
        for response in (plain, htmx):
            assert "HX-Request" in response.get("Vary", ""), f"{route.label} as {who}"


@pytest.mark.parametrize("route_name", ["journal:log_cramp", "journal:quick_drink"])
def test_the_quick_taps_say_they_vary_on_htmx(owner_client, route_name):
    data = {"request_token": "6f1c1a52-0c56-4d3e-9a8e-2f4b1d9a7c10", "volume_ml": "250"}
    for headers in ({}, {"HX-Request": "true"}):
        response = owner_client.post(
            reverse(route_name), {**data, "kind": "water"}, headers=headers
        )
        assert "HX-Request" in response["Vary"]
