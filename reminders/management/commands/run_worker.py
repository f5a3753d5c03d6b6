"""The background worker and the reminders' clock, in one process to start and stop.

It starts the task backend's own worker as a child process (``db_worker`` for the database
backend, ``rqworker`` for RQ) and, in this process, calls the reminders' scheduler at the
start of every minute. The clock lives exactly as long as the worker: a task that
re-enqueued itself instead could die with a failed run or a flushed queue and silently stop
every reminder, and each restart would start one more such chain. Running the clock on
several servers at once sends nothing twice (each reminder is claimed once in the
database), it only repeats the work: give it ``--no-clock`` on all but one.
"""

import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from reminders.scheduler import enqueue_due_reminders


def worker_command() -> list[str]:
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
    if settings.TASKS_BACKEND == "rq":
        return [*manage, "rqworker", settings.TASKS_QUEUE, "--job-class", "django_tasks_rq.Job"]
    return [*manage, "db_worker", "--queue-name", settings.TASKS_QUEUE, "--interval", "1"]


def seconds_to_next_minute(now: float) -> float:
    return 60 - now % 60


class Command(BaseCommand):
    help = "Runs the task worker and, once a minute, enqueues the reminders that are due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-clock", action="store_true", help="Run the worker only, no reminder clock."
        )

    def handle(self, *args, no_clock=False, **options):
        # SIGTERM (from `make run` when the server stops) ends this process through
        # SystemExit, so the finally below stops the worker too.
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
        worker = subprocess.Popen(worker_command())
        self.stdout.write(
            f"Worker started ({settings.TASKS_BACKEND} backend, pid {worker.pid})"
            + ("" if no_clock else "; reminders are checked every minute")
        )
        try:
            while worker.poll() is None:
                if not no_clock:
                    self.tick()
                self.wait_for_next_minute(worker)
        except KeyboardInterrupt:
            pass
        finally:
            if worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    worker.kill()
        return None

    def tick(self):
        try:
            claimed = enqueue_due_reminders(timezone.now())
        except Exception as error:  # a database hiccup must not stop the clock
            self.stderr.write(f"Reminder check failed: {error}")
            return
        if claimed:
            self.stdout.write(f"Enqueued {len(claimed)} reminder(s)")

    def wait_for_next_minute(self, worker):
        deadline = time.time() + seconds_to_next_minute(time.time())
        while time.time() < deadline and worker.poll() is None:
            time.sleep(min(1.0, max(deadline - time.time(), 0)))
