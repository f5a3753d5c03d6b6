"""`restore` loses no acknowledged write, and `backup` on a full disk says so in one line.

Found by the production probe of issue 22: a restore while the site served lost 133 writes
that had been acknowledged (in neither the kept copy nor the restored database), and a backup
onto a full disk printed a traceback.
"""

import errno
import io
import os
import sqlite3
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from backups import maintenance
from backups import sqlite as sqlite_backup
from journal.models import Cramp
from tests.factories import UserFactory

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's backup API")
LOG_CRAMP = reverse("journal:log_cramp")


def cramp_tokens(path) -> set[str]:
    db = sqlite3.connect(path)
    try:
        return {
            uuid.UUID(row[0]).hex for row in db.execute("SELECT request_token FROM journal_cramp")
        }
    finally:
        db.close()


# --- The maintenance flag -------------------------------------------------------------------


@pytest.mark.django_db
def test_while_the_flag_is_set_the_site_answers_503_and_changes_nothing(owner_client):
    with maintenance.down_for_maintenance(wait_seconds=1):
        tap = owner_client.post(LOG_CRAMP, {"request_token": str(uuid.uuid4())})
        page = owner_client.get(reverse("journal:today"))

    assert tap.status_code == page.status_code == 503
    assert tap.content.decode() == "Down for maintenance, try again shortly."
    assert tap["Retry-After"] == "30"
    assert not Cramp.objects.exists()
    assert not maintenance.is_down()
    assert owner_client.post(LOG_CRAMP, {"request_token": str(uuid.uuid4())}).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_the_flag_waits_for_a_running_request_then_gives_up_cleanly(owner_client):
    import fcntl

    from backups.maintenance import _beside

    with open(_beside(".requests"), "a+b") as running:  # a request that does not finish
        fcntl.flock(running, fcntl.LOCK_SH)
        with pytest.raises(maintenance.StillBusy), maintenance.down_for_maintenance(0.2):
            pass
    assert not maintenance.is_down()


def serve_one_request_and_wait(flag: Path, database: Path) -> subprocess.Popen:
    """Another process that has served a request through the site's middleware, and runs on."""
    code = (
        "import django, sys; django.setup();"
        "from django.test import Client; Client().get('/manifest.webmanifest');"
        "print('served', flush=True); sys.stdin.read()"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "true",
        "MAINTENANCE_FLAG": str(flag),
        "DATABASE_URL": f"sqlite:///{database}",
    }
    server = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout.readline().strip() == "served"
    return server


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_restore_refuses_while_the_site_serves_unless_told_to(tmp_path, owner_client):
    backup = tmp_path / "backup.sqlite3"
    call_command("backup", str(backup), stdout=io.StringIO())
    owner_client.post(LOG_CRAMP, {"request_token": str(uuid.uuid4())})
    server = serve_one_request_and_wait(settings.MAINTENANCE_FLAG, tmp_path / "other.sqlite3")
    try:
        with pytest.raises(CommandError, match="The site is serving"):
            call_command("restore", str(backup), "--yes", "--no-keep")
        assert Cramp.objects.count() == 1  # nothing was restored

        out = io.StringIO()
        call_command("restore", str(backup), "--yes", "--no-keep", "--while-serving", stdout=out)
    finally:
        server.stdin.close()
        server.wait(timeout=10)
    assert "Restored" in out.getvalue()
    assert Cramp.objects.count() == 0
    assert not maintenance.is_down()


class Tapper(threading.Thread):
    """Logs cramps through the real view until told to stop; keeps what was acknowledged."""

    def __init__(self, user):
        super().__init__(daemon=True)
        self.client = Client()
        self.client.force_login(user)
        self.stop = threading.Event()
        self.acknowledged: set[str] = set()
        self.refused = 0
        self.error = None

    def run(self):
        try:
            while not self.stop.is_set():
                token = uuid.uuid4()
                response = self.client.post(LOG_CRAMP, {"request_token": str(token)})
                if response.status_code == 302:
                    assert "/login" not in response.url, "signed out: not a saved tap"
                    self.acknowledged.add(token.hex)
                elif response.status_code == 503:
                    self.refused += 1
                else:
                    raise AssertionError(f"status {response.status_code}")
        except Exception as error:  # reported by the test
            self.error = error
        finally:
            connection.close()


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_restore_while_serving_loses_no_acknowledged_write(tmp_path):
    user = UserFactory()
    tappers = [Tapper(user) for _ in range(3)]  # signed in before the backup
    backup = tmp_path / "backup.sqlite3"
    call_command("backup", str(backup), stdout=io.StringIO())
    for tapper in tappers:
        tapper.start()
    while sum(len(t.acknowledged) for t in tappers) < 30:
        assert all(t.is_alive() for t in tappers), [t.error for t in tappers]
        threading.Event().wait(0.01)

    out = io.StringIO()
    call_command("restore", str(backup), "--yes", "--while-serving", stdout=out)
    threading.Event().wait(0.2)  # taps after the restore go into the restored database

    for tapper in tappers:
        tapper.stop.set()
        tapper.join(timeout=30)
        assert tapper.error is None
    live = Path(connection.settings_dict["NAME"])
    kept_copy = next(live.parent.glob(f"{live.name}.before-restore-*"))
    try:
        acknowledged = set().union(*(t.acknowledged for t in tappers))
        lost = acknowledged - cramp_tokens(kept_copy) - cramp_tokens(live)
        assert acknowledged and not lost
    finally:
        kept_copy.unlink()


# --- A full disk ------------------------------------------------------------------------------


@on_sqlite
@pytest.mark.django_db
def test_backup_on_a_full_disk_says_so_in_one_line(tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sqlite_backup, "_copy_into", full)

    with pytest.raises(CommandError) as refused:
        call_command("backup", str(tmp_path / "backup.sqlite3"))

    message = str(refused.value)
    assert message.startswith(f"The disk holding {tmp_path} is full")
    assert "\n" not in message
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def tiny_disk(tmp_path):
    """A real 64 KB file system, too small for any backup of the site."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


@on_sqlite
@pytest.mark.django_db
def test_backup_onto_a_real_full_disk_says_so_and_leaves_nothing(tiny_disk):
    UserFactory.create_batch(3)

    with pytest.raises(CommandError, match=r"^The disk holding .* is full: the backup needs"):
        call_command("backup", str(tiny_disk / "backup.sqlite3"))

    assert list(tiny_disk.iterdir()) == []
