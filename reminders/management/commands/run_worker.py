"""The background worker and the reminders' clock, in one process to start and stop.

It starts the task backend's own worker as a child process (``db_worker`` for the database
backend, ``rqworker`` for RQ) and, in this process, calls the reminders' scheduler at the
start of every minute. The clock lives exactly as long as the worker: a task that
re-enqueued itself instead could die with a failed run or a flushed queue and silently stop
every reminder, and each restart would start one more such chain. Running the clock on
several servers at once sends nothing twice (each reminder is claimed once in the
database), it only repeats the work: give it ``--no-clock`` on all but one.

It is the child's supervisor: a worker that exits (Redis restarted under it, the database
went away) is started again, sooner at first and then every 30 seconds, until it stays up;
a tick that fails (the database is down) is only logged, and the next minute tries again.
SIGTERM or SIGINT stop the child's whole process group (an RQ worker forks a work horse per
task) before this process exits, and on Linux the child is also told to stop should this
process be killed outright, so no orphan keeps taking tasks.
"""

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connections
from django.utils import timezone

from reminders.scheduler import enqueue_due_reminders

# A child that ran this long was healthy: its next exit starts the backoff from the start.
HEALTHY_RUN = 60.0
RESTART_WAITS = (1.0, 2.0, 5.0, 10.0, 30.0)
STOP_GRACE = 20.0
PR_SET_PDEATHSIG = 1


def worker_command() -> list[str]:
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
    if settings.TASKS_BACKEND == "rq":
        return [*manage, "rqworker", settings.TASKS_QUEUE, "--job-class", "django_tasks_rq.Job"]
    # No reloader (on with DEBUG): it would put a process of its own between us and the worker.
    return [
        *manage,
        "db_worker",
        "--queue-name",
        settings.TASKS_QUEUE,
        "--interval",
        "1",
        "--no-reload",
    ]


def seconds_to_next_minute(now: float) -> float:
    return 60 - now % 60


def _stop_with_parent() -> None:
    """In the child, before exec: SIGTERM when the parent dies, even by SIGKILL (Linux)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def start_worker() -> "subprocess.Popen[bytes]":
    # A process group of its own, so that stopping it reaches the work horses it forks.
    return subprocess.Popen(worker_command(), start_new_session=True, preexec_fn=_stop_with_parent)


def stop_worker(worker: "subprocess.Popen[bytes]") -> None:
    """SIGTERM to the worker's process group; SIGKILL to what is left after the grace."""
    for sig, wait in ((signal.SIGTERM, STOP_GRACE), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(worker.pid, sig)
        except ProcessLookupError:
            return
        try:
            worker.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        with contextlib.suppress(ProcessLookupError):  # the leader is gone; a horse may not be
            os.killpg(worker.pid, signal.SIGKILL)
        return


class Command(BaseCommand):
    help = "Runs the task worker and, once a minute, enqueues the reminders that are due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-clock", action="store_true", help="Run the worker only, no reminder clock."
        )

    def handle(self, *args: Any, no_clock: bool = False, **options: Any) -> None:
        stopping: list[int] = []

        def request_stop(signum: int, frame: object) -> None:
            stopping.append(signum)

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        worker = start_worker()
        started, failures = time.monotonic(), 0
        restart_at: float | None = None
        self.stdout.write(
            f"Worker started ({settings.TASKS_BACKEND} backend, pid {worker.pid})"
            + ("" if no_clock else "; reminders are checked every minute")
        )
        next_tick = time.time()
        try:
            while not stopping:
                if restart_at is None and worker.poll() is not None:
                    failures = 1 if time.monotonic() - started > HEALTHY_RUN else failures + 1
                    wait = RESTART_WAITS[min(failures, len(RESTART_WAITS)) - 1]
                    self.stderr.write(
                        f"Worker exited with {worker.returncode}; starting it again in {wait:g} s"
                    )
                    restart_at = time.monotonic() + wait
                if restart_at is not None and time.monotonic() >= restart_at:
                    worker, started, restart_at = start_worker(), time.monotonic(), None
                    self.stdout.write(f"Worker started again (pid {worker.pid})")
                if not no_clock and time.time() >= next_tick:
                    self.tick()
                    next_tick = time.time() + seconds_to_next_minute(time.time())
                time.sleep(0.5)
        finally:
            stop_worker(worker)

    def tick(self) -> None:
        close_old_connections()  # one the database dropped while we slept is replaced
        try:
            claimed = enqueue_due_reminders(timezone.now())
        except Exception as error:  # the database or the queue is down: next minute again
            self.stderr.write(f"Reminder check failed: {error}")
            connections.close_all()
            return
        if claimed:
            self.stdout.write(f"Enqueued {len(claimed)} reminder(s)")
