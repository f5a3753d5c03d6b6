"""Shared set-up for the benchmarks: a throw-away database, Django configured for it."""

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
POSTGRES_DATABASE = "cramp_bench"
POSTGRES_URL = f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"


def parse_args(description, extra=None):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--postgres", action="store_true", help="use the local PostgreSQL server, not SQLite"
    )
    if extra:
        extra(parser)
    return parser.parse_args()


def configure_django(postgres: bool, database: str = POSTGRES_DATABASE) -> str:
    """Points Django at a fresh benchmark database and migrates it; returns its label.

    ``database`` names the PostgreSQL database (dropped and created again), so that two
    benchmarks can run side by side on one server.
    """
    sys.path.insert(0, str(ROOT))
    database = os.environ.get("BENCH_DATABASE", database)  # a name of one's own on a shared server
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "false"
    os.environ["TESTING"] = "true"  # the relaxed test settings: no HTTPS redirect
    os.environ["ALLOWED_HOSTS"] = "testserver"
    if postgres:
        _recreate_postgres_database(database)
        os.environ["DATABASE_URL"] = f"{POSTGRES_SERVER}/{database}"
        label = "PostgreSQL"
    else:
        path = Path(tempfile.mkdtemp()) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
        label = "SQLite"

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return label


def _recreate_postgres_database(database: str = POSTGRES_DATABASE):
    import psycopg
    from psycopg import sql

    name = sql.Identifier(database)
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        db.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(name))
        db.execute(sql.SQL("CREATE DATABASE {}").format(name))


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]
