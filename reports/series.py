"""One user's journal as a daily series: what the reports count, one slot per local day.

Six grouped queries whatever the period holds (cramps, exercise, day statuses, and through
journal.intake meal items, drinks and supplements; none for the profile, which the request
already has), so a report over five years costs the same number of round trips as one over
a week. Each query's SQL is built once (journal.compiled). The days are kept as columns, one
list per value, and read that way by the report and its statistics (issue 25).

Dating, in one place:

- Every entry counts on its owner's local calendar day (``local_date``).
- A night cramp counts on the day its night *ends*: a cramp at 23:30 on the 14th and one at
  03:00 on the 15th are the same night, the night of the 14th, and both count on the 15th.
  The "previous day" of that night is then the 14th, the day and evening before it, which is
  what docs/reports.md ("Days, windows and unknowns") and issue 5 ask the previous-day window
  to mean for night cramps.
  The "same day" of a night cramp is the day after its night, whose intake mostly comes after
  the cramp: for night cramps that window is close to a negative control, which is honest.
- Intake (minerals, fluid, alcohol, caffeine) is only known on days the person marked
  complete; on other days it is ``None`` (unknown), never zero. Exercise has its own log and
  is read on every day; cramps too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from operator import itemgetter
from typing import Any

import numpy as np
from django.db import connections
from django.db.models import Count, Q, QuerySet, Sum

from accounts.models import User
from journal.compiled import CompiledRows
from journal.intake import grouped_rows
from journal.models import Cramp, DayStatus, Exercise

from .slots import Counts, Flags, Floats, exercise_columns, intake_columns
from .stats import DayColumns, DayRecord


@dataclass
class CrampRecord:
    """The parts of one cramp the report uses."""

    day: date  # the day it counts on (see the module docstring)
    at_night: bool
    severity: int | None
    duration_seconds: int | None
    relief: list[str]
    relief_effect: str
    muscle: str = ""
    side: str = ""


@dataclass
class Day:
    """One local day. Intake fields are None unless the day is marked complete."""

    date: date
    complete: bool = False
    cramps: int = 0
    night_cramps: int = 0
    worst_severity: int | None = None
    potassium: float | None = None
    magnesium: float | None = None
    calcium: float | None = None
    sodium: float | None = None
    fluid: float | None = None
    exercise_minutes: float = 0.0
    exercise_intensity: int = 0  # 0 none, 1 light, 2 moderate, 3 hard (the day's hardest)
    alcohol: float | None = None
    caffeine: float | None = None

    @property
    def cramp(self) -> bool:
        return self.cramps > 0

    def as_day_record(self) -> DayRecord:
        """The day as reports.stats.build_report reads it (the same as :meth:`as_record`;
        build_report reads these without looking up field names, a third of its time)."""
        # Positional, in DayRecord's field order (a third faster for five years of days);
        # tests/reports/test_series_queries.py checks it against as_record().
        return DayRecord(
            self.date,
            self.cramps > 0,
            self.complete,
            self.potassium,
            self.magnesium,
            self.calcium,
            self.sodium,
            self.fluid,
            self.exercise_minutes,
            self.alcohol,
            self.caffeine,
        )

    def as_record(self) -> dict[str, Any]:
        """The day as reports.stats.build_report reads it, as a dict."""
        return {
            "date": self.date,
            "cramp": self.cramp,
            "complete": self.complete,
            "potassium": self.potassium,
            "magnesium": self.magnesium,
            "calcium": self.calcium,
            "sodium": self.sodium,
            "fluid": self.fluid,
            "exercise": self.exercise_minutes,
            "alcohol": self.alcohol,
            "caffeine": self.caffeine,
        }


# The intake a day's record holds, in DayValues' order (journal.intake): known on complete
# days only.
INTAKE = ("potassium", "magnesium", "calcium", "sodium", "fluid", "alcohol", "caffeine")


@dataclass(frozen=True)
class CrampColumns:
    """Cramps as columns, in the order they came: entry ``j`` of each list is cramp ``j``.
    The report counts a five-year journal's 685 cramps this way, without an object each
    (issue 25); :meth:`records` gives them as :class:`CrampRecord` objects."""

    days: list[int]  # the day it counts on (see the module docstring), as date.toordinal()
    at_night: list[bool]
    severity: list[int | None]
    duration_seconds: list[int | None]
    relief: list[Any]  # as the driver returns the JSON: each distinct value is in ``decoded``
    relief_effect: list[str]
    muscle: list[str]
    side: list[str]
    decoded: dict[Any, list[str]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.days)

    def take(self, indices: list[int]) -> CrampColumns:
        """The cramps at ``indices``, in that order."""
        return _cramp_columns_of(
            [[column[j] for j in indices] for column in self._columns()], self.decoded
        )

    def __add__(self, other: CrampColumns) -> CrampColumns:
        """These cramps, then ``other``'s."""
        return _cramp_columns_of(
            [mine + theirs for mine, theirs in zip(self._columns(), other._columns(), strict=True)],
            {**self.decoded, **other.decoded},
        )

    def relief_lists(self) -> list[list[str]]:
        """Each cramp's relief methods (the decoded lists are shared: not to be changed)."""
        decoded = self.decoded
        return [decoded[value] for value in self.relief]

    def records(self) -> list[CrampRecord]:
        columns = list(self._columns())
        columns[0] = [date.fromordinal(day) for day in self.days]
        columns[4] = [list(relief) for relief in self.relief_lists()]  # each cramp its own
        return [CrampRecord(*values) for values in zip(*columns, strict=True)]

    def _columns(self) -> tuple[list[Any], ...]:
        return (
            self.days,
            self.at_night,
            self.severity,
            self.duration_seconds,
            self.relief,
            self.relief_effect,
            self.muscle,
            self.side,
        )


def _cramp_columns_of(columns: list[list[Any]], decoded: dict[Any, list[str]]) -> CrampColumns:
    days, at_night, severity, duration_seconds, relief, relief_effect, muscle, side = columns
    return CrampColumns(
        days,
        at_night,
        severity,
        duration_seconds,
        relief,
        relief_effect,
        muscle,
        side,
        decoded=decoded,
    )


NO_CRAMPS = CrampColumns([], [], [], [], [], [], [], [])


@dataclass
class Series:
    """The days from ``first`` to ``last`` as columns: slot ``i`` of each array is the day
    ``first`` + ``i`` (:meth:`slot`). A five-year report reads 1,827 days; one array per
    value, filled from the grouped rows by day number, instead of one :class:`Day` (or one
    tuple and one dict) per day, is what keeps its Python time near its SQL's (issue 25).
    :attr:`days` gives the same days as :class:`Day` objects, for whoever wants one day at a
    time; :attr:`cramps` the cramps as :class:`CrampRecord` objects."""

    first: date
    last: date
    complete: Flags
    cramp_counts: Counts
    night_cramps: Counts
    exercise_minutes: Floats
    exercise_intensity: Counts  # 0 none, 1 light, 2 moderate, 3 hard (the day's hardest)
    intake: dict[str, Floats]  # each of INTAKE; NaN where unknown, and unless the day is complete
    # The cramps that count on a day of the series, in the order they came.
    cramp_columns: CrampColumns = NO_CRAMPS
    # The night cramps of the night that begins on ``last``: they count on the day after it,
    # outside the series, yet the person logged them (the report shows them).
    evening_columns: CrampColumns = NO_CRAMPS
    logged_flags: Flags | None = None  # slot i: the day has any entry at all

    def slot(self, day: date) -> int:
        """The index of ``day`` in the columns."""
        return day.toordinal() - self.first.toordinal()

    @cached_property
    def cramps(self) -> list[CrampRecord]:
        return self.cramp_columns.records()

    @cached_property
    def evening(self) -> list[CrampRecord]:
        return self.evening_columns.records()

    @cached_property
    def logged(self) -> set[date]:
        """The days with any entry at all."""
        if self.logged_flags is None:
            return set()
        base = self.first.toordinal()
        return {date.fromordinal(base + int(i)) for i in np.flatnonzero(self.logged_flags)}

    @cached_property
    def worst_severity(self) -> list[int | None]:
        worst: list[int | None] = [None] * len(self.complete)
        base = self.first.toordinal()
        for day, severity in zip(self.cramp_columns.days, self.cramp_columns.severity, strict=True):
            if severity is not None:
                i = day - base
                worst[i] = max(worst[i] or 0, severity)
        return worst

    @cached_property
    def days(self) -> list[Day]:
        potassium, magnesium, calcium, sodium, fluid, alcohol, caffeine = (
            _known_values(self.intake[name]) for name in INTAKE
        )
        complete, counts, nights = (
            self.complete.tolist(),
            self.cramp_counts.tolist(),
            self.night_cramps.tolist(),
        )
        minutes, intensity = self.exercise_minutes.tolist(), self.exercise_intensity.tolist()
        return [
            Day(
                self.first + timedelta(days=i),
                complete[i],
                counts[i],
                nights[i],
                self.worst_severity[i],
                potassium[i],
                magnesium[i],
                calcium[i],
                sodium[i],
                fluid[i],
                minutes[i],
                intensity[i],
                alcohol[i],
                caffeine[i],
            )
            for i in range(len(complete))
        ]

    @property
    def complete_days(self) -> list[Day]:
        return [day for day in self.days if day.complete]

    def logged_days(self, since: date) -> int:
        """How many days from ``since`` on have any entry."""
        if self.logged_flags is None:
            return 0
        return int(np.count_nonzero(self.logged_flags[max(0, self.slot(since)) :]))

    def day_columns(self) -> DayColumns:
        """The days as reports.stats.build_report_from_columns reads them: what
        :meth:`Day.as_day_record` gives for each day, one array per value (NaN unknown)."""
        return DayColumns(
            self.first,
            self.cramp_counts > 0,
            self.complete,
            {**self.intake, "exercise": self.exercise_minutes},
        )


def _known_values(column: Floats) -> list[float | None]:
    """The column as Python values, None where unknown (NaN)."""
    return [None if math.isnan(value) else value for value in column.tolist()]


def cramp_day(local_date: date, night_of: date | None) -> date:
    """The day a cramp counts on: its local date, or for a night cramp the day its night
    ends."""
    return night_of + timedelta(days=1) if night_of is not None else local_date


def daily_series(user: User, first: date, last: date) -> Series:
    """Every day from ``first`` to ``last`` (inclusive) for ``user``.

    The previous-day window needs the day before ``first`` too: callers that analyse
    associations pass ``first`` one day early and drop it from what they show.
    """
    if last < first:
        raise ValueError("the period ends before it starts")
    base, count = first.toordinal(), (last - first).days + 1
    complete = np.zeros(count, dtype=bool)
    complete[[day.toordinal() - base for (day,) in _COMPLETE(user.pk, first, last)]] = True
    logged = complete.copy()
    food, drinks, supplements = grouped_rows(user.pk, first, last)
    intake = intake_columns(complete, logged, base, food, drinks, supplements)
    minutes, intensity = exercise_columns(logged, base, _EXERCISE(user.pk, first, last))
    # With the evening of ``last``, in the same query: split off below.
    cramps = _cramp_columns(user, first, last + timedelta(days=1))
    end, evening_cramps = last.toordinal(), NO_CRAMPS
    if cramps.days and max(cramps.days) > end:
        counted = [j for j, day in enumerate(cramps.days) if day <= end]
        evening = [j for j, day in enumerate(cramps.days) if day > end and cramps.at_night[j]]
        cramps, evening_cramps = cramps.take(counted), cramps.take(evening)
    cramp_slots = np.array(cramps.days, dtype=np.intp) - base
    logged[cramp_slots] = True
    return Series(
        first,
        last,
        complete=complete,
        cramp_counts=np.bincount(cramp_slots, minlength=count),
        night_cramps=np.bincount(
            cramp_slots[np.array(cramps.at_night, dtype=bool)], minlength=count
        ),
        exercise_minutes=minutes,
        exercise_intensity=intensity,
        intake={name: intake[name] for name in INTAKE},
        cramp_columns=cramps,
        evening_columns=evening_cramps,
        logged_flags=logged,
    )


def _complete_query(user_id: int, first: date, last: date) -> QuerySet[Any, Any]:
    return DayStatus.objects.filter(
        user_id=user_id, date__range=(first, last), food_log_complete=True
    ).values_list("date")


def _exercise_query(user_id: int, first: date, last: date) -> QuerySet[Any, Any]:
    # The journal's own queryset methods (between) are not typed: the result is.
    queryset: QuerySet[Any, Any] = (
        Exercise.objects.filter(user_id=user_id)
        .between(first, last)
        .values("local_date")
        .annotate(
            minutes=Sum("duration_minutes"),
            hard=Count("pk", filter=Q(intensity=Exercise.Intensity.HARD)),
            moderate=Count("pk", filter=Q(intensity=Exercise.Intensity.MODERATE)),
        )
        .values_list("local_date", "minutes", "hard", "moderate")
        .order_by()
    )
    return queryset


def _cramp_query(
    user_id: int, first: date, last: date, first_night: date, last_night: date
) -> QuerySet[Any, Any]:
    return (
        Cramp.objects.filter(user_id=user_id)
        .filter(
            Q(night_of__isnull=True, local_date__range=(first, last))
            | Q(night_of__range=(first_night, last_night))
        )
        .order_by("occurred_at")
        .values_list(
            "local_date",
            "night_of",
            "severity",
            "duration_seconds",
            "relief",
            "relief_effect",
            "muscle",
            "side",
        )
    )


# Built once, run with each person and range (journal.compiled).
_COMPLETE = CompiledRows(DayStatus, _complete_query)
_EXERCISE = CompiledRows(Exercise, _exercise_query)
_CRAMPS = CompiledRows(Cramp, _cramp_query)


def _decoded_relief(values: set[Any]) -> dict[Any, list[str]]:
    """Relief is stored as JSON text, and the same few lists recur ('["stretching"]'): each
    distinct text is decoded once, by the field."""
    relief_field = Cramp._meta.get_field("relief")
    connection = connections[Cramp.objects.db]
    # No expression: the field decodes a plain column, as when it loads a row.
    return {
        value: relief_field.from_db_value(value, None, connection) or []  # type: ignore[arg-type]
        for value in values
    }


def _cramp_columns(user: User, first: date, last: date) -> CrampColumns:
    """The cramps that count on a day from ``first`` to ``last``, in the order they came: one
    query. A night cramp of the night before ``first`` ends on ``first``: fetched by the day
    it counts on (see :func:`cramp_day`)."""
    rows = _CRAMPS(user.pk, first, last, first - timedelta(days=1), last - timedelta(days=1))
    if not rows:
        return NO_CRAMPS
    # By column with itemgetter: zip(*rows) would make an iterator per row for the garbage
    # collector to walk (reports/slots.py).
    local_dates, nights, severity, duration, relief, effect, muscle, side = (
        list(map(itemgetter(i), rows)) for i in range(8)
    )
    days = [
        night.toordinal() + 1 if night is not None else local_date.toordinal()
        for local_date, night in zip(local_dates, nights, strict=True)
    ]
    return CrampColumns(
        days,
        [night is not None for night in nights],
        severity,
        duration,
        relief,
        effect,
        muscle,
        side,
        decoded=_decoded_relief(set(relief)),
    )
