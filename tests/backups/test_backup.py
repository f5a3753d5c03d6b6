"""`backup` makes a consistent copy while the site writes; `restore` puts one back."""

import io
import sqlite3
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from backups import sqlite as sqlite_backup
from journal.models import Drink
from tests.factories import DrinkFactory, UserFactory

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's backup API")
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump advice")


def count_drinks(path):
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT count(*) FROM journal_drink").fetchone()[0]
    finally:
        db.close()


def integrity(path):
    db = sqlite3.connect(path)
    try:
        return db.execute("PRAGMA integrity_check").fetchall()
    finally:
        db.close()


class Writer(threading.Thread):
    """Adds drinks through the ORM, on its own connection, until told to stop."""

    def __init__(self, user):
        super().__init__(daemon=True)
        self.user = user
        self.stop = threading.Event()
        self.written = 0
        self.error = None

    def run(self):
        try:
            while not self.stop.is_set():
                DrinkFactory(user=self.user, volume_ml=250)
                self.written += 1
        except Exception as error:  # reported by the test
            self.error = error
        finally:
            connection.close()


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_backup_during_writes_is_consistent_and_restores(tmp_path):
    user = UserFactory()
    for _ in range(300):  # enough pages for the copy to take a moment
        DrinkFactory(user=user, volume_ml=250)
    writer = Writer(user)
    writer.start()
    while writer.written < 20:  # the writer is really writing
        time.sleep(0.01)
    before = Drink.objects.count()

    destination = tmp_path / "backup.sqlite3"
    call_command("backup", str(destination), stdout=io.StringIO())

    after = Drink.objects.count()
    writer.stop.set()
    writer.join(timeout=30)
    assert writer.error is None
    assert after > before, "the writer went on writing during the backup"
    assert integrity(destination) == [("ok",)]
    copied = count_drinks(destination)
    assert before <= copied <= after
    # A self-contained file: no WAL beside it is needed to read it.
    assert sqlite3.connect(destination).execute("PRAGMA journal_mode").fetchone() == ("delete",)

    # Restore it into the site's database, then read it back through Django.
    total = Drink.objects.count()
    assert total > copied
    call_command("restore", str(destination), "--yes", "--no-keep", stdout=io.StringIO())
    assert Drink.objects.count() == copied
    assert integrity(connection.settings_dict["NAME"]) == [("ok",)]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_file(tmp_path):
    user = UserFactory()
    DrinkFactory.create_batch(5, user=user)
    destination = tmp_path / "backup.sqlite3"
    call_command("backup", str(destination), stdout=io.StringIO())

    fresh = tmp_path / "fresh.sqlite3"
    sqlite_backup.restore(destination, fresh)

    assert integrity(fresh) == [("ok",)]
    assert count_drinks(fresh) == 5


@on_sqlite
@pytest.mark.django_db
def test_backup_refuses_to_overwrite_without_force(tmp_path):
    destination = tmp_path / "backup.sqlite3"
    destination.write_bytes(b"precious")

    with pytest.raises(CommandError, match=r"already exists. Use --force"):
        call_command("backup", str(destination))
    assert destination.read_bytes() == b"precious"

    call_command("backup", str(destination), "--force", stdout=io.StringIO())
    assert integrity(destination) == [("ok",)]


@on_sqlite
@pytest.mark.django_db
def test_backup_refuses_a_missing_folder_and_leaves_no_partial_file(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("backup", str(tmp_path / "nowhere" / "backup.sqlite3"))
    call_command("backup", str(tmp_path / "ok.sqlite3"), stdout=io.StringIO())
    assert [path.name for path in tmp_path.iterdir()] == ["ok.sqlite3"]


@on_sqlite
@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_sqlite_database(tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")
    with pytest.raises(CommandError, match="is not a SQLite database"):
        call_command("restore", str(bogus), "--yes")


@on_sqlite
@pytest.mark.django_db
def test_restore_refuses_a_database_of_another_application(tmp_path):
    other = tmp_path / "other.sqlite3"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE things (id integer)")
    db.commit()
    db.close()
    with pytest.raises(CommandError, match=r"not a backup of this site.*journal_cramp"):
        call_command("restore", str(other), "--yes")


@on_sqlite
@pytest.mark.django_db
def test_restore_refuses_a_damaged_backup(tmp_path):
    destination = tmp_path / "backup.sqlite3"
    call_command("backup", str(destination), stdout=io.StringIO())
    data = bytearray(destination.read_bytes())
    page = 4096
    data[page * 2 : page * 2 + 64] = b"\xff" * 64  # garbage over a b-tree page header
    destination.write_bytes(bytes(data))
    with pytest.raises(CommandError, match=r"integrity check|malformed|not a database"):
        call_command("restore", str(destination), "--yes")


@on_sqlite
@pytest.mark.django_db
def test_restore_asks_for_confirmation_and_changes_nothing_without_it(tmp_path):
    destination = tmp_path / "backup.sqlite3"
    call_command("backup", str(destination), stdout=io.StringIO())
    UserFactory()
    with pytest.raises(CommandError, match="Run again with --yes"):
        call_command("restore", str(destination))
    assert Drink.objects.count() == 0
    from accounts.models import User

    assert User.objects.count() == 1


@on_postgresql
@pytest.mark.django_db
def test_on_postgresql_the_commands_point_to_pg_dump_and_pg_restore(tmp_path):
    with pytest.raises(CommandError, match=r"pg_dump .*--format=custom"):
        call_command("backup", str(tmp_path / "backup.dump"))
    with pytest.raises(CommandError, match="pg_restore "):
        call_command("restore", str(tmp_path / "backup.dump"), "--yes")
