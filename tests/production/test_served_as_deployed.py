"""What the deployed site sends, read over HTTPS through nginx: the service worker and its
files from the collected, fingerprinted static folder; headers; compression; redirects."""

import gzip
import json
import re

import pytest
import requests
from django.urls import reverse

from tests.production.conftest import PASSWORD, STACK_DIR, STACK_URL

HASHED = re.compile(r"\.[0-9a-f]{12}\.")


@pytest.fixture
def http():
    """A client that trusts the stack's own self-signed certificate, and nothing else."""
    session = requests.Session()
    session.verify = str(STACK_DIR / "tls" / "cert.pem")
    session.trust_env = False  # REQUESTS_CA_BUNDLE would override the certificate above
    return session


def get(http, path, **options):
    return http.get(STACK_URL + path, timeout=10, **options)


def test_the_service_worker_and_every_file_it_keeps_are_served(http):
    response = get(http, reverse("journal:service_worker"))

    assert response.status_code == 200, response.text[:500]
    assert response.headers["Content-Type"].startswith("text/javascript")
    shell = json.loads(re.search(r"^const SHELL = (.*);$", response.text, re.M).group(1))
    assert shell
    for url in shell:
        assert HASHED.search(url), f"{url} is not fingerprinted"
        file = get(http, url)
        assert file.status_code == 200, url
        assert "immutable" in file.headers["Cache-Control"], url


def test_the_manifest_and_its_icons_are_served(http):
    manifest = get(http, reverse("journal:manifest"))

    assert manifest.status_code == 200
    for icon in manifest.json()["icons"]:
        assert get(http, icon["src"]).headers["Content-Type"] == "image/png"


def test_no_server_banner_anywhere(http):
    for path in ("/", reverse("login"), "/static/does-not-exist.css", "/no-such-page/"):
        response = get(http, path, allow_redirects=False)
        assert "Server" not in response.headers, (path, response.headers.get("Server"))


def compressed_body(http, path) -> bytes:
    """The body as sent, which must be gzip, decompressed here."""
    response = get(http, path, headers={"Accept-Encoding": "gzip"}, stream=True)
    assert response.status_code == 200, path
    assert response.headers.get("Content-Encoding") == "gzip", path
    return gzip.decompress(response.raw.read(decode_content=False))


def test_pages_and_files_are_compressed(http):
    page = compressed_body(http, reverse("login")).decode()
    css = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', page).group(1)

    assert b"{" in compressed_body(http, css)
    assert b"SHELL" in compressed_body(http, reverse("journal:service_worker"))


def test_plain_http_is_sent_to_https(http):
    response = http.get("http://localhost:8080/journal/?x=1", allow_redirects=False, timeout=10)

    assert response.status_code == 301
    assert response.headers["Location"] == "https://localhost:8443/journal/?x=1"


def test_https_settings_are_in_force(http, person):
    login = get(http, reverse("login"))
    assert "max-age=" in login.headers["Strict-Transport-Security"]
    assert "; secure" in login.headers["Set-Cookie"].lower()  # the CSRF cookie

    signed_in = http.post(
        STACK_URL + reverse("login"),
        data={
            "username": person,
            "password": PASSWORD,
            "csrfmiddlewaretoken": http.cookies["csrftoken"],
        },
        headers={"Referer": STACK_URL + reverse("login")},
        allow_redirects=False,
        timeout=10,
    )
    assert signed_in.status_code == 302, signed_in.text[:500]
    session_cookie = next(c for c in http.cookies if c.name == "sessionid")
    assert session_cookie.secure
    assert session_cookie.has_nonstandard_attr("HttpOnly")


def test_an_unknown_page_is_the_sites_own_404(http):
    response = get(http, "/no-such-page/")

    assert response.status_code == 404
    assert "Traceback" not in response.text and "DEBUG" not in response.text
