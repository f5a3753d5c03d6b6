"""The period a report covers, and its weeks or months: which days a report reads, and how
it groups them for charts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from accounts.models import User
from journal.compiled import CompiledRows, rows_of_each
from journal.models import (
    Cramp,
    DayStatus,
    Drink,
    Entry,
    Exercise,
    Meal,
    NightAnswer,
    Supplement,
)

from . import stats

__all__ = [
    "DEFAULT_PERIOD",
    "ONE_DAY",
    "PERIODS",
    "WEEKLY_UP_TO_DAYS",
    "Period",
    "Proportion",
    "bucket_start",
    "bucket_starts",
    "first_entry_day",
    "period_for",
]

PERIODS = {
    "30": ("Last 30 days", 30),
    "90": ("Last 90 days", 90),
    "year": ("Last 12 months", 365),
    "all": ("All time", None),
}
# A year by default: associations need months of days, and a year holds a season's changes.
DEFAULT_PERIOD = "year"
# Longer periods are charted by month, so five years stay readable on a phone.
WEEKLY_UP_TO_DAYS = 366
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    first: date
    last: date
    # The period would start before the journal does, so it starts at the first entry:
    # days before it were not logged, and counting them would dilute every rate.
    starts_at_first_entry: bool = False

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def bucket_kind(self) -> str:
        """Charted by "week", or by "month" past WEEKLY_UP_TO_DAYS days."""
        return "week" if self.days <= WEEKLY_UP_TO_DAYS else "month"


@dataclass(frozen=True)
class Proportion:
    """``count`` of ``n`` with its Wilson 95% interval."""

    count: int
    n: int

    @property
    def share(self) -> float | None:
        return self.count / self.n if self.n else None

    @property
    def interval(self) -> tuple[float, float]:
        return stats.wilson_interval(self.count, self.n)


def first_entry_day(user: User) -> date | None:
    """The earliest local day with anything in the journal: one indexed query per kind."""
    # One query per kind, sent together (journal.compiled.rows_of_each).
    queries = (*_FIRST_DAYS, _FIRST_NIGHT)
    *firsts, first_night = rows_of_each([(query, (user.pk,)) for query in queries])
    days = [day for rows in firsts for (day,) in rows]
    # A "no cramps" answer counts on the morning its night ended.
    days += [night + ONE_DAY for (night,) in first_night]
    return min(days) if days else None


def _earliest(model: type[Entry]) -> CompiledRows:
    return CompiledRows(
        model,
        lambda user_id: (
            model.objects.filter(user_id=user_id)
            .order_by("local_date")
            .values_list("local_date")[:1]
        ),
    )


# Built once, run with each person (journal.compiled): the earliest day of each kind.
_FIRST_DAYS = [
    *(_earliest(model) for model in (Cramp, Meal, Drink, Exercise, Supplement)),
    CompiledRows(
        DayStatus,
        lambda user_id: (
            DayStatus.objects.filter(user_id=user_id).order_by("date").values_list("date")[:1]
        ),
    ),
]
_FIRST_NIGHT = CompiledRows(
    NightAnswer,
    lambda user_id: (
        NightAnswer.objects.filter(user_id=user_id).order_by("night").values_list("night")[:1]
    ),
)


def period_for(user: User, key: str, today: date, days: int | None = None) -> Period:
    """The period ``key`` (one of PERIODS), or the last ``days`` days, ending ``today``.

    It never starts before the first entry in the journal (nor after today).
    """
    length: int | None
    if days is not None:
        if days < 1:
            raise ValueError("a period has at least one day")
        key, label, length = f"{days}d", f"Last {days} days", days
    elif key in PERIODS:
        label, length = PERIODS[key]
    else:
        raise ValueError(f"unknown period {key!r}")
    journal_start = min(first_entry_day(user) or today, today)
    if length is None:
        return Period(key, label, journal_start, today)
    first = today - timedelta(days=length - 1)
    if first < journal_start:
        return Period(key, label, journal_start, today, starts_at_first_entry=True)
    return Period(key, label, first, today)


def bucket_start(day: date, kind: str) -> date:
    """The first day of the week (Monday) or month that ``day`` is in."""
    if kind == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def bucket_starts(period: Period, kind: str) -> list[date]:
    """The first day of every week or month the period touches, in order."""
    starts: list[date] = []
    current = bucket_start(period.first, kind)
    while current <= period.last:
        starts.append(current)
        if kind == "week":
            current += timedelta(days=7)
        else:
            current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
    return starts
