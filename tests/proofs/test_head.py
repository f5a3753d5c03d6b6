"""HEAD answers wherever GET does (HTTP requires it; link checkers and monitors use it):
the same status and headers as GET, and no body. Driven by tests/url_registry.py, so new
routes are covered as soon as they are registered.

Failed on de20a7f: /manifest.webmanifest and /sw.js, and every other view behind
require_GET or require_http_methods(["GET", ...]), answered 405.
"""

import pytest
from django.test import Client

from tests.url_registry import ROUTES
from tests.urlconf import snapshot_rows, url_for

GET_ROUTES = [route for route in ROUTES if "GET" in route.methods]
# Headers that differ between two answers to the same request whatever the method.
VARYING = {"Date", "Expires", "Set-Cookie", "Content-Security-Policy"}


def label(route):
    return route.label


@pytest.mark.parametrize("route", GET_ROUTES, ids=label)
def test_head_answers_like_get_without_a_body(owner, route):
    client = Client()
    if not route.public:
        client.force_login(owner)
    url = url_for(route, owner)
    before = snapshot_rows()

    head = client.head(url)
    get = client.get(url)

    assert head.status_code == get.status_code, f"HEAD {url}"
    assert head.status_code != 405
    assert head.content == b""
    assert {k: v for k, v in head.headers.items() if k not in VARYING} == {
        k: v for k, v in get.headers.items() if k not in VARYING
    }
    assert snapshot_rows() == before


def test_head_drops_the_body_the_server_would_send(live_server, db):
    """Under a real server too, not only the test client (which drops a HEAD's body itself)."""
    import http.client
    from urllib.parse import urlsplit

    address = urlsplit(live_server.url)
    for path in ("/sw.js", "/manifest.webmanifest", "/"):
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
        connection.request("GET", path)
        get = connection.getresponse()
        body = get.read()
        connection.close()
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
        connection.request("HEAD", path)
        head = connection.getresponse()
        assert head.status == get.status == 200, path
        assert head.getheader("Content-Length") == str(len(body)), path
        assert head.read() == b""
        connection.close()
