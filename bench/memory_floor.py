"""What a web worker's memory is made of before it serves anything (issue 25, point 5).

bench/worker_memory.py measures a worker after 400 requests against the target of 70 MiB.
This script shows the floor under that figure: the resident memory (VmRSS) of a fresh
interpreter as it loads, stage by stage, first a bare Django (only its own apps: admin,
auth, contenttypes, sessions, messages, staticfiles; the admin's URLs loaded), then the
database driver and numpy, which the report needs; then the same stages for the site itself
(its settings with DEBUG off, its URL configuration, a database connection, the report's
modules). Every row set runs in new interpreters ``--repeat`` times; the medians are shown.

    .venv/bin/python bench/memory_floor.py             # the site on SQLite
    .venv/bin/python bench/memory_floor.py --postgres  # the site on the local PostgreSQL
"""

# Only what the child interpreters need before their first reading; the rest is imported
# by the parent in main().
import json
import os
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def resident_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def bare_django_stages(postgres: bool):
    """Django with only its own apps (and the database driver), then numpy."""
    import secrets

    import django
    from django.conf import settings

    if postgres:
        database = {"ENGINE": "django.db.backends.postgresql", "NAME": "postgres"}
        database |= {"USER": "postgres", "HOST": "127.0.0.1", "PORT": "5432"}
    else:
        database = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    contrib = ["admin", "auth", "contenttypes", "sessions", "messages", "staticfiles"]
    settings.configure(
        INSTALLED_APPS=[f"django.contrib.{app}" for app in contrib],
        DATABASES={"default": database},
        ROOT_URLCONF=__name__,
        TEMPLATES=[
            {"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}
        ],
        SECRET_KEY=secrets.token_urlsafe(48),
    )
    django.setup()
    from django.contrib import admin
    from django.core.wsgi import get_wsgi_application
    from django.urls import path

    global urlpatterns
    urlpatterns = [path("admin/", admin.site.urls)]
    get_wsgi_application()
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (loads the URL configuration)
    yield "Django alone: its own apps, the admin, the driver"
    from django.db import connection

    connection.ensure_connection()
    yield f"+ {connection.vendor} connected"
    import numpy  # noqa: F401

    yield "+ numpy"


def site_stages(postgres: bool):
    """The site's own set-up, URLs, a connection and the report's modules."""
    import django

    django.setup()
    from django.core.wsgi import get_wsgi_application

    get_wsgi_application()
    yield "the site's settings and apps set up"
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (loads the URL configuration)
    yield "+ its URL configuration (every view)"
    from django.db import connection

    connection.ensure_connection()
    yield f"+ {connection.vendor} connected"
    import reports.permutation
    import reports.report
    import reports.views  # noqa: F401

    yield "+ the report's modules (numpy among them)"


ROW_SETS = {"django": bare_django_stages, "site": site_stages}


def child(row_set: str, postgres: bool) -> None:
    readings = [("a bare interpreter", resident_mib())]
    for stage in ROW_SETS[row_set](postgres):
        readings.append((stage, resident_mib()))
    print(json.dumps(readings))


def site_environment(postgres: bool, scratch: Path) -> dict[str, str]:
    import secrets

    database_url = POSTGRES_URL if postgres else f"sqlite:///{scratch / 'floor.sqlite3'}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "TESTING": "false",
        "HTTPS": "false",
        "SECRET_KEY": secrets.token_urlsafe(48),
    }


def measure(row_set: str, postgres: bool, repeat: int, scratch: Path):
    import statistics
    import subprocess

    command = [sys.executable, __file__, "--child", row_set]
    command += ["--postgres"] if postgres else []
    runs = []
    for _ in range(repeat):
        finished = subprocess.run(
            command,
            env=site_environment(postgres, scratch),
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(finished.stdout.splitlines()[-1]))
    stages = [stage for stage, _ in runs[0]]
    return [(stage, statistics.median(run[i][1] for run in runs)) for i, stage in enumerate(stages)]


def main():
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    parser.add_argument("--repeat", type=int, default=5, help="fresh interpreters per row set")
    parser.add_argument("--child", choices=ROW_SETS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.postgres)
        return
    label = "PostgreSQL" if args.postgres else "SQLite"
    print(f"Resident memory (VmRSS) of a fresh interpreter, {label}, median of {args.repeat}")
    with tempfile.TemporaryDirectory(prefix="memory-floor-") as scratch:
        for row_set in ROW_SETS:
            previous = None
            for stage, mib in measure(row_set, args.postgres, args.repeat, Path(scratch)):
                step = "" if previous is None else f"  ({mib - previous:+.1f})"
                print(f"  {stage:<52} {mib:6.1f} MiB{step}")
                previous = mib
            print()


if __name__ == "__main__":
    main()
