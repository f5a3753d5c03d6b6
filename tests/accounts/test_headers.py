"""Headers every page carries beyond the baseline (tests/test_security.py)."""

from django.urls import reverse

from tests.test_settings import run_manage


def test_powerful_browser_features_are_switched_off(client, db):
    """Failed on de20a7f: no Permissions-Policy header at all."""
    policy = client.get(reverse("login"))["Permissions-Policy"]

    features = dict(part.strip().split("=") for part in policy.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()", feature


def test_signed_in_pages_and_the_app_shell_carry_it_too(owner_client):
    for url in (reverse("journal:today"), "/sw.js", "/manifest.webmanifest"):
        assert "camera=()" in owner_client.get(url)["Permissions-Policy"], url


HSTS_CHECK = (
    "from django.conf import settings; "
    "print(settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_PRELOAD)"
)


def test_hsts_preload_only_when_the_operator_asks_for_it():
    """Failed on de20a7f: production sent `preload` whenever HTTPS was on."""
    key = "k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyz"
    default = run_manage("shell", "-c", HSTS_CHECK, SECRET_KEY=key)
    asked = run_manage("shell", "-c", HSTS_CHECK, SECRET_KEY=key, SECURE_HSTS_PRELOAD="true")

    assert default.returncode == 0, default.stderr
    assert default.stdout.split()[-2:] == ["31536000", "False"]
    assert asked.stdout.split()[-2:] == ["31536000", "True"]


def test_the_hsts_header_has_no_preload_by_default(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = False

    response = client.get(reverse("login"), secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
