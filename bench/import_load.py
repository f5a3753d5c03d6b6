"""A big import while other people write, and big previews while other people read.

1. **Import under load**: a file of ``--entries`` entries (60,000: cramps, drinks and meals
   with one food each) goes through the real flow (upload, the check on the task worker,
   confirm, the chunked save on the task worker) while ``--writers`` people (25) each log a
   cramp through the real view every 0.1-0.3 s. Figures: every request the importer made
   (none may come near gunicorn's 30 s timeout), the import's time, and the writers' latency
   (p50/p95/p99/max; target p95 under 1 s) before and during the import.
2. **Two big previews**: two people upload a ``--preview-mb`` (12.8) MB file at once and wait
   for their previews, while another person's Today is read over and over. Target: Today
   stays under 1 s.

The task worker is the real one (``manage.py db_worker``, a process of its own, as in
production). The writers, the readers and the uploaders each run in processes of their own
(5 threads each for the writers), so that what is measured is the database and the views,
not one Python process's lock. The requests go through Django's test client (the whole
middleware stack, the real views), not over HTTP.

    .venv/bin/python bench/import_load.py             # SQLite
    .venv/bin/python bench/import_load.py --postgres  # PostgreSQL (database cj_bench_import)
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid

from _setup import ROOT, configure_django, parse_args, percentile

WRITER_PROCESSES = 5
THINK_SECONDS = (0.1, 0.3)


def _arguments(parser):
    parser.add_argument("--entries", type=int, default=60_000)
    parser.add_argument("--writers", type=int, default=25)
    parser.add_argument("--preview-mb", type=float, default=12.8)
    parser.add_argument("--database", default="cj_bench_import")
    parser.add_argument("--skip-previews", action="store_true")
    parser.add_argument("--skip-import", action="store_true")


# --- Files ----------------------------------------------------------------------------------


def _moment(n: int) -> str:
    day = 1 + n % 28
    return f"2025-{1 + n // 28 % 12:02d}-{day:02d}T{n % 24:02d}:{n % 60:02d}:00+00:00"


def entries_file(count: int) -> bytes:
    """``count`` entries: half cramps, a third drinks, the rest meals of one food each."""
    cramps, drinks = count // 2, count // 3
    meals = count - cramps - drinks
    document = {
        "schema_version": 3,
        "cramps": [
            {"id": str(uuid.uuid4()), "occurred_at": _moment(n), "severity": 1 + n % 10}
            for n in range(cramps)
        ],
        "drinks": [
            {"id": str(uuid.uuid4()), "occurred_at": _moment(n), "kind": "water", "volume_ml": 250}
            for n in range(drinks)
        ],
        "meals": [
            {
                "id": str(uuid.uuid4()),
                "occurred_at": _moment(n),
                "kind": "lunch",
                "items": [
                    {"food_name": "Rice", "amount_label": "150 g", "grams": 150, "potassium_mg": 50}
                ],
            }
            for n in range(meals)
        ],
    }
    return json.dumps(document).encode()


def file_of_size(megabytes: float) -> bytes:
    """A file of about this many MB (10^6 bytes) of cramps."""
    sample = len(entries_file(1000))
    count = int(megabytes * 1e6 / sample * 1000)
    return entries_file(count)


# --- The people -----------------------------------------------------------------------------


def _client(email: str):
    from django.db import connections
    from django.test import Client

    from accounts.models import User

    connections.close_all()
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def _writer_process(emails, stop, ready, results):
    """Threads that each log a cramp through the real view, with a short think time."""
    from django.db import connection
    from django.urls import reverse

    url = reverse("journal:log_cramp")
    latencies, errors = [], []

    def tap(email):
        client = _client(email)
        ready.put(email)
        while not stop.is_set():
            started = time.perf_counter()
            response = client.post(url, {"request_token": str(uuid.uuid4())})
            latencies.append((time.time(), time.perf_counter() - started))
            if response.status_code != 302:
                errors.append(response.status_code)
            time.sleep(random.uniform(*THINK_SECONDS))
        connection.close()

    threads = [threading.Thread(target=tap, args=(email,)) for email in emails]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put((latencies, errors))


def _reader_process(email, stop, results):
    from django.urls import reverse

    client = _client(email)
    url = reverse("journal:today")
    latencies, errors = [], []
    while not stop.is_set():
        started = time.perf_counter()
        response = client.get(url)
        latencies.append((time.time(), time.perf_counter() - started))
        if response.status_code != 200:
            errors.append(response.status_code)
        time.sleep(0.05)
    results.put((latencies, errors))


class Importer:
    """One person through the import's pages: upload, wait, confirm, wait."""

    def __init__(self, email: str):
        self.email = email
        self.client = _client(email)
        self.requests: list[tuple[str, float]] = []

    def _timed(self, name, call):
        started = time.perf_counter()
        response = call()
        self.requests.append((name, time.perf_counter() - started))
        return response

    def upload(self, content: bytes) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.urls import reverse

        file = SimpleUploadedFile("big.json", content, content_type="application/json")
        response = self._timed(
            "upload", lambda: self.client.post(reverse("import_data"), {"file": file})
        )
        assert response.status_code == 302, response.content[:500]

    def wait_while_working(self) -> str:
        from django.urls import reverse

        while True:
            response = self._timed(
                "progress poll",
                lambda: self.client.get(reverse("import_preview"), headers={"HX-Request": "true"}),
            )
            if response.status_code == 204:
                page = self._timed("preview", lambda: self.client.get(reverse("import_preview")))
                return page.content.decode() if page.status_code == 200 else page["Location"]
            time.sleep(1)

    def confirm(self) -> None:
        from django.urls import reverse

        from portability.models import PendingImport

        digest = PendingImport.objects.get(user__email=self.email).digest
        self._timed(
            "confirm", lambda: self.client.post(reverse("import_preview"), {"digest": digest})
        )

    def slowest(self) -> tuple[str, float]:
        return max(self.requests, key=lambda pair: pair[1])


# --- Running --------------------------------------------------------------------------------


def start_worker() -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
        cwd=ROOT,
        env={**os.environ, "TASKS_BACKEND": "db"},
        stdout=subprocess.DEVNULL,
        stderr=open(os.path.join(tempfile.gettempdir(), "import_load_worker.log"), "w"),
    )


def figures(latencies: list[float]) -> str:
    if not latencies:
        return "no requests"
    ms = [1000 * value for value in latencies]
    return (
        f"{len(ms):,} requests, p50 {percentile(ms, 0.5):.0f} ms, p95 {percentile(ms, 0.95):.0f}"
        f" ms, p99 {percentile(ms, 0.99):.0f} ms, max {max(ms):.0f} ms"
    )


def make_people(writers: int) -> list[str]:
    from tests.factories import UserFactory

    emails = ["importer@example.com", "reader@example.com", "second@example.com"]
    emails += [f"writer{n}@example.com" for n in range(writers)]
    for email in emails:
        UserFactory(email=email)
    return emails


def import_under_load(args, label, writer_emails) -> None:
    context = multiprocessing.get_context("fork")
    stop, ready, results = context.Event(), context.Queue(), context.Queue()
    groups = [writer_emails[n::WRITER_PROCESSES] for n in range(WRITER_PROCESSES)]
    content = entries_file(args.entries)
    print(f"{label}: import of {args.entries:,} entries ({len(content) / 1e6:.1f} MB)")
    from django.db import connections

    connections.close_all()
    processes = [
        context.Process(target=_writer_process, args=(group, stop, ready, results))
        for group in groups
    ]
    for process in processes:
        process.start()
    for _ in writer_emails:
        ready.get()
    time.sleep(5)  # the writers alone first: the baseline
    importer = Importer("importer@example.com")
    started = time.time()
    importer.upload(content)
    preview = importer.wait_while_working()
    checked = time.time()
    assert "Check the import" in preview, preview[:300]
    importer.confirm()
    done_page = importer.wait_while_working()
    finished = time.time()
    time.sleep(2)
    stop.set()
    collected = [results.get() for _ in processes]
    for process in processes:
        process.join()
    latencies = [pair for part, _ in collected for pair in part]
    errors = [status for _, part in collected for status in part]
    before = [value for moment, value in latencies if moment < started]
    during = [value for moment, value in latencies if started <= moment <= finished]
    from journal.models import Cramp, Drink, Meal

    imported = sum(
        model.objects.filter(user__email="importer@example.com").count()
        for model in (Cramp, Drink, Meal)
    )
    slowest_name, slowest = importer.slowest()
    state = "all saved" if imported == args.entries else "MISSING SOME"
    print(f"  checked in {checked - started:.1f} s, saved in {finished - checked:.1f} s; "
          f"{imported:,} entries in the account ({state}); then {done_page[:40]!r}")  # fmt: skip
    print(f"  importer's slowest request: {slowest_name} {slowest:.2f} s "
          f"({len(importer.requests)} requests)")  # fmt: skip
    print(f"  {args.writers} writers before the import: {figures(before)}")
    print(f"  {args.writers} writers during the import: {figures(during)}; errors: {len(errors)}")


def previews_under_load(args, label) -> None:
    context = multiprocessing.get_context("fork")
    stop, results = context.Event(), context.Queue()
    content = file_of_size(args.preview_mb)
    print(f"{label}: two previews of {len(content) / 1e6:.1f} MB at once, Today read meanwhile")
    from django.db import connections

    connections.close_all()
    reader = context.Process(target=_reader_process, args=("reader@example.com", stop, results))
    reader.start()
    time.sleep(3)
    started = time.time()
    people = [
        context.Process(target=_preview_process, args=(email, content, results))
        for email in ("importer@example.com", "second@example.com")
    ]
    for person in people:
        person.start()
    previews = [results.get() for _ in people]
    finished = time.time()
    for person in people:
        person.join()
    stop.set()
    latencies, errors = results.get()
    reader.join()
    during = [value for moment, value in latencies if started <= moment <= finished]
    before = [value for moment, value in latencies if moment < started]
    for email, seconds, (slowest_name, slowest) in previews:
        print(f"  {email}: preview ready after {seconds:.1f} s; slowest request "
              f"{slowest_name} {slowest:.2f} s")  # fmt: skip
    print(f"  Today before: {figures(before)}")
    print(f"  Today during: {figures(during)}; errors: {len(errors)}")


def _preview_process(email, content, results):
    person = Importer(email)
    began = time.perf_counter()
    person.upload(content)
    person.wait_while_working()
    results.put((email, time.perf_counter() - began, person.slowest()))


def machine_load() -> str:
    return "load average " + " ".join(f"{value:.1f}" for value in os.getloadavg())


def main() -> None:
    args = parse_args(__doc__.split("\n")[0], _arguments)
    os.environ["TASKS_BACKEND"] = "db"
    label = configure_django(args.postgres, args.database)
    emails = make_people(args.writers)
    worker = start_worker()
    print(f"{os.cpu_count()} cores, {machine_load()} at the start")
    try:
        if not args.skip_import:
            import_under_load(args, label, emails[3:])
        if not args.skip_previews:
            previews_under_load(args, label)
        print(f"{machine_load()} at the end")
    finally:
        worker.terminate()
        worker.wait(timeout=30)


if __name__ == "__main__":
    main()
