"""Production settings: loud failures on bad values, and a clean deployment check."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

MANAGE = str(settings.BASE_DIR / "manage.py")


def run_manage(*args, **env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DATABASE_URL",
            "SECRET_KEY",
            "DEBUG",
            "HTTPS",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",  # set for the browser tests, wrong in production
        }
    }
    env.update(
        {
            "DEBUG": "false",
            "TESTING": "false",
            "ALLOWED_HOSTS": "cramps.example.org",
            "DATABASE_URL": "sqlite:////tmp/cramp-journal-deploy-check.sqlite3",
        }
    )
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, MANAGE, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=settings.BASE_DIR,
    )


def test_deploy_check_passes_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(64),
        # Production says where reminders link and come from (reminders.checks).
        SITE_URL="https://cramps.example.org",
        DEFAULT_FROM_EMAIL="Cramp Journal <reminders@cramps.example.org>",
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_manage("check", SECRET_KEY="")

    assert result.returncode != 0
    assert "SECRET_KEY is missing or weak and DEBUG is off" in result.stderr


def test_it_refuses_a_weak_secret_key_when_debug_is_off():
    result = run_manage("check", SECRET_KEY="django-insecure-" + "a" * 60)

    assert result.returncode != 0
    assert "SECRET_KEY is missing or weak" in result.stderr


def test_development_mode_starts_without_a_secret_key():
    result = run_manage("check", SECRET_KEY="", DEBUG="true")

    assert result.returncode == 0, result.stderr
