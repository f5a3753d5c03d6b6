"""What the backup and restore commands share: which database, and what to say on PostgreSQL."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections

PROJECT_APPS = ("accounts", "foods", "journal")


def sqlite_path(alias: str, action: str) -> Path:
    """The database file, or a CommandError that says what to do for other databases."""
    database = settings.DATABASES[alias]
    vendor = connections[alias].vendor
    if vendor == "postgresql":
        name = database.get("NAME", "cramp_journal")
        host = database.get("HOST") or "localhost"
        port = database.get("PORT") or 5432
        user = database.get("USER") or "postgres"
        target = f"--host={host} --port={port} --username={user}"
        if action == "backup":
            how = f"pg_dump {target} --format=custom --file=cramp-journal.dump {name}"
        else:
            how = f"pg_restore {target} --clean --if-exists --dbname={name} cramp-journal.dump"
        raise CommandError(
            f"This site runs on PostgreSQL, which has its own consistent online {action}: "
            f"use {'pg_dump' if action == 'backup' else 'pg_restore'}, for example\n  {how}\n"
            "(see the README's Backups section)."
        )
    if vendor != "sqlite":
        raise CommandError(f"{action} supports SQLite; this database is {vendor}.")
    name = str(database["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise CommandError("This SQLite database is in memory: there is no file to copy.")
    return Path(name)


def required_tables() -> set[str]:
    """The tables a backup of this site must have: Django's migration record and ours."""
    tables = {"django_migrations"}
    for label in PROJECT_APPS:
        tables |= {model._meta.db_table for model in apps.get_app_config(label).get_models()}
    return tables
