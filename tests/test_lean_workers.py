"""A web worker loads what pages need, not what the report's statistics, the push sender or the
task queue need (issue 25: numpy, pywebpush and rq took a worker from 55 to 101 MiB). Checked
in a fresh interpreter, as a worker starts and serves its first page: settings, the URL
configuration, the WSGI app, the template tag libraries (Django loads them all at once)."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = [
    "numpy",
    "pywebpush",
    "http_ece",
    "py_vapid",
    "requests",
    "urllib3",
    "rq",
    "redis",
    "django_rq",
]

WORKER_START = """
import json, sys
from config.wsgi import application
import config.urls
from django.urls import get_resolver
get_resolver().url_patterns  # the whole URL configuration, every app's urls and views
from django.template import engines
engines["django"].engine.template_libraries  # every template tag library, as a first page loads
print(json.dumps(sorted(name for name in {heavy!r} if name in sys.modules)))
"""


def loaded_by_a_worker(**environment: str) -> list[str]:
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "TESTING"}},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DEBUG": "false",
        "TESTING": "false",
        **environment,
    }
    done = subprocess.run(
        [sys.executable, "-c", WORKER_START.format(heavy=HEAVY)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_web_worker_loads_neither_numpy_nor_the_push_sender_nor_the_task_queue():
    assert loaded_by_a_worker() == []


def test_nor_in_development():
    assert loaded_by_a_worker(DEBUG="true") == []
