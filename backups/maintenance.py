"""Down for maintenance: a flag file the site honours, so that `restore` loses no write.

A restore replaces the whole database. A write acknowledged after the current database was
kept but before the backup went in would be in neither (the probe of issue 22 lost 133 that
way), so `restore` first sets the flag, then waits for the requests already running, and only
then keeps and restores; the site answers 503 "down for maintenance" meanwhile.

Two locks on files beside the flag, both taken by the operating system's ``flock`` and so
released by themselves when a process dies:

- ``<flag>.requests``: every request holds it shared while it runs (then checks the flag);
  `restore` takes it exclusively, which waits for the running requests and keeps new ones out.
- ``<flag>.serving``: every app process holds it shared from its first request on; `restore`
  tries it exclusively to learn whether the site is serving, and then refuses unless told to
  go on (``--while-serving``). It is a POSIX record lock, which a process never conflicts with
  itself on: the command that asks is never taken for a server.

The locks work between the processes of one machine, which is where SQLite runs.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from django.conf import settings
from django.http import HttpRequest, HttpResponse

MESSAGE = "Down for maintenance, try again shortly."
RETRY_AFTER_SECONDS = 30


class StillBusy(Exception):
    """Requests were still running when the wait for them ran out."""


def flag_path() -> Path:
    return Path(settings.MAINTENANCE_FLAG)


def _beside(suffix: str) -> Path:
    flag = flag_path()
    return flag.with_name(flag.name + suffix)


def is_down() -> bool:
    return flag_path().exists()


def _open(path: Path) -> IO[bytes]:
    # Read and write: a shared POSIX lock needs a file open for reading, an exclusive one
    # for writing.
    return open(path, "a+b")


def unavailable() -> HttpResponse:
    response = HttpResponse(MESSAGE, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["HX-Reswap"] = "none"  # htmx keeps the page as it is and shows its own error
    return response


class MaintenanceMiddleware:
    """Answers 503 while the flag is set; otherwise marks the request as running."""

    _serving: IO[bytes] | None = None  # per process, held for the process's life

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @classmethod
    def _mark_serving(cls) -> None:
        if cls._serving is None or cls._serving.closed:
            handle = _open(_beside(".serving"))
            fcntl.lockf(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
            cls._serving = handle

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with contextlib.suppress(OSError):  # a restore holds it: we are about to be down
            self._mark_serving()
        try:
            running = _open(_beside(".requests"))
        except OSError:  # a read-only folder: the flag alone still takes the site down
            return unavailable() if is_down() else self.get_response(request)
        with running:
            try:
                fcntl.flock(running, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return unavailable()  # a restore has the site to itself
            if is_down():
                return unavailable()
            return self.get_response(request)


def site_is_serving() -> bool:
    """Whether an app process of this site is running (holding the serving lock)."""
    with _open(_beside(".serving")) as handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.lockf(handle, fcntl.LOCK_UN)
        return False


@contextlib.contextmanager
def down_for_maintenance(wait_seconds: float = 30.0) -> Iterator[None]:
    """Sets the flag, waits for running requests, and holds the site until the block ends;
    then clears the flag. Raises StillBusy (with the flag cleared) if requests outlast the
    wait."""
    flag = flag_path()
    flag.write_text(f"restore by process {os.getpid()}\n")
    try:
        with _open(_beside(".requests")) as running:
            deadline = time.monotonic() + wait_seconds
            while True:
                try:
                    fcntl.flock(running, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StillBusy(
                            f"requests were still running after {wait_seconds:g} s"
                        ) from None
                    time.sleep(0.05)
            yield
    finally:
        flag.unlink(missing_ok=True)
