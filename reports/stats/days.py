"""Day records and factors: what one day says, which factors are compared, in which windows,
and which comparisons were declared in advance (docs/reports.md, "Days, windows and
unknowns" and "Which comparisons are tested")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the day records themselves need no numpy (their tests run without it)
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "EXPLORATORY",
    "FACTORS",
    "HIGH_FACTORS",
    "INTAKE_FACTORS",
    "LOW_FACTORS",
    "OWN",
    "PREVIOUS_DAY",
    "PRIMARY",
    "PRIMARY_FAMILY",
    "SAME_DAY",
    "WINDOWS",
    "DayColumns",
    "DayRecord",
    "as_day_record",
    "columns_from_records",
]

LOW_FACTORS = ("potassium", "magnesium", "calcium", "sodium", "fluid")
"""Exposure is a *low* day: below the target when one is given, else below own median."""

HIGH_FACTORS = ("exercise", "alcohol", "caffeine")
"""Exposure is a *high* day: any exercise, any alcoholic drink, caffeine above own median."""

FACTORS = LOW_FACTORS + HIGH_FACTORS

INTAKE_FACTORS = ("potassium", "magnesium", "calcium", "sodium", "fluid", "alcohol", "caffeine")
"""Factors read from the food and drink log: only days marked complete count."""

SAME_DAY = "same_day"
PREVIOUS_DAY = "previous_day"
WINDOWS = (SAME_DAY, PREVIOUS_DAY)
"""Exposure windows. A day's outcome is whether it is a cramp day. The caller dates cramps
(reports/series.py): a day cramp on its own date, a night cramp on the day its night ends, so
that ``previous_day`` (the date before) is, for a night cramp, the day and evening before the
night, as docs/reports.md ("Days, windows and unknowns") asks. ``same_day`` pairs the outcome
with the same date."""

PRIMARY_FAMILY = (
    ("potassium", PREVIOUS_DAY),
    ("magnesium", PREVIOUS_DAY),
    ("fluid", PREVIOUS_DAY),
    ("exercise", PREVIOUS_DAY),
)
"""The pre-declared family (issue 15): the only comparisons that are tested and can stand out.

Low potassium, low magnesium, little fluid and any exercise, each on the day before, each in
the direction declared: more cramps after those days. Each is tested by the circular-shift
permutation test (reports/permutation.py, one-sided), with Benjamini-Hochberg at q over these
four only. Every other factor x window comparison is
*exploratory*: counts, shares and intervals, never a decision. The page lists this family."""

PRIMARY = "primary"
EXPLORATORY = "exploratory"

OWN = "own"
"""The factor of a person's own yes/no factor ("slept badly"); its name is in ``name``. Own
factors are always exploratory. A day counts as known for them when it is analysable
(marked complete): the person has gone over that day, so an unmarked factor means "no"."""

_FIELD_ALIASES = {
    "potassium": ("potassium", "potassium_mg"),
    "magnesium": ("magnesium", "magnesium_mg"),
    "calcium": ("calcium", "calcium_mg"),
    "sodium": ("sodium", "sodium_mg"),
    "fluid": ("fluid", "fluid_ml"),
    "exercise": ("exercise", "exercise_minutes"),
    "alcohol": ("alcohol", "alcohol_drinks"),
    "caffeine": ("caffeine", "caffeinated_drinks", "caffeine_drinks"),
}


@dataclass(frozen=True)
class DayRecord:
    """One local day of one user.

    ``cramp`` is True when the day has a cramp, a night cramp counting for the evening the
    night began. ``complete`` is the user's "I logged everything today" mark. Factor values
    are totals for the day (minerals in mg, fluid in ml, exercise in minutes, drinks as
    counts); ``None`` means unknown.
    """

    date: date
    cramp: bool
    complete: bool
    potassium: float | None = None
    magnesium: float | None = None
    calcium: float | None = None
    sodium: float | None = None
    fluid: float | None = None
    exercise: float | None = None
    alcohol: float | None = None
    caffeine: float | None = None


def as_day_record(record: DayRecord | Mapping[str, Any]) -> DayRecord:
    """A :class:`DayRecord` as it is, or one read from a dict with ``date``, ``cramp``,
    ``complete`` and factor values under either name (``potassium`` or ``potassium_mg``, ...)."""
    if isinstance(record, DayRecord):
        return record
    values: dict[str, Any] = {}
    for factor, names in _FIELD_ALIASES.items():
        values[factor] = next((record[name] for name in names if name in record), None)
    return DayRecord(
        date=record["date"],
        cramp=bool(record["cramp"]),
        complete=bool(record["complete"]),
        **values,
    )


@dataclass(frozen=True)
class DayColumns:
    """Consecutive local days as columns: slot ``i`` of every column is the day ``first`` +
    ``i``. The report's days come this way (reports/series.py), one list per value rather
    than one :class:`DayRecord` per day, which cost a five-year report 1,827 records and a
    lookup per value (issue 25).

    ``values`` maps each of FACTORS to one value per day, ``None`` where unknown; intake
    values of a day not marked complete are unknown whatever they hold (the statistics read
    only complete days' intake). A day in no record is unknown in every respect: not
    complete, no cramp, no value.
    """

    first: date
    cramp: Sequence[bool] | npt.NDArray[np.bool_]
    complete: Sequence[bool] | npt.NDArray[np.bool_]
    # An array's unknown values are NaN (the report's series gives arrays).
    values: Mapping[str, Sequence[float | None] | npt.NDArray[np.float64]]

    @property
    def days(self) -> int:
        return len(self.complete)


def columns_from_records(records: Iterable[DayRecord | Mapping[str, Any]]) -> DayColumns:
    """The records (see :func:`as_day_record`) as columns from the first date to the last,
    the dates between them that no record has left unknown; two records for one date are an
    error."""
    days: dict[date, DayRecord] = {}
    for raw in records:
        day = as_day_record(raw)
        if day.date in days:
            raise ValueError(f"two records for {day.date}")
        days[day.date] = day
    if not days:
        return DayColumns(date(2000, 1, 1), [], [], {factor: [] for factor in FACTORS})
    first = min(days)
    found = [days.get(first + timedelta(days=i)) for i in range((max(days) - first).days + 1)]
    return DayColumns(
        first,
        [day is not None and day.cramp for day in found],
        [day is not None and day.complete for day in found],
        {
            factor: [None if day is None else getattr(day, factor) for day in found]
            for factor in FACTORS
        },
    )
