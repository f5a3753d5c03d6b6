"""The product among many people: PostgreSQL with 1,000, 10,000 or 100,000 people (issue 25).

Generates a database of ``--people`` people: most with weeks or months of records, some
with one, five or ten years, reminders set for a share of them, the real food catalog. The
people go in with COPY; their journals are made by PostgreSQL itself (INSERT … SELECT from a
table of the days each person logged, ``random()`` seeded), into tables whose indexes and
keys are built after the load, as a restore does (1,000 people in about 10 s).

Then times, in interleaved rounds side by side with a bare signed-in page (the same
middleware, a view that does nothing), for a person with one year and a person with ten
years of records:

Today, a past day, the history, the report (90 days, a year, all time), food search, a quick
tap (+250 ml water), an experiment's page, an export (JSON), and the reminders clock's tick
(steady: the minute after a tick, as the clock runs all day).

Each page goes through Django's test client in this process (middleware, session, the view,
rendering), so the figures are the server's time for one request, queries included. At the
end it prints EXPLAIN ANALYZE of the heaviest per-person queries (Today's and the report's),
the plans the table in docs/performance.md quotes.

    .venv/bin/python bench/scale.py --people 1000
    .venv/bin/python bench/scale.py --people 10000 --rounds 5
    .venv/bin/python bench/scale.py --people 100000 --rounds 5   # about 140 million rows

``--keep`` reuses the database when it already holds that many people (generation is then
skipped); the database is cj_scale_bench unless ``--database`` says otherwise.
"""

import argparse
import datetime
import io
import json
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SERVER = "postgres://postgres@127.0.0.1:5432"
ZONES = [
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Australia/Sydney",
    "UTC",
]
# How long people have kept the journal: (share of people, fewest days, most days).
HISTORY = [(0.62, 7, 60), (0.30, 61, 240), (0.06, 241, 730), (0.015, 1_500, 2_000)]
# The rest, 0.5%: ten years.
TEN_YEARS = 3_652
REMINDER_SHARE = 0.15
# Each logged day: meals and items per meal, drinks; some days a cramp, exercise, a
# supplement; most days marked complete.
MEALS = ("breakfast", "lunch", "dinner")


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (default 5)")
    parser.add_argument("--database", default="cj_scale_bench")
    parser.add_argument("--keep", action="store_true", help="reuse the database if it fits")
    parser.add_argument("--seed", type=int, default=25)
    parser.add_argument("--json", help="also write the figures to this file")
    return parser.parse_args()


def configure(database: str) -> None:
    sys.path[:0] = [str(BENCH), str(ROOT)]
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"{SERVER}/{database}",
            "DEBUG": "false",
            "TESTING": "true",  # the test settings' host and HTTPS: the test client's requests
            "ALLOWED_HOSTS": "testserver",
            "TASKS_BACKEND": "db",
        }
    )
    import django

    django.setup()


def people_in(database: str) -> int | None:
    import psycopg

    try:
        with psycopg.connect(f"{SERVER}/{database}") as db:
            return db.execute("SELECT count(*) FROM accounts_user").fetchone()[0]
    except psycopg.Error:
        return None


def recreate(database: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as db:
        db.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(database)))
        db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))


# --- Generation ----------------------------------------------------------------------------


class Table:
    """COPY into a model's table: the columns given per row, then every other column at its
    model default (worked out once)."""

    def __init__(self, model, per_row: list[str]):
        from django.db import connection

        self.model = model
        self.per_row = per_row
        now = datetime.datetime.now(datetime.UTC)
        fixed = {}
        for field in model._meta.concrete_fields:
            if field.attname in per_row or field.primary_key:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                fixed[field.column] = now
            elif field.get_internal_type() == "JSONField":
                fixed[field.column] = json.dumps(field.get_default())
            else:
                fixed[field.column] = field.get_default()
        columns = [model._meta.get_field(name).column for name in per_row] + list(fixed)
        self.columns = ", ".join(columns)
        self.tail = tuple(fixed.values())
        self.tail_types = [
            field.db_type(connection)
            for field in model._meta.concrete_fields
            if field.column in fixed
        ]
        self.rows = 0

    def insert_select(self, cursor, per_row: str, rest: str) -> None:
        """INSERT … SELECT ``per_row`` (the per-row columns' expressions) ``rest`` (FROM …),
        every other column at its default; the rows are made by PostgreSQL itself."""
        fixed = "".join(f", CAST(%s AS {kind})" for kind in self.tail_types)
        cursor.execute(
            f"INSERT INTO {self.model._meta.db_table} ({self.columns}) "
            f"SELECT {per_row}{fixed} {rest}",
            self.tail,
        )
        self.rows += cursor.rowcount

    def copy(self, cursor, rows) -> None:
        table = self.model._meta.db_table
        with cursor.copy(f"COPY {table} ({self.columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row + self.tail)
                self.rows += 1


def history_days(rng: random.Random) -> int:
    draw = rng.random()
    for share, fewest, most in HISTORY:
        if draw < share:
            return rng.randint(fewest, most)
        draw -= share
    return TEN_YEARS


# The journal tables PostgreSQL fills: their indexes and constraints are dropped for the load
# and built again after it, as a restore does.
JOURNAL_TABLES = (
    "journal_meal",
    "journal_mealitem",
    "journal_drink",
    "journal_cramp",
    "journal_exercise",
    "journal_supplement",
    "journal_daystatus",
)


def journal_tables() -> dict:
    """The journal tables' Table (the columns each row gives, every other at its default)."""
    from journal.models import Cramp, DayStatus, Drink, Exercise, Meal, MealItem, Supplement

    entry = ["user_id", "occurred_at", "local_date", "request_token"]
    return {
        "meals": Table(Meal, ["id", *entry, "kind"]),
        "items": Table(
            MealItem,
            [
                "meal_id",
                "user_id",
                "local_date",
                "food_id",
                "food_name",
                "amount_label",
                "grams",
                "potassium_mg",
                "magnesium_mg",
                "calcium_mg",
                "sodium_mg",
            ],
        ),
        "drinks": Table(Drink, [*entry, "kind", "volume_ml", "caffeinated", "alcoholic"]),
        "cramps": Table(Cramp, [*entry, "muscle", "side", "severity", "night_of"]),
        "exercise": Table(Exercise, [*entry, "activity", "duration_minutes", "intensity"]),
        "supplements": Table(Supplement, [*entry, "name", "mineral", "mineral_mg"]),
        "day statuses": Table(DayStatus, ["user_id", "date", "food_log_complete"]),
    }


def drop_indexes(cursor) -> list[str]:
    """Drops the journal tables' constraints (but checks) and indexes; returns the statements
    that build them again, keys and indexes before the foreign keys that check against them."""
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype"
        " FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s) AND contype IN"
        " ('p', 'u', 'f') ORDER BY contype = 'f' DESC",
        [list(JOURNAL_TABLES)],
    )
    constraints = cursor.fetchall()
    for table, name, _, _ in constraints:  # foreign keys first: they depend on the keys
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)",
        [list(JOURNAL_TABLES)],
    )
    indexes = cursor.fetchall()
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    keys = [
        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
        for table, name, definition, kind in constraints
        if kind != "f"
    ]
    foreign = [
        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
        for table, name, definition, kind in constraints
        if kind == "f"
    ]
    return keys + [definition for _, definition in indexes] + foreign


def generate(people: int, seed: int, timed: dict[str, int]) -> dict[str, int]:
    """Writes ``people`` people and their journals; ``timed`` names the timed people's
    history in days (they are the first ids). Returns rows per table.

    The people, profiles and reminders go in with COPY from here; the journals are made by
    PostgreSQL from a table of the days each person logged (INSERT … SELECT with its
    ``random()`` seeded), into tables without indexes, which are built after the load."""
    from django.db import connection

    from accounts.models import Profile, User
    from foods.models import Food
    from reminders.models import ReminderSettings

    rng = random.Random(seed)
    foods = list(
        Food.objects.filter(owner=None, active=True)
        .exclude(potassium_mg=None)
        .values_list("id", "name", "potassium_mg", "magnesium_mg", "calcium_mg", "sodium_mg")[:400]
    )
    people_tables = {
        "users": Table(User, ["id", "email", "password"]),
        "profiles": Table(Profile, ["id", "user_id", "time_zone"]),
        "reminders": Table(
            ReminderSettings,
            ["id", "user_id", "morning_enabled", "morning_time", "evening_enabled", "evening_time"],
        ),
    }
    tables = journal_tables()
    timed_days = list(timed.values())
    users, profiles, reminders, spans = [], [], [], []
    for person in range(1, people + 1):
        zone = "Europe/London" if person <= len(timed) else rng.choice(ZONES)
        users.append((person, f"person{person}@scale.example", "!"))
        profiles.append((person, person, zone))
        if person <= len(timed) or rng.random() < REMINDER_SHARE:
            morning = datetime.time(rng.randint(6, 9), rng.choice((0, 15, 30, 45)))
            evening = datetime.time(rng.randint(19, 22), rng.choice((0, 30)))
            reminders.append(
                (len(reminders) + 1, person, True, morning, rng.random() < 0.5, evening)
            )
        span = timed_days[person - 1] if person <= len(timed) else history_days(rng)
        spans.append((person, zone, span))

    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # psycopg's own, for COPY
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute("SET synchronous_commit = off")
        for name, rows in (("users", users), ("profiles", profiles), ("reminders", reminders)):
            people_tables[name].copy(cursor, rows)
        cursor.execute(
            "CREATE TEMPORARY TABLE scale_span (user_id bigint, zone text, days int);"
            "CREATE TEMPORARY TABLE scale_food (n int, id bigint, name text, k float,"
            " mg float, ca float, na float)"
        )
        with cursor.copy("COPY scale_span FROM STDIN") as copy:
            for row in spans:
                copy.write_row(row)
        with cursor.copy("COPY scale_food FROM STDIN") as copy:
            for n, row in enumerate(foods, start=1):
                copy.write_row((n, *row))
        rebuild = drop_indexes(cursor)
        cursor.execute("SELECT setseed(%s)", [1 / (seed + 2)])
        # Each day of each person's span: 85% logged; per logged day its drinks (1 to 4) and
        # the draws for a cramp (12%), exercise (20%), a supplement (10%), a complete mark (60%).
        cursor.execute(
            "CREATE TEMPORARY TABLE scale_day AS"
            " SELECT s.user_id, s.zone, (current_date - g)::date AS day,"
            "  1 + floor(random() * 4)::int AS drinks, random() AS cramp,"
            "  random() < 0.7 AS night, random() AS exercise, random() AS supplement,"
            "  random() AS complete"
            " FROM scale_span s CROSS JOIN LATERAL generate_series(s.days, 1, -1) g"
            " WHERE random() >= 0.15"
        )
        # Up to three meals a day (each 75%), of one to four foods.
        cursor.execute(
            "CREATE TEMPORARY TABLE scale_meal AS"
            " SELECT row_number() OVER () AS id, d.user_id, d.zone, d.day, k.kind,"
            "  make_time(k.hour, floor(random() * 60)::int, 0) AS at,"
            "  1 + floor(random() * 4)::int AS items"
            " FROM scale_day d CROSS JOIN (VALUES ('breakfast', 8), ('lunch', 13),"
            "  ('dinner', 19)) k (kind, hour)"
            " WHERE random() >= 0.25"
        )
        local = "(day + {}) AT TIME ZONE zone"  # a wall-clock time on the day, where they live
        evening, bedtime = "time '18:00'", "time '21:00'"
        tables["meals"].insert_select(
            cursor,
            f"id, user_id, {local.format('at')}, day, gen_random_uuid(), kind",
            "FROM scale_meal",
        )
        tables["items"].insert_select(
            cursor,
            "x.meal_id, x.user_id, x.day, f.id, f.name, x.grams || ' g', x.grams,"
            " f.k * x.grams / 100, coalesce(f.mg, 0) * x.grams / 100,"
            " coalesce(f.ca, 0) * x.grams / 100, coalesce(f.na, 0) * x.grams / 100",
            "FROM (SELECT m.id AS meal_id, m.user_id, m.day,"
            f"  1 + floor(random() * {len(foods)})::int AS n,"
            "  (ARRAY[50, 100, 120, 150, 200])[1 + floor(random() * 5)::int]::float AS grams"
            "  FROM scale_meal m CROSS JOIN LATERAL generate_series(1, m.items) i"
            "  OFFSET 0) x"  # OFFSET 0: one draw per item, the join does not move it
            " JOIN scale_food f ON f.n = x.n",
        )
        tables["drinks"].insert_select(
            cursor,
            f"user_id, {local.format('at')}, day, gen_random_uuid(),"
            " CASE WHEN coffee THEN 'coffee' ELSE 'water' END, volume, coffee, false",
            "FROM (SELECT d.user_id, d.zone, d.day, random() < 0.3 AS coffee,"
            "  make_time(7 + floor(random() * 15)::int, floor(random() * 60)::int, 0) AS at,"
            "  (ARRAY[200, 250, 330, 500])[1 + floor(random() * 4)::int] AS volume"
            "  FROM scale_day d CROSS JOIN LATERAL generate_series(1, d.drinks) i OFFSET 0) x",
        )
        tables["cramps"].insert_select(
            cursor,
            "user_id, "
            + local.format(
                "make_time(CASE WHEN night THEN 3 ELSE 16 END, floor(random() * 60)::int, 0)"
            )
            + ", day, gen_random_uuid(), 'calf',"
            " CASE WHEN random() < 0.5 THEN 'left' ELSE 'right' END,"
            " 1 + floor(random() * 10)::int, CASE WHEN night THEN day - 1 END",
            "FROM scale_day WHERE cramp < 0.12",
        )
        tables["exercise"].insert_select(
            cursor,
            f"user_id, {local.format(evening)}, day, gen_random_uuid(), 'walking',"
            " (ARRAY[20, 30, 45, 60])[1 + floor(random() * 4)::int],"
            " (ARRAY['light', 'moderate', 'hard'])[1 + floor(random() * 3)::int]",
            "FROM scale_day WHERE exercise < 0.2",
        )
        tables["supplements"].insert_select(
            cursor,
            f"user_id, {local.format(bedtime)}, day, gen_random_uuid(),"
            " 'Magnesium citrate', 'magnesium', 200.0",
            "FROM scale_day WHERE supplement < 0.1",
        )
        tables["day statuses"].insert_select(
            cursor, "user_id, day, true", "FROM scale_day WHERE complete < 0.6"
        )
        for statement in rebuild:
            cursor.execute(statement)
        for table in [*people_tables.values(), *tables.values()]:
            name = table.model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {name}))"
            )
        cursor.execute("DROP TABLE scale_span, scale_food, scale_day, scale_meal")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would gather them
    return {name: table.rows for name, table in [*people_tables.items(), *tables.items()]}


def prepare(args) -> dict:
    from django.core.management import call_command

    timed = {"1-year person": 365, "10-year person": TEN_YEARS}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("import_foods", verbosity=0, stdout=io.StringIO())
    catalog = time.perf_counter() - started
    started = time.perf_counter()
    counts = generate(args.people, args.seed, timed)
    seconds = time.perf_counter() - started
    return {"catalog_seconds": catalog, "generate_seconds": seconds, "rows": counts}


# --- Timing --------------------------------------------------------------------------------


def bare_page(request):
    from django.http import HttpResponse

    return HttpResponse("<p>ok</p>")


def timed_paths(user, experiment_pk: int) -> dict:
    """Each path: (method, url, data)."""
    from django.urls import reverse

    past = datetime.date.today() - datetime.timedelta(days=3)
    return {
        "Today": ("GET", reverse("journal:today"), None),
        "a past day": ("GET", reverse("journal:day", kwargs={"day": past}), None),
        "history": ("GET", reverse("journal:history"), None),
        "report, 90 days": ("GET", reverse("reports:index"), {"period": "90"}),
        "report, a year": ("GET", reverse("reports:index"), {"period": "year"}),
        "report, all time": ("GET", reverse("reports:index"), {"period": "all"}),
        "search 'banana'": ("GET", reverse("foods:search"), {"q": "banana"}),
        "quick tap (+250 ml)": (
            "POST",
            reverse("journal:quick_drink"),
            {"kind": "water", "volume_ml": "250"},
        ),
        "experiment page": (
            "GET",
            reverse("experiments:detail", kwargs={"pk": experiment_pk}),
            None,
        ),
        "export (JSON)": ("GET", reverse("export_json"), None),
    }


def an_experiment(user) -> int:
    from experiments import running
    from experiments.models import Experiment

    experiment = Experiment.objects.filter(owner=user).first()
    if experiment is None:
        experiment = Experiment.objects.create(
            owner=user, intervention="stretching", pairs=4, block_days=7, run_in_days=0
        )
        running.start(experiment)
    return experiment.pk


def run_timings(rounds: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import clear_url_caches, path

    import config.urls
    from accounts.models import User
    from reminders.scheduler import enqueue_due_reminders

    urlconf = type(sys)("scale_urls")
    urlconf.urlpatterns = [path("bench/bare/", bare_page), *config.urls.urlpatterns]
    sys.modules["scale_urls"] = urlconf
    figures: dict[str, dict[str, list[float]]] = {}
    queries: dict[str, dict[str, int]] = {}
    with override_settings(ROOT_URLCONF="scale_urls"):
        clear_url_caches()
        for label, email in (
            ("1-year person", "person1@scale.example"),
            ("10-year person", "person2@scale.example"),
        ):
            user = User.objects.get(email=email)
            client = Client()
            client.force_login(user)
            paths = timed_paths(user, an_experiment(user))
            paths = {"bare signed-in page": ("GET", "/bench/bare/", None), **paths}
            times = figures.setdefault(label, {name: [] for name in paths})
            counted = queries.setdefault(label, {})
            for round_number in range(rounds + 1):  # the first round warms up
                for name, (method, url, data) in paths.items():
                    headers = {}
                    if method == "POST":  # as the Today page's button sends it
                        data = {**data, "request_token": str(uuid.uuid4())}
                        headers = {"HX-Request": "true"}
                    with CaptureQueriesContext(connection) as captured:
                        started = time.perf_counter()
                        response = getattr(client, method.lower())(url, data or {}, headers=headers)
                        elapsed = time.perf_counter() - started
                    if response.status_code not in (200, 204):
                        sys.exit(f"{label} {name}: {response.status_code}")
                    if round_number:
                        times[name].append(elapsed * 1000)
                        counted[name] = len(captured.captured_queries)
    # The clock: the first tick works out every due instant not known yet; the steady ticks
    # after it read only the people due in their minute.
    clock = figures.setdefault("clock", {"first tick": [], "steady tick": []})
    now = datetime.datetime.now(datetime.UTC).replace(second=0, microsecond=0)
    started = time.perf_counter()
    enqueue_due_reminders(now)
    clock["first tick"].append((time.perf_counter() - started) * 1000)
    for minute in range(1, rounds * 2 + 1):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            enqueue_due_reminders(now + datetime.timedelta(minutes=minute))
            clock["steady tick"].append((time.perf_counter() - started) * 1000)
        queries.setdefault("clock", {})["steady tick"] = len(captured.captured_queries)
    return {"figures": figures, "queries": queries}


def sequential_scans(rounds_paths: dict) -> list[str]:
    """Every SELECT the timed pages run for the 10-year person, EXPLAINed: the sequential
    scans in their plans, with each table's rows (issue 25: none of a people's table that
    holds many rows)."""
    import re

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    user = User.objects.get(email="person2@scale.example")
    client = Client()
    client.force_login(user)
    found = []
    for name, (method, url, data) in rounds_paths(user).items():
        if method != "GET":
            continue
        with CaptureQueriesContext(connection) as captured:
            client.get(url, data or {})
        with connection.cursor() as cursor:
            for query in captured.captured_queries:
                sql = query["sql"]
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                cursor.execute("EXPLAIN " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                found += [(name, table) for table in re.findall(r"Seq Scan on (\w+)", plan)]
        # A table of a few rows is read whole whatever its indexes: its size says which.
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r'")
        rows = dict(cursor.fetchall())
    return [
        f"{name}: {table} ({max(rows.get(table, 0), 0):,} rows)"
        for name, table in sorted(set(found))
    ]


def explain_heaviest() -> str:
    """EXPLAIN ANALYZE of the 10-year person's heaviest queries on Today and the report."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.models import User

    user = User.objects.get(email="person2@scale.example")
    client = Client()
    client.force_login(user)
    captured_all = []
    for url, data in (
        (reverse("journal:today"), {}),
        (reverse("reports:index"), {"period": "all"}),
    ):
        with CaptureQueriesContext(connection) as captured:
            client.get(url, data)
        captured_all += [
            (float(query["time"]), query["sql"])
            for query in captured.captured_queries
            if query["sql"].lstrip().upper().startswith("SELECT")
        ]
    out = []
    with connection.cursor() as cursor:
        for _, sql in sorted(captured_all, reverse=True)[:4]:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            out.append(f"-- {sql[:400]}\n{plan}\n")
    return "\n".join(out)


def report(args, setup: dict, timings: dict, plans: str) -> None:
    figures = timings["figures"]
    print(f"\nScale bench on PostgreSQL: {args.people:,} people")
    if setup:
        rows = ", ".join(f"{count:,} {name}" for name, count in setup["rows"].items())
        print(f"  generated in {setup['generate_seconds']:.0f} s: {rows}")
    print(f"  {args.rounds} rounds after one warm-up round, paths in turn in each round")
    for label in ("1-year person", "10-year person"):
        times = figures[label]
        bare = statistics.median(times["bare signed-in page"])
        print(f"\n  {label}: median ms (max), queries, times the bare page")
        for name, values in times.items():
            median = statistics.median(values)
            count = timings["queries"][label].get(name, 0)
            print(
                f"    {name:24} {median:8.1f} ({max(values):7.1f}) {count:4d} q"
                f" {median / bare:7.1f}x"
            )
    clock = figures["clock"]
    print(
        f"\n  clock: first tick {clock['first tick'][0]:.0f} ms; steady tick median "
        f"{statistics.median(clock['steady tick']):.1f} ms (max {max(clock['steady tick']):.1f}),"
        f" {timings['queries']['clock']['steady tick']} queries"
    )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"  load average (1, 5, 15 min) at the end: {load}")
    print("\nEXPLAIN ANALYZE, the 10-year person's heaviest queries (Today, report all time):\n")
    print(plans)
    if args.json:
        Path(args.json).write_text(
            json.dumps({"people": args.people, "setup": setup, **timings}, indent=1, default=str)
        )


def main():
    args = arguments()
    setup = {}
    if not (args.keep and people_in(args.database) == args.people):
        recreate(args.database)
        configure(args.database)
        setup = prepare(args)
    else:
        configure(args.database)
    timings = run_timings(args.rounds)
    plans = explain_heaviest()
    scans = sequential_scans(lambda user: timed_paths(user, an_experiment(user)))
    plans += "\nSequential scans in the 10-year person's pages (every SELECT EXPLAINed):\n"
    plans += "\n".join(f"  {scan}" for scan in scans) or "  none"
    report(args, setup, timings, plans)


if __name__ == "__main__":
    main()
