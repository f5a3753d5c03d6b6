"""The installable app as the server sends it: the manifest, its icons, the service worker,
and signing out, which tells the browser to forget what the site kept on the device."""

import json
import re
import struct

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from journal.app_shell import SHELL, THEME_DARK, THEME_LIGHT

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(path) -> tuple[int, int]:
    """Width and height from a PNG's header chunk, which comes first."""
    with open(path, "rb") as image:
        header = image.read(24)
    assert header[:8] == PNG_SIGNATURE and header[12:16] == b"IHDR", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def static_file(url: str) -> str:
    found = finders.find(url.removeprefix("/static/"))
    assert found, f"{url} is not a static file"
    return found


@pytest.fixture
def manifest(client, db):
    response = client.get(reverse("journal:manifest"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    return json.loads(response.content)


def test_the_manifest_has_what_an_installable_app_needs(manifest):
    assert manifest["name"] == "Cramp Journal"
    assert manifest["short_name"]
    assert manifest["start_url"] == reverse("journal:today")
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    for colour in ("theme_color", "background_color"):
        assert re.fullmatch(r"#[0-9a-f]{6}", manifest[colour])


def test_the_manifests_icons_exist_at_the_sizes_they_claim(manifest):
    icons = manifest["icons"]
    for icon in icons:
        width, height = png_size(static_file(icon["src"]))
        assert icon["sizes"] == f"{width}x{height}"
        assert icon["type"] == "image/png"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in icons}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


def test_the_theme_colours_are_the_headers_in_each_scheme(manifest):
    with open(static_file("/static/css/app.css")) as stylesheet:
        light, dark = stylesheet.read().split("@media (prefers-color-scheme: dark)")[:2]
    assert manifest["theme_color"] == THEME_LIGHT
    assert f"--surface: {THEME_LIGHT};" in light
    assert f"--surface: {THEME_DARK};" in dark
    assert f"--bg: {manifest['background_color']};" in light


def test_every_page_links_the_manifest_and_both_theme_colours(client, db):
    html = client.get(reverse("login")).content.decode()
    assert f'<link rel="manifest" href="{reverse("journal:manifest")}">' in html
    light = f'name="theme-color" content="{THEME_LIGHT}" media="(prefers-color-scheme: light)"'
    dark = f'name="theme-color" content="{THEME_DARK}" media="(prefers-color-scheme: dark)"'
    assert light in html and dark in html


def test_only_signed_in_pages_start_the_service_worker(client, owner_client):
    signed_in = owner_client.get(reverse("journal:today")).content.decode()
    assert f'data-service-worker="{reverse("journal:service_worker")}"' in signed_in
    client.logout()
    assert "data-service-worker" not in client.get(reverse("login")).content.decode()


def test_the_service_worker_is_a_script_from_the_root(client, db):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]
    assert "Content-Security-Policy" in response  # the worker runs under the CSP too
    script = response.content.decode()
    assert 'addEventListener("push"' in script and 'addEventListener("notificationclick"' in script


def test_the_service_worker_keeps_a_shell_of_files_that_exist(client, db):
    script = client.get(reverse("journal:service_worker")).content.decode()
    shell = json.loads(re.search(r"^const SHELL = (.*);$", script, re.M).group(1))

    assert len(shell) == len(SHELL)
    for url in shell:
        static_file(url)


def test_signing_out_tells_the_browser_to_forget_the_device_copy(owner_client):
    response = owner_client.post(reverse("logout"))

    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_the_sign_out_form_is_marked_for_the_page_to_clear_the_phone(owner_client):
    html = owner_client.get(reverse("account")).content.decode()
    assert f'action="{reverse("logout")}" data-sign-out>' in html
