"""Reminder links follow the site's real address, and a production deploy must say it
(issue 22): SITE_URL from make run's HOST and PORT, and `check --deploy` without it fails."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

from reminders import links

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-production-secret-key-that-is-long-and-random-0123456789abcdef",
    "ALLOWED_HOSTS": "cramps.example.org",
}


def settings_in_a_fresh_process(**env: str) -> str:
    """SITE_URL as config/settings.py works it out from this environment."""
    environment = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "HOST", "PORT")}
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**environment, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true", **env},
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_site_url_follows_the_port_make_run_serves():
    assert settings_in_a_fresh_process() == "http://127.0.0.1:8000"
    assert settings_in_a_fresh_process(PORT="8123") == "http://127.0.0.1:8123"
    assert settings_in_a_fresh_process(HOST="0.0.0.0", PORT="9000") == "http://0.0.0.0:9000"
    assert (
        settings_in_a_fresh_process(PORT="8123", SITE_URL="https://cramps.example.org")
        == "https://cramps.example.org"
    )


def test_reminder_links_use_site_url(settings):
    settings.SITE_URL = "http://127.0.0.1:8123/"

    assert links.unsubscribe_url(1, "morning").startswith("http://127.0.0.1:8123/reminders/")


def test_the_makefile_passes_host_and_port_to_the_worker():
    makefile = (django_settings.BASE_DIR / "Makefile").read_text()

    assert "HOST=$(HOST) PORT=$(PORT) $(BIN)/python manage.py run_worker" in makefile


@pytest.mark.parametrize(
    ("site_url", "from_email", "errors"),
    [
        ("http://127.0.0.1:8000", "Cramp Journal <noreply@localhost>", {"E001", "E002"}),
        ("https://cramps.example.org", "Cramp Journal <noreply@localhost>", {"E002"}),
        ("http://cramps.example.org", "reminders@cramps.example.org", {"E001"}),
        ("https://cramps.example.org", "Cramp Journal <reminders@cramps.example.org>", set()),
    ],
)
def test_the_deploy_check_wants_the_site_address_and_a_sender(
    settings, site_url, from_email, errors
):
    settings.DEBUG = False
    settings.SITE_URL = site_url
    settings.DEFAULT_FROM_EMAIL = from_email

    from reminders.checks import check_reminder_addresses

    assert {error.id.removeprefix("reminders.") for error in check_reminder_addresses()} == errors


def test_check_deploy_fails_in_production_without_them():
    """The real command, in production settings, with neither variable set."""
    environment = {
        k: v for k, v in os.environ.items() if k not in ("SITE_URL", "DEFAULT_FROM_EMAIL")
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "ERROR"],
        env={**environment, **PRODUCTION},
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "reminders.E001" in result.stderr and "reminders.E002" in result.stderr


def test_development_is_not_held_to_it(settings):
    from reminders.checks import check_reminder_addresses

    settings.DEBUG = True
    settings.SITE_URL = "http://127.0.0.1:8000"

    assert check_reminder_addresses() == []
