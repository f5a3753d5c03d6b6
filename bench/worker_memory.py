"""How much memory a web worker holds after a mixed day of requests (issue 25: target 70 MiB).

Starts gunicorn as production runs it (deploy/gunicorn.conf.py: threaded workers, one malloc
arena each; production settings) on a database with the catalog and the demo journal, signs
in as the demo person and sends ``--requests`` requests spread over the pages people use
most (Today, a past day, the history, food search, the Reminders page, experiments, the
learning pages, the profile) and the two quick taps (log a cramp, +250 ml water). Then reads
each worker's resident memory (VmRSS, and VmHWM, its peak) from /proc. Run once with the
report pages in the mix (they load numpy in the worker that serves them) and once without,
unless told otherwise. bench/memory_floor.py shows what the memory is made of.

    .venv/bin/python bench/worker_memory.py             # SQLite
    .venv/bin/python bench/worker_memory.py --postgres  # the local PostgreSQL server
"""

import itertools
import sys
import tempfile
import time
import uuid
from pathlib import Path

import quick_entry as qe
from _setup import parse_args

TARGET_MIB = 70
DATABASE = "cj_worker_memory"


def add_arguments(parser):
    parser.add_argument("--requests", type=int, default=400, help="requests per run (400)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument(
        "--sync",
        action="store_true",
        help="sync workers as bench/quick_entry.py runs them, not deploy/gunicorn.conf.py",
    )
    parser.add_argument("--database", default=DATABASE, help="PostgreSQL database to (re)create")
    parser.add_argument(
        "--mix",
        choices=["both", "pages", "with-report"],
        default="both",
        help="without the report pages, with them, or a run of each (default)",
    )


def prepare():
    import io

    from django.core.management import call_command

    from demo.account import DEMO_EMAIL, DEMO_PASSWORD

    call_command("migrate", verbosity=0)
    call_command("import_foods", verbosity=0, stdout=io.StringIO())
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    qe.EMAIL, qe.PASSWORD = DEMO_EMAIL, DEMO_PASSWORD


def requests_to_send(with_report: bool):
    import datetime

    from django.urls import reverse

    past = datetime.date.today() - datetime.timedelta(days=5)
    gets = [
        reverse("journal:today"),
        reverse("journal:day", kwargs={"day": past}),
        reverse("journal:history"),
        reverse("foods:search") + "?q=banana",
        reverse("foods:search") + "?q=milk",
        reverse("reminders:settings"),
        reverse("experiments:index"),
        reverse("education:index"),
        reverse("profile"),
        reverse("journal:today"),
    ]
    if with_report:
        gets += [reverse("reports:index") + "?period=90", reverse("reports:report_json")]
    posts = [
        (reverse("journal:log_cramp"), ""),
        (reverse("journal:quick_drink"), qe.WATER_FIELDS),
    ]
    mix = [("GET", path, "") for path in gets] + [("POST", path, f) for path, f in posts]
    return mix


def worker_pids(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return [int(pid) for pid in children]


def memory_mib(pid):
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in {"VmRSS", "VmHWM"}:
            fields[name] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


def private_mib(pid):
    """The worker's own memory (USS: pages no other process maps) and its proportional
    share (PSS), beside VmRSS, which also counts the shared libraries in full. Shown only:
    the target is on VmRSS."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, _, value = line.partition(":")
        fields[name] = int(value.split()[0]) / 1024
    return fields["Private_Clean"] + fields["Private_Dirty"], fields["Pss"]


def run(workers, count, with_report, log, config):
    server, port, _ = qe.start_gunicorn(workers, log, config)
    try:
        before = {pid: memory_mib(pid) for pid in worker_pids(server.pid)}
        headers = qe.sign_in(port)
        page_headers = {"Cookie": headers["Cookie"]}
        errors = 0
        started = time.monotonic()
        for method, path, fields in itertools.islice(
            itertools.cycle(requests_to_send(with_report)), count
        ):
            if method == "GET":
                status, _, _ = qe.http_request(port, "GET", path, headers=page_headers)
            else:
                body = f"request_token={uuid.uuid4()}{fields}"
                status, _, _ = qe.http_request(port, "POST", path, body, headers)
            errors += not 200 <= status < 300
        seconds = time.monotonic() - started
        after = {pid: memory_mib(pid) for pid in worker_pids(server.pid)}
        private = {pid: private_mib(pid) for pid in after}
    finally:
        qe.stop(server)
    return before, after, private, errors, seconds


def main():
    args = parse_args(__doc__, add_arguments)
    mixes = {"both": [False, True], "pages": [False], "with-report": [True]}[args.mix]
    with tempfile.TemporaryDirectory(prefix="worker-memory-") as scratch:
        scratch = Path(scratch)
        label = qe.configure_environment(args.postgres, scratch, args.database)
        prepare()
        config = None if args.sync else qe.ROOT / "deploy" / "gunicorn.conf.py"
        verdicts = []
        for with_report in mixes:
            before, after, private, errors, seconds = run(
                args.workers, args.requests, with_report, scratch / "gunicorn.log", config
            )
            mix = "with the report pages" if with_report else "pages and quick taps"
            print(f"{label}, {args.requests} requests ({mix}), {seconds:.1f} s, {errors} errors")
            for pid, (rss, peak) in sorted(after.items()):
                start = before.get(pid, (float("nan"),))[0]
                print(f"  worker {pid}: {start:.1f} MiB at start, {rss:.1f} MiB after", end="")
                uss, pss = private[pid]
                print(f" (peak {peak:.1f}; its own {uss:.1f}, proportional share {pss:.1f})")
            largest = max(rss for rss, _ in after.values())
            met = "met" if largest <= TARGET_MIB else "NOT met"
            verdicts.append(f"{mix}: largest worker {largest:.1f} MiB, target {TARGET_MIB}: {met}")
        print("\n".join(verdicts))
        sys.exit(0 if all(verdict.endswith(": met") for verdict in verdicts) else 1)


if __name__ == "__main__":
    main()
