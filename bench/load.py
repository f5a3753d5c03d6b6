"""Load test: 50 simulated people for 2 minutes, half writing quick entries, on gunicorn.

Starts gunicorn on loopback with production's settings (DEBUG off, real password hashing) on a
throw-away database, signs 50 people in through the login form, and drives them with wrk
(bench/load.lua), one connection each:
- 25 writers alternate "log a cramp" and "+250 ml water" (htmx POSTs, a fresh request token
  each, so every answered request writes a row);
- 25 readers, each with 30 days of made-up journal (demo/journal.py), go round Today, the
  food search as typed (htmx fragment), the history and the reports page.
No think time: each person sends the next request when the last is answered.

Required: zero server errors (every answer 2xx, no socket errors) and rows added = writes
answered. Reported: requests per second, p50/p95/p99 latency, for all requests and by role.

    .venv/bin/python bench/load.py                 # SQLite
    .venv/bin/python bench/load.py --postgres      # the local PostgreSQL server
    .venv/bin/python bench/load.py --duration 30   # a shorter run (default 120 s)

Needs wrk (apt-get install wrk). Loopback only; the run ends by itself.

On the production stack instead (make stack: nginx, HTTPS, two app servers, PostgreSQL):

    .venv/bin/python bench/load.py --stack               # both app servers
    .venv/bin/python bench/load.py --stack --servers 1   # app2 stopped for the run

200 people tap (or open Today) every few seconds, 50 more with no pause at all, for 5 minutes
(--duration), through nginx over HTTPS (bench/stack_client.py). Required: zero errors, and
the rows added equal the writes acknowledged, each found by its request token.
"""

import io
import os
import random
import secrets
import shlex
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

from _setup import ROOT, parse_args, percentile
from quick_entry import (
    HOST,
    configure_environment,
    http_request,
    require_wrk,
    start_gunicorn,
    stop,
)

BENCH = Path(__file__).resolve().parent
LUA_SCRIPT = BENCH / "load.lua"
DATABASE = "cramp_bench_load"  # its own, beside quick_entry.py's
PASSWORD = "load-test-password-123"
READER_DAYS = 30
DRAIN_SECONDS = 5


def add_arguments(parser):
    parser.add_argument("--stack", action="store_true", help="drive the running make stack")
    parser.add_argument("--servers", type=int, default=2, choices=(1, 2), help="with --stack")
    parser.add_argument("--thinking", type=int, default=200, help="with --stack: people who pause")
    parser.add_argument("--eager", type=int, default=50, help="with --stack: people who never do")
    parser.add_argument("--think", type=float, default=3.0, help="with --stack: their pause, s")
    parser.add_argument(
        "--duration", type=int, default=None, help="seconds (default 120; 300 with --stack)"
    )
    parser.add_argument("--people", type=int, default=50, help="simulated people (default 50)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")


def main():
    args = parse_args(__doc__, add_arguments)
    if args.stack:
        from stack_load import run_on_the_stack

        run_on_the_stack(args)
        return
    args.duration = args.duration or 120
    wrk = require_wrk()
    with tempfile.TemporaryDirectory(prefix="load-") as scratch:
        scratch = Path(scratch)
        label = configure_environment(
            args.postgres,
            scratch,
            database=DATABASE,
            # Every person signs in from 127.0.0.1: lockout counts failures only, but say so.
            extra_environment={"AXES_FAILURE_LIMIT": "1000"},
        )
        writers, readers = prepare_people(args.people)
        log = scratch / "gunicorn.log"
        server, port, server_command = start_gunicorn(args.workers, log)
        try:
            people = sign_in_all(port, writers, readers)
            people_file = scratch / "people.txt"
            people_file.write_text(
                "".join(f"{role} {session} {csrf}\n" for role, session, csrf in people)
            )
            rows_before = count_writes(writers)
            result, command = run_wrk(wrk, port, people_file, args)
            rows_after = count_writes(writers)
        finally:
            stop(server)
        check(result, rows_before, rows_after, log)
    report(label, args, result, rows_after, rows_before, server_command, command)


# --- Set-up -------------------------------------------------------------------------------


def prepare_people(count: int):
    """Migrates, loads the catalog, and creates the people: readers with a month of journal."""
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone

    from accounts.models import Profile, User
    from demo.journal import DemoCatalog, JournalSimulator, store, without_future
    from journal import days

    call_command("migrate", verbosity=0)
    call_command("import_foods", verbosity=0, stdout=io.StringIO())
    password = make_password(PASSWORD)  # hashed once; every sign-in still checks it for real
    catalog = DemoCatalog.load()
    writers, readers = [], []
    now = timezone.now()
    for number in range(count):
        role = "writer" if number % 2 == 0 else "reader"
        user = User.objects.create(email=f"{role}{number}@example.com", password=password)
        Profile.objects.create(user=user, time_zone="Europe/London")
        user = User.objects.select_related("profile").get(pk=user.pk)
        if role == "reader":
            today = days.local_day(now, user.profile.zone)
            first = today - timedelta(days=READER_DAYS - 1)
            simulator = JournalSimulator(user, catalog, random.Random(number))
            store(user, without_future(simulator.simulate(first, READER_DAYS), now, today))
            readers.append(user)
        else:
            writers.append(user)
    return writers, readers


def sign_in(port, email):
    """Through the login form, as a person does: (sessionid, csrftoken)."""
    _, _, cookies = http_request(port, "GET", "/accounts/login/")
    csrf = cookies["csrftoken"].value
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={csrf}",
        "X-CSRFToken": csrf,
    }
    form = urlencode({"username": email, "password": PASSWORD})
    status, body, cookies = http_request(port, "POST", "/accounts/login/", form, headers)
    if status != 302 or "sessionid" not in cookies:
        sys.exit(f"Signing in {email} failed: {status}\n{body[:2000]}")
    if "csrftoken" in cookies:
        csrf = cookies["csrftoken"].value
    return cookies["sessionid"].value, csrf


def sign_in_all(port, writers, readers):
    """The people in wrk's thread order: writers and readers alternate."""
    people = [("writer", user) for user in writers] + [("reader", user) for user in readers]
    people.sort(key=lambda person: person[1].pk)
    with ThreadPoolExecutor(4) as pool:
        sessions = list(pool.map(lambda person: sign_in(port, person[1].email), people))
    return [(role, *session) for (role, _), session in zip(people, sessions, strict=True)]


def count_writes(writers):
    from django.db.models import Sum

    from journal.models import Cramp, Drink

    drinks = Drink.objects.filter(user__in=writers)
    return {
        "cramps": Cramp.objects.filter(user__in=writers).count(),
        "drinks": drinks.count(),
        "ml": drinks.aggregate(total=Sum("volume_ml"))["total"] or 0,
    }


# --- The run ------------------------------------------------------------------------------


class Result:
    def __init__(self):
        self.answered = {"writer": 0, "reader": 0}
        self.failed = 0
        self.lost = 0
        self.socket_errors = 0
        self.statuses = []
        self.latencies = {"writer": [], "reader": []}
        self.firsts, self.lasts = [], []

    @property
    def errors(self):
        return self.failed + self.lost + self.socket_errors

    @property
    def seconds(self):
        return max(self.lasts) - min(self.firsts)

    def all_latencies(self):
        return self.latencies["writer"] + self.latencies["reader"]


def run_wrk(wrk, port, people_file, args):
    people = args.people
    nonce = secrets.token_hex(4)
    deadline = time.monotonic() + 0.5 + args.duration
    command = [wrk, "--threads", str(people), "--connections", str(people)]
    command += ["--duration", f"{args.duration + DRAIN_SECONDS}s", "--timeout", "30s"]
    command += ["--script", str(LUA_SCRIPT.relative_to(ROOT))]
    command += [f"http://{HOST}:{port}", "--", "-", nonce, f"{deadline:.6f}"]
    environment = {**os.environ, "LOAD_PEOPLE_FILE": str(people_file)}
    output = subprocess.run(
        command,
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=args.duration + 120,
    )
    if output.returncode:
        sys.exit(f"wrk failed ({output.returncode}):\n{output.stdout}\n{output.stderr}")
    return parse(output.stdout), command


def parse(stdout) -> Result:
    import re

    result = Result()
    for line in stdout.splitlines():
        if line.startswith("load socket-errors"):
            result.socket_errors = sum(int(n) for n in line.split()[2:])
        elif line.startswith("load thread"):
            facts = dict(re.findall(r"(\w+)=(\S*)", line))
            answered, failed = int(facts["answered"]), int(facts["failed"])
            result.answered[facts["role"]] += answered - failed
            result.failed += failed
            result.lost += int(facts["lost"]) + (facts["in_flight"] == "true")
            if facts["statuses"]:
                result.statuses.append(facts["statuses"])
            if answered:
                result.firsts.append(float(facts["first"]))
                result.lasts.append(float(facts["last"]))
        elif line.startswith("load latencies"):
            _, _, role, *values = line.split(" ", 3)
            numbers = values[0].split(",") if values else []
            result.latencies[role] += [int(v) / 1000 for v in numbers if v]
    if not result.firsts:
        sys.exit(f"wrk got no answer at all:\n{stdout}")
    return result


def check(result, before, after, log):
    problems = []
    if result.errors:
        problems.append(
            f"{result.errors} errors: {result.failed} non-2xx answers "
            f"({', '.join(result.statuses) or '-'}), {result.lost} unanswered, "
            f"{result.socket_errors} socket errors"
        )
    added = after["cramps"] + after["drinks"] - before["cramps"] - before["drinks"]
    if added != result.answered["writer"]:
        problems.append(f"{added} rows added for {result.answered['writer']} writes answered")
    if after["ml"] - before["ml"] != 250 * (after["drinks"] - before["drinks"]):
        problems.append("the water added is not 250 ml a drink")
    if problems:
        sys.exit("; ".join(problems) + "\n" + log.read_text()[-3000:])


def report(label, args, result, after, before, server_command, command):
    seconds = result.seconds
    print(
        f"Load on {label}: {args.people} people ({args.people // 2} writing, "
        f"{args.people - args.people // 2} reading), no think time, {args.duration} s; "
        f"gunicorn {args.workers} sync workers, {os.cpu_count()} cores"
    )
    print(f"  {'':10} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    rows = [
        ("all", result.all_latencies()),
        ("writes", result.latencies["writer"]),
        ("reads", result.latencies["reader"]),
    ]
    for name, values in rows:
        print(
            f"  {name:10} {len(values):9d} {len(values) / seconds:8.1f} "
            f"{percentile(values, 0.50):8.1f} {percentile(values, 0.95):8.1f} "
            f"{percentile(values, 0.99):8.1f}"
        )
    cramps = after["cramps"] - before["cramps"]
    drinks = after["drinks"] - before["drinks"]
    print(
        f"  errors: {result.errors} (non-2xx {result.failed}, unanswered {result.lost}, "
        f"socket {result.socket_errors}); rows added = writes answered: {cramps} cramps + "
        f"{drinks} drinks ({after['ml'] - before['ml']:,} ml)"
    )
    print(f"  command: {shlex.join([os.path.relpath(sys.executable), *sys.argv])}")
    print(f"  server:  {shlex.join(server_command)}")
    print(f"  load:    LOAD_PEOPLE_FILE=… {shlex.join(command)}")


if __name__ == "__main__":
    main()
