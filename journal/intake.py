"""A person's intake per local day: minerals from food, drinks and supplements, and fluid.

The one place that adds a day up. Today's progress bars, the history page and the reports
all read ``intake_by_day``, so the three can never disagree about a day.

Three grouped queries whatever the range holds (meal items, drinks, supplements), read on a
plain cursor (``rows``, or ``journal.compiled``, which also builds each query's SQL only
once): a five-year report reads about 7,000 grouped rows, and the ORM's per-value
converters took a third of its Python time.

Each mineral is added in one fixed order, food then drinks then supplements, starting from
0.0 (sums of floats depend on their order; this one never changes). Whether a day counts as
known is the caller's rule: the reports use only days marked complete.

Missing is never zero. SQL's SUM skips NULLs, so each sum comes with a count of the rows
that had no value; a mineral that any of the day's rows lacks is ``None`` in ``minerals``
(unknown for that day), and only that mineral: the others stay known. What the known rows
add up to is kept apart (``known_part``) for screens that say "at least".

Fluid is drinks' volume plus the ``fluid_ml`` of meal items of drink foods (milk, juice,
coconut water picked from the catalog). An eaten food adds no fluid rather than an unknown
amount, so its NULL ``fluid_ml`` rightly adds nothing.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connections
from django.db.models import Aggregate, Count, Q, QuerySet, Sum

from accounts.models import User
from foods.nutrients import MINERAL_FIELDS, MINERALS, round_amount

from .compiled import CompiledRows
from .models import Drink, MealItem, Supplement


@dataclass(frozen=True)
class DayIntake:
    """What one day's entries add up to."""

    # mg, from food, drinks and supplements; None for a mineral that some meal item, or some
    # drink with a food, has no value for: the day's amount of it is unknown.
    minerals: dict[str, float | None]
    fluid_ml: int
    alcoholic_drinks: int
    caffeinated_drinks: int
    # The minerals that are None above.
    unknown: frozenset[str]
    # What the rows with a value add up to, for every mineral: for an unknown one, a lower
    # bound ("at least"), never its amount.
    known_part: dict[str, float]
    # mg of each mineral from supplements with their amount (part of the sums above): Today
    # shows supplement magnesium apart, since its upper limit is for supplements alone.
    from_supplements: dict[str, float] = field(default_factory=dict)


NOTHING = DayIntake(
    dict.fromkeys(MINERALS, 0.0), 0, 0, 0, frozenset(), dict.fromkeys(MINERALS, 0.0)
)


def rows(queryset: QuerySet[Any, Any]) -> list[tuple[Any, ...]]:
    """The rows of a ``values_list`` query, as the database driver returns them: the ORM's
    SQL on a plain cursor, without the ORM's per-value converters.

    Dates, sums and counts need none: SQLite's driver parses DATE columns itself (Django
    registers the converter), psycopg returns dates, and sums and counts are numbers on both.
    tests/reports/test_series_queries.py checks these rows against the ORM's.
    """
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        fetched: list[tuple[Any, ...]] = cursor.fetchall()
        return fetched


def _sums_and_unknowns(only_unknown_where: Q | None = None) -> dict[str, Aggregate]:
    aggregates: dict[str, Aggregate] = {}
    for name, column in MINERAL_FIELDS.items():
        aggregates[name] = Sum(column)
        without_value = Q(**{f"{column}__isnull": True})
        if only_unknown_where is not None:
            without_value &= only_unknown_where
        aggregates[f"{name}_unknown"] = Count("pk", filter=without_value)
    return aggregates


def _unknown_columns() -> list[str]:
    return [f"{name}_unknown" for name in MINERALS]


# The grouped rows of one range: food and drinks by day (sums, then counts of rows without a
# value, then fluid and for drinks the alcohol and caffeine counts), supplements by day and
# mineral (None where some lack their mg).
Grouped = tuple[
    dict[date, tuple[Any, ...]], dict[date, tuple[Any, ...]], dict[date, dict[str, float | None]]
]


def intake_by_day(user: User, first: date, last: date) -> dict[date, DayIntake]:
    """Every day from ``first`` to ``last`` (inclusive) that has food, drinks or a mineral
    supplement logged; a day missing from the result has nothing logged (``NOTHING``)."""
    food, drinks, supplements = _grouped(user, first, last)
    return {
        day: _add_up(food.get(day), drinks.get(day), supplements.get(day, {}))
        for day in set(food) | set(drinks) | set(supplements)
    }


# A day's intake as the reports read it, in one tuple: potassium, magnesium, calcium and
# sodium in mg (None where unknown, as in DayIntake.minerals), fluid in ml, alcoholic and
# caffeinated drinks.
DayValues = tuple[float | None, float | None, float | None, float | None, float, int, int]
NOTHING_VALUES: DayValues = (0.0, 0.0, 0.0, 0.0, 0.0, 0, 0)


def values_by_day(
    user: User, first: date, last: date, only: Container[date] | None = None
) -> tuple[dict[date, DayValues], set[date]]:
    """``intake_by_day`` as one tuple a day, for a long range (a five-year report reads 1,826
    days): the same queries and the same arithmetic in the same order, so the same figures,
    without a DayIntake, two dicts and a set for each day (issue 25). Only the days in
    ``only`` are added up when it is given (the reports read complete days only); the
    second value is every day with something logged."""
    food, drinks, supplements = _grouped(user, first, last)
    logged = set(food) | set(drinks) | set(supplements)
    days = [day for day in logged if only is None or day in only]
    # Value by value over all the days rather than day by day (_add_up's rules and order of
    # addition): a five-year report adds up 758 days, and a list a value is quicker.
    food_rows = [food.get(day, _NO_ROW) for day in days]
    drink_rows = [drinks.get(day, _NO_ROW) for day in days]
    day_supplements = [supplements.get(day, _NO_SUPPLEMENTS) for day in days]
    minerals = [
        _mineral_column(
            i, food_rows, drink_rows, [found.get(name, 0.0) for found in day_supplements]
        )
        for i, name in enumerate(MINERALS)
    ]
    fluid = _FLUID
    fluids = [
        float(round_amount(0.0 + (drink[fluid] or 0) + (meal[fluid] or 0.0)))
        for meal, drink in zip(food_rows, drink_rows, strict=True)
    ]
    alcohol = [int(drink[fluid + 1] or 0) for drink in drink_rows]
    caffeine = [int(drink[fluid + 2] or 0) for drink in drink_rows]
    values: dict[date, DayValues] = dict(
        zip(days, zip(*minerals, fluids, alcohol, caffeine, strict=True), strict=True)
    )
    return values, logged


def _mineral_column(
    i: int,
    food_rows: list[tuple[Any, ...]],
    drink_rows: list[tuple[Any, ...]],
    supplement_amounts: list[float | None],
) -> list[float | None]:
    """Mineral ``i`` of each day: None where some food, drink or supplement lacks it."""
    unknown = _COUNT + i
    return [
        None
        if meal[unknown] or drink[unknown] or supplement is None
        else 0.0 + (meal[i] or 0.0) + (drink[i] or 0.0) + supplement
        for meal, drink, supplement in zip(food_rows, drink_rows, supplement_amounts, strict=True)
    ]


def _food_by_day(user_id: int, first: date, last: date) -> QuerySet[Any, Any]:
    # The items' own owner and day (indexed): one person's rows, not a join of every meal
    # item to its meal.
    return (
        MealItem.objects.filter(user_id=user_id, local_date__range=(first, last))
        .values("local_date")
        .annotate(**_sums_and_unknowns(), fluid=Sum("fluid_ml"))
        .values_list("local_date", *MINERALS, *_unknown_columns(), "fluid")
        .order_by()
    )


def _drinks_by_day(user_id: int, first: date, last: date) -> QuerySet[Any, Any]:
    # A drink without a food (water, tea) has no minerals to know: only drinks picked from
    # the catalog, or imported naming a food this site lacks, can leave a mineral unknown.
    # The journal's own queryset methods (between) are not typed: the result is.
    queryset: QuerySet[Any, Any] = (
        Drink.objects.filter(user_id=user_id)
        .between(first, last)
        .values("local_date")
        .annotate(
            fluid=Sum("volume_ml"),
            alcohol=Count("pk", filter=Q(alcoholic=True)),
            caffeine=Count("pk", filter=Q(caffeinated=True)),
            **_sums_and_unknowns(
                only_unknown_where=Q(food__isnull=False) | Q(minerals_unknown=True)
            ),
        )
        .values_list("local_date", *MINERALS, *_unknown_columns(), "fluid", "alcohol", "caffeine")
        .order_by()
    )
    return queryset


def _supplements_by_day(user_id: int, first: date, last: date) -> QuerySet[Any, Any]:
    # The journal's own queryset methods (between) are not typed: the result is.
    queryset: QuerySet[Any, Any] = (
        Supplement.objects.filter(user_id=user_id)
        .between(first, last)
        .exclude(mineral="")
        .values("local_date", "mineral")
        .annotate(total=Sum("mineral_mg"), without_mg=Count("pk", filter=Q(mineral_mg=None)))
        .values_list("local_date", "mineral", "total", "without_mg")
        .order_by()
    )
    return queryset


# Built once, run with each person and range (journal.compiled).
_FOOD = CompiledRows(MealItem, _food_by_day)
_DRINKS = CompiledRows(Drink, _drinks_by_day)
_SUPPLEMENTS = CompiledRows(Supplement, _supplements_by_day)


# The grouped rows of one range as the driver returns them (``grouped_rows``): food by day
# (day, the mineral sums, the counts of rows without each mineral, fluid), drinks by day (the
# same, then the alcoholic and caffeinated counts), supplements by day and mineral (day,
# mineral, sum of mg, count of rows without their mg).
GroupedRows = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]


def grouped_rows(user_id: int, first: date, last: date) -> GroupedRows:
    """The three grouped queries' rows, for a caller that reads them by column (the report's
    series, reports/series.py): what ``intake_by_day`` adds up, with ``_add_up``'s rules to
    follow (a mineral that a row lacks is unknown; a supplement without its mg too)."""
    return (
        _FOOD(user_id, first, last),
        _DRINKS(user_id, first, last),
        _SUPPLEMENTS(user_id, first, last),
    )


def _grouped(user: User, first: date, last: date) -> Grouped:
    food_rows, drink_rows, supplement_rows = grouped_rows(user.pk, first, last)
    food = {row[0]: row[1:] for row in food_rows}
    drinks = {row[0]: row[1:] for row in drink_rows}
    # A mineral supplement without its mg (the form asks for them; an imported file may lack
    # them) leaves that mineral unknown, as a food without a value does: None, not 0.
    supplements: dict[date, dict[str, float | None]] = {}
    for day, mineral, total, without_mg in supplement_rows:
        supplements.setdefault(day, {})[mineral] = None if without_mg else total
    return food, drinks, supplements


def intake_on(user: User, day: date) -> DayIntake:
    return intake_by_day(user, day, day).get(day, NOTHING)


def _add_up(
    food: tuple[Any, ...] | None,
    drinks: tuple[Any, ...] | None,
    supplements: dict[str, float | None],
) -> DayIntake:
    count = len(MINERALS)
    food_sums = food[:count] if food else (None,) * count
    food_unknown = food[count : 2 * count] if food else (0,) * count
    food_fluid = food[2 * count] if food else None
    drink_sums = drinks[:count] if drinks else (None,) * count
    drink_unknown = drinks[count : 2 * count] if drinks else (0,) * count
    fluid, alcohol, caffeine = drinks[2 * count :] if drinks else (0, 0, 0)
    # A sum is None only when no row of its kind has a value (or there is no row): the
    # rows without one are counted apart in *_unknown, which decides what is unknown.
    known_part = {
        name: 0.0 + (food_sums[i] or 0.0) + (drink_sums[i] or 0.0) + (supplements.get(name) or 0.0)
        for i, name in enumerate(MINERALS)
    }
    unknown = frozenset(
        name
        for i, name in enumerate(MINERALS)
        if food_unknown[i]
        or drink_unknown[i]
        or (name in supplements and supplements[name] is None)
    )
    minerals: dict[str, float | None] = {
        name: None if name in unknown else known_part[name] for name in MINERALS
    }
    # Fluid: no drink and no drink food is 0 ml, known (water in eaten food is not fluid).
    total_fluid = round_amount(0.0 + (fluid or 0) + (food_fluid or 0.0))
    return DayIntake(
        minerals,
        total_fluid,
        int(alcohol or 0),
        int(caffeine or 0),
        unknown,
        known_part,
        {name: amount for name, amount in supplements.items() if amount is not None},
    )


_COUNT = len(MINERALS)
_NO_ROW = (None,) * _COUNT + (0,) * _COUNT + (None, 0, 0)
_FLUID = 2 * _COUNT  # where fluid is in a row, after the sums and the counts of unknowns
_NO_SUPPLEMENTS: dict[str, float | None] = {}
