"""The report's series filled from grouped rows by day number: one array per value, slot
``i`` the series' i-th day (reports/series.py), without a dict or a tuple per day (issue 25).

journal.intake adds a day up for every other page (``intake_by_day``); the functions here
follow its rules and its order of addition exactly, in arrays, so a day's figures are the
same to the last bit (the report's golden tests and the bench's JSON check it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import Any

import numpy as np
import numpy.typing as npt

from foods.nutrients import MINERALS

Floats = npt.NDArray[np.float64]
Flags = npt.NDArray[np.bool_]
Counts = npt.NDArray[np.int64]
Slots = npt.NDArray[np.intp]


@dataclass(frozen=True)
class Grouped:
    """Grouped rows whose first value is a day, read by column: each row's slot among
    ``count`` days, and each other value on demand (column 0 is the row's second value). A
    column becomes an array only when read, and only as much as it needs: most days have no
    unknown mineral, and the counts of unknowns are then all zero.

    Columns are read row by row with ``itemgetter``, not ``zip(*rows)``: that makes an
    iterator per row, thousands of objects the garbage collector then walks (four
    collections, 2 ms, in a five-year report)."""

    count: int
    slots: Slots
    rows: list[tuple[Any, ...]]

    def placed(self, column: int) -> Floats:
        """Value ``column`` in its slots, 0.0 elsewhere and where NULL: what journal.intake
        reads a missing row or sum as (``or 0.0``)."""
        full = np.zeros(self.count)
        if self.rows:
            values = map(itemgetter(column + 1), self.rows)
            full[self.slots] = np.fromiter(values, dtype=np.float64, count=len(self.rows))
            full[np.isnan(full)] = 0.0  # NULL, read as NaN
        return full

    def positive(self, column: int) -> Flags:
        """The days whose count in ``column`` is above zero."""
        full = np.zeros(self.count, dtype=bool)
        if any(map(itemgetter(column + 1), self.rows)):
            values = map(itemgetter(column + 1), self.rows)
            full[self.slots] = np.fromiter(values, dtype=np.float64, count=len(self.rows)) > 0
        return full


def by_slot(rows: list[tuple[Any, ...]], base: int, count: int) -> Grouped:
    """``rows`` (grouped by day, the day first) by column, each row's slot counted from the
    day number ``base``."""
    days = map(date.toordinal, map(itemgetter(0), rows))
    slots = np.fromiter(days, dtype=np.intp, count=len(rows)) - base
    return Grouped(count, slots, rows)


def intake_columns(
    complete: Flags,
    logged: Flags,
    base: int,
    food: list[tuple[Any, ...]],
    drinks: list[tuple[Any, ...]],
    supplements: list[tuple[Any, ...]],
) -> dict[str, Floats]:
    """Each intake value of each day, NaN unless the day is marked complete; a complete day
    with nothing logged has zero intake, known. Marks the days with intake in ``logged``.

    journal.intake's rules and order of addition (``values_by_day``, ``_add_up``), day by day
    in arrays: a mineral is ((0.0 + food) + drinks) + supplements, unknown (NaN) where some
    food, drink or supplement of the day lacks it; fluid is drinks' volume plus drink foods'
    fluid, rounded half up; alcohol and caffeine are counts of drinks, as floats."""
    count, minerals = len(complete), len(MINERALS)
    food_rows, drink_rows = by_slot(food, base, count), by_slot(drinks, base, count)
    logged[food_rows.slots] = logged[drink_rows.slots] = True
    taken = _supplement_columns(count, logged, base, supplements)
    columns: dict[str, Floats] = {}
    for i, name in enumerate(MINERALS):
        amount = 0.0 + food_rows.placed(i)
        amount += drink_rows.placed(i)
        supplement, supplement_unknown = taken[name]
        amount += supplement
        unknown = ~complete | supplement_unknown
        unknown |= food_rows.positive(minerals + i)
        unknown |= drink_rows.positive(minerals + i)
        amount[unknown] = math.nan
        columns[name] = amount
    fluid = 0.0 + drink_rows.placed(2 * minerals)
    fluid += food_rows.placed(2 * minerals)
    # foods.nutrients.round_amount: half up (away from zero below it), as a float.
    fluid = np.where(fluid >= 0, np.floor(fluid + 0.5), -np.floor(-fluid + 0.5))
    columns["fluid"] = fluid
    columns["alcohol"] = drink_rows.placed(2 * minerals + 1)
    columns["caffeine"] = drink_rows.placed(2 * minerals + 2)
    for name in ("fluid", "alcohol", "caffeine"):
        columns[name][~complete] = math.nan
    return columns


def _supplement_columns(
    count: int, logged: Flags, base: int, rows: list[tuple[Any, ...]]
) -> dict[str, tuple[Floats, Flags]]:
    """Each mineral's mg from supplements by day (0.0 without any) and the days it is
    unknown: a supplement of that mineral without its mg (journal.intake: None, not 0)."""
    taken = {name: (np.zeros(count), np.zeros(count, dtype=bool)) for name in MINERALS}
    if not rows:
        return taken
    # One row per day and mineral (grouped so): (day, mineral, sum of mg, rows without mg).
    slots = by_slot(rows, base, count).slots
    logged[slots] = True
    minerals = np.array(list(map(itemgetter(1), rows)))
    totals = np.fromiter(map(itemgetter(2), rows), dtype=np.float64, count=len(rows))
    lacking = np.fromiter(map(itemgetter(3), rows), dtype=np.float64, count=len(rows)) > 0
    for name, (amounts, unknown) in taken.items():
        of_mineral = minerals == name
        unknown[slots[of_mineral & lacking]] = True
        given = of_mineral & ~lacking
        amounts[slots[given]] = totals[given]
    return taken


def exercise_columns(
    logged: Flags, base: int, rows: list[tuple[Any, ...]]
) -> tuple[Floats, Counts]:
    """Each day's minutes of exercise and its hardest intensity (0 none, 1 light, 2
    moderate, 3 hard), from rows of (day, minutes, hard sessions, moderate sessions)."""
    exercise = by_slot(rows, base, len(logged))
    logged[exercise.slots] = True
    hard, moderate = exercise.positive(1), exercise.positive(2)
    intensity = np.zeros(len(logged), dtype=np.int64)
    intensity[exercise.slots] = 1
    intensity[moderate] = 2
    intensity[hard] = 3
    return exercise.placed(0), intensity
