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

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from django.db import connections
from django.db.models import Count, Q, QuerySet, Sum

from accounts.models import User
from journal.compiled import CompiledRows
from journal.intake import NOTHING_VALUES, DayValues, values_by_day
from journal.models import Cramp, DayStatus, Exercise

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


@dataclass
class Series:
    """The days from ``first`` to ``last`` as columns: slot ``i`` of each list is the day
    ``first`` + ``i`` (:meth:`slot`). A five-year report reads 1,827 days; one list per
    value instead of one :class:`Day` per day is what keeps its Python time near its SQL's
    (issue 25). :attr:`days` gives the same days as :class:`Day` objects, for whoever wants
    one day at a time."""

    first: date
    last: date
    complete: list[bool]
    cramp_counts: list[int]
    night_cramps: list[int]
    worst_severity: list[int | None]
    exercise_minutes: list[float]
    exercise_intensity: list[int]  # 0 none, 1 light, 2 moderate, 3 hard (the day's hardest)
    intake: dict[str, list[float | None]]  # each of INTAKE; None unless the day is complete
    cramps: list[CrampRecord] = field(default_factory=list)
    # The night cramps of the night that begins on ``last``: they count on the day after it,
    # outside the series, yet the person logged them (the report shows them).
    evening: list[CrampRecord] = field(default_factory=list)
    logged: set[date] = field(default_factory=set)  # days with any entry at all

    def slot(self, day: date) -> int:
        """The index of ``day`` in the columns."""
        return day.toordinal() - self.first.toordinal()

    @cached_property
    def days(self) -> list[Day]:
        potassium, magnesium, calcium, sodium, fluid, alcohol, caffeine = (
            self.intake[name] for name in INTAKE
        )
        return [
            Day(
                self.first + timedelta(days=i),
                self.complete[i],
                self.cramp_counts[i],
                self.night_cramps[i],
                self.worst_severity[i],
                potassium[i],
                magnesium[i],
                calcium[i],
                sodium[i],
                fluid[i],
                self.exercise_minutes[i],
                self.exercise_intensity[i],
                alcohol[i],
                caffeine[i],
            )
            for i in range(len(self.complete))
        ]

    @property
    def complete_days(self) -> list[Day]:
        return [day for day in self.days if day.complete]

    def logged_days(self, since: date) -> int:
        return sum(1 for day in self.logged if day >= since)

    def day_columns(self) -> DayColumns:
        """The days as reports.stats.build_report_from_columns reads them: what
        :meth:`Day.as_day_record` gives for each day, one list per value."""
        return DayColumns(
            self.first,
            [count > 0 for count in self.cramp_counts],
            self.complete,
            {**self.intake, "exercise": self.exercise_minutes},
        )


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
    complete = _complete_dates(user, first, last)
    # Intake by day (journal.intake), counted below on complete days only.
    intake, intake_logged = values_by_day(user, first, last, only=complete)
    exercise = _exercise_by_day(user, first, last)
    # With the evening of ``last``, in the same query: split off below.
    cramps = _cramp_records(user, first, last + timedelta(days=1))
    evening = [cramp for cramp in cramps if cramp.day > last and cramp.at_night]
    cramps = [cramp for cramp in cramps if cramp.day <= last]

    count = (last - first).days + 1
    series = Series(
        first,
        last,
        complete=[False] * count,
        cramp_counts=[0] * count,
        night_cramps=[0] * count,
        worst_severity=[None] * count,
        exercise_minutes=[0.0] * count,
        exercise_intensity=[0] * count,
        intake={name: [None] * count for name in INTAKE},
        cramps=cramps,
        evening=evening,
        logged=(intake_logged | set(exercise) | complete) | {cramp.day for cramp in cramps},
    )
    _fill_intake(series, complete, intake)
    # Slots by day number (Series.slot, without a call for each of thousands of entries).
    base = first.toordinal()
    minutes_column, intensity_column = series.exercise_minutes, series.exercise_intensity
    for day, (minutes, hard, moderate) in exercise.items():
        i = day.toordinal() - base
        minutes_column[i] = float(minutes or 0)
        intensity_column[i] = 3 if hard else 2 if moderate else 1
    counts, nights, worst = series.cramp_counts, series.night_cramps, series.worst_severity
    for cramp in cramps:
        i = cramp.day.toordinal() - base
        counts[i] += 1
        nights[i] += cramp.at_night
        if cramp.severity is not None:
            worst[i] = max(worst[i] or 0, cramp.severity)
    return series


def _fill_intake(series: Series, complete: set[date], intake: dict[date, DayValues]) -> None:
    """Marks the complete days and puts their intake in the columns. A complete day with
    nothing logged has zero intake, known; drinks are counted as floats, as the statistics
    read them."""
    potassium, magnesium, calcium, sodium, fluid, alcohol, caffeine = (
        series.intake[name] for name in INTAKE
    )
    base, marked = series.first.toordinal(), series.complete
    for day in complete:
        i = day.toordinal() - base
        marked[i] = True
        values = intake.get(day, NOTHING_VALUES)
        potassium[i], magnesium[i], calcium[i], sodium[i], fluid[i] = values[:5]
        alcohol[i], caffeine[i] = float(values[5]), float(values[6])


def _complete_dates(user: User, first: date, last: date) -> set[date]:
    """The days marked complete: one query."""
    return {day for (day,) in _COMPLETE(user.pk, first, last)}


def _exercise_by_day(
    user: User, first: date, last: date
) -> dict[date, tuple[float | None, int, int]]:
    """Each day's exercise: (minutes, hard sessions, moderate sessions); one query."""
    return {
        day: (minutes, hard, moderate)
        for day, minutes, hard, moderate in _EXERCISE(user.pk, first, last)
    }


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


def _relief_lists() -> Callable[[str | None], list[str]]:
    """Relief is stored as JSON text, and the same few lists recur ('["stretching"]'): each
    distinct text is decoded once, by the field, and each cramp gets its own copy."""
    relief_field = Cramp._meta.get_field("relief")
    connection = connections[Cramp.objects.db]
    decoded: dict[str | None, list[str]] = {}

    def relief_list(text: str | None) -> list[str]:
        if text not in decoded:
            # No expression: the field decodes a plain column, as when it loads a row.
            decoded[text] = relief_field.from_db_value(text, None, connection) or []  # type: ignore[arg-type]
        return list(decoded[text])

    return relief_list


def _cramp_records(user: User, first: date, last: date) -> list[CrampRecord]:
    """The cramps that count on a day from ``first`` to ``last``, in the order they came: one
    query. A night cramp of the night before ``first`` ends on ``first``: fetched by the day
    it counts on."""
    relief_list = _relief_lists()
    return [
        CrampRecord(
            cramp_day(local_date, night_of),
            night_of is not None,
            severity,
            duration_seconds,
            relief_list(relief),
            relief_effect,
            muscle,
            side,
        )
        for (
            local_date,
            night_of,
            severity,
            duration_seconds,
            relief,
            relief_effect,
            muscle,
            side,
        ) in _CRAMPS(user.pk, first, last, first - timedelta(days=1), last - timedelta(days=1))
    ]
