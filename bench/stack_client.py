"""People on the running production stack (make stack), for bench/faults.py and bench/load.py.

Accounts and their sessions are made by the stack's own Django (manage.py shell with the
stack's environment, so its database and SECRET_KEY); requests then go through nginx over
HTTPS like a browser's: the session cookie, a CSRF cookie and header, the Origin, htmx's
header. Each write is a quick "log a cramp" tap with its own request token, so that every
acknowledged write can be looked up in the database afterwards.
"""

import asyncio
import json
import os
import ssl
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import psycopg

ROOT = Path(__file__).resolve().parent.parent
STACK_DIR = Path(os.environ.get("STACK_DIR", ROOT / ".stack"))
STACK_URL = os.environ.get("STACK_URL", "https://localhost:8443")
CSRF_SECRET = "benchbenchbenchbenchbenchbench12"  # any 32 letters: the cookie and the header
TAP_PATH = "/journal/cramps/log/"
READ_PATH = "/today/"


def stack_environment() -> dict[str, str]:
    values = {}
    for name in ("secrets.env", "stack.env"):
        path = STACK_DIR / name
        if not path.is_file():
            sys.exit(f"{path} is missing: start the stack first (make stack)")
        for line in path.read_text().splitlines():
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                values[key] = value.strip("'\"")
    return values


def run_on_stack(code: str) -> str:
    environment = {**os.environ, **stack_environment()}
    for name in ("DJANGO_SETTINGS_MODULE", "TESTING", "PYTHONPATH"):
        environment.pop(name, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    if result.returncode:
        sys.exit(result.stderr)
    return result.stdout


MAKE_PEOPLE = """
import json
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from accounts.models import Profile, User
hashed = make_password(None)
store = import_module(settings.SESSION_ENGINE).SessionStore
people = []
for email in EMAILS:
    user = User.objects.create(email=email, password=hashed)
    Profile.objects.create(user=user, time_zone=ZONE)
    session = store()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "accounts.backends.EmailBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    people.append([email, user.pk, session.session_key])
print(json.dumps(people))
"""


@dataclass
class Person:
    email: str
    user_id: int
    session_key: str


def make_people(count: int, label: str, zone: str = "Europe/London") -> list[Person]:
    """``count`` new accounts with a session each (signed in as the login view would)."""
    run = uuid.uuid4().hex[:6]
    emails = [f"{label}-{run}-{n}@example.org" for n in range(count)]
    code = f"EMAILS = {emails!r}\nZONE = {zone!r}\n" + MAKE_PEOPLE
    return [Person(*row) for row in json.loads(run_on_stack(code).strip().splitlines()[-1])]


def tls_context() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(STACK_DIR / "tls" / "cert.pem"))


def client_for(person: Person, connector) -> aiohttp.ClientSession:
    jar = aiohttp.CookieJar(unsafe=True)
    session = aiohttp.ClientSession(
        base_url=STACK_URL,
        connector=connector,
        connector_owner=False,
        cookie_jar=jar,
        timeout=aiohttp.ClientTimeout(total=120),
        headers={"Origin": STACK_URL, "X-CSRFToken": CSRF_SECRET},
    )
    from yarl import URL

    jar.update_cookies({"sessionid": person.session_key, "csrftoken": CSRF_SECRET}, URL(STACK_URL))
    return session


@dataclass
class Outcome:
    started: float
    seconds: float
    status: int  # 0: no answer (connection refused, reset, timeout)
    kind: str  # "write" or "read"
    token: str = ""


@dataclass
class Record:
    outcomes: list[Outcome] = field(default_factory=list)

    def acknowledged(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.kind == "write" and 200 <= o.status < 300]

    def errors(self) -> list[Outcome]:
        return [o for o in self.outcomes if not 200 <= o.status < 400]


async def tap(client, record: Record) -> None:
    token = str(uuid.uuid4())
    started = time.monotonic()
    status = 0
    try:
        async with client.post(
            TAP_PATH, data={"request_token": token}, headers={"HX-Request": "true"}
        ) as response:
            await response.read()
            status = response.status
    except (TimeoutError, aiohttp.ClientError, OSError):
        pass
    record.outcomes.append(Outcome(started, time.monotonic() - started, status, "write", token))


async def read(client, record: Record, path: str = READ_PATH) -> None:
    started = time.monotonic()
    status = 0
    try:
        async with client.get(path, allow_redirects=False) as response:
            await response.read()
            status = response.status
    except (TimeoutError, aiohttp.ClientError, OSError):
        pass
    record.outcomes.append(Outcome(started, time.monotonic() - started, status, "read"))


async def person_loop(person, connector, record, until, think, reads_every=3) -> None:
    """Taps (and now and then opens Today) until ``until``, ``think`` seconds apart."""
    async with client_for(person, connector) as client:
        n = 0
        while time.monotonic() < until:
            n += 1
            if reads_every and n % reads_every == 0:
                await read(client, record)
            else:
                await tap(client, record)
            if think:
                await asyncio.sleep(think)


def database() -> psycopg.Connection:
    return psycopg.connect(stack_environment()["DATABASE_URL"], autocommit=True)


def stored_tokens(people: list[Person]) -> dict[str, int]:
    """Each request token of these people's cramps, with how many rows carry it."""
    with database() as db:
        rows = db.execute(
            "SELECT request_token::text, count(*) FROM journal_cramp"
            " WHERE user_id = ANY(%s) GROUP BY request_token",
            [[p.user_id for p in people]],
        ).fetchall()
    return dict(rows)


def lost_and_duplicated(record: Record, people: list[Person]) -> tuple[int, int]:
    stored = stored_tokens(people)
    lost = sum(1 for o in record.acknowledged() if o.token not in stored)
    duplicated = sum(count - 1 for count in stored.values() if count > 1)
    return lost, duplicated


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def supervisorctl(*args: str) -> str:
    result = subprocess.run(
        ["supervisorctl", "-c", str(STACK_DIR / "supervisord.conf"), *args],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return result.stdout.strip()
