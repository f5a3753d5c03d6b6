import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from backups import sqlite

from ._database import sqlite_path


class Command(BaseCommand):
    help = (
        "Copy the SQLite database to DEST while the site keeps running (SQLite's online "
        "backup API), then check the copy with PRAGMA integrity_check. On PostgreSQL, use "
        "pg_dump (the command says how)."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", metavar="DEST", help="the backup file to write")
        parser.add_argument(
            "--force", action="store_true", help="replace DEST if it exists already"
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="database alias")

    def handle(self, *args, destination, force, database, **options):
        source = sqlite_path(database, "backup")
        started = time.monotonic()
        try:
            facts = sqlite.backup(source, Path(destination), overwrite=force)
        except sqlite.BackupError as problem:
            raise CommandError(str(problem)) from problem
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {source} to {facts.path}: {facts.size_bytes / 1e6:.1f} MB, "
                f"{facts.tables} tables, integrity check ok ({seconds:.1f} s)."
            )
        )
