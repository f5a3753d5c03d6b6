"""Online backup and restore of the SQLite database file, with SQLite's own backup API.

A backup reads the live database in one step, inside one read transaction: in WAL mode that
sees one committed state of the whole file while the site goes on writing, so the copy is
consistent without stopping anyone. (A backup in several steps restarts each time another
connection writes, and under steady writes might never finish.) The copy is written to a
temporary file beside the destination, checked with ``PRAGMA integrity_check``, switched to a
rollback journal so that it is one self-contained file, and only then renamed into place:
a failed backup never leaves a half-written file under the destination's name.

A restore checks the copy first (a SQLite file, intact, with the site's tables), keeps the
current database beside itself, then writes the copy into the live file with the same API,
under the write lock, so that connections that are open see the old or the new database and
never a mixture.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"
# Seconds to wait for the write lock before a restore gives up (the site's own busy timeout).
LOCK_TIMEOUT = 20


class BackupError(Exception):
    """Something a person can fix, said in words they can act on."""


@dataclass(frozen=True)
class CopyFacts:
    path: Path
    size_bytes: int
    tables: int


def backup(source: Path, destination: Path, *, overwrite: bool = False) -> CopyFacts:
    """Copies the live database ``source`` to ``destination`` and checks the copy."""
    source, destination = Path(source), Path(destination)
    if not source.is_file():
        raise BackupError(f"There is no database file at {source}.")
    if destination.resolve() == source.resolve():
        raise BackupError("The destination is the database itself; choose another path.")
    if destination.is_dir():
        raise BackupError(f"{destination} is a directory; give the backup file's path.")
    if destination.exists() and not overwrite:
        raise BackupError(f"{destination} already exists. Use --force to replace it.")
    if not destination.parent.is_dir():
        raise BackupError(f"The folder {destination.parent} does not exist.")

    try:
        _copy_into(source, destination)
    except (OSError, sqlite3.OperationalError) as error:
        if not _disk_full(error):
            raise
        raise BackupError(_full_disk_message(source, destination)) from None
    return describe(destination)


def _copy_into(source: Path, destination: Path) -> None:
    handle, temporary_name = tempfile.mkstemp(
        prefix=f".{destination.name}.", suffix=".partial", dir=destination.parent
    )
    os.close(handle)
    temporary = Path(temporary_name)
    try:
        live = sqlite3.connect(source, timeout=LOCK_TIMEOUT)
        copy = sqlite3.connect(temporary)
        try:
            live.backup(copy)  # pages=-1: the whole file in one step, one consistent snapshot
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            live.close()
            copy.close()
        problems = integrity_problems(temporary)
        if problems:
            raise BackupError("The copy failed its integrity check: " + "; ".join(problems))
        os.replace(temporary, destination)
    finally:
        # The copy and any rollback journal SQLite left beside it when the disk filled.
        for leftover in (temporary, temporary.with_name(temporary.name + "-journal")):
            leftover.unlink(missing_ok=True)


def _disk_full(error: BaseException) -> bool:
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    # SQLite's own words for ENOSPC (SQLITE_FULL).
    return isinstance(error, sqlite3.OperationalError) and "disk is full" in str(error)


def _full_disk_message(source: Path, destination: Path) -> str:
    needed = source.stat().st_size / 1e6
    free = shutil.disk_usage(destination.parent).free / 1e6
    return (
        f"The disk holding {destination.parent} is full: the backup needs about "
        f"{needed:.1f} MB and {free:.1f} MB are free. Nothing was written; free some space "
        "or choose another disk."
    )


def check_backup(path: Path, required_tables: set[str]) -> CopyFacts:
    """Raises BackupError unless ``path`` is an intact SQLite database with these tables."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no file at {path}.")
    with path.open("rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(f"{path} is not a SQLite database.")
    problems = integrity_problems(path)
    if problems:
        raise BackupError(f"{path} failed its integrity check: " + "; ".join(problems))
    missing = sorted(required_tables - table_names(path))
    if missing:
        raise BackupError(
            f"{path} is not a backup of this site: it lacks the tables {', '.join(missing)}."
        )
    return describe(path)


def restore(backup_path: Path, database: Path) -> None:
    """Writes the checked backup into the live database file ``database``."""
    copy = sqlite3.connect(backup_path)
    live = sqlite3.connect(database, timeout=LOCK_TIMEOUT)
    try:
        copy.backup(live)
        live.execute("PRAGMA journal_mode=WAL")  # the site's mode (settings.py)
    finally:
        copy.close()
        live.close()
    problems = integrity_problems(database)
    if problems:
        raise BackupError(
            "The restored database failed its integrity check: " + "; ".join(problems)
        )


def integrity_problems(path: Path) -> list[str]:
    """What ``PRAGMA integrity_check`` finds wrong; empty when the file is intact."""
    try:
        db = sqlite3.connect(path)
        try:
            rows = [row[0] for row in db.execute("PRAGMA integrity_check")]
        finally:
            db.close()
    except sqlite3.DatabaseError as error:
        return [str(error)]
    return [] if rows == ["ok"] else rows


def table_names(path: Path) -> set[str]:
    db = sqlite3.connect(path)
    try:
        return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        db.close()


def describe(path: Path) -> CopyFacts:
    return CopyFacts(Path(path), Path(path).stat().st_size, len(table_names(path)))
