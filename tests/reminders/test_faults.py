"""Reminders arrive once whatever fails at the wrong minute (issue 22).

Each test breaks a real part at the due minute: the SMTP server on loopback goes down, the
task worker (a real ``db_worker`` process) is killed while it is sending, a Redis of the
test's own is restarted with tasks in it. Then the clock keeps ticking, as ``run_worker``'s
would, and everyone must have exactly one reminder. The clock is handed its ``now``; the
workers keep their leases on the real clock, so the ticks start at the current minute.
"""

import contextlib
import datetime
import os
import signal
import subprocess
import time

import pytest
from django.utils import timezone

from journal.nights import record_no_cramps
from reminders.models import ReminderSettings, SentReminder
from reminders.scheduler import ENQUEUE_BATCH, enqueue_due_reminders
from tests.factories import UserFactory

from .conftest import DatabaseTasks, django_command, wait_for

pytestmark = pytest.mark.django_db(transaction=True)  # the real workers commit their work

MINUTE = datetime.timedelta(minutes=1)


def due_now(count: int) -> tuple[datetime.datetime, list]:
    """``count`` people in UTC whose morning reminder is at the current minute."""
    now = timezone.now().replace(second=0, microsecond=0)
    people = [
        UserFactory(email=f"person{n}@example.com", profile={"time_zone": "UTC"})
        for n in range(count)
    ]
    ReminderSettings.objects.bulk_create(
        ReminderSettings(user=person, morning_enabled=True, morning_time=now.time(), by_email=True)
        for person in people
    )
    return now, people


def clock_tick(now: datetime.datetime) -> None:
    """What run_worker's clock does each minute: a failure is logged, the next minute retries."""
    try:
        enqueue_due_reminders(now)
    except Exception as error:
        print(f"tick at {now:%H:%M} failed: {error!r}")


def emails(people) -> list[str]:
    return sorted(person.email for person in people)


def test_the_mail_server_down_at_the_due_minute_loses_no_one(task_backend, smtp_server):
    now, people = due_now(20)

    smtp_server.stop()  # down when the reminders fall due, and while the worker sends them
    clock_tick(now)
    task_backend.run_worker()
    smtp_server.start()  # back a little later
    for minutes in range(1, 6):
        clock_tick(now + minutes * MINUTE)
        task_backend.run_worker()

    assert smtp_server.recipients() == emails(people)
    assert set(SentReminder.objects.values_list("state", flat=True)) == {"sent"}


def test_a_worker_killed_mid_send_does_not_lose_the_reminder(settings, smtp_server):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    settings.TASKS_QUEUE = "default"
    now, people = due_now(1)
    smtp_server.hold = True  # the message waits in DATA: the worker is mid-send

    clock_tick(now)
    worker = django_command(
        settings,
        *("db_worker", "--queue-name", "default", "--interval", "0.2", "--no-reload"),
        "--no-startup-delay",
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_server.port}",
        TASKS_BACKEND="db",
        TASKS_QUEUE="default",
    )
    try:
        wait_for(lambda: smtp_server.held == 1 or worker.poll() is not None, 60, "the send")
        assert worker.poll() is None, worker.stdout.read().decode()
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
    smtp_server.hold = False  # the connection died with the worker: nothing was delivered

    for minutes in range(1, 8):  # past the send's lease (delivery.SEND_LEASE)
        clock_tick(now + minutes * MINUTE)
        DatabaseTasks().run_worker()

    assert smtp_server.recipients() == emails(people)


def test_a_redis_restart_mid_send_loses_no_one(settings, monkeypatch, smtp_server, throwaway_redis):
    import django_rq
    import django_rq.settings
    from django_tasks_rq import Job
    from rq import SimpleWorker

    queue_name = "cramp-redis-restart"
    monkeypatch.setitem(django_rq.settings.QUEUES, queue_name, {"URL": throwaway_redis.url})
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [queue_name]}}
    settings.TASKS_QUEUE = queue_name

    def run_worker(max_jobs=None):
        queue = django_rq.get_queue(queue_name, job_class=Job)
        worker = SimpleWorker([queue], connection=queue.connection, job_class=Job)
        worker.work(burst=True, max_jobs=max_jobs)

    now, people = due_now(2 * ENQUEUE_BATCH + 5)  # three tasks: two batches and five more
    clock_tick(now)
    run_worker(max_jobs=1)
    assert len(smtp_server.messages) == ENQUEUE_BATCH

    throwaway_redis.kill()  # the other two tasks still queued, lost with Redis
    clock_tick(now + MINUTE)  # the queue is down for this tick
    throwaway_redis.start()
    for minutes in range(2, 8):
        clock_tick(now + minutes * MINUTE)
        run_worker()

    assert smtp_server.recipients() == emails(people)


# --- run_worker: the supervisor of its task worker ----------------------------------------


def children_of(pid: int) -> list[int]:
    listed = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False
    )
    return [int(line) for line in listed.stdout.split()]


def running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def run_worker(settings) -> tuple[subprocess.Popen, int]:
    process = django_command(settings, "run_worker", "--no-clock", TASKS_BACKEND="db")
    wait_for(lambda: children_of(process.pid) or process.poll() is not None, 30, "the worker")
    assert process.poll() is None, process.stdout.read().decode()
    return process, children_of(process.pid)[0]


def stop_all(process: subprocess.Popen, *pids: int) -> None:
    for pid in (process.pid, *pids):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
    process.wait()


def test_run_worker_starts_its_worker_again_and_stops_it_when_stopped(settings):
    process, first = run_worker(settings)
    second = None
    try:
        os.kill(first, signal.SIGKILL)  # the task worker dies (Redis or the database went away)
        wait_for(lambda: children_of(process.pid) not in ([], [first]), 30, "a new worker")
        assert process.poll() is None  # run_worker itself carries on
        (second,) = children_of(process.pid)
        time.sleep(1)

        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        wait_for(lambda: not running(second), 30, "the worker to stop with run_worker")
    finally:
        stop_all(process, *([second] if second else []))


def test_killing_run_worker_outright_takes_its_worker_down_too(settings):
    process, worker = run_worker(settings)
    try:
        time.sleep(1)
        process.kill()
        process.wait()
        wait_for(lambda: not running(worker), 30, "the orphaned worker to stop")
    finally:
        stop_all(process, worker)


def test_run_worker_comes_back_by_itself_when_redis_does(settings, throwaway_redis):
    import redis

    throwaway_redis.kill()  # Redis is down when run_worker starts: its RQ worker cannot start
    process = django_command(
        settings,
        *("run_worker", "--no-clock"),
        TASKS_BACKEND="rq",
        TASKS_QUEUE="cramp-comes-back",
        REDIS_URL=throwaway_redis.url,
    )
    try:
        time.sleep(4)
        assert process.poll() is None, process.stdout.read().decode()
        throwaway_redis.start()
        client = redis.Redis.from_url(throwaway_redis.url)
        wait_for(lambda: client.smembers("rq:workers"), 60, "an RQ worker to register")
        assert process.poll() is None
    finally:
        stop_all(process, *children_of(process.pid))


def test_a_push_service_failing_at_the_due_minute_is_tried_again(task_backend, push_receiver):
    now, (person,) = due_now(1)
    ReminderSettings.objects.filter(user=person).update(by_email=False, by_push=True)
    subscription = push_receiver.subscribe(person, answer=503)  # the service is overloaded
    path = subscription.endpoint.removeprefix(push_receiver.base_url)

    clock_tick(now)
    task_backend.run_worker()
    assert SentReminder.objects.get().state == "failed"
    push_receiver.answers[path] = 201  # and better a minute later
    for minutes in range(1, 6):
        clock_tick(now + minutes * MINUTE)
        task_backend.run_worker()

    (delivery,) = push_receiver.deliveries
    assert delivery.headers["topic"] == f"morning-{now:%Y%m%d}"
    assert SentReminder.objects.get().state == "sent"


def test_a_reminder_nobody_can_receive_or_answered_meanwhile_is_skipped(task_backend, smtp_server):
    now, (reachable, unreachable) = due_now(2)
    ReminderSettings.objects.filter(user=unreachable).update(by_email=False, by_push=True)
    enqueue_due_reminders(now)
    record_no_cramps(reachable, now.date() - datetime.timedelta(days=1), "today")

    task_backend.run_worker()

    assert smtp_server.messages == []
    assert set(SentReminder.objects.values_list("state", flat=True)) == {"skipped"}
