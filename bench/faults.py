"""Faults injected into the running production stack, and what people saw (docs/deploy.md).

    make stack STACK_EMAIL_URL=smtp://127.0.0.1:2526     # mail to this script's receiver
    .venv/bin/python bench/faults.py                     # every fault, one after the other
    .venv/bin/python bench/faults.py kill-master slow-uploads   # some of them

Each fault runs while people use the site through nginx (writers tapping "log a cramp", each
tap with its own request token), then counts: requests, writes acknowledged (2xx), writes
lost (acknowledged but not in the database), rows duplicated (one token stored twice), the
errors people saw, whether the stack recovered by itself, and how long that took.

The reminder faults give 200 people an evening reminder due at the next minute, mail going to
a receiver on loopback (aiosmtpd) that counts messages per recipient, and break something at
the due minute: every person must still get exactly one reminder.

Careful: `postgres-restart` restarts the machine's PostgreSQL server (pg_ctlcluster), which
other databases on it share: it is short, and runs only when named or with --all.
"""

import argparse
import asyncio
import http.client
import math
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import aiohttp
from aiosmtpd.controller import Controller
from stack_client import (
    STACK_URL,
    Record,
    lost_and_duplicated,
    make_people,
    percentile,
    person_loop,
    run_on_stack,
    stack_environment,
    supervisorctl,
    tls_context,
)

SMTP_PORT = int(os.environ.get("FAULTS_SMTP_PORT", "2526"))
APP_PORTS = {"app1": 8101, "app2": 8102}
WRITERS = 20
THINK = 0.2
REMINDER_PEOPLE = 200
REMINDER_WAIT = int(os.environ.get("FAULTS_REMINDER_WAIT", "150"))  # seconds after the due minute


def serving(port: int) -> bool:
    """Whether the app server on ``port`` answers HTTP at all (its answer is a redirect)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/")
        return connection.getresponse().status > 0
    except OSError:
        return False
    finally:
        connection.close()


def wait_until(check, limit: float) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if check():
            return time.monotonic() - started
        time.sleep(0.05)
    return None


def orphans_on(port: int) -> list[str]:
    """gunicorn processes for ``port`` whose master is gone (reparented to init)."""
    found = []
    for line in subprocess.run(
        ["ps", "-eo", "pid,ppid,args"], capture_output=True, text=True, check=False
    ).stdout.splitlines():
        if f"127.0.0.1:{port}" in line and "gunicorn" in line and line.split()[1] == "1":
            found.append(line.strip())
    return found


async def traffic(people, seconds: float, fault, fault_at: float, think: float = THINK):
    """People tap for ``seconds``; ``fault`` (blocking) runs in a thread at ``fault_at``."""
    record = Record()
    connector = aiohttp.TCPConnector(ssl=tls_context(), limit=0)
    until = time.monotonic() + seconds
    loop = asyncio.get_running_loop()

    async def inject():
        await asyncio.sleep(fault_at)
        return await loop.run_in_executor(None, fault)

    results = await asyncio.gather(
        inject(), *(person_loop(p, connector, record, until, think) for p in people)
    )
    await connector.close()
    return record, results[0]


def row(fault, record, people, recovered, recover_seconds, extra=""):
    lost, duplicated = lost_and_duplicated(record, people)
    errors = Counter(o.status for o in record.errors())
    seen = ", ".join(f"{count}x {status or 'no answer'}" for status, count in errors.items())
    return {
        "fault": fault,
        "requests": len(record.outcomes),
        "acknowledged": len(record.acknowledged()),
        "lost": lost,
        "duplicated": duplicated,
        "errors seen": seen or "0",
        "recovered by itself": "yes" if recovered else "NO",
        "time to recover": recover_seconds,
        "notes": extra,
    }


# --- The app servers and the database --------------------------------------------------------


def kill_master(people):
    def fault():
        pid = int(supervisorctl("pid", "app1"))
        killed = time.monotonic()
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.3)
        orphans = orphans_on(APP_PORTS["app1"])
        back = wait_until(lambda: serving(APP_PORTS["app1"]), 30)
        new_pid = supervisorctl("pid", "app1")
        return back, orphans, new_pid != str(pid), time.monotonic() - killed

    record, (back, orphans, restarted, _) = asyncio.run(traffic(people, 20, fault, 4))
    note = f"orphans 0.3 s after: {len(orphans)}; app1 serving again after {back:.1f} s"
    return row(
        "kill -9 app1's gunicorn master", record, people, back is not None and restarted,
        f"{back:.1f} s (app1); nginx sent requests to app2 meanwhile" if back else "never",
        note,
    )  # fmt: skip


def stop_one_app(people):
    def fault():
        supervisorctl("stop", "app2")  # SIGTERM: gunicorn finishes the requests in flight
        time.sleep(8)
        supervisorctl("start", "app2")
        return wait_until(lambda: serving(APP_PORTS["app2"]), 30)

    record, back = asyncio.run(traffic(people, 20, fault, 4))
    signed_out = sum(1 for o in record.outcomes if 300 <= o.status < 400)
    return row(
        "stop app2 for 8 s (the other serves)", record, people, back is not None,
        "0 s (app1 served throughout)",
        f"sessions kept: {signed_out} requests sent to log in; app2 back {back:.1f} s after start",
    )  # fmt: skip


def postgres_restart(people):
    cluster = os.environ.get("FAULTS_PG_CLUSTER", "15 main").split()

    def fault():
        started = time.monotonic()
        subprocess.run(["pg_ctlcluster", *cluster, "restart"], check=True)
        return started, time.monotonic() - started

    started_at = time.monotonic()
    record, (restart_began, restart_took) = asyncio.run(traffic(people, 25, fault, 4))
    failures = [o for o in record.outcomes if not 200 <= o.status < 300]
    recover = None
    if failures:
        last_failure = max(o.started + o.seconds for o in failures)
        later = [o for o in record.outcomes if o.started > last_failure and o.status == 200]
        recover = (last_failure - restart_began) if later else None
    del started_at
    return row(
        "restart PostgreSQL (pg_ctlcluster restart)", record, people,
        not failures or recover is not None,
        f"{recover:.1f} s after the restart began" if recover is not None else "no errors",
        f"the restart itself took {restart_took:.1f} s",
    )  # fmt: skip


async def slow_upload(size: int, rate: int, session_key: str) -> tuple[int, float]:
    """One multipart upload of ``size`` bytes to the import, sent at ``rate`` bytes/s."""
    boundary = "----faults" + os.urandom(6).hex()
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.json"\r\n'
        "Content-Type: application/json\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    body_length = len(head) + size + len(tail)
    host = STACK_URL.split("//")[1]
    request = (
        f"POST /accounts/data/import/preview/ HTTP/1.1\r\nHost: {host}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {body_length}\r\nOrigin: {STACK_URL}\r\n"
        f"X-CSRFToken: benchbenchbenchbenchbenchbench12\r\n"
        f"Cookie: sessionid={session_key}; csrftoken=benchbenchbenchbenchbenchbench12\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    started = time.monotonic()
    reader, writer = await asyncio.open_connection(
        "127.0.0.1", int(host.split(":")[1]), ssl=tls_context(), server_hostname="localhost"
    )
    writer.write(request + head)
    chunk = rate // 10
    sent = 0
    while sent < size:
        part = min(chunk, size - sent)
        writer.write(b"[" + b"1" * (part - 2) + b"]" if sent == 0 else b" " * part)
        await writer.drain()
        sent += part
        await asyncio.sleep(0.1)
    writer.write(tail)
    await writer.drain()
    status_line = await reader.readline()
    await reader.read()
    writer.close()
    status = int(status_line.split()[1]) if status_line else 0
    return status, time.monotonic() - started


def slow_uploads(people):
    uploaders = people[:3]
    writers = people[3:]
    size, rate = 20 * 1000 * 1000, 250 * 1000

    async def scenario():
        record = Record()
        connector = aiohttp.TCPConnector(ssl=tls_context(), limit=0)
        uploads = [slow_upload(size, rate, p.session_key) for p in uploaders]
        seconds = size / rate + 5
        until = time.monotonic() + seconds
        results = await asyncio.gather(
            *uploads, *(person_loop(p, connector, record, until, 0.5) for p in writers)
        )
        await connector.close()
        return record, results[:3]

    record, uploads = asyncio.run(scenario())
    writes = [o.seconds for o in record.outcomes if o.kind == "write"]
    done = all(200 <= status < 500 for status, _ in uploads)
    note = (
        f"3 uploads of 20 MB at 250 KB/s: answers {[s for s, _ in uploads]} after "
        f"{', '.join(f'{t:.0f}' for _, t in uploads)} s; other people's writes: "
        f"p50 {percentile(writes, 0.5) * 1000:.0f} ms, p95 {percentile(writes, 0.95) * 1000:.0f} ms"
    )
    return row("three slow 20 MB uploads", record, writers, done, "n/a (nothing broke)", note)


# --- Reminders --------------------------------------------------------------------------------


class CountingHandler:
    def __init__(self):
        self.received = Counter()
        self.first = {}
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            for address in envelope.rcpt_tos:
                self.received[address.lower()] += 1
                self.first.setdefault(address.lower(), time.monotonic())
        return "250 OK"


class MailServer:
    def __init__(self, handler):
        self.handler = handler
        self.controller = None

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=SMTP_PORT)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None


SET_REMINDERS = """
import datetime
from reminders.models import ReminderSettings
at = datetime.time(HOUR, MINUTE)
for user_id in USER_IDS:
    ReminderSettings.objects.update_or_create(user_id=user_id, defaults=dict(
        evening_enabled=True, evening_time=at, morning_enabled=False, by_email=True,
        by_push=False, quiet_start=None, quiet_end=None))
"""


def reminder_fault(name, fault, fault_offset):
    """200 people, due at a minute at least 45 s away; ``fault`` runs ``fault_offset`` s after
    the due instant (negative: before)."""
    if f"127.0.0.1:{SMTP_PORT}" not in stack_environment().get("EMAIL_URL", ""):
        sys.exit(f"Start the stack with STACK_EMAIL_URL=smtp://127.0.0.1:{SMTP_PORT}")
    people = make_people(REMINDER_PEOPLE, "reminded", zone="UTC")
    due = math.ceil((time.time() + 45) / 60) * 60
    due_struct = time.gmtime(due)
    code = f"USER_IDS = {[p.user_id for p in people]!r}\nHOUR = {due_struct.tm_hour}\n"
    run_on_stack(code + f"MINUTE = {due_struct.tm_min}\n" + SET_REMINDERS)
    handler = CountingHandler()
    mail = MailServer(handler)
    mail.start()
    try:
        time.sleep(max(0, due + fault_offset - time.time()))
        fault_began = time.monotonic()
        fault(mail)
        deadline = time.monotonic() + REMINDER_WAIT
        everyone = {p.email.lower() for p in people}
        while time.monotonic() < deadline:
            if everyone <= set(handler.received):
                time.sleep(10)  # a late duplicate would show now
                break
            time.sleep(1)
    finally:
        mail.stop()
    counts = [handler.received.get(p.email.lower(), 0) for p in people]
    once = sum(1 for c in counts if c == 1)
    lost = sum(1 for c in counts if c == 0)
    twice = sum(1 for c in counts if c > 1)
    firsts = [t for address, t in handler.first.items() if address in everyone]
    recovered = lost == 0 and twice == 0
    took = f"{max(firsts) - fault_began:.0f} s to the last reminder" if firsts else "never"
    return {
        "fault": name,
        "requests": f"{REMINDER_PEOPLE} reminders due",
        "acknowledged": once + twice,
        "lost": lost,
        "duplicated": twice,
        "errors seen": "0 (mail)",
        "recovered by itself": "yes" if recovered else "NO",
        "time to recover": took if recovered else f"{took}; {lost} never arrived",
        "notes": f"exactly once: {once}/{REMINDER_PEOPLE}",
    }


def kill_worker_mid_run(_people):
    def fault(mail):
        pid = int(supervisorctl("pid", "worker"))
        os.killpg(os.getpgid(pid), signal.SIGKILL)  # run_worker and its RQ worker, mid-send

    return reminder_fault("kill -9 the task worker mid-run", fault, 1.5)


def restart_redis_mid_run(_people):
    def fault(mail):
        supervisorctl("restart", "redis")

    return reminder_fault("restart Redis mid-run", fault, 1.5)


def mail_down_at_due_minute(_people):
    def fault(mail):
        mail.stop()
        time.sleep(40)
        mail.start()

    return reminder_fault("mail server down 40 s at the due minute", fault, -2)


FAULTS = {
    "kill-master": kill_master,
    "stop-app": stop_one_app,
    "slow-uploads": slow_uploads,
    "reminder-worker-kill": kill_worker_mid_run,
    "reminder-redis-restart": restart_redis_mid_run,
    "reminder-mail-down": mail_down_at_due_minute,
    "postgres-restart": postgres_restart,
}
DEFAULT = [name for name in FAULTS if name != "postgres-restart"]


def print_table(rows):
    columns = list(rows[0])
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for r in rows:
        print("| " + " | ".join(str(r[c]) for c in columns) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("faults", nargs="*", help=f"some of: {', '.join(FAULTS)}")
    parser.add_argument("--all", action="store_true", help="postgres-restart too")
    args = parser.parse_args()
    names = args.faults or (list(FAULTS) if args.all else DEFAULT)
    unknown = set(names) - set(FAULTS)
    if unknown:
        parser.error(f"no such fault: {', '.join(sorted(unknown))}")
    people = make_people(WRITERS, "faults")
    rows = []
    for name in names:
        print(f"-- {name}", flush=True)
        rows.append(FAULTS[name](people))
        print(rows[-1], flush=True)
        time.sleep(3)
    print()
    print_table(rows)


if __name__ == "__main__":
    main()
