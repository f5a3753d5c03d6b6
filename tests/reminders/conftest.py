"""Real peers for the reminder tests: an SMTP server and a push service on loopback, and the
two task backends (the database, and RQ on the local Redis).

The push receiver plays the browser as well as the push service: it makes its own P-256 key
pair and auth secret (what a browser's PushManager makes), hands them out as a
subscription, and decrypts what arrives with http_ece, as the browser would.
"""

import asyncio
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from aiosmtpd.controller import Controller
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management import call_command

from reminders.management.commands.generate_vapid_keys import new_vapid_key_pair
from reminders.models import PushSubscription

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- SMTP ----------------------------------------------------------------------------------


class Mailbox:
    def __init__(self, port: int):
        self.port = port
        self.messages: list[EmailMessage] = []
        self.envelopes = []
        self.hold = False  # True: each message waits in DATA until released, then is refused
        self.held = 0
        self.controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope):
        if self.hold:
            self.held += 1
            while self.hold:
                await asyncio.sleep(0.05)
            return "451 4.3.0 Try again later"
        self.envelopes.append(envelope)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        """The mail server goes down: connections to its port are refused."""
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def recipients(self) -> list[str]:
        return sorted(message["To"] for message in self.messages)


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback; Django's SMTP backend is pointed at it."""
    mailbox = Mailbox(free_port())
    mailbox.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = mailbox.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield mailbox
    finally:
        mailbox.hold = False
        mailbox.stop()


# --- Web Push --------------------------------------------------------------------------------


@dataclass
class FakeBrowser:
    """One browser's push keys, as PushManager.subscribe() would make them."""

    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth_secret: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def p256dh(self) -> str:
        return b64url(
            self.private_key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)


@dataclass
class Delivery:
    path: str
    headers: dict
    payload: dict


class PushReceiver:
    """A push service on loopback: decrypts each message for the browser it was sent to."""

    def __init__(self):
        self.browsers: dict[str, FakeBrowser] = {}
        self.answers: dict[str, int] = {}  # path -> status to answer (410 for "gone")
        self.delays: dict[str, float] = {}  # path -> seconds to wait before answering
        self.deliveries: list[Delivery] = []
        self.failures: list[str] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                time.sleep(receiver.delays.get(self.path, 0))
                status = receiver.answers.get(self.path, 201)
                if status == 201:
                    receiver.receive(
                        self.path, {k.lower(): v for k, v in self.headers.items()}, body
                    )
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # Shutting down waits for the server's next poll: every 0.05 s, not the default 0.5 s.
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def subscribe(self, user, answer: int = 201, delay: float = 0) -> PushSubscription:
        path = f"/push/{uuid.uuid4().hex}"
        browser = FakeBrowser()
        self.browsers[path] = browser
        self.answers[path] = answer
        self.delays[path] = delay
        return PushSubscription.objects.create(
            user=user, endpoint=self.base_url + path, p256dh=browser.p256dh, auth=browser.auth
        )

    def receive(self, path: str, headers: dict, body: bytes) -> None:
        try:
            browser = self.browsers[path]
            plain = http_ece.decrypt(
                body,
                private_key=browser.private_key,
                auth_secret=browser.auth_secret,
                version="aes128gcm",
            )
            self.deliveries.append(Delivery(path, headers, json.loads(plain)))
        except Exception as error:  # recorded, so the test fails with what went wrong
            self.failures.append(f"{path}: {error!r}")


@pytest.fixture
def vapid_keys(settings):
    public, private = new_vapid_key_pair()
    settings.VAPID_PUBLIC_KEY = public
    settings.VAPID_PRIVATE_KEY = private
    settings.VAPID_SUBJECT = "mailto:reminders@example.com"
    return public, private


@pytest.fixture
def push_receiver(vapid_keys, settings):
    """The loopback receiver, allowed as a push service explicitly (it is plain http on an IP
    address, which real endpoints may never be)."""
    receiver = PushReceiver()
    settings.PUSH_SERVICE_HOSTS = [*settings.PUSH_SERVICE_HOSTS, receiver.base_url]
    receiver.thread.start()
    try:
        yield receiver
    finally:
        receiver.server.shutdown()
        receiver.server.server_close()


# --- Task backends ---------------------------------------------------------------------------


class DatabaseTasks:
    name = "db"

    def run_worker(self):
        """The real worker command, until no task is left."""
        call_command("db_worker", batch=True, startup_delay=False, verbosity=0)


class RQTasks:
    name = "rq"

    def __init__(self, queue_name):
        import django_rq
        from django_tasks_rq import Job

        self.queue = django_rq.get_queue(queue_name, job_class=Job)

    def run_worker(self):
        """An RQ worker in burst mode (in this process, so it sees the test's database)."""
        from django_tasks_rq import Job
        from rq import SimpleWorker

        worker = SimpleWorker([self.queue], connection=self.queue.connection, job_class=Job)
        worker.work(burst=True)

    def clean_up(self):
        registries = [
            self.queue.finished_job_registry,
            self.queue.failed_job_registry,
            self.queue.started_job_registry,
        ]
        ids = set(self.queue.job_ids)
        for registry in registries:
            ids.update(registry.get_job_ids())
        self.queue.empty()
        for job_id in ids:
            self.queue.connection.delete(f"rq:job:{job_id}", f"rq:results:{job_id}")
        for registry in registries:
            self.queue.connection.delete(registry.key)
        self.queue.delete(delete_jobs=True)


def redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(params=["db", "rq"])
def task_backend(request, settings, monkeypatch):
    """Each test that asks for this runs on both task backends."""
    if request.param == "db":
        settings.TASKS = {
            "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
        }
        settings.TASKS_QUEUE = "default"
        yield DatabaseTasks()
        return
    if not redis_reachable():
        message = f"Redis is not reachable at {REDIS_URL} (.ci/run starts it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)  # in CI the RQ backend must be tested, not skipped
        pytest.skip(message)
    import django_rq.settings

    # A queue of this test's own: other test processes may share the Redis server.
    queue_name = f"cramp-test-{uuid.uuid4().hex}"
    monkeypatch.setitem(django_rq.settings.QUEUES, queue_name, {"URL": REDIS_URL})
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [queue_name]}}
    settings.TASKS_QUEUE = queue_name
    tasks = RQTasks(queue_name)
    try:
        yield tasks
    finally:
        tasks.clean_up()


# --- Processes of our own: a Django command on the test database, a throwaway Redis ----------


def database_url(settings) -> str:
    """The test database as a DATABASE_URL, for a worker started as a separate process."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{database['NAME']}"
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    return (
        f"postgres://{database['USER']}{password}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )


def django_command(settings, *args: str, **env: str) -> subprocess.Popen:
    """``manage.py ARGS`` in a process of its own, on the test database."""
    environment = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": database_url(settings),
        **env,
    }
    environment.pop("PYTEST_XDIST_WORKER", None)
    return subprocess.Popen(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
        env=environment,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def wait_for(condition, timeout: float = 30.0, what: str = "it") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for {what}")
        time.sleep(0.05)


class ThrowawayRedis:
    """A redis-server of the test's own on a free port, keeping nothing on disk: restarting
    it loses every queued task, as a real Redis without persistence does."""

    def __init__(self):
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import redis

        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)

        def answers() -> bool:
            try:
                return bool(client.ping())
            except redis.RedisError:
                return False

        wait_for(answers, 10, "redis-server to start")

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


@pytest.fixture
def throwaway_redis():
    if shutil.which("redis-server") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is not installed")
        pytest.skip("redis-server is not installed")
    server = ThrowawayRedis()
    server.start()
    try:
        yield server
    finally:
        server.kill()
