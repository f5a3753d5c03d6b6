"""Which local day and which night an entry belongs to. Plain Python, no Django.

Every entry belongs to its person's local calendar day, in their own time zone: a meal at
23:30 in Auckland is on that Auckland date, whatever the server's clock says. Cramps also
belong to a night: one at 02:30 belongs to the night that began the evening before, which is
what reports compare with that evening's meals and drinks.

A time a person types is a wall-clock time; ``moment_from_wall_clock`` says which instant it
stands for, also in the hour a clock change repeats or skips.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

# The journal's first year: no day, entry or import before it (a typed 1926 is a typo).
EARLIEST_YEAR = 2000

# A night runs from EVENING_STARTS on one date to NIGHT_ENDS on the next.
EVENING_STARTS = time(18, 0)
NIGHT_ENDS = time(6, 0)


def local_datetime(moment: datetime, zone: ZoneInfo) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("An aware datetime is needed: naive times have no time zone.")
    return moment.astimezone(zone)


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    """The person's calendar date at ``moment``."""
    return local_datetime(moment, zone).date()


def night_of(moment: datetime, zone: ZoneInfo) -> date | None:
    """The date of the evening whose night contains ``moment``; None in the daytime.

    02:30 on 15 March belongs to the night of 14 March; 23:00 on 14 March too; 14:00 to none.
    """
    local = local_datetime(moment, zone)
    if local.time() < NIGHT_ENDS:
        return local.date() - timedelta(days=1)
    if local.time() >= EVENING_STARTS:
        return local.date()
    return None


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The instants, in UTC, where a local day starts and the next one starts: 23 or 25
    hours apart on the days clocks change. (In UTC because Python subtracts two times of one
    zone by their wall clocks, which would hide that.)"""
    start = datetime.combine(day, time(0, 0), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


@dataclass(frozen=True)
class WallClockTime:
    """A wall-clock time as typed (naive), and the instant it is stored as (aware, in the
    zone). ``change`` says when a clock change made the rule apply; ``clocks_changed_at``
    is then the wall-clock time the clocks showed when they were changed."""

    typed: datetime
    moment: datetime
    change: Literal["repeated", "skipped"] | None = None
    clocks_changed_at: datetime | None = None

    @property
    def explanation(self) -> str | None:
        """What was stored, in plain words, when the rule applied; None otherwise."""
        return self.explain("stored as")

    @property
    def explanation_before_saving(self) -> str | None:
        """The same for a form not saved yet."""
        return self.explain("will be stored as")

    def explain(self, stored_as: str) -> str | None:
        if self.change is None or self.clocks_changed_at is None:
            return None
        changed_at = f"{self.clocks_changed_at:%H:%M}"
        if self.change == "skipped":
            return f"Clocks went forward at {changed_at}: {stored_as} {self.moment:%H:%M}."
        typed = f"{self.typed:%H:%M}"
        return (
            f"Clocks went back at {changed_at}, so {typed} came twice: "
            f"{stored_as} the first {typed} ({self.moment.tzname()})."
        )


def moment_from_wall_clock(typed: datetime, zone: ZoneInfo) -> WallClockTime:
    """The instant a wall-clock time in ``zone`` stands for, by one stated rule for the
    hours a clock change repeats or skips:

    - **A repeated time takes its first occurrence.** When clocks go back, an hour happens
      twice: in New York on the first Sunday of November, 01:30 comes at 05:30 UTC (EDT)
      and again at 06:30 UTC (EST); it is stored as 05:30 UTC, the first.
    - **A skipped time moves forward by the gap.** When clocks go forward, an hour never
      happens: in London on the last Sunday of March the clocks jump from 01:00 to 02:00,
      so 01:30 is read on the clock as it was before the change (GMT) and stored as
      01:30 UTC, which the clocks showed as 02:30 BST.

    Both are what Python's ``fold=0`` means (PEP 495): the offset in force before the
    change. Every other time has one instant and is stored as that.
    """
    if typed.tzinfo is not None:
        raise ValueError("A wall-clock time is naive: it is read in the zone given.")
    first = typed.replace(tzinfo=zone, fold=0)
    before, after = first.utcoffset(), typed.replace(tzinfo=zone, fold=1).utcoffset()
    if before is None or after is None or before == after:
        return WallClockTime(typed, first)
    stored = first.astimezone(UTC).astimezone(zone)
    change: Literal["repeated", "skipped"] = (
        "repeated" if stored.replace(tzinfo=None) == typed else "skipped"
    )
    changed_utc = _clock_change_near(first.astimezone(UTC), zone, after, abs(after - before))
    return WallClockTime(
        typed,
        stored,
        change,
        clocks_changed_at=(changed_utc + before).replace(tzinfo=None),
    )


def _clock_change_near(
    moment: datetime, zone: ZoneInfo, after: timedelta, size: timedelta
) -> datetime:
    """The instant (UTC) of the clock change within ``size`` of ``moment``: the first
    second at which the zone's offset is ``after``, found by halving the interval."""
    low = int((moment - size).timestamp())  # still the offset before
    high = int((moment + size).timestamp())  # already the offset after
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, zone).utcoffset() == after:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)
