"""Tests of the site as deployed: the stack of `make stack` (scripts/stack.sh), over HTTPS.

DEBUG is off, static files are collected and fingerprinted, nginx ends TLS in front of two
gunicorn app servers, PostgreSQL and Redis are real. These tests do not start a server: they
drive Chromium (and a plain HTTPS client) against STACK_URL, https://localhost:8443 by
default, and read the stack's database (DATABASE_URL in the stack's env file) to check what
was stored. `make test-production` brings the stack up, runs them and takes it down.

They are marked `production` and left out of every other run: select them with
`-m production` (they need the stack running).
"""

import base64
import hashlib
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tests.browser.conftest import CHROMIUM_ARGS
from tests.browser.support import require

PRODUCTION_TESTS = Path(__file__).resolve().parent
REPO_ROOT = PRODUCTION_TESTS.parents[1]
STACK_URL = os.environ.get("STACK_URL", "https://localhost:8443")
STACK_DIR = Path(os.environ.get("STACK_DIR", REPO_ROOT / ".stack"))
PASSWORD = "production-test-password-4821"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "production: runs against the production stack (make test-production)"
    )


def _is_production_test(item) -> bool:
    return item.path.is_relative_to(PRODUCTION_TESTS)


def pytest_collection_modifyitems(config, items):
    """Marks these tests `production` and drops them unless that marker was asked for."""
    chosen = "production" in (config.option.markexpr or "")
    kept, dropped = [], []
    for item in items:
        if _is_production_test(item):
            item.add_marker("production")
            (kept if chosen else dropped).append(item)
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def stack_environment() -> dict[str, str]:
    """The variables the stack's programs run with (scripts/stack.sh writes them)."""
    values = {}
    for name in ("secrets.env", "stack.env"):
        path = STACK_DIR / name
        require(path.is_file(), f"The stack's {name}", "Start the stack with `make stack`.")
        for line in path.read_text().splitlines():
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                values[key] = value.strip("'\"")
    return values


@pytest.fixture(scope="session")
def stack_env() -> dict[str, str]:
    return stack_environment()


@pytest.fixture(scope="session")
def stack_database(stack_env):
    """A connection to the stack's own database, to see what the site stored."""
    with psycopg.connect(stack_env["DATABASE_URL"], autocommit=True) as connection:
        yield connection


def run_on_stack(stack_env, code: str) -> str:
    """Runs Python in the stack's Django (its settings, its database) and returns stdout."""
    environment = {**os.environ, **stack_env}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    environment.pop("TESTING", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="session")
def people(stack_env) -> list[str]:
    """Fresh accounts on the stack, made by its own Django with its real password hashing.

    A new set for each run (a random part in the address), so runs never see each other's
    rows; each test takes its own.
    """
    run = secrets.token_hex(4)
    emails = [f"production-{run}-{n}@example.org" for n in range(8)]
    run_on_stack(  # one real hash shared by all: each costs the machine a good second
        stack_env,
        "from django.contrib.auth.hashers import make_password\n"
        "from accounts.models import User\n"
        f"hashed = make_password({PASSWORD!r})\n"
        f"for email in {emails!r}:\n"
        "    user = User.objects.create_user(email, None, profile={'time_zone': 'Europe/London'})\n"
        "    user.password = hashed\n"
        "    user.save(update_fields=['password'])\n",
    )
    return emails


@pytest.fixture
def person(people) -> str:
    """An account no other test in this run uses."""
    return people.pop()


@pytest.fixture(scope="session")
def base_url() -> str:
    return STACK_URL


def certificate_fingerprint() -> str:
    """The base64 SHA-256 of the stack certificate's public key, as Chromium's flag wants it."""
    path = STACK_DIR / "tls" / "cert.pem"
    require(path.is_file(), "The stack's certificate", "Start the stack with `make stack`.")
    public_key = x509.load_pem_x509_certificate(path.read_bytes()).public_key()
    der = public_key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(hashlib.sha256(der).digest()).decode()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, as for tests/browser, trusting the stack's self-signed certificate.

    ignore_https_errors alone lets pages load but not service workers: Chromium refuses to
    fetch a worker's script over a certificate it calls an error. Pinning the certificate's
    key makes it a valid certificate for this browser only.
    """
    chromium = shutil.which("chromium")
    require(chromium, "Chromium", "sudo apt-get install --no-install-recommends chromium")
    trust = f"--ignore-certificate-errors-spki-list={certificate_fingerprint()}"
    return {
        **browser_type_launch_args,
        "executable_path": chromium,
        "args": [*CHROMIUM_ARGS, trust],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """The stack's certificate is self-signed; the service worker must be allowed to run."""
    return {**browser_context_args, "ignore_https_errors": True, "service_workers": "allow"}
