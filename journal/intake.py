"""A person's intake per local day: minerals from food, drinks and supplements, and fluid.

The one place that adds a day up. Today's progress bars, the history page and the reports
all read ``intake_by_day``, so the three can never disagree about a day.

Three grouped queries whatever the range holds (meal items, drinks, supplements), read on a
plain cursor (``rows``): a five-year report reads about 7,000 grouped rows, and the ORM's
per-value converters took a third of its Python time.

Each mineral is added in one fixed order, food then drinks then supplements, starting from
0.0 (sums of floats depend on their order; this one never changes). Whether a day counts as
known is the caller's rule: the reports use only days marked complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connections
from django.db.models import Count, Q, QuerySet, Sum

from foods.nutrients import MINERALS

from .models import Drink, MealItem, Supplement

# The one map of nutrient names to the snapshot columns of meal items and drinks.
NUTRIENT_FIELDS: dict[str, str] = {name: f"{name}_mg" for name in MINERALS}


@dataclass(frozen=True)
class DayIntake:
    """What one day's entries add up to."""

    minerals: dict[str, float]  # mg, from food, drinks and supplements
    fluid_ml: int
    alcoholic_drinks: int
    caffeinated_drinks: int
    # Minerals that some meal item, or some drink with a food, has no value for: the day's
    # total of each is then a lower bound.
    unknown: frozenset[str]


NOTHING = DayIntake(dict.fromkeys(MINERALS, 0.0), 0, 0, 0, frozenset())


def rows(queryset: QuerySet) -> list[tuple]:
    """The rows of a ``values_list`` query, as the database driver returns them: the ORM's
    SQL on a plain cursor, without the ORM's per-value converters.

    Dates, sums and counts need none: SQLite's driver parses DATE columns itself (Django
    registers the converter), psycopg returns dates, and sums and counts are numbers on both.
    tests/reports/test_series_queries.py checks these rows against the ORM's.
    """
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _sums_and_unknowns(only_unknown_where: Q | None = None) -> dict:
    aggregates: dict = {}
    for name, column in NUTRIENT_FIELDS.items():
        aggregates[name] = Sum(column)
        missing = Q(**{f"{column}__isnull": True})
        if only_unknown_where is not None:
            missing &= only_unknown_where
        aggregates[f"{name}_unknown"] = Count("pk", filter=missing)
    return aggregates


def _unknown_columns() -> list[str]:
    return [f"{name}_unknown" for name in MINERALS]


def intake_by_day(user, first: date, last: date) -> dict[date, DayIntake]:
    """Every day from ``first`` to ``last`` (inclusive) that has food, drinks or a mineral
    supplement logged; a day missing from the result has nothing logged (``NOTHING``)."""
    food = {
        row[0]: row[1:]
        for row in rows(
            MealItem.objects.filter(meal__user=user, meal__local_date__range=(first, last))
            .values("meal__local_date")
            .annotate(**_sums_and_unknowns())
            .values_list("meal__local_date", *MINERALS, *_unknown_columns())
            .order_by()
        )
    }
    # A drink without a food (water, tea) has no minerals to know: only drinks picked from
    # the catalog can leave a mineral unknown.
    drinks = {
        row[0]: row[1:]
        for row in rows(
            Drink.objects.for_user(user)
            .between(first, last)
            .values("local_date")
            .annotate(
                fluid=Sum("volume_ml"),
                alcohol=Count("pk", filter=Q(alcoholic=True)),
                caffeine=Count("pk", filter=Q(caffeinated=True)),
                **_sums_and_unknowns(only_unknown_where=Q(food__isnull=False)),
            )
            .values_list(
                "local_date", *MINERALS, *_unknown_columns(), "fluid", "alcohol", "caffeine"
            )
            .order_by()
        )
    }
    supplements: dict[date, dict[str, float]] = {}
    for day, mineral, total in rows(
        Supplement.objects.for_user(user)
        .between(first, last)
        .exclude(mineral="")
        .values("local_date", "mineral")
        .annotate(total=Sum("mineral_mg"))
        .values_list("local_date", "mineral", "total")
        .order_by()
    ):
        supplements.setdefault(day, {})[mineral] = total

    return {
        day: _add_up(food.get(day), drinks.get(day), supplements.get(day, {}))
        for day in set(food) | set(drinks) | set(supplements)
    }


def intake_on(user, day: date) -> DayIntake:
    return intake_by_day(user, day, day).get(day, NOTHING)


def _add_up(food: tuple | None, drinks: tuple | None, supplements: dict[str, float]) -> DayIntake:
    count = len(MINERALS)
    food_sums = food[:count] if food else (None,) * count
    food_unknown = food[count:] if food else (0,) * count
    drink_sums = drinks[:count] if drinks else (None,) * count
    drink_unknown = drinks[count : 2 * count] if drinks else (0,) * count
    fluid, alcohol, caffeine = drinks[2 * count :] if drinks else (0, 0, 0)
    minerals = {
        name: 0.0 + (food_sums[i] or 0.0) + (drink_sums[i] or 0.0) + (supplements.get(name) or 0.0)
        for i, name in enumerate(MINERALS)
    }
    unknown = frozenset(
        name for i, name in enumerate(MINERALS) if food_unknown[i] or drink_unknown[i]
    )
    return DayIntake(minerals, int(fluid or 0), int(alcohol or 0), int(caffeine or 0), unknown)
