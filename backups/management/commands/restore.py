import time
from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from backups import maintenance, sqlite

from ._database import required_tables, sqlite_path


class Command(BaseCommand):
    help = (
        "Replace the SQLite database with a backup made by `backup`, after checking that it is "
        "an intact SQLite file with this site's tables. The current database is kept beside "
        "itself first. It refuses while the site is serving unless given --while-serving: "
        "then the site answers 503 'down for maintenance' while the backup goes in. On "
        "PostgreSQL, use pg_restore."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="SRC", help="the backup file to restore")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="confirm that the whole database is to be replaced by SRC",
        )
        parser.add_argument(
            "--no-keep",
            action="store_true",
            help="do not keep a copy of the current database before replacing it",
        )
        parser.add_argument(
            "--while-serving",
            action="store_true",
            help="restore although the site is running: it answers 503 'down for maintenance' "
            "until the restore is done",
        )
        parser.add_argument(
            "--wait",
            type=float,
            default=30.0,
            metavar="SECONDS",
            help="how long to wait for running requests to finish (default 30)",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="database alias")

    def handle(self, *args, source, yes, no_keep, while_serving, wait, database, **options):
        target = sqlite_path(database, "restore")
        source = Path(source)
        try:
            facts = sqlite.check_backup(source, required_tables())
        except sqlite.BackupError as problem:
            raise CommandError(str(problem)) from problem
        if not yes:
            raise CommandError(
                f"This replaces everything in {target} with {source} "
                f"({facts.size_bytes / 1e6:.1f} MB, checked). Run again with --yes to do it."
            )
        if maintenance.site_is_serving() and not while_serving:
            raise CommandError(
                "The site is serving: writes made during the restore would be lost. Stop it "
                "first, or run again with --while-serving (it then answers 503 'down for "
                "maintenance' until the restore is done). Nothing was changed."
            )
        try:
            with maintenance.down_for_maintenance(wait):
                self._restore(source, target, database, no_keep)
        except maintenance.StillBusy as busy:
            raise CommandError(f"Nothing was restored: {busy}. Try again.") from None

    def _restore(self, source: Path, target: Path, database: str, no_keep: bool) -> None:
        connections[database].close()  # ours; the copy goes in under SQLite's write lock
        if target.exists() and not no_keep:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            kept = target.with_name(f"{target.name}.before-restore-{stamp}")
            try:
                sqlite.backup(target, kept)
            except sqlite.BackupError as problem:
                raise CommandError(f"Could not keep the current database: {problem}") from None
            self.stdout.write(f"Kept the current database as {kept}.")
        started = time.monotonic()
        try:
            sqlite.restore(source, target)
        except sqlite.BackupError as problem:
            raise CommandError(str(problem)) from problem
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {source} into {target}, integrity check ok "
                f"({time.monotonic() - started:.1f} s). If the backup is older than this "
                "version of the site, run `python manage.py migrate` next."
            )
        )
