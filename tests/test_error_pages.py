"""The error page says what is true: after a server error, a write may not have been saved."""

import socket
from contextlib import contextmanager

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from config import errors
from tests.factories import UserFactory


def test_the_server_error_page_does_not_promise_that_nothing_was_lost():
    page = render_to_string("500.html")

    assert "Nothing you entered is lost" not in page
    assert "may not have been saved" in page


# --- A database that is briefly unreachable (a restart): 503 "try again", not 500 ----------


@contextmanager
def unreachable_database():
    """The default connection pointed at a database nobody serves, as during a restart."""
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-folder/cramp-journal.sqlite3"
    else:
        connection.settings_dict["PORT"] = closed_port()
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


def closed_port() -> int:
    with socket.socket() as probe:  # a port the system just gave out and nobody listens on
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def signed_in_client() -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    return client


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/", "/today/", "/login/", "/journal/"])
def test_an_unreachable_database_says_try_again_with_503(path):
    client = signed_in_client()

    with unreachable_database():
        response = client.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == str(errors.RETRY_AFTER_SECONDS)
    page = response.content.decode()
    assert "Try again in a moment" in page and "may not have been saved" in page


@pytest.mark.django_db(transaction=True)
def test_an_htmx_tap_during_a_database_restart_fails_with_503_and_is_retried_once():
    client = signed_in_client()
    tap = {"request_token": "0d6f2b8e-3f7a-4d52-9b1e-6c2f9a0e4b11"}

    with unreachable_database():
        refused = client.post(reverse("journal:log_cramp"), tap, headers={"HX-Request": "true"})
    # htmx treats any 5xx as a failed write: static/js/app.js shows "Not saved. Try again."
    assert refused.status_code == 503

    retried = client.post(reverse("journal:log_cramp"), tap, headers={"HX-Request": "true"})
    assert retried.status_code < 400  # the database is back: the same tap goes through


def test_other_server_errors_stay_500():
    request = RequestFactory().get("/")
    try:
        raise ValueError("a bug, not an outage")
    except ValueError:
        response = errors.server_error(request)

    assert response.status_code == 500
    assert "may not have been saved" in response.content.decode()
