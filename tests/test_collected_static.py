"""The pages that name static files, served as production serves them: from files collected
by `collectstatic` under the manifest storage, whose names carry a content hash.

The rest of the suite uses the plain storage (no collectstatic in tests), which answers any
name; the manifest storage refuses a name it did not collect, `static("")` included, and that
difference once made /sw.js answer 500 to everyone in production. tests/production/ runs the
whole site that way; these are the quick checks that run with every test run.
"""

import json
import re

import pytest
from django.core.management import call_command
from django.test import override_settings

MANIFEST_STORAGE = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
HASHED = re.compile(r"\.[0-9a-f]{12}\.")


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """The static files collected once, as `make stack` does, and settings that serve them."""
    root = tmp_path_factory.mktemp("staticfiles")
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": MANIFEST_STORAGE},
    }
    with override_settings(STATIC_ROOT=root, STORAGES=storages, DEBUG=False):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def test_the_service_worker_is_served_from_collected_files(collected, client, db):
    response = client.get("/sw.js")

    assert response.status_code == 200
    script = response.content.decode()
    shell = json.loads(re.search(r"^const SHELL = (.*);$", script, re.M).group(1))
    assert shell and all(HASHED.search(url) for url in shell), shell
    for url in shell:  # every file the worker keeps for offline use was collected
        assert (collected / url.removeprefix("/static/")).is_file(), url
    assert re.search(r'^const STATIC = "/static/";$', script, re.M)


def test_the_manifest_names_collected_icons(collected, client, db):
    response = client.get("/manifest.webmanifest")

    assert response.status_code == 200
    icons = [icon["src"] for icon in response.json()["icons"]]
    assert icons and all(HASHED.search(src) for src in icons)
    for src in icons:
        assert (collected / src.removeprefix("/static/")).is_file(), src


def test_signed_in_pages_render_with_collected_files(collected, owner_client):
    for url in ("/today/", "/reminders/"):
        response = owner_client.get(url, follow=True)
        assert response.status_code == 200, url
        assert HASHED.search(response.content.decode()), url
