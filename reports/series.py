"""One user's journal as a daily series: what the reports count, one row per local day.

Seven grouped queries whatever the period holds (cramps, meal items, drinks, supplements,
exercise, day statuses, and none for the profile, which the request already has), so a report
over five years costs the same number of round trips as one over a week.

Dating, in one place:

- Every entry counts on its owner's local calendar day (``local_date``).
- A night cramp counts on the day its night *ends*: a cramp at 23:30 on the 14th and one at
  03:00 on the 15th are the same night, the night of the 14th, and both count on the 15th.
  The "previous day" of that night is then the 14th, the day and evening before it, which is
  what GUIDE.md section 6 and issue 5 ask the previous-day window to mean for night cramps.
  The "same day" of a night cramp is the day after its night, whose intake mostly comes after
  the cramp: for night cramps that window is close to a negative control, which is honest.
- Intake (minerals, fluid, alcohol, caffeine) is only known on days the person marked
  complete; on other days it is ``None`` (unknown), never zero. Exercise has its own log and
  is read on every day; cramps too.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, Sum

from foods.nutrients import MINERALS
from journal.models import Cramp, DayStatus, Drink, Exercise, MealItem, Supplement

MINERAL_SUMS = {name: Sum(f"{name}_mg") for name in MINERALS}


@dataclass
class CrampRecord:
    """The parts of one cramp the report uses."""

    day: date  # the day it counts on (see the module docstring)
    at_night: bool
    severity: int | None
    duration_seconds: int | None
    relief: list[str]
    relief_effect: str


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

    def as_record(self) -> dict:
        """The day as reports.stats.build_report reads it."""
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


@dataclass
class Series:
    first: date
    last: date
    days: list[Day]
    cramps: list[CrampRecord] = field(default_factory=list)
    logged: set[date] = field(default_factory=set)  # days with any entry at all

    @property
    def complete_days(self) -> list[Day]:
        return [day for day in self.days if day.complete]

    def logged_days(self, since: date) -> int:
        return sum(1 for day in self.logged if day >= since)


def cramp_day(local_date: date, night_of: date | None) -> date:
    """The day a cramp counts on: its local date, or for a night cramp the day its night
    ends."""
    return night_of + timedelta(days=1) if night_of is not None else local_date


def daily_series(user, first: date, last: date) -> Series:
    """Every day from ``first`` to ``last`` (inclusive) for ``user``.

    The previous-day window needs the day before ``first`` too: callers that analyse
    associations pass ``first`` one day early and drop it from what they show.
    """
    if last < first:
        raise ValueError("the period ends before it starts")
    complete = set(
        DayStatus.objects.filter(
            user=user, date__range=(first, last), food_log_complete=True
        ).values_list("date", flat=True)
    )
    intake: dict[date, dict[str, float]] = defaultdict(lambda: defaultdict(float))

    # Meal items, by their meal's day.
    for row in (
        MealItem.objects.filter(meal__user=user, meal__local_date__range=(first, last))
        .values("meal__local_date")
        .annotate(**MINERAL_SUMS)
        .order_by()
    ):
        sums = intake[row["meal__local_date"]]
        for name in MINERALS:
            sums[name] += row[name] or 0.0

    # Drinks: volume, the minerals of drinks with a catalog food, alcohol and caffeine.
    for row in (
        Drink.objects.for_user(user)
        .between(first, last)
        .values("local_date")
        .annotate(
            fluid=Sum("volume_ml"),
            alcohol=Count("pk", filter=Q(alcoholic=True)),
            caffeine=Count("pk", filter=Q(caffeinated=True)),
            **MINERAL_SUMS,
        )
        .order_by()
    ):
        sums = intake[row["local_date"]]
        for name in (*MINERALS, "fluid", "alcohol", "caffeine"):
            sums[name] += row[name] or 0.0

    # Mineral supplements add their elemental amount to that mineral.
    for row in (
        Supplement.objects.for_user(user)
        .between(first, last)
        .exclude(mineral="")
        .values("local_date", "mineral")
        .annotate(total=Sum("mineral_mg"))
        .order_by()
    ):
        intake[row["local_date"]][row["mineral"]] += row["total"] or 0.0

    exercise = {
        row["local_date"]: row
        for row in Exercise.objects.for_user(user)
        .between(first, last)
        .values("local_date")
        .annotate(
            minutes=Sum("duration_minutes"),
            hard=Count("pk", filter=Q(intensity=Exercise.Intensity.HARD)),
            moderate=Count("pk", filter=Q(intensity=Exercise.Intensity.MODERATE)),
        )
        .order_by()
    }

    # A night cramp of the night before ``first`` ends on ``first``: fetch by counted day.
    cramps = [
        CrampRecord(
            day=cramp_day(row["local_date"], row["night_of"]),
            at_night=row["night_of"] is not None,
            severity=row["severity"],
            duration_seconds=row["duration_seconds"],
            relief=row["relief"] or [],
            relief_effect=row["relief_effect"],
        )
        for row in Cramp.objects.for_user(user)
        .filter(
            Q(night_of__isnull=True, local_date__range=(first, last))
            | Q(night_of__range=(first - timedelta(days=1), last - timedelta(days=1)))
        )
        .order_by("occurred_at")
        .values("local_date", "night_of", "severity", "duration_seconds", "relief", "relief_effect")
    ]

    logged = set(intake) | set(exercise) | {cramp.day for cramp in cramps} | complete
    days = []
    by_date: dict[date, Day] = {}
    current = first
    while current <= last:
        day = Day(date=current, complete=current in complete)
        if day.complete:
            sums = intake.get(current, {})
            for name in (*MINERALS, "fluid", "alcohol", "caffeine"):
                setattr(day, name, float(sums.get(name, 0.0)))
        session = exercise.get(current)
        if session:
            day.exercise_minutes = float(session["minutes"] or 0)
            day.exercise_intensity = 3 if session["hard"] else 2 if session["moderate"] else 1
        days.append(day)
        by_date[current] = day
        current += timedelta(days=1)

    for cramp in cramps:
        day = by_date[cramp.day]
        day.cramps += 1
        day.night_cramps += cramp.at_night
        if cramp.severity is not None:
            day.worst_severity = max(day.worst_severity or 0, cramp.severity)
    return Series(first=first, last=last, days=days, cramps=cramps, logged=logged)
