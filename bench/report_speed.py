"""How fast one person's trend report is built from five years of dense records.

Issue 5: a person with 5 years of records (1,826 days; about 9,000 meals, 27,000 meal items,
700 cramps, 9,000 drinks, 1,000 exercise sessions) gets the full report in at most 150 ms
median server time, on SQLite and PostgreSQL, with a fixed number of SQL queries whatever the
data size, and within 2x of the bare SQL that reads the same rows (issue 25: 1.5x).

The script builds a throw-away database, fills one person (Europe/Berlin) with that journal
and three other people (other zones, two years each) with theirs, so that every query really
filters by person, then times, after a warm-up, for the "all" and the "year" periods:

a. the report as a server builds it: ``period_for`` + ``build_personal_report`` +
   ``report_as_dict``, encoded as JSON;
b. the report page and the JSON view through Django's test client (the whole request:
   middleware, session, rendering), when the URLs ``reports:index`` and
   ``reports:report_json`` exist;
c. the baseline: the grouped per-day queries that ``reports.series.daily_series`` runs,
   exactly as it runs them (captured once, missing-value counts and all), on a plain
   cursor, rows fetched into Python lists and nothing else.

and prints median, p90, the queries each path runs, and the ratio a / c.

    .venv/bin/python bench/report_speed.py              # SQLite (a temporary file)
    .venv/bin/python bench/report_speed.py --postgres   # the local PostgreSQL server
    .venv/bin/python bench/report_speed.py --profile    # also where (a)'s time goes

Meal items and drinks store their own mineral snapshot, so a small set of foods (with the
catalog's values per 100 g for those foods) is enough: the full catalog is not loaded.
"""

import cProfile
import json
import os
import pstats
import random
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from _setup import configure_django, median, parse_args, percentile

TARGET_MS = 150
TARGET_RATIO = 2.0
DAYS = 1826  # five years, one of them a leap year
PERSON_ZONE = "Europe/Berlin"
OTHER_PEOPLE = (("America/New_York", 730), ("Asia/Tokyo", 730), ("Australia/Sydney", 730))
SEED = 20261130

# name, potassium, magnesium, calcium, sodium (mg per 100 g, USDA SR28), usual grams
FOODS = [
    ("Banana, raw", 358, 27, 5, 1, 118),
    ("Oats, cooked with water", 70, 27, 9, 4, 234),
    ("Milk, 2% fat", 140, 11, 120, 41, 244),
    ("Bread, whole-wheat", 248, 75, 163, 450, 32),
    ("Butter, salted", 24, 2, 24, 643, 5),
    ("Cheddar cheese", 76, 27, 710, 653, 28),
    ("Egg, scrambled", 132, 12, 66, 145, 61),
    ("Yogurt, Greek, plain", 141, 11, 110, 36, 170),
    ("Apple, raw", 107, 5, 6, 1, 182),
    ("Orange, raw", 181, 10, 40, 0, 131),
    ("Potato, baked, flesh and skin", 535, 28, 15, 10, 173),
    ("Sweet potato, baked in skin", 475, 27, 38, 36, 114),
    ("Rice, white, cooked", 35, 12, 10, 1, 158),
    ("Pasta, cooked", 44, 18, 7, 1, 140),
    ("Chicken breast, roasted", 256, 29, 15, 74, 86),
    ("Salmon, Atlantic, cooked", 384, 30, 15, 61, 154),
    ("Beef, ground, cooked", 270, 20, 18, 72, 85),
    ("Lentils, boiled", 369, 36, 19, 2, 198),
    ("Broccoli, boiled", 293, 21, 40, 41, 156),
    ("Spinach, boiled", 466, 87, 136, 70, 90),
    ("Tomato, raw", 237, 11, 10, 5, 123),
    ("Almonds", 733, 270, 269, 1, 28),
    ("Pizza, cheese", 184, 21, 188, 598, 107),
    ("Potato crisps", 1275, 68, 24, 527, 28),
    ("Dark chocolate", 715, 228, 73, 20, 28),
]
DRINK_FOODS = {
    "coffee": ("Coffee, brewed", 49, 3, 2, 2),
    "tea": ("Tea, black, brewed", 37, 3, 0, 3),
    "milk": ("Milk, 2% fat (drink)", 140, 11, 120, 41),
    "juice": ("Orange juice", 200, 11, 11, 1),
    "electrolyte": ("Sports drink", 12, 1, 0, 40),
    "alcohol": ("Beer, regular", 27, 6, 4, 4),
}


# --------------------------------------------------------------------------- the journal


class JournalWriter:
    """Makes one person's entries day by day, as unsaved rows, with their days assigned the
    way the journal models assign them (journal/days.py, in the owner's zone)."""

    def __init__(self, user, foods, drink_foods, rng: random.Random):
        from journal import days

        self.days = days
        self.user = user
        self.zone = ZoneInfo(user.profile.time_zone)
        self.foods = foods
        self.drink_foods = drink_foods
        self.rng = rng
        self.meals, self.items, self.drinks = [], [], []
        self.exercises, self.supplements, self.cramps, self.statuses = [], [], [], []

    def at(self, day: date, earliest: str, latest: str) -> datetime:
        first = int(earliest[:2]) * 60 + int(earliest[3:])
        last = int(latest[:2]) * 60 + int(latest[3:])
        minute = self.rng.randint(first, last)
        return datetime.combine(day, clock(minute // 60, minute % 60), tzinfo=self.zone)

    def entry(self, model, moment: datetime, **fields):
        entry = model(
            user=self.user,
            occurred_at=moment,
            local_date=self.days.local_day(moment, self.zone),
            **fields,
        )
        if hasattr(entry, "night_of"):
            entry.night_of = self.days.night_of(moment, self.zone)
        return entry

    def write(self, first: date, count: int, today: date):
        for offset in range(count):
            self.day(first + timedelta(days=offset), today)

    def day(self, day: date, today: date):
        from journal.models import DayStatus

        chance = self.rng.random
        self.eat(day)
        self.drink(day)
        exercised = chance() < 0.55
        if exercised:
            self.exercise(day)
        self.supplement(day)
        self.cramp(day, exercised)
        if day < today:
            roll = chance()
            if roll < 0.40:
                self.statuses.append(DayStatus(user=self.user, date=day, food_log_complete=True))
            elif roll < 0.45:  # ticked, then unticked
                self.statuses.append(DayStatus(user=self.user, date=day, food_log_complete=False))

    def eat(self, day: date):
        from journal.models import Meal

        courses = [
            (Meal.Kind.BREAKFAST, ("07:00", "09:00"), (2, 5)),
            (Meal.Kind.LUNCH, ("12:00", "13:30"), (2, 5)),
            (Meal.Kind.DINNER, ("18:30", "20:30"), (2, 5)),
        ]
        courses = [course for course in courses if self.rng.random() < 0.97]
        windows = [("10:00", "11:00"), ("15:00", "16:30"), ("21:00", "22:30")]
        snacks = self.rng.choices((0, 1, 2, 3), (10, 25, 25, 40))[0]
        courses += [
            (Meal.Kind.SNACK, window, (1, 4)) for window in self.rng.sample(windows, snacks)
        ]
        for kind, window, (fewest, most) in courses:
            meal = self.entry(Meal, self.at(day, *window), kind=kind)
            self.meals.append(meal)
            for food in self.rng.sample(self.foods, self.rng.randint(fewest, most)):
                self.items.append(self.meal_item(meal, food))

    def meal_item(self, meal, food):
        from journal.models import MealItem

        count = self.rng.choice((1, 1, 1, 2))
        grams = food.usual_grams * count
        item = MealItem(
            meal=meal,
            food=food,
            food_name=food.name,
            amount_label=f"{count} × {food.usual_grams:g} g",
            grams=grams,
        )
        item.take_snapshot(food, grams)
        return item

    def drink(self, day: date):
        from journal.models import Drink

        chance = self.rng.random
        planned = []
        if chance() < 0.85:
            planned.append((Drink.Kind.COFFEE, 350, self.at(day, "07:00", "09:30")))
        if chance() < 0.4:
            planned.append((Drink.Kind.TEA, 250, self.at(day, "14:30", "17:30")))
        if chance() < 0.15:
            planned.append((Drink.Kind.JUICE, 250, self.at(day, "07:15", "09:00")))
        if chance() < 0.15:
            planned.append((Drink.Kind.MILK, 250, self.at(day, "21:00", "22:30")))
        if chance() < 0.3:
            planned.append((Drink.Kind.ALCOHOL, 355, self.at(day, "19:00", "23:30")))
        for _ in range(self.rng.randint(1, 5)):
            planned.append((Drink.Kind.WATER, 250, self.at(day, "08:00", "22:00")))
        for kind, volume, moment in planned:
            food = self.drink_foods.get(kind)
            drink = self.entry(Drink, moment, kind=kind, volume_ml=volume)
            drink.count_minerals(food)
            self.drinks.append(drink)

    def exercise(self, day: date):
        from journal.models import Drink, Exercise

        intensity = self.rng.choice(list(Exercise.Intensity))
        moment = self.at(day, "06:30", "18:00")
        session = self.entry(
            Exercise,
            moment,
            activity=self.rng.choice(("walking", "running", "cycling", "swimming", "yoga")),
            duration_minutes=5 * self.rng.randint(4, 18),
            intensity=intensity,
            sweat=self.rng.choice(list(Exercise.Sweat)),
        )
        self.exercises.append(session)
        if self.rng.random() < 0.2:
            after = moment + timedelta(minutes=session.duration_minutes + 10)
            drink = self.entry(Drink, after, kind=Drink.Kind.ELECTROLYTE, volume_ml=500)
            drink.count_minerals(self.drink_foods[Drink.Kind.ELECTROLYTE])
            self.drinks.append(drink)

    def supplement(self, day: date):
        from journal.models import Supplement

        chance = self.rng.random
        evening = self.at(day, "21:00", "22:30")
        evening_minerals = (
            (0.35, "Magnesium citrate", Supplement.Mineral.MAGNESIUM, 300),
            (0.05, "Potassium gluconate", Supplement.Mineral.POTASSIUM, 99),
        )
        for probability, name, mineral, mineral_mg in evening_minerals:
            if chance() < probability:
                self.supplements.append(
                    self.entry(
                        Supplement, evening, name=name, mineral=mineral, mineral_mg=mineral_mg
                    )
                )
        if chance() < 0.3:
            self.supplements.append(
                self.entry(Supplement, self.at(day, "07:00", "09:00"), name="Vitamin D")
            )

    def cramp(self, day: date, exercised: bool):
        from journal.models import Cramp

        chance = self.rng.random
        moments = []
        if chance() < 0.25:  # the night after this day: late evening or small hours
            night = (
                self.at(day, "22:30", "23:59")
                if chance() < 0.3
                else self.at(day + timedelta(days=1), "01:00", "05:30")
            )
            moments.append((night, Cramp.Situation.NIGHT))
            if chance() < 0.12:
                moments.append((night + timedelta(minutes=20), Cramp.Situation.NIGHT))
        if chance() < 0.1:
            situation = Cramp.Situation.AFTER_EXERCISE if exercised else Cramp.Situation.REST
            moments.append((self.at(day, "10:00", "17:00"), situation))
        for moment, situation in moments:
            relief = sorted(self.rng.sample(list(Cramp.Relief.values), self.rng.randint(0, 2)))
            self.cramps.append(
                self.entry(
                    Cramp,
                    moment,
                    muscle=self.rng.choice(list(Cramp.Muscle.values)),
                    side=self.rng.choice(list(Cramp.Side.values)),
                    severity=self.rng.randint(1, 10) if chance() < 0.9 else None,
                    duration_seconds=self.rng.randint(20, 600) if chance() < 0.8 else None,
                    situation=situation,
                    relief=relief,
                    relief_effect=self.rng.choice([*Cramp.Effect.values, ""]) if relief else "",
                )
            )

    def store(self) -> dict[str, int]:
        from journal.models import Cramp, DayStatus, Drink, Exercise, Meal, MealItem, Supplement

        size = 2000
        Meal.objects.bulk_create(self.meals, batch_size=size)  # sets the meals' keys
        MealItem.objects.bulk_create(self.items, batch_size=size)
        for model, rows in (
            (Drink, self.drinks),
            (Exercise, self.exercises),
            (Supplement, self.supplements),
            (Cramp, self.cramps),
            (DayStatus, self.statuses),
        ):
            model.objects.bulk_create(rows, batch_size=size)
        return {
            "meals": len(self.meals),
            "meal items": len(self.items),
            "cramps": len(self.cramps),
            "drinks": len(self.drinks),
            "exercise sessions": len(self.exercises),
            "supplements": len(self.supplements),
            "complete days": sum(status.food_log_complete for status in self.statuses),
        }


def make_foods():
    from foods.models import Food

    def curated(group, name, potassium, magnesium, calcium, sodium):
        return Food.objects.create(
            name=name,
            source=Food.Source.CURATED,
            food_group=group,
            potassium_mg=potassium,
            magnesium_mg=magnesium,
            calcium_mg=calcium,
            sodium_mg=sodium,
        )

    foods = []
    for *minerals, grams in FOODS:
        food = curated("Benchmark", *minerals)
        food.usual_grams = grams
        foods.append(food)
    drink_foods = {
        kind: curated("Benchmark drinks", *minerals) for kind, minerals in DRINK_FOODS.items()
    }
    return foods, drink_foods


def fill(today: date):
    """The person under test and three others; returns the person and their counts."""
    from django.db import transaction

    from accounts.models import User

    rng = random.Random(SEED)
    with transaction.atomic():
        foods, drink_foods = make_foods()
        person = User.objects.create_user(
            "dense@example.com",
            "bench-password-123",
            profile={"time_zone": PERSON_ZONE, "sex": "female", "birth_year": 1968},
        )
        writer = JournalWriter(person, foods, drink_foods, rng)
        writer.write(today - timedelta(days=DAYS - 1), DAYS, today)
        counts = writer.store()
        others = {}
        for number, (zone, day_count) in enumerate(OTHER_PEOPLE):
            other = User.objects.create_user(
                f"other{number}@example.com",
                "bench-password-123",
                profile={"time_zone": zone, "sex": "male", "birth_year": 1980},
            )
            other_writer = JournalWriter(other, foods, drink_foods, rng)
            other_writer.write(today - timedelta(days=day_count - 1), day_count, today)
            for name, count in other_writer.store().items():
                others[name] = others.get(name, 0) + count
    return person, counts, others


# --------------------------------------------------------------------------- the baseline


def series_sql(connection, user, first: date, last: date) -> list[str]:
    """The SQL of reports.series.daily_series's grouped per-day queries, as it runs them (its
    parameters in place): the baseline then asks exactly what the report asks, missing-value
    counts included, and follows any change to those queries."""
    from django.test.utils import CaptureQueriesContext

    from reports.series import daily_series

    with CaptureQueriesContext(connection) as captured:
        daily_series(user, first, last)
    return [query["sql"] for query in captured.captured_queries]


def bare_sql(connection, queries: list[str]) -> list[list]:
    """The series' queries on a plain cursor: the rows the report reads, fetched and nothing
    more."""
    results = []
    with connection.cursor() as cursor:
        for sql in queries:
            cursor.execute(sql)
            results.append(list(cursor.fetchall()))
    return results


# --------------------------------------------------------------------------- timing


def time_calls(calls: dict, repeats: int, warmup: int) -> dict[str, tuple[list, list]]:
    """Milliseconds per call, wall-clock and this process's CPU time, for each of ``calls``:
    ``repeats`` rounds after ``warmup`` untimed ones. The calls take turns within a round, so
    that on a shared machine a busy spell slows them all alike and their ratio stays fair."""
    for _ in range(warmup):
        for call in calls.values():
            call()
    samples = {name: ([], []) for name in calls}
    for _ in range(repeats):
        for name, call in calls.items():
            wall, cpu = time.perf_counter(), time.process_time()
            call()
            samples[name][0].append((time.perf_counter() - wall) * 1000)
            samples[name][1].append((time.process_time() - cpu) * 1000)
    return samples


def count_queries(call) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        call()
    return len(context.captured_queries)


def main():
    def extra(parser):
        parser.add_argument("--repeats", type=int, default=30, help="timed calls per figure")
        parser.add_argument("--warmup", type=int, default=5, help="untimed calls first")
        parser.add_argument(
            "--database",
            default="cramp_bench_report",
            help="PostgreSQL database to drop and create (default cramp_bench_report)",
        )
        parser.add_argument(
            "--profile", action="store_true", help="profile the report for all time"
        )

    args = parse_args(__doc__, extra)
    label = configure_django(args.postgres, args.database)

    from django.core.serializers.json import DjangoJSONEncoder
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from accounts.models import User
    from journal import days
    from reports.report import build_personal_report, period_for
    from reports.serialize import report_as_dict

    today = days.local_day(timezone.now(), ZoneInfo(PERSON_ZONE))
    started = time.perf_counter()
    person, counts, others = fill(today)
    fill_seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would gather them
    # As the authentication backend loads the signed-in person for a request.
    user = User.objects.select_related("profile").get(pk=person.pk)

    def report_json(key):
        period = period_for(user, key, today)
        report = build_personal_report(user, period)
        return json.dumps(report_as_dict(report), cls=DjangoJSONEncoder)

    def baseline(key):
        period = period_for(user, key, today)
        # The same span daily_series reads: the day before the period too.
        first = period.first - timedelta(days=1)
        queries = series_sql(connection, user, first, period.last)
        return lambda: bare_sql(connection, queries)

    client = Client()
    client.force_login(user)
    urls = {}
    for name in ("reports:index", "reports:report_json"):
        try:
            urls[name] = reverse(name)
        except NoReverseMatch:
            urls[name] = None

    def page(url, key):
        def get():
            response = client.get(url, {"period": key})
            assert response.status_code == 200, response.status_code
            return response

        return get

    report = build_personal_report(user, period_for(user, "all", today))
    print(f"Report speed on {label}: one person ({PERSON_ZONE}) with {DAYS:,} days of records")
    print("  " + ", ".join(f"{count:,} {name}" for name, count in counts.items()))
    print(
        f"  and {len(OTHER_PEOPLE)} other people with 2 years each: "
        + ", ".join(f"{count:,} {name}" for name, count in others.items())
    )
    print(
        f"  built in {fill_seconds:.1f} s; report for all time: {report.period.days:,} days, "
        f"{report.cramps.total:,} cramps, {report.complete_days:,} complete days, "
        f"associations {'shown' if report.associations.sufficient else 'not shown'}"
    )
    print(
        f"  {args.repeats} rounds after {args.warmup} warm-up rounds; in each round every path "
        "runs once, in turn"
    )
    print()
    print(
        f"  {'path':46} {'period':>6} {'median':>8} {'p90':>8} {'cpu':>8} {'queries':>8} {'/ c':>6}"
    )
    verdicts = []
    for key in ("all", "year"):
        base_call = baseline(key)
        paths = {
            "a. report + JSON, in process (ms)": lambda key=key: report_json(key),
            **{
                f"b. {name} via test client (ms)": page(url, key) if url else None
                for name, url in urls.items()
            },
            "c. baseline: bare SQL, same rows (ms)": base_call,
        }
        timed = time_calls(
            {name: call for name, call in paths.items() if call}, args.repeats, args.warmup
        )
        base = median(timed["c. baseline: bare SQL, same rows (ms)"][0])
        for name, call in paths.items():
            if call is None:
                print(f"  {name:46} {key:>6}   skipped: URL not present")
                continue
            wall, cpu = timed[name]
            ratio = median(wall) / base
            print(
                f"  {name:46} {key:>6} {median(wall):8.1f} {percentile(wall, 0.9):8.1f}"
                f" {median(cpu):8.1f} {count_queries(call):8d} {ratio:5.2f}x"
            )
            if name.startswith("a."):
                verdicts.append((key, median(wall), ratio))
    print()
    print(
        "  median and p90: wall-clock; cpu: this process's CPU time (median), which on\n"
        "  PostgreSQL leaves out the server's own work; / c: median against the baseline's."
    )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"  load average (1, 5, 15 min) at the end: {load}")
    for key, value, ratio in verdicts:
        met = value <= TARGET_MS and ratio <= TARGET_RATIO
        print(
            f"  target for {key!r}: median <= {TARGET_MS} ms and <= {TARGET_RATIO:g}x the "
            f"baseline: {'met' if met else 'NOT met'} ({value:.1f} ms, {ratio:.2f}x)"
        )

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(10):
            report_json("all")
        profiler.disable()
        print("\nProfile of 10 reports for all time (by own time):")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
