"""CSRF, driven by tests/url_registry.py: every route that takes a POST refuses one without the
token and accepts one with the token in htmx's header; GET never changes anything.

Django's test client skips CSRF checks unless asked; these clients enforce them, as a browser
meets them. New routes are covered as soon as they are registered.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.url_registry import ROUTES
from tests.urlconf import snapshot_rows, url_for

# One-click unsubscribe (RFC 8058): a mail provider POSTs the signed URL with no session and
# no CSRF token, so the view is exempt and the signature is its proof (tested below and in
# tests/reminders/test_links.py).
SIGNED_POSTS = {"reminders:unsubscribe"}
POST_ROUTES = [
    route for route in ROUTES if "POST" in route.methods and route.name not in SIGNED_POSTS
]
POST_ONLY_ROUTES = [route for route in POST_ROUTES if "GET" not in route.methods]
GET_ROUTES = [route for route in ROUTES if "GET" in route.methods]
# Public routes that a visitor posts to; the others (logout) are posted by a signed-in person.
VISITOR_POSTS = {
    "signup",
    "signup_confirm",
    "login",
    "password_reset",
    "password_reset_confirm",
    "reminders:check_in",
}


def label(route):
    return route.label


def enforcing_client(route, owner):
    """A client that enforces CSRF, signed in unless the route is one a visitor posts to."""
    client = Client(enforce_csrf_checks=True)
    if route.name not in VISITOR_POSTS:
        client.force_login(owner)
    return client


def csrf_token(client, route):
    """The token a page gives the browser: in the cookie and in <body data-hx-headers>."""
    page = "login" if route.name in VISITOR_POSTS else "account"
    response = client.get(reverse(page))
    assert response.status_code == 200
    return client.cookies["csrftoken"].value


def is_signed_in(client):
    return client.get(reverse("account")).status_code == 200


@pytest.mark.parametrize("route", POST_ROUTES, ids=label)
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_a_post_without_the_token_is_refused_and_changes_nothing(owner, route, htmx):
    client = enforcing_client(route, owner)
    url = url_for(route, owner)
    csrf_token(client, route)  # the cookie is there; only the token is missing from the post
    before = snapshot_rows()

    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post(url, {"complete": "1", "favourite": "1"}, headers=headers)

    assert response.status_code == 403, f"POST {url} without a CSRF token"
    assert snapshot_rows() == before
    if route.name not in VISITOR_POSTS:
        assert is_signed_in(client), "a forged logout must not sign the person out"


@pytest.mark.parametrize("route", POST_ROUTES, ids=label)
def test_a_post_with_a_wrong_token_is_refused(owner, route):
    client = enforcing_client(route, owner)
    url = url_for(route, owner)
    csrf_token(client, route)
    before = snapshot_rows()

    response = client.post(url, {}, headers={"HX-Request": "true", "X-CSRFToken": "x" * 32})

    assert response.status_code == 403
    assert snapshot_rows() == before


@pytest.mark.parametrize("route", POST_ROUTES, ids=label)
def test_a_post_with_the_token_in_the_htmx_header_is_accepted(owner, route):
    client = enforcing_client(route, owner)
    url = url_for(route, owner)
    token = csrf_token(client, route)

    response = client.post(url, {}, headers={"HX-Request": "true", "X-CSRFToken": token})

    # Django's CSRF check marks the requests it lets through; the view then gave its own answer.
    assert getattr(response.wsgi_request, "csrf_processing_done", False), (
        f"POST {url} with the htmx CSRF header did not pass the CSRF check"
    )
    assert "403_csrf.html" not in [template.name for template in response.templates]
    assert response.status_code != 403, f"POST {url} with the htmx CSRF header"
    assert response.status_code < 500


def test_the_csrf_failure_page_is_ours_and_says_what_to_do(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)

    response = client.post(reverse("journal:log_cramp"))

    assert response.status_code == 403
    assert response.templates[0].name == "403_csrf.html"


@pytest.mark.parametrize("route", POST_ONLY_ROUTES, ids=label)
def test_a_post_only_route_answers_get_with_405_and_changes_nothing(owner, route):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    url = url_for(route, owner)
    before = snapshot_rows()

    for headers in ({}, {"HX-Request": "true"}):
        assert client.get(url, headers=headers).status_code == 405, f"GET {url}"

    assert snapshot_rows() == before
    assert is_signed_in(client)


@pytest.mark.parametrize("route", GET_ROUTES, ids=label)
def test_get_changes_no_stored_data(owner, route):
    client = Client(enforce_csrf_checks=True)
    if not route.public:
        client.force_login(owner)
    url = url_for(route, owner)
    before = snapshot_rows()

    for headers in ({}, {"HX-Request": "true"}):
        assert client.get(url, headers=headers).status_code < 500

    assert snapshot_rows() == before


@pytest.mark.parametrize("route_name", sorted(SIGNED_POSTS))
def test_a_signed_post_without_its_signature_is_refused_and_changes_nothing(owner, route_name):
    (route,) = [route for route in ROUTES if route.name == route_name]
    client = Client(enforce_csrf_checks=True)
    url = url_for(route, owner)
    before = snapshot_rows()

    response = client.post(url.rstrip("/")[:-4] + "AAAA/")

    assert response.status_code == 400
    assert snapshot_rows() == before
