"""The report's series filled from grouped rows by day number: one array per value, slot
``i`` the series' i-th day (reports/series.py), without a dict or a tuple per day (issue 25).

journal.intake adds a day up for every other page (``intake_by_day``); the functions here
follow its rules and its order of addition exactly, in arrays, so a day's figures are the
same to the last bit (the report's golden tests and the bench's JSON check it).
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from foods.nutrients import MINERALS

Floats = npt.NDArray[np.float64]
Flags = npt.NDArray[np.bool_]
Counts = npt.NDArray[np.int64]
Slots = npt.NDArray[np.intp]


def by_slot(rows: list[tuple[Any, ...]], base: int, width: int) -> tuple[Slots, Floats]:
    """Grouped rows whose first value is a day: each row's slot, and the other ``width``
    values as floats, one array per value (NaN for NULL)."""
    if not rows:
        return np.zeros(0, dtype=np.intp), np.zeros((width, 0))
    days, *values = zip(*rows, strict=True)
    slots = np.fromiter(map(date.toordinal, days), dtype=np.intp, count=len(days)) - base
    return slots, np.array(values, dtype=np.float64)


def _placed(count: int, slots: Slots, values: Floats) -> Floats:
    """``values`` in their slots of ``count`` days, 0.0 elsewhere and where NULL: what
    journal.intake reads a missing row or sum as (``or 0.0``)."""
    full = np.zeros(count)
    full[slots] = values
    full[np.isnan(full)] = 0.0
    return full


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
    food_slots, food_values = by_slot(food, base, 2 * minerals + 1)
    drink_slots, drink_values = by_slot(drinks, base, 2 * minerals + 3)
    logged[food_slots] = logged[drink_slots] = True
    taken = _supplement_columns(count, logged, base, supplements)
    columns: dict[str, Floats] = {}
    for i, name in enumerate(MINERALS):
        amount = 0.0 + _placed(count, food_slots, food_values[i])
        amount += _placed(count, drink_slots, drink_values[i])
        supplement, supplement_unknown = taken[name]
        amount += supplement
        unknown = ~complete | supplement_unknown
        unknown |= _placed(count, food_slots, food_values[minerals + i]) > 0
        unknown |= _placed(count, drink_slots, drink_values[minerals + i]) > 0
        amount[unknown] = math.nan
        columns[name] = amount
    fluid = 0.0 + _placed(count, drink_slots, drink_values[2 * minerals])
    fluid += _placed(count, food_slots, food_values[2 * minerals])
    # foods.nutrients.round_amount: half up (away from zero below it), as a float.
    fluid = np.where(fluid >= 0, np.floor(fluid + 0.5), -np.floor(-fluid + 0.5))
    columns["fluid"] = fluid
    columns["alcohol"] = _placed(count, drink_slots, drink_values[2 * minerals + 1])
    columns["caffeine"] = _placed(count, drink_slots, drink_values[2 * minerals + 2])
    for name in ("fluid", "alcohol", "caffeine"):
        columns[name][~complete] = math.nan
    return columns


def _supplement_columns(
    count: int, logged: Flags, base: int, rows: list[tuple[Any, ...]]
) -> dict[str, tuple[Floats, Flags]]:
    """Each mineral's mg from supplements by day (0.0 without any) and the days it is
    unknown: a supplement of that mineral without its mg (journal.intake: None, not 0)."""
    taken = {name: (np.zeros(count), np.zeros(count, dtype=bool)) for name in MINERALS}
    for day, mineral, total, without_mg in rows:
        i = day.toordinal() - base
        logged[i] = True
        if mineral in taken:
            amounts, unknown = taken[mineral]
            if without_mg:
                unknown[i] = True
            else:
                amounts[i] = total
    return taken


def exercise_columns(
    logged: Flags, base: int, rows: list[tuple[Any, ...]]
) -> tuple[Floats, Counts]:
    """Each day's minutes of exercise and its hardest intensity (0 none, 1 light, 2
    moderate, 3 hard), from rows of (day, minutes, hard sessions, moderate sessions)."""
    count = len(logged)
    slots, (minutes, hard, moderate) = by_slot(rows, base, 3)
    logged[slots] = True
    intensity = np.zeros(count, dtype=np.int64)
    intensity[slots] = np.where(hard > 0, 3, np.where(moderate > 0, 2, 1))
    return _placed(count, slots, minutes), intensity
