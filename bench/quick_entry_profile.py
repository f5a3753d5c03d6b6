"""Where a quick entry's time goes: the companion of bench/quick_entry.py, without gunicorn.

Sends the same three requests as quick_entry.py (the bare insert, "log cramp", "+250 ml
water") through Django's test client, in this process, with the same settings and database
set-up, and prints for each:
- the time per request (no profiler), next to the bare insert's;
- its SQL queries, each with its median time, and the plan of those that read a whole table;
- under cProfile (which inflates every figure), the project's own functions and the
  template rendering, by cumulative time.

    .venv/bin/python bench/quick_entry_profile.py             # SQLite
    .venv/bin/python bench/quick_entry_profile.py --postgres  # the local PostgreSQL server
"""

import cProfile
import io
import pstats
import re
import tempfile
import time
import uuid
from pathlib import Path

from _setup import median, parse_args
from quick_entry import ACTIONS, HOST, configure_environment, prepare_database

REQUESTS = 300
QUERY_SAMPLES = 21  # requests whose queries are timed; each query's median is shown
# A plan step that reads a whole table: SQLite says SCAN (SEARCH when it uses an index),
# PostgreSQL says Seq Scan.
FULL_SCAN = re.compile(r"\bSCAN \w+$|Seq Scan")
# The project's own code, and the render() call that turns a view's context into HTML.
SHOWN = r"/(accounts|config|foods|journal)/[^/]+\.py|shortcuts\.py:\d+\(render\)"


def add_arguments(parser):
    parser.add_argument("--requests", type=int, default=REQUESTS, help="timed requests each")
    parser.add_argument("--top", type=int, default=12, help="profiled functions shown each")


def main():
    args = parse_args(__doc__, add_arguments)
    with tempfile.TemporaryDirectory(prefix="quick-entry-profile-") as scratch:
        label = configure_environment(args.postgres, Path(scratch))
        user = prepare_database()

        from django.db import connection
        from django.test import Client
        from django.urls import reverse

        client = Client(HTTP_HX_REQUEST="true", SERVER_NAME=HOST)
        client.force_login(user)
        print(f"Quick entry, in-process on {label}: {args.requests} requests each")
        ceiling_ms = None
        for action in ACTIONS:
            path = reverse(action.url_name)
            fields = dict(re.findall(r"&(\w+)=(\w+)", action.fields))

            def post(path=path, fields=fields):
                response = client.post(path, {"request_token": str(uuid.uuid4()), **fields})
                assert 200 <= response.status_code < 300, response.status_code
                return response

            for _ in range(30):  # warm-up: connections, template and URL caches
                post()
            samples = []
            for _ in range(args.requests):
                started = time.perf_counter()
                post()
                samples.append((time.perf_counter() - started) * 1000)
            per_request = median(samples)
            ceiling_ms = ceiling_ms or per_request
            runs = []
            for _ in range(QUERY_SAMPLES):
                runs.append([])
                with connection.execute_wrapper(_timed(runs[-1])):
                    size = len(post().content)
            print(
                f"\n{action.label}: {per_request:.2f} ms per request (median), "
                f"{per_request / ceiling_ms:.1f}x the bare insert; {size:,} bytes of HTML"
            )
            # The same queries in the same order every time: the n-th of each run together.
            for same_query in zip(*runs, strict=True):
                sql, params, _ = same_query[0]
                ms = median([ms for _, _, ms in same_query])
                print(f"  {ms:6.2f} ms  {sql[:110]}")
                if sql.startswith("SELECT"):
                    plan = _plan(connection, sql, params)
                    if any(FULL_SCAN.search(step) for step in plan):
                        print("\n".join(f"             plan: {step}" for step in plan))
            if action is not ACTIONS[0]:
                print(_profile(post, args.requests, args.top))


def _timed(queries):
    """An execute wrapper that notes each query and its time (DEBUG is off: no query log)."""

    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append((sql, params, (time.perf_counter() - started) * 1000))

    return wrapper


def _plan(connection, sql, params):
    """The database's plan for a query, one line per step."""
    with connection.cursor() as cursor:
        cursor.execute(f"{connection.ops.explain_query_prefix()} {sql}", params)
        return [" ".join(str(part) for part in row) for row in cursor.fetchall()]


def _profile(post, requests, top):
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(requests):
        post()
    profile.disable()
    report = io.StringIO()
    stats = pstats.Stats(profile, stream=report).sort_stats("cumulative")
    stats.print_stats(SHOWN, top)
    # Keep the table: drop pstats' preamble up to its header line.
    text = report.getvalue()
    return "  under cProfile:\n" + text[text.index("   ncalls") :].rstrip()


if __name__ == "__main__":
    main()
