"""How many quick entries per second the journal takes under gunicorn, next to a bare insert.

Starts gunicorn on loopback with the site's own settings (bench/bench_settings.py adds one
bare view, bench/ceiling_urls.py) and drives it with wrk (bench/quick_entry.lua):
- the ceiling: a bare view behind the same middleware that inserts one row and answers
  "<p>ok</p>", the most this stack can do per second;
- "log cramp": POST /journal/cramps/log/ as the Today page's button sends it (htmx);
- "+250 ml water": POST /journal/drinks/quick/ with kind=water, volume_ml=250 (htmx).
Every request carries a fresh request token, so every one of them writes a row; after each
wrk run the rows added must equal the requests answered (nothing lost, nothing doubled).
The measured time is cut into rounds that take the three in turn, so that whatever else the
machine does at the time weighs on all three alike.
Target: each action at least 60% of the ceiling's requests per second.

    .venv/bin/python bench/quick_entry.py             # SQLite
    .venv/bin/python bench/quick_entry.py --postgres  # the local PostgreSQL server

Needs wrk (apt-get install wrk). Loopback only; every run ends by itself.
"""

import http.client
import io
import os
import re
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from _setup import (
    POSTGRES_DATABASE,
    POSTGRES_SERVER,
    ROOT,
    _recreate_postgres_database,
    parse_args,
    percentile,
)

BENCH = Path(__file__).resolve().parent
LUA_SCRIPT = BENCH / "quick_entry.lua"
HOST = "127.0.0.1"
EMAIL = "bench@example.com"
PASSWORD = "bench-password-123"
WATER_FIELDS = "&kind=water&volume_ml=250"
TARGET = 0.60
# wrk runs this long after the deadline, for the requests then in flight to get their answers:
# the rows they write are then all counted.
DRAIN_SECONDS = 2


@dataclass
class Action:
    label: str
    url_name: str
    fields: str  # the form fields sent after the request token
    model_name: str  # the journal model that gets a row per request
    keeps_token: bool  # the bare view ignores the token; the real actions store it


ACTIONS = [
    # The bare view gets the water form too, so that it parses the same body.
    Action("ceiling: bare insert", "bench_ceiling", WATER_FIELDS, "Drink", False),
    Action("log cramp", "journal:log_cramp", "", "Cramp", True),
    Action("+250 ml water", "journal:quick_drink", WATER_FIELDS, "Drink", True),
]


@dataclass
class Result:
    """What wrk saw, for one run or (added up) for all of an action's rounds."""

    saved: int = 0  # answered 2xx
    failed: int = 0  # answered otherwise
    unanswered: int = 0  # sent, never answered
    socket_errors: int = 0
    statuses: list = field(default_factory=list)  # "code:count" of the failures
    seconds: float = 0.0  # from the first request sent to the last answer, per run
    latencies_ms: list = field(default_factory=list)
    worker_cpu: float = 0.0  # seconds of CPU that gunicorn's workers used meanwhile

    def __add__(self, other):
        return Result(
            self.saved + other.saved,
            self.failed + other.failed,
            self.unanswered + other.unanswered,
            self.socket_errors + other.socket_errors,
            self.statuses + other.statuses,
            self.seconds + other.seconds,
            self.latencies_ms + other.latencies_ms,
            self.worker_cpu + other.worker_cpu,
        )

    @property
    def errors(self):
        return self.failed + self.unanswered + self.socket_errors

    @property
    def per_second(self):
        return self.saved / self.seconds

    @property
    def mean_ms(self):
        return sum(self.latencies_ms) / len(self.latencies_ms)

    @property
    def cpu_ms(self):
        return self.worker_cpu * 1000 / self.saved


def add_arguments(parser):
    parser.add_argument(
        "--duration", type=int, default=15, help="seconds measured per action (default 15)"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="turns the duration is cut into (default 3)"
    )
    parser.add_argument(
        "--warmup", type=int, default=3, help="seconds of warm-up per action (default 3)"
    )
    parser.add_argument(
        "--connections", type=int, default=8, help="concurrent connections (default 8)"
    )
    # One sync worker per core: the views are CPU-bound, and 4 workers did no better than 2 on
    # either database.
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument(
        "--database",
        default=POSTGRES_DATABASE,
        help=f"PostgreSQL database to drop and create (default {POSTGRES_DATABASE})",
    )


def require_wrk() -> str:
    wrk = shutil.which("wrk")
    if not wrk:
        sys.exit("wrk is missing: install it with  apt-get install wrk")
    return wrk


def main():
    args = parse_args(__doc__, add_arguments)
    wrk = require_wrk()
    if args.duration % args.rounds:
        sys.exit("--duration must be a multiple of --rounds")

    with tempfile.TemporaryDirectory(prefix="quick-entry-") as scratch:
        scratch = Path(scratch)
        label = configure_environment(args.postgres, scratch, args.database)
        user = prepare_database()
        log = scratch / "gunicorn.log"
        server, port, server_command = start_gunicorn(args.workers, log)
        try:
            loads = prepare_loads(wrk, server.pid, port, user, args.connections, log)
            for load in loads:
                load.run(args.warmup)  # checked like the others, not counted
            for _ in range(args.rounds):
                for load in loads:
                    load.results.append(load.run(args.duration // args.rounds))
        finally:
            stop(server)
    print_summary(label, args, loads, server_command)


# --- Set-up -------------------------------------------------------------------------------


def configure_environment(
    postgres: bool,
    scratch: Path,
    database: str = POSTGRES_DATABASE,
    extra_environment: dict[str, str] | None = None,
) -> str:
    """Production's environment, on loopback: the same for this process (which migrates and
    counts rows) and for gunicorn, which inherits it. ``database`` names the PostgreSQL
    database (dropped and created again) or the SQLite file, so that benchmarks can run side
    by side."""
    if postgres:
        _recreate_postgres_database(database)
        database_url, label = f"{POSTGRES_SERVER}/{database}", "PostgreSQL"
    else:
        database_url, label = f"sqlite:///{scratch / database}.sqlite3", "SQLite"
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "PYTHONPATH": os.pathsep.join([str(BENCH), str(ROOT)]),
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "TESTING": "false",  # production's password hashing and settings
            "HTTPS": "false",
            "SECRET_KEY": secrets.token_urlsafe(48),  # 64 characters, new every run
            **(extra_environment or {}),
        }
    )
    sys.path[:0] = [str(BENCH), str(ROOT)]
    import django

    django.setup()
    return label


def prepare_database():
    from django.core.management import call_command

    from accounts.models import User

    call_command("migrate", verbosity=0)
    # The water button looks up the catalog's tap water for its minerals: with the whole
    # catalog loaded, that lookup costs what it costs on the site.
    call_command("import_foods", verbosity=0, stdout=io.StringIO())
    return User.objects.create_user(EMAIL, PASSWORD)


def start_gunicorn(workers: int, log: Path, config: Path | None = None):
    """gunicorn on a port the kernel picked. The socket is bound here and handed over, so
    that no other process can take the port in between. Sync workers, unless ``config``
    names a gunicorn configuration file (deploy/gunicorn.conf.py: what production runs)."""
    listener = socket.create_server((HOST, 0), backlog=2048)
    port = listener.getsockname()[1]
    python = os.path.relpath(sys.executable)
    if config is None:
        options = ["--worker-class", "sync", "--graceful-timeout", "5"]
    else:
        options = ["--config", str(config)]
    options += ["--workers", str(workers)]
    command = [python, "-m", "gunicorn", "config.wsgi:application", *options]
    # gunicorn's control socket has one path per user: two servers would fight over it.
    command.append("--no-control-socket")
    with log.open("w") as output:  # shown only when something fails
        server = subprocess.Popen(
            [*command, "--bind", f"fd://{listener.fileno()}"],
            cwd=ROOT,
            pass_fds=[listener.fileno()],
            stdout=output,
            stderr=output,
        )
    listener.close()  # gunicorn holds its own copy
    try:
        _wait_until_ready(server, port, log)
    except BaseException:
        stop(server)
        raise
    return server, port, [*command, "--bind", f"{HOST}:{port}"]


def _wait_until_ready(server, port, log):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with {server.returncode}:\n{log.read_text()}")
        try:
            if http_request(port, "GET", "/accounts/login/")[0] == 200:
                return
        except (OSError, http.client.HTTPException):
            pass  # not listening yet
        time.sleep(0.2)
    sys.exit(f"gunicorn did not answer within 30 s:\n{log.read_text()}")


def stop(server):
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def http_request(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        cookies = SimpleCookie()
        for header in response.msg.get_all("Set-Cookie") or []:
            cookies.load(header)
        return response.status, response.read().decode(), cookies
    finally:
        connection.close()


def sign_in(port):
    """Signs in through the login form, as a person does. Returns the headers every POST then
    sends: the session and CSRF cookies, and the CSRF token."""
    _, _, cookies = http_request(port, "GET", "/accounts/login/")
    csrf = cookies["csrftoken"].value
    form = urlencode({"username": EMAIL, "password": PASSWORD})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={csrf}",
        "X-CSRFToken": csrf,
    }
    status, body, cookies = http_request(port, "POST", "/accounts/login/", form, headers)
    if status != 302 or "sessionid" not in cookies:
        sys.exit(f"Signing in failed: {status}\n{body[:2000]}")
    if "csrftoken" in cookies:  # signing in rotates the token
        csrf = cookies["csrftoken"].value
    return {
        "Cookie": f"sessionid={cookies['sessionid'].value}; csrftoken={csrf}",
        "X-CSRFToken": csrf,
        "HX-Request": "true",
        "Content-Type": "application/x-www-form-urlencoded",
    }


def prepare_loads(wrk, server_pid, port, user, connections, log):
    """One Load per action, each checked with a single request first."""
    from django.urls import reverse

    headers = sign_in(port)
    loads = []
    for action in ACTIONS:
        path = reverse(action.url_name)
        rows = journal_model(action).objects.filter(user=user)
        before = rows.count()
        body = f"request_token={uuid.uuid4()}{action.fields}"
        status, text, _ = http_request(port, "POST", path, body, headers)
        if not 200 <= status < 300 or rows.count() != before + 1:
            sys.exit(f"{action.label}: {status}, {rows.count() - before} rows added\n{text}")
        url = f"http://{HOST}:{port}{path}"
        loads.append(Load(wrk, url, headers, action, connections, rows, server_pid, log))
    return loads


def journal_model(action):
    from journal import models

    return getattr(models, action.model_name)


# --- Load ---------------------------------------------------------------------------------


@dataclass
class Load:
    wrk: str
    url: str
    headers: dict
    action: Action
    connections: int
    rows: object  # the queryset of the rows this action adds
    server_pid: int
    server_log: Path
    results: list = field(default_factory=list)
    command: list = None

    def run(self, seconds) -> Result:
        """One wrk run, then the check that the rows added match the answers."""
        before = self.rows.count()
        nonce = secrets.token_hex(4)
        # wrk starts within milliseconds; from the deadline on, its threads send nothing.
        deadline = time.monotonic() + 0.1 + seconds
        self.command = self._command(seconds, nonce, deadline)
        cpu_before = children_cpu_seconds(self.server_pid)
        output = subprocess.run(
            self.command, cwd=ROOT, capture_output=True, text=True, timeout=seconds + 60
        )
        if output.returncode:
            sys.exit(f"wrk failed ({output.returncode}):\n{output.stdout}\n{output.stderr}")
        result = parse_wrk(output.stdout)
        result.worker_cpu = children_cpu_seconds(self.server_pid) - cpu_before
        added = self.rows.count() - before
        problems = []
        if result.errors:
            problems.append(f"{result.errors} errors (statuses {result.statuses or '-'})")
        if added != result.saved:
            problems.append(f"{added} rows added for {result.saved} requests answered 2xx")
        if self.action.keeps_token:
            ours = self.rows.filter(
                request_token__gte=uuid.UUID(f"{nonce}-0000-0000-0000-000000000000"),
                request_token__lte=uuid.UUID(f"{nonce}-ffff-ffff-ffff-ffffffffffff"),
            ).count()
            if ours != added:
                problems.append(f"only {ours} of the {added} rows added carry this run's tokens")
        if problems:
            log = self.server_log.read_text()[-3000:]
            report = "; ".join(problems)
            sys.exit(f"{self.action.label}: {report}\n{output.stdout[-3000:]}\n{log}")
        return result

    def _command(self, seconds, nonce, deadline):
        # One thread per connection: the Lua script relies on it (see quick_entry.lua).
        command = [self.wrk, "--threads", str(self.connections)]
        command += ["--connections", str(self.connections)]
        command += ["--duration", f"{seconds + DRAIN_SECONDS}s", "--timeout", "10s"]
        command += ["--script", str(LUA_SCRIPT.relative_to(ROOT))]
        for name, value in self.headers.items():
            command += ["--header", f"{name}: {value}"]
        return [*command, self.url, "--", nonce, f"{deadline:.6f}", self.action.fields]

    @property
    def total(self) -> Result:
        return sum(self.results, Result())


def children_cpu_seconds(parent_pid):
    """The CPU time a process's children (gunicorn's workers) have used so far.

    Requests per second depend on whatever else the machine runs meanwhile; the CPU time a
    request costs the workers hardly does, so it shows the actions' own cost even on a busy
    machine. (On PostgreSQL the server's own processes are not counted.)
    """
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # After the parenthesised command name: state, ppid, ... utime and stime are
            # fields 14 and 15 of proc(5).
            facts = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(facts[1]) == parent_pid:
            ticks += int(facts[11]) + int(facts[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def parse_wrk(stdout) -> Result:
    """The Lua script's report (its lines start with "quick-entry")."""
    result = Result()
    firsts, lasts = [], []
    for line in stdout.splitlines():
        if line.startswith("quick-entry socket-errors"):
            result.socket_errors = sum(int(n) for n in line.split()[2:])
        elif line.startswith("quick-entry thread"):
            facts = dict(re.findall(r"(\w+)=(\S*)", line))
            answered, failed = int(facts["answered"]), int(facts["failed"])
            result.saved += answered - failed
            result.failed += failed
            result.unanswered += int(facts["lost"]) + (facts["in_flight"] == "true")
            if facts["statuses"]:
                result.statuses.append(facts["statuses"])
            if answered:
                firsts.append(float(facts["first"]))
                lasts.append(float(facts["last"]))
        elif line.startswith("quick-entry latencies"):
            values = line.split(" ", 2)[2]
            result.latencies_ms += [int(v) / 1000 for v in values.split(",") if v]
    if not firsts:
        sys.exit(f"wrk got no answer at all:\n{stdout}")
    result.seconds = max(lasts) - min(firsts)
    return result


# --- Report -------------------------------------------------------------------------------


def print_summary(label, args, loads, server_command):
    print(
        f"Quick entry on {label}: gunicorn, {args.workers} sync workers, {os.cpu_count()} cores; "
        f"wrk, {args.connections} connections; {args.duration} s per action in {args.rounds} "
        f"rounds, after {args.warmup} s of warm-up"
    )
    print(
        f"  {'':22} {'req/s':>8} {'mean ms':>8} {'p95 ms':>8} {'errors':>7} {'rows':>7} "
        f"{'CPU ms/req':>11}"
    )
    for load in loads:
        total = load.total
        print(
            f"  {load.action.label:22} {total.per_second:8.1f} {total.mean_ms:8.2f} "
            f"{percentile(total.latencies_ms, 0.95):8.2f} {total.errors:7d} {total.saved:7d} "
            f"{total.cpu_ms:11.2f}"
        )
    ceiling = loads[0]
    for load in loads[1:]:
        ratio = load.total.per_second / ceiling.total.per_second
        rounds = [
            mine.per_second / theirs.per_second
            for mine, theirs in zip(load.results, ceiling.results, strict=True)
        ]
        verdict = "met" if ratio >= TARGET else "NOT met"
        by_cpu = ceiling.total.cpu_ms / load.total.cpu_ms
        print(
            f"  {load.action.label} / ceiling: {ratio:.1%} of the requests per second (rounds "
            f"{min(rounds):.0%} to {max(rounds):.0%}; {by_cpu:.0%} by worker CPU per request); "
            f"target >= {TARGET:.0%}: {verdict}"
        )
    print("  every run, warm-ups included: rows added = requests answered 2xx, no error")
    print(f"  command: {shlex.join([os.path.relpath(sys.executable), *sys.argv])}")
    print(f"  server:  {shlex.join(server_command)}")
    hidden = {"Cookie": "Cookie: sessionid=…; csrftoken=…", "X-CSRFToken": "X-CSRFToken: …"}
    shown = [hidden.get(part.split(":")[0], part) for part in loads[-1].command]
    print(f"  load:    {shlex.join(shown)}")


if __name__ == "__main__":
    main()
